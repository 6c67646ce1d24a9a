"""Turns at SQLite's one write lock for loops that render many pages.

SQLite has one write lock for the whole database, and rendering a page holds it: the page
is read, rendered and written in one IMMEDIATE transaction (``renditions.refresh_page``).
A loop over pages takes the lock again microseconds after it lets it go, while any other
writer (an enquiry, a reader's feedback, an editor's save) waits in SQLite's busy handler,
which sleeps up to 100 ms between tries, and so rarely finds the lock free. Measured on the
bench's 10,000-article database while a worker rendered again the 1,003 pages that show one
call to action: 3 of 672 small writes failed with "database is locked" after the 10-second
busy timeout, and the slowest 1 % waited over 3 s.

So between two pages the loop pauses for longer than the busy handler's longest sleep,
which holds at least one try of every waiting writer: 0 of 917 writes failed (p99 0.33 s).
Pausing only after half a second of rendering (``HOLD_SECONDS = 0.5``) cost a fifth of the
time instead of more than half, but 1 of 238 writes still failed after the timeout and the
slowest waited 6.6 s, so the pause comes before every page but the first. PostgreSQL locks
rows, not the database: no pause there.
"""

from __future__ import annotations

import time

from django.db import connection

# SQLite's busy handler sleeps at most 100 ms between tries; a pause a little longer
# holds at least one try of every waiting writer.
PAUSE_SECONDS = 0.11
# How long a loop may render before it pauses (above: none).
HOLD_SECONDS = 0.0


class WriteTurns:
    """One loop's turns: call ``between_pages()`` before each page."""

    def __init__(self) -> None:
        self._since: float | None = None

    def between_pages(self) -> None:
        """Before each page. On SQLite, outside any transaction (inside one the lock stays
        held, and pausing would only hold it longer), pause once the loop has rendered for
        ``HOLD_SECONDS``; never before the first page."""
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return
        if self._since is None:
            self._since = time.monotonic()
            return
        if time.monotonic() - self._since < HOLD_SECONDS:
            return
        time.sleep(PAUSE_SECONDS)
        self._since = time.monotonic()
