"""`manage.py run_scheduler`: runs Wagtail's `publish_scheduled` every minute, for ever.

Wagtail publishes and unpublishes pages at their scheduled times only when `publish_scheduled`
runs. This loop runs it at the start of every minute (or every --interval seconds), survives the
database going away (it logs, waits and tries again at the next tick) and stops on SIGTERM/Ctrl+C.
A cron job or a systemd timer running `manage.py publish_scheduled` does the same job."""

from __future__ import annotations

import logging
import signal
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections

from clinic.management.commands.run_worker import close_connections

logger = logging.getLogger("clinic.scheduler")


class Command(BaseCommand):
    help = "Run publish_scheduled every minute (scheduled publishing), surviving database restarts."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *, interval, once, **options):
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        if interval <= 0:
            interval = 60.0
        logger.info("Scheduler started: publish_scheduled every %g s.", interval)
        while not stop.is_set():
            self.tick()
            if once:
                return
            # Wake at the next multiple of the interval (the start of the next minute by default).
            stop.wait(interval - (time.time() % interval))
        logger.info("Scheduler stopped.")

    def tick(self) -> bool:
        close_old_connections()
        try:
            call_command("publish_scheduled", verbosity=0)
        except (OperationalError, InterfaceError) as exc:
            logger.warning(
                "Database unavailable (%s); publish_scheduled runs again next tick.", exc
            )
            close_connections()
            return False
        return True
