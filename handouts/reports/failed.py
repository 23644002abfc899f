"""Admin report: handouts that could not be printed, and why (handouts.failures)."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from handouts.models import HandoutRenderFailure


class FailedHandoutsReportView(ReportView):
    page_title = "Handouts that could not be printed"
    header_icon = "warning"
    index_url_name = "handouts_failed"
    index_results_url_name = "handouts_failed_results"
    model = HandoutRenderFailure
    any_permission_required = ["change"]
    paginate_by = 50
    columns = [
        TitleColumn(
            "page",
            label="Article",
            accessor="page.title",
            get_url=lambda failure: reverse("wagtailadmin_pages:edit", args=[failure.page_id]),
        ),
        Column("variant", label="Variant"),
        Column("reason", label="Why", accessor="get_reason_display"),
        Column("detail", label="What to do"),
        DateColumn("created_at", label="When"),
    ]

    @cached_property
    def permission_policy(self):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy()

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return (
            HandoutRenderFailure.objects.filter(page_id__in=editable.values("pk"))
            .select_related("page")
            .order_by("-created_at")
        )
