"""Staff print a handout from the admin; a patient prints one from the article page."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def _save_instead_of_view(link):
    """Headless Chromium opens PDFs in its built-in viewer (chrome-extension:// pages, which the
    fixture's network guard rejects); a `download` attribute makes it save the same response."""
    link.evaluate("a => { a.removeAttribute('target'); a.setAttribute('download', ''); }")


def _pdf_from_click(page, locator):
    """Click a handout link; return (the download's bytes, its file name, the response headers)."""
    href = locator.get_attribute("href")
    with page.expect_download(timeout=20_000) as download_info:
        locator.click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF")
    # the same URL fetched with the page's cookies: the headers a browser gets
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    # Not byte-for-byte: Wagtail 8 autosaves the editor's form, so between the click and this
    # request the admin button may serve a newer (draft) revision, rendered anew.
    assert response.body().startswith(b"%PDF")
    return download.suggested_filename, data, response.headers


def test_patient_clicks_print_handout(page):
    page.goto("/articles/")
    page.get_by_role("link", name=re.compile("leg cramps", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Leg cramps")
    link = page.get_by_role("link", name="Print handout", exact=True)
    _save_instead_of_view(link)
    filename, data, headers = _pdf_from_click(page, link)
    assert filename == "leg-cramps.pdf"
    assert headers["content-disposition"] == 'inline; filename="leg-cramps.pdf"'
    assert len(data) > 10_000


def test_staff_click_the_handout_button_in_the_admin(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("printer", "printer@example.com", "pw-for-tests")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("printer")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    from articles.models import ArticlePage

    article = ArticlePage.objects.get(slug="leg-cramps")
    page.goto(f"/admin/pages/{article.id}/edit/")
    page.get_by_role("navigation", name="Actions").get_by_role(
        "button", name="Actions", exact=True
    ).click()
    button = page.get_by_role("link", name="Handout (PDF)")
    expect(button).to_be_visible()
    _save_instead_of_view(button)
    filename, data, headers = _pdf_from_click(page, button)
    assert filename == "leg-cramps.pdf"
    assert "private" in headers["cache-control"]
