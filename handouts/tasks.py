"""Background work (django-tasks): ImmediateBackend in dev and tests, `manage.py db_worker` with
django_tasks_db.DatabaseBackend in production. Arguments are plain ids (JSON-serialisable)."""

from django_tasks import task


@task()
def render_standard_handout(page_id: int) -> int | None:
    """Render and store the standard handout of a live article (after it is published)."""
    from articles.models import ArticlePage

    from . import render, store

    page = ArticlePage.objects.live().filter(id=page_id).first()
    if page is None:
        return None
    site = page.get_site()
    if site is None:
        return None
    stored = store.get_or_render(page, render.Variant(), site)
    store.prune_stale(page_id=page_id)
    return stored.id


@task()
def prune_stale_handouts(page_id: int | None = None) -> int:
    """Delete stored handouts that can no longer be served (old revision or old context)."""
    from . import store

    return store.prune_stale(page_id=page_id)


@task()
def delete_page_handouts(page_id: int) -> None:
    from . import store

    store.delete_for_page(page_id)
