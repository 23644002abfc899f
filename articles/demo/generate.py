"""Generated articles for load tests (`load_demo_content --articles N`)."""

from __future__ import annotations

import datetime
import json
import uuid

from django.db import transaction
from django.utils import timezone

from articles.demo.blocks import h2
from articles.demo.content import (
    ARTICLES,
)
from articles.demo.loader import PRACTITIONERS, ensure_practitioners
from articles.models import ArticlePage, ArticleReference

# --- generated articles (load tests: `load_demo_content --articles N`) ------------------------------
#
# N more published articles under the index, built from the demo articles above: varied titles, one
# to three topics from a small list, a body of several sections (headings, paragraphs, lists,
# callouts) cut from the demo bodies, and references from the demo reference lists. Deterministic:
# article i always gets the same slug and content, so a second run with the same N creates nothing
# and a larger N adds only the missing ones.
#
# Written in bulk (a few statements per thousand articles, not a publish per article): the page rows
# with their revision as the live one, the topics and the references. No page signals are sent, so
# nothing is enqueued per article (no handout renders, no search or reference index tasks); the
# caller updates the search index once at the end, and every cached page is forgotten on commit.

GENERATED_SLUG_SUFFIX = "-g"  # slug: "<slugified title>-g<number>"

GENERATED_TOPICS = [
    "sleep",
    "muscles",
    "nutrition",
    "exercise",
    "stress",
    "vitamins",
    "supplements",
    "digestion",
    "heart health",
]

GENERATED_SUBJECTS = {
    "sleep": [
        "Trouble falling asleep",
        "Snoring",
        "Daytime naps",
        "Shift work and sleep",
        "Jet lag",
    ],
    "muscles": ["Muscle twitches", "Stiff muscles in the morning", "Calf pain", "Muscle weakness"],
    "nutrition": ["Eating more fiber", "Protein at breakfast", "Cutting back on sugar", "Salt"],
    "exercise": ["Starting to walk for exercise", "Strength training", "Stretching", "Balance"],
    "stress": ["Stress and the body", "Racing thoughts", "Breathing exercises", "Burnout"],
    "vitamins": ["Vitamin D", "Vitamin B12", "Folate", "Vitamin C"],
    "supplements": ["Magnesium", "Fish oil", "Melatonin", "Iron tablets"],
    "digestion": ["Bloating", "Heartburn", "Constipation", "Food intolerances"],
    "heart health": ["Blood pressure", "Cholesterol", "Palpitations", "Swollen ankles"],
}

GENERATED_TITLES = [
    "{subject}: what helps",
    "{subject}: causes and what you can do",
    "Questions about {lower}",
    "{subject}, a plain-language guide",
    "When to see us about {lower}",
    "{subject} after 50",
    "{subject}: myths and facts",
    "{subject} in the Texas heat",
    "{subject} during pregnancy",
    "Five things to know about {lower}",
]


def _sections(body):
    """The body cut at its h2 headings: [[h2, block, block…], …]."""
    sections = []
    for block in body:
        if block["type"] == "heading" and block["value"]["level"] == "h2" or not sections:
            sections.append([])
        sections[-1].append(block)
    return sections


