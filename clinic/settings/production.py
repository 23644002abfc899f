"""Production. Refuses to start without SECRET_KEY and ALLOWED_HOSTS (and CSRF_TRUSTED_ORIGINS)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


def _list(name: str) -> list[str]:
    return [item.strip() for item in _required(name).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One cache shared by every gunicorn worker and the task worker: Wagtail's cached site root paths
# (page URLs, QR codes), the article pages' cached fragments and the site's copy of public pages are
# then forgotten by all processes at once when a Site, a page or an image changes. With REDIS_URL:
# Redis (also Wagtail's renditions cache), failing open when Redis is away. Without it: a table in
# the database they already share; `migrate` creates it (clinic.apps).
if os.environ.get("REDIS_URL"):
    CACHES = redis_caches(os.environ["REDIS_URL"])
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "clinic_cache",
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Uploaded images on S3-compatible object storage (django-storages) when a bucket is named, so that
# several app servers share them; otherwise MEDIA_ROOT on this server's disk.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": os.environ.get("AWS_QUERYSTRING_AUTH", "0") == "1",
        },
    }

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# Cookies only over HTTPS. SECURE_COOKIES=0 only for a stack served over plain HTTP on loopback
# (`make serve` on one machine, the production tests).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The header alone submits nothing; the preload list is opt-in at hstspreload.org by the domain owner.
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# SAMEORIGIN, not DENY: Wagtail's editor shows the page (and the handout) preview in a same-site iframe.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
CONN_MAX_AGE = 60
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))

if os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = True
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Superusers must pass a second factor (TOTP) to use the admin; OTP_REQUIRED_FOR_SUPERUSERS=0 only
# for a throwaway stack on loopback (the production tests).
OTP_REQUIRED_FOR_SUPERUSERS = os.environ.get("OTP_REQUIRED_FOR_SUPERUSERS", "1") == "1"
