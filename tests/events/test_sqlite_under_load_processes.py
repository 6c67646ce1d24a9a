"""SQLite with several processes at once, as production runs it: gunicorn (three workers),
`db_worker` and a publisher process on one file database, while readers read, an enquiry
stream posts, and two editors save long translations of the same page over and over.
Nothing may fail: no 5xx, every enquiry stored, the worker alive and caught up."""

import http.cookies
import json
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from bs4 import BeautifulSoup

from ..processes import PYTHON, ROOT, free_port, manage, production_env, start_gunicorn, start_worker, stop, wait_for

ARTICLE = "how-immunotherapy-targets-cancer-cells"
LOAD_SECONDS = 30
TRANSLATION_LENGTH = 10_000
PASSWORD = "load-test-password-1"  # a throwaway database
VALID = {
    "name": "Aminah",
    "phone_or_email": "012-345 6789",
    "i_would_like_to_know_about": ["Liquid biopsy"],
    "i_agree_to_be_contacted_about_my_enquiry": True,
}
# Publishes the article index again and again: each publish queues rendering for the worker.
PUBLISHER = """
import time
from content_pages.models import ArticleIndexPage
deadline = time.monotonic() + {seconds}
count = 0
while time.monotonic() < deadline:
    index = ArticleIndexPage.objects.get()
    draft = index.get_latest_revision_as_object()
    draft.intro_en = f"Articles, edition {count}"
    draft.save_revision().publish()
    count += 1
    time.sleep(1)
print(count)
"""


class Browser:
    """An admin session over plain HTTP (production marks its cookies Secure, which a
    cookie jar would not send back over http://, so they are kept by hand)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.read().decode()

    def form_token(self, html: str) -> str:
        return BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]

    def log_in(self) -> None:
        _status, html = self.request("/admin/login/")
        status, _html = self.request(
            "/admin/login/", {"username": "admin", "password": PASSWORD, "csrfmiddlewaretoken": self.form_token(html)}
        )
        assert status == 302, "admin login failed"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite-load")
    port = free_port()
    env = production_env(
        folder,
        port,
        CMS_ADMIN_PASSWORD=PASSWORD,
        CMS_ENQUIRY_RATE_LIMIT="100000",
        CMS_API_ANON_RATE_LIMIT="1000000",
        CMS_WORKER_SWEEP_SECONDS="1",
        CMS_WORKER_HEARTBEAT_SECONDS="0.5",
        CMS_LOG_LEVEL="WARNING",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "ensure_local_admin")
    manage(env, "load_seed_content")
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    server = start_gunicorn(env, port, workers=3)
    yield env, port, folder / "db.sqlite3"
    stop(server)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def post_enquiry(base, form_id, timeout=60):
    request = urllib.request.Request(
        f"{base}/api/v2/forms/{form_id}/submissions/?lang=en",
        data=json.dumps({"data": VALID}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def long_translation_form(browser, page_id, language):
    """The editor's form for one paragraph without markup, translated at full length."""
    _status, html = browser.request(f"/admin/translate/{page_id}/{language}/")
    document = BeautifulSoup(html, "html.parser")
    for textarea in document.find_all("textarea"):
        segment = textarea["name"].removeprefix("t:")
        source = document.find("input", attrs={"name": f"s:{segment}"})
        if ":body:" in segment and len(segment.split(":")) == 4 and source is not None and "<" not in source["value"]:
            text = ("Imunoterapi membantu sistem imun mengenal pasti sel kanser. " * 200)[:TRANSLATION_LENGTH]
            return {
                "csrfmiddlewaretoken": browser.form_token(html),
                "action": "save",
                f"t:{segment}": text,
                f"s:{segment}": source["value"],
            }
    raise AssertionError("no plain paragraph in the editor")


def seed_ids(base):
    """The seed article's id and the enquiry form's, from the API."""
    items = json.loads(urllib.request.urlopen(f"{base}/api/v2/pages/?limit=50", timeout=30).read())["items"]
    article_id = next(item["id"] for item in items if item["meta"]["slug"] == ARTICLE)
    form_id = next(item["id"] for item in items if item["meta"]["type"] == "content_pages.EnquiryFormPage")
    return article_id, form_id


def stored_enquiries(database):
    with sqlite3.connect(database) as db:
        return db.execute("select count(*) from content_pages_enquirysubmission").fetchone()[0]


def guarded(failures, work, *args):
    """A thread running ``work``; what it raises is recorded as a failure (a hung or
    refused connection is a failure too)."""

    def run():
        try:
            work(*args)
        except Exception as error:
            failures.append(f"{work.__name__}: {error!r}")

    return threading.Thread(target=run)


class Load:
    """Readers, enquirers and editors until ``stop_at``; what each was answered, by kind."""

    def __init__(self, base, stop_at):
        self.base, self.stop_at = base, stop_at
        self.outcomes: dict[str, list[int]] = {"read": [], "enquiry": [], "save": []}

    def reader(self, reads):
        while time.monotonic() < self.stop_at:
            for path in reads:
                self.outcomes["read"].append(get(self.base + path))

    def enquirer(self, form_id):
        while time.monotonic() < self.stop_at:
            self.outcomes["enquiry"].append(post_enquiry(self.base, form_id))
            time.sleep(0.1)

    def editor(self, article_id, language):
        browser = Browser(self.base)
        browser.log_in()
        while time.monotonic() < self.stop_at:
            form = long_translation_form(browser, article_id, language)
            status, _html = browser.request(f"/admin/translate/{article_id}/{language}/", form)
            self.outcomes["save"].append(status)


