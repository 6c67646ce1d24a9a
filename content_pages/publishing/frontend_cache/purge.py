"""Sending the purge list: after commit, from the worker, in batches, tried again on failure.

``schedule`` is called inside the transaction that changes what readers get (a
rendering stored, a page withdrawn or made private); the task it enqueues on commit
runs in the worker (``manage.py db_worker``), so no editor waits for a cache, and the
cache is told only once the new rows are there to be fetched. A batch the cache refused
or did not answer is logged (how many URLs, which cache, the kind of error: no reader's
data is in a purge) and tried again ``CMS_FRONTEND_CACHE_ATTEMPTS`` times, waiting
longer each time; the publish itself is never undone by a cache.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import Task
from wagtail.contrib.frontend_cache.utils import get_backends

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 10


def enabled() -> bool:
    return bool(settings.WAGTAILFRONTENDCACHE)


def schedule(urls: Iterable[str]) -> None:
    """Purge ``urls`` once the current transaction commits (at once outside one)."""
    if not enabled():
        return
    batch = sorted(set(urls))
    if batch:
        transaction.on_commit(lambda: purge_urls_task.enqueue(batch, 1))


@task()
def purge_urls_task(urls: list[str], attempt: int) -> None:
    failed = purge(urls)
    if failed:
        _retry(purge_urls_task, failed, attempt)


def purge(urls: list[str]) -> list[str]:
    """Send ``urls`` to every configured cache in batches; the URLs of failed batches."""
    failed: list[str] = []
    size = max(settings.CMS_FRONTEND_CACHE_BATCH, 1)
    for name, backend in get_backends().items():
        for start in range(0, len(urls), size):
            batch = urls[start : start + size]
            try:
                backend.purge_batch(batch)
            except Exception as error:
                logger.warning("Purge of %d URLs from %s failed: %s", len(batch), name, error)
                failed.extend(url for url in batch if url not in failed)
    return failed


def _retry(purge_task: Task[[list[str], int], None], urls: list[str], attempt: int) -> None:
    if attempt >= settings.CMS_FRONTEND_CACHE_ATTEMPTS:
        logger.error("Purge of %d URLs given up after %d attempts", len(urls), attempt)
        return
    delay = FIRST_RETRY_SECONDS * 2 ** (attempt - 1)
    try:
        purge_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(urls, attempt + 1)
    except Exception as error:
        logger.error("Purge of %d URLs not retried: %s", len(urls), type(error).__name__)
