"""The stylesheet under gunicorn with the production settings, as a deployment without a
separate web server serves it: collected into a folder of its own, hashed, compressed and
cached for good (WhiteNoise), and named so by the pages rendered at publish."""

import gzip
import re
import urllib.request

import pytest

from ..processes import free_port, manage, production_env, start_gunicorn, stop

ARTICLE = "/en/articles/how-immunotherapy-targets-cancer-cells/"
YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("static-files")
    port = free_port()
    env = production_env(
        folder,
        port,
        CMS_STATIC_MANIFEST="1",
        CMS_STATIC_ROOT=str(folder / "collected"),
        CMS_TASKS_IMMEDIATE="1",
        CMS_LOG_LEVEL="WARNING",
    )
    manage(env, "collectstatic", "--noinput")
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_content")
    server = start_gunicorn(env, port)
    yield f"http://127.0.0.1:{port}", folder
    stop(server)


def fetch(url, **headers):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
        return response.status, response.headers, response.read()


def stylesheet(base):
    _status, _headers, page = fetch(base + ARTICLE)
    return re.search(r'<link rel="stylesheet" href="(/static/content_pages/site\.[0-9a-f]{12}\.css)">', page.decode())


def test_the_page_names_the_hashed_stylesheet_and_it_is_cached_for_good(site):
    base, folder = site
    link = stylesheet(base)
    assert link, "the article links a hashed stylesheet"
    status, headers, body = fetch(base + link.group(1))
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
    assert max_age >= YEAR
    assert "immutable" in headers["Cache-Control"]
    assert b".skip-link" in body
    assert body == (folder / "collected" / link.group(1).removeprefix("/static/")).read_bytes()


def test_the_stylesheet_is_sent_compressed_to_a_browser_that_accepts_it(site):
    base, _folder = site
    status, headers, body = fetch(base + stylesheet(base).group(1), **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b".skip-link" in gzip.decompress(body)


def test_the_unhashed_name_is_served_but_not_cached_for_long(site):
    base, _folder = site
    status, headers, _body = fetch(base + "/static/content_pages/site.css")
    assert status == 200
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) < YEAR


def test_the_icon_the_page_names_is_served(site):
    """Without it a browser asks for /favicon.ico, gets a 404 and logs an error in the console."""
    base, _folder = site
    _status, _headers, page = fetch(base + ARTICLE)
    icon = re.search(r'<link rel="icon" href="(/static/content_pages/favicon\.[0-9a-f]{12}\.svg)"', page.decode())
    assert icon, "the article names a hashed icon"
    status, headers, body = fetch(base + icon.group(1))
    assert status == 200
    assert headers["Content-Type"].startswith("image/svg+xml")
    assert body.startswith(b"<svg")
