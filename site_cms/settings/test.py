"""Test run: fast hashing, in-memory email, files in a throwaway folder."""

import os
import tempfile
from pathlib import Path

from site_cms.settings.base import *  # noqa: F403
from site_cms.settings.base import DATABASES

SECRET_KEY = "test-only-key"  # noqa: S105 - never used outside the test run
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="cms-test-media-"))
# Nothing is collected in the test run (plain static storage): WhiteNoise finds an empty
# folder, and the live server's static handler serves the apps' files.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="cms-test-static-"))
DATABASES["default"]["CONN_MAX_AGE"] = 0
# No test reaches the internet: DOI checks go to a local server the test starts, or to a
# closed local port (9, discard) when a test forgets to.
CMS_DOI_RESOLVER = "http://127.0.0.1:9/"
CMS_DOI_TIMEOUT = 2.0
# The suite sends thousands of API requests from one address within a minute; the tests
# of the read limits set their own.
CMS_API_ANON_RATE_LIMIT = int(os.environ.get("CMS_API_ANON_RATE_LIMIT", "100000000"))
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not os.environ.get("DATABASE_URL"):
    # Tests never touch the developer's own database file.
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Reads are counted in memory and written only when a test calls ``publishing.reach.flush``:
# no flusher thread writing from beside a test's transaction (0 turns it off).
CMS_REACH_FLUSH_SECONDS = 0.0

# The webhook tests' receivers listen on loopback, which production refuses; the tests of
# that refusal turn this off (tests/webhooks/test_addresses.py).
CMS_WEBHOOK_ALLOW_PRIVATE = True
