"""Remembered render failures, and what patients and staff see instead of a PDF.

A failure is kept under the store key of the handout it was meant to be (page · revision · variant
· context version), so a request for the same thing answers at once from the database instead of
rendering again; a new revision (the editor fixed the article) or a new context tries once more.

Patients get the site's friendly page (503 with Retry-After: nothing they did is wrong, and a
shared cache must not keep it): the article's title, a link back to it, the clinic's phone number.
Staff (the admin handout, the handout preview) get the reason in words they can act on.
"""

from __future__ import annotations

import logging

from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from .isolation import RenderFailed
from .models import HandoutRenderFailure

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 3600


def remembered(key: str) -> HandoutRenderFailure | None:
    return HandoutRenderFailure.objects.filter(key=key).first()


def as_error(failure: HandoutRenderFailure) -> RenderFailed:
    return RenderFailed(failure.reason, failure.detail, failure.seconds)


def record(key, page, revision_id, variant, version, error: RenderFailed) -> RenderFailed:
    """Remember `error` for this key (inside the caller's render lock, so that whoever waits for
    the lock finds it). Logs one line: the page and the reason, never the content."""
    HandoutRenderFailure.objects.update_or_create(
        key=key,
        defaults={
            "page_id": page.id,
            "revision_id": revision_id,
            "variant": variant.key,
            "context_version": version,
            "reason": error.reason,
            "detail": error.detail[:2000],
            "seconds": round(error.seconds, 3),
        },
    )
    logger.warning(
        "Handout of page %s (revision %s, %s) not rendered: %s after %.1f s",
        page.id,
        revision_id,
        variant.key,
        error.reason,
        error.seconds,
    )
    return error


def delete_for_pages(page_ids) -> int:
    deleted, _ = HandoutRenderFailure.objects.filter(page_id__in=list(page_ids)).delete()
    return deleted


def prune_stale(current_version: str, page_id: int | None = None) -> int:
    """Forget failures that can no longer be asked for, by the stored handouts' rule: another
    context version, or a revision that is neither the page's live nor its latest one."""
    from wagtail.models import Page

    rows = HandoutRenderFailure.objects.all()
    if page_id is not None:
        rows = rows.filter(page_id=page_id)
    pages = {
        p["id"]: (p["live_revision_id"], p["latest_revision_id"])
        for p in Page.objects.filter(id__in=rows.values("page_id")).values(
            "id", "live_revision_id", "latest_revision_id"
        )
    }
    stale = [
        row.id
        for row in rows.only("id", "page_id", "revision_id", "context_version")
        if row.context_version != current_version
        or row.revision_id not in pages.get(row.page_id, ())
    ]
    HandoutRenderFailure.objects.filter(id__in=stale).delete()
    return len(stale)


def patient_response(request, page) -> TemplateResponse:
    """The friendly page for a public handout that cannot be printed: 503, never cached."""
    response = TemplateResponse(
        request, "handouts/unavailable.html", {"page": page, "article_url": page.url}, status=503
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, private=True, no_store=True)
    # Logged once, when the failure was recorded; not again as an error on every request.
    response._has_been_logged = True
    return response


def staff_response(request, page, error: RenderFailed, *, status=503) -> TemplateResponse:
    """Staff: why the handout of `page` could not be made, and where to fix it."""
    response = TemplateResponse(
        request,
        "handouts/admin/failed.html",
        {
            "page": page,
            "error": error,
            "reason_label": dict(HandoutRenderFailure.REASONS).get(error.reason, error.reason),
            "header_title": f"Handout not printed: {page.title}",
        },
        status=status,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
