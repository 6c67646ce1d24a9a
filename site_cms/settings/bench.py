"""Benchmark (`make bench`): production settings on a file SQLite database under var/bench/.

Secrets and hosts still come from the environment, as in production; `bench/run.py` sets
them for the processes it starts. Only this module mounts the baselines the numbers are
compared with: an empty Django view and Wagtail's own API v2 (`site_cms/bench_urls.py`).
"""

import os

import dj_database_url

from site_cms.databases import with_site_options
from site_cms.settings.production import *  # noqa: F403
from site_cms.settings.production import CMS_SQLITE_BUSY_TIMEOUT, INSTALLED_APPS, VAR_DIR

BENCH_DIR = VAR_DIR / "bench"
DATABASES = {
    "default": with_site_options(
        dj_database_url.parse(
            os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"),
            # Persistent connections: a worker opens its database once, as a real deployment would.
            conn_max_age=None,
        ),
        # bench/shared_snippet.py's worker writes beside the publishing process, as in production.
        sqlite_busy_timeout=CMS_SQLITE_BUSY_TIMEOUT,
    )
}
# Collected by bench/run.py (and bench/po_timing.py) before the pages are rendered: they
# name the hashed static files, as in production.
STATIC_ROOT = BENCH_DIR / "static"
ROOT_URLCONF = "site_cms.bench_urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2", "rest_framework"]
# Plain HTTP on loopback.
SECURE_SSL_REDIRECT = False
# Publishing renders every rendition inside the publish, so its time and queries are counted;
# the worker that `bench/shared_snippet.py` starts reads the queue, as in production.
if os.environ.get("BENCH_TASKS") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# wrk sends thousands of requests a second from one address: counted as in production (the
# cost stays in the numbers), but never refused.
CMS_API_ANON_RATE_LIMIT = 1_000_000_000
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
