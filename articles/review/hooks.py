"""The admin side of the gate: friendly refusals in front of `ArticlePage.publish` on every path a
person can take (the page editor, the create view, bulk publish in the listing, wagtail-localize's
translation editor and its Publish button, approving in the workflow), the Publish button hidden
from those who may not use it, and links to the review history. Imported by articles.wagtail_hooks."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from articles.review import gate, records
from articles.review.models import ReviewRefused


def _is_article(page) -> bool:
    return bool(getattr(page.specific_class, "medical_review_gate", False))


def _can_publish(page, user) -> bool:
    return user.is_superuser or page.permissions_for_user(user).can_publish()


def _refuse(request, message, url):
    messages.error(request, message)
    return redirect(url)


@hooks.register("before_edit_page", order=-100)  # before wagtail-localize's translation editor
def refuse_unreviewed_publish_on_edit(request, page):
    if request.method != "POST" or not _is_article(page):
        return None
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    post = request.POST
    publishing = bool(post.get("action-publish")) or post.get("action") == "publish"
    if publishing and _can_publish(page, request.user):
        refusal = gate.refusal_for(page, request.user)
        if refusal:
            return _refuse(request, refusal, edit_url)
    if post.get("action-submit") or post.get("action-restart-workflow"):
        missing = records.missing_segments(page)
        if missing:
            return _refuse(request, records.missing_message(page, missing), edit_url)
    if post.get("action-workflow-action") and post.get("workflow-action-name") == "approve":
        try:
            records.check_can_approve(page, request.user)
        except ReviewRefused as refusal:
            return _refuse(request, str(refusal), edit_url)
    return None


@hooks.register("before_create_page")
def refuse_unreviewed_publish_on_create(request, parent_page, page_class):
    if (
        request.method == "POST"
        and request.POST.get("action-publish")
        and getattr(page_class, "medical_review_gate", False)
        and not request.user.is_superuser
        and parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        return _refuse(
            request,
            gate.REVIEW_REQUIRED_MESSAGE,
            reverse(
                "wagtailadmin_pages:add",
                args=[page_class._meta.app_label, page_class._meta.model_name, parent_page.pk],
            ),
        )
    return None


@hooks.register("before_bulk_action")
def refuse_unreviewed_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    from wagtail.models import Page

    from articles.models import ArticlePage

    pages = Page.objects.none()
    for obj in objects:
        pages |= Page.objects.descendant_of(obj, inclusive=True)
    articles = list(pages.type(ArticlePage).specific())
    for article in articles:
        refusal = gate.refusal_for(article, request.user)
        if refusal:
            return _refuse(request, refusal, action_class_instance.next_url)
    return None


@hooks.register("before_copy_page")
def refuse_live_copies(request, page):
    """ "Publish copies" would put a copy live without a review (it skips publishing: the copy is
    made live as it is), and so would an alias (live at once, mirroring its source, never through
    publish). Only a superuser may; everyone else copies as drafts."""
    if (
        request.method == "POST"
        and (request.POST.get("publish_copies") or request.POST.get("alias"))
        and not request.user.is_superuser
        and page.get_descendants(inclusive=True).type(*_article_classes()).exists()
    ):
        return _refuse(
            request,
            "Copies of health articles start as drafts: untick “Publish copies” (and “Alias”) "
            "and submit the copy to Medical review. Nothing was copied.",
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
        )
    return None


def _article_classes():
    from articles.models import ArticlePage

    return (ArticlePage,)


@hooks.register("construct_page_action_menu")
def hide_publish_for_the_unreviewed(menu_items, request, context):
    """Only a superuser sees Publish on an article (recorded as published without review);
    everyone else submits to Medical review."""
    page = context.get("page")
    if page is None or request.user.is_superuser:
        return
    page_class = context.get("page_class") or getattr(page, "specific_class", None)
    if getattr(page_class, "medical_review_gate", False):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("register_admin_urls", order=-1)  # before wagtail-localize's own
def sync_translations_with_the_gate():
    """wagtail-localize's "Sync translated pages" at its own address (reversed by its own name),
    answered by a view that knows the medical review gate."""
    from articles.review import views

    return [
        path(
            "localize/update/<int:translation_source_id>/",
            views.update_translations,
            name="medical_review_update_translations",
        )
    ]


@hooks.register("register_admin_urls")
def review_urls():
    from articles.review import views

    return [
        path("medical-review/refused/<int:page_id>/", views.refused, name="medical_review_refused"),
        path(
            "medical-review/submit/<int:page_id>/",
            views.submit_translation,
            name="medical_review_submit",
        ),
        path(
            "medical-review/history/<int:page_id>/",
            views.PageReviewHistoryView.as_view(),
            name="medical_review_history",
        ),
        path(
            "medical-review/history/<int:page_id>/results/",
            views.PageReviewHistoryView.as_view(results_only=True),
            name="medical_review_history_results",
        ),
        path("reports/medical-reviews/", views.ReviewReportView.as_view(), name="medical_reviews"),
        path(
            "reports/medical-reviews/results/",
            views.ReviewReportView.as_view(results_only=True),
            name="medical_reviews_results",
        ),
    ]


def review_buttons(page, user, view_name=None, next_url=None):
    if not _is_article(page) or not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "Review history",
        reverse("medical_review_history", args=[page.pk]),
        icon_name="history",
        priority=60,
    )
    if page.locale.language_code != "en" and page.get_workflow() and not page.workflow_in_progress:
        yield Button(
            "Submit to Medical review",
            reverse("medical_review_submit", args=[page.pk]),
            icon_name="resubmit",
            priority=61,
        )


hooks.register("register_page_header_buttons", review_buttons)
hooks.register("register_page_listing_more_buttons", review_buttons)


@hooks.register("register_reports_menu_item")
def register_medical_reviews_menu_item():
    from articles.wagtail_hooks import DueForReviewMenuItem  # shown to staff with page permissions

    return DueForReviewMenuItem(
        "Medical reviews",
        reverse("medical_reviews"),
        name="medical-reviews",
        icon_name="history",
        order=651,
    )
