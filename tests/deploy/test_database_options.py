"""Every PostgreSQL connection opens with the site's session settings (JIT off: compiling
cost more than running this site's millisecond queries, and made one view's time vary
by half between runs)."""

import pytest
from django.db import connection

from site_cms.databases import POSTGRESQL_SESSION, with_site_options


def test_the_session_settings_join_those_the_url_gave():
    config = with_site_options({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c work_mem=8MB"}})
    assert config["OPTIONS"]["options"] == f"-c work_mem=8MB {POSTGRESQL_SESSION}"
    assert with_site_options(config)["OPTIONS"]["options"].count("jit=off") == 1
    assert with_site_options({"ENGINE": "django.db.backends.postgresql"})["OPTIONS"] == {"options": "-c jit=off"}
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}
    assert with_site_options(dict(sqlite)) == sqlite


@pytest.mark.django_db
def test_a_postgresql_connection_runs_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's session setting; CI's PostgreSQL run checks it")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
