"""Django pinned: clinic.http.queries.CompiledQuery compiles a queryset once and substitutes its
parameters by value. Each compiled query of the site is compared here with the ORM's own answer,
and each placeholder must reach the SQL as exactly one parameter, so that a Django upgrade that
changes how a queryset's parameters come out fails here instead of answering wrongly."""

from __future__ import annotations

import pytest
from django.db import connection

from articles.models import ArticlePage
from articles.models import index as articles_index_queries
from articles.views import SEARCHED_INDEX
from clinic.http.queries import CompiledQuery
from clinic.i18n.languages import live_translations_query
from clinic.templatetags.clinic_tags import nav_page_types, nav_pages_query
from handouts import fastpath, render, store
from locations.models import LIVE_LOCATIONS, LocationPage

pytestmark = pytest.mark.django_db
NAV_MODELS = tuple(model for _, model in nav_page_types())

COMPILED = {
    "stored handout for a URL path": fastpath.STORED_FOR_URL_PATH,
    "clinic settings' and practitioners' stamps": store.CONTEXT_STAMPS,
    "live locations' versions": store.LIVE_LOCATION_VERSIONS,
    "an index's topics": articles_index_queries.TOPICS,
    "an index's cards": articles_index_queries.CARDS,
    "an index's cards about a topic": articles_index_queries.CARDS_ABOUT,
    "an index's count": articles_index_queries.COUNT,
    "an index's count about a topic": articles_index_queries.COUNT_ABOUT,
    "live locations": LIVE_LOCATIONS,
    "an article's live translations": live_translations_query(ArticlePage),
    "a location's live translations": live_translations_query(LocationPage),
    "the main navigation's pages": nav_pages_query(NAV_MODELS),
    "the index a search page links to": SEARCHED_INDEX,
}


@pytest.mark.parametrize("name", COMPILED)
def test_each_placeholder_is_one_parameter(name):
    query = COMPILED[name]
    _, params = query.build(*query.placeholders).query.get_compiler(connection.alias).as_sql()
    slots = query.slots(params)
    for index, placeholder in enumerate(query.placeholders):
        uses = [kind for kind, slot in slots if kind is not None and slot == index]
        assert len(uses) == 1, (name, placeholder, params)


def test_a_startswith_placeholder_is_filled_as_django_escapes_it():
    """A text placeholder reaches a `__startswith` lookup as Django's LIKE pattern; the real
    value is escaped the same way (a `%` or `_` in it matches only itself)."""
    from wagtail.models import Page

    query = CompiledQuery(
        lambda prefix: Page.objects.filter(slug__startswith=prefix).values_list("slug"),
        "@@prefix@@",
    )
    _, params = query.sql("50%_off")
    assert params[0] == connection.ops.prep_for_like_query("50%_off") + "%"
    assert params[0] != "50%_off%"
    assert query.rows("hom") == [tuple(row) for row in query.build("hom")]


def test_a_suffix_takes_its_parameters_after_the_placeholders():
    from wagtail.models import Page

    query = CompiledQuery(
        lambda depth: Page.objects.filter(depth__gte=depth).order_by("path").values_list("pk"),
        918273699,
        suffix=" LIMIT %s OFFSET %s",
    )
    every = [tuple(row) for row in query.build(1)]
    assert len(every) > 3
    assert query.rows(1, 2, 1) == every[1:3]


def orm_rows(query, *values):
    return [tuple(row) for row in query.build(*values)]


def test_the_site_queries_agree_with_the_orm(site, client, articles_index):
    from articles.models import ArticlePage

    article = ArticlePage.objects.child_of(articles_index).live().first()
    assert client.get(article.url + "handout/").status_code == 200  # stored
    version, _ = store.current_context(site.id)
    variant = render.Variant().in_language("en")
    cases = [
        (store.CONTEXT_STAMPS, (site.id,)),
        (store.CONTEXT_STAMPS, (site.id + 1000,)),
        (store.LIVE_LOCATION_VERSIONS, ()),
        (fastpath.STORED_FOR_URL_PATH, (article.url_path, variant.key, version)),
        (fastpath.STORED_FOR_URL_PATH, (article.url_path, variant.key, "other-version")),
        (fastpath.STORED_FOR_URL_PATH, ("/home/nowhere/", variant.key, version)),
    ]
    found = 0
    for query, values in cases:
        ours, theirs = [tuple(row) for row in query.rows(*values)], orm_rows(query, *values)
        if connection.vendor == "sqlite" and query is store.CONTEXT_STAMPS:
            # Raw rows skip field conversion: SQLite gives the datetime as text.
            ours, theirs = len(ours), len(theirs)
        assert ours == theirs, (query.build.__name__, values)
        found += bool(ours)
    assert found >= 3  # the cases that should find rows did


