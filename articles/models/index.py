"""The articles index: the list patients browse, by topic, with a remembered count."""

from __future__ import annotations

import hashlib
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from taggit.models import Tag
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField
from wagtail.models import Page

from articles.models.article import ArticlePage, ArticlePageTopic
from articles.models.constants import INTRO_FEATURES
from articles.models.snippets import with_topic_labels
from clinic.http.queries import CompiledQuery, without_view_restrictions
from clinic.models import RestrictionsOnceMixin


def child_url(parent_url: str, slug: str) -> str:
    """The URL Wagtail gives a child page with `slug` of the page at `parent_url` (its router maps
    one path segment per level; the slug percent-encoded as `reverse()` does), without asking the
    router for each card of a list (~0.2 ms each). Pinned to Wagtail's own `get_url()` by
    tests/articles/test_public_pages.py::test_listing_urls_are_wagtails."""
    segment = quote(slug, safe="-_")
    if parent_url.endswith("/"):
        return f"{parent_url}{segment}/"
    return f"{parent_url}/{segment}"  # WAGTAIL_APPEND_SLASH = False


# The index's three questions (topics, count, one page of cards) on every uncached view; compiled
# once per process (clinic.http.queries.CompiledQuery), pinned to the ORM's answers by
# tests/clinic/test_compiled_queries.py. The placeholders: the index's path, its children's depth,
# a locale id and a topic slug.
PATH, DEPTH, LOCALE, TOPIC = "@@index-path@@", 918273601, -918273602, "@@topic-slug@@"
LISTING_ORDER = ("-last_updated", "-first_published_at", "-pk")


def _index_articles(index_path, depth):
    """The live, public children of the index at `index_path` (Wagtail's child_of, written with
    the path and depth as they reach the SQL)."""
    return without_view_restrictions(
        ArticlePage.objects.live().filter(path__startswith=index_path, depth=depth)
    )


def _about(articles, topic):
    tagged = ArticlePageTopic.objects.filter(tag__slug=topic).values("content_object_id")
    return articles.filter(pk__in=tagged)  # a subquery: no DISTINCT over whole rows


def _topics(index_path, depth, locale_id):
    return with_topic_labels(
        # The tags in use, each once: a label per topic, not per article and topic.
        Tag.objects.filter(
            pk__in=ArticlePageTopic.objects.filter(
                content_object__in=_index_articles(index_path, depth).values("pk")
            ).values("tag_id")
        ),
        locale_id,
    ).order_by("label")


# What a card shows (articles/includes/article_card.html) and what its URL needs; a model with
# 40 fields costs ~0.3 ms to make, and the bodies stay in the database.
CARD_FIELDS = ("title", "slug", "url_path", "summary", "last_updated", "reading_time")


def _cards(index_path, depth, topic=None):
    articles = _index_articles(index_path, depth).only(*CARD_FIELDS)
    if topic is not None:
        articles = _about(articles, topic)
    return articles.order_by(*LISTING_ORDER)


def _count(index_path, depth, topic=None):
    articles = _index_articles(index_path, depth)
    if topic is not None:
        articles = _about(articles, topic)
    return articles.order_by().values("pk")


TOPICS = CompiledQuery(_topics, PATH, DEPTH, LOCALE)
CARDS = CompiledQuery(_cards, PATH, DEPTH, suffix=" LIMIT %s OFFSET %s")
CARDS_ABOUT = CompiledQuery(_cards, PATH, DEPTH, TOPIC, suffix=" LIMIT %s OFFSET %s")
COUNT = CompiledQuery(_count, PATH, DEPTH)
COUNT_ABOUT = CompiledQuery(_count, PATH, DEPTH, TOPIC)


class CompiledListing:
    """What the paginator asks of a list (its count and a slice), answered by the compiled
    queries above for one index and, optionally, one topic."""

    def __init__(self, index, topic: str = ""):
        self.values = (index.path, index.depth + 1) + ((topic,) if topic else ())
        self.topic = topic

    def count(self) -> int:
        from django.db import connection

        sql, params = (COUNT_ABOUT if self.topic else COUNT).sql(*self.values)
        with connection.cursor() as cursor:
            # The inner SQL is the ORM's own; every value goes as a parameter.
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS listed", params)  # noqa: S608
            return cursor.fetchone()[0]

    def __getitem__(self, window: slice) -> list:
        start = window.start or 0
        return (CARDS_ABOUT if self.topic else CARDS).objects(
            ArticlePage, *self.values, window.stop - start, start
        )


class RememberedCountPaginator(Paginator):
    """A paginator whose total (a COUNT over every live article) is remembered until content
    changes (clinic.http.cache.remember)."""

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        from clinic.http.cache import remember

        return remember(self.count_key, lambda: Paginator.count.func(self))


class ArticleIndexPage(RestrictionsOnceMixin, RoutablePageMixin, Page):
    """Lists the live articles, newest first, filterable by topic."""

    intro = RichTextField(
        features=INTRO_FEATURES,
        blank=True,
        help_text="A short introduction shown above the list of articles.",
    )
    per_page = 12

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["clinic.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = "Article index"

    def route(self, request, path_components):
        """Find the article in one query (Wagtail's default takes two: the child, then its specific
        row) — every article page and handout request comes through here."""
        if path_components:
            article = ArticlePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def live_articles(self):
        """Live articles under this index that anyone may read, newest first (one query: the
        view-restriction test is a NOT EXISTS subquery, not Wagtail's separate look-up). The ORM's
        answer the compiled CARDS, COUNT and TOPICS queries are held to."""
        return without_view_restrictions(ArticlePage.objects.child_of(self).live()).order_by(
            *LISTING_ORDER
        )

    def topics(self):
        """The topics of the live, public articles, by name: the index's topic chips. Kept in the
        cache under the content generation (any publish forgets it), since it reads every live
        article's topics."""
        from clinic.http.cache import remember

        def build():
            topics = []
            for pk, name, slug, label in TOPICS.rows(self.path, self.depth + 1, self.locale_id):
                tag = Tag(id=pk, name=name, slug=slug)
                tag.label = label
                topics.append(tag)
            return topics

        return remember(f"article-topics:{self.pk}", build)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topics = self.topics()
        topic = request.GET.get("topic", "").strip()
        articles = CompiledListing(self, topic)
        if topic:
            context["topic"] = (
                next((tag for tag in topics if tag.slug == topic), None)
                or with_topic_labels(Tag.objects.filter(slug=topic), self.locale_id).first()
            )
        paginator = RememberedCountPaginator(
            articles,
            self.per_page,
            count_key=f"article-count:{self.pk}:{hashlib.sha256(topic.encode('utf-8', 'surrogateescape')).hexdigest()[:32]}",
        )
        page_obj = paginator.get_page(request.GET.get("page"))  # clamps bad or out-of-range numbers
        index_url = self.get_url(request)
        if index_url:
            for article in page_obj:
                article.listing_url = child_url(index_url, article.slug)
        context["index_url"] = index_url
        context["articles"] = page_obj
        context["paginator"] = paginator
        context["page_range"] = list(
            paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        )
        query = {"topic": topic} if topic else {}
        context["query_prefix"] = urlencode(query) + "&" if query else ""
        if page_obj.number > 1:
            query["page"] = page_obj.number
        context["canonical_url"] = self.get_full_url(request) + (
            "?" + urlencode(query) if query else ""
        )
        context["topics"] = topics
        return context
