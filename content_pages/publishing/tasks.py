"""Background tasks (django-tasks): rendering and delivery run in a worker when one is
configured (``manage.py db_worker``), inside the request otherwise.

Every task is safe to run twice: a worker killed mid-task has its task run again
(``publishing/worker.py``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from content_pages.models import OutboxEvent
from content_pages.publishing import media, renditions
from content_pages.publishing.outbox.complete import complete_event, pages_per_task
from content_pages.publishing.webhooks.delivery import deliver_due


@task()
def refresh_page_renditions(page_id: int) -> None:
    renditions.refresh_page(page_id)


@task()
def complete_event_task(event_id: str, start: int = 0) -> None:
    """``pages_per_task()`` of the event's pages from ``start``, then the next task for the
    rest; the last one completes the event and delivers it. A worker stopped in between
    leaves this task running (run again after its lease) or the next one queued; an event
    left with neither is queued again by the sweep (``restart_lost_chain``)."""
    step = complete_event(event_id, start, None if runs_inline() else pages_per_task())
    if step.next_start is not None:
        queue_next(event_id, step.next_start)
    elif step.event is not None:
        deliver_due(event_id=event_id)


def runs_inline() -> bool:
    """Tasks run inside the request that enqueues them (development, tests): batches
    would only nest one call in another, so one call renders every page."""
    return isinstance(complete_event_task.get_backend(), ImmediateBackend)


def event_tasks(event_id: str) -> QuerySet[DBTaskResult[..., Any]]:
    """The event's tasks, by their first argument."""
    return DBTaskResult.objects.filter(task_path=complete_event_task.module_path, args_kwargs__args__0=event_id)


def _locked(event_id: str, *, skip_locked: bool = False) -> bool:
    """The incomplete event's row, locked until the transaction ends (SQLite's
    transactions take the database's write lock as they begin): two workers that decide
    whether to queue a task for it decide one after the other."""
    rows = OutboxEvent.objects.select_for_update(skip_locked=skip_locked).filter(pk=event_id, completed_at__isnull=True)
    return bool(list(rows.values_list("pk", flat=True)))


def queue_next(event_id: str, start: int) -> None:
    """The task for the event's pages from ``start``, unless it is queued, running or done
    already: a task run a second time (its worker killed after it queued the next, or
    still running past its lease) starts no second chain beside the first."""
    with transaction.atomic():
        statuses = (TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.SUCCESSFUL)
        queued = event_tasks(event_id).filter(args_kwargs__args__1=start, status__in=statuses)
        if _locked(event_id) and not queued.exists():
            complete_event_task.enqueue(event_id, start)


def restart_lost_chain(event_id: str) -> bool:
    """Queue the event's first task again when none of its tasks is queued or running: the
    process died between the event's commit and queueing it, or the queue lost it, or a
    task of it failed (a database that stayed down past the retries). After a failure only
    once ``CMS_TASK_LEASE_SECONDS`` have passed, so that a page that fails every time is
    tried again every few minutes rather than at every sweep; its error is in the
    worker's log each time."""
    chain = event_tasks(event_id)
    with transaction.atomic():
        if not _locked(event_id, skip_locked=True):
            return False
        if chain.filter(status__in=(TaskResultStatus.READY, TaskResultStatus.RUNNING)).exists():
            return False
        recently = timezone.now() - timedelta(seconds=settings.CMS_TASK_LEASE_SECONDS)
        if chain.filter(status=TaskResultStatus.FAILED, finished_at__gte=recently).exists():
            return False
        complete_event_task.enqueue(event_id)
    return True


@task()
def complete_events_task(event_ids: list[str]) -> None:
    """The events of one batch of a subtree's pages (``publishing/visibility``): one task
    instead of one per page (each event names one page)."""
    for event_id in event_ids:
        if complete_event(event_id).event is not None:
            deliver_due(event_id=event_id)


@task()
def make_image_renditions(image_id: int) -> None:
    media.image_saved(image_id)


@task()
def deliver_event_task(event_id: str) -> None:
    """Send the deliveries of an event completed in its own transaction (``feedback.received``)."""
    deliver_due(event_id=event_id)
