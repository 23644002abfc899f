"""Demo care collections (load_demo_content): two named sets of the demo articles."""

from __future__ import annotations

COLLECTIONS = [
    {
        "name": "Trouble sleeping",
        "slugs": ["waking-between-2-and-4-am", "dream-recall-and-vitamin-b6"],
        "default_note": "Keep the same bedtime and wake time for two weeks, weekends too.\n"
        "Write down when you wake at night; bring the notes to your next visit.",
    },
    {
        "name": "Cramps and sore muscles",
        "slugs": ["leg-cramps", "muscle-soreness-after-exercise"],
        "default_note": "Stretch your calves for 30 seconds before bed.\n"
        "Drink a glass of water with each meal.",
    },
]


def load() -> list:
    """Create the demo collections that do not exist yet (by name); never changes staff edits."""
    from articles.models import ArticlePage

    from .models import CareCollection, CareCollectionArticle

    made = []
    for data in COLLECTIONS:
        if CareCollection.objects.filter(name=data["name"]).exists():
            continue
        pages = {page.slug: page for page in ArticlePage.objects.filter(slug__in=data["slugs"])}
        if not all(slug in pages for slug in data["slugs"]):
            continue
        collection = CareCollection.objects.create(
            name=data["name"], default_note=data["default_note"]
        )
        for order, slug in enumerate(data["slugs"]):
            CareCollectionArticle.objects.create(
                collection=collection, article=pages[slug], sort_order=order
            )
        made.append(collection)
    return made
