"""Admin table columns shared by the article listing and the review report: the reading level and
the plain-language checklist score, both sortable (stored on the page at each save)."""

from wagtail.admin.ui.tables import Column

from .models import TARGET_READING_GRADE


class ReadingGradeColumn(Column):
    """The Flesch–Kincaid grade, flagged when above the target."""

    cell_template_name = "articles/admin/reading_grade_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["target"] = TARGET_READING_GRADE
        grade = instance.reading_grade
        context["above_target"] = grade is not None and grade > TARGET_READING_GRADE
        # Spanish articles have no grade: their INFLESZ score and band instead.
        ease = getattr(instance, "reading_ease_es", None)
        if instance.locale.language_code == "es":
            context["untranslated"] = len(instance.untranslated_segments())
        if grade is None and ease is not None:
            from .readability_es import TARGET_SCORE, inflesz_band

            context["ease"] = ease
            context["ease_band"] = inflesz_band(ease)
            context["below_ease_target"] = ease < TARGET_SCORE
            context["ease_target"] = TARGET_SCORE
        return context


class PlainScoreColumn(Column):
    """The plain-language checklist score (stored on save), flagged below the CCI's pass mark."""

    cell_template_name = "articles/admin/plain_score_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        from .plain_language.checklist import TARGET_SCORE

        context = super().get_cell_context_data(instance, parent_context)
        context["target"] = TARGET_SCORE
        return context
