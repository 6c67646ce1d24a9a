"""Local development: debug pages, console email, a fixed non-secret key."""

import os

from site_cms.settings.base import *  # noqa: F403

DEBUG = True
# A development-only key; production.py refuses to start without SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
