"""Every print channel counts a Spanish print as Spanish (`es`), an English one as English: the
public link through Wagtail and through the fast path, the admin button, the visit packet, the
command line (one handout, --all, and a packet); and the "Handouts printed" report and its CSV
show each row's language."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from articles.models import ArticlePage
from handouts import counts, render
from handouts.models import PrintCount
from tests.factories import ENGLISH_SLUG, SPANISH_SLUG

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def counted():
    return sorted(
        (row.article_id, row.language, row.channel, row.count) for row in PrintCount.objects.all()
    )


def test_record_has_no_default_language(english):
    with pytest.raises(TypeError):
        counts.record([english.id], variant=render.Variant(), channel="public")
    with pytest.raises(ValueError):
        counts.record([english.id], variant=render.Variant(), channel="public", language="xx")
    assert counted() == []


def test_public_link_through_wagtail_and_the_fast_path(
    client, english, spanish, fake_render, monkeypatch
):
    from handouts import views

    client.get(spanish.url + "handout/", HTTP_USER_AGENT=BROWSER)  # rendered through Wagtail
    client.get(english.url + "handout/", HTTP_USER_AGENT=BROWSER)
    assert fake_render.count == 2
    monkeypatch.setattr(views, "serve_public_handout", None)  # only the fast path can answer
    for url in (spanish.url + "handout/", english.url + "handout/"):
        response = client.get(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.7")
        assert response.status_code == 200
    assert counted() == sorted([(spanish.id, "es", "public", 2), (english.id, "en", "public", 2)])


def test_admin_button(admin_client, english, spanish, fake_render):
    assert admin_client.get(f"/admin/handouts/{spanish.id}/").status_code == 200
    assert admin_client.get(f"/admin/handouts/{english.id}/").status_code == 200
    assert counted() == sorted([(spanish.id, "es", "admin", 1), (english.id, "en", "admin", 1)])


def test_command_line_single_handout(english, spanish, fake_render, tmp_path):
    out = io.StringIO()
    call_command("handout", SPANISH_SLUG, "-o", str(tmp_path / "es.pdf"), stdout=out)
    # The English slug with --language es: the Spanish translation.
    call_command(
        "handout", ENGLISH_SLUG, "--language", "es", "-o", str(tmp_path / "es2.pdf"), stdout=out
    )
    call_command("handout", ENGLISH_SLUG, "-o", str(tmp_path / "en.pdf"), stdout=out)
    assert counted() == sorted([(spanish.id, "es", "command", 2), (english.id, "en", "command", 1)])
    assert 'lang="es"' in fake_render.calls[0]


def test_command_line_all_in_spanish(spanish, fake_render, tmp_path):
    call_command(
        "handout", "--all", "--language", "es", "--out", str(tmp_path), stdout=io.StringIO()
    )
    spanish_ids = set(
        ArticlePage.objects.live().filter(locale__language_code="es").values_list("id", flat=True)
    )
    assert spanish.id in spanish_ids
    assert counted() == sorted((i, "es", "command", 1) for i in spanish_ids)


def test_command_line_packet(english, spanish, fake_render, tmp_path):
    dream = ArticlePage.objects.get(slug="dream-recall-and-vitamin-b6")
    call_command(
        "handout",
        ENGLISH_SLUG,
        dream.slug,
        "--language",
        "es",
        "-o",
        str(tmp_path / "packet.pdf"),
        stdout=io.StringIO(),
    )
    dream_es = dream.get_translation(spanish.locale)
    assert counted() == sorted(
        [(spanish.id, "es", "command", 1), (dream_es.id, "es", "command", 1)]
    )


def test_visit_packet(admin_client, english, spanish, fake_render):
    response = admin_client.post(
        "/admin/packets/",
        {"articles": [str(english.id)], "language": "es", "location": "", "note": "Estire."},
    )
    assert response.status_code == 200
    assert counted() == [(spanish.id, "es", "packet", 1)]


def test_report_and_csv_show_the_language(admin_client, english, spanish):
    variant = render.Variant()
    counts.record([spanish.id], variant=variant, channel="public", language="es")
    counts.record([spanish.id], variant=variant, channel="packet", language="es")
    counts.record([english.id], variant=variant, channel="public", language="en")
    response = admin_client.get("/admin/reports/handouts-printed/")
    rows = response.context["articles"]
    assert [(row["title"], row["language_name"], row["total"]) for row in rows] == [
        (spanish.title, "Spanish", 2),
        (english.title, "English", 1),
    ]
    html = response.content.decode()
    assert '<th scope="col">Language</th>' in html
    assert (
        f'<th scope="row" lang="es">{spanish.title}</th><td data-language="es">Spanish</td>' in html
    )
    assert "By language: English 1 · Spanish 2" in html
    response = admin_client.get("/admin/reports/handouts-printed/?export=csv")
    lines = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted((int(r["article_id"]), r["language"], r["channel"]) for r in lines) == sorted(
        [(spanish.id, "es", "public"), (spanish.id, "es", "packet"), (english.id, "en", "public")]
    )
