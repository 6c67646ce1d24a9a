"""Connection options every deployment of the site wants, whichever settings name the
database (``settings/base.py``, and the bench's own in ``settings/bench.py``, whose
workers share its SQLite file as production's do)."""

from __future__ import annotations

from dj_database_url import DBConfig

# Session settings sent when a PostgreSQL connection opens (libpq's ``options``).
# jit=off: PostgreSQL compiles a query to machine code once the planner's estimate passes
# ``jit_above_cost``. This site's queries answer in milliseconds, so the compiling is the
# cost: 17 ms of a 31 ms query of the translation report at 10,000 articles, and whether
# it happens follows the planner's estimates, so the same view took 47 or 75 ms from one
# run to the next (docs/performance.md).
POSTGRESQL_SESSION = "-c jit=off"

# SQLite shared by several processes (gunicorn workers, db_worker): readers never block the
# writer (WAL), a writer waits up to the busy timeout for another instead of failing at once,
# and every transaction takes the write lock when it begins (IMMEDIATE), where that wait
# applies, rather than half-way through, where SQLite can only fail.
SQLITE_INIT = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
SQLITE_BUSY_TIMEOUT = 10.0


def with_site_options(config: DBConfig, *, sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT) -> DBConfig:
    """``config`` (one ``DATABASES`` entry) with the site's connection options: PostgreSQL's
    session settings added to any the URL gave; SQLite's multi-process options, waiting
    ``sqlite_busy_timeout`` seconds for another process's write."""
    if config.get("ENGINE") == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        given = options.get("options", "")
        if POSTGRESQL_SESSION not in given:
            options["options"] = f"{given} {POSTGRESQL_SESSION}".strip()
    elif config.get("ENGINE") == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            {"timeout": sqlite_busy_timeout, "transaction_mode": "IMMEDIATE", "init_command": SQLITE_INIT}
        )
    return config
