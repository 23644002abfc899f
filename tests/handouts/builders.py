"""Test articles for handout tests, built independently of the demo content."""

from __future__ import annotations

import datetime
import io

from django.core.files.images import ImageFile

# A demo article with a Spanish translation (the demo translates two of four).
ENGLISH_SLUG = "muscle-soreness-after-exercise"
SPANISH_SLUG = "dolor-muscular-despues-del-ejercicio"

SECTIONS = [
    ("Why sleep matters", "h2"),
    ("What happens while you sleep", "h3"),
    ("Common reasons for poor sleep", "h2"),
    ("Seven habits that help", "h2"),
    ("When to talk to your provider", "h2"),
]

PARAGRAPH = (
    "<p>Most adults need seven to nine hours of sleep each night. Good sleep helps your body repair "
    "itself, keeps your mood steady and helps you think clearly. When sleep is short night after night, "
    "blood sugar, blood pressure and appetite can all change. Small, steady changes to your evening "
    "routine often help more than any single pill.</p>"
)


def make_image(title="Evening routine chart", color=(29, 92, 87)):
    from PIL import Image as PILImage
    from wagtail.images.models import Image
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:  # emptied by an earlier transactional test
        Collection.add_root(name="Root")

    buffer = io.BytesIO()
    picture = PILImage.new("RGB", (1200, 700), (243, 239, 228))
    for x in range(100, 1100, 200):
        for y in range(100, 600):
            picture.putpixel((x + (y % 40), y), color)
    picture.save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="chart.png")
    )


def long_body(image=None, paragraphs_per_section=3):
    body = []
    for text, level in SECTIONS:
        body.append(("heading", {"text": text, "level": level}))
        for _ in range(paragraphs_per_section):
            body.append(("paragraph", PARAGRAPH))
        if text == "Seven habits that help":
            body.append(
                (
                    "numbered_list",
                    {
                        "items": [
                            {
                                "title": f"Habit {n}",
                                "text": "<p>Keep the same bedtime, even on weekends.</p>",
                            }
                            for n in range(1, 8)
                        ]
                    },
                )
            )
            body.append(
                (
                    "callout",
                    {
                        "kind": "tip",
                        "title": "",
                        "text": "<p>Dim the lights an hour before bed.</p>",
                    },
                )
            )
            if image is not None:
                body.append(
                    (
                        "image",
                        {
                            "image": image,
                            "alt_text": "A chart of an evening routine",
                            "caption": "An evening routine, hour by hour.",
                        },
                    )
                )
        if text == "When to talk to your provider":
            body.append(
                (
                    "callout",
                    {
                        "kind": "provider",
                        "title": "",
                        "text": "<p>Call us if you snore loudly or stop breathing in your sleep.</p>",
                    },
                )
            )
            body.append(
                (
                    "bulleted_list",
                    {
                        "items": [
                            {"title": "", "text": "<p>Daytime sleepiness</p>"},
                            {"title": "", "text": "<p>Morning headaches</p>"},
                        ]
                    },
                )
            )
            body.append(
                (
                    "quote",
                    {
                        "text": "Small, steady changes are the ones that last.",
                        "attribution": "Clark Wellness",
                    },
                )
            )
    return body


REFERENCES = [
    {
        "authors": "Watson, N. F., & Badr, M. S.",
        "year": "2015",
        "title": "Recommended amount of sleep for a healthy adult",
        "source": "Sleep",
        "volume": "38",
        "issue": "6",
        "pages": "843–844",
        "doi": "10.5665/sleep.4716",
    },
    {
        "authors": "Irish, L. A., & Kline, C. E.",
        "year": "2015",
        "title": "The role of sleep hygiene in promoting public health",
        "source": "Sleep Medicine Reviews",
        "volume": "22",
        "pages": "23–36",
        "doi": "10.1016/j.smrv.2014.10.001",
    },
    {
        "authors": "",
        "year": "",
        "title": "",
        "raw": "Okafor, T. (2019). Sleep in older adults. Clinic Press.",
    },
]


def create_article(
    parent,
    *,
    title="Sleep well: a practical guide",
    slug="sleep-well-guide",
    body=None,
    publish=True,
    references=REFERENCES,
    summary=None,
    topics=("sleep", "habits"),
):
    """The articles tests' builder with a handout's worth of content: reviewer, dates, a long body."""
    from articles.models import Practitioner

    from ..articles.helpers import make_article

    reviewer, _ = Practitioner.objects.get_or_create(
        name="Jane Tester", defaults={"credentials": "FNP-C"}
    )
    return make_article(
        parent,
        title,
        slug=slug,
        body=body if body is not None else long_body(),
        publish=publish,
        references=references,
        topics=topics,
        summary=summary
        or "Sleep seven to nine hours a night. Keep a steady bedtime. Call us if you snore loudly.",
        introduction="<p>Sleep is when your body repairs itself. This handout explains what helps.</p>",
        last_updated=datetime.date(2025, 3, 4),
        last_reviewed=datetime.date(2025, 2, 20),
        reviewed_by=reviewer,
    )
