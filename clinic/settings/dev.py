"""Local development: `make run`."""

import os

from .base import *

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# One cache for every process `make run` starts (the runserver and its reloader) and for commands
# run in another terminal (`import_articles`, `manage.py shell`): a change made there forgets the
# served site's copies at once. Files, so it needs no server; git-ignored.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DEV_CACHE_DIR") or str(BASE_DIR / ".cache" / "django"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
