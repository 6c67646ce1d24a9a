"""Reach: how often each page is read, counted without tracking and off the request path.

A request handler only calls ``count_read``, which adds one to a counter in this process's
memory (a dictionary under a lock: no I/O, no query). A daemon thread, started by the first
count in each process, writes everything counted since its last turn every
``CMS_REACH_FLUSH_SECONDS`` in one batched upsert (``INSERT … SELECT … ON CONFLICT … DO
UPDATE SET reads = reads + excluded.reads``, the same on PostgreSQL and SQLite ≥ 3.24), and
``atexit`` writes the rest when the process ends (gunicorn's graceful shutdown and its
worker restarts run it). A process killed outright loses at most one interval of counts.

Why not count in Redis when ``CMS_CACHE_URL`` is set: a write per read to a shared server is
the cost this avoids, and the totals are the same once every process has flushed; the
database row is the one place the numbers live, with or without Redis.

The upsert joins the counts to the live pages, so counts for a page deleted or unpublished
meanwhile (or an id no page ever had: the beacon cannot check one without a query) are
dropped in the same statement. A flush that fails keeps its counts for the next one; the
memory held is bounded by ``MAX_PENDING`` distinct (page, language, channel, day) keys,
beyond which new keys are dropped and the number dropped is logged, with nothing else.

The other writer of the table is ``publishing.deliveries``: messages bots report having
sent, one upsert per report (a bot's call, not a reader's request).
"""

from __future__ import annotations

import atexit
import datetime
import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from wagtail.models import Page

from content_pages.models import PageReach

logger = logging.getLogger(__name__)

# (page id, language, channel, UTC day)
Key = tuple[int, str, str, datetime.date]
# Distinct keys held in memory at most: thousands of pages × languages × channels fit, and
# a flood of made-up page ids sent to the beacon cannot grow a process without bound.
MAX_PENDING = 20_000
# Rows per statement: 5 parameters each, well under SQLite's 32,766 (and PostgreSQL's 65,535).
ROWS_PER_STATEMENT = 1_000


class _State:
    """This process's counts and flusher; renewed in a forked child (``_after_fork``)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()
        self.pending: dict[Key, int] = {}
        self.dropped = 0
        self.flusher: threading.Thread | None = None
        self.stop = threading.Event()


class _Process:
    """What this process holds: its state (replaced whole by ``reset`` and after a fork)
    and whether its exit flush is registered."""

    def __init__(self) -> None:
        self.state = _State()
        self.exit_registered = False


_here = _Process()


def today() -> datetime.date:
    """The day reads are counted in: the UTC date, whatever the site's time zone."""
    return datetime.datetime.now(datetime.UTC).date()


def count_read(page_id: int, language: str, channel: str) -> None:
    """One read of ``page_id`` in ``language`` on ``channel``: kept in memory until the next flush."""
    key = (page_id, language, channel, today())
    state = _here.state
    with state.lock:
        if key in state.pending:
            state.pending[key] += 1
        elif len(state.pending) < MAX_PENDING:
            state.pending[key] = 1
        else:
            state.dropped += 1
    if state.flusher is None:
        _start_flusher(state)


def pending() -> dict[Key, int]:
    """A copy of what this process has counted and not yet written (for tests and checks)."""
    state = _here.state
    with state.lock:
        return dict(state.pending)


def flush() -> int:
    """Write what was counted since the last flush; how many (page, language, channel, day)
    rows that touched. On a database error the counts are kept for the next flush."""
    state = _here.state
    with state.flush_lock:
        with state.lock:
            batch, state.pending = state.pending, {}
            dropped, state.dropped = state.dropped, 0
        if dropped:
            logger.warning("Reach: %d reads were not counted; more than %d keys were waiting.", dropped, MAX_PENDING)
        if not batch:
            return 0
        try:
            return _upsert(batch)
        except DatabaseError as error:
            _keep(state, batch)
            logger.warning(
                "Reach: %d counts could not be written (%s); kept for the next flush.", len(batch), type(error).__name__
            )
            return 0


def reset() -> None:
    """Forget every count and stop this process's flusher (tests)."""
    old = _here.state
    old.stop.set()
    if old.flusher is not None and old.flusher is not threading.current_thread():
        old.flusher.join(timeout=5)
    _here.state = _State()


def _keep(state: _State, batch: dict[Key, int]) -> None:
    """Put a batch that could not be written back in front of what was counted meanwhile."""
    with state.lock:
        for key, reads in batch.items():
            if key in state.pending:
                state.pending[key] += reads
            elif len(state.pending) < MAX_PENDING:
                state.pending[key] = reads
            else:
                state.dropped += reads


def _upsert(batch: dict[Key, int]) -> int:
    """One statement per ``ROWS_PER_STATEMENT`` keys (normally one), in one transaction.

    ``VALUES`` rows are named ``column1…`` by both PostgreSQL and SQLite; the ``WHERE`` is
    also what lets SQLite tell the upsert's ``ON`` from a join's."""
    quote = connection.ops.quote_name
    table = quote(PageReach._meta.db_table)
    pages = quote(Page._meta.db_table)
    columns = ", ".join(quote(name) for name in ("page_id", "language", "channel", "day", "reads", "deliveries"))
    conflict = ", ".join(quote(name) for name in ("page_id", "language", "channel", "day"))
    reads = quote("reads")
    # In key order: two processes flushing the same rows lock them in the same order, so
    # PostgreSQL never has to break a deadlock between them.
    rows = [(*key, count) for key, count in sorted(batch.items())]
    written = 0
    with transaction.atomic():
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names are quoted model tables and columns
                "SELECT counted.column1, counted.column2, counted.column3, counted.column4, counted.column5, 0 "
                f"FROM (VALUES {values}) AS counted "
                f"JOIN {pages} AS page ON page.{quote('id')} = counted.column1 "
                f"WHERE page.{quote('live')} "
                f"ON CONFLICT ({conflict}) DO UPDATE SET {reads} = {table}.{reads} + excluded.{reads}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [value for row in chunk for value in row])
                written += max(cursor.rowcount, 0)
    return written


def _start_flusher(state: _State) -> None:
    """The first count in a process starts its flusher; ``CMS_REACH_FLUSH_SECONDS`` = 0 starts
    none (the test run flushes by hand)."""
    interval = float(settings.CMS_REACH_FLUSH_SECONDS)
    if interval <= 0:
        return
    with state.lock:
        if state.flusher is not None:
            return
        state.flusher = threading.Thread(target=_run, args=(state, interval), name="reach-flusher", daemon=True)
    _register_exit()
    state.flusher.start()


def _run(state: _State, interval: float) -> None:
    while not state.stop.wait(interval):
        _flush_and_close()


def _flush_and_close() -> None:
    """A flush from the thread or at exit; whatever goes wrong is logged and the loop goes
    on. The connection is closed each time: a thread's connection is not one that Django's
    request cycle would ever close, and an idle one holds a PostgreSQL slot."""
    try:
        flush()
    except Exception as error:
        logger.warning("Reach: flush failed (%s).", type(error).__name__)
    finally:
        connection.close()


def _register_exit() -> None:
    if not _here.exit_registered:
        _here.exit_registered = True
        atexit.register(_at_exit)


def _at_exit() -> None:
    _here.state.stop.set()
    _flush_and_close()


def _after_fork() -> None:
    """A forked child starts with no counts (they are its parent's to write) and no flusher
    (threads do not survive a fork); its first count starts one."""
    _here.state = _State()


os.register_at_fork(after_in_child=_after_fork)
