"""/healthz: the database answers, and how long the oldest queued task has waited."""

import datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def queue_task(*, age_seconds: int, status: str = "READY") -> DBTaskResult:
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="content_pages.publishing.tasks.render_page",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=age_seconds)
    )
    return result


def test_ok_with_no_queued_task(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "oldest_queued_task_age_seconds": None}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers


def test_reports_the_oldest_queued_task_age(client):
    queue_task(age_seconds=30)
    queue_task(age_seconds=600)
    queue_task(age_seconds=5000, status="SUCCESSFUL")  # done: not waiting
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert 600 <= body["oldest_queued_task_age_seconds"] < 660


def test_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "oldest_queued_task_age_seconds": None}


def test_needs_no_login_and_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ms").status_code == 200


def beat(age_seconds: float) -> None:
    from content_pages.models import WorkerHeartbeat

    when = timezone.now() - datetime.timedelta(seconds=age_seconds)
    WorkerHeartbeat.objects.create(worker_id=f"w{age_seconds}", started_at=when, beaten_at=when)


def test_worker_health_is_ok_when_nothing_waits_even_without_a_worker(client, settings):
    response = client.get("/healthz/worker")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["last_heartbeat_age_seconds"] is None
    assert "no-cache" in response["Cache-Control"]


def test_worker_health_503_when_tasks_wait_and_no_worker_beats(client, settings):
    settings.CMS_WORKER_HEARTBEAT_TIMEOUT = 30
    queue_task(age_seconds=5)
    body = client.get("/healthz/worker")
    assert body.status_code == 503
    assert "no worker has reported within 30 s (last heard: never)" in body.json()["reason"]

    beat(age_seconds=45)  # a worker that stopped beating 45 s ago
    body = client.get("/healthz/worker")
    assert body.status_code == 503
    assert "last heard: 45 s ago" in body.json()["reason"]

    beat(age_seconds=1)  # a live worker
    body = client.get("/healthz/worker")
    assert body.status_code == 200, body.json()
    # The web process's own health never depended on the worker.
    assert client.get("/healthz").status_code == 200


def test_worker_health_503_when_the_oldest_task_is_too_old_though_a_worker_beats(client, settings):
    settings.CMS_WORKER_QUEUE_AGE_LIMIT = 60
    beat(age_seconds=1)
    queue_task(age_seconds=30)
    assert client.get("/healthz/worker").status_code == 200
    queue_task(age_seconds=90)
    response = client.get("/healthz/worker")
    assert response.status_code == 503
    assert response.json()["reason"].startswith("the oldest waiting task has waited 9")
    assert response.json()["oldest_queued_task_age_seconds"] >= 90
