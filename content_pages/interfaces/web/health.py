"""``/healthz``: for load balancers and monitoring. No login, never cached, nothing personal."""

from __future__ import annotations

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from content_pages.reads.health import database_answers, oldest_queued_task_age_seconds


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
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
