"""Settings modules: each loads; production refuses to start without its secrets and passes
`check --deploy` when given sane values; PostgreSQL is detected by engine, not URL prefix."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'postgres_app': 'django.contrib.postgres' in settings.INSTALLED_APPS, "
    "'search': settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
    "'debug': settings.DEBUG, 'storage': settings.STORAGES['staticfiles']['BACKEND'], "
    "'tasks': settings.TASKS['default']['BACKEND'], "
    "'cache': settings.CACHES['default']['BACKEND']}))"
)
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-0123456789-abcdefghijkl",
    "ALLOWED_HOSTS": "clarkwellness.example,www.clarkwellness.example",
    "CSRF_TRUSTED_ORIGINS": "https://clarkwellness.example",
}


def run_python(code_or_args, settings_module, extra_env=None, drop=()):
    skip = {
        *drop,
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }  # the latter: browser tests
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.update(extra_env or {})
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("module", ["clinic.settings.dev", "clinic.settings.test"])
def test_dev_and_test_settings_load_with_sqlite_by_default(module):
    result = run_python(PROBE, module)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "django.db.backends.sqlite3"
    assert data["postgres_app"] is False
    assert data["search"] == "wagtail.search.backends.database"
    assert data["tasks"] == "django_tasks.backends.immediate.ImmediateBackend"


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_postgresql_engine_adds_contrib_postgres(scheme):
    result = run_python(
        PROBE, "clinic.settings.dev", {"DATABASE_URL": f"{scheme}://u@127.0.0.1:5432/x"}
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "django.db.backends.postgresql"
    assert data["postgres_app"] is True


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"])
def test_production_refuses_to_start_without_required_environment(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_python(PROBE, "clinic.settings.production", env, drop=PRODUCTION_ENV.keys())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_settings_with_sane_environment():
    result = run_python(PROBE, "clinic.settings.production", PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["debug"] is False
    assert data["storage"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert data["tasks"] == "django_tasks_db.DatabaseBackend"
    # shared by every server process: a change seen by one is seen by all
    assert data["cache"] == "django.core.cache.backends.db.DatabaseCache"


def test_check_deploy_reports_nothing_on_production_settings(tmp_path):
    # An empty database of its own: not whatever Site a local `make run` left in db.sqlite3.
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        "clinic.settings.production",
        env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_while_the_default_site_is_localhost(tmp_path):
    """Under production settings: a migrated database's default Site is Wagtail's localhost:80;
    `check --deploy` warns until staff give it the public hostname."""
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    production = "clinic.settings.production"
    migrated = run_python(["manage.py", "migrate", "--noinput", "-v", "0"], production, env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    check = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = run_python(check, production, env)
    assert result.returncode != 0
    assert "clinic.W001" in result.stderr and "'localhost'" in result.stderr
    rename = (
        "from wagtail.models import Site; "
        "Site.objects.filter(is_default_site=True).update(hostname='clarkwellness.example', port=443)"
    )
    renamed = run_python(["manage.py", "shell", "-c", rename], production, env)
    assert renamed.returncode == 0, renamed.stderr
    result = run_python(check, production, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_weasyprint_is_not_imported_at_django_start_up():
    code = (
        "import sys, django; django.setup(); import clinic.urls; print('weasyprint' in sys.modules)"
    )
    result = run_python(code, "clinic.settings.dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table():
    """Production's cache lives in the database; `migrate` (its post_migrate hook) creates the table."""
    from django.apps import apps
    from django.core.cache import caches
    from django.db import connection
    from django.test import override_settings

    from clinic.apps import create_cache_tables

    db_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "clinic_cache_probe",
        }
    }
    assert "clinic_cache_probe" not in connection.introspection.table_names()
    with override_settings(CACHES=db_cache):
        try:
            create_cache_tables(sender=apps.get_app_config("clinic"), using="default")
            assert "clinic_cache_probe" in connection.introspection.table_names()
            cache = caches.create_connection("default")
            cache.set("probe", "shared", 30)
            assert cache.get("probe") == "shared"
        finally:
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS clinic_cache_probe")
