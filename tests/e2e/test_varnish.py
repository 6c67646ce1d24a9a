"""Through real Varnish: a second read is a hit, and a publish reaches readers of every
language within 5 s, on the web and in the API, because the worker purges it.

Production settings, gunicorn, a ``db_worker`` and ``varnishd`` with the shipped
``deploy/varnish/default.vcl`` (its backend rewritten to this gunicorn), all on
loopback. Once per CI run (``make e2e``), not once per database.
"""

import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from ..processes import ROOT, free_port, manage, production_env, start, start_gunicorn, start_worker, stop, wait_for

pytestmark = pytest.mark.e2e

ARTICLE = "how-immunotherapy-targets-cancer-cells"
LANGUAGES = ("en", "ms", "zh-hans")
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
# The bound: a publish reaches readers through the cache within this many seconds.
BOUND = 5.0

PUBLISH = """
import sys
from django.contrib.auth import get_user_model
from content_pages.models import ArticlePage
from content_pages.publishing.gate.language_review import approving_as
page = ArticlePage.objects.get(slug_en={article!r})
draft = page.get_latest_revision_as_object()
for language, text in {texts!r}.items():
    setattr(draft, "standfirst_" + language.replace("-", "_"), text)
# As an editor who reviews every language publishes it (the seed's administrator).
with approving_as(get_user_model().objects.get(username="admin")):
    draft.save_revision().publish()
print(page.pk)
"""


def vcl_for(backend_port: int, folder: Path) -> Path:
    """The shipped configuration with its backend pointed at this test's gunicorn."""
    text = VCL.read_text()
    assert '.port = "8000";' in text
    rewritten = folder / "default.vcl"
    rewritten.write_text(text.replace('.port = "8000";', f'.port = "{backend_port}";'))
    return rewritten


def start_varnish(folder: Path, port: int, vcl: Path) -> subprocess.Popen[bytes]:
    # -F: foreground (stopped like any child); -j none: no privilege separation, so it
    # runs as whoever runs the tests (root in CI's container) in a private work folder.
    work = folder / "varnish"
    work.mkdir()
    process = start(
        {"PATH": "/usr/sbin:/usr/bin:/bin"},
        VARNISHD,
        "-F",
        "-j",
        "none",
        "-n",
        str(work),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(vcl),
        "-s",
        "malloc,64m",
        "-p",
        "ban_lurker_sleep=0.1",
    )
    wait_for(lambda: _answers(port) or process.poll() is not None, timeout=30)
    assert process.poll() is None, "varnishd exited at start"
    return process


def _answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish-site")
    app_port, cache_port = free_port(), free_port()
    env = production_env(
        folder,
        cache_port,  # readers' address: the cache's
        CMS_FRONTEND_CACHE="varnish",
        CMS_FRONTEND_CACHE_URL=f"http://127.0.0.1:{cache_port}",
        CMS_WORKER_SWEEP_SECONDS="0.5",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "ensure_local_admin")
    manage(env, "load_seed_content")
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    server = start_gunicorn(env, app_port)
    worker = start_worker(env)
    varnish = start_varnish(folder, cache_port, vcl_for(app_port, folder))
    yield env, f"http://127.0.0.1:{cache_port}"
    for process in (varnish, worker, server):
        stop(process)


def read(url: str, **headers: str) -> tuple[str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), dict(response.headers)


def reader_urls(cache: str, page_id: int, paths: dict[str, str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Per (kind, language): the URL and the headers a reader sends."""
    urls: dict[str, tuple[str, dict[str, str]]] = {}
    for language in LANGUAGES:
        urls[f"web {language}"] = (cache + paths[language], {})
        urls[f"api {language}"] = (f"{cache}/api/v2/pages/{page_id}/?lang={language}", {})
        urls[f"negotiated {language}"] = (f"{cache}/api/v2/pages/{page_id}/", {"Accept-Language": language})
    return urls


def test_reads_are_cached_and_a_publish_reaches_every_language_within_5_s(site):
    env, cache = site
    found, _headers = read(f"{cache}/api/v2/pages/find/?html_path=/en/articles/{ARTICLE}/")
    page_id = json.loads(found)["id"]
    paths = {}
    for language in LANGUAGES:
        body, _headers = read(f"{cache}/api/v2/pages/{page_id}/?lang={language}")
        paths[language] = json.loads(body)["meta"]["html_url"].removeprefix(cache)
    urls = reader_urls(cache, page_id, paths)

    for name, (url, headers) in urls.items():
        read(url, **headers)
        _body, second = read(url, **headers)
        assert second["X-Cache"] == "HIT", (name, second)
        assert "s-maxage" in second["Cache-Control"], name
        # One reader's remaining quota is not handed to the next.
        assert "RateLimit-Remaining" not in second, name

    texts = {language: f"Corrected dose ({language}) {time.time_ns()}" for language in LANGUAGES}
    manage(env, "shell", "-c", PUBLISH.format(article=ARTICLE, texts=texts))
    published = time.monotonic()

    def fresh(name: str) -> bool:
        url, headers = urls[name]
        return texts[name.rsplit(" ", 1)[1]] in read(url, **headers)[0]

    waiting = set(urls)
    while waiting and time.monotonic() - published < BOUND:
        waiting = {name for name in waiting if not fresh(name)}
        time.sleep(0.1)
    assert not waiting, f"still old {BOUND} s after the publish: {sorted(waiting)}"
    # The new text is cached in its turn (once the worker's last purges, of the listings
    # re-rendered after the page, have gone by).
    for name, (url, headers) in urls.items():
        wait_for(lambda url=url, headers=headers: read(url, **headers)[1]["X-Cache"] == "HIT", timeout=20)
        assert texts[name.rsplit(" ", 1)[1]] in read(url, **headers)[0], name


def test_purges_come_only_from_the_configured_addresses_and_admin_is_passed(site):
    _env, cache = site
    request = urllib.request.Request(f"{cache}/en/", method="PURGE")
    # Loopback is in the shipped ACL: allowed.
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    _body, first = read(f"{cache}/admin/login/")
    _body, second = read(f"{cache}/admin/login/")
    assert second["X-Cache"] == "MISS"
    assert first["X-Cache"] == "MISS"
