"""Renditions are never older than what is live: with the worker behind (tasks queued,
none run), readers get the published text, and the worker's sweep catches up."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from content_pages.models import CallToAction, ChannelRendition, OutboxEvent
from content_pages.publishing.tasks import complete_event_task, refresh_page_renditions
from content_pages.publishing.worker import sweep

pytestmark = pytest.mark.django_db

HEADING = "Ask us about liquid biopsy today"


@pytest.fixture
def queued_tasks(settings):
    """Tasks go to the database queue and wait there: no worker runs in this test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CMS_OUTBOX_GRACE_SECONDS = 0
    return settings


def publish_cta_heading(admin_user, capture):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    draft = cta.get_latest_revision_as_object()
    draft.heading_en = HEADING
    with capture(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)


def test_a_snippet_publish_is_served_before_the_worker_renders_it(
    seeded, admin_user, client, queued_tasks, django_capture_on_commit_callbacks
):
    publish_cta_heading(admin_user, django_capture_on_commit_callbacks)
    stored = ChannelRendition.objects.get(page=seeded, channel="whatsapp", language="en")
    assert stored.rendered_generation < stored.generation  # marked in the publish's transaction
    assert HEADING not in stored.body
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()

    response = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?lang=en")
    assert HEADING in response.content.decode()
    assert response["ETag"] != f"{stored.etag}"
    listed = json.loads(client.get("/api/v2/pages/?type=content_pages.ArticlePage&fields=*").content)
    assert any(HEADING in json.dumps(item) for item in listed["items"])

    report = sweep(database_tasks=True)
    assert report.refreshed >= 1
    stored.refresh_from_db()
    assert stored.rendered_generation == stored.generation
    assert HEADING in stored.body
    # The event is its queued task's to complete: the sweep starts no second one.
    event = OutboxEvent.objects.latest("occurred_at")
    assert report.completed == 0
    assert event.completed_at is None
    task = DBTaskResult.objects.ready().get(task_path=complete_event_task.module_path)
    task.task.func(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
    event.refresh_from_db()
    assert event.completed_at is not None
    assert event.renditions


def test_a_page_served_from_an_older_revision_is_rendered_again(seeded, client, queued_tasks):
    stored = ChannelRendition.objects.get(page=seeded, channel="web", language="ms")
    # As if the worker had rendered revision N while N+1 went live by a path that
    # raised no generation (a restored backup, an import killed after its commit).
    ChannelRendition.objects.filter(pk=stored.pk).update(revision_id=stored.revision_id - 1, body='{"stale":true}')
    body = json.loads(client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").content)
    assert "stale" not in body
    assert body["id"] == seeded.pk


def test_a_task_left_running_by_a_dead_worker_is_run_again(seeded, queued_tasks):
    result = refresh_page_renditions.enqueue(seeded.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    assert sweep(database_tasks=True).requeued == 1
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY


def test_a_running_task_within_its_lease_is_left_alone(seeded, queued_tasks):
    result = refresh_page_renditions.enqueue(seeded.pk)
    DBTaskResult.objects.filter(pk=result.id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert sweep(database_tasks=True).requeued == 0
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING


def test_reading_a_fresh_rendition_costs_no_more_queries(seeded, client, django_assert_max_num_queries):
    client.get(f"/api/v2/pages/{seeded.pk}/?lang=en")
    with django_assert_max_num_queries(1):
        assert client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?lang=en").status_code == 200
