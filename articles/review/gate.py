"""The one gate every publish of an article passes (`ArticlePage.publish`): the editor's and the
superuser's Publish, bulk publish, the workflow's approval, scheduled publishing, wagtail-localize's
own publish buttons and its "publish translations" after a sync. Views add friendlier refusals in
front of it (hooks), but this is what holds.

- A revision with an approval record goes live (the approval wrote its review line).
- A scheduled revision going live (no user, `approved_go_live_at` set) was let through when it was
  scheduled, and goes live as it was then.
- Otherwise the person acting is the user passed in, or, when none is (wagtail-localize publishes
  "on commit" without one), the author of the revision:
  - a superuser may publish directly: recorded as "published without medical review", and the
    revision's review line is cleared (its words were not reviewed);
  - anyone else is refused (nothing changes);
  - nobody (a command, the demo loader, tests): recorded as published without review, the
    revision left as the code wrote it.
- A translation with untranslated segments is refused to any person.
"""

from __future__ import annotations

from wagtail.actions.publish_revision import PublishPermissionError

from articles.review import records
from articles.review.models import ReviewRecord


class ReviewRequired(PublishPermissionError):
    """Publishing this revision needs a medical review first."""


REVIEW_REQUIRED_MESSAGE = (
    "Health articles go live only through Medical review: use “Submit to Medical review”. "
    "Nothing was published."
)


def acting_user(revision, user):
    if user is not None:
        return user
    return revision.user


def check_publish(page, revision, user) -> None:
    """Raise ReviewRequired, or let the publish of `revision` go on (recording it when it was not
    reviewed)."""
    if records.approval_for(revision) is not None:
        return
    if user is None and revision.approved_go_live_at is not None:
        return  # the scheduled go-live of a publish that passed this gate when it was scheduled
    person = acting_user(revision, user)
    if person is not None:
        missing = records.missing_segments(page)
        if missing:
            raise ReviewRequired(records.missing_message(page, missing))
        if not person.is_superuser:
            raise ReviewRequired(REVIEW_REQUIRED_MESSAGE)
        records.set_review_fields(revision, None, None)
    records.record(page, revision, ReviewRecord.UNREVIEWED, user=person)


def refusal_for(page, user) -> str | None:
    """Why `user` may not publish `page`'s new revision now (for the views' friendly refusals),
    or None when the gate would let them."""
    missing = records.missing_segments(page)
    if missing:
        return records.missing_message(page, missing)
    if not user.is_superuser:
        return REVIEW_REQUIRED_MESSAGE
    return None