# --- The frame and the articles index: model instances and rows against the ORM's -----------


def _topic_rows(index):
    from taggit.models import Tag

    from articles.models.article import ArticlePageTopic
    from articles.models.snippets import with_topic_labels

    tags = Tag.objects.filter(
        pk__in=ArticlePageTopic.objects.filter(
            content_object__in=index.live_articles().order_by().values("pk")
        ).values("tag_id")
    )
    return [
        (tag.pk, tag.name, tag.slug, tag.label)
        for tag in with_topic_labels(tags, index.locale_id).order_by("label")
    ]


@pytest.fixture
def varied_index(articles_index):
    """The demo articles plus a draft, a password-protected article and a second page's worth,
    with topics only the draft or the protected article carry."""
    from tests.factories import ArticlePageFactory, PasswordRestrictionFactory

    for n in range(14):
        ArticlePageFactory(parent=articles_index, title=f"Parity {n}", topics=("parity",))
    ArticlePageFactory(
        parent=articles_index, title="Draft only", topics=("draftonly",), publish=False
    )
    hidden = ArticlePageFactory(parent=articles_index, title="Members", topics=("membersonly",))
    PasswordRestrictionFactory(page=hidden)
    return articles_index


def test_the_index_queries_agree_with_the_orm(varied_index):
    from articles.models.article import ArticlePageTopic
    from articles.models.index import TOPICS, CompiledListing

    index = varied_index
    topics = [tuple(row) for row in TOPICS.rows(index.path, index.depth + 1, index.locale_id)]
    assert topics == _topic_rows(index)
    slugs = {row[2] for row in topics}
    assert "parity" in slugs and "draftonly" not in slugs and "membersonly" not in slugs

    for topic in ("", "parity", "sleep", "draftonly", "no-such-topic"):
        articles = index.live_articles()
        if topic:
            tagged = ArticlePageTopic.objects.filter(tag__slug=topic).values("content_object_id")
            articles = articles.filter(pk__in=tagged)
        expected = list(articles.values_list("pk", flat=True))
        listing = CompiledListing(index, topic)
        assert listing.count() == len(expected), topic
        for start, stop in ((0, 12), (12, 24), (5, 7), (400, 412)):
            cards = listing[start:stop]
            assert [card.pk for card in cards] == expected[start:stop], (topic, start)
            assert all(type(card) is ArticlePage for card in cards)
    assert CompiledListing(index, "parity").count() == 14


def test_the_index_cards_carry_what_the_orm_gives_and_leave_the_bodies(
    varied_index, django_assert_num_queries
):
    from articles.models.index import CompiledListing

    fields = ["title", "slug", "summary", "last_updated", "reading_time", "url_path"]
    orm = list(varied_index.live_articles()[:12])
    with django_assert_num_queries(1):
        cards = CompiledListing(varied_index)[0:12]
        values = [[getattr(card, name) for name in fields] for card in cards]
    assert values == [[getattr(page, name) for name in fields] for page in orm]
    assert cards[0].get_deferred_fields() >= {"body", "introduction"}


def test_the_index_asks_no_query_per_card(client, varied_index):
    """The cards read only what the compiled listing fetched: a page of 12 cards costs as many
    queries as a page of one (caches cleared, as after a publish)."""
    from django.core.cache import caches
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        client.get(url)
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode().count('class="card article-card"')

    many, cards = queries(varied_index.url)
    _one, card = queries(varied_index.url + "?topic=membersonly")
    assert (cards, card) == (12, 0)
    few, some = queries(varied_index.url + "?topic=sleep")
    assert 0 < some < 12
    assert many == few


