"""What the task workers leave behind so others can tell they are alive.

A worker that dies (SIGKILL, out of memory, a crash) cannot say so; the web process can
only notice that it stopped reporting. Each ``db_worker`` updates its own heartbeat row
from its claim loop, and ``/healthz/worker`` reads the newest one. Periodic jobs (Wagtail's
scheduled publishing) are claimed through a row too, so that of several workers only one
runs each round. Admin writes take a lease row (``ObjectWriteLock``) for the same reason:
the lock must hold across processes on every database.
"""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField()
    beaten_at = models.DateTimeField(db_index=True, help_text="The last time the worker's loop went round.")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class PeriodicJob(models.Model):
    name = models.CharField(max_length=64, primary_key=True)
    last_started_at = models.DateTimeField(null=True, help_text="When a worker last claimed this job.")
    last_finished_at = models.DateTimeField(null=True)
    last_error = models.CharField(max_length=200, blank=True, help_text="The exception's class only, never its text.")

    def __str__(self) -> str:
        return self.name


class ObjectWriteLock(models.Model):
    """One admin write at a time to a page or snippet, across every process (SQLite has no
    advisory locks, and a lock inside one process serialises nothing when there are two).
    A lease, not a session: a holder killed mid-save leaves a row that expires."""

    key = models.CharField(max_length=200, primary_key=True)
    holder = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key
