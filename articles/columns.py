"""Admin table columns shared by the article listing and the review report: the reading level and
the plain-language checklist score, both sortable (stored on the page at each save), and the
Spanish translation's state.

What a cell needs beyond its own row (languages, the Spanish translation, review times, untranslated
segments) is read once for all the table's rows (`ListingFacts`), so a listing's queries do not grow
with its rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.admin.ui.tables import Column

from .models import TARGET_READING_GRADE


@dataclass
class ListingFacts:
    languages: dict = field(default_factory=dict)  # page id → language code
    untranslated: dict = field(default_factory=dict)  # page id → untranslated segments
    spanish: dict = field(default_factory=dict)  # English page id → "Draft", "Up to date", …

    @classmethod
    def for_rows(cls, rows) -> ListingFacts:
        from wagtail.models import Locale, Page

        from .review.records import missing_segment_counts
        from .review.status import approval_times, compare

        rows = list(rows)
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        languages = {row.pk: codes.get(row.locale_id, "") for row in rows}
        english = [row for row in rows if languages[row.pk] == "en"]
        translations = {
            key: (pk, live, published)
            for pk, key, live, published in Page.objects.filter(
                translation_key__in=[row.translation_key for row in english],
                locale__language_code="es",
            ).values_list("pk", "translation_key", "live", "last_published_at")
        }
        times = approval_times(
            [row.pk for row in english] + [pk for pk, _live, _at in translations.values()]
        )
        spanish = {}
        for row in english:
            translation = translations.get(row.translation_key)
            if translation is None:
                spanish[row.pk] = "Not translated"
            elif not translation[1]:
                spanish[row.pk] = "Draft"
            else:
                pk, _live, published = translation
                spanish[row.pk] = compare(
                    times.get(pk), published, times.get(row.pk), row.last_published_at
                )
        untranslated = missing_segment_counts(
            [row for row in rows if languages[row.pk] not in ("en", "")]
        )
        return cls(languages=languages, untranslated=untranslated, spanish=spanish)

    @classmethod
    def of_table(cls, parent_context) -> ListingFacts:
        """The facts of the table being rendered, read on its first cell."""
        table = parent_context["table"]
        facts = getattr(table, "_article_listing_facts", None)
        if facts is None:
            facts = table._article_listing_facts = cls.for_rows(table.data)
        return facts


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
        facts = ListingFacts.of_table(parent_context)
        if facts.languages.get(instance.pk) == "es":
            context["untranslated"] = facts.untranslated.get(instance.pk, 0)
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


class SpanishTranslationColumn(Column):
    """On English articles: whether a Spanish translation exists, and whether it is out of date
    (the English page has a newer medical review than the Spanish one)."""

    def get_value(self, instance):
        return "—"  # the cell's value comes from the table's facts, below

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        facts = ListingFacts.of_table(parent_context)
        context["raw_value"] = context["value"] = facts.spanish.get(instance.pk, "—")
        return context
