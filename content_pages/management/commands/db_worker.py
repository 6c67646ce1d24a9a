"""``manage.py db_worker``: django-tasks-db's worker, plus the repairs of ``publishing.worker``.

The worker of django-tasks-db runs tasks; a task whose worker was killed stays RUNNING
for ever there. This command runs the same worker and, every
``CMS_WORKER_SWEEP_SECONDS``, a sweep that runs such tasks again, completes events,
refreshes stale renditions and sends due webhook retries. With ``--batch`` it works
until nothing is left to do now, then exits.

When tasks run inside requests (the immediate backend of development and tests) there is
no queue: the command then only sweeps, which is what retries webhook deliveries there.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import task_backends
from django_tasks_db.management.commands import db_worker

from content_pages.publishing.worker import sweep

# A batch run stops after this many rounds even if work keeps appearing (a receiver
# that fails at once, on a schedule of zeros, is retried this often at most).
MAX_BATCH_ROUNDS = 50


class SweepingWorker(db_worker.Worker):
    def __init__(self, *, database_tasks: bool, **options: Any) -> None:
        super().__init__(**options)
        self.database_tasks = database_tasks

    def run(self) -> None:
        if self.batch:
            self._run_batch()
            return
        threading.Thread(target=self._sweep_forever, name="sweep", daemon=True).start()
        if self.database_tasks:
            super().run()
        else:
            while self.running:
                time.sleep(self.interval or 1)

    def _run_batch(self) -> None:
        for _round in range(MAX_BATCH_ROUNDS):
            did_sweep = sweep(database_tasks=self.database_tasks).anything
            ran_before = self._run_tasks
            if self.database_tasks:
                super().run()
            if not did_sweep and self._run_tasks == ran_before:
                return

    def _sweep_forever(self) -> None:
        while self.running:
            try:
                sweep(database_tasks=self.database_tasks)
            except Exception:
                db_worker.logger.exception("Sweep failed; trying again in %ss", settings.CMS_WORKER_SWEEP_SECONDS)
            finally:
                close_old_connections()
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
