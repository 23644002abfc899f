"""Writing the review record: an approval sets the reviewed date and the reviewer on the revision
that goes live (the page shows them from there) and adds a `ReviewRecord`; rejections and
publishes without review add a record only."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from articles.review.models import ReviewRecord, ReviewRefused


def practitioner_for(user):
    """The practitioner a staff account reviews as, or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    from articles.models import Practitioner

    return Practitioner.objects.filter(user=user).first()


def missing_segments(page) -> list[str]:
    """The source texts of a translated page's segments that have no translation yet (empty for a
    page that is not a wagtail-localize translation)."""
    from wagtail_localize.models import StringSegment, Translation

    translation = (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )
    if translation is None or translation.source.locale_id == page.locale_id:
        return []
    segments = (
        StringSegment.objects.filter(source=translation.source)
        .annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .select_related("string")
        .order_by("order")
    )
    return [segment.string.data for segment in segments]


def missing_segment_counts(pages) -> dict[int, int]:
    """{page id: how many of its segments are untranslated} for translated pages among `pages`:
    `len(missing_segments(page))` for a whole admin listing in two queries per target language."""
    from django.db.models import Count
    from wagtail_localize.models import StringSegment, Translation

    pages = [page for page in pages if page.pk and page.locale_id]
    if not pages:
        return {}
    translations = {}
    for translation in (
        Translation.objects.filter(
            source__object_id__in={page.translation_key for page in pages},
            target_locale_id__in={page.locale_id for page in pages},
            enabled=True,
        )
        .select_related("source", "target_locale")
        .order_by("pk")
    ):
        key = (str(translation.source.object_id), translation.target_locale_id)
        translations.setdefault(key, translation)  # the first, as missing_segments takes it
    by_locale: dict = {}
    for translation in translations.values():
        if translation.source.locale_id != translation.target_locale_id:
            by_locale.setdefault(translation.target_locale, []).append(translation.source_id)
    missing = {}
    for locale, source_ids in by_locale.items():
        for source_id, count in (
            StringSegment.objects.filter(source_id__in=source_ids)
            .annotate_translation(locale)
            .filter(translation__isnull=True)
            .order_by()
            .values("source_id")
            .annotate(count=Count("pk"))
            .values_list("source_id", "count")
        ):
            missing[(source_id, locale.pk)] = count
    counts = {}
    for page in pages:
        translation = translations.get((str(page.translation_key), page.locale_id))
        if translation is not None and translation.source.locale_id != page.locale_id:
            counts[page.pk] = missing.get((translation.source_id, page.locale_id), 0)
    return counts


def missing_message(page, missing: list[str]) -> str:
    shown = "; ".join(f"“{text[:60]}”" for text in missing[:5])
    more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
    return (
        f"“{page.title}” has {len(missing)} untranslated segment(s): {shown}{more}. Translate "
        "them before submitting it for medical review or publishing it."
    )


def check_can_approve(page, user) -> None:
    """Raise ReviewRefused when `user` cannot approve `page` now."""
    if practitioner_for(user) is None:
        raise ReviewRefused(
            f"Your account ({user.get_username()}) is not linked to a practitioner, so your "
            "approval cannot be recorded and nothing was published. Ask an administrator to "
            "choose your account as the practitioner's “Reviewer account” (Snippets → "
            "Practitioners)."
        )
    missing = missing_segments(page)
    if missing:
        raise ReviewRefused(missing_message(page, missing))


def refusal_url(page, message: str) -> str:
    """Where the workflow view sends a refused approval: a view that shows `message` and goes on
    to the page's editor. The message is signed: a crafted link shows nothing."""
    from django.core import signing

    token = signing.dumps(message, salt=REFUSAL_SALT, compress=True)
    return reverse("medical_review_refused", args=[page.pk]) + "?" + urlencode({"m": token})


REFUSAL_SALT = "articles.review.refused"


def record(page, revision, action, *, user=None, practitioner=None, comment="", reviewed_on=None):
    return ReviewRecord.objects.create(
        page_id=page.pk,
        revision=revision,
        action=action,
        practitioner=practitioner,
        practitioner_name=practitioner.display_name if practitioner else "",
        user=user if getattr(user, "pk", None) else None,
        username=user.get_username() if getattr(user, "pk", None) else "",
        comment=comment or "",
        reviewed_on=reviewed_on,
        created_at=timezone.now(),
        language_code=page.locale.language_code,
        title=(revision.content.get("title") if revision else None) or page.title,
    )


def record_approval(
    revision, practitioner, *, user=None, comment="", on: datetime.date | None = None
):
    """Approve `revision`: its content gets the review date and reviewer (what the page shows when
    it goes live), and the history a record."""
    on = on or timezone.localdate()
    set_review_fields(revision, on, practitioner)
    page = revision.content_object
    return record(
        page,
        revision,
        ReviewRecord.APPROVED,
        user=user,
        practitioner=practitioner,
        comment=comment,
        reviewed_on=on,
    )


def set_review_fields(revision, on, practitioner) -> None:
    revision.content["last_reviewed"] = on.isoformat() if on else None
    revision.content["reviewed_by"] = practitioner.pk if practitioner else None
    revision.save(update_fields=["content"])


def approval_for(revision):
    """The approval record of `revision`, or None."""
    if revision is None or not revision.pk:
        return None
    return (
        ReviewRecord.objects.filter(revision=revision, action=ReviewRecord.APPROVED)
        .select_related("practitioner")
        .first()
    )
