"""Public views of the health library outside the page tree: search."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from taggit.models import Tag
from wagtail.models import Site

from clinic.cache import allow_public_cache

from .models import ArticleIndexPage, ArticlePage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def public_articles(request=None):
    """Live articles that anyone may read, within the request's site."""
    articles = ArticlePage.objects.live().public()
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        articles = articles.descendant_of(site.root_page, inclusive=True)
    return articles


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = ArticlePage.objects.none()
    if not request.GET:
        allow_public_cache(
            request
        )  # the empty search page; results are never kept by shared caches
    if query:
        # Wagtail search: the database backend (PostgreSQL full text in production, SQLite FTS/LIKE here).
        results = public_articles(request).search(query, operator="and")
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))  # clamps bad or out-of-range numbers

    site = Site.find_for_request(request)
    articles_index = (
        ArticleIndexPage.objects.live()
        .public()
        .descendant_of(site.root_page)
        .order_by("path")
        .first()
        if site
        else None
    )
    topics = Tag.objects.none()
    if articles_index:
        topics = (
            Tag.objects.filter(
                articles_articlepagetopic_items__content_object__in=articles_index.live_articles()
            )
            .distinct()
            .order_by("name")
        )
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
