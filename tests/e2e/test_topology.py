"""The topology of several machines, started by ``deploy/topology.py`` on PostgreSQL: two
web processes, three task workers, Redis as the shared cache, Varnish in front. For two
minutes one publish every 2 seconds, over 20 articles, changes a marker in the standfirst
of every language, while readers read every article's web page and API detail in every
language through the front. Then: no errors, each event delivered exactly once to a
loopback receiver, each task run once, and no read made more than 5 s after a publish
shows a text older than that publish. The figures are printed.

Run once per CI run (``make e2e``), not with the suite on each database: it takes about
three minutes (half a minute of set-up, two of load) and starts a dozen processes."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest
from standardwebhooks.webhooks import Webhook

from ..processes import PYTHON, ROOT, free_port, manage, production_env, wait_for

pytestmark = pytest.mark.e2e

ARTICLES = 20
LOAD_SECONDS = 120
PUBLISH_EVERY_SECONDS = 2
STALENESS_BOUND_SECONDS = 5
READERS = 4
# Each reader's pause between reads: every URL is still read a few times a second, and the
# readers leave the CPU to the workers, whose speed after a publish is what is measured.
READ_PAUSE_SECONDS = 0.01
LANGUAGES = ("en", "ms", "zh-hans")
SEED_SLUG = "how-immunotherapy-targets-cancer-cells"
ADMIN_PASSWORD = "topology-admin-password-1"  # a throwaway database

# The marker in each language's standfirst: the edition number, in words of that language,
# so a reader also sees that the language's own text changed (not a fallback to English).
EDITION = re.compile(r"(Edition|Edisi|版本) (\d{4})")
EDITION_WORD = {"en": "Edition", "ms": "Edisi", "zh-hans": "版本"}
# The web page's standfirst paragraph (templates/content_pages/article_page.html).
STANDFIRST = re.compile(r'<p class="standfirst[^"]*"[^>]*>(.*?)</p>', re.DOTALL)

# The seed article and ARTICLES - 1 copies of it with their own slugs in every language,
# each published through the publishing service. The copies' text is saved by nobody in
# particular (user None), so the administrator, a reviewer of every language, approves it.
COPIES = """
from django.contrib.auth import get_user_model
from content_pages.foundations.languages import content_languages, localized_field_name
from content_pages.models import ArticlePage

seed = ArticlePage.objects.get(slug_en={seed!r})
admin = get_user_model().objects.get(username="admin")
ids = [seed.pk]
for number in range(1, {articles}):
    attrs = {{"slug": f"{{seed.slug_en}}-{{number}}"}}
    for language in content_languages():
        for name in ("slug", "title"):
            value = getattr(seed, localized_field_name(name, language))
            if value:
                attrs[localized_field_name(name, language)] = f"{{value}}-{{number}}"
    copy = seed.copy(update_attrs=attrs, keep_live=False, copy_revisions=False, log_action=None)
    copy.save_revision().publish(user=admin)
    ids.append(copy.pk)
print(",".join(str(pk) for pk in ids))
"""

# One publish every PUBLISH_EVERY_SECONDS (on a fixed beat, so a slow publish does not
# stretch the schedule), the articles in turn; each line printed after the publish
# committed says when, as the readers' clock counts (wall-clock time on one machine).
PUBLISHER = """
import json, sys, time
from django.contrib.auth import get_user_model
from content_pages.models import ArticlePage

ids = [{ids}]
admin = get_user_model().objects.get(username="admin")
texts = {{
    "en": "Immunotherapy helps the immune system find and attack cancer cells. Edition {{:04d}}.",
    "ms": "Imunoterapi membantu sistem imun mengesan dan menyerang sel kanser. Edisi {{:04d}}.",
    "zh_hans": "免疫疗法帮助免疫系统发现并攻击癌细胞。版本 {{:04d}}。",
}}
start = time.monotonic()
edition = 0
while edition * {every} < {seconds}:
    time.sleep(max(0.0, start + edition * {every} - time.monotonic()))
    page = ArticlePage.objects.get(pk=ids[edition % len(ids)])
    draft = page.get_latest_revision_as_object()
    for suffix, text in texts.items():
        setattr(draft, "standfirst_" + suffix, text.format(edition))
    draft.save_revision().publish(user=admin)
    print(json.dumps({{"edition": edition, "page": page.pk, "at": time.time()}}), flush=True)
    edition += 1
