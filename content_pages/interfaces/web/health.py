"""Health checks. No login, never cached, nothing personal.

``/healthz`` is the web process's own health, for load balancers: it fails only when this
process cannot reach the database, so a stopped worker never takes the site out of
rotation. ``/healthz/worker`` is for monitoring the background work: it fails, saying why,
when tasks wait and no worker has reported within ``CMS_WORKER_HEARTBEAT_TIMEOUT``, or when
the oldest waiting task is older than ``CMS_WORKER_QUEUE_AGE_LIMIT``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from content_pages.reads.health import database_answers, last_heartbeat_age_seconds, oldest_queued_task_age_seconds


@never_cache
@require_safe
def healthz(_request: HttpRequest) -> JsonResponse:
    database_ok = database_answers()
    age: int | None = None
    if database_ok:
        try:
            age = oldest_queued_task_age_seconds()
        except DatabaseError:
            # The queue's table missing or unreadable is not the database being down.
            age = None
    return JsonResponse(
        {
            "status": "ok" if database_ok else "error",
            "database": "ok" if database_ok else "error",
            "oldest_queued_task_age_seconds": age,
        },
        status=200 if database_ok else 503,
    )


@never_cache
@require_safe
def healthz_worker(_request: HttpRequest) -> JsonResponse:
    try:
        queue_age = oldest_queued_task_age_seconds()
        beat_age = last_heartbeat_age_seconds()
    except DatabaseError:
        return JsonResponse({"status": "error", "reason": "the database does not answer"}, status=503)
    timeout = settings.CMS_WORKER_HEARTBEAT_TIMEOUT
    limit = settings.CMS_WORKER_QUEUE_AGE_LIMIT
    reason = ""
    if queue_age is not None and (beat_age is None or beat_age > timeout):
        heard = "never" if beat_age is None else f"{beat_age:.0f} s ago"
        reason = f"tasks are waiting and no worker has reported within {timeout:g} s (last heard: {heard})"
    elif queue_age is not None and queue_age > limit:
        reason = f"the oldest waiting task has waited {queue_age} s, more than {limit:g} s"
    body = {
        "status": "error" if reason else "ok",
        "reason": reason or None,
        "last_heartbeat_age_seconds": None if beat_age is None else round(beat_age, 1),
        "oldest_queued_task_age_seconds": queue_age,
        "heartbeat_timeout_seconds": timeout,
        "queue_age_limit_seconds": limit,
    }
    return JsonResponse(body, status=503 if reason else 200)
