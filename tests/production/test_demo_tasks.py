"""Loading the demo leaves no failing task behind (issue 19): with production settings the demo
load queues its background work (search and reference index, handout renders) for the worker;
every task it queued must succeed, including those of Wagtail's welcome page, which the loader
replaces and deletes (its index tasks used to fail with DoesNotExist tracebacks)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.production


def test_the_worker_finishes_every_task_the_demo_load_queued(database):
    queued = database.rows("select count(*) from django_tasks_database_dbtaskresult")[0][0]
    assert queued > 0  # the demo load did queue work (else this test would prove nothing)
    database.manage("run_worker", "--batch", "--queue-name=*", "--no-startup-delay", timeout=900)
    by_status = dict(
        database.rows(
            "select status, count(*) from django_tasks_database_dbtaskresult group by status"
        )
    )
    failed = database.rows(
        "select task_path, args_kwargs::text from django_tasks_database_dbtaskresult "
        "where status = 'FAILED'"
    )
    assert failed == [], failed
    assert by_status.get("SUCCESSFUL", 0) >= queued
