"""The test suite. Uses DATABASE_URL when set (CI: PostgreSQL), SQLite otherwise."""

import os
import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-test-media-"))
WAGTAILADMIN_BASE_URL = "http://testserver"
if not IS_POSTGRES:
    # A file, not :memory:, so that live-server threads and lock tests share one database;
    # one per process, so that parallel runs (xdist workers, several checkouts) never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"clinic-test-{os.getpid()}.sqlite3")
    }

# Handouts: do not render a PDF on every publish (demo loads, browser tests); tests that check the
# background render turn it on with override_settings.
HANDOUTS_RENDER_ON_PUBLISH = False

# The site's own page cache and remembered live content (clinic.http.cache): off by default, so that
# tests may change content through the models and read it back at once, in transactions that never
# commit; tests of the cache turn it on. `PAGE_CACHE=on` runs tests as deployed, with it on (the
# tests' conftest then runs each transaction's on_commit work when it ends): `make test-cache-on`.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE") == "on"
