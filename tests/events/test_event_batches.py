"""A snippet shown by many pages is rendered again by a chain of tasks, a few pages each,
not by one task that would outlast its lease and hold every other publish behind it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from content_pages.models import ChannelRendition, Contributor, OutboxEvent
from content_pages.publishing import renditions
from content_pages.publishing.tasks import complete_event_task
from content_pages.publishing.worker import sweep
from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

PANEL = "Cancer A-Z Medical Review Panel"
NEW_NAME = "Cancer A-Z Clinical Review Panel"


@pytest.fixture
def panel_pages(seeded, django_capture_on_commit_callbacks):
    """The seed and four articles, all reviewed by the same panel (a snippet each shows)."""
    built = [build_article(f"panel-{number}", 1, django_capture_on_commit_callbacks) for number in range(4)]
    panel = Contributor.objects.get(name=PANEL)
    pages = sorted(renditions.dependent_page_ids(panel))
    assert {seeded.pk, *(page.pk for page in built)} <= set(pages)
    return pages


@pytest.fixture
def queued(settings):
    """Tasks wait in the database queue until ``run_queued`` runs them, two pages a task."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CMS_EVENT_PAGES_PER_TASK = 2
    settings.CMS_OUTBOX_GRACE_SECONDS = 0
    return settings


def publish_panel(admin_user, capture):
    draft = Contributor.objects.get(name=PANEL).get_latest_revision_as_object()
    draft.name = NEW_NAME
    with capture(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    return OutboxEvent.objects.get(type="snippet.published", object_id=str(draft.pk), completed_at__isnull=True)


def stale_pages(page_ids):
    rows = ChannelRendition.objects.filter(page_id__in=page_ids).select_related("page")
    return {row.page_id for row in rows if renditions.is_stale(row, row.page.live_revision_id)}


def run_queued(monkeypatch):
    """Run the queued tasks one at a time, as one worker does; for each, the pages it
    rendered."""
    rendered: list[int] = []
    real = renditions.refresh_page
    monkeypatch.setattr(renditions, "refresh_page", lambda page_id: (rendered.append(page_id), real(page_id))[1])
    runs = []
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim("test-worker")
        rendered.clear()
        result.task.func(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.set_successful(None)
        runs.append((result.args_kwargs["args"], list(rendered)))
    return runs


def test_the_pages_are_rendered_two_a_task_and_the_event_completes_once(
    panel_pages, admin_user, queued, monkeypatch, django_capture_on_commit_callbacks
):
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    assert set(event.page_ids) == set(panel_pages)
    assert stale_pages(panel_pages) == set(panel_pages)  # marked in the publish's own transaction

    runs = run_queued(monkeypatch)

    starts = range(2, len(panel_pages), 2)
    assert [args for args, _pages in runs] == [[str(event.pk)], *([str(event.pk), start] for start in starts)]
    assert all(len(pages) <= 2 for _args, pages in runs)
    assert sorted(page for _args, pages in runs for page in pages) == sorted(event.page_ids)
    assert stale_pages(panel_pages) == set()
    event.refresh_from_db()
    assert event.completed_at is not None
    assert OutboxEvent.objects.filter(pk=event.pk, sequence__isnull=False).count() == 1
    assert {item["url"].split("/api/v2/pages/")[1].split("/")[0] for item in event.renditions} == {
        str(page_id) for page_id in panel_pages
    }


def test_a_reader_gets_the_new_name_from_a_page_no_task_has_reached(
    panel_pages, admin_user, queued, client, django_capture_on_commit_callbacks
):
    publish_panel(admin_user, django_capture_on_commit_callbacks)
    last = panel_pages[-1]
    body = client.get(f"/api/v2/pages/{last}/?lang=en").content.decode()
    assert NEW_NAME in body
    assert PANEL not in body


def test_a_task_run_again_renders_no_page_twice_and_starts_no_second_chain(
    panel_pages, admin_user, queued, monkeypatch, django_capture_on_commit_callbacks
):
    """Its worker killed after the task queued the next one (or the task still running past
    its lease): the task runs again, finds its pages current and the next one queued."""
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    complete_event_task.func(str(event.pk))
    rendered: list[int] = []
    real = renditions.refresh_page
    monkeypatch.setattr(renditions, "refresh_page", lambda page_id: (rendered.append(page_id), real(page_id))[1])
    complete_event_task.func(str(event.pk))
    assert rendered == []
    assert DBTaskResult.objects.filter(args_kwargs__args__1=2).count() == 1


def test_a_task_run_again_queues_the_next_one_it_lost(
    panel_pages, admin_user, queued, django_capture_on_commit_callbacks
):
    """Killed after its pages were stored, before the next task was queued."""
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    complete_event_task.func(str(event.pk))
    DBTaskResult.objects.filter(args_kwargs__args__1=2).delete()
    complete_event_task.func(str(event.pk))
    assert [result.args_kwargs["args"] for result in DBTaskResult.objects.filter(args_kwargs__args__1=2)] == [
        [str(event.pk), 2]
    ]


def test_the_sweep_leaves_an_event_its_running_task_renders(
    panel_pages, admin_user, queued, django_capture_on_commit_callbacks
):
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    assert sweep(database_tasks=True).completed == 0
    event.refresh_from_db()
    assert event.completed_at is None
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0


def test_the_sweep_queues_no_second_chain_beside_a_queued_task(
    panel_pages, admin_user, queued, monkeypatch, django_capture_on_commit_callbacks
):
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    sweep(database_tasks=True)
    sweep(database_tasks=True)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    run_queued(monkeypatch)
    event.refresh_from_db()
    assert event.completed_at is not None
    assert stale_pages(panel_pages) == set()


def test_the_sweep_queues_the_first_task_again_for_an_event_whose_task_was_lost(
    panel_pages, admin_user, queued, monkeypatch, django_capture_on_commit_callbacks
):
    """The process died between the commit and queueing the task: the sweep queues it,
    once however often it sweeps, and the chain then stores every page."""
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    sweep(database_tasks=True)
    sweep(database_tasks=True)
    assert [result.args_kwargs["args"] for result in DBTaskResult.objects.ready()] == [[str(event.pk)]]
    runs = run_queued(monkeypatch)
    assert len(runs) == (len(panel_pages) + 1) // 2
    event.refresh_from_db()
    assert event.completed_at is not None
    assert stale_pages(panel_pages) == set()


def test_an_event_whose_task_failed_is_tried_again_after_the_lease_not_at_every_sweep(
    panel_pages, admin_user, queued, monkeypatch, django_capture_on_commit_callbacks
):
    """A database that stayed down past the task's retries: the event still completes, and
    a page that fails every time costs a try every few minutes, not every sweep."""
    event = publish_panel(admin_user, django_capture_on_commit_callbacks)
    chain = DBTaskResult.objects.filter(task_path=complete_event_task.module_path)
    chain.update(status=TaskResultStatus.FAILED, finished_at=timezone.now())
    sweep(database_tasks=True)
    assert not chain.filter(status=TaskResultStatus.READY).exists()

    lease = timedelta(seconds=queued.CMS_TASK_LEASE_SECONDS)
    chain.update(finished_at=timezone.now() - lease - timedelta(seconds=1))
    sweep(database_tasks=True)
    assert [result.args_kwargs["args"] for result in chain.filter(status=TaskResultStatus.READY)] == [[str(event.pk)]]
    run_queued(monkeypatch)
    event.refresh_from_db()
    assert event.completed_at is not None
