"""Spanish translations of the demo locations pages (written for this project):
{English segment: Spanish text}, the segments wagtail-localize extracts from the page."""

LOCATIONS_INDEX = {
    "Locations": "Clínicas",
    "locations": "clinicas",
    "We see patients at two clinics in Central Texas.": (
        "Atendemos a pacientes en dos clínicas del centro de Texas."
    ),
}

# Addresses stay as the post office writes them; only the suite word is translated.

WACO = {
    "Waco": "Waco",
    "waco": "waco",
    "7524 Bosque Boulevard": "7524 Bosque Boulevard",
    "Suite D": "Suite D",  # the postal address, as on the door and in maps
    "Texas": "Texas",
    "76708": "76708",
    "(254) 386-8149": "(254) 386-8149",
}

HAMILTON = {
    "Hamilton": "Hamilton",
    "hamilton": "hamilton",
    "113 E Leslie Street": "113 E Leslie Street",
    "Texas": "Texas",
    "76531": "76531",
    "(254) 386-8149": "(254) 386-8149",
}
