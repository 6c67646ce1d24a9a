"""Deployments re-render by themselves, as production runs them: gunicorn and `db_worker`
on a file database, restarted with another base URL, then as another release (a copy of
the project with an edited template), and nobody runs `refresh_renditions`."""

import re
import shutil
import sqlite3
import urllib.request

import pytest

from ..processes import ROOT, free_port, manage, production_env, start_gunicorn, start_worker, stop, wait_for

INDEX = "/en/articles/"
ARTICLE = "/en/articles/how-immunotherapy-targets-cancer-cells/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
RELEASE_MARKER = '<p class="release">Printed by the new release.</p>'
TABLE = "content_pages_channelrendition"
# Fast enough for a test, still through the shared rate: a sweep every 0.3 s takes 3 pages.
pytestmark = pytest.mark.e2e

WORKER = {"CMS_WORKER_SWEEP_SECONDS": "0.3", "CMS_RERENDER_PAGES_PER_MINUTE": "600"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployed-site")
    env = production_env(folder, free_port())
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_content")
    # The seed's own publishes queued their rendering: a batch worker drains it and exits.
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    return env, folder / "db.sqlite3"


def rows(database, sql, *params):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


def one(database, column):
    """The one value of ``column`` every stored row has (fails if they differ)."""
    values = rows(database, f"SELECT DISTINCT {column} FROM {TABLE}")
    assert len(values) == 1, values
    return values[0][0]


def stored(database, path):
    """The stored web page at ``path``: its ETag and HTML."""
    return rows(database, f"SELECT etag, body FROM {TABLE} WHERE path = ? AND channel = 'html'", path)[0]


def re_rendered(database, *columns, before):
    """Whether every row now carries one value of ``columns``, another than ``before``."""
    values = rows(database, f"SELECT DISTINCT {', '.join(columns)} FROM {TABLE}")
    return len(values) == 1 and values[0] != before


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers, response.read().decode()


def test_a_new_base_url_is_served_from_the_first_request_and_stored_in_the_background(site):
    env, database = site
    old_base = one(database, "base_url")
    old_fingerprint = one(database, "fingerprint")
    assert old_base == env["CMS_BASE_URL"]
    page_id = rows(database, f"SELECT page_id FROM {TABLE} WHERE path = ? AND channel = 'html'", ARTICLE)[0][0]
    port = free_port()
    new_base = f"http://127.0.0.1:{port}"
    moved = {**env, "CMS_BASE_URL": new_base, **WORKER}
    server = start_gunicorn(moved, port)
    worker = None
    try:
        # No worker yet: every stored row still names the old address.
        api = f"/api/v2/pages/{page_id}"
        for url in (INDEX, ARTICLE, f"{api}/?lang=en", f"{api}/channels/whatsapp/?lang=ms", "/api/v2/pages/?lang=en"):
            _headers, body = get(new_base + url)
            assert new_base in body, url
            assert old_base not in body, url
        assert one(database, "base_url") == old_base  # readers rendered, stored nothing

        worker = start_worker(moved)
        wait_for(lambda: re_rendered(database, "base_url", "fingerprint", before=(old_base, old_fingerprint)), 60)
        assert one(database, "base_url") == new_base
        assert one(database, "fingerprint") != old_fingerprint
        pattern = f"%{old_base}%"
        assert rows(database, f"SELECT COUNT(*) FROM {TABLE} WHERE body LIKE ?", pattern) == [(0,)]
        # Now served as stored again.
        etag, body = stored(database, INDEX)
        headers, served = get(new_base + INDEX)
        assert headers["ETag"] == etag
        assert served == body
    finally:
        if worker is not None:
            stop(worker)
        stop(server)


def release_with_edited_template(folder):
    """The project as a deployment unpacks it elsewhere, with one template changed."""
    for name in ("content_pages", "site_cms", "templates", "locale"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "manage.py", folder / "manage.py")
    base = folder / "templates" / "base.html"
    html = base.read_text()
    assert "</footer>" in html
    base.write_text(html.replace("</div></footer>", f"{RELEASE_MARKER}</div></footer>"))
    return folder


def test_a_release_with_an_edited_template_is_re_rendered_while_readers_keep_the_stored_pages(site, tmp_path):
    env, database = site
    # Whatever address the rows name (the test before may have moved the site).
    address = one(database, "base_url")
    old_fingerprint = one(database, "fingerprint")
    release = release_with_edited_template(tmp_path / "release")
    port = free_port()
    deployed = {**env, "CMS_BASE_URL": address, **WORKER}
    server = start_gunicorn(deployed, port, cwd=release)
    worker = None
    try:
        # The new release serves the stored pages, whose text is current, as they are.
        etag, body = stored(database, INDEX)
        headers, served = get(f"http://127.0.0.1:{port}{INDEX}")
        assert headers["ETag"] == etag
        assert served == body
        assert RELEASE_MARKER not in served
        _headers, article = get(f"http://127.0.0.1:{port}{ARTICLE}")
        assert TOKEN.sub("", article) == TOKEN.sub("", stored(database, ARTICLE)[1])
        assert one(database, "fingerprint") == old_fingerprint

        worker = start_worker(deployed, cwd=release)
        wait_for(lambda: re_rendered(database, "fingerprint", before=(old_fingerprint,)), 60)
        assert one(database, "base_url") == address
        etag, body = stored(database, INDEX)
        assert RELEASE_MARKER in body
        assert RELEASE_MARKER in stored(database, ARTICLE)[1]
        headers, served = get(f"http://127.0.0.1:{port}{INDEX}")
        assert headers["ETag"] == etag
        assert RELEASE_MARKER in served
    finally:
        if worker is not None:
            stop(worker)
        stop(server)
