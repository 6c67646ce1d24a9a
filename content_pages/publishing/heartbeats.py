"""The worker's own records: its heartbeat, and the claim on a periodic job.

Both are single-row writes outside any other transaction, so that a worker busy with a
locked database only loses a beat, never a task.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from content_pages.models import PeriodicJob, WorkerHeartbeat

logger = logging.getLogger(__name__)

# Rows of workers gone this long are removed (a restart makes a new worker id).
FORGET_AFTER = timedelta(days=1)


def beat(worker_id: str) -> None:
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beaten_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"beaten_at": now},
            create_defaults={
                "beaten_at": now,
                "started_at": now,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )


def stopped(worker_id: str) -> None:
    """A worker that stops on purpose leaves no heartbeat to go stale."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def forget_gone_workers() -> int:
    deleted, _ = WorkerHeartbeat.objects.filter(beaten_at__lt=timezone.now() - FORGET_AFTER).delete()
    return deleted


def claim_periodic(name: str, every: timedelta) -> bool:
    """True for exactly one caller per ``every`` across all workers: a conditional update
    is atomic on SQLite and PostgreSQL alike."""
    now = timezone.now()
    PeriodicJob.objects.get_or_create(name=name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - every)
    return PeriodicJob.objects.filter(due, name=name).update(last_started_at=now) == 1


def run_periodic(name: str, every: timedelta, job: Callable[[], None]) -> bool:
    """Run ``job`` if this worker claimed this round of it; records how it ended."""
    if not claim_periodic(name, every):
        return False
    error = ""
    try:
        job()
    except Exception as exc:
        error = type(exc).__name__
        logger.exception("Periodic job %s failed; the next round runs it again", name)
    PeriodicJob.objects.filter(name=name).update(last_finished_at=timezone.now(), last_error=error)
    return True
