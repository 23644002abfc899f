"""`manage.py run_worker`: django-tasks' database worker (`db_worker`) that survives the database.

`db_worker` exits with OperationalError when PostgreSQL restarts or drops its connection, and from
then on nothing is rendered on publish and the search index is not updated. This worker, when the
database goes away, closes its connections, waits (1, 2, 4 … up to 30 s), puts back the task it was
running (claimed by it, never finished) and carries on. It takes db_worker's options."""

from __future__ import annotations

import contextlib
import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("clinic.worker")

DATABASE_DOWN = (OperationalError, InterfaceError)
MAX_BACKOFF_SECONDS = 30


def close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # a dead connection may fail to close; it is dropped
            connection.close()


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        delay = 1
        while self.running:
            try:
                self.requeue_interrupted()
                super().run()
                return
            except DATABASE_DOWN as exc:
                if not self.running:
                    return
                logger.warning(
                    "Database unavailable (%s); worker %s retries in %d s.",
                    str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                    self.worker_id,
                    delay,
                )
                close_connections()
                time.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)
            else:
                delay = 1

    def requeue_interrupted(self) -> int:
        """Tasks this worker claimed and never finished (the database went away mid-task) are made
        ready again, so a publish's render is not lost. Returns how many."""
        from django_tasks_db.compat import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        interrupted = [
            result.id
            for result in DBTaskResult.objects.running().only("id", "worker_ids")
            if result.worker_ids and result.worker_ids[-1] == self.worker_id
        ]
        if interrupted:
            DBTaskResult.objects.filter(id__in=interrupted).update(
                status=TaskResultStatus.READY, started_at=None
            )
            logger.warning("Requeued %d interrupted task(s).", len(interrupted))
        return len(interrupted)


class Command(db_worker.Command):
    help = "Run the background task worker; it survives database restarts (see module docstring)."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        worker.configure_signals()
        worker.run()
