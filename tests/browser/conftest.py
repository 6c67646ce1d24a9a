"""A real headless Chromium (Debian's chromium and chromium-driver) against a live server."""

import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from content_pages.seed.loader import load_seed_content
from tests.conftest import restore_tree_root

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not HAVE_BROWSER and not os.environ.get("CI"),
        reason="Debian's chromium and chromium-driver are not installed (.ci/run installs them)",
    ),
]


# Chromium's own switch for a profile's JavaScript setting (2: blocked), as an
# administrator's policy or a reader's settings turn it off.
SCRIPT_BLOCKED = {"profile.managed_default_content_settings.javascript": 2}


def chromium(*, script: bool):
    profile = tempfile.mkdtemp(prefix="cms-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--lang=en-US",
        f"--user-data-dir={profile}",
        "--window-size=1280,2000",
    ):
        options.add_argument(flag)
    prefs = {"intl.accept_languages": "en-US,en"}
    if not script:
        prefs |= SCRIPT_BLOCKED
        options.add_argument("--blink-settings=scriptEnabled=false")
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver, profile


@pytest.fixture
def browser():
    driver, profile = chromium(script=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


class OneRequestAtATime:
    """The live server's application, answering one request at a time.

    With SQLite in memory the server's threads share the test's one connection, so two
    requests at once (Wagtail's editing-session ping or a preview refresh beside a publish)
    would interleave their transactions on it: the publish's savepoint is committed or
    rolled back by the other request, and the publish fails with a 500 no user would see.
    The body is read inside the lock too, since a streamed response still reads the
    database. On PostgreSQL each thread has its own connection and requests run side by
    side as in production.
    """

    def __init__(self, application):
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            result = self.application(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return [body]


def _serialise_shared_connection(live_server) -> None:
    if not live_server.thread.connections_override:
        return
    httpd = live_server.thread.httpd
    if not isinstance(httpd.application, OneRequestAtATime):
        httpd.set_app(OneRequestAtATime(httpd.application))


@pytest.fixture
def site(transactional_db, live_server):
    _serialise_shared_connection(live_server)
    restore_tree_root()
    load_seed_content()
    return live_server


AXE = Path(__file__).resolve().parents[2] / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def axe(browser):
    """Run axe-core (installed by `make axe` at a pinned version) on the page in ``browser``:
    the violations of the given impacts (serious and critical unless told), each with the
    elements it found them on."""
    assert AXE.exists(), f"{AXE} is missing; `make axe` installs it (make test does)"
    source = AXE.read_text(encoding="utf-8")

    def run(impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
        browser.execute_script(source)
        results = browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(done, e => done({error: String(e)}));"
        )
        assert "error" not in results, results
        return [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["html"][:200] for node in violation["nodes"][:5]],
            }
            for violation in results["violations"]
            if violation["impact"] in impacts
        ]

    return run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep a screenshot of the browser when a browser test fails (var/screenshots/)."""
    report = yield
    driver = item.funcargs.get("browser") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and driver is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / f"{item.name}.png"))
    return report