def test_readers_enquiries_long_saves_and_the_worker_at_once_lose_nothing(site, tmp_path):
    env, port, database = site
    base = f"http://127.0.0.1:{port}"
    article_id, form_id = seed_ids(base)
    web_url = json.loads(urllib.request.urlopen(f"{base}/api/v2/pages/{article_id}/?lang=ms", timeout=30).read())[
        "meta"
    ]["html_url"]
    reads = [
        f"/api/v2/pages/{article_id}/?lang=ms",
        f"/api/v2/pages/{article_id}/channels/sms/?lang=zh-hans",
        "/api/v2/pages/?lang=en",
        urllib.parse.urlsplit(web_url).path,
        "/healthz",
    ]

    failures: list[str] = []
    load = Load(base, time.monotonic() + LOAD_SECONDS)
    outcomes = load.outcomes

    worker = start_worker(env)
    publisher = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", PUBLISHER.replace("{seconds}", str(LOAD_SECONDS))],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        threads = [
            guarded(failures, load.reader, reads),
            guarded(failures, load.reader, reads),
            guarded(failures, load.enquirer, form_id),
            guarded(failures, load.enquirer, form_id),
            guarded(failures, load.editor, article_id, "ms"),
            guarded(failures, load.editor, article_id, "zh-hans"),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(LOAD_SECONDS + 120)
        out, err = publisher.communicate(timeout=120)
        assert publisher.returncode == 0, err
        print(f"\nreads {len(outcomes['read'])}, enquiries {len(outcomes['enquiry'])}, saves {outcomes['save']}")
        assert not failures, failures
        assert worker.poll() is None, "the worker died"

        errors = {kind: [s for s in statuses if s >= 500] for kind, statuses in outcomes.items()}
        assert errors == {"read": [], "enquiry": [], "save": []}, errors
        assert set(outcomes["read"]) <= {200}, sorted(set(outcomes["read"]))
        assert set(outcomes["enquiry"]) == {201}
        # A save answers the editor again (200) or redirects (302); one that met the other
        # editor's save in progress answers 409 "save again", never a long wait or a 500.
        assert set(outcomes["save"]) <= {200, 302, 409}, outcomes["save"]
        assert outcomes["save"].count(302) >= 2, outcomes["save"]
        assert len(outcomes["enquiry"]) >= 20
        assert len(outcomes["read"]) >= 50

        assert stored_enquiries(database) == len(outcomes["enquiry"])
        # The worker keeps up once the load stops: nothing left waiting, nothing stale.
        wait_for(
            lambda: (
                json.loads(urllib.request.urlopen(f"{base}/healthz", timeout=10).read())[
                    "oldest_queued_task_age_seconds"
                ]
                is None
            ),
            timeout=60,
        )
        assert get(f"{base}/healthz/worker") == 200
        print(
            f"\nreads {len(outcomes['read'])}, enquiries {len(outcomes['enquiry'])}, "
            f"saves {outcomes['save']}, publishes {out.strip().splitlines()[-1]}"
        )
    finally:
        if publisher.poll() is None:
            publisher.kill()
        stop(worker)


BURST = 40


def burst_forms(base, article_id):
    """Four signed-in editors and the BURST longest saves they send, Malay and Chinese in turn."""
    browsers = [Browser(base) for _ in range(4)]
    for browser in browsers:
        browser.log_in()
    languages = ["ms", "zh-hans"]
    forms = [long_translation_form(browsers[n % 4], article_id, languages[n % 2]) for n in range(BURST)]
    return browsers, languages, forms


def test_forty_parallel_longest_saves_leave_every_enquiry_stored_and_the_worker_alive(site):
    """Forty translation saves at the text limit, all at once, while enquiries keep coming:
    every save is answered (saved, or "someone else is saving" after a short wait), every
    enquiry is stored, and the worker is alive and catches up."""
    env, port, database = site
    base = f"http://127.0.0.1:{port}"
    article_id, form_id = seed_ids(base)
    stored_before = stored_enquiries(database)

    browsers, languages, forms = burst_forms(base, article_id)
    assert all(len(next(v for k, v in form.items() if k.startswith("t:"))) == TRANSLATION_LENGTH for form in forms)

    saves: list[int] = []
    enquiries: list[int] = []
    failures: list[str] = []
    start = threading.Event()
    done = threading.Event()

    def save(n):
        start.wait()
        try:
            status, _html = browsers[n % 4].request(f"/admin/translate/{article_id}/{languages[n % 2]}/", forms[n])
            saves.append(status)
        except Exception as error:
            failures.append(f"save {n}: {error!r}")

    def enquirer():
        start.wait()
        while not done.is_set():
            try:
                # Sync workers answer in turn: an enquiry may wait behind the saves, but is never lost.
                enquiries.append(post_enquiry(base, form_id, timeout=300))
            except Exception as error:
                failures.append(f"enquiry: {error!r}")
            time.sleep(0.2)

    worker = start_worker(env)
    try:
        savers = [threading.Thread(target=save, args=(n,)) for n in range(BURST)]
        enquirer_thread = threading.Thread(target=enquirer)
        for thread in [*savers, enquirer_thread]:
            thread.start()
        start.set()
        for thread in savers:
            thread.join(600)
        done.set()
        enquirer_thread.join(600)
        print(f"\nburst saves {sorted(saves)}, enquiries {len(enquiries)}")

        assert not failures, failures
        assert len(saves) == BURST
        assert set(saves) <= {200, 302, 409}, sorted(saves)
        assert 302 in saves
        assert enquiries, enquiries
        assert set(enquiries) == {201}, enquiries
        assert stored_enquiries(database) - stored_before == len(enquiries)
        assert worker.poll() is None, "the worker died"
        wait_for(lambda: get(f"{base}/healthz/worker") == 200, timeout=120)
    finally:
        stop(worker)
