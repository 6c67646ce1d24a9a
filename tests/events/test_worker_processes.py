"""A publish as production runs it: gunicorn, `db_worker` processes, a file database and a
real webhook receiver on loopback; then the worker is killed in the middle of delivering."""

import json
import os
import re
import signal
import sqlite3
import threading
import urllib.request

import pytest
from standardwebhooks.webhooks import Webhook
from werkzeug import Response

from ..processes import free_port, manage, production_env, start_gunicorn, start_worker, stop, wait_for

ARTICLE = "how-immunotherapy-targets-cancer-cells"
NEW_STANDFIRST = "Published while no worker was running."

PUBLISH = f"""
from content_pages.models import ArticlePage
page = ArticlePage.objects.get(slug_en={ARTICLE!r})
draft = page.get_latest_revision_as_object()
draft.standfirst_en = {NEW_STANDFIRST!r}
draft.save_revision().publish()
print(page.pk)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worker-site")
    port = free_port()
    env = production_env(
        folder,
        port,
        CMS_TASK_LEASE_SECONDS="2",
        CMS_WORKER_SWEEP_SECONDS="0.3",
        CMS_OUTBOX_GRACE_SECONDS="1",
        CMS_WEBHOOK_TIMEOUT="2",
        CMS_WEBHOOK_RETRY_SCHEDULE="0,0,0",
        # The receiver listens on loopback, which production refuses by default.
        CMS_WEBHOOK_ALLOW_PRIVATE="1",
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed_content")
    # The seed's own publishes queued their rendering: a batch worker drains it and exits.
    manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
    server = start_gunicorn(env, port)
    yield env, port, folder / "db.sqlite3"
    stop(server)


def rows(database, sql, *params):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql, params).fetchall()


def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_a_killed_worker_loses_no_event_and_no_reader_sees_stale_text(site, httpserver):
    env, port, database = site
    requests = []
    first_arrived = threading.Event()
    release_first = threading.Event()

    def receiver(request):
        requests.append((request.get_data(as_text=True), dict(request.headers)))
        if len(requests) == 1:
            first_arrived.set()
            release_first.wait(5)  # the worker is killed while this one is in flight
            return Response("too late", status=500)
        return Response("ok", status=200)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    added = manage(env, "webhooks", "add", "--url", httpserver.url_for("/hook"), "--events", "page.published")
    secret = re.search(r"whsec_\S+", added).group(0)
    assert secret not in manage(env, "webhooks", "list")

    page_id = int(manage(env, "shell", "-c", PUBLISH).split()[-1])
    # No worker is running: the stored renditions are behind what is live, and the API
    # renders on the spot rather than serve them.
    stale = rows(
        database,
        "select count(*) from content_pages_channelrendition where page_id=? and rendered_generation < generation",
        page_id,
    )[0][0]
    assert stale > 0
    detail = get_json(f"http://127.0.0.1:{port}/api/v2/pages/{page_id}/?lang=en")
    assert detail["standfirst"] == NEW_STANDFIRST
    whatsapp = get_json(f"http://127.0.0.1:{port}/api/v2/pages/{page_id}/channels/whatsapp/?lang=en")
    assert NEW_STANDFIRST in json.dumps(whatsapp)

    worker = start_worker(env)
    try:
        # The worker renders every channel and language first: slow on a loaded machine.
        assert first_arrived.wait(120), "the worker never delivered"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        release_first.set()
        stop(worker)

    restarted = start_worker(env)
    try:
        wait_for(lambda: len(requests) >= 2, timeout=120)
        wait_for(lambda: rows(database, "select count(*) from content_pages_webhookattempt where succeeded")[0][0])
    finally:
        stop(restarted)

    (first_body, first_headers), (body, headers) = requests[0], requests[1]
    assert headers["Webhook-Id"] == first_headers["Webhook-Id"]  # a repeat, so the receiver can drop it
    payload = Webhook(secret).verify(body, headers)
    assert payload["type"] == "page.published"
    assert payload["object"] == {"kind": "page", "id": page_id}
    assert body == first_body
    assert rows(database, "select count(*) from content_pages_webhookattempt where succeeded")[0][0] == 1
    assert rows(database, "select status from content_pages_webhookdelivery") == [("delivered",)]
    # The worker caught up: nothing stale is stored any more, and no task is left running.
    assert not rows(database, "select 1 from content_pages_channelrendition where rendered_generation < generation")
    assert not rows(database, "select 1 from django_tasks_database_dbtaskresult where status='RUNNING'")

    feed = get_json(f"http://127.0.0.1:{port}/api/v2/changes/?limit=100")
    assert payload["id"] in [item["id"] for item in feed["items"]]
