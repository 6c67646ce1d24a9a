"""The Done-when of reach counting: 1,000 reads of a stored web page, each the page and the
beacon its script sends, over two gunicorn servers (production settings, one file SQLite
database with the seed). Nothing is written while they serve; when they stop (SIGTERM, a
graceful shutdown) each process writes its counts, and the table says exactly 1,000."""

import hashlib
import re
import sqlite3
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection

from content_pages.models import ArticlePage, PageReach
from content_pages.publishing.page_html import request_path
from content_pages.publishing.reach import today

from ..processes import free_port, production_env, start_gunicorn, stop

# Marked so that pytest-django sets the test database up even when this module runs alone.
pytestmark = pytest.mark.django_db

READS = 1000
LANGUAGE = "ms"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
BEACON = re.compile(r'<script src="(?P<script>[^"]+reach\.js)" defer data-reach-url="(?P<url>[^"]+)"></script>')
TABLE = PageReach._meta.db_table


@pytest.fixture(scope="module")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """A file copy of the migrated, seeded test database (no second migration or seed load),
    the article's id and its path in Malay."""
    if connection.vendor != "sqlite":
        pytest.skip("copies the SQLite test database; PostgreSQL runs share no file")
    folder = tmp_path_factory.mktemp("reach-processes")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(folder / "db.sqlite3")
        connection.connection.backup(target)
        target.close()
        article = ArticlePage.objects.get(slug_en="how-immunotherapy-targets-cancer-cells")
        path = request_path(article, LANGUAGE)
    return folder, article.pk, path


def reach_rows(database):
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT page_id, language, channel, day, reads FROM {TABLE}").fetchall()


def stored_page_hash(database, page_id):
    with sqlite3.connect(database) as db:
        (body,) = db.execute(
            "SELECT body FROM content_pages_channelrendition WHERE page_id = ? AND language = ? AND channel = 'html'",
            (page_id, LANGUAGE),
        ).fetchone()
    return hashlib.sha256(body.encode()).hexdigest()


def fetch(url, method="GET", **headers):
    request = urllib.request.Request(url, method=method, headers=headers, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def read_once(base, path):
    """What a reader's browser does: the page, then the beacon its script posts."""
    status, _headers, html = fetch(base + urllib.parse.quote(path))
    assert status == 200
    beacon = BEACON.search(html.decode())
    assert beacon, "the page loads the reach script"
    answered, headers, _body = fetch(
        base + beacon["url"],
        method="POST",
        **{"Origin": base, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "no-cors", "User-Agent": BROWSER},
    )
    assert (answered, headers["Cache-Control"]) == (204, "no-store")
    return hashlib.sha256(html).hexdigest(), beacon["url"], beacon["script"]


def test_a_thousand_reads_over_two_servers_are_counted_exactly_once_each(database_file):
    folder, page_id, path = database_file
    database = folder / "db.sqlite3"
    ports = [free_port(), free_port()]
    extra = {
        # Long: nothing may be written while the servers serve; their exit writes it.
        "CMS_REACH_FLUSH_SECONDS": "600",
        # The address the seed's pages were rendered for, so the stored pages are current.
        "CMS_BASE_URL": settings.WAGTAILADMIN_BASE_URL,
        "CMS_API_ANON_RATE_LIMIT": "1000000",
        "CMS_TASKS_IMMEDIATE": "1",
        "CMS_LOG_LEVEL": "WARNING",
    }
    servers = [
        start_gunicorn(production_env(folder, port, **extra), port, workers=1, log=folder / f"gunicorn-{port}.log")
        for port in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda number: read_once(bases[number % 2], path), range(READS)))
        pages = {page for page, _url, _script in results}
        assert pages == {stored_page_hash(database, page_id)}, "the stored page, the same for every reader"
        assert {url for _page, url, _script in results} == {f"/reach/{page_id}/{LANGUAGE}/"}
        # Loaded from this site (CSP: script-src 'self'); served like the stylesheet (tests/web).
        assert {script for _page, _url, script in results} == {"/static/content_pages/js/reach.js"}
        # A crawler and a reader who asked not to be tracked: answered, never counted.
        for headers in ({"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}, {"DNT": "1"}):
            assert (
                fetch(bases[1] + results[0][1], method="POST", **{"Sec-Fetch-Site": "same-origin", **headers})[0] == 204
            )
        assert reach_rows(database) == [], "nothing is written on the request path"
    finally:
        for server in servers:
            stop(server)  # SIGTERM: gunicorn's graceful shutdown runs each worker's exit flush
    logs = "".join((folder / f"gunicorn-{port}.log").read_text() for port in ports)
    assert [server.returncode for server in servers] == [0, 0], logs
    assert reach_rows(database) == [(page_id, LANGUAGE, "web", today().isoformat(), READS)], logs
