"""Lease rows that let one admin write at a time reach a page or snippet, in any process.

A row per key names its holder and when its lease ends. Taking the lock is one insert (or
one conditional update of an expired row), committed at once so that every other process
sees it; a holder that dies leaves a row that simply expires. Waiting is bounded by
``CMS_ADMIN_WRITE_LOCK_WAIT``: a second editor hears at once that someone else is saving,
instead of holding a web worker while the first save runs.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from content_pages.models import ObjectWriteLock

logger = logging.getLogger(__name__)

_POLL_SECONDS = 0.05
# The lock table's key column: a longer key is stored as its hash.
_KEY_MAX_LENGTH = cast(int, ObjectWriteLock._meta.get_field("key").max_length)


class ObjectBusy(Exception):
    """Someone else holds the object for longer than anyone should wait."""


def _try_take(key: str, holder: str, lease: timedelta) -> bool:
    now = timezone.now()
    if ObjectWriteLock.objects.filter(key=key, expires_at__lt=now).update(holder=holder, expires_at=now + lease):
        return True  # the previous holder's lease ran out (it died, or overran)
    try:
        with transaction.atomic():
            ObjectWriteLock.objects.create(key=key, holder=holder, expires_at=now + lease)
    except IntegrityError:
        return False
    return True


def short_key(key: str) -> str:
    """Keys are kept short and uniform whatever an object's label is."""
    return key if len(key) <= _KEY_MAX_LENGTH else hashlib.blake2b(key.encode(), digest_size=32).hexdigest()


@contextmanager
def object_write_lock(key: str, wait: float | None = None) -> Iterator[None]:
    """Hold ``key`` (e.g. ``page:42``) until the block ends; ``ObjectBusy`` after ``wait``
    seconds (``CMS_ADMIN_WRITE_LOCK_WAIT`` by default) of someone else holding it."""
    key = short_key(key)
    holder = secrets.token_hex(16)
    lease = timedelta(seconds=settings.CMS_ADMIN_WRITE_LOCK_LEASE)
    deadline = time.monotonic() + (settings.CMS_ADMIN_WRITE_LOCK_WAIT if wait is None else wait)
    while not _try_take(key, holder, lease):
        if time.monotonic() >= deadline:
            raise ObjectBusy(key)
        time.sleep(_POLL_SECONDS)
    try:
        yield
    finally:
        try:
            ObjectWriteLock.objects.filter(key=key, holder=holder).delete()
        except DatabaseError:
            # The save itself is committed: its answer stands, and the lease frees the lock.
            logger.warning("Could not release the write lock %s; it frees when its lease ends", key)
