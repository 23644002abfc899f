"""One factories module for the tests (wagtail-factories and factory_boy): articles (published or
draft, with topics and references), a handout's worth of article, practitioners, images, view
restrictions, the StreamField content they are made of, and Spanish translations of pages.

    ArticlePageFactory(parent=articles_index, title="Kelp and iodine", topics=["kelpology"])
    HandoutArticleFactory(parent=articles_index, slug="with-image", body=long_body(ImageFactory()))
"""

from __future__ import annotations

import datetime
import io
import uuid

import factory
import wagtail_factories
from django.core.files.images import ImageFile
from factory.django import DjangoModelFactory
from wagtail.models import Site

from clinic.i18n.translation import spanish_locale, translate_page

# A demo article with a Spanish translation (the demo translates two of four).
ENGLISH_SLUG = "muscle-soreness-after-exercise"
SPANISH_SLUG = "dolor-muscular-despues-del-ejercicio"


# --- StreamField content ----------------------------------------------------------------------


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def heading(text, level="h2"):
    return block("heading", {"text": text, "level": level})


def paragraph(html):
    return block("paragraph", html)


def simple_body(word="ordinary"):
    return [
        heading("First section"),
        paragraph(f"<p>A short paragraph with the word {word} in it.</p>"),
        heading("Second section"),
        paragraph("<p>More text here for the reader.</p>"),
        heading("Third section"),
        paragraph("<p>The last part of the article.</p>"),
    ]


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


# --- Models -----------------------------------------------------------------------------------


def _root_collection():
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    if root is None:  # emptied by an earlier transactional test
        root = Collection.add_root(name="Root")
    return root


def chart_png(color=(29, 92, 87)) -> bytes:
    """A 1200×700 PNG with stripes of `color`: a picture that survives resizing."""
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    picture = PILImage.new("RGB", (1200, 700), (243, 239, 228))
    for x in range(100, 1100, 200):
        for y in range(100, 600):
            picture.putpixel((x + (y % 40), y), color)
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories' own makes a new root each time)."""

    class Params:
        color = (29, 92, 87)

    title = "Evening routine chart"
    collection = factory.LazyFunction(_root_collection)
    file = factory.LazyAttribute(
        lambda o: ImageFile(io.BytesIO(chart_png(o.color)), name="chart.png")
    )


class PractitionerFactory(DjangoModelFactory):
    class Meta:
        model = "articles.Practitioner"
        django_get_or_create = ("name",)

    name = "Jane Tester"
    credentials = "FNP-C"


class ArticlePageFactory(wagtail_factories.PageFactory):
    """An ArticlePage under `parent`, saved as a revision and (unless publish=False) published.
    `body`: StreamField blocks in raw form (dicts) or as (type, value) pairs; `topics`: tag names;
    `references`: dicts of ArticleReference fields."""

    class Meta:
        model = "articles.ArticlePage"

    publish = True
    topics = ()
    references = ()
    title = factory.Sequence(lambda n: f"Test article {n}")
    summary = factory.LazyAttribute(lambda o: f"What to know about {o.title.lower()}.")
    last_updated = datetime.date(2026, 1, 1)
    body = factory.LazyFunction(simple_body)

    @classmethod
    def _create(cls, model_class, *args, publish=True, topics=(), references=(), **kwargs):
        from articles.models import ArticleReference

        parent = kwargs.pop("parent")
        page = model_class(live=publish, **kwargs)
        if topics:
            page.topics.add(*topics)
        for order, reference in enumerate(references):
            page.references.add(ArticleReference(sort_order=order, **reference))
        parent.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page


class HandoutArticleFactory(ArticlePageFactory):
    """An article with a handout's worth of content: reviewer, dates, a long body, references."""

    topics = ("sleep", "habits")
    references = REFERENCES
    title = "Sleep well: a practical guide"
    slug = "sleep-well-guide"
    body = factory.LazyFunction(long_body)
    summary = (
        "Sleep seven to nine hours a night. Keep a steady bedtime. Call us if you snore loudly."
    )
    introduction = (
        "<p>Sleep is when your body repairs itself. This handout explains what helps.</p>"
    )
    last_updated = datetime.date(2025, 3, 4)
    last_reviewed = datetime.date(2025, 2, 20)
    reviewed_by = factory.SubFactory(PractitionerFactory)


class PasswordRestrictionFactory(DjangoModelFactory):
    """A password on a page (and everything under it)."""

    class Meta:
        model = "wagtailcore.PageViewRestriction"

    restriction_type = "password"
    password = "secret-pw"


# --- Spanish translations ---------------------------------------------------------------------


def spanish_strings(page, overrides=None):
    """{English segment: Spanish stand-in} for every segment of `page` (the slug is kept)."""
    from wagtail_localize.models import StringSegment, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page.specific)
    strings = {}
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        strings[text] = text if segment.context.path == "slug" else f"[es] {text}"
    strings.update(overrides or {})
    return strings


def translate(page, overrides=None, *, publish=True):
    """Publish `page`'s Spanish translation (its parent must have one)."""
    translated, _missing = translate_page(
        page, spanish_locale(), spanish_strings(page, overrides), publish=publish
    )
    Site.clear_site_root_paths_cache()
    return translated


def spanish_tree(home, articles_index):
    """Spanish home and articles index, published."""
    return translate(home), translate(articles_index)
