"""A task PostgreSQL chose as a deadlock's victim is run again by the worker; a task that
failed for any other reason, or that keeps losing, stays failed with its traceback."""

import io
import threading
import time

import psycopg.errors
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from content_pages.models import OutboxSequence
from content_pages.publishing import task_retries

RUNS: list[str] = []


@task()
def loses_a_race_once() -> str:
    RUNS.append("loses_a_race_once")
    if len(RUNS) == 1:
        # As Django raises it: its own OperationalError, caused by the driver's error.
        try:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        except psycopg.Error as error:
            raise OperationalError("deadlock detected") from error
    return "done"


@task()
def always_loses() -> None:
    RUNS.append("always_loses")
    try:
        raise psycopg.errors.SerializationFailure("could not serialize access")
    except psycopg.Error as error:
        raise OperationalError("could not serialize access") from error


@task()
def fails_for_good() -> None:
    RUNS.append("fails_for_good")
    raise ValueError("a page id that does not exist")


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    RUNS.clear()
    yield settings
    RUNS.clear()


# The worker closes connections between rounds, as a long-running process must; only a
# test whose database commits (not one wrapped in a transaction) survives that on PostgreSQL.
WORKER_DB = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def time_passes(result_id) -> None:
    """The wait before the next run is over."""
    DBTaskResult.objects.filter(pk=result_id).update(run_after=DBTaskResult.objects.get(pk=result_id).enqueued_at)


@WORKER_DB
def test_a_task_that_lost_a_race_runs_again_and_succeeds(queued_tasks, caplog):
    result = loses_a_race_once.enqueue()
    run_worker()
    queued = DBTaskResult.objects.get(pk=result.id)
    # Queued again, a moment later (not at once: the other side of the race goes first).
    assert queued.status == TaskResultStatus.READY
    assert len(queued.worker_ids) == 1
    assert "psycopg.errors.DeadlockDetected" in queued.traceback
    assert any(
        "lost a race in the database (psycopg.errors.DeadlockDetected); queued again, run 2 of 3" in message
        for message in caplog.messages
    )
    time_passes(result.id)
    run_worker()
    done = DBTaskResult.objects.get(pk=result.id)
    assert done.status == TaskResultStatus.SUCCESSFUL
    assert done.return_value == "done"
    assert done.traceback == ""
    assert len(done.worker_ids) == 2
    assert RUNS == ["loses_a_race_once"] * 2


@WORKER_DB
def test_a_task_that_keeps_losing_is_left_failed(queued_tasks, caplog):
    result = always_loses.enqueue()
    for _run in range(task_retries.ATTEMPTS + 1):
        run_worker()
        time_passes(result.id)
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert RUNS == ["always_loses"] * task_retries.ATTEMPTS
    assert "psycopg.errors.SerializationFailure" in failed.traceback
    assert any(f"lost a race in the database {task_retries.ATTEMPTS} times; left failed" in m for m in caplog.messages)


@WORKER_DB
def test_any_other_failure_is_not_run_again(queued_tasks):
    result = fails_for_good.enqueue()
    run_worker()
    time_passes(result.id)
    run_worker()
    failed = DBTaskResult.objects.get(pk=result.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.ValueError"
    assert RUNS == ["fails_for_good"]


def test_only_the_database_races_count_as_transient():
    assert task_retries.transient_error("psycopg.errors.DeadlockDetected: deadlock detected\n") == (
        "psycopg.errors.DeadlockDetected"
    )
    assert task_retries.transient_error("ValueError: psycopg.errors.DeadlockDetected: quoted in a message\n") is None
    assert task_retries.transient_error("psycopg.errors.UniqueViolation: duplicate key\n") is None


# --- a real deadlock, on PostgreSQL ---------------------------------------------------

FIRST, SECOND = 9001, 9002
first_locked = threading.Event()
second_locked = threading.Event()


@task()
def takes_part_in_a_deadlock() -> None:
    """Locks FIRST, then wants SECOND, which the other side holds while it wants FIRST."""
    RUNS.append("takes_part_in_a_deadlock")
    with transaction.atomic():
        OutboxSequence.objects.select_for_update().get(pk=FIRST)
        if len(RUNS) == 1:
            first_locked.set()
            assert second_locked.wait(10)
            OutboxSequence.objects.select_for_update().get(pk=SECOND)


def other_side() -> None:
    try:
        with transaction.atomic():
            OutboxSequence.objects.select_for_update().get(pk=SECOND)
            second_locked.set()
            assert first_locked.wait(10)
            # The task waits first, so PostgreSQL's deadlock check (deadlock_timeout after
            # a wait begins) finds the deadlock on the task's side and aborts the task.
            time.sleep(0.5)
            OutboxSequence.objects.select_for_update().get(pk=FIRST)
    finally:
        connection.close()


@WORKER_DB
def test_a_real_deadlock_victim_is_run_again(queued_tasks):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL breaks deadlocks by aborting a transaction; SQLite has one writer at a time")
    first_locked.clear()
    second_locked.clear()
    OutboxSequence.objects.bulk_create([OutboxSequence(pk=FIRST), OutboxSequence(pk=SECOND)])
    result = takes_part_in_a_deadlock.enqueue()
    side = threading.Thread(target=other_side)
    side.start()
    run_worker()
    side.join(30)
    aborted = DBTaskResult.objects.get(pk=result.id)
    assert aborted.status == TaskResultStatus.READY
    assert "psycopg.errors.DeadlockDetected" in aborted.traceback
    time_passes(result.id)
    run_worker()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert RUNS == ["takes_part_in_a_deadlock"] * 2
