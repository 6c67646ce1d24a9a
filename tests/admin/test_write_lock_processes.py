"""The admin write lock holds across processes on one file SQLite database: while one
process holds a page, another is refused after its short wait; a killed holder's row holds
until its lease runs out, and then the other takes it."""

import os
import signal
import sqlite3
import subprocess

import pytest
from django.db import connection

from ..processes import PYTHON, ROOT, free_port, production_env

pytestmark = pytest.mark.django_db

HOLD = """
import time
from content_pages.publishing.write_locks import object_write_lock
with object_write_lock("page:6", wait=10):
    print("held", flush=True)
    time.sleep(30)
"""

TRY = """
import time
from content_pages.publishing.write_locks import ObjectBusy, object_write_lock
started = time.monotonic()
try:
    with object_write_lock("page:6", wait=0.5):
        print("taken")
except ObjectBusy:
    print("busy", round(time.monotonic() - started, 1))
"""


@pytest.fixture(scope="module")
def env(django_db_setup, django_db_blocker, tmp_path_factory):
    """Production settings on a file copy of the migrated test database."""
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database; on PostgreSQL every process already shares one server")
    tmp_path = tmp_path_factory.mktemp("write-lock")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "db.sqlite3")
        connection.connection.backup(target)
        target.close()
    return production_env(tmp_path, free_port(), CMS_ADMIN_WRITE_LOCK_LEASE="120"), tmp_path / "db.sqlite3"


def shell(env, script):
    return subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout.split()


def test_a_lock_held_by_one_process_refuses_another_until_its_lease_ends(env):
    env, database = env
    holder = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", HOLD], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        answer = shell(env, TRY)
        assert answer[0] == "busy"
        assert 0.5 <= float(answer[1]) < 3, "a bounded wait, not a long one"
    finally:
        # Killed while holding it: no clean-up runs, and the row stays until its lease ends.
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert shell(env, TRY)[0] == "busy"
    with sqlite3.connect(database) as db:  # the lease runs out
        db.execute("UPDATE content_pages_objectwritelock SET expires_at = '2000-01-01 00:00:00'")
    assert shell(env, TRY) == ["taken"]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM content_pages_objectwritelock").fetchone()[0] == 0
