"""Admin views: the review history of one article and of the whole site (both with CSV/XLSX
export), the message of a refused approval, and submitting a translation to Medical review."""

from __future__ import annotations

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from articles.reports import EditablePagesMixin
from articles.review import records
from articles.review.models import ReviewRecord


def _editable_page(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def refused(request, page_id):
    """Shows why an approval was refused (the workflow's modal redirects here) and goes on to
    the editor. Only a message this site signed is shown; nothing else happens here."""
    from django.core import signing

    page = _editable_page(request, page_id)
    try:
        message = signing.loads(request.GET.get("m") or "", salt=records.REFUSAL_SALT, max_age=3600)
    except signing.BadSignature:
        message = ""
    if message:
        messages.error(request, str(message)[:1000])
    return redirect("wagtailadmin_pages:edit", page.pk)


@require_http_methods(["GET", "POST"])
def submit_translation(request, page_id):
    """Start the page's workflow (Medical review) for a translation: wagtail-localize's editor,
    which replaces the page editor for translations, has no "Submit" of its own. GET asks to
    confirm; POST submits. Refused while segments are untranslated."""
    page = _editable_page(request, page_id)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    if not page.permissions_for_user(request.user).can_submit_for_moderation():
        raise PermissionDenied
    if request.method == "GET":
        return TemplateResponse(
            request,
            "articles/admin/submit_translation.html",
            {"page": page, "header_title": f"Submit to Medical review: {page.title}"},
        )
    missing = records.missing_segments(page)
    if missing:
        messages.error(request, records.missing_message(page, missing))
        return redirect(edit_url)
    workflow = page.get_workflow()
    if workflow is None or page.workflow_in_progress:
        messages.error(request, f"“{page.title}” cannot be submitted now.")
        return redirect(edit_url)
    workflow.start(page, request.user)
    messages.success(request, f"“{page.title}” has been submitted to {workflow.name}.")
    return redirect(edit_url)


ACTION_LABELS = dict(ReviewRecord.ACTIONS)


class ReviewRecordFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label="Date", widget=DateRangePickerWidget, method="filter_dates"
    )
    action = django_filters.ChoiceFilter(label="What happened", choices=ReviewRecord.ACTIONS)
    language_code = django_filters.ChoiceFilter(
        label="Language", choices=[("en", "English"), ("es", "Spanish")]
    )

    def filter_dates(self, queryset, name, value):
        if value.start:
            queryset = queryset.filter(created_at__date__gte=value.start)
        if value.stop:
            queryset = queryset.filter(created_at__date__lte=value.stop)
        return queryset

    class Meta:
        model = ReviewRecord
        fields = ["created_at", "action", "language_code"]


class ActionColumn(Column):
    def get_value(self, instance):
        return ACTION_LABELS.get(instance.action, instance.action)


class ArchivedHandoutColumn(Column):
    """A link to print an approved version's handout as archived (the route is the handouts
    app's, found by name: articles imports nothing from handouts)."""

    cell_template_name = "articles/admin/archived_handout_cell.html"

    def get_value(self, instance):
        if instance.action != ReviewRecord.APPROVED or not instance.revision_id:
            return ""
        try:
            return reverse("handouts_archived_pdf", args=[instance.page_id, instance.revision_id])
        except NoReverseMatch:
            return ""


class BaseReviewHistoryView(ReportView):
    header_icon = "history"
    paginate_by = 50
    model = ReviewRecord
    filterset_class = ReviewRecordFilterSet
    list_export = [
        "created_at",
        "title",
        "language_code",
        "action",
        "version_id",
        "practitioner_name",
        "username",
        "reviewed_on",
        "comment",
    ]
    export_headings = {
        "created_at": "When",
        "title": "Article",
        "language_code": "Language",
        "action": "What happened",
        "version_id": "Version",
        "practitioner_name": "Reviewer",
        "username": "Account",
        "reviewed_on": "Review date shown",
        "comment": "Comment",
    }
    columns = [
        DateColumn("created_at", label="When"),
        Column("title", label="Article"),
        Column("language_code", label="Language"),
        ActionColumn("action", label="What happened"),
        Column("version_id", label="Version"),
        Column("practitioner_name", label="Reviewer"),
        Column("username", label="Account"),
        Column("comment", label="Comment"),
        ArchivedHandoutColumn("handout", label="Handout"),
    ]

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["action"] = ACTION_LABELS.get(item.action, item.action)
        return row


class PageReviewHistoryView(BaseReviewHistoryView):
    """One article's history: every approval, request for changes and publish without review."""

    index_url_name = "medical_review_history"
    index_results_url_name = "medical_review_history_results"

    @cached_property
    def page(self):
        return _editable_page(self.request, self.kwargs["page_id"])

    @property
    def page_title(self):
        return f"Medical review history: {self.page.get_admin_display_title()}"

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.page.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.page.pk])

    def dispatch(self, request, *args, **kwargs):
        _editable_page(request, kwargs["page_id"])  # 404/403 before anything else
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return ReviewRecord.objects.filter(page=self.page)

    def get_filename(self):
        return f"medical-review-history-{self.page.slug}-{datetime.date.today():%Y-%m-%d}"


class ReviewReportView(EditablePagesMixin, BaseReviewHistoryView):
    """Every article's reviews: "what did our site say, reviewed by whom, on 2 March"."""

    page_title = "Medical reviews"
    index_url_name = "medical_reviews"
    index_results_url_name = "medical_reviews_results"

    def get_queryset(self):
        return ReviewRecord.objects.filter(page__in=self.editable_page_ids())

    def get_filename(self):
        return f"medical-reviews-{datetime.date.today():%Y-%m-%d}"


def _update_translations_view_class():
    from wagtail_localize.views.update_translations import UpdateTranslationsView

    from articles.review.gate import ReviewRequired

    class ReviewedUpdateTranslationsView(UpdateTranslationsView):
        """wagtail-localize's "Sync translated pages" with the medical review gate in view: its
        "Publish immediately" box is off for staff who may not publish a health article (the
        updated translations stay drafts, to be translated and submitted to Medical review), and a
        publish the gate refuses (new English text not translated yet) updates the drafts and says
        why nothing went live, instead of a bare "403 Forbidden"."""

        def is_gated(self) -> bool:
            model = self.object.specific_content_type.model_class()
            return bool(getattr(model, "medical_review_gate", False))

        template_name = "articles/admin/update_translations.html"

        def may_publish(self) -> bool:
            return not self.is_gated() or self.request.user.is_superuser

        def get_form(self):
            form = super().get_form()
            if not self.may_publish():
                del form.fields["publish_translations"]  # a forged tick is ignored too
            return form

        def get_context_data(self, **kwargs):
            return {**super().get_context_data(**kwargs), "may_publish": self.may_publish()}

        def form_valid(self, form):
            form.cleaned_data.setdefault("publish_translations", False)
            try:
                return super().form_valid(form)
            except ReviewRequired as refusal:
                # wagtail-localize publishes once the sync has committed: the drafts are updated,
                # only the publish was refused.
                messages.warning(
                    self.request, f"The translations were updated as drafts. {refusal}"
                )
                return redirect(self.get_success_url() or self.get_default_success_url())

    return ReviewedUpdateTranslationsView


def update_translations(request, translation_source_id):
    view = _update_translations_view_class().as_view()
    return view(request, translation_source_id=translation_source_id)
