"""What the health checks read: whether the database answers, the background queue's lag,
and when a task worker last reported."""

from __future__ import annotations

import datetime

from django.db import DatabaseError, connection
from django.db.models import Max
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from content_pages.models import WorkerHeartbeat


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def oldest_queued_task_age_seconds() -> int | None:
    """Seconds since the oldest task still waiting for a worker was enqueued; None when none waits."""
    oldest = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    if oldest is None:
        return None
    return max(0, int((timezone.now() - oldest).total_seconds()))


def last_heartbeat_age_seconds() -> float | None:
    """Seconds since any worker last went round its loop; None when no worker ever reported."""
    newest: datetime.datetime | None = WorkerHeartbeat.objects.aggregate(newest=Max("beaten_at"))["newest"]
    if newest is None:
        return None
    return max(0.0, (timezone.now() - newest).total_seconds())
