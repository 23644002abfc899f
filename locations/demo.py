"""Demo locations: the clinic's two real addresses (hours left empty: we do not know them)."""

from clinic.demo import ensure_child

from .models import LocationPage

LOCATIONS = [
    {
        "slug": "waco",
        "title": "Waco",
        "street": "7524 Bosque Boulevard",
        "suite": "Suite D",
        "city": "Waco",
        "state": "Texas",
        "postal_code": "76708",
        "phone": "(254) 386-8149",
    },
    {
        "slug": "hamilton",
        "title": "Hamilton",
        "street": "113 E Leslie Street",
        "suite": "",
        "city": "Hamilton",
        "state": "Texas",
        "postal_code": "76531",
        "phone": "(254) 386-8149",
    },
]


def load(index_page):
    pages = []
    for data in LOCATIONS:
        data = dict(data)
        slug = data.pop("slug")
        pages.append(ensure_child(index_page, LocationPage, slug, **data))
    return pages
