"""Production: every secret and host comes from the environment, with no fallback."""

import os

from django.core.exceptions import ImproperlyConfigured

from site_cms.settings.base import *  # noqa: F403
from site_cms.settings.base import STORAGES


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"The environment variable {name} must be 1 or 0, not {value!r}.")


SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY = _required("SECRET_KEY")
if len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY must be at least {SECRET_KEY_MIN_LENGTH} characters in production, not {len(SECRET_KEY)}."
    )
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS: redirect plain HTTP (on unless SECURE_SSL_REDIRECT=0, e.g. when the proxy does it),
# and HSTS once HTTPS is certain (0, the default, sends no HSTS header).
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^healthz/worker$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", False)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Static files under hashed, gzip-compressed names from `manage.py collectstatic`, served by
# WhiteNoise with a ten-year, immutable Cache-Control. Pages name the hashed files, so they
# need the manifest collectstatic writes: CMS_STATIC_MANIFEST=0 serves plain names instead,
# for a process that runs without collecting (the tests that start production processes).
CMS_STATIC_MANIFEST = _flag("CMS_STATIC_MANIFEST", True)
if CMS_STATIC_MANIFEST:
    STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# Rendering after publish runs in `manage.py db_worker` processes (several may share
# one PostgreSQL). CMS_TASKS_IMMEDIATE=1 runs it inside the request instead.
if os.environ.get("CMS_TASKS_IMMEDIATE") != "1":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
