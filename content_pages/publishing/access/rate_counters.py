"""Shared fixed-window counters in the database, for limits that must hold across processes.

A limit counted in a per-process cache lets each gunicorn worker accept its own quota,
and Django's database cache increments by read-then-write (two workers read 4, both
write 5). Here one statement inserts the window's row or adds one to it, and returns
the new count: ``INSERT … ON CONFLICT (key, window) DO UPDATE … RETURNING``, atomic on
PostgreSQL and on SQLite ≥ 3.35 (the unique constraint serialises concurrent writers).

A window is identified by the Unix time it starts at, so rows of limits with different
window lengths can all be told apart and aged out by time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db import connection

from content_pages.models import RateCounter


@dataclass(frozen=True)
class Hit:
    """One counted event: the count in its window so far, and seconds until the window ends."""

    count: int
    window_start: int
    reset_after: int


def current_window(seconds: int, now: float | None = None) -> tuple[int, int]:
    """The start of the fixed window holding ``now``, and the seconds left in it (at least 1)."""
    moment = int(time.time() if now is None else now)
    start = moment - moment % seconds
    return start, max(1, start + seconds - moment)


def increment(key: str, window_start: int) -> int:
    """Add one to ``key``'s counter for the window starting at ``window_start``; the new count.

    One SQL statement, whatever the number of processes doing the same at once.
    """
    quote = connection.ops.quote_name
    table = quote(RateCounter._meta.db_table)
    key_column, window_column, count_column = (quote(name) for name in ("key", "window", "count"))
    sql = (
        f"INSERT INTO {table} ({key_column}, {window_column}, {count_column}) VALUES (%s, %s, 1) "  # noqa: S608 - names are quoted model columns
        f"ON CONFLICT ({key_column}, {window_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 "
        f"RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, window_start])
        row = cursor.fetchone()
    return int(row[0])


def hit(key: str, window_seconds: int) -> Hit:
    """Count one event for ``key`` in the current window of ``window_seconds``.

    The first event of a window for a key also deletes that key's earlier windows, so the
    table holds about one row per active client and limit, at the cost of one more
    statement once per client and window.
    """
    start, reset_after = current_window(window_seconds)
    count = increment(key, start)
    if count == 1:
        RateCounter.objects.filter(key=key, window__lt=start).delete()
    return Hit(count=count, window_start=start, reset_after=reset_after)


def delete_stale(older_than_seconds: int) -> int:
    """Delete every counter whose window started more than ``older_than_seconds`` ago
    (left behind by clients that never came back); ``purge_enquiries`` calls it."""
    deleted, _per_model = RateCounter.objects.filter(window__lt=int(time.time()) - older_than_seconds).delete()
    return deleted