def test_live_locations_agree_with_the_orm(locations_index, django_assert_num_queries):
    from locations.models import live_locations_queryset

    orm = list(live_locations_queryset().select_related("locale"))
    assert len(orm) >= 2
    with django_assert_num_queries(1):
        ours = LIVE_LOCATIONS.objects(LocationPage)
        from clinic.http.queries import attach_locales

        attach_locales(ours)
        seen = [(p.pk, type(p), p.locale.language_code, p.title, p.slug, p.phone) for p in ours]
    assert seen == [(p.pk, type(p), p.locale.language_code, p.title, p.slug, p.phone) for p in orm]


def test_live_translations_agree_with_the_orm(home, articles_index):
    from wagtail.models import Page

    from clinic.http.queries import attach_locales, without_view_restrictions
    from tests.factories import (
        ArticlePageFactory,
        PasswordRestrictionFactory,
        spanish_tree,
        translate,
    )

    spanish_tree(home, articles_index)
    both = ArticlePageFactory(parent=articles_index, title="In both languages")
    translate(both)
    draft = ArticlePageFactory(parent=articles_index, title="Spanish still a draft")
    translate(draft, publish=False)
    hidden = ArticlePageFactory(parent=articles_index, title="Spanish behind a password")
    PasswordRestrictionFactory(page=translate(hidden))
    english_only = ArticlePageFactory(parent=articles_index, title="English only")

    def orm(page):
        pages = without_view_restrictions(
            type(page).objects.live().filter(translation_key=page.translation_key)
        ).select_related("locale")
        return sorted((p.pk, type(p), p.locale.language_code) for p in pages)

    counts = []
    for page in (both, draft, hidden, english_only, home.specific):
        query = live_translations_query(type(page))
        ours = attach_locales(query.objects(type(page), page.pk))
        assert sorted((p.pk, type(p), p.locale.language_code) for p in ours) == orm(page)
        counts.append(len(ours))
    assert counts == [2, 1, 1, 1, 2]
    assert Page.objects.filter(translation_key=draft.translation_key).count() == 2


def test_the_main_navigation_query_agrees_with_wagtails(home, articles_index):
    """Wagtail's descendant_of(root).type(*models), without restricted pages, against the compiled
    query; in English and Spanish, with a draft index and a second, password-protected one."""
    from wagtail.models import Page

    from articles.models import ArticleIndexPage
    from clinic.http.queries import without_view_restrictions
    from tests.factories import PasswordRestrictionFactory, spanish_tree

    spanish_home, _spanish_index = spanish_tree(home, articles_index)
    hidden = home.add_child(instance=ArticleIndexPage(title="Members", slug="members"))
    PasswordRestrictionFactory(page=hidden)
    home.add_child(instance=ArticleIndexPage(title="Unpublished", slug="unpublished", live=False))
    assert len(NAV_MODELS) >= 2
    found = []
    for root in (home, spanish_home, articles_index):
        wagtails = without_view_restrictions(
            Page.objects.live().descendant_of(root).type(*NAV_MODELS)
        ).order_by("path")
        ours = nav_pages_query(NAV_MODELS).objects(Page, root.path, root.depth)
        assert [(p.pk, p.url_path) for p in ours] == [(p.pk, p.url_path) for p in wagtails]
        found.append(len(ours))
    assert found[0] >= 2 and found[1] >= 1 and found[2] == 0


def test_the_searched_index_agrees_with_wagtails(home, articles_index):
    """The index a search page links to (and takes its topic chips from): the first live, public
    one under the language's home page, as Wagtail's descendant_of() finds it."""
    from articles.models import ArticleIndexPage
    from clinic.http.queries import without_view_restrictions
    from tests.factories import PasswordRestrictionFactory, spanish_tree

    spanish_home, spanish_index = spanish_tree(home, articles_index)

    def wagtails(root):
        return (
            without_view_restrictions(ArticleIndexPage.objects.live())
            .descendant_of(root)
            .order_by("path")
            .first()
        )

    def ours(root):
        found = SEARCHED_INDEX.objects(ArticleIndexPage, root.path, root.depth)
        return found[0] if found else None

    assert ours(home) == wagtails(home) == articles_index
    assert ours(spanish_home) == wagtails(spanish_home) == spanish_index
    assert ours(articles_index) is wagtails(articles_index) is None
    assert type(ours(home)) is ArticleIndexPage and ours(home).intro == articles_index.intro
    PasswordRestrictionFactory(page=articles_index)
    assert ours(home) == wagtails(home) is None
