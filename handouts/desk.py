"""The print desk's article search (visit packet builder): title, summary, introduction, topics and
body through the site's search backend, in the packet's language, narrowed by one topic.

Each result says what staff need to choose at the desk: its topics, its reading level, how many
pages it prints (from the stored standard handout of its live revision when there is one, else an
estimate from its word count, and which of the two), and whether it has a Spanish version. Two
queries for the matches (the search, then the rows with their topics), one for the stored page
counts and one for the translations: the same at 20 articles as at 2,000
(tests/benchmarks/desk_search.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 20  # shown at once; the search says how many more matched
SEARCHED = 500  # matches taken from the backend, before the topic narrows them
# Pages of a standard handout, estimated: the masthead, key points and contents take most of a
# first page and the closing block a third of one; then ~240 words a page (tests/benchmarks/paper.py).
WORDS_PER_PAGE = 240


@dataclass
class Result:
    id: int
    title: str
    language: str
    translation_key: str
    topics: list = field(default_factory=list)
    reading_grade: float | None = None
    reading_ease_es: float | None = None
    pages: int = 1
    pages_estimated: bool = True
    languages: list = field(default_factory=list)

    @property
    def has_spanish(self) -> bool:
        return "es" in self.languages


@dataclass
class Found:
    results: list
    total: int
    query: str
    topic: str
    unknown_topic: bool = False


def clean_query(raw: str) -> str:
    from articles.views import search_terms

    return search_terms(" ".join(str(raw or "").split())[:MAX_QUERY_LENGTH])


def estimate_pages(words: int) -> int:
    return max(1, round(1 + (words or 0) / WORDS_PER_PAGE))


def topics(language: str) -> list[dict]:
    """The topics live articles in `language` carry, by label: [{"slug", "label"}]."""
    from taggit.models import Tag
    from wagtail.models import Locale

    from articles.models import ArticlePage, ArticlePageTopic, with_topic_labels

    pages = ArticlePage.objects.live().public().filter(locale__language_code=language)
    used = ArticlePageTopic.objects.filter(content_object__in=pages.values("pk")).values("tag_id")
    tags = Tag.objects.filter(pk__in=used)
    locale = Locale.objects.filter(language_code=language).first()
    tags = with_topic_labels(tags, locale.id) if locale else tags
    rows = [{"slug": tag.slug, "label": getattr(tag, "label", None) or tag.name} for tag in tags]
    return sorted(rows, key=lambda row: row["label"].casefold())


def search(raw_query: str, topic: str, language: str) -> Found:
    """Live, public articles in `language` matching the query (all of them when it is empty),
    with `topic` (a tag slug) when given: those with every word in the title first, then by title."""
    from articles.models import ArticlePage
    from clinic.i18n.search import backend_for_language, result_ids

    query = clean_query(raw_query)
    topic = str(topic or "").strip()[:100]
    pages = ArticlePage.objects.live().public().filter(locale__language_code=language)
    if topic:
        from taggit.models import Tag

        if not Tag.objects.filter(slug=topic).exists():
            return Found([], 0, query, topic, unknown_topic=True)
        pages = pages.filter(topics__slug=topic)
    if query:
        from wagtail.models import Locale

        backend = backend_for_language(language)
        locale = Locale.objects.filter(language_code=language).first()
        searched = ArticlePage.objects.live().public().filter(locale=locale).only("id")
        # Unranked: Wagtail's ranking (bm25 on SQLite) took seconds at 2,000 articles; the desk
        # orders the matches itself, titles holding every word first, then by title.
        matches = backend.search(query, searched, operator="and", order_by_relevance=False)
        found = result_ids(matches[:SEARCHED])
        # Every article holding all the words in its title, even past the first SEARCHED matches.
        in_title = pages
        for word in query.split():
            in_title = in_title.filter(title__icontains=word)
        in_title_ids = list(in_title.order_by("title").values_list("id", flat=True)[:SEARCHED])
        rest = pages.filter(id__in=found).exclude(id__in=in_title_ids).order_by("title")
        ids = in_title_ids + list(rest.values_list("id", flat=True))
    else:
        ids = list(pages.order_by("title").values_list("id", flat=True))
    shown = ids[:MAX_RESULTS]
    return Found(describe(shown), len(ids), query, topic)


def describe(ids: list[int]) -> list[Result]:
    """The result rows for `ids`, in that order."""
    from django.db.models import OuterRef, Subquery

    from articles.models import ArticlePage, TopicName

    from .models import StoredHandout

    stored = StoredHandout.objects.filter(
        page_id=OuterRef("pk"), revision_id=OuterRef("live_revision_id"), variant__startswith="std"
    ).exclude(variant__contains="@")
    rows = (
        ArticlePage.objects.filter(id__in=ids)
        .select_related("locale")
        .prefetch_related("topics")
        .annotate(stored_pages=Subquery(stored.order_by("-created_at").values("pages")[:1]))
    )
    by_id = {page.id: page for page in rows}
    # Topics as patients and staff read them in each article's language (TopicName), one query.
    labels = {
        (locale_id, topic_id): name
        for locale_id, topic_id, name in TopicName.objects.filter(
            locale_id__in={page.locale_id for page in by_id.values()}
        ).values_list("locale_id", "topic_id", "name")
    }
    keys = {page.translation_key for page in by_id.values()}
    languages: dict = {}
    for key, code in (
        ArticlePage.objects.live()
        .public()
        .filter(translation_key__in=keys)
        .values_list("translation_key", "locale__language_code")
    ):
        languages.setdefault(key, set()).add(code)
    results = []
    for page_id in ids:
        page = by_id.get(page_id)
        if page is None:
            continue
        stored_pages = page.stored_pages
        results.append(
            Result(
                id=page.id,
                title=page.title,
                language=page.locale.language_code,
                translation_key=str(page.translation_key),
                topics=[
                    labels.get((page.locale_id, tag.pk), tag.name) for tag in page.topics.all()
                ],
                reading_grade=page.reading_grade,
                reading_ease_es=page.reading_ease_es,
                pages=stored_pages or estimate_pages(page.word_count),
                pages_estimated=not stored_pages,
                languages=sorted(languages.get(page.translation_key, {page.locale.language_code})),
            )
        )
    return results
