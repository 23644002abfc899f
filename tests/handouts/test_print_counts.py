"""Print counters: one atomic upsert per print, every channel (public link through Wagtail and
through the fast path, admin button, packet, command line), no inflation by bots or repeats, and
the "Handouts printed" report with its SVG chart and CSV. Also the care collections."""

from __future__ import annotations

import csv
import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from handouts import counts, render
from handouts.models import CareCollection, PrintCount

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def handout_url(page, query=""):
    return page.url + "handout/" + query


def totals():
    return {
        (row.article_id, row.channel, row.variant, row.location): row.count
        for row in PrintCount.objects.all()
    }


def test_record_upserts_one_row_per_key(article):
    variant = render.Variant()
    counts.record([article.id], variant=variant, channel="packet", language="en")
    counts.record([article.id, article.id], variant=variant, channel="packet", language="en")
    counts.record(
        [article.id], variant=render.Variant(large_print=True), channel="packet", language="en"
    )
    assert totals() == {
        (article.id, "packet", "std", ""): 3,
        (article.id, "packet", "large", ""): 1,
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_records_lose_no_increment(demo_site_loaded):
    """Threads incrementing the same counter at once (SQLite serialises; PostgreSQL upserts)."""
    from articles.models import ArticlePage

    page_id = ArticlePage.objects.live().first().id
    errors = []

    def work():
        try:
            for _ in range(10):
                counts.record([page_id], variant=render.Variant(), channel="public", language="en")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PrintCount.objects.get(article_id=page_id).count == 40


@pytest.fixture
def demo_site_loaded(transactional_db):
    call_command("load_demo_content", verbosity=0, skip_index=True)


def test_public_prints_count_once_per_client_per_minute_and_never_for_bots(
    client, article, fake_render
):
    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER)  # rendered through Wagtail
    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER)  # fast path, same client: repeat
    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.9")  # another
    client.get(handout_url(article), HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot)")
    client.get(handout_url(article), HTTP_USER_AGENT="curl/8.5.0")
    client.get(handout_url(article))  # no User-Agent at all
    client.get(handout_url(article, "?size=large"), HTTP_USER_AGENT=BROWSER)
    assert fake_render.count == 2
    assert totals() == {
        (article.id, "public", "std", ""): 2,
        (article.id, "public", "large", ""): 1,
    }


def test_the_fast_path_counts(client, article, fake_render, monkeypatch):
    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER)
    # The next request is served by the middleware without Wagtail (no view runs).
    from handouts import views

    monkeypatch.setattr(views, "serve_public_handout", None)
    response = client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200
    assert totals() == {(article.id, "public", "std", ""): 2}


def test_repeat_key_holds_no_address(client, article, fake_render):
    from django.core.cache import cache

    client.get(handout_url(article), HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.77")
    keys = [str(key) for key in getattr(cache, "_cache", {})]
    assert any("handout-print:" in key for key in keys)
    assert not any("203.0.113.77" in key or "Chrome" in key for key in keys)


def test_unknown_location_and_drafts_count_nothing(client, article, fake_render):
    client.get(handout_url(article, "?location=atlantis"), HTTP_USER_AGENT=BROWSER)
    assert not PrintCount.objects.exists()


def test_admin_button_and_command_line_channels(admin_client, article, fake_render, tmp_path):
    admin_client.get(f"/admin/handouts/{article.id}/?location=hamilton")
    call_command("handout", article.slug, "-o", str(tmp_path / "x.pdf"), stdout=io.StringIO())
    assert totals() == {
        (article.id, "admin", "std", "hamilton"): 1,
        (article.id, "command", "std", ""): 1,
    }


@pytest.fixture
def counted(article):
    from articles.models import ArticlePage

    other = ArticlePage.objects.live().exclude(id=article.id).first()
    today = timezone.localdate()
    variant = render.Variant()
    for days_ago, page, channel, n in [
        (0, article, "public", 5),
        (3, article, "packet", 2),
        (10, other, "admin", 1),
        (95, other, "public", 50),  # outside the 90 days
    ]:
        for _ in range(n):
            counts.record(
                [page.id],
                variant=variant,
                channel=channel,
                language="en",
                day=today - datetime.timedelta(days=days_ago),
            )
    return article, other


def test_report_per_article_and_channel_with_chart(admin_client, counted):
    article, other = counted
    response = admin_client.get("/admin/reports/handouts-printed/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["articles"]
    assert [(row["title"], row["cells"], row["total"]) for row in rows] == [
        (article.title, [5, 0, 2, 0], 7),
        (other.title, [0, 1, 0, 0], 1),
    ]
    assert response.context["total"] == 8
    assert "<svg" in html and html.count("<rect") == 3  # three days with prints
    assert "the busiest day had 5" in html
    assert "<script" not in html.split('<div class="handouts-report">')[1]


def test_report_csv(admin_client, counted):
    article, other = counted
    response = admin_client.get("/admin/reports/handouts-printed/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted((int(row["article_id"]), row["channel"], int(row["count"])) for row in rows) == [
        *sorted([(article.id, "public", 5), (article.id, "packet", 2), (other.id, "admin", 1)])
    ]
    assert {row["title"] for row in rows} == {article.title, other.title}


def test_report_needs_permission(client, django_user_model, counted):
    user = django_user_model.objects.create_user("nobody", password="pw")
    client.force_login(user)
    assert client.get("/admin/reports/handouts-printed/").status_code in (302, 403)


def test_demo_content_has_two_collections():
    names = list(CareCollection.objects.values_list("name", flat=True))
    assert names == ["Cramps and sore muscles", "Trouble sleeping"]
    for collection in CareCollection.objects.all():
        assert len(collection.article_ids()) == 2


def test_builder_starts_from_a_collection(admin_client):
    collection = CareCollection.objects.get(name="Trouble sleeping")
    response = admin_client.get(f"/admin/packets/?collection={collection.pk}")
    assert [page.id for page in response.context["selected"]] == collection.article_ids()
    html = response.content.decode()
    assert collection.default_note.split("\n")[0] in html
    # Hostile or unknown ids just start an empty packet.
    for raw in ("999999", "abc", "1" * 40):
        response = admin_client.get(f"/admin/packets/?collection={raw}")
        assert response.status_code == 200 and response.context["selected"] == []


def test_a_collection_with_its_own_default_note_is_stored(admin_client, fake_render):
    from handouts.models import StoredHandout

    collection = CareCollection.objects.get(name="Trouble sleeping")
    data = {
        "articles": [str(i) for i in collection.article_ids()],
        "collection": str(collection.pk),
        "note": collection.default_note.replace("\n", "\r\n"),
        "language": "en",
    }
    admin_client.post("/admin/packets/", data)
    admin_client.post("/admin/packets/", data)
    assert fake_render.count == 1
    assert StoredHandout.objects.filter(key__startswith="packet:").count() == 1


def test_collections_snippet_in_the_admin(admin_client):
    response = admin_client.get("/admin/snippets/handouts/carecollection/")
    assert response.status_code == 200
    assert "Trouble sleeping" in response.content.decode()


def test_a_counter_that_cannot_be_written_still_serves_the_handout(
    client, article, fake_render, monkeypatch, caplog
):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("database is read-only")

    monkeypatch.setattr(counts, "record", refuse)
    response = client.get(handout_url(article), HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "not counted (OperationalError)" in caplog.text


def test_head_requests_are_not_counted(client, article, fake_render):
    client.get(handout_url(article), HTTP_USER_AGENT="curl/8")  # render and store it
    client.head(handout_url(article), HTTP_USER_AGENT=BROWSER)
    assert not PrintCount.objects.exists()
