"""The enquiry limit holds across processes: two gunicorn servers of two workers each,
with production settings on one file SQLite database, accept exactly
CMS_ENQUIRY_RATE_LIMIT of 20 simultaneous enquiries from one client."""

import json
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

from content_pages.models import EnquiryFormPage, EnquirySubmission

# Marked so that pytest-django sets the test database up even when this module runs alone.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 5
REQUESTS = 20
VALID = {
    "name": "Aminah",
    "phone_or_email": "012-345 6789",
    "i_would_like_to_know_about": ["Liquid biopsy"],
    "i_agree_to_be_contacted_about_my_enquiry": True,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """A file copy of the migrated, seeded test database (SQLite's backup API: no
    second migration run), and the enquiry form's id."""
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database; PostgreSQL runs share no file")
    path = tmp_path_factory.mktemp("enquiry-processes") / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        form_id = EnquiryFormPage.objects.get().pk
    return path, form_id


def wait_until_up(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn on {port} did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture
def servers(database_file, tmp_path):
    path, form_id = database_file
    ports = [free_port(), free_port()]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{path}",
        "CMS_BASE_URL": f"http://127.0.0.1:{ports[0]}",
        "CMS_TASKS_IMMEDIATE": "1",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CMS_ENQUIRY_RATE_LIMIT": str(LIMIT),
        "CMS_API_ANON_RATE_LIMIT": "100000",
        "CMS_LOG_LEVEL": "WARNING",
        # Nothing collected: plain static names.
        "CMS_STATIC_MANIFEST": "0",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes = []
    try:
        for port in ports:
            log = tmp_path / f"gunicorn-{port}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    [gunicorn, "site_cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            processes.append(process)
        for process, port in zip(processes, ports, strict=True):
            wait_until_up(process, port, tmp_path / f"gunicorn-{port}.log")
        yield ports, form_id, path
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def post_enquiry(port: int, form_id: int) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v2/forms/{form_id}/submissions/?lang=en",
        data=json.dumps({"data": VALID}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_exactly_the_limit_is_accepted_across_processes(servers):
    ports, form_id, path = servers
    targets = [ports[number % 2] for number in range(REQUESTS)]
    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        statuses = list(pool.map(lambda port: post_enquiry(port, form_id), targets))
    assert sorted(statuses) == [201] * LIMIT + [429] * (REQUESTS - LIMIT), statuses
    with sqlite3.connect(path) as db:
        stored = db.execute(f"SELECT count(*) FROM {EnquirySubmission._meta.db_table}").fetchone()[0]
        counted = db.execute("SELECT key, count FROM content_pages_ratecounter").fetchall()
    assert stored == LIMIT
    # One row per client and window, keyed on a hash: the address itself is nowhere.
    assert len(counted) == 1
    assert counted[0][1] == REQUESTS
    assert "127.0.0.1" not in counted[0][0]
