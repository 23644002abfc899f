"""An editor (not a superuser) with a long article never loses the work (issue 19): a 2,500-field
article saves and stays in the editor; a form over the server's field or byte limits is not sent —
the editor keeps its text and shows a message in the admin's own message area."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from django.test import override_settings
from playwright.sync_api import expect

EDITOR = ("erin-editor", "long-articles-" + uuid.uuid4().hex[:8])
TYPED = "A sentence the editor typed just before saving."


def long_article():
    """An article of 300 blocks (paragraphs and three-point lists): ~2,600 form fields."""
    from articles.models import ArticleIndexPage
    from tests.factories import ArticlePageFactory

    body = []
    for n in range(300):
        if n % 5 == 4:
            items = [
                {"title": f"Point {k}", "text": f"<p>Stretch slowly, point {k}.</p>"}
                for k in range(3)
            ]
            body.append(("bulleted_list", {"items": items}))
        else:
            body.append(("paragraph", f"<p>Paragraph {n}: drink water before bed.</p>"))
    index = ArticleIndexPage.objects.get(slug="articles")
    return ArticlePageFactory(parent=index, title="A very long article", body=body)


def sign_in_as_editor(page):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name="Long-article editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user(EDITOR[0], "erin@example.com", EDITOR[1])
    user.groups.add(group)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(EDITOR[0])
    page.get_by_label("Password").fill(EDITOR[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


FIELD_COUNT = "() => [...new FormData(document.getElementById('page-edit-form')).keys()].length"


def open_editor_and_type(page, article):
    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.wait_for_selector("[data-contentpath='body'] .public-DraftEditor-content")
    editor = page.locator("[data-contentpath='body'] .public-DraftEditor-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" " + TYPED)
    page.wait_for_function(
        "text => [...document.querySelectorAll('form input[type=hidden]')].some(i => i.value.includes(text))",
        arg=TYPED,
    )
    return page.evaluate(FIELD_COUNT)


def save_draft(page):
    """The editor's "Save draft" (in the footer's menu when a workflow's submit button leads)."""
    button = page.locator("footer button.action-save")
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    button.click(timeout=60_000)  # a page holding a 20 MB paste is slow on a busy machine


def revisions(article):
    return article.revisions.count()


@pytest.mark.django_db(transaction=True)
def test_a_2500_field_article_saves_and_stays_in_the_editor(page):
    article = long_article()
    sign_in_as_editor(page)
    # Without Wagtail's autosave, so that the one revision counted is the Save draft's.
    with override_settings(WAGTAIL_AUTOSAVE_INTERVAL=0):
        fields = open_editor_and_type(page, article)
    assert fields >= 2500, fields
    before = revisions(article)
    save_draft(page)
    expect(page.locator(".messages")).to_contain_text("has been updated", timeout=30_000)
    expect(page).to_have_url(re.compile(rf"/admin/pages/{article.pk}/edit/"))
    assert revisions(article) == before + 1
    latest = article.revisions.order_by("-created_at", "-id").first()
    assert TYPED in json.dumps(latest.content)


@pytest.mark.django_db(transaction=True)
def test_over_the_field_limit_the_form_is_not_sent(page):
    article = long_article()
    sign_in_as_editor(page)
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=2000):
        fields = open_editor_and_type(page, article)
        assert fields > 2000
        before = revisions(article)
        save_draft(page)
        message = page.locator(".messages li.error")
        expect(message).to_contain_text(f"this form has {fields:,} fields; the limit is 2,000")
        expect(message).to_contain_text("your text is still here")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{article.pk}/edit/$"))
    expect(page.locator("[data-contentpath='body']")).to_contain_text(TYPED)
    assert revisions(article) == before


@pytest.mark.django_db(transaction=True)
def test_a_20_mb_paste_is_not_sent_and_the_text_stays(page):
    article = long_article()
    sign_in_as_editor(page)
    open_editor_and_type(page, article)
    before = revisions(article)
    # 20 MB pasted into the key points (a plain textarea; the browser would take it).
    page.evaluate(
        """() => {
            const box = document.querySelector('textarea[name=summary]');
            box.removeAttribute('maxlength');
            box.value = 'Pasted from a PDF. '.repeat(20 * 1024 * 1024 / 19);
            box.dispatchEvent(new Event('input', {bubbles: true}));
        }"""
    )
    save_draft(page)
    message = page.locator(".messages li.error")
    expect(message).to_contain_text("this form holds 20.")
    expect(message).to_contain_text("the limit is 5.8 MB")
    expect(page.locator("[data-contentpath='body']")).to_contain_text(TYPED)
    size = page.evaluate("() => document.querySelector('textarea[name=summary]').value.length")
    assert size > 20_000_000
    assert revisions(article) == before


@pytest.mark.django_db(transaction=True)
def test_the_packet_builder_keeps_a_huge_note_too(page):
    sign_in_as_editor(page)
    page.goto("/admin/packets/")
    page.evaluate(
        """() => {
            const box = document.querySelector('textarea[name=note]');
            box.removeAttribute('maxlength');
            box.value = 'x'.repeat(20 * 1024 * 1024);
        }"""
    )
    page.locator("form[method=post] [type=submit]").last.click()
    expect(page.locator(".messages li.error")).to_contain_text("Not saved")
    expect(page).to_have_url(re.compile(r"/admin/packets/$"))
