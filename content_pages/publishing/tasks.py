"""Background tasks (django-tasks): rendering and delivery run in a worker when one is
configured (``manage.py db_worker``), inside the request otherwise.

Every task is safe to run twice: a worker killed mid-task has its task run again
(``publishing/worker.py``).
"""

from __future__ import annotations

from django_tasks import task

from content_pages.publishing import media, renditions
from content_pages.publishing.outbox.complete import complete_event
from content_pages.publishing.webhooks.delivery import deliver_due


@task()
def refresh_page_renditions(page_id: int) -> None:
    renditions.refresh_page(page_id)


@task()
def complete_event_task(event_id: str) -> None:
    if complete_event(event_id) is not None:
        deliver_due(event_id=event_id)


@task()
def complete_events_task(event_ids: list[str]) -> None:
    """The events of one batch of a subtree's pages (``publishing/visibility``): one task
    instead of one per page."""
    for event_id in event_ids:
        if complete_event(event_id) is not None:
            deliver_due(event_id=event_id)


@task()
def make_image_renditions(image_id: int) -> None:
    media.image_saved(image_id)


@task()
def deliver_event_task(event_id: str) -> None:
    """Send the deliveries of an event completed in its own transaction (``feedback.received``)."""
    deliver_due(event_id=event_id)
