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
