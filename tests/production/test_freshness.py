"""The two races a probe of the production stack found, on the real stack (gunicorn with production
settings, Redis, PostgreSQL) with the task worker stopped: a search right after a publish finds the
new word, and a handout printed right after a practitioner is renamed names the new name. The
changes are made from another process (`manage.py shell`), as staff's admin or an import would."""

from __future__ import annotations

import secrets

import pytest

from tests.handouts.pdfs import ReadPdf

from .stack import Client, Stack

pytestmark = pytest.mark.production

ARTICLE = "/articles/leg-cramps/"


@pytest.fixture(scope="module")
def stack(database):
    with Stack(database) as running:
        redis = running.redis()
        running.env_extra = {
            "REDIS_URL": redis.redis_url,
            "CACHE_KEY_PREFIX": f"fresh{secrets.token_hex(3)}",
        }
        running.web = running.gunicorn(workers=2)
        # No task worker: whatever is queued waits, as with a stalled or slow worker.
        yield running


def shell(stack, code: str) -> str:
    """`manage.py shell -c code` with the app servers' environment (their Redis)."""
    return stack.database.manage("shell", "-c", code, env_extra=stack.env_extra)


def found(client, word) -> bool:
    return f'href="{ARTICLE}"' in client.request(f"/search/?q={word}").text


def test_a_search_right_after_a_publish_finds_the_new_word_with_no_worker(stack, database):
    client = Client(stack.web.url())
    assert not found(client, "zanzibarine")
    assert not found(client, "zanzibarine")  # remembered under this generation
    shell(
        stack,
        "from articles.models import ArticlePage\n"
        "page = ArticlePage.objects.get(slug='leg-cramps', locale__language_code='en')\n"
        "page.summary += ' Zanzibarine tonic water.'\n"
        "page.save_revision().publish()",
    )
    assert found(client, "zanzibarine")
    queued = database.rows("SELECT count(*) FROM django_tasks_database_dbtaskresult")[0][0]
    assert queued > 0  # the background work is still waiting for a worker


def test_a_handout_after_a_practitioner_rename_shows_the_new_name_with_no_worker(stack, database):
    client = Client(stack.web.url())
    old_name = (
        shell(
            stack,
            "from articles.models import ArticlePage\n"
            "print(ArticlePage.objects.get(slug='leg-cramps', locale__language_code='en')"
            ".reviewed_by.display_name)",
        )
        .strip()
        .splitlines()[-1]
    )
    before = client.request(ARTICLE + "handout/")
    assert before.status == 200
    assert f"Medically reviewed by {old_name}" in ReadPdf(before.body).text
    shell(
        stack,
        "from articles.models import ArticlePage\n"
        "reviewer = ArticlePage.objects.get(slug='leg-cramps', locale__language_code='en')"
        ".reviewed_by\n"
        "reviewer.name = 'Maria Renamed-Lopez'\n"
        "reviewer.save()",
    )
    assert "Maria Renamed-Lopez" in client.request(ARTICLE).text
    after = ReadPdf(client.request(ARTICLE + "handout/").body).text
    assert "Medically reviewed by Maria Renamed-Lopez" in after
    assert f"Medically reviewed by {old_name}" not in after
