"""Admin: a flat, sortable listing of articles (with the reading grade) and the due-for-review report."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import BulkActionsColumn, PageStatusColumn, PageTitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from .columns import PlainScoreColumn, ReadingGradeColumn, SpanishTranslationColumn
from .models import ArticlePage
from .review import hooks as review_hooks  # noqa: F401  (registers the review hooks)


class ArticleListingViewSet(PageListingViewSet):
    model = ArticlePage
    icon = "doc-full"
    menu_label = "Articles"
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        BulkActionsColumn("bulk_actions"),
        PageTitleColumn("title", label="Title", sort_key="title", classname="title"),
        ReadingGradeColumn(
            "reading_grade", label="Reading grade", sort_key="reading_grade", width="12%"
        ),
        PlainScoreColumn(
            "plain_score", label="Plain language", sort_key="plain_score", width="10%"
        ),
        Column("reading_time", label="Minutes", sort_key="reading_time", width="8%"),
        SpanishTranslationColumn("spanish", label="Spanish", width="10%"),
        DateColumn("last_updated", label="Updated", sort_key="last_updated", width="12%"),
        DateColumn("last_reviewed", label="Reviewed", sort_key="last_reviewed", width="12%"),
        PageStatusColumn("status", label="Status", sort_key="live", width="11%"),
    ]


article_listing_viewset = ArticleListingViewSet("article_listing")


@hooks.register("register_admin_viewset")
def register_article_listing():
    return article_listing_viewset


@hooks.register("register_admin_urls")
def register_report_urls():
    from .plain_language.views import analyse_form, analyse_segment
    from .reports import DueForReviewReportView

    return [
        path("plain-language/form/", analyse_form, name="plain_language_form"),
        path("plain-language/segment/", analyse_segment, name="plain_language_segment"),
        path(
            "reports/articles-due-for-review/",
            DueForReviewReportView.as_view(),
            name="articles_due_for_review",
        ),
        path(
            "reports/articles-due-for-review/results/",
            DueForReviewReportView.as_view(results_only=True),
            name="articles_due_for_review_results",
        ),
    ]


class DueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("insert_editor_js")
def plain_language_editor_js():
    """The plain-language checks in the page editor (its panel) and in wagtail-localize's
    translation editor (which outputs this hook too): one script, which finds where it is."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html(
        '<script src="{}" data-segment-url="{}" defer></script><link rel="stylesheet" href="{}">',
        static("articles/admin/plain_language.js"),
        reverse("plain_language_segment"),
        static("articles/admin/plain_language.css"),
    )


@hooks.register("register_reports_menu_item")
def register_due_for_review_menu_item():
    return DueForReviewMenuItem(
        "Articles due for review",
        reverse("articles_due_for_review"),
        name="articles-due-for-review",
        icon_name="time",
        order=650,
    )


@hooks.register("register_main_nav_page_type")
def main_nav_articles():
    from django.utils.translation import gettext_lazy

    from .models import ArticleIndexPage

    return (10, gettext_lazy("Articles"), ArticleIndexPage)
