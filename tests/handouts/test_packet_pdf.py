"""Real visit packets read back (WeasyPrint, pypdf, pdftotext), and the no-storage rule proved by
searching the database, the media folder, the cache and every log record for a marker."""

from __future__ import annotations

import logging
import re
import subprocess

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from .pdfs import ReadPdf, squash

pytestmark = pytest.mark.django_db

SLUGS = ["leg-cramps", "waking-between-2-and-4-am", "muscle-soreness-after-exercise"]
NOTE = "Magnesium glycinate 400 mg at bedtime.\nCalf stretch twice a day.\n\nCall us in 2 weeks."
URL = "/admin/packets/"


def pdftotext(pdf: bytes, *args) -> str:
    result = subprocess.run(
        ["pdftotext", *args, "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def print_packet(client, pages, **fields):
    data = {"language": "en", "location": "", **fields}
    data["articles"] = [str(page.id) for page in pages]
    response = client.post(URL, data)
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    return response


@pytest.fixture(scope="module")
def packets(django_db_setup, django_db_blocker):
    """Three real packets (standard with name/provider/note, large print, one location)."""
    from django.contrib.auth import get_user_model

    from articles.models import ArticlePage, Practitioner
    from locations.models import live_locations

    with django_db_blocker.unblock(), transaction.atomic():
        user = get_user_model().objects.create_superuser("packet-admin", "p@example.com", "pw")
        client = Client()
        client.force_login(user)
        pages = [ArticlePage.objects.get(slug=slug) for slug in SLUGS]
        practitioner = Practitioner.objects.order_by("pk").first()
        locations = live_locations()
        std = print_packet(
            client, pages, note=NOTE, patient_name="Ana", practitioner=practitioner.pk
        )
        result = {
            "pages": pages,
            "practitioner": practitioner,
            "locations": locations,
            "std": ReadPdf(std.content),
            "std_bytes": std.content,
            "large": ReadPdf(print_packet(client, pages, large_print="on", note="Rest.").content),
            "one": ReadPdf(
                print_packet(client, pages, location=locations[1].slug, note="Rest.").content
            ),
        }
        transaction.set_rollback(True)
    return result


def test_cover_shows_name_provider_date_and_the_instructions_verbatim(packets):
    cover = pdftotext(packets["std_bytes"], "-f", "1", "-l", "1")
    assert "Prepared for Ana" in cover
    assert f"From {packets['practitioner'].display_name}" in cover
    assert "Instructions from your provider".upper() in cover.upper()
    # Each line of the note on a line of its own, in order (the blank line starts a paragraph).
    lines = [line.strip() for line in cover.splitlines() if line.strip()]
    start = lines.index("Magnesium glycinate 400 mg at bedtime.")
    assert lines[start : start + 3] == [
        "Magnesium glycinate 400 mg at bedtime.",
        "Calf stretch twice a day.",
        "Call us in 2 weeks.",
    ]


def test_contents_page_numbers_are_where_each_article_starts(packets):
    pdf, pages = packets["std"], packets["pages"]
    cover = pdf.pages[0]
    for page in pages:
        match = re.search(re.escape(squash(page.title)) + r" page (\d+)", cover)
        assert match, f"{page.title} is not in the contents list"
        number = int(match.group(1))
        meta = f"Updated {page.last_updated:%B} {page.last_updated.day}, {page.last_updated:%Y}"
        # The article's title and its "Updated …" line are on that page and on no earlier one.
        assert squash(page.title) in pdf.pages[number - 1]
        assert meta in pdf.pages[number - 1]
        assert not any(meta in text for text in pdf.pages[: number - 1])
    starts = [
        int(re.search(re.escape(squash(p.title)) + r" page (\d+)", cover).group(1)) for p in pages
    ]
    assert starts == sorted(starts) and starts[0] == 2


def test_each_articles_title_and_headings_are_printed(packets):
    text = packets["std"].text
    for page in packets["pages"]:
        assert squash(page.title) in text
        for block in page.body:
            if block.block_type == "heading":
                assert squash(block.value["text"]) in text
        assert squash(page.summary)[:80] in text


def test_page_x_of_y_runs_across_the_whole_packet(packets):
    pdf = packets["std"]
    total = len(pdf.pages)
    assert total >= 4
    for number, text in enumerate(pdf.pages, start=1):
        assert f"Page {number} of {total}" in text


def test_one_qr_code_per_article(packets):
    alts = [alt for alt in packets["std"].figure_alts() if alt.startswith("QR code")]
    assert len(alts) == 3
    for page, alt in zip(packets["pages"], alts, strict=True):
        assert page.title in alt


def test_tagged_letter_pdf_with_language(packets):
    pdf = packets["std"]
    assert "/StructTreeRoot" in pdf.root
    assert str(pdf.root["/Lang"]) == "en"
    assert pdf.root["/MarkInfo"]["/Marked"]
    for page in pdf.reader.pages:
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 612, 792]
    assert "Ana" not in str(pdf.metadata.get("/Title", ""))  # the name is on the cover only


def test_disclaimer_and_locations_once_at_the_end(packets):
    pdf = packets["std"]
    last = pdf.pages[-1]
    for location in packets["locations"]:
        assert location.street_line in last
    assert sum(text.count("Printed on") for text in pdf.pages) == 1


def test_large_print_and_location_variants(packets):
    assert packets["large"].body_size() >= 16
    assert packets["std"].body_size() < 14
    one, other = packets["locations"][1], packets["locations"][0]
    assert one.street_line in packets["one"].text
    assert other.street_line not in packets["one"].text


MARKER = "Zq7MARKERx91"


def holds_marker(data: bytes) -> bool:
    if MARKER.encode() in data:
        return True
    return data.startswith(b"%PDF") and MARKER in ReadPdf(data).text


def test_no_patient_data_reaches_database_media_cache_or_logs(
    admin_client, caplog, settings, tmp_path
):
    """Print a real packet with a unique marker in the note and the name; then search everything
    the site could have written for it."""
    from articles.models import ArticlePage
    from handouts.models import StoredHandout

    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media").mkdir()
    pages = [ArticlePage.objects.get(slug=slug) for slug in SLUGS[:2]]
    stored_before = StoredHandout.objects.count()
    caplog.set_level(logging.DEBUG)  # every logger, every level
    for logger_name in list(logging.root.manager.loggerDict):
        logging.getLogger(logger_name).setLevel(logging.DEBUG)
    response = print_packet(
        admin_client, pages, note=f"Take {MARKER} daily.\nSecond line.", patient_name=MARKER
    )
    assert response["Cache-Control"].count("no-store") == 1
    # The PDF has it (that is the point) — so the search below can find it if it was stored.
    assert MARKER in ReadPdf(response.content).pages[0]

    # The whole database, every table and column (SQLite: iterdump; PostgreSQL: every text column).
    if connection.vendor == "sqlite":
        dump = "\n".join(connection.connection.iterdump())
        assert MARKER not in dump
        assert MARKER.encode().hex() not in dump.lower()  # BLOBs are dumped as hex
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', "
                "'jsonb', 'json', 'bytea')"
            )
            for table, column in cursor.fetchall():
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE position(%s in "{column}"::text) > 0',  # noqa: S608
                    [MARKER],
                )
                assert cursor.fetchone()[0] == 0, f"{table}.{column}"
    # Nothing was stored: no new row in the handout store, and no stored PDF (their text is
    # compressed, so read each back) holds it.
    assert StoredHandout.objects.count() == stored_before
    for row in StoredHandout.objects.all():
        assert not holds_marker(bytes(row.pdf))
    # The media folder and the handout lock folder.
    for folder in (tmp_path / "media", settings.BASE_DIR / "media"):
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file():
                assert not holds_marker(path.read_bytes()), path
    # The cache (the test cache is local memory: its stored values are pickles).
    store = getattr(cache, "_cache", {})
    for key, value in list(store.items()):
        assert MARKER not in str(key)
        assert MARKER.encode() not in (value if isinstance(value, bytes) else repr(value).encode())
    # Every log record, formatted, with its arguments.
    for record in caplog.records:
        assert MARKER not in record.getMessage()
        assert MARKER not in repr(record.args)
    assert MARKER not in caplog.text


def test_the_search_would_find_a_stored_packet(admin_client):
    """The search above can fail: were a packet with patient data stored, it finds the marker."""
    from unittest import mock

    from articles.models import ArticlePage
    from handouts import render
    from handouts.models import StoredHandout

    pages = [ArticlePage.objects.get(slug=slug) for slug in SLUGS[:2]]
    with mock.patch.object(render.Packet, "is_personal", property(lambda self: False)):
        print_packet(admin_client, pages, patient_name=MARKER)
    assert any(holds_marker(bytes(row.pdf)) for row in StoredHandout.objects.all())
