"""Repairs a crash leaves behind, run by every task worker (``manage.py db_worker``).

A worker killed mid-task leaves its task RUNNING for good and may leave an event
incomplete, renditions stale or a delivery half sent. Nothing is lost, because the
outbox, the generations and the delivery rows are in the database; this sweep finds
them and finishes the work, so a restart (or any other worker) catches up. The sweep
also re-renders, at a bounded rate, the pages a previous deployment rendered
(``publishing.rerender``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from content_pages.models import ChannelRendition
from content_pages.publishing import renditions, sitemaps, translation_counts
from content_pages.publishing.outbox.complete import complete_event, incomplete_events
from content_pages.publishing.rerender import rerender_outdated
from content_pages.publishing.tasks import restart_lost_chain
from content_pages.publishing.webhooks.delivery import deliver_due
from content_pages.publishing.write_turns import WriteTurns

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    requeued: int = 0
    completed: int = 0
    refreshed: int = 0
    delivered: int = 0
    rerendered: int = 0
    counted: int = 0
    sitemaps: bool = False

    @property
    def anything(self) -> bool:
        return bool(
            self.requeued
            or self.completed
            or self.refreshed
            or self.delivered
            or self.rerendered
            or self.counted
            or self.sitemaps
        )


def requeue_abandoned(lease: timedelta) -> int:
    """Tasks left RUNNING longer than the lease by a worker that died: ready again."""
    cutoff = timezone.now() - lease
    count = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None
    )
    if count:
        logger.warning("Requeued %d task(s) abandoned by a worker that stopped", count)
    return count


def refresh_stale(limit: int = 50) -> int:
    """Pages whose renditions are older than a publish and that no task refreshed; other
    writers get their turn between two pages (``write_turns``)."""
    stale = (
        ChannelRendition.objects.filter(rendered_generation__lt=F("generation"))
        .values_list("page_id", flat=True)
        .distinct()[:limit]
    )
    page_ids = list(stale)
    turns = WriteTurns()
    for page_id in page_ids:
        turns.between_pages()
        renditions.refresh_page(page_id)
    return len(page_ids)


def complete_incomplete(*, database_tasks: bool) -> int:
    """Events a crash or a lost task left incomplete. With a task queue, an event whose
    task is queued or running is left to it, and one with none gets its first task again
    (``tasks.restart_lost_chain``): each event is rendered by one chain of tasks at a
    time, however many pages it names and however many workers sweep. Without one (the
    immediate backend) the event is completed here. The events this sweep completed."""
    completed = 0
    for event_id in incomplete_events(timedelta(seconds=settings.CMS_OUTBOX_GRACE_SECONDS)):
        if database_tasks:
            restart_lost_chain(event_id)
        elif complete_event(event_id).event is not None:
            completed += 1
    return completed


def sweep(*, database_tasks: bool) -> SweepReport:
    report = SweepReport()
    if database_tasks:
        report.requeued = requeue_abandoned(timedelta(seconds=settings.CMS_TASK_LEASE_SECONDS))
    report.completed = complete_incomplete(database_tasks=database_tasks)
    report.refreshed = refresh_stale()
    report.delivered = deliver_due()
    report.sitemaps = sitemaps.refresh_if_stale()
    # Last: publishes and deliveries come before the background pass after a deployment.
    report.rerendered = rerender_outdated()
    # Translators' views read stored counts; pages changed since are counted here.
    report.counted = translation_counts.count_outdated()
    return report
