"""Whether a translation is out of date against its English source's review: the English page got
a newly reviewed version after the translation's own review."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from articles.review.models import ReviewRecord


def latest_approval(page_ref) -> Subquery:
    """The time of the latest approval of the page `page_ref` (an OuterRef to a page id)."""
    return Subquery(
        ReviewRecord.objects.filter(page_id=page_ref, action=ReviewRecord.APPROVED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def source_approval():
    """The latest approval of the English page of the same article (for an annotation)."""
    from wagtail.models import Page

    english = Page.objects.filter(
        translation_key=OuterRef(OuterRef("translation_key")), locale__language_code="en"
    ).values("pk")[:1]
    return Subquery(
        ReviewRecord.objects.filter(page_id=Subquery(english), action=ReviewRecord.APPROVED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def with_review_times(pages):
    """Annotate `approved_at` (the page's latest approval) and `source_approved_at` (its English
    page's)."""
    return pages.annotate(
        approved_at=latest_approval(OuterRef("pk")), source_approved_at=source_approval()
    )


def translation_status(translation, source) -> str:
    """For the listing: a translation against its English `source`."""
    if not translation.live:
        return "Draft"
    times = approval_times([translation.pk, source.pk])
    return compare(
        times.get(translation.pk),
        translation.last_published_at,
        times.get(source.pk),
        source.last_published_at,
    )


def approval_times(page_ids) -> dict:
    """{page id: the time of its latest approval} for the pages that have one. One query."""
    from django.db.models import Max

    return dict(
        ReviewRecord.objects.filter(page_id__in=list(page_ids), action=ReviewRecord.APPROVED)
        .order_by()
        .values("page_id")
        .annotate(at=Max("created_at"))
        .values_list("page_id", "at")
    )


def compare(own_approved, own_published, source_approved, source_published) -> str:
    """ "Up to date" or "Out of date": a live translation's review against its source's."""
    source_at, own_at = source_approved, own_approved
    if source_at is None:
        # Never reviewed in English: compare publishing times, as before reviews were recorded.
        source_at, own_at = source_published, own_published
    if own_at is None or (source_at and source_at > own_at):
        return "Out of date"
    return "Up to date"
