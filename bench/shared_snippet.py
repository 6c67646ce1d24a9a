"""A call to action shown by 1,000 articles, published as an editor does, and the time a real
worker (`manage.py db_worker`) takes to store all of them again.

The publish runs with the production task queue (the database backend): the editor's
request marks every page's renditions stale and queues one task; the worker then renders
the pages in a chain of tasks, ``CMS_EVENT_PAGES_PER_TASK`` pages each. Meanwhile a
reader of a page not yet re-rendered gets the new text (rendered on the request), which
this step checks on the last page of the list before the worker starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from django.db.models import F
from django.test import Client, override_settings

from bench.measure import timed

PROJECT = Path(__file__).resolve().parent.parent
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# What the editor appends to the heading: a change every page shows.
CHANGE = " today"
# The worker is stopped if the pages are not all stored by then.
TIMEOUT_SECONDS = 1800


def stale_rows(page_ids: list[int]) -> int:
    from content_pages.models import ChannelRendition

    return ChannelRendition.objects.filter(page_id__in=page_ids, rendered_generation__lt=F("generation")).count()


def publish_and_store(snippet: Any, user: Any, log: Path) -> dict[str, Any]:
    """Publish ``snippet`` with its heading changed, then run a worker until every page that
    shows it is stored again; the figures of both."""
    from django.conf import settings

    from content_pages.models import OutboxEvent
    from content_pages.publishing import renditions
    from content_pages.publishing.tasks import event_tasks

    pages = renditions.dependent_page_ids(snippet)
    draft = snippet.get_latest_revision_as_object()
    draft.heading_en = draft.heading_en + CHANGE
    revision = draft.save_revision(user=user)
    with override_settings(TASKS=DATABASE_TASKS):
        _result, seconds, queries = timed(partial(revision.publish, user=user))
    event = OutboxEvent.objects.filter(type="snippet.published", object_id=str(snippet.pk)).latest("occurred_at")
    stale_after_publish = stale_rows(pages)
    # A page the worker reaches last, read before the worker starts: the new heading.
    body = Client().get(f"/api/v2/pages/{pages[-1]}/?lang=en").content.decode()
    reader_saw_change = draft.heading_en in body

    environment = {**os.environ, "BENCH_TASKS": "database"}
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        worker = subprocess.Popen(  # noqa: S603 this interpreter, this project's manage.py
            [sys.executable, str(PROJECT / "manage.py"), "db_worker", "--batch"],
            cwd=PROJECT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        stored_seconds = None
        while time.perf_counter() - started < TIMEOUT_SECONDS:
            event.refresh_from_db(fields=["completed_at"])
            if event.completed_at is not None and stale_rows(pages) == 0:
                stored_seconds = time.perf_counter() - started
                break
            if worker.poll() is not None and stale_rows(pages) and event.completed_at is None:
                break
            time.sleep(0.25)
        worker.terminate()
        worker.wait(timeout=60)
    tasks = event_tasks(str(event.pk)).count()
    return {
        "snippet": f"{type(snippet).__name__} {snippet.pk}",
        "pages": len(pages),
        "publish_seconds": seconds,
        "publish_queries": queries,
        "stale_rows_after_publish": stale_after_publish,
        "reader_saw_change_before_worker": reader_saw_change,
        "stored_seconds": stored_seconds,
        "pages_per_second": round(len(pages) / stored_seconds, 1) if stored_seconds else None,
        "tasks": tasks,
        "pages_per_task": settings.CMS_EVENT_PAGES_PER_TASK,
        "stale_rows_after_worker": stale_rows(pages),
    }
