"""Production: every secret and host comes from the environment, with no fallback."""

import os

from django.core.exceptions import ImproperlyConfigured

from site_cms.settings.base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
DEBUG = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Rendering after publish runs in `manage.py db_worker` processes (several may share
# one PostgreSQL). CMS_TASKS_IMMEDIATE=1 runs it inside the request instead.
if os.environ.get("CMS_TASKS_IMMEDIATE") != "1":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
