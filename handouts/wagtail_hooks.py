"""Staff handouts in the Wagtail admin: header and listing buttons, and the admin URLs behind them."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import views


@hooks.register("register_admin_urls")
def register_handout_urls():
    return [
        path("handouts/<int:page_id>/", views.admin_handout, name="handouts_admin_pdf"),
        path(
            "handouts/<int:page_id>/options/",
            views.admin_handout_options,
            name="handouts_admin_options",
        ),
    ]


def _handout_buttons(page, user, priority):
    from articles.models import ArticlePage

    if not isinstance(page.specific_deferred, ArticlePage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "Handout (PDF)",
        reverse("handouts_admin_pdf", args=[page.id]),
        icon_name="doc-full",
        attrs={"target": "_blank", "rel": "noopener", "data-handout-button": "pdf"},
        priority=priority,
    )
    yield Button(
        "Handout options…",
        reverse("handouts_admin_options", args=[page.id]),
        icon_name="cog",
        attrs={"data-handout-button": "options"},
        priority=priority + 1,
    )


@hooks.register("register_page_header_buttons")
def page_header_handout_buttons(page, user, view_name, next_url=None):
    yield from _handout_buttons(page, user, priority=62)


@hooks.register("register_page_listing_more_buttons")
def page_listing_handout_buttons(page, user, next_url=None):
    yield from _handout_buttons(page, user, priority=45)


@hooks.register("register_admin_urls")
def register_failed_handouts_report_urls():
    from .reports import FailedHandoutsReportView

    return [
        path(
            "reports/failed-handouts/", FailedHandoutsReportView.as_view(), name="handouts_failed"
        ),
        path(
            "reports/failed-handouts/results/",
            FailedHandoutsReportView.as_view(results_only=True),
            name="handouts_failed_results",
        ),
    ]


class FailedHandoutsMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(request.user, ["change"])


@hooks.register("register_reports_menu_item")
def register_failed_handouts_menu_item():
    return FailedHandoutsMenuItem(
        "Handouts not printed",
        reverse("handouts_failed"),
        name="failed-handouts",
        icon_name="warning",
        order=660,
    )
