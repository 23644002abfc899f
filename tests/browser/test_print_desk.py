"""The print desk at the end of a visit (issue 20): search "sleep" → every sleep article; add three;
type a note and a name; print (the PDF arrives) and the builder still holds all of it; an article
already in the packet is refused; Clear empties it; nothing of the note or name is stored anywhere
(database dump, media, cache, logs, the browser's storage); axe-core finds nothing on the builder;
the idle timeout clears the packet too."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.test_packets import _save_printed_packet, _sign_in
from tests.handouts.pdfs import ReadPdf

NOTE = "Zinc-free routine for Quillonia: stretch twice daily"
NAME = "Quillonia"


def _browser_storage(page) -> str:
    """Everything this origin keeps in the browser: localStorage, sessionStorage (keys and
    values; Wagtail's admin keeps its own settings there) and the cookies the page can read."""
    return page.evaluate(
        """() => JSON.stringify({local: {...localStorage}, session: {...sessionStorage},
                                 cookie: document.cookie})"""
    )


def _assert_nothing_kept(page):
    kept = _browser_storage(page)
    assert NAME not in kept and "Zinc-free" not in kept and "stretch twice" not in kept


def _add(page, title):
    results = page.locator("[data-results]")
    results.get_by_role("button", name=re.compile(r"^Add\W+" + re.escape(title) + "$")).click()


def test_the_print_desk(page, django_user_model, assert_accessible, caplog):
    from articles.models import ArticlePage

    caplog.set_level(logging.DEBUG)
    call_command("update_index", verbosity=0)
    _sign_in(page, django_user_model)
    page.goto("/admin/packets/")
    expect(page.get_by_role("heading", name="Visit packet")).to_be_visible()
    page.evaluate("window.open = () => null")  # no PDF viewer tab in headless Chromium

    sleep_titles = list(
        ArticlePage.objects.filter(locale__language_code="en", topics__slug="sleep").values_list(
            "title", flat=True
        )
    )
    assert len(sleep_titles) >= 2  # the demo's articles with the sleep topic
    find = page.get_by_label(re.compile("^Find an article"))
    find.fill("sleep")
    results = page.locator("[data-results] li")
    for title in sleep_titles:
        expect(results.filter(has_text=title)).to_have_count(1)
    expect(results.first).to_contain_text("Reading grade")
    expect(results.first).to_contain_text("Spanish version:")
    assert_accessible(page)

    # Add three: two sleep articles, then one found by a word in its body, by keyboard.
    for title in sleep_titles[:2]:
        _add(page, title)
    soreness = ArticlePage.objects.get(slug="muscle-soreness-after-exercise")
    find.fill("soreness")
    add = page.locator("[data-results]").get_by_role(
        "button", name=re.compile(r"^Add\W+" + re.escape(soreness.title))
    )
    add.focus()
    page.keyboard.press("Enter")
    items = page.locator("[data-packet-list] li")
    expect(items).to_have_count(3)
    # The same article again is refused, with a message; the packet is kept.
    add.click()
    expect(page.locator("[data-add-message]")).to_contain_text("is already in the packet")
    expect(items).to_have_count(3)

    page.get_by_label("Instructions from your provider").fill(NOTE)
    page.get_by_label("Patient's first name").fill(NAME)
    assert_accessible(page)

    captured = {}
    _save_printed_packet(page, captured)  # the server's response to the print, as it came
    page.get_by_role("button", name="Print the packet (PDF)").click()
    link = page.locator("[data-packet-pdf]")
    expect(link).to_be_visible(timeout=120_000)
    assert link.get_attribute("href").startswith("blob:")
    assert captured["headers"]["content-type"] == "application/pdf"
    data = captured["body"]
    assert data.startswith(b"%PDF")
    pdf = ReadPdf(data)
    assert f"Prepared for {NAME}" in pdf.pages[0] and NOTE in pdf.pages[0]
    assert soreness.title in pdf.pages[0]
    # The builder still holds all of it.
    expect(page).to_have_url(re.compile(r"/admin/packets/$"))
    expect(items).to_have_count(3)
    expect(page.get_by_label("Instructions from your provider")).to_have_value(NOTE)
    expect(page.get_by_label("Patient's first name")).to_have_value(NAME)

    page.get_by_role("button", name="Clear (next patient)").click()
    expect(items).to_have_count(0)
    expect(page.get_by_label("Instructions from your provider")).to_have_value("")
    expect(page.get_by_label("Patient's first name")).to_have_value("")
    expect(page.locator("[data-packet-pdf]")).to_have_count(0)
    _assert_nothing_kept(page)

    # Nothing of the note or the name was stored: database, media, cache, logs.
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert NAME not in dump.getvalue() and "Zinc-free" not in dump.getvalue()
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for path in media.rglob("*"):
            if path.is_file() and path.stat().st_size < 20_000_000:
                assert NAME.encode() not in path.read_bytes(), path
    from django.core.cache import caches

    for alias in settings.CACHES:
        store = getattr(caches[alias], "_cache", None)
        if isinstance(store, dict):
            assert not any(NAME.encode() in repr(v).encode() for v in store.values())
    assert NAME not in caplog.text and "Zinc-free" not in caplog.text


def test_the_desk_forgets_the_packet_after_the_idle_time(page, django_user_model, settings):
    settings.PACKET_DESK_IDLE_SECONDS = 2
    call_command("update_index", verbosity=0)
    _sign_in(page, django_user_model)
    page.goto("/admin/packets/")
    page.get_by_label(re.compile("^Find an article")).fill("cramps")
    page.locator("[data-results] [data-add-result]").first.click()
    page.get_by_label("Instructions from your provider").fill(NOTE)
    page.get_by_label("Patient's first name").fill(NAME)
    items = page.locator("[data-packet-list] li")
    expect(items).to_have_count(1)
    # No key press or click for the idle time: the builder empties itself.
    expect(items).to_have_count(0, timeout=10_000)
    expect(page.get_by_label("Instructions from your provider")).to_have_value("")
    expect(page.get_by_label("Patient's first name")).to_have_value("")
    expect(page.locator("[data-print-status]")).to_contain_text("without activity")
    _assert_nothing_kept(page)
