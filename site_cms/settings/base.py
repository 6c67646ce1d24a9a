"""Settings shared by every environment.

Everything that differs between a laptop, the test run and production is read from
the environment in the environment's own module; nothing secret lives here.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from content_pages.foundations import limits
from site_cms.databases import with_site_options
from site_cms.frontend_cache import frontend_cache_settings
from site_cms.media import s3_media_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CMS_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before the apps whose models it translates,
    # and its makemigrations/migrate overrides before Django's own commands.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    "content_pages",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "axes",
    "csp",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process (no separate web server needed), before
    # anything that reads sessions or the database: see STORAGES below.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that can answer on its own (read limits, errors), so that a 429 or 401
    # reaches a single-page app on an allowed origin with headers it may read.
    "corsheaders.middleware.CorsMiddleware",
    "content_pages.interfaces.web.security.SiteCSPMiddleware",
    "content_pages.interfaces.web.security.PermissionsPolicyMiddleware",
    "content_pages.interfaces.api.rate_limits.ApiRateLimitMiddleware",
    "content_pages.interfaces.api.middleware.JsonApiErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "content_pages.interfaces.web.middleware.WebLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Readers (anyone without the signed editor marker) get pages as stored at publish (one query).
    "content_pages.interfaces.web.stored_pages.StoredPageMiddleware",
    "content_pages.interfaces.admin.write_lock.SerialObjectWritesMiddleware",
    # One rendering of every channel per admin write, however often Wagtail cleans the page.
    "content_pages.interfaces.admin.checks_once.ChannelChecksOnceMiddleware",
    "content_pages.interfaces.admin.middleware.PublishRefusedMiddleware",
    "content_pages.interfaces.admin.refusals.TranslatorRefusedMiddleware",
    # Wagtail's privacy and move views commit with the events they produce.
    "content_pages.interfaces.admin.visibility_views.AtomicVisibilityChangesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "site_cms.wsgi.application"

# One URL says where the data lives: SQLite under var/ unless DATABASE_URL names
# another database (PostgreSQL in CI and production). SQLite runs in WAL mode with IMMEDIATE
# transactions (site_cms/databases.py), a write waiting up to CMS_SQLITE_BUSY_TIMEOUT seconds
# for another process's.
CMS_SQLITE_BUSY_TIMEOUT = float(os.environ.get("CMS_SQLITE_BUSY_TIMEOUT", "10"))
DATABASES = {
    "default": with_site_options(
        dj_database_url.parse(
            os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        ),
        sqlite_busy_timeout=CMS_SQLITE_BUSY_TIMEOUT,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: every login (Wagtail's admin login included) is checked for a lockout
# before the password is.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes) -----------------------------------------------------
# CMS_LOGIN_FAILURE_LIMIT wrong passwords for one username from one client lock that
# username out from that client (unknown usernames are counted the same way, so the
# answers tell nothing about which accounts exist). The lockout ends after
# CMS_LOGIN_LOCKOUT_MINUTES (0: only when an admin runs `manage.py axes_reset_username`).
AXES_FAILURE_LIMIT = int(os.environ.get("CMS_LOGIN_FAILURE_LIMIT", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
_lockout_minutes = int(os.environ.get("CMS_LOGIN_LOCKOUT_MINUTES", "60"))
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes) if _lockout_minutes > 0 else None
AXES_RESET_ON_SUCCESS = True
# A password spray (a few guesses at many usernames) is capped too: after
# CMS_LOGIN_CLIENT_FAILURE_LIMIT failures from one client, whatever the usernames, that
# client cannot log in at all for the same cool-off (0: no cap). Lifted with
# `manage.py axes_reset_ip <address>`.
CMS_LOGIN_CLIENT_FAILURE_LIMIT = int(os.environ.get("CMS_LOGIN_CLIENT_FAILURE_LIMIT", "100"))
AXES_HANDLER = "content_pages.interfaces.web.login_limits.ClientCapHandler"
# The client address as the enquiry rate limit sees it (CMS_TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "content_pages.interfaces.web.security.axes_client_ip"
AXES_HTTP_RESPONSE_CODE = 429
# The lockout is managed with management commands; no Django admin site is mounted.
AXES_ENABLE_ADMIN = False

# --- Response headers ------------------------------------------------------------------
# The public site: nothing inline, nothing from elsewhere (templates/base.html links its
# stylesheet from content_pages/static/).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # The admin's preview panel frames the site's own pages.
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin (and the page previews it renders under /admin/) needs inline scripts
# and styles; it gets them, and only it (content_pages/interfaces/web/security.py).
CMS_ADMIN_CSP_PREFIX = "/admin/"
CMS_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", "https://www.gravatar.com"],
        "font-src": [SELF, "data:"],
        # Wagtail's "new version available" notice.
        "connect-src": [SELF, "https://releases.wagtail.org"],
        "frame-src": [SELF, "https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Browser features no page of this site uses.
CMS_PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
}

# --- Languages -------------------------------------------------------------------
# The one definition of the content languages: the first is the source language, the
# others are translation targets. Everything else (URL prefixes, translated model
# fields, fallbacks, the language switcher) is derived from this list.
CMS_SOURCE_LANGUAGE = "en"
CMS_LANGUAGES = ("en", "zh-hans", "ms")

LANGUAGE_CODE = CMS_SOURCE_LANGUAGE
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "中文（简体）"),
    ("ms", "Bahasa Melayu"),
]
assert tuple(code for code, _ in LANGUAGES) == CMS_LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

MODELTRANSLATION_DEFAULT_LANGUAGE = CMS_SOURCE_LANGUAGE
MODELTRANSLATION_LANGUAGES = CMS_LANGUAGES
# Every target language falls back to the source language; the pages say so.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": (CMS_SOURCE_LANGUAGE,)}
MODELTRANSLATION_CUSTOM_FIELDS = ("StreamField", "RichTextField")
MODELTRANSLATION_AUTO_POPULATE = False

# Wagtail's own Locale tree is not used: one page tree, translated per field.
WAGTAIL_I18N_ENABLED = False

# --- Static and media ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CMS_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("CMS_MEDIA_ROOT", VAR_DIR / "media"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# WhiteNoise serves STATIC_ROOT (after `manage.py collectstatic`). Plain names here, for
# development and the tests, which do not collect; production.py switches to hashed,
# compressed names, which WhiteNoise serves with far-future caching (a changed file gets a
# new name, so a reader's cache never holds an old stylesheet under a current name).
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Media storage -----------------------------------------------------------------
# Uploaded images and documents, and the images' renditions: on the local disk under
# MEDIA_ROOT ("local", the default), or in an S3 bucket ("s3": AWS, or any S3-compatible
# server at CMS_S3_ENDPOINT_URL) through django-storages, with credentials from the
# standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. In the bucket everything is private
# except the renditions of images in public collections, under public/, served from the
# bucket or CMS_S3_PUBLIC_URL (content_pages/interfaces/media_storage.py); private files
# get signed URLs valid for CMS_S3_SIGNED_URL_SECONDS. docs/operations.md: "Media".
CMS_MEDIA_STORAGE = os.environ.get("CMS_MEDIA_STORAGE", "local")
CMS_S3_SIGNED_URL_SECONDS = int(os.environ.get("CMS_S3_SIGNED_URL_SECONDS", "300"))
if CMS_MEDIA_STORAGE == "s3":
    _s3 = s3_media_settings(os.environ, signed_url_seconds=CMS_S3_SIGNED_URL_SECONDS)
    STORAGES["default"] = {"BACKEND": "content_pages.interfaces.media_storage.MediaStorage", "OPTIONS": _s3.options}
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [SELF, "data:", _s3.public_origin]
    _admin_images = CMS_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    _admin_images[:] = list(dict.fromkeys([*_admin_images, _s3.public_origin, *_s3.bucket_origins]))
    # Wagtail's document view checks the collection's restriction, then redirects to a
    # short-lived signed URL: a document's file is never public.
    WAGTAILDOCS_SERVE_METHOD = "redirect"
elif CMS_MEDIA_STORAGE != "local":
    raise ImproperlyConfigured(f"CMS_MEDIA_STORAGE must be local or s3, not {CMS_MEDIA_STORAGE!r}.")

# --- Wagtail ---------------------------------------------------------------------
# Staff avatars never come from Gravatar: it would send a hash of every editor's and
# reviewer's e-mail address to a third party from each admin page (Wagtail's default icon instead).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_SITE_NAME = os.environ.get("CMS_SITE_NAME", "Cancer A-Z")
WAGTAILADMIN_BASE_URL = os.environ.get("CMS_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Renditions "in the original format" are JPEG or PNG, which every browser and chat platform
# takes (foundations/limits.py: IMAGE_RENDITION_FORMATS); WebP is offered beside them.
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"webp": "png", "avif": "png", "gif": "png", "bmp": "png", "heic": "jpeg"}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
# Draftail that can open stored HTML with unbalanced tags instead of failing the edit view.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "content_pages.interfaces.admin.rich_text.WellFormedDraftailRichTextArea"}
}
# The publishing service ends a review in progress itself on a full publish, and leaves
# it going when only a translation is published (publishing/gate/service.py).
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = False
# Approving a translator's submission publishes only their language (publishing/reviews.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "content_pages.interfaces.admin.workflow_finish.finish_workflow"

# --- Pages API -------------------------------------------------------------------
CMS_API_CACHE_MAX_AGE = int(os.environ.get("CMS_API_CACHE_MAX_AGE", "60"))
CMS_PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("CMS_PREVIEW_TOKEN_MAX_AGE", "3600"))

# --- Caches in front (docs/operations.md: "Caches in front") ------------------------
# CMS_FRONTEND_CACHE (varnish, cloudflare, cloudfront; unset: none) is purged after each
# publish, unpublish, move and delete (content_pages/publishing/frontend_cache), through
# Wagtail's backends; its app stays uninstalled (its handlers purge page.url only).
WAGTAILFRONTENDCACHE = frontend_cache_settings(os.environ)
CMS_FRONTEND_CACHE = next(iter(WAGTAILFRONTENDCACHE), "")
# How long a shared cache may keep a response a publish purges (s-maxage): long when a
# purge reaches it, else as short as the browsers' max-age.
CMS_SHARED_CACHE_MAX_AGE = int(
    os.environ.get("CMS_SHARED_CACHE_MAX_AGE") or (86400 if CMS_FRONTEND_CACHE else CMS_API_CACHE_MAX_AGE)
)
# URLs per purge request, and how often a failed purge is tried again (after 10 s, 20 s, ...).
CMS_FRONTEND_CACHE_BATCH = int(os.environ.get("CMS_FRONTEND_CACHE_BATCH", "100"))
CMS_FRONTEND_CACHE_ATTEMPTS = int(os.environ.get("CMS_FRONTEND_CACHE_ATTEMPTS", "5"))
# Read limits (content_pages/interfaces/api/rate_limits.py): requests per minute for a
# client without an API key (per hashed client address); a key carries its own limit.
CMS_API_ANON_RATE_LIMIT = int(os.environ.get("CMS_API_ANON_RATE_LIMIT", "120"))
# Seconds an API key looked up by its hash stays in the cache. Revoking deletes the entry,
# so with CMS_CACHE_URL every process refuses the key at once; without it, other processes
# (each with its own cache) may accept it this long.
CMS_API_KEY_CACHE_SECONDS = int(os.environ.get("CMS_API_KEY_CACHE_SECONDS", "60"))


# --- CORS (django-cors-headers) ----------------------------------------------------------
# Single-page apps on other origins may read the API, and send enquiries, only from the
# origins listed in CMS_CORS_ALLOWED_ORIGINS (comma-separated, e.g.
# "https://app.example.org,https://www.example.org"); none by default. The admin and the
# website never get CORS headers. Credentials are never shared: the API reads no cookies.
def _origins(value: str) -> list[str]:
    origins = [item.strip() for item in value.split(",") if item.strip()]
    for origin in origins:
        if not re.fullmatch(r"https?://[^/\s?#]+", origin):
            raise ImproperlyConfigured(
                f"CMS_CORS_ALLOWED_ORIGINS: {origin!r} is not an origin; write scheme and host (and port), "
                "such as https://app.example.org, without a path or a trailing slash."
            )
    return origins


CORS_ALLOWED_ORIGINS = _origins(os.environ.get("CMS_CORS_ALLOWED_ORIGINS", ""))
CORS_URLS_REGEX = r"^/api/v2/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
# What a frontend sends: content negotiation, revalidation, an API key, a JSON enquiry.
CORS_ALLOW_HEADERS = ("accept", "accept-language", "authorization", "content-type", "if-none-match")
# What it may read back besides the safelisted headers: revalidation and where it stands
# against the read limits (interfaces/api/rate_limits.py).
CORS_EXPOSE_HEADERS = (
    "ETag",
    "Content-Language",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
)
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Cache -----------------------------------------------------------------------
# What every process must agree on lives in Django's cache: the API's per-minute read
# counts, API-key look-ups (deleted on revoke), Wagtail's site root paths. Without
# CMS_CACHE_URL each process has its own in-memory cache (limits per process, a revoked
# key cached elsewhere works until CMS_API_KEY_CACHE_SECONDS pass); with it
# (redis://[:password@]host:port/db, rediss:// for TLS) every process shares Redis.
# An unreachable Redis makes the cache answer as an empty one and the limits count per
# process (content_pages/foundations/shared_cache.py), retried every CMS_CACHE_RETRY_SECONDS.
# The socket timeouts keep a Redis that does not answer from holding requests; the URL's
# own ?socket_timeout=…&socket_connect_timeout=… take precedence.
CMS_CACHE_RETRY_SECONDS = float(os.environ.get("CMS_CACHE_RETRY_SECONDS", "5"))
CACHES = {
    "default": (
        {
            "BACKEND": "content_pages.foundations.shared_cache.ResilientRedisCache",
            "LOCATION": os.environ["CMS_CACHE_URL"],
            "OPTIONS": {
                "socket_connect_timeout": 1.0,
                "socket_timeout": 1.0,
                "retry_seconds": CMS_CACHE_RETRY_SECONDS,
            },
        }
        if os.environ.get("CMS_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 10000}}
    )
}

# --- References --------------------------------------------------------------------
# Where `manage.py check_references` resolves DOIs (<resolver><doi>), and its timeout.
CMS_DOI_RESOLVER = os.environ.get("CMS_DOI_RESOLVER", "https://doi.org/")
CMS_DOI_TIMEOUT = float(os.environ.get("CMS_DOI_TIMEOUT", "10"))

# --- Request bodies ----------------------------------------------------------------
# From the limits every text and upload is held to (content_pages/foundations/limits.py;
# deploy/gunicorn.conf.py and docs/operations.md say how they fit together). Files are not
# counted in DATA_UPLOAD_MAX_MEMORY_SIZE; a translation file up to its limit is kept in
# memory rather than written to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = limits.REQUEST_FIELDS_MAX_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = limits.REQUEST_FIELDS_MAX
FILE_UPLOAD_MAX_MEMORY_SIZE = limits.TRANSLATION_FILE_MAX_BYTES

# --- Enquiry forms -----------------------------------------------------------------
CMS_PHONE_DEFAULT_REGION = os.environ.get("CMS_PHONE_DEFAULT_REGION", "MY")
CMS_ENQUIRY_RATE_LIMIT = int(os.environ.get("CMS_ENQUIRY_RATE_LIMIT", "5"))
CMS_ENQUIRY_RATE_WINDOW = int(os.environ.get("CMS_ENQUIRY_RATE_WINDOW", "600"))
CMS_ENQUIRY_MAX_BYTES = int(os.environ.get("CMS_ENQUIRY_MAX_BYTES", "16384"))
# Days after which `manage.py purge_enquiries` deletes submissions; unset keeps them.
CMS_ENQUIRY_RETENTION_DAYS = (
    int(os.environ["CMS_ENQUIRY_RETENTION_DAYS"]) if os.environ.get("CMS_ENQUIRY_RETENTION_DAYS") else None
)
# --- Reader feedback ("Was this helpful?") -------------------------------------------
# Answers per client and window, counted like enquiries (a refused attempt counts too).
CMS_FEEDBACK_RATE_LIMIT = int(os.environ.get("CMS_FEEDBACK_RATE_LIMIT", "20"))
CMS_FEEDBACK_RATE_WINDOW = int(os.environ.get("CMS_FEEDBACK_RATE_WINDOW", "600"))
# Days a comment's text is kept (`manage.py purge_feedback` blanks older ones; the answer
# itself stays for the reports).
CMS_FEEDBACK_RETENTION_DAYS = int(os.environ.get("CMS_FEEDBACK_RETENTION_DAYS", "180"))
# Reach: each web process adds up reads in memory and writes them in one upsert this often
# (and when it exits); a process killed outright (SIGKILL) loses at most this much counting.
CMS_REACH_FLUSH_SECONDS = float(os.environ.get("CMS_REACH_FLUSH_SECONDS", "5"))
# Reports → Reach and feedback, "Needs attention": an article readers find unhelpful has at
# least this many answers in the period, fewer than this share of them "yes".
CMS_ATTENTION_MIN_ANSWERS = int(os.environ.get("CMS_ATTENTION_MIN_ANSWERS", "10"))
CMS_ATTENTION_HELPFUL_BELOW = float(os.environ.get("CMS_ATTENTION_HELPFUL_BELOW", "60"))
# The client address (content_pages/foundations/clients.py): with N proxies in front, the
# N-th X-Forwarded-For entry from the right; 0 ignores the header. CMS_TRUST_X_FORWARDED_FOR=1
# is the deprecated spelling of one proxy.
CMS_TRUST_X_FORWARDED_FOR = os.environ.get("CMS_TRUST_X_FORWARDED_FOR") == "1"
CMS_TRUSTED_PROXY_COUNT = int(os.environ.get("CMS_TRUSTED_PROXY_COUNT") or (1 if CMS_TRUST_X_FORWARDED_FOR else 0))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
# Where the seed's enquiry form sends its notification (editable per form in the admin).
CMS_ENQUIRY_NOTIFY_EMAIL = os.environ.get("CMS_ENQUIRY_NOTIFY_EMAIL", "enquiries@localhost")

# --- Messaging channels ------------------------------------------------------------
# Where /l/<code> short links (used in SMS) are served; a shorter domain pointing at this
# site saves characters.
CMS_SHORT_LINK_BASE = os.environ.get("CMS_SHORT_LINK_BASE", f"{WAGTAILADMIN_BASE_URL.rstrip('/')}/l")
# Longest SMS (in segments) that one message may be; longer articles become several SMS.
CMS_SMS_MAX_SEGMENTS = int(os.environ.get("CMS_SMS_MAX_SEGMENTS", "6"))
# How long a medical review stays valid: approving the review sets the next review due
# this many months after it, unless the reviewer set an earlier date.
# What a reader gets for a translated text whose source changed since it was translated:
# "mark" serves the translation marked as possibly out of date; "source" serves the
# source text instead. Safety callouts always get the source when stale.
CMS_STALE_TRANSLATIONS = os.environ.get("CMS_STALE_TRANSLATIONS", "mark")
CMS_REVIEW_CYCLE_MONTHS = int(os.environ.get("CMS_REVIEW_CYCLE_MONTHS", "36"))

# --- Webhooks --------------------------------------------------------------------
# Seconds a delivery may take (connect, and each read) before it counts as failed.
CMS_WEBHOOK_TIMEOUT = float(os.environ.get("CMS_WEBHOOK_TIMEOUT", "10"))
# Seconds to wait before each retry of a failed delivery (±10% jitter); past the last,
# the delivery is "failed" (kept, replayable). The default spans more than 24 hours.
CMS_WEBHOOK_RETRY_SCHEDULE = os.environ.get(
    "CMS_WEBHOOK_RETRY_SCHEDULE", "5,30,120,600,1800,3600,7200,14400,28800,43200"
)
# A subscription failing for this many seconds without one success is disabled.
CMS_WEBHOOK_DISABLE_AFTER = float(os.environ.get("CMS_WEBHOOK_DISABLE_AFTER", "86400"))
# Fernet key(s), comma-separated (first encrypts), for the stored signing secrets; unset:
# derived from SECRET_KEY, so rotating SECRET_KEY then makes stored secrets unreadable.
CMS_WEBHOOK_ENCRYPTION_KEY = os.environ.get("CMS_WEBHOOK_ENCRYPTION_KEY", "")
# Webhooks go only to public addresses (not loopback, private, link-local, metadata…),
# checked when a URL is entered and again when sending; "1" allows the rest, for development.
CMS_WEBHOOK_ALLOW_PRIVATE = os.environ.get("CMS_WEBHOOK_ALLOW_PRIVATE") == "1"

# Background work: renditions are rendered when a page is published. In development and
# tests tasks run at once; production.py switches to the database queue (django-tasks-db).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CMS_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# --- Task worker and outbox ----------------------------------------------------------
# A task a worker started this many seconds ago and never finished (the worker was
# killed) is run again; every task is safe to repeat. Keep it above the longest task.
CMS_TASK_LEASE_SECONDS = int(os.environ.get("CMS_TASK_LEASE_SECONDS", "300"))
# Pages of one event (a snippet shown by thousands of pages) that one task renders before
# it queues the next task for the rest: each task stays well inside the lease above (a
# page takes about 0.1 s), and other publishes take their turn between two of them.
CMS_EVENT_PAGES_PER_TASK = int(os.environ.get("CMS_EVENT_PAGES_PER_TASK", "100"))
# URLs per stored sitemap part: the sitemap protocol allows 50,000 (docs/performance.md).
CMS_SITEMAP_URLS_MAX = int(os.environ.get("CMS_SITEMAP_URLS_MAX", "50000"))
# How often a running `db_worker` repairs what a crash left behind: incomplete events,
# stale renditions, due webhook retries.
CMS_WORKER_SWEEP_SECONDS = float(os.environ.get("CMS_WORKER_SWEEP_SECONDS", "5"))
# How long an event may wait for its own task before the sweep completes it instead.
CMS_OUTBOX_GRACE_SECONDS = int(os.environ.get("CMS_OUTBOX_GRACE_SECONDS", "30"))
# Each db_worker records a heartbeat at most this often (seconds) from its claim loop;
# /healthz/worker answers 503 when tasks wait and no worker has beaten for
# CMS_WORKER_HEARTBEAT_TIMEOUT seconds (keep it above the longest task), or when the
# oldest waiting task is older than CMS_WORKER_QUEUE_AGE_LIMIT seconds.
CMS_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("CMS_WORKER_HEARTBEAT_SECONDS", "5"))
CMS_WORKER_HEARTBEAT_TIMEOUT = float(os.environ.get("CMS_WORKER_HEARTBEAT_TIMEOUT", "120"))
CMS_WORKER_QUEUE_AGE_LIMIT = float(os.environ.get("CMS_WORKER_QUEUE_AGE_LIMIT", "600"))
# A worker that meets a database error (a locked SQLite file, a PostgreSQL restart) waits
# this long, doubling up to CMS_WORKER_MAX_BACKOFF_SECONDS, and tries again.
CMS_WORKER_MAX_BACKOFF_SECONDS = float(os.environ.get("CMS_WORKER_MAX_BACKOFF_SECONDS", "30"))
# Wagtail's scheduled publishing and expiry (its publish_scheduled command), run by one
# worker every this many seconds.
CMS_SCHEDULED_PUBLISHING_SECONDS = float(os.environ.get("CMS_SCHEDULED_PUBLISHING_SECONDS", "60"))
# After a deployment that changes how pages render (templates, rendering code, static
# files, CMS_BASE_URL, CMS_STALE_TRANSLATIONS, ...), the workers re-render the stored pages
# in the background, at most this many pages a minute across all of them (0: never; run
# `manage.py refresh_renditions` instead).
CMS_RERENDER_PAGES_PER_MINUTE = int(os.environ.get("CMS_RERENDER_PAGES_PER_MINUTE", "60"))
# Admin writes to one page or snippet take turns across every process: a second save waits
# at most CMS_ADMIN_WRITE_LOCK_WAIT seconds, then hears "someone else is saving" (409). A
# lock whose holder died expires after CMS_ADMIN_WRITE_LOCK_LEASE seconds (keep it above
# the web server's request timeout).
CMS_ADMIN_WRITE_LOCK_WAIT = float(os.environ.get("CMS_ADMIN_WRITE_LOCK_WAIT", "3"))
CMS_ADMIN_WRITE_LOCK_LEASE = float(os.environ.get("CMS_ADMIN_WRITE_LOCK_LEASE", "150"))
