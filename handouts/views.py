"""Serving handouts: the public `<article url>handout/` route and the staff admin views."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from wagtail.models import Page, Site

from clinic.http.cache import allow_public_cache, expires_within
from clinic.http.ranges import byte_range_response

from . import counts, failures, render, store
from .isolation import RenderFailed
from .models import PrintCount


def pdf_response(request, pdf, pages: int, filename: str, *, private: bool) -> HttpResponse:
    """A stored PDF, shown inline in the browser. A public one may be kept by shared caches, which
    are purged when the article is published, unpublished, moved or restricted (clinic.http.purge);
    browsers revalidate it every time (see clinic.http.cache), with its ETag, and PDF viewers may
    ask for byte ranges (clinic.http.ranges). The fast path (handouts.fastpath) and its page-cache
    hits answer through here too, so all give the same validator for the same bytes. A public
    handout is kept no later than midnight: it prints the day's date."""
    response = byte_range_response(request, bytes(pdf), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Handout-Pages"] = str(pages)
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        allow_public_cache(request)
        expires_within(seconds_until_tomorrow())
    return response


def seconds_until_tomorrow() -> int:
    import datetime

    from django.utils import timezone

    now = timezone.localtime()
    tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return max(1, int((timezone.make_aware(tomorrow, now.tzinfo) - now).total_seconds()))


def _bytes_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def serve_public_handout(request, page):
    """The live article as a PDF. Wagtail's router only reaches a live page, and its
    before_serve_page hook has already enforced the page's view restrictions (password, login,
    groups) for this sub-route exactly as for the HTML page."""
    if not page.live:
        raise Http404
    variant = render.Variant.from_query(request.GET)
    site = Site.find_for_request(request) or page.get_site()  # cached on the request by the router
    try:
        stored = store.get_or_render(page, variant, site)
    except render.UnknownLocation:
        raise Http404("No such location.") from None
    except RenderFailed:
        return failures.patient_response(request, page)
    # Already evaluated (and cached on the page) by Wagtail's view-restriction hook for this request.
    restricted = page.get_view_restrictions().exists()
    counts.record_public(request, page.id, variant, page.locale.language_code)
    return pdf_response(
        request, stored.pdf, stored.pages, variant.filename(page.slug), private=restricted
    )


def _editable_article(request, page_id):
    from articles.models import ArticlePage

    page = get_object_or_404(Page, id=page_id).specific
    if not isinstance(page, ArticlePage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


# Rich text block keys are regenerated whenever an editor saves a paragraph; they print nothing.
BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')
# The version line names the revision a sheet was printed from: another revision, same words.
VERSION = re.compile(
    r'(<span class="meta__sep"> · </span>| · )?<span class="handout-version">.*?</span>'
)


def prints_as_live(page, revision_object, site) -> bool:
    """Whether a newer revision prints exactly like the live page. Wagtail 8 autosaves the editor's
    form once it sees it change, and a form whose editors are still loading 2 s after the page
    opens (a slow machine) "changes" by itself: that revision is a copy of the live article and
    must not print as a draft."""
    variant = render.Variant()
    live_html = render.render_html(page, variant, site)
    latest_html = render.render_html(revision_object, variant, site)

    def words(html):
        return VERSION.sub("", BLOCK_KEY.sub("", html))

    return words(live_html) == words(latest_html)


def admin_handout(request, page_id):
    """Staff: the LATEST revision (drafts included) as a PDF, for users who may edit the page."""
    page = _editable_article(request, page_id)
    variant = render.Variant.from_query(request.GET)
    latest = page.get_latest_revision()
    obj = page.get_latest_revision_as_object()
    revision_id = latest.id if latest else page.live_revision_id
    is_draft = not page.live or (latest is not None and latest.id != page.live_revision_id)
    site = page.get_site()
    if is_draft and page.live and prints_as_live(page, obj, site):
        obj, revision_id, is_draft = page, page.live_revision_id, False
    try:
        stored = store.get_or_render(obj, variant, site, revision_id=revision_id, is_draft=is_draft)
    except render.UnknownLocation:
        raise Http404("No such location.") from None
    except RenderFailed as error:
        return failures.staff_response(request, page, error)
    counts.record_pages([obj], variant=variant, channel=PrintCount.ADMIN)
    return pdf_response(
        request, stored.pdf, stored.pages, variant.filename(page.slug), private=True
    )


def admin_handout_options(request, page_id):
    """Staff: choose the location and print size, then open the PDF."""
    from locations.models import live_locations

    page = _editable_article(request, page_id)
    return TemplateResponse(
        request,
        "handouts/admin/options.html",
        {
            "page": page,
            "locations": live_locations(),
            "header_title": f"Handout options: {page.title}",
            "page_title": "Handout options",
            "page_subtitle": page.title,
            "header_icon": "doc-full",
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.id]),
        },
    )


def preview_response(request, page) -> HttpResponse:
    """The "Handout (PDF)" preview mode: the unsaved form state, rendered as the real PDF."""
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    try:
        pdf = render.render_pdf(
            page, render.Variant(), site, is_draft=page.id is None or not page.live
        )
    except RenderFailed as error:  # the unsaved form: shown, not remembered
        return failures.staff_response(request, page, error)
    return _bytes_response(pdf, f"{page.slug or 'preview'}.pdf")


def admin_archived_handout(request, page_id, revision_id):
    """Staff: the handout of a past approved version, marked "Archived version, as published on
    …", without a QR code or link to the live page (it may say something else now). Rendered on
    request, never stored or counted as a print of the live article."""
    from articles.review.models import ReviewRecord

    page = _editable_article(request, page_id)
    revision = get_object_or_404(page.revisions, pk=revision_id)
    approval = ReviewRecord.objects.filter(revision=revision, action=ReviewRecord.APPROVED).first()
    if approval is None:
        raise Http404("Only versions approved in Medical review are reprinted.")
    obj = revision.as_object()
    obj.handout_revision_id = revision.pk
    variant = render.Variant.from_query(request.GET)
    try:
        rendered = render.render_handout(
            obj, variant, page.get_site(), archived_on=published_on(page, revision, approval)
        )
    except render.UnknownLocation:
        raise Http404("No such location.") from None
    except RenderFailed as error:
        return failures.staff_response(request, page, error)
    return _bytes_response(rendered.pdf, f"{page.slug}-archived-v{revision.pk}.pdf")


def published_on(page, revision, approval):
    """The date `revision` went live (its publish log entry), else the day it was approved."""
    from django.utils import timezone
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page=page, revision=revision, action="wagtail.publish")
        .order_by("timestamp")
        .first()
    )
    moment = entry.timestamp if entry else approval.created_at
    return timezone.localtime(moment).date()
