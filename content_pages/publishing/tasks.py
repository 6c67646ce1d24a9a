"""Background tasks (django-tasks): rendering and delivery run in a worker when one is
configured (``manage.py db_worker``), inside the request otherwise.

Every task is safe to run twice: a worker killed mid-task has its task run again
(``publishing/worker.py``).
"""

from __future__ import annotations

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from content_pages.publishing import media, renditions
from content_pages.publishing.outbox.complete import Step, complete_event, pages_per_task
from content_pages.publishing.webhooks.delivery import deliver_due


@task()
def refresh_page_renditions(page_id: int) -> None:
    renditions.refresh_page(page_id)


@task()
def complete_event_task(event_id: str, start: int = 0) -> None:
    """``pages_per_task()`` of the event's pages from ``start``, then the next task for the
    rest; the last one completes the event and delivers it. A worker stopped in between
    leaves this task running or the next one queued, which the sweep takes up again
    (``worker.complete_incomplete``)."""
    continue_event(event_id, complete_event(event_id, start, None if runs_inline() else pages_per_task()))


def continue_event(event_id: str, step: Step) -> None:
    if step.next_start is not None:
        complete_event_task.enqueue(event_id, step.next_start)
    elif step.event is not None:
        deliver_due(event_id=event_id)


def runs_inline() -> bool:
    """Tasks run inside the request that enqueues them (development, tests): batches
    would only nest one call in another, so one call renders every page."""
    return isinstance(complete_event_task.get_backend(), ImmediateBackend)


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
