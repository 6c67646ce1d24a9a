"""Tasks that lost a race in the database are run again.

Several workers write beside each other and beside the editors: PostgreSQL breaks a
deadlock by aborting one of the transactions in it, and a serializable transaction that
could not commit is aborted the same way. The aborted task did nothing (its transaction
was rolled back), and every task here is safe to run twice (``publishing/tasks.py``), so
the worker queues it again a moment later instead of leaving it failed: Wagtail's own
tasks (the reference index, the search index) as much as this project's. A task that
keeps losing, or that failed for any other reason, stays failed, with its traceback.
"""

from __future__ import annotations

import logging
import random
import re
from datetime import timedelta
from typing import Any

import psycopg.errors
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

# Runs of one task in all, the first included.
ATTEMPTS = 3
# The wait before the next run grows with the runs so far, with jitter so that the two
# sides of a deadlock do not meet again at once.
FIRST_WAIT_SECONDS = 0.5

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
)
# Django wraps the driver's error in its own (django.db.utils.OperationalError), and a
# failed task keeps only its traceback, where the driver's error stands as the cause.
_TRANSIENT_LINE = re.compile(
    "^(?:{}):".format("|".join(re.escape(f"{error.__module__}.{error.__qualname__}") for error in TRANSIENT_ERRORS)),
    re.MULTILINE,
)


def transient_error(traceback: str) -> str | None:
    """The database error a failed task's traceback shows it lost a race with, if any."""
    found = _TRANSIENT_LINE.search(traceback)
    return found.group(0).rstrip(":") if found else None


def retry_if_transient(result: DBTaskResult[..., Any]) -> bool:
    """Queue ``result`` again when it failed only because it lost a race; True if queued."""
    error = transient_error(result.traceback) if result.status == TaskResultStatus.FAILED else None
    if error is None:
        return False
    runs = len(result.worker_ids)
    if runs >= ATTEMPTS:
        logger.error(
            "Task %s (%s) lost a race in the database %d times; left failed", result.pk, result.task_path, runs
        )
        return False
    wait = FIRST_WAIT_SECONDS * runs * random.uniform(1.0, 2.0)  # noqa: S311 - jitter, not a secret
    queued = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + timedelta(seconds=wait),
        started_at=None,
        finished_at=None,
    )
    if queued:
        logger.warning(
            "Task %s (%s) lost a race in the database (%s); queued again, run %d of %d",
            result.pk,
            result.task_path,
            error,
            runs + 1,
            ATTEMPTS,
        )
    return bool(queued)
