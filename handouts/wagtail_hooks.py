"""Staff handouts in the Wagtail admin: header and listing buttons, and the admin URLs behind them."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import packet_views, routes, views
from .models import CareCollection
from .reports import printed as report

# The handout route, preview mode and cached paths of article pages (see articles.models).
hooks.register("register_article_page_routes", routes.article_routes)
hooks.register("register_article_preview_modes", routes.preview_modes)
hooks.register("serve_article_preview", routes.serve_preview)
hooks.register("register_article_cached_paths", routes.cached_paths)


@hooks.register("register_admin_urls")
def register_handout_urls():
    return [
        path("handouts/<int:page_id>/", views.admin_handout, name="handouts_admin_pdf"),
        path(
            "handouts/<int:page_id>/options/",
            views.admin_handout_options,
            name="handouts_admin_options",
        ),
        path(
            "handouts/<int:page_id>/archived/<int:revision_id>/",
            views.admin_archived_handout,
            name="handouts_archived_pdf",
        ),
        path("packets/", packet_views.packet_builder, name="handouts_packet_builder"),
        path("packets/search/", packet_views.packet_search, name="handouts_packet_search"),
        path("reports/handouts-printed/", report.handouts_printed, name="handouts_printed"),
    ]


class PacketMenuItem(MenuItem):
    def is_shown(self, request):
        return packet_views.can_print_packets(request.user)


@hooks.register("register_admin_menu_item")
def packet_menu_item():
    return PacketMenuItem(
        "Visit packet", reverse("handouts_packet_builder"), icon_name="doc-full-inverse", order=160
    )


# The other language's handout, labelled in that language (a draft translation says so).
OTHER_LANGUAGE_LABELS = {
    "es": ("Imprimir en español (PDF)", "Imprimir en español (borrador, PDF)"),
    "en": ("Print in English (PDF)", "Print in English (draft, PDF)"),
}


def translation_buttons(page, user, priority):
    """For each translation of `page` the user may edit: its staff handout, as the "Handout (PDF)"
    button prints one (the latest revision, a draft marked as a draft). Aliases are not
    translations (they show the source's words) and are left out."""
    from wagtail.models import Page

    translations = (
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(id=page.id)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    for offset, translation in enumerate(translations, start=2):
        code = translation.locale.language_code
        if code not in OTHER_LANGUAGE_LABELS:
            continue
        if not translation.permissions_for_user(user).can_edit():
            continue
        is_draft = not translation.live or translation.has_unpublished_changes
        yield Button(
            OTHER_LANGUAGE_LABELS[code][1 if is_draft else 0],
            reverse("handouts_admin_pdf", args=[translation.id]),
            icon_name="doc-full",
            attrs={
                "target": "_blank",
                "rel": "noopener",
                "lang": code,
                "hreflang": code,
                "data-handout-button": f"pdf-{code}",
            },
            priority=priority + offset,
        )


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
    yield from translation_buttons(page, user, priority)


@hooks.register("register_page_header_buttons")
def page_header_handout_buttons(page, user, view_name, next_url=None):
    yield from _handout_buttons(page, user, priority=62)


@hooks.register("register_page_listing_more_buttons")
def page_listing_handout_buttons(page, user, next_url=None):
    yield from _handout_buttons(page, user, priority=45)


@hooks.register("register_admin_urls")
def register_failed_handouts_report_urls():
    from .reports.failed import FailedHandoutsReportView

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
        order=661,
    )


class CareCollectionViewSet(SnippetViewSet):
    model = CareCollection
    icon = "list-ul"
    menu_label = "Care collections"
    menu_order = 161
    add_to_admin_menu = True
    list_display = ["name", "practitioner"]


register_snippet(CareCollectionViewSet)


class PrintReportMenuItem(MenuItem):
    def is_shown(self, request):
        return report.can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def print_report_menu_item():
    return PrintReportMenuItem(
        "Handouts printed",
        reverse("handouts_printed"),
        name="handouts-printed",
        icon_name="doc-full",
        order=660,
    )


class HandoutActionMenuItem(ActionMenuItem):
    """The handout, labelled, in the editor's action menu beside Save and Publish: staff look for
    printing there, not under the header's unlabelled "…" (which keeps its buttons too)."""

    def __init__(self, label, url_name, icon_name, order):
        super().__init__(order=order)
        self.label, self.url_name, self.icon_name = label, url_name, icon_name

    def is_shown(self, context):
        from articles.models import ArticlePage

        page = context.get("page")
        return (
            context.get("view") == "edit"
            and isinstance(page, ArticlePage)
            and page.id is not None
            and page.permissions_for_user(context["request"].user).can_edit()
        )

    def get_url(self, parent_context):
        return reverse(self.url_name, args=[parent_context["page"].id])


@hooks.register("register_page_action_menu_item")
def handout_pdf_action_menu_item():
    return HandoutActionMenuItem("Print the handout (PDF)", "handouts_admin_pdf", "doc-full", 60)


@hooks.register("register_page_action_menu_item")
def handout_options_action_menu_item():
    return HandoutActionMenuItem("Handout options", "handouts_admin_options", "cog", 61)
