"""Every PostgreSQL connection opens with the site's session settings (JIT off: compiling
cost more than running this site's millisecond queries, and made one view's time vary
by half between runs); every SQLite one with the options that let processes share the file."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from site_cms.databases import POSTGRESQL_SESSION, SQLITE_INIT, with_site_options

ROOT = Path(__file__).resolve().parents[2]


def test_the_session_settings_join_those_the_url_gave():
    config = with_site_options({"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c work_mem=8MB"}})
    assert config["OPTIONS"]["options"] == f"-c work_mem=8MB {POSTGRESQL_SESSION}"
    assert with_site_options(config)["OPTIONS"]["options"].count("jit=off") == 1
    assert with_site_options({"ENGINE": "django.db.backends.postgresql"})["OPTIONS"] == {"options": "-c jit=off"}
    assert "timeout" not in with_site_options({"ENGINE": "django.db.backends.postgresql", "NAME": "x"})["OPTIONS"]


def test_sqlite_shared_by_processes_runs_in_wal_with_immediate_transactions():
    config = with_site_options({"ENGINE": "django.db.backends.sqlite3", "NAME": "x"}, sqlite_busy_timeout=2.5)
    assert config["OPTIONS"] == {"timeout": 2.5, "transaction_mode": "IMMEDIATE", "init_command": SQLITE_INIT}
    assert "journal_mode=WAL" in SQLITE_INIT


def test_the_bench_database_has_the_same_options_as_the_sites(tmp_path):
    """Its worker and its publishing process share one SQLite file, as production's do."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "site_cms.settings.bench",
        "BENCH_DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CMS_BASE_URL": "http://127.0.0.1",
        "CMS_VAR_DIR": str(tmp_path),
        "CMS_SQLITE_BUSY_TIMEOUT": "3",
    }
    script = (
        "import json; from django.conf import settings; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60
    )
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert options == {"timeout": 3.0, "transaction_mode": "IMMEDIATE", "init_command": SQLITE_INIT}


@pytest.mark.django_db
def test_a_postgresql_connection_runs_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's session setting; CI's PostgreSQL run checks it")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
