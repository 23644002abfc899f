"""Public views of the health library outside the page tree: search."""

import hashlib
import re
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from wagtail.models import Site

from clinic.http.cache import allow_public_cache, remember
from clinic.http.queries import CompiledQuery, live_public_under
from clinic.i18n.languages import active_language, localized_root

from .models import ArticleIndexPage, ArticlePage
from .models.index import CARD_FIELDS

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def public_articles(request=None):
    """Live articles that anyone may read, within the request's site. Wagtail's `.public()`, not
    clinic.http.queries.without_view_restrictions: Wagtail's search backends take only field
    lookups as filters (an `Exists` is refused), and the search runs on this queryset."""
    articles = ArticlePage.objects.live().public()
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        # The site's tree in the active language: /es/search/ and /es/feed/ list Spanish articles.
        articles = articles.descendant_of(localized_root(site), inclusive=True)
    return articles


MAX_RESULTS = 500
# Double quotes and control characters: Wagtail's SQLite backend (the `make run` default) wraps each
# word in double quotes without escaping one inside, so `sleep"` was an FTS5 "unterminated string",
# a 500 (wagtail/wagtail#13227). Every tokeniser (FTS5's unicode61, PostgreSQL's) splits words on
# them anyway, so the search finds the same articles without them.
UNSEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


def search_terms(query: str) -> str:
    """The words of a patient's query as the search backend gets them."""
    return " ".join(UNSEARCHABLE.sub(" ", query).split())


def ranked_ids(request, query: str, articles=None) -> list[int]:
    """Ids of the live, public articles matching `query`, best first (at most MAX_RESULTS).

    Wagtail search: the database backend (PostgreSQL full text in production, SQLite FTS here).
    Ranking every match is the costly part (on PostgreSQL it reads each match's index entry), so
    the ranked ids are kept in the cache under the content generation: every later page of the
    same search, and every repeat of it, is one cache read and one query for ten articles, until
    the next publish. Only ids are kept, and only on the server: shared caches never keep search
    results (clinic.http.cache). `articles`: public_articles(request), when the caller has it."""
    site = Site.find_for_request(request)
    digest = hashlib.sha256(query.lower().encode("utf-8", "surrogateescape")).hexdigest()[:32]

    language = active_language()

    def build():
        from clinic.i18n.search import backend_for_language, result_ids

        # The language's own stemming (PostgreSQL: `spanish` for /es/search/).
        backend = backend_for_language(language)
        searched = articles if articles is not None else public_articles(request)
        results = backend.search(query, searched.only("id"), operator="and")
        return result_ids(results[:MAX_RESULTS])

    return remember(f"search:{site.id if site else 0}:{language}:{digest}", build)


def _searched_index(root_path, root_depth):
    """The first live, public articles index under the home page at `root_path`, in tree order."""
    return live_public_under(ArticleIndexPage.objects.all(), root_path, root_depth).order_by(
        "path"
    )[:1]


# Every search page asks it; compiled once per process (clinic.http.queries.CompiledQuery),
# pinned to Wagtail's answer by tests/clinic/test_compiled_queries.py.
SEARCHED_INDEX = CompiledQuery(_searched_index, "@@root-path@@", 918273605)


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    ids: list[int] = []
    if not request.GET:
        # The empty search page; results are never kept by shared caches.
        allow_public_cache(request)
    terms = search_terms(query)
    # Once a request: Wagtail's .public() reads the view restrictions each time it is called.
    articles = public_articles(request) if terms else None
    if terms:
        ids = ranked_ids(request, terms, articles)
    paginator = Paginator(ids, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))  # clamps bad or out-of-range numbers
    # Checked again, live and public, for the ten shown: a cached id list never shows more.
    shown = list(page_obj.object_list)
    # The results show what a card does (title, date, reading time, summary, URL): only that.
    by_id = articles.filter(id__in=shown).only(*CARD_FIELDS).in_bulk() if shown else {}
    page_obj.object_list = [by_id[i] for i in page_obj.object_list if i in by_id]

    site = Site.find_for_request(request)
    root = localized_root(site)
    found = SEARCHED_INDEX.objects(ArticleIndexPage, root.path, root.depth) if site else []
    articles_index = found[0] if found else None
    # The topic chips show only when nothing is listed (articles/search.html): their query reads
    # every live article's topics, so it is not run for a page of results.
    topics = articles_index.topics() if articles_index and not page_obj.object_list else []
    return TemplateResponse(
        request,
        "articles/search.html",
        {
            "search_query": query,
            "results": page_obj,
            "page_range": list(
                paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
            ),
            "query_prefix": urlencode({"q": query}) + "&",
            "articles_index": articles_index,
            "topics": topics,
        },
    )
