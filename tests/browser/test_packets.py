"""Staff build a visit packet in the admin: start from a care collection, add an article, type
the instructions, print, get one PDF; axe-core finds nothing on the builder page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.handouts.pdfs import ReadPdf, squash


def _sign_in(page, django_user_model):
    django_user_model.objects.create_superuser("desk", "desk@example.com", "pw-for-tests")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _save_printed_packet(page, captured):
    """Keep the server's real response to the print (headers and bytes); the builder fetches it
    and keeps it as a blob URL (no PDF viewer tab: window.open is stubbed in the test)."""

    def handle(route):
        if route.request.method != "POST":
            return route.continue_()
        response = route.fetch(timeout=120_000)
        captured["headers"] = response.headers
        captured["body"] = response.body()
        captured["post"] = route.request.post_data or ""
        return route.fulfill(response=response)

    page.route(re.compile(r".*/admin/packets/(\?.*)?$"), handle)


def test_staff_build_and_print_a_packet(page, django_user_model, assert_accessible):
    from articles.models import ArticlePage
    from handouts.models import CareCollection, PrintCount, StoredHandout

    _sign_in(page, django_user_model)
    page.get_by_role("link", name="Visit packet").click()
    expect(page.get_by_role("heading", name="Visit packet")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Care collection", exact=True).select_option(label="Trouble sleeping")
    page.get_by_role("button", name="Use this collection").click()
    collection = CareCollection.objects.get(name="Trouble sleeping")
    items = page.locator("[data-packet-list] li")
    expect(items).to_have_count(2)

    leg = ArticlePage.objects.get(slug="leg-cramps")
    page.get_by_label(re.compile("^Find an article")).fill("leg cramps")
    page.locator("[data-results]").get_by_role(
        "button", name=re.compile(r"^Add\W+" + re.escape(leg.title))
    ).click()
    expect(items).to_have_count(3)
    expect(items.nth(2)).to_contain_text(leg.title)
    # Move it to the top (each button names its article for screen readers).
    move_up = page.get_by_role("button", name=re.compile(r"^Move up\W+" + re.escape(leg.title)))
    move_up.click()
    move_up.click()
    expect(items.nth(0)).to_contain_text(leg.title)

    note = page.get_by_label("Instructions from your provider")
    note.fill("Magnesium glycinate 400 mg at bedtime.\nCalf stretch twice a day.")
    page.get_by_label("Patient's first name").fill("Ana")
    assert_accessible(page)

    captured = {}
    _save_printed_packet(page, captured)
    stored_before = StoredHandout.objects.count()
    page.evaluate("window.open = () => null")  # no PDF viewer tab in headless Chromium
    page.get_by_role("button", name="Print the packet (PDF)").click()
    expect(page.locator("[data-packet-pdf]")).to_be_visible(timeout=120_000)
    assert captured["body"].startswith(b"%PDF")
    pdf = ReadPdf(captured["body"])
    assert "no-store" in captured["headers"]["cache-control"]
    assert captured["headers"]["content-type"] == "application/pdf"
    cover = pdf.pages[0]
    assert "Prepared for Ana" in cover
    assert "Magnesium glycinate 400 mg at bedtime. Calf stretch twice a day." in cover
    titles = [leg.title] + [ArticlePage.objects.get(id=i).title for i in collection.article_ids()]
    positions = [cover.index(squash(title)) for title in titles]
    assert positions == sorted(positions)  # in the order staff arranged them
    assert StoredHandout.objects.count() == stored_before  # instructions: never stored
    assert PrintCount.objects.filter(channel="packet").count() == 3
