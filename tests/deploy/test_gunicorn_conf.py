"""deploy/gunicorn.conf.py agrees with the limits module and Django's upload settings:
a translation file at its limit passes every layer, and the worker timeout comfortably
exceeds the slowest bounded request."""

import io
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from gunicorn.config import Config

from content_pages.foundations import limits
from content_pages.publishing.translations.export import page_catalog, po_bytes

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def conf(monkeypatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(CONF))


def test_gunicorn_accepts_every_setting_in_the_file(conf):
    config = Config()
    known = {name: value for name, value in conf.items() if name in config.settings}
    for name, value in known.items():
        config.set(name, value)  # gunicorn's own validation of each value
    assert {"timeout", "limit_request_line", "limit_request_field_size", "workers"} <= set(known)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", str(CONF), "site_cms.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "site_cms.settings.test"},
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_two_web_processes_on_one_machine_do_not_share_a_control_socket(conf, monkeypatch, tmp_path):
    """gunicorn's default control socket is one path per user: the second web process
    would take it from the first, so it is off unless a path is given for each."""
    assert conf["control_socket_disable"] is True
    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", str(tmp_path / "web-8001.ctl"))
    named = runpy.run_path(str(CONF))
    assert named["control_socket"] == str(tmp_path / "web-8001.ctl")
    assert "control_socket_disable" not in named


def test_the_timeout_comfortably_exceeds_the_slowest_bounded_request(conf):
    assert conf["timeout"] >= 3 * conf["WORST_REQUEST_SECONDS"]
    assert conf["graceful_timeout"] >= conf["timeout"]


def test_headers_are_limited_and_the_body_limit_fits_a_translation_file(conf):
    # gunicorn's largest: 0 would mean unlimited.
    assert 0 < conf["limit_request_line"] <= 8190
    assert 0 < conf["limit_request_field_size"] <= 8190
    assert conf["request_body_max_bytes"] == limits.REQUEST_BODY_MAX_BYTES
    assert limits.REQUEST_BODY_MAX_BYTES > limits.TRANSLATION_FILE_MAX_BYTES


def test_django_holds_the_same_limits():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == limits.REQUEST_FIELDS_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == limits.REQUEST_FIELDS_MAX
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == limits.TRANSLATION_FILE_MAX_BYTES
    # An edit form with every language's streams at their limits fits in memory.
    assert limits.REQUEST_FIELDS_MAX_BYTES >= 3 * 2 * limits.STREAM_TEXT_MAX * 4


@pytest.mark.django_db
def test_a_translation_file_of_exactly_5_mb_is_uploaded_and_read(seeded, admin_client):
    data = po_bytes(page_catalog(seeded, "ms"))
    data += b"\n" + b"#" * (limits.TRANSLATION_FILE_MAX_BYTES - len(data) - 2) + b"\n"
    assert len(data) == limits.TRANSLATION_FILE_MAX_BYTES == 5 * 1024 * 1024
    upload = io.BytesIO(data)
    upload.name = "ms.po"
    response = admin_client.post(
        reverse("content_pages_page_translations", args=[seeded.pk]), {"po_file": upload}, follow=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Imported 0 Malay translations that changed" in content, content[content.find("problem") :][:400]


def test_an_admin_write_lock_outlives_the_longest_request(conf):
    """A save still running must keep its lock: the lease frees only a dead holder's."""
    assert settings.CMS_ADMIN_WRITE_LOCK_LEASE > conf["timeout"]
