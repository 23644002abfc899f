"""Demo content for the health library: practitioners, four articles written for this project, and the
"Medical review" workflow. `load(index_page)` is idempotent: it creates what is missing and never edits
what exists, so a second run changes nothing.

The references are real publications (authors, year, title, journal, volume, issue, pages, DOI checked
against the published record). Do not add a citation here unless you have checked it."""

from __future__ import annotations

import datetime
import json

from django.db import transaction
from django.utils import timezone

from articles.demo.content import (
    ARTICLES,
)
from articles.models import ArticlePage, ArticleReference, Practitioner
from articles.review.records import record_approval

PRACTITIONERS = [
    {
        "name": "Dana Whitfield",
        "credentials": "FNP-C",
        "bio": "Dana is a board-certified family nurse practitioner. She sees patients in Waco and Hamilton "
        "and has a special interest in sleep, muscle health and nutrition.",
    },
    {
        "name": "Marisol Ortega",
        "credentials": "RDN, LD",
        "bio": "Marisol is a registered dietitian. She helps patients turn lab results and health goals "
        "into meals they enjoy.",
    },
]


# One article keeps a draft with deliberate plain-language findings, so that a new user opening it
# sees the editor's Plain language panel at work: a very hard sentence, formal and medical words
# with plainer ones, a passive, a percentage, a range and an abbreviation never spelled out.
PLAIN_LANGUAGE_DEMO_SLUG = "waking-between-2-and-4-am"
PLAIN_LANGUAGE_DEMO_BLOCK_ID = "0d3c9a52-7e5b-4f1e-9c2a-22a1a1a1a022"
PLAIN_LANGUAGE_DEMO_PARAGRAPH = (
    "<p>Nocturnal awakenings are experienced by approximately 35% of individuals, and it is "
    "essential to utilize consistent sleep hygiene in order to facilitate the return to sleep "
    "without pharmacological assistance. Most adults need 7-9 hours. Ask about CBT-I.</p>"
)


# --- loaders ---------------------------------------------------------------------------------------


def ensure_practitioners() -> list[Practitioner]:
    result = []
    for data in PRACTITIONERS:
        practitioner, _ = Practitioner.objects.get_or_create(
            name=data["name"], defaults={"credentials": data["credentials"], "bio": data["bio"]}
        )
        result.append(practitioner)
    return result


def ensure_article(
    index_page, data: dict, author: Practitioner, reviewer: Practitioner
) -> ArticlePage:
    existing = ArticlePage.objects.child_of(index_page).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    published = timezone.make_aware(datetime.datetime.combine(data["published"], datetime.time(9)))
    page = ArticlePage(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        introduction=data["introduction"],
        body=json.dumps(data["body"]),
        last_updated=data["last_updated"],
        author=author,
        first_published_at=published,
    )
    page.topics.add(*data["topics"])
    for order, reference in enumerate(data["references"]):
        page.references.add(ArticleReference(sort_order=order, **reference))
    index_page.add_child(instance=page)
    revision = page.save_revision()
    record_approval(revision, reviewer, comment="Demo content: approved.", on=data["last_reviewed"])
    revision.publish()
    page.refresh_from_db()
    return page


def ensure_medical_review_workflow():
    """The groups, their permissions and the Medical review workflow on every language's article
    index (the same function as the data migration's)."""
    from django.apps import apps

    from articles.review.setup import ensure_review_setup

    ensure_review_setup(apps)


def approve_for_demo(revision, on=None):
    """Record the demo practitioner's approval of `revision` (an article's): the history shows it
    and the page its review line. Anything else is left alone."""
    if not getattr(revision.content_object.specific_class, "medical_review_gate", False):
        return
    reviewer = Practitioner.objects.get(name=PRACTITIONERS[0]["name"])
    record_approval(revision, reviewer, comment="Demo content: approved.", on=on)


@transaction.atomic
def load(index_page):
    practitioners = {p.name: p for p in ensure_practitioners()}
    reviewer = practitioners[PRACTITIONERS[0]["name"]]
    pages = [
        ensure_article(
            index_page,
            data,
            author=practitioners[data.get("author", reviewer.name)],
            reviewer=reviewer,
        )
        for data in ARTICLES
    ]
    ensure_medical_review_workflow()
    ensure_plain_language_draft(index_page)
    return pages


def ensure_plain_language_draft(index_page) -> bool:
    """Save the demo's plain-language draft (PLAIN_LANGUAGE_DEMO_PARAGRAPH added at the end of the
    body) on one article, unless it already has one or any other unpublished draft (someone's
    work: left alone). The live page is unchanged. Returns whether a draft was saved."""
    page = ArticlePage.objects.child_of(index_page).filter(slug=PLAIN_LANGUAGE_DEMO_SLUG).first()
    if page is None or page.has_unpublished_changes:
        return False
    latest = page.get_latest_revision()
    if latest is not None and PLAIN_LANGUAGE_DEMO_BLOCK_ID in json.dumps(latest.content):
        return False
    draft = page.get_latest_revision_as_object()
    body = list(draft.body.raw_data)
    body.append(
        {
            "type": "paragraph",
            "value": PLAIN_LANGUAGE_DEMO_PARAGRAPH,
            "id": PLAIN_LANGUAGE_DEMO_BLOCK_ID,
        }
    )
    draft.body = body
    draft.save_revision()
    return True
