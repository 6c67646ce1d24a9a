"""``manage.py db_worker``: django-tasks-db's worker, made to survive, plus the repairs of
``publishing.worker`` and Wagtail's scheduled publishing.

django-tasks-db's claim loop lets a database error escape (only "database is locked"
inside the claim is caught), and one uncaught ``OperationalError`` ended the process while
tasks kept queueing. This command runs its own loop instead: the same claim and the same
``run_task`` of django-tasks-db 0.13.0 (pinned, because this loop copies its claim), with
every round guarded: an error is logged, the worker waits (doubling up to
``CMS_WORKER_MAX_BACKOFF_SECONDS``) and tries again. A task whose completion could not be
recorded stays RUNNING and the sweep runs it again after ``CMS_TASK_LEASE_SECONDS``; a task
that lost a race in the database (a deadlock's victim) is queued again a moment later
(``publishing.task_retries``).

Each round also records a heartbeat (at most every ``CMS_WORKER_HEARTBEAT_SECONDS``), which
``/healthz/worker`` reads. Beside the loop, a thread sweeps every ``CMS_WORKER_SWEEP_SECONDS``
(re-runs abandoned tasks, completes events, refreshes stale renditions, sends due webhook
retries) and, every ``CMS_SCHEDULED_PUBLISHING_SECONDS``, one worker of all runs Wagtail's
``publish_scheduled`` (go-live and expiry); hourly, one blanks readers' comments past
their retention period. With ``--batch`` it works until nothing is left
to do now, then exits.

When tasks run inside requests (the immediate backend of development and tests) there is
no queue: the command then only sweeps and beats, which is what retries webhook deliveries
there.
"""

from __future__ import annotations

import io
import os
import random
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_backends
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from content_pages.publishing.feedback import purge_comments
from content_pages.publishing.heartbeats import beat, forget_gone_workers, run_periodic, stopped
from content_pages.publishing.task_retries import retry_if_transient
from content_pages.publishing.worker import sweep

logger = db_worker.logger

# A batch run stops after this many rounds even if work keeps appearing (a receiver
# that fails at once, on a schedule of zeros, is retried this often at most).
MAX_BATCH_ROUNDS = 50
# A batch run (a deploy step, a cron job) gives up after this many database errors in a
# row rather than wait for ever; a long-running worker never gives up.
MAX_BATCH_ERRORS = 5
FIRST_BACKOFF_SECONDS = 0.5


def publish_scheduled() -> None:
    """Wagtail's own go-live and expiry, exactly as its management command runs them."""
    call_command("publish_scheduled", stdout=io.StringIO())
    forget_gone_workers()


# Readers' comments past their retention period are blanked by one worker of all, hourly,
# so that the retention holds without a cron job (``manage.py purge_feedback`` does the same).
FEEDBACK_PURGE_EVERY = timedelta(hours=1)


def purge_old_comments() -> None:
    purge_comments(settings.CMS_FEEDBACK_RETENTION_DAYS)


def _close_connections() -> None:
    """Closing a connection the database already dropped can raise too; no loop may die of it."""
    try:
        close_old_connections()
    except DatabaseError as error:
        logger.warning("Closing database connections failed (%s)", _describe(error))


def _describe(error: BaseException) -> str:
    # The first line names the problem ("database is locked"); later lines of a
    # PostgreSQL error may quote row values, which stay out of the log.
    first = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {first[:200]}"


