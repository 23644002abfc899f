from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from .models import ArticlePage

RESULTS_PER_PAGE = 10


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = ArticlePage.objects.none()
    if query:
        results = ArticlePage.objects.live().public().search(query)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return TemplateResponse(
        request, "articles/search.html", {"search_query": query, "results": page_obj}
    )