"""


# --- the database, the receiver, the topology ------------------------------------------


@pytest.fixture(scope="module")
def database():
    """A database of its own beside the one DATABASE_URL names (created and dropped from the
    server's maintenance database, as Django makes its test databases), dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.fail("The topology test runs on PostgreSQL: run it with make e2e and DATABASE_URL=postgres://…")
    parts = urllib.parse.urlsplit(url)
    name = f"{parts.path.lstrip('/')}_topology"
    url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield parts._replace(path=f"/{name}").geturl()
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Receiver(ThreadingHTTPServer):
    """A webhook receiver on loopback: records each delivery's webhook-id, headers and body."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.lock = threading.Lock()
        self.received: list[tuple[str, dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        headers = {key.lower(): value for key, value in self.headers.items()}
        with self.server.lock:
            self.server.received.append((headers.get("webhook-id", ""), headers, body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class Running:
    process: subprocess.Popen[str]
    env: dict[str, str]
    database_url: str
    logs: Path
    front: list[str]
    state: dict[str, object] = field(default_factory=dict)

    def stop(self) -> tuple[int, str]:
        """SIGTERM, as a supervisor stops it: the script's status and last words."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            out, _err = self.process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _err = self.process.communicate()
        return self.process.returncode, out

    def varnish_counters(self) -> dict[str, int]:
        """Varnish's own counters (varnishstat), by name."""
        result = subprocess.run(
            ["varnishstat", "-n", str(self.state["varnish_workdir"]), "-1", "-j"],
            capture_output=True, text=True, timeout=30, check=True,
        )  # fmt: skip
        document = json.loads(result.stdout)
        counters = document.get("counters", document)  # Varnish 6.5+ nests them
        return {
            name: int(value["value"])
            for name, value in counters.items()
            if isinstance(value, dict) and "value" in value
        }

    def redis_commands(self) -> int:
        """How many commands Redis answered (its INFO): the web processes' shared cache at work."""
        port = int(urllib.parse.urlsplit(str(self.state["redis"])).port or 0)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(b"INFO stats\r\n")
            reply = b""
            while b"total_commands_processed:" not in reply or not reply.endswith(b"\r\n"):
                reply += connection.recv(65536)
        return int(re.search(rb"total_commands_processed:(\d+)", reply).group(1))

    def tasks_queued_again(self) -> set[str]:
        """The ids of the tasks the workers queued again (publishing.task_retries logs each)."""
        return {
            found.group(1)
            for log in self.logs.glob("worker.*.log")
            for found in re.finditer(
                r"Task (\S+) \(\S+\) lost a race in the database \(", log.read_text(errors="replace")
            )
        }

    def log_tails(self, lines: int = 15) -> str:
        return "\n".join(
            f"--- {log.name}\n" + "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
            for log in sorted(self.logs.glob("*.log"))
        )


def start_topology(
    env: dict[str, str], logs: Path, web_ports: list[int], varnish_port: int, redis_port: int
) -> subprocess.Popen[str]:
    args = [PYTHON, "deploy/topology.py", "--logs", str(logs), "--workers", "3"]
    args += ["--varnish-port", str(varnish_port), "--redis-port", str(redis_port)]
    for port in web_ports:
        args += ["--web-port", str(port)]
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.fixture(scope="module")
def topology(database, receiver, tmp_path_factory):
    folder = tmp_path_factory.mktemp("topology")
    web_ports = [free_port(), free_port()]
    varnish_port = free_port()
    # Readers read through Varnish, the site's public address.
    front = [f"http://127.0.0.1:{varnish_port}"]
    env = production_env(
        folder,
        web_ports[0],
        DATABASE_URL=database,
        CMS_BASE_URL=front[0],
        # collectstatic runs in the release step, so the manifest is there, as in production.
        CMS_STATIC_MANIFEST="1",
        CMS_ADMIN_PASSWORD=ADMIN_PASSWORD,
        # Every reader reads from one loopback address.
        CMS_API_ANON_RATE_LIMIT="100000000",
        # The receiver listens on loopback, which production refuses by default.
        CMS_WEBHOOK_ALLOW_PRIVATE="1",
        CMS_LOG_LEVEL="WARNING",
    )
    process = start_topology(env, folder / "logs", web_ports, varnish_port, free_port())
    running = Running(process, env, database, folder / "logs", front)
    first = process.stdout.readline() if process.stdout else ""
    if not first.startswith("ready"):
        code, out = running.stop()
        pytest.fail(f"deploy/topology.py did not start ({code}): {first}{out}\n{running.log_tails()}")
    running.state = json.loads((folder / "logs" / "topology.json").read_text())
    try:
        yield running
    finally:
        if process.poll() is None:
            running.stop()


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    started: float
    page: int
    language: str
    kind: str
    status: int
    editions: tuple[int, ...]
    error: str = ""
    cache: str = ""  # Varnish's X-Cache: HIT or MISS


def fetch(url: str) -> tuple[int, str, str]:
    """The status, the body and Varnish's X-Cache header."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode(), response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers.get("X-Cache", "")


def read_once(front: str, target: tuple[int, str, str, str]) -> Read:
    page, language, kind, path = target
    started = time.time()
    try:
        status, body, cache = fetch(front + path)
    except Exception as error:
        return Read(started, page, language, kind, 0, (), repr(error))
    text = ""
    if status == 200 and kind == "api":
        text = json.loads(body)["standfirst"] or ""
    elif status == 200:
        # A regular expression rather than an HTML parser: parsing every page would take the
        # readers' CPU from the workers whose speed the test measures.
        standfirst = STANDFIRST.search(body)
        text = standfirst.group(1) if standfirst is not None else ""
    found = EDITION.findall(text)
    words = {word for word, _number in found}
    editions = tuple(sorted({int(number) for _word, number in found}))
    error = ""
    if status != 200:
        error = f"status {status}"
    elif found and words != {EDITION_WORD[language]}:
        error = f"the {language} read shows {sorted(words)}"
    elif len(editions) > 1:
        error = f"one read shows several editions {editions}"
    return Read(started, page, language, kind, status, editions, error, cache)


def targets(front: str, ids: list[int]) -> list[tuple[int, str, str, str]]:
    """Each article's API detail and web page in each language (the web path from the
    API's html_url, the slugs being per language)."""
    found = []
    for page in ids:
        for language in LANGUAGES:
            api = f"/api/v2/pages/{page}/?lang={language}"
            status, body, _cache = fetch(front + api)
            assert status == 200, (api, status, body[:300])
            web = urllib.parse.urlsplit(json.loads(body)["meta"]["html_url"]).path
            found += [(page, language, "api", api), (page, language, "web", web)]
    return found


class Readers:
    def __init__(self, front: list[str], reads: list[tuple[int, str, str, str]]) -> None:
        self.front, self.reads = front, reads
        self.results: list[Read] = []
        self.lock = threading.Lock()
        self.done = threading.Event()

    def run(self, number: int) -> None:
        order = list(self.reads)
        random.Random(number).shuffle(order)
        while not self.done.is_set():
            for target in order:
                if self.done.is_set():
                    break
                result = read_once(self.front[(number + len(self.results)) % len(self.front)], target)
                with self.lock:
                    self.results.append(result)
                time.sleep(READ_PAUSE_SECONDS)


def staleness(reads: list[Read], publishes: list[dict[str, float]]) -> list[tuple[float, Read]]:
    """For each read, how long before it a publish newer than what it shows had committed
    (nothing for a read that shows the latest committed edition, or a newer one)."""
    by_page: dict[int, list[dict[str, float]]] = {}
    for publish in publishes:
        by_page.setdefault(int(publish["page"]), []).append(publish)
    stale = []
    for read in reads:
        shown = max(read.editions, default=-1)
        newer = [p["at"] for p in by_page.get(read.page, []) if p["edition"] > shown and p["at"] <= read.started]
        if newer:
            stale.append((read.started - min(newer), read))
    return stale


# --- the database's record of the work ----------------------------------------------------


def rows(database_url: str, sql: str) -> list[tuple]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(sql).fetchall()


def outstanding(database_url: str) -> dict[str, int]:
    """What is still to do: tasks queued or running, stale renditions, incomplete events,
    undelivered deliveries."""
    (counts,) = rows(
        database_url,
        """select
          (select count(*) from django_tasks_database_dbtaskresult where status in ('READY', 'RUNNING')),
          (select count(*) from content_pages_channelrendition where rendered_generation < generation),
          (select count(*) from content_pages_outboxevent where completed_at is null),
          (select count(*) from content_pages_webhookdelivery where status <> 'delivered')""",
    )
    return dict(zip(("tasks", "stale renditions", "incomplete events", "undelivered"), counts, strict=True))


def settled(database_url: str, receiver: Receiver) -> bool:
    events = rows(database_url, "select count(*) from content_pages_outboxevent")[0][0]
    return not any(outstanding(database_url).values()) and len(receiver.received) >= events


def wait_until_settled(database_url: str, receiver: Receiver, timeout: float = 180) -> None:
    try:
        wait_for(lambda: settled(database_url, receiver), timeout=timeout, interval=0.5)
    except AssertionError:
        left = outstanding(database_url)
        raise AssertionError(f"not settled in {timeout} s: {left}, received {len(receiver.received)}") from None


# --- the test ---------------------------------------------------------------------------------


def set_up_content(env: dict[str, str], receiver: Receiver) -> tuple[list[int], str]:
    """A subscription to the receiver, the seed and its copies: the articles' ids and the
    subscription's signing secret."""
    added = manage(env, "webhooks", "add", "--url", receiver.url, "--name", "topology receiver")
    secret = re.search(r"whsec_\S+", added).group(0)
    manage(env, "ensure_local_admin")
    manage(env, "load_seed_content")
    printed = manage(env, "shell", "-c", COPIES.format(seed=SEED_SLUG, articles=ARTICLES))
    ids = [int(pk) for pk in printed.split()[-1].split(",")]
    assert len(set(ids)) == ARTICLES
    return ids, secret


def run_load(topology: Running, ids: list[int], reads: list) -> tuple[list[dict], list[Read]]:
    """The publisher and the readers for LOAD_SECONDS: what was published when, and every read."""
    publisher = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c",
         PUBLISHER.format(ids=",".join(map(str, ids)), every=PUBLISH_EVERY_SECONDS, seconds=LOAD_SECONDS)],
        cwd=ROOT, env=topology.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    readers = Readers(topology.front, reads)
    threads = [threading.Thread(target=readers.run, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        out, err = publisher.communicate(timeout=LOAD_SECONDS + 120)
    finally:
        readers.done.set()
        for thread in threads:
            thread.join(120)
    assert publisher.returncode == 0, err[-3000:]
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")], readers.results


@dataclass
class Record:
    """What the database says was done."""

    events: set[str]
    deliveries: list[tuple]
    attempts: list[tuple]
    tasks: list[tuple]

    @classmethod
    def read(cls, database_url: str) -> Record:
        return cls(
            events={str(pk) for (pk,) in rows(database_url, "select id from content_pages_outboxevent")},
            deliveries=rows(database_url, "select status, attempts from content_pages_webhookdelivery"),
            attempts=rows(database_url, "select succeeded from content_pages_webhookattempt"),
            tasks=rows(
                database_url,
                "select id, status, worker_ids, task_path, traceback from django_tasks_database_dbtaskresult",
            ),
        )

    @property
    def by_worker(self) -> Counter[str]:
        return Counter(worker for _id, _status, workers, *_ in self.tasks for worker in workers)


def test_publishing_under_load_through_the_topology(topology, receiver, capsys):
    database_url = topology.database_url
    try:
        clock = [time.monotonic()]
        ids, secret = set_up_content(topology.env, receiver)
        # The set-up's publishes are rendered and delivered before the load starts.
        wait_until_settled(database_url, receiver)
        reads = targets(topology.front[0], ids)
        clock.append(time.monotonic())
        publishes, results = run_load(topology, ids, reads)
        clock.append(time.monotonic())
        wait_until_settled(database_url, receiver)
        clock.append(time.monotonic())
        # Once settled, every reader gets the last edition of every article, in every language.
        last = {int(p["page"]): int(p["edition"]) for p in publishes}
        final = [read_once(topology.front[0], target) for target in reads]
        record = Record.read(database_url)
        seen = Counter(webhook_id for webhook_id, _headers, _body in receiver.received)
        errors = [read for read in results if read.error]
        stale = staleness(results, publishes)
        worst = max((seconds for seconds, _read in stale), default=0.0)
        varnish = topology.varnish_counters()
        figures = {
            "articles": ARTICLES,
            "publishes": len(publishes),
            "requests": len(results),
            "errors": len(errors),
            "cache hits seen by readers (API, web)": [
                sum(read.cache == "HIT" for read in results if read.kind == kind) for kind in ("api", "web")
            ],
            "Varnish hits": varnish["MAIN.cache_hit"],
            "Varnish misses": varnish["MAIN.cache_miss"],
            "purges (Varnish bans added)": varnish["MAIN.bans_added"],
            "Redis commands": topology.redis_commands(),
            "reads older than a publish (within the bound)": len(stale),
            "worst staleness (s)": round(worst, 2),
            "worst staleness by kind and language (s)": {
                f"{kind} {language}": round(
                    max((sec for sec, read in stale if (read.kind, read.language) == (kind, language)), default=0.0), 2
                )
                for kind in ("api", "web")
                for language in LANGUAGES
            },
            "events": len(record.events),
            "deliveries": len(record.deliveries),
            "webhooks received": len(receiver.received),
            "tasks": len(record.tasks),
            "tasks by worker": sorted(record.by_worker.values(), reverse=True),
            "tasks queued again after losing a race in the database": len(topology.tasks_queued_again()),
            "seconds (set-up, load, settling)": [round(b - a, 1) for a, b in itertools.pairwise(clock)],
        }
        (topology.logs / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2))
        with capsys.disabled():
            print("\nTopology under load:", json.dumps(figures, ensure_ascii=False, indent=2))

        assert len(publishes) == LOAD_SECONDS // PUBLISH_EVERY_SECONDS
        assert not errors, errors[:10]
        assert len(results) > 10 * len(publishes)
        # Readers were served from Varnish (most reads of web pages and of the API a hit), and
        # each publish purged it.
        for kind in ("api", "web"):
            reads_of_kind = [read for read in results if read.kind == kind]
            assert sum(read.cache == "HIT" for read in reads_of_kind) > len(reads_of_kind) / 2, kind
        assert varnish["MAIN.bans_added"] >= len(publishes)
        # The web processes shared Redis: the API's read limits count there.
        assert figures["Redis commands"] > 0
        assert worst <= STALENESS_BOUND_SECONDS, sorted(stale, key=lambda item: item[0])[-5:]
        assert [read for read in final if read.error or read.editions != (last[read.page],)] == []
        # Each event delivered exactly once: one delivery per event, sent once and received
        # once, signed with the subscription's secret.
        assert set(seen) == record.events
        assert set(seen.values()) == {1}
        assert len(record.deliveries) == len(record.events)
        assert set(record.deliveries) == {("delivered", 1)}
        assert record.attempts == [(True,)] * len(record.events)
        for _webhook_id, headers, body in receiver.received:
            Webhook(secret).verify(body, headers)
        # Each task ran once, by one worker, and the workers shared them.
        assert record.tasks
        # A task PostgreSQL chose as a deadlock's victim is run again (publishing.task_retries,
        # which logs it); no other task runs twice.
        again = topology.tasks_queued_again()
        assert [
            f"{task_id} {status} {path} run by {workers}:\n{traceback}"
            for task_id, status, workers, path, traceback in record.tasks
            if status != "SUCCESSFUL" or (len(workers) != 1 and str(task_id) not in again)
        ] == []
        assert len(record.by_worker) >= 2, record.by_worker

        code, out = topology.stop()
        assert code == 0, out
        assert out.strip().endswith("stopped"), out
    except AssertionError:
        with capsys.disabled():
            print(topology.log_tails())
        raise
