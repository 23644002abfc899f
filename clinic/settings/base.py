"""Settings shared by every environment. Environment-specific modules import * from here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from clinic import editor_limits as _editor_limits

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Never hard-code a real key: dev/test set a throwaway, production requires one from the environment.
SECRET_KEY = os.environ.get("SECRET_KEY", "")

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "clinic",
    "articles",
    "locations",
    "handouts",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales (Settings → Locales)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # backup codes (clinic.security.twofactor)
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: a Host outside ALLOWED_HOSTS is one warning line and a 400, never a traceback.
    "clinic.http.middleware.RefuseForeignHostMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything queries the database: no valid path or parameter contains NUL.
    "clinic.http.middleware.RejectNulMiddleware",
    # OPTIONS answers with Allow and no body, TRACE is refused (405), on every route.
    "clinic.http.middleware.HttpMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: every page, kept or fresh, gets the same ETag (an MD5 of its body)
    # and conditional GETs a 304; handouts set theirs from all their bytes (clinic.http.ranges).
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside sessions, CSRF and auth: decides who may keep each response, serves kept pages.
    "clinic.http.cache.PublicCacheMiddleware",
    # Inside the page cache, so that a kept page is kept with the policy it was rendered under.
    "clinic.security.csp.ClinicCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware: the language comes from the URL prefix (/es/…);
    # unprefixed URLs are English (i18n_patterns with prefix_default_language=False).
    "clinic.i18n.languages.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After auth: request.user.is_verified(); staff with a TOTP device (and, where required,
    # superusers) must pass the second step before the admin (clinic.security.twofactor).
    "django_otp.middleware.OTPMiddleware",
    "clinic.security.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns a login refused for too many failures into the lockout page (429).
    "axes.middleware.AxesMiddleware",
    # Last, so every response middleware above applies: serves warm public handouts in one query.
    "handouts.fastpath.StoredHandoutMiddleware",
]

ROOT_URLCONF = "clinic.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "clinic" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "clinic.wsgi.application"

# Database: DATABASE_URL (postgresql://… in CI and production), an SQLite file in the project by default.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] in (
    "django.db.backends.postgresql",
    "django.contrib.gis.db.backends.postgis",
)
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "clinic.security.throttle.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Where the front-end login (/_util/login/, for pages restricted to logged-in visitors) and the
# document-password form go when their `next`/`return_url` is missing or points off the site:
# the home page (Django's default, /accounts/profile/, does not exist here). The page-password
# form goes back to its page instead (clinic.views.return_to_page).
LOGIN_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "America/Chicago"  # both clinics are in Central Texas
USE_I18N = True
USE_TZ = True
# The site's two languages: English at today's URLs, Spanish under /es/ (clinic/urls.py).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Per-process memory cache (tests). `make run`: files shared by its processes (dev.py); production:
# Redis (REDIS_URL) or the database (production.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Shared (edge) caching of public responses (clinic.http.cache): how long Varnish/nginx/a CDN may keep a
# public page or handout (they are purged on publish, so this bounds only what a purge could miss),
# and how long they may serve a stale copy while fetching a fresh one.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "600"))
PUBLIC_CACHE_STALE_SECONDS = int(os.environ.get("PUBLIC_CACHE_STALE_SECONDS", "60"))
# The site's own copy of public pages, and of live content read on many pages (nav, footer, topic
# chips, ranked search results), in the default cache; forgotten on every publish.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "1") == "1"
# This release (e.g. the deployed commit); without it, a hash of the code (clinic.http.cache.release).
# A new release starts a new page cache generation.
RELEASE_ID = os.environ.get("RELEASE_ID", "")


def redis_caches(url: str) -> dict:
    """Django's cache and Wagtail's renditions cache in Redis, failing open: when Redis is away,
    every cache read is a miss and every write is dropped (django-redis IGNORE_EXCEPTIONS), with
    short socket timeouts, and redis-py reconnects by itself when it is back."""
    options = {
        "CLIENT_CLASS": "django_redis.client.DefaultClient",
        "IGNORE_EXCEPTIONS": True,
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 0.5,
        "CONNECTION_POOL_KWARGS": {"retry_on_timeout": False, "health_check_interval": 30},
    }
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "clinic"),
            "TIMEOUT": 600,
            "OPTIONS": options,
        },
        "renditions": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "clinic") + "-renditions",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": options,
        },
    }


# Django-redis logs the exceptions it ignores (one line each), so an outage shows in the logs.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "clinic.http.cache"


def frontend_cache_backends(env) -> dict:
    """wagtail.contrib.frontend_cache backends from environment variables (clinic.http.purge sends the
    purges): FRONTEND_CACHE_PURGE_URL for Varnish/nginx (HTTP PURGE), CLOUDFLARE_* for Cloudflare,
    CLOUDFRONT_DISTRIBUTION_ID for CloudFront. None set: nothing to purge."""
    backends = {}
    if env.get("FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "clinic.http.purge.HTTPPurgeBackend",
            "LOCATION": env["FRONTEND_CACHE_PURGE_URL"],
        }
    if env.get("CLOUDFLARE_ZONEID") and (
        env.get("CLOUDFLARE_BEARER_TOKEN") or env.get("CLOUDFLARE_API_KEY")
    ):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": env["CLOUDFLARE_ZONEID"],
            **(
                {"BEARER_TOKEN": env["CLOUDFLARE_BEARER_TOKEN"]}
                if env.get("CLOUDFLARE_BEARER_TOKEN")
                else {
                    "EMAIL": env.get("CLOUDFLARE_EMAIL", ""),
                    "API_KEY": env["CLOUDFLARE_API_KEY"],
                }
            ),
        }
    if env.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": env["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


WAGTAILFRONTENDCACHE = frontend_cache_backends(os.environ)

# Wagtail
WAGTAIL_SITE_NAME = "Clark Wellness"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend; on PostgreSQL, Spanish pages use the `spanish` text-search
# configuration (clinic.i18n.search).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "clinic.i18n.search" if IS_POSTGRES else "wagtail.search.backends.database"
    }
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "txt"]
# Content in English and Spanish: every page has a locale; translations through wagtail-localize.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation starts as a draft: it goes live only through Medical review.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Health articles: the reviewer's approval publishes (articles.review); other pages as Wagtail does.
WAGTAIL_FINISH_WORKFLOW_ACTION = "articles.review.finish.finish_workflow"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
# Uploads: Wagtail's own checks. 40 million pixels takes any phone or DSLR photo (24–36 Mpx) and
# refuses the poster-sized scans that cost a handout render over a gigabyte (issue #11); 10 MB is
# Wagtail's default, said here so that the two limits are read together. articles.limits applies
# the pixel limit again to images already in the library when an article using them is saved.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", "40000000"))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(
    os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
)
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_ENABLE_UPDATE_CHECK = (
    False  # no calls home from the admin (patient privacy, closed network)
)
WAGTAIL_GRAVATAR_PROVIDER_URL = (
    None  # no avatar look-ups at gravatar.com from the admin, same reason
)

# Background work: django-tasks. Production runs `manage.py db_worker` with the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Clinic-specific knobs
ARTICLE_REVIEW_INTERVAL_MONTHS = int(os.environ.get("ARTICLE_REVIEW_INTERVAL_MONTHS", "12"))
HANDOUT_PAGE_SIZE = os.environ.get("HANDOUT_PAGE_SIZE", "letter")  # "letter" or "a4"
# What an article may hold (articles.limits): checked when it is saved, and before a handout is
# laid out. The longest demo article is ~1,800 words, ~12,000 characters, ~40 blocks, nested 4 deep.
ARTICLE_MAX_BODY_CHARACTERS = int(os.environ.get("ARTICLE_MAX_BODY_CHARACTERS", "150000"))
ARTICLE_MAX_BLOCK_CHARACTERS = int(os.environ.get("ARTICLE_MAX_BLOCK_CHARACTERS", "20000"))
ARTICLE_MAX_BLOCKS = int(os.environ.get("ARTICLE_MAX_BLOCKS", "300"))
ARTICLE_MAX_NESTING = int(os.environ.get("ARTICLE_MAX_NESTING", "20"))
ARTICLE_MAX_LIST_ITEMS = int(os.environ.get("ARTICLE_MAX_LIST_ITEMS", "600"))
ARTICLE_MAX_REFERENCES = int(os.environ.get("ARTICLE_MAX_REFERENCES", "60"))
# Django refuses a request with more form fields or bytes than these (a bare 400 before any view
# runs): sized from the limits above, so that the editor can post the largest article they allow
# (clinic.editor_limits.editor_fields / editor_bytes: 6,680 fields and 5.8 MB with the defaults). The
# admin checks a form against them before sending it (clinic/static/clinic/js/admin-limits.js).
DATA_UPLOAD_MAX_NUMBER_FIELDS = _editor_limits.editor_fields(
    ARTICLE_MAX_BLOCKS, ARTICLE_MAX_LIST_ITEMS, ARTICLE_MAX_REFERENCES
)
DATA_UPLOAD_MAX_MEMORY_SIZE = _editor_limits.editor_bytes(
    ARTICLE_MAX_BODY_CHARACTERS, ARTICLE_MAX_BLOCKS, ARTICLE_MAX_LIST_ITEMS, ARTICLE_MAX_REFERENCES
)
# The bound on one handout layout (handouts.isolation): seconds of wall clock — well under
# gunicorn's worker timeout (GUNICORN_TIMEOUT, 30 s) — and megabytes of memory above the render
# child's size when the layout starts. A render child is replaced after so many layouts, or once
# its resident size passes so many megabytes.
HANDOUT_RENDER_TIMEOUT = float(os.environ.get("HANDOUT_RENDER_TIMEOUT", "10"))
HANDOUT_RENDER_MEMORY_MB = int(os.environ.get("HANDOUT_RENDER_MEMORY_MB", "1024"))
HANDOUT_RENDER_CHILD_RENDERS = int(os.environ.get("HANDOUT_RENDER_CHILD_RENDERS", "50"))
HANDOUT_RENDER_CHILD_MB = int(os.environ.get("HANDOUT_RENDER_CHILD_MB", "400"))
# Megabytes of stored handouts' PDF bytes each process keeps in memory for the warm fast path
# (handouts.pdf_cache); 0 reads them from the store every time.
HANDOUT_MEMORY_CACHE_MB = int(os.environ.get("HANDOUT_MEMORY_CACHE_MB", "32"))
HANDOUT_RENDER_ISOLATION = True  # False: lay out in the request's process, unbounded (debugging)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "clinic.log.StderrHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
        "clinic": {"handlers": ["console"], "level": "INFO"},
        "handouts": {"handlers": ["console"], "level": "INFO"},
        "wagtail.frontendcache": {"handlers": ["console"], "level": "WARNING"},
        "weasyprint": {"handlers": ["console"], "level": "ERROR"},
        "fontTools": {"handlers": ["console"], "level": "ERROR"},
    },
}


# Login throttling (django-axes; counters in the database, shared by every app server). After
# AXES_FAILURE_LIMIT failed logins for one username, or from one address, further logins from it
# are refused for AXES_COOLOFF_MINUTES after the last failure (429, clinic/lockout.html); an admin
# can lift a lockout at once (Reports → Login lockouts, or `manage.py axes_reset`).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one reaching the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "clinic.security.throttle.axes_lockout"  # clinic/lockout.html, 429
AXES_CLIENT_IP_CALLABLE = "clinic.security.throttle.client_ip"
AXES_ENABLE_ADMIN = False  # shown in the Wagtail admin instead (clinic.security.admin)
AXES_VERBOSE = False
# Number of reverse proxies in front of gunicorn that append to X-Forwarded-For (nginx: 1,
# nginx + Varnish: 2). 0: the client address is REMOTE_ADDR (docs/deploy.md).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Two-factor authentication (django-otp TOTP, clinic.security.twofactor): any staff member may add an
# authenticator app (Account → Two-factor authentication); who has one must enter its code after
# the password. Superusers must have one when this is on (production).
OTP_REQUIRED_FOR_SUPERUSERS = os.environ.get("OTP_REQUIRED_FOR_SUPERUSERS", "0") == "1"
OTP_TOTP_ISSUER = "Clark Wellness"

# Content Security Policy (django-csp, clinic.security.csp). Public pages: nothing but this site's own
# files; no inline script or style (a template that needs one uses request.csp_nonce, and such a
# page is then never kept by shared caches). The admin has its own, looser policy (CSP_ADMIN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin (and its previews, under /admin/): inline scripts and styles in its own
# templates and widgets, blob:/data: images in the image chooser and cropper, same-site frames.
CSP_ADMIN = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
