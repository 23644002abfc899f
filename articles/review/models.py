"""The Medical review task and the review record (the history of every article's reviews)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class ReviewRefused(Exception):
    """An approval that cannot be recorded (the reason is in the message, for the reviewer)."""


class MedicalReviewTask(AbstractGroupApprovalTask):
    """Members of the chosen groups approve an article's latest revision. Approving records, on that
    revision, the reviewer's practitioner and the date (the page's "Medically reviewed by … on …"),
    and a `ReviewRecord`; requesting changes records the comment. A reviewer whose user account is
    not linked to a practitioner cannot approve (Snippets → Practitioners → "Reviewer account")."""

    def on_action(self, task_state, user, action_name, **kwargs):
        from articles.review import records

        page = task_state.workflow_state.content_object.specific
        comment = kwargs.get("comment", "") or ""
        if action_name == "approve":
            try:
                records.check_can_approve(page, user)
            except ReviewRefused as refusal:
                # Nothing approved, nothing published: the view redirects here and shows why.
                return records.refusal_url(page, str(refusal))
            records.record_approval(
                page.get_latest_revision(),
                records.practitioner_for(user),
                user=user,
                comment=comment,
            )
        elif action_name == "reject":
            records.record(
                page, task_state.revision, ReviewRecord.REJECTED, user=user, comment=comment
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve health articles; the approval records the "
            "reviewing practitioner and the date on the version that goes live"
        )

    class Meta:
        verbose_name = "Medical review task"
        verbose_name_plural = "Medical review tasks"


class ReviewRecord(models.Model):
    """One event in an article's medical review history: which revision, what happened, who."""

    APPROVED = "approved"
    REJECTED = "rejected"
    UNREVIEWED = "published_unreviewed"
    ACTIONS = [
        (APPROVED, "Approved"),
        (REJECTED, "Changes requested"),
        (UNREVIEWED, "Published without medical review"),
    ]

    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="review_records",
        help_text="The article.",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version reviewed or published.",
    )
    action = models.CharField(max_length=24, choices=ACTIONS, help_text="What happened.")
    practitioner = models.ForeignKey(
        "articles.Practitioner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_records",
        help_text="The reviewing practitioner (approvals).",
    )
    practitioner_name = models.CharField(
        max_length=200, blank=True, help_text="The practitioner's name and credentials then."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The staff account that acted (empty: a command or scheduled publishing).",
    )
    username = models.CharField(max_length=150, blank=True, help_text="That account's name then.")
    comment = models.TextField(blank=True, help_text="The reviewer's comment.")
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="The review date shown to patients (approvals)."
    )
    created_at = models.DateTimeField(db_index=True, help_text="When it happened.")
    language_code = models.CharField(max_length=12, help_text="The article's language.")
    title = models.CharField(max_length=255, help_text="The article's title in that revision.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "action", "-created_at"], name="review_page_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.title} ({self.created_at:%Y-%m-%d})"

    @property
    def version_id(self) -> str:
        return version_id(self.revision_id) if self.revision_id else ""


def version_id(revision_id: int) -> str:
    """A short, stable id for a revision, printed on handouts: 'v' and the revision number."""
    return f"v{revision_id}"
