"""Background work (django-tasks): ImmediateBackend in dev and tests, `manage.py db_worker` with
django_tasks_db.DatabaseBackend in production. Arguments are plain ids (JSON-serialisable)."""

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError
from django_tasks import task
from wagtail.models import Page


@task()
def render_standard_handout(page_id: int) -> int | None:
    """Render and store the standard handout of a live article (after it is published). None when
    it cannot be rendered (the failure is remembered by the store, and logged)."""
    from articles.models import ArticlePage

    from . import render, store
    from .isolation import RenderFailed

    page = ArticlePage.objects.live().filter(id=page_id).first()
    if page is None:
        return None
    site = page.get_site()
    if site is None:
        return None
    try:
        stored = store.get_or_render(page, render.Variant(), site)
    except RenderFailed:
        return None  # bounded like a request's render, and remembered: no request tries again
    except (IntegrityError, ObjectDoesNotExist):
        # The page was deleted while its handout rendered (the demo loader replaces pages, staff
        # delete one just after publishing): nothing to store, nothing failed.
        if Page.objects.filter(id=page_id).exists():
            raise
        logging.getLogger(__name__).info(
            "Page %s was deleted while its handout rendered; nothing stored.", page_id
        )
        return None
    store.prune_stale(page_id=page_id)
    return stored.id


@task()
def render_standard_handouts(page_ids: list[int]) -> int:
    """Render the standard handouts of many live articles (after a bulk publish, e.g. an import).
    One article that fails to render is logged and skipped. Returns how many were stored."""
    done = 0
    for page_id in page_ids:
        try:
            done += render_standard_handout.call(page_id) is not None
        except Exception:
            logging.getLogger(__name__).exception(
                "Could not render the handout of page %s", page_id
            )
    return done


@task()
def prune_stale_handouts(page_id: int | None = None) -> int:
    """Delete stored handouts that can no longer be served (old revision or old context)."""
    from . import store

    return store.prune_stale(page_id=page_id)


@task()
def delete_page_handouts(page_id: int) -> None:
    from . import store

    store.delete_for_page(page_id)


def _forget_and_rerender(page_ids) -> int:
    """Delete the stored handouts of these pages; render the standard handout of each live article
    among them again (in the background, when rendering on publish is on). Returns the count."""
    from django.conf import settings

    from articles.models import ArticlePage

    from . import store

    deleted = store.delete_for_pages(page_ids)
    if deleted and getattr(settings, "HANDOUTS_RENDER_ON_PUBLISH", True):
        live = ArticlePage.objects.live().filter(id__in=page_ids).values_list("id", flat=True)
        for page_id in live:
            render_standard_handout.enqueue(page_id)
    return deleted


@task()
def forget_practitioner_handouts(practitioner_id: int) -> int:
    """Delete the stored handouts of every article whose live page or any stored revision names
    this practitioner (as reviewer or author); re-render the live standard handouts. Returns how
    many stored handouts were deleted."""
    from django.db.models import Q
    from wagtail.models import Revision

    from articles.models import ArticlePage

    from .models import StoredHandout

    stored_pages = StoredHandout.objects.values("page_id")
    live = ArticlePage.objects.filter(
        Q(reviewed_by_id=practitioner_id) | Q(author_id=practitioner_id), id__in=stored_pages
    ).values_list("id", flat=True)
    drafts = (
        Revision.objects.filter(
            Q(content__reviewed_by=practitioner_id) | Q(content__author=practitioner_id),
            id__in=StoredHandout.objects.values("revision_id"),
        )
        .values_list("object_id", flat=True)
        .distinct()
    )
    page_ids = set(live) | {int(object_id) for object_id in drafts}
    # A deleted practitioner has already been unlinked from the live pages (SET_NULL), so this
    # finds those through their revisions, which still hold the id.
    return _forget_and_rerender(page_ids)


@task()
def forget_image_handouts(image_id: int) -> int:
    """Delete the stored handouts that print this image: every handout when it is the clinic's
    logo, otherwise those of the articles that use it (Wagtail's reference index). Re-renders the
    live standard handouts. Returns how many stored handouts were deleted."""
    from wagtail.images import get_image_model

    from clinic.http.images import pages_using_image
    from clinic.models import ClinicSettings

    from .models import StoredHandout

    if ClinicSettings.objects.filter(logo_id=image_id).exists():
        page_ids = set(StoredHandout.objects.values_list("page_id", flat=True))
    else:
        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None:
            return 0
        page_ids = pages_using_image(image)
    return _forget_and_rerender(page_ids)
