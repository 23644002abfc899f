"""Articles shown by `clinic`'s home page template (so that `clinic` never imports `articles`)."""

from django import template

from clinic.http.queries import without_view_restrictions

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_articles(context, root, count):
    """The `count` newest live, public articles under `root` (the home page)."""
    from articles.models import ArticlePage

    if not count:
        return []
    return list(
        without_view_restrictions(ArticlePage.objects.live())
        .descendant_of(root)
        .select_related("reviewed_by")
        .order_by("-last_updated", "-first_published_at")[:count]
    )


@register.simple_tag(takes_context=True)
def articles_index_url(context, root):
    """The URL of the first live, public articles index under `root`, or None."""
    from articles.models import ArticleIndexPage

    index_page = (
        without_view_restrictions(ArticleIndexPage.objects.live())
        .descendant_of(root)
        .order_by("path")
        .first()
    )
    return index_page.get_url(request=context.get("request")) if index_page else None
