"""Admin report: articles due for a medical review, in both languages (a Language column and filter)."""

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, LocaleColumn, TitleColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn
from wagtail.admin.views.reports import ReportView

from .columns import PlainScoreColumn, ReadingGradeColumn
from .models import ArticlePage, review_cutoff
from .review.status import with_review_times


def review_interval_months() -> int:
    return int(getattr(settings, "ARTICLE_REVIEW_INTERVAL_MONTHS", 12))


def articles_due_for_review(today: datetime.date | None = None):
    """Articles never reviewed, or last reviewed before the review interval (drafts included: staff
    should review before publishing), in every language: a Spanish translation is reviewed on its
    own (its words are not the English ones). Oldest review first, never-reviewed at the top."""
    cutoff = review_cutoff(review_interval_months(), today)
    # last_reviewed / reviewed_by are written from the approval record of the revision that went
    # live (articles.review), so counting them is counting the record. A translation whose English
    # page has a newer approval than its own is due too: its words follow an older English text.
    return (
        with_review_times(ArticlePage.objects.all())
        .filter(
            Q(last_reviewed__isnull=True)
            | Q(last_reviewed__lt=cutoff)
            | Q(source_approved_at__gt=F("approved_at"))
        )
        .select_related("reviewed_by", "locale")
        .order_by(F("last_reviewed").asc(nulls_first=True), "title")
    )


class TranslationColumn(Column):
    """A translation whose English page was reviewed again since its own review."""

    def get_value(self, instance):
        source_at, own_at = instance.source_approved_at, instance.approved_at
        if source_at and own_at and source_at > own_at:
            return f"Out of date (English reviewed {source_at:%Y-%m-%d})"
        return ""


class DueForReviewFilterSet(WagtailFilterSet):
    """Wagtail adds a Locale filter (All / English / Spanish) to a translatable model's filters."""

    class Meta:
        model = ArticlePage
        fields = []


class EditablePagesMixin:
    """A report for staff with page permissions, showing only what pages they may edit."""

    any_permission_required = ["change", "publish"]

    @cached_property
    def permission_policy(self):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy()

    def editable_page_ids(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return editable.values("pk")


class DueForReviewReportView(EditablePagesMixin, ReportView):
    page_title = "Articles due for medical review"
    header_icon = "time"
    index_url_name = "articles_due_for_review"
    index_results_url_name = "articles_due_for_review_results"
    model = ArticlePage
    paginate_by = 50
    filterset_class = DueForReviewFilterSet
    list_export = [
        "title",
        "locale",
        "last_reviewed",
        "reviewed_by",
        "last_updated",
        "live",
        "translation_out_of_date",
        "reading_grade",
        "reading_ease_es",
        "plain_score",
        "url",
    ]
    export_headings = {
        "title": "Title",
        "locale": "Language",
        "last_reviewed": "Last medically reviewed",
        "reviewed_by": "Reviewed by",
        "last_updated": "Updated",
        "live": "Published",
        "translation_out_of_date": "Translation out of date",
        "reading_grade": "Reading grade (English)",
        "reading_ease_es": "INFLESZ (Spanish)",
        "plain_score": "Plain-language score",
        "url": "URL",
    }
    columns = [
        TitleColumn(
            "title",
            label="Article",
            url_name="wagtailadmin_pages:edit",
        ),
        LocaleColumn(label="Language", sort_key=None),
        DateColumn("last_reviewed", label="Last medically reviewed"),
        Column("reviewed_by", label="Reviewed by"),
        DateColumn("last_updated", label="Updated"),
        TranslationColumn("translation", label="Translation"),
        ReadingGradeColumn("reading_grade", label="Reading level", sort_key="reading_grade"),
        PlainScoreColumn("plain_score", label="Plain language", sort_key="plain_score"),
        PageStatusColumn("status", label="Status"),
    ]

    def get_filename(self):
        return f"articles-due-for-review-{datetime.date.today():%Y-%m-%d}"

    def to_row_dict(self, item):
        item.translation_out_of_date = TranslationColumn("translation").get_value(item)
        return super().to_row_dict(item)

    def get_queryset(self):
        # Only the articles this user may edit.
        pages = articles_due_for_review().filter(pk__in=self.editable_page_ids())
        return self.order_queryset(pages)  # the sortable columns (level, plain-language score)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["review_interval_months"] = review_interval_months()
        return context
