"""`make run` keeps one cache for all its processes (clinic/settings/dev.py): a page published by a
command in another terminal (`import_articles`, `manage.py shell`) shows on the served site at once,
not after the page cache's 10 minutes. Two real processes: this one serves, a `manage.py shell`
publishes."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]

PUBLISH = """
from django.conf import settings
settings.HANDOUTS_RENDER_ON_PUBLISH = False
from articles.models import ArticlePage
page = ArticlePage.objects.get(slug="leg-cramps", locale__language_code="en")
page.title = "Leg cramps, from the other terminal"
page.save_revision().publish()
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_publish_from_another_process_shows_at_once(client, tmp_path, monkeypatch):
    monkeypatch.setenv("DEV_CACHE_DIR", str(tmp_path / "cache"))
    dev = importlib.reload(importlib.import_module("clinic.settings.dev"))
    assert dev.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
    with override_settings(CACHES=dev.CACHES, PAGE_CACHE_ENABLED=True):
        client.get("/articles/leg-cramps/")
        kept = client.get("/articles/leg-cramps/")
        assert kept["X-Page-Cache"] == "hit"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "clinic.settings.dev",
            "DATABASE_URL": database_url(),
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", PUBLISH],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        fresh = client.get("/articles/leg-cramps/")
    assert "X-Page-Cache" not in fresh
    assert b"Leg cramps, from the other terminal" in fresh.content
