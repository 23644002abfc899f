"""The editor's reading-level panel."""

from __future__ import annotations

from wagtail.admin.panels import (
    Panel,
)

from articles.models.constants import TARGET_READING_GRADE


class ReadingLevelPanel(Panel):
    """Read-only panel in the editor: the stored Flesch–Kincaid grade against the target, reading time
    and word count. The numbers are those of the last saved draft (they are recomputed on every save)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            from articles.readability_es import TARGET_SCORE, inflesz_band

            page = self.instance
            grade = getattr(page, "reading_grade", None)
            ease = getattr(page, "reading_ease_es", None)
            locale = getattr(page, "locale", None) if getattr(page, "locale_id", None) else None
            spanish = bool(locale and locale.language_code == "es")
            untranslated = page.untranslated_segments() if spanish else []
            context.update(
                {
                    "spanish": spanish,
                    "untranslated_count": len(untranslated),
                    "ease": ease,
                    "ease_band": inflesz_band(ease),
                    "ease_target": TARGET_SCORE,
                    "ease_on_target": ease is not None and ease >= TARGET_SCORE,
                    "grade": grade,
                    "target": TARGET_READING_GRADE,
                    "on_target": grade is not None and grade <= TARGET_READING_GRADE,
                    "reading_time": getattr(page, "reading_time", None),
                    "word_count": getattr(page, "word_count", None),
                    "is_new": not getattr(page, "pk", None),
                    "page": page,
                }
            )
            return context


class MedicalReviewPanel(Panel):
    """Read-only: the review line of this version (set by approving it in Medical review, never
    typed), whether this draft still needs a review, and a link to the article's review history."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/medical_review_panel.html"

        def get_context_data(self, parent_context=None):
            from django.urls import reverse

            context = super().get_context_data(parent_context)
            page = self.instance
            live_revision_id = getattr(page, "live_revision_id", None)
            latest = page.get_latest_revision() if getattr(page, "pk", None) else None
            context.update(
                {
                    "last_reviewed": page.last_reviewed,
                    "reviewed_by": page.reviewed_by,
                    "needs_review": bool(latest and latest.pk != live_revision_id),
                    "history_url": reverse("medical_review_history", args=[page.pk])
                    if getattr(page, "pk", None)
                    else None,
                }
            )


class PlainLanguagePanel(Panel):
    """The editor's plain-language findings for the text as it stands (unsaved edits included):
    plain_language.js posts the form to the admin endpoint while staff write."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "articles/admin/plain_language_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            locale = getattr(page, "locale", None) if getattr(page, "locale_id", None) else None
            if locale is None and self.request is not None:
                from wagtail.models import Locale

                code = self.request.GET.get("locale")
                locale = Locale.objects.filter(language_code=code).first() if code else None
            context["language"] = "es" if locale and locale.language_code == "es" else "en"
            return context