class SweepingWorker(db_worker.Worker):
    def __init__(self, *, database_tasks: bool, **options: Any) -> None:
        super().__init__(**options)
        self.database_tasks = database_tasks
        self._last_beat = float("-inf")
        self._backoff = 0.0
        self._errors_in_a_row = 0

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.batch:
            try:
                self._run_batch()
            finally:
                self._guarded(lambda: stopped(self.worker_id))
            return
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 - spreads workers started together
        threading.Thread(target=self._sweep_forever, name="sweep", daemon=True).start()
        try:
            if self.database_tasks:
                self._claim_loop()
            else:
                while self.running:
                    self._guarded(self._beat)
                    time.sleep(self.interval or 1)
        finally:
            self._guarded(lambda: stopped(self.worker_id))

    # --- the claim loop (django-tasks-db 0.13.0's Worker.run, every round guarded) ----

    def _claim_loop(self) -> None:
        while self.running:
            outcome = self._guarded(self._round)
            if outcome is None:  # an error: _guarded has waited, try again
                continue
            retrieved, task_result = outcome
            if self.batch and retrieved and task_result is None:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            _close_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def _round(self) -> tuple[bool, DBTaskResult[..., Any] | None]:
        close_old_connections()
        self._beat()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is not None:
            self.run_task(task_result)
            retry_if_transient(task_result)
        return True, task_result

    def _beat(self) -> None:
        now = time.monotonic()
        if now - self._last_beat >= settings.CMS_WORKER_HEARTBEAT_SECONDS:
            beat(self.worker_id)
            self._last_beat = now

    def _guarded(self, work: Any) -> Any:
        """Run one round; on any error log it, back off, and return None."""
        try:
            result = work()
        except DatabaseError as error:
            self._failed(error, expected=True)
            return None
        except Exception as error:
            self._failed(error, expected=False)
            return None
        self._backoff = 0.0
        self._errors_in_a_row = 0
        return result

    def _failed(self, error: Exception, *, expected: bool) -> None:
        self._errors_in_a_row += 1
        self._backoff = min(
            max(self._backoff * 2, FIRST_BACKOFF_SECONDS, self.interval), settings.CMS_WORKER_MAX_BACKOFF_SECONDS
        )
        message = "Worker round failed (%s); trying again in %.1f s"
        if expected:
            logger.warning(message, _describe(error), self._backoff)
        else:
            logger.exception(message, _describe(error), self._backoff)
        # A connection left in a failed transaction would fail every later round.
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                pass
        if self.batch and self._errors_in_a_row >= MAX_BATCH_ERRORS:
            raise CommandError(f"Giving up after {MAX_BATCH_ERRORS} database errors in a row") from error
        if self.running:
            time.sleep(self._backoff)

    # --- batch runs and the sweep -------------------------------------------------------

    def _run_batch(self) -> None:
        for _round in range(MAX_BATCH_ROUNDS):
            report = self._guarded(lambda: sweep(database_tasks=self.database_tasks))
            self._guarded(self._scheduled)
            ran_before = self._run_tasks
            if self.database_tasks:
                self._claim_loop()
            if report is not None and not report.anything and self._run_tasks == ran_before:
                return

    def _scheduled(self) -> None:
        run_periodic(
            "publish_scheduled", timedelta(seconds=settings.CMS_SCHEDULED_PUBLISHING_SECONDS), publish_scheduled
        )
        run_periodic("purge_feedback", FEEDBACK_PURGE_EVERY, purge_old_comments)

    def _sweep_forever(self) -> None:
        while self.running:
            for work in (lambda: sweep(database_tasks=self.database_tasks), self._scheduled):
                try:
                    work()
                except Exception as error:
                    logger.warning(
                        "Sweep failed (%s); trying again in %ss", _describe(error), settings.CMS_WORKER_SWEEP_SECONDS
                    )
                finally:
                    _close_connections()
            time.sleep(settings.CMS_WORKER_SWEEP_SECONDS)


class Command(db_worker.Command):
    help = db_worker.Command.help + "; also re-runs abandoned tasks, completes events and retries webhooks"

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        # Accept any backend: with the immediate one there is no queue, only the sweep.
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        database_tasks = isinstance(task_backends[options["backend_name"]], DatabaseBackend)
        if not database_tasks:
            self.stdout.write(
                "Tasks run inside requests here (immediate backend): this worker only sweeps "
                "(webhook retries, stale renditions, incomplete events)."
            )
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        queue_names = options["queue_name"].split(",")
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SweepingWorker(
            database_tasks=database_tasks,
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child, which runs the worker
            run_with_reloader(worker.run)
        elif options["batch"]:
            worker.run()  # short-lived: Ctrl+C simply stops it, and the sweep repairs the rest
        else:
            worker.configure_signals()
            worker.run()
