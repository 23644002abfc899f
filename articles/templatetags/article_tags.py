"""Articles shown by `clinic`'s home page template (so that `clinic` never imports `articles`)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def latest_articles(context, root, count):
    """The `count` newest live, public articles under `root` (the home page)."""
    from articles.models import ArticlePage

    if not count:
        return []
    return list(
        ArticlePage.objects.live()
        .public()
        .descendant_of(root)
        .select_related("reviewed_by")
        .order_by("-last_updated", "-first_published_at")[:count]
    )


@register.simple_tag(takes_context=True)
def articles_index_url(context, root):
    """The URL of the first live, public articles index under `root`, or None."""
    from articles.models import ArticleIndexPage

    index_page = (
        ArticleIndexPage.objects.live().public().descendant_of(root).order_by("path").first()
    )
    return index_page.get_url(request=context.get("request")) if index_page else None
