"""Turns at SQLite's one write lock for the worker's loops over many pages.

SQLite has one write lock for the whole database, and rendering a page holds it: the page
is read, rendered and written in one IMMEDIATE transaction (``renditions.refresh_page``).
A loop over pages takes the lock again microseconds after it lets it go, while any other
writer (an enquiry, a reader's feedback, an editor's save) waits in SQLite's busy handler,
which sleeps up to 100 ms between tries, and so rarely finds the lock free. Measured on the
bench's 10,000-article database while a worker rendered again the 1,003 pages that show one
call to action: 3 of 672 small writes failed with "database is locked" after the 10-second
busy timeout, and the slowest 1 % waited over 3 s. A pause longer than the busy handler's
longest sleep after each page lets in every writer that was waiting.

PostgreSQL locks rows, not the database: no pause there.
"""

from __future__ import annotations

import time

from django.db import connection

# SQLite's busy handler sleeps at most 100 ms between tries; a pause a little longer
# holds at least one try of every waiting writer.
PAUSE_SECONDS = 0.11


def let_writers_in() -> None:
    """Between two pages of a loop: on SQLite, outside any transaction (inside one the
    lock stays held, and pausing would only hold it longer), pause so that waiting
    writers take their turn."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(PAUSE_SECONDS)
