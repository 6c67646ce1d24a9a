"""The worker as production runs it, killed, starved and refused its database: gunicorn and
`db_worker` processes on one file SQLite database, read through /healthz and /healthz/worker."""

import json
import os
import signal
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from ..processes import PYTHON, ROOT, free_port, manage, production_env, start_gunicorn, stop, wait_for

HEARTBEAT_TIMEOUT = 3.0
QUEUE_AGE_LIMIT = 8.0

ENQUEUE = """
from content_pages.models import ArticlePage
from content_pages.publishing.tasks import refresh_page_renditions
print(refresh_page_renditions.enqueue(ArticlePage.objects.live().first().pk).id)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker-health")
    port = free_port()
    env = production_env(
        folder,
        port,
        CMS_WORKER_HEARTBEAT_SECONDS="0.3",
        CMS_WORKER_HEARTBEAT_TIMEOUT=str(HEARTBEAT_TIMEOUT),
        CMS_WORKER_QUEUE_AGE_LIMIT=str(QUEUE_AGE_LIMIT),
        CMS_WORKER_MAX_BACKOFF_SECONDS="1",
        CMS_WORKER_SWEEP_SECONDS="0.5",
        CMS_LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_content")
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    server = start_gunicorn(env, port)
    yield env, port, folder
    stop(server)


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def unavailable(port):
    """The worker health check's answer when it is 503, else None (to wait for)."""
    answer = get(port, "/healthz/worker")
    return answer if answer[0] == 503 else None


def worker(env, log, *extra):
    with log.open("ab") as out:
        return subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", *extra],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def task_status(folder, task_id):
    with sqlite3.connect(folder / "db.sqlite3") as db:
        return db.execute("select status from django_tasks_database_dbtaskresult where id=?", (task_id,)).fetchone()[0]


def waiting(folder):
    with sqlite3.connect(folder / "db.sqlite3") as db:
        return db.execute("select count(*) from django_tasks_database_dbtaskresult where status='READY'").fetchone()[0]


def enqueue(env, folder):
    return manage(env, "shell", "-c", ENQUEUE).split()[-1].replace("-", "")


def test_a_killed_worker_turns_worker_health_503_in_time_while_the_site_stays_up(site, tmp_path):
    env, port, folder = site
    first = worker(env, tmp_path / "worker.log")
    try:
        wait_for(lambda: get(port, "/healthz/worker")[1]["last_heartbeat_age_seconds"] is not None, timeout=30)
        assert get(port, "/healthz/worker")[0] == 200
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed_at = time.monotonic()
    finally:
        stop(first)

    task_id = enqueue(env, folder)
    enqueued_at = time.monotonic()  # 503 needs a waiting task, so it cannot come before this
    _status, body = wait_for(lambda: unavailable(port), timeout=30)
    late = time.monotonic() - max(killed_at + HEARTBEAT_TIMEOUT, enqueued_at)
    assert late <= 1.5, f"503 came {late:.1f} s later than the configured {HEARTBEAT_TIMEOUT} s allow"
    assert "no worker has reported within 3 s" in body["reason"]
    status, health = get(port, "/healthz")
    assert (status, health["status"]) == (200, "ok")
    assert health["oldest_queued_task_age_seconds"] is not None  # it sees the task wait, and stays up
    assert task_status(folder, task_id) == "READY"

    restarted = worker(env, tmp_path / "worker.log")
    try:
        wait_for(lambda: task_status(folder, task_id) == "SUCCESSFUL", timeout=30)
        wait_for(lambda: get(port, "/healthz/worker")[0] == 200, timeout=10)
        assert waiting(folder) == 0
    finally:
        stop(restarted)


def test_a_starved_queue_turns_worker_health_503_though_a_worker_beats(site, tmp_path):
    env, port, folder = site
    # This worker is alive and beating, but serves another queue: the default one starves.
    elsewhere = worker(env, tmp_path / "elsewhere.log", "--queue-name", "elsewhere")
    try:
        wait_for(lambda: (get(port, "/healthz/worker")[1]["last_heartbeat_age_seconds"] or 99) < 1, timeout=30)
        task_id = enqueue(env, folder)
        assert get(port, "/healthz/worker")[0] == 200  # waiting, but not for long yet
        _status, body = wait_for(lambda: unavailable(port), timeout=QUEUE_AGE_LIMIT + 10)
        assert body["reason"].startswith("the oldest waiting task has waited")
        assert body["last_heartbeat_age_seconds"] < HEARTBEAT_TIMEOUT
        assert get(port, "/healthz")[0] == 200

        drains = worker(env, tmp_path / "worker.log")
        try:
            wait_for(lambda: task_status(folder, task_id) == "SUCCESSFUL", timeout=30)
            assert get(port, "/healthz/worker")[0] == 200
        finally:
            stop(drains)
    finally:
        stop(elsewhere)


def test_a_locked_database_does_not_kill_the_worker(site, tmp_path):
    env, port, folder = site
    log = tmp_path / "locked.log"
    # The worker waits half a second for a lock, so holding the file longer makes its
    # rounds fail with "database is locked".
    running = worker({**env, "CMS_SQLITE_BUSY_TIMEOUT": "0.5"}, log)
    try:
        # Beating: this worker is up (the earlier ones removed their rows when stopped).
        wait_for(lambda: (get(port, "/healthz/worker")[1]["last_heartbeat_age_seconds"] or 99) < 1, timeout=60)
        blocker = sqlite3.connect(folder / "db.sqlite3", isolation_level=None, timeout=10)
        blocker.execute("BEGIN EXCLUSIVE")
        time.sleep(4)
        blocker.execute("ROLLBACK")
        blocker.close()
        assert running.poll() is None, log.read_text()
        assert "database is locked" in log.read_text()

        task_id = enqueue(env, folder)
        wait_for(lambda: task_status(folder, task_id) == "SUCCESSFUL", timeout=30)
        assert running.poll() is None
        assert get(port, "/healthz/worker")[0] == 200
    finally:
        stop(running)