def _fresh_ids(value, rng):
    """A deep copy of StreamField raw data with new block and list item ids."""
    if isinstance(value, dict):
        copy = {key: _fresh_ids(item, rng) for key, item in value.items()}
        if "id" in copy and "type" in copy:
            copy["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        return copy
    if isinstance(value, list):
        return [_fresh_ids(item, rng) for item in value]
    return value


def generated_article(number: int) -> dict:
    """The content of generated article `number` (0-based), always the same for the same number."""
    import random

    from django.utils.text import slugify

    rng = random.Random(f"clinic-generated-article-{number}")
    topic = GENERATED_TOPICS[number % len(GENERATED_TOPICS)]
    subject = rng.choice(GENERATED_SUBJECTS[topic])
    title = rng.choice(GENERATED_TITLES).format(
        subject=subject, lower=subject[0].lower() + subject[1:]
    )
    others = [t for t in GENERATED_TOPICS if t != topic]
    topics = [topic, *rng.sample(others, rng.randint(0, 2))]

    pool = [section for data in ARTICLES for section in _sections(data["body"])[:-1]]
    sections = rng.sample(pool, rng.randint(3, 6))
    body = [h2(f"About {subject[0].lower() + subject[1:]}")] + [
        block for section in sections for block in section
    ]
    references = rng.sample([r for data in ARTICLES for r in data["references"]], rng.randint(2, 4))

    today = timezone.localdate()
    published = today - datetime.timedelta(days=rng.randint(30, 1500))
    updated = min(today, published + datetime.timedelta(days=rng.randint(0, 400)))
    reviewed = (
        None if rng.random() < 0.1 else min(today, updated + datetime.timedelta(rng.randint(0, 14)))
    )
    source = rng.choice(ARTICLES)
    return {
        "slug": f"{slugify(title)[:60].strip('-')}{GENERATED_SLUG_SUFFIX}{number + 1:05d}",
        "title": title,
        "published": published,
        "last_updated": updated,
        "last_reviewed": reviewed,
        "topics": topics,
        "author": rng.choice(PRACTITIONERS)["name"],
        "summary": f"{subject} is something we are asked about often. " + source["summary"],
        "introduction": (
            f"<p>This guide is about {subject[0].lower() + subject[1:]}: what is known, what you can "
            "try at home and when to call us.</p>" + source["introduction"]
        ),
        "body": _fresh_ids(body, rng),
        "references": references,
    }


@transaction.atomic
def generate(index_page, count: int) -> list[ArticlePage]:
    """Make sure generated articles 1…count are published under `index_page`; returns those created."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, Model
    from taggit.models import Tag
    from wagtail.models import Page, Revision

    from articles.models import ArticlePageTopic
    from clinic.http.bulk import refresh_statistics
    from clinic.http.changes import PUBLISH, changed

    wanted = [generated_article(number) for number in range(count)]
    existing = set(
        ArticlePage.objects.child_of(index_page)
        .filter(slug__in=[data["slug"] for data in wanted])
        .values_list("slug", flat=True)
    )
    wanted = [data for data in wanted if data["slug"] not in existing]
    if not wanted:
        return []

    practitioners = {p.name: p for p in ensure_practitioners()}
    reviewer = practitioners[PRACTITIONERS[0]["name"]]
    tags = {}
    for name in GENERATED_TOPICS:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()
        tags[name] = tag

    parent = Page.objects.select_for_update().get(pk=index_page.pk)
    last = parent.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()

    pages = []
    for data in wanted:
        position += 1
        published = timezone.make_aware(
            datetime.datetime.combine(data["published"], datetime.time(9))
        )
        page = ArticlePage(
            path=Page._get_path(parent.path, parent.depth + 1, position),
            depth=parent.depth + 1,
            numchild=0,
            locale_id=parent.locale_id,
            content_type=article_type,
            slug=data["slug"],
            title=data["title"],
            draft_title=data["title"],
            url_path=f"{parent.url_path}{data['slug']}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=now,
            latest_revision_created_at=now,
            summary=data["summary"],
            introduction=data["introduction"],
            body=json.dumps(data["body"]),
            last_updated=data["last_updated"],
            last_reviewed=data["last_reviewed"],
            reviewed_by=reviewer if data["last_reviewed"] else None,
            author=practitioners[data["author"]],
        )
        page.update_reading_stats()
        pages.append(page)

    # The page tree rows, then the articles' own rows (as `loaddata` saves a multi-table child).
    bases = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
            for page in pages
        ]
    )
    for page, base in zip(pages, bases, strict=True):
        page.id = page.page_ptr_id = base.id
        Model.save_base(page, raw=True, force_insert=True)
        page._state.adding = False
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

    topic_rows, reference_rows = [], []
    for page, data in zip(pages, wanted, strict=True):
        page.tagged_items = [
            ArticlePageTopic(tag=tags[name], content_object=page) for name in data["topics"]
        ]
        page.references = [
            ArticleReference(article=page, sort_order=order, **reference)
            for order, reference in enumerate(data["references"])
        ]
        page.related_links = []
        page.wagtail_admin_comments = []
        topic_rows.extend(page.tagged_items.all())
        reference_rows.extend(page.references.all())
    ArticlePageTopic.objects.bulk_create(topic_rows, batch_size=1000)
    ArticleReference.objects.bulk_create(reference_rows, batch_size=1000)

    # Each article's one revision, live (what the admin edits and the handouts are rendered from).
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=article_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        ],
        batch_size=500,
    )
    for page, base, revision in zip(pages, bases, revisions, strict=True):
        base.latest_revision_id = base.live_revision_id = revision.id
        page.latest_revision_id = page.live_revision_id = revision.id
    Page.objects.bulk_update(bases, ["latest_revision", "live_revision"], batch_size=500)

    changed(PUBLISH, everything=True)  # on commit: every cached list, search and feed is stale
    written = (ArticlePage, ArticlePageTopic, ArticleReference, Tag)
    transaction.on_commit(lambda: refresh_statistics(written))
    return pages


def index_generated(pages, chunk_size: int = 200) -> None:
    """Add generated articles to the search backends and to Wagtail's reference index (what the
    signals of a publish would have queued), in chunks, read back with their topics."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backends

    from clinic.http.bulk import refresh_statistics

    ids = sorted(page.pk for page in pages)
    backends = list(get_search_backends())
    for start in range(0, len(ids), chunk_size):
        chunk = list(
            ArticlePage.get_indexed_objects()
            .filter(pk__in=ids[start : start + chunk_size])
            .prefetch_related("tagged_items__tag", "references")
            .order_by("pk")
        )
        for backend in backends:
            backend.add_bulk(ArticlePage, chunk)
        for page in chunk:
            ReferenceIndex.create_or_update_for_object(page)
    refresh_statistics()  # the search and reference indexes grew too
