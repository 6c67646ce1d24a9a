"""Connection options every deployment of the site wants, whichever settings name the
database (``settings/base.py``, and the bench's own in ``settings/bench.py``)."""

from __future__ import annotations

from dj_database_url import DBConfig

# Session settings sent when a PostgreSQL connection opens (libpq's ``options``).
# jit=off: PostgreSQL compiles a query to machine code once the planner's estimate passes
# ``jit_above_cost``. This site's queries answer in milliseconds, so the compiling is the
# cost: 17 ms of a 31 ms query of the translation report at 10,000 articles, and whether
# it happens follows the planner's estimates, so the same view took 47 or 75 ms from one
# run to the next (docs/performance.md).
POSTGRESQL_SESSION = "-c jit=off"


def with_site_options(config: DBConfig) -> DBConfig:
    """``config`` (one ``DATABASES`` entry) with the site's session settings added to any
    the URL gave."""
    if config.get("ENGINE") == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        given = options.get("options", "")
        if POSTGRESQL_SESSION not in given:
            options["options"] = f"{given} {POSTGRESQL_SESSION}".strip()
    return config
