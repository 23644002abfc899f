"""Log records go to the stderr of the moment, not to a stream that has since been closed."""

import io
import logging
import sys

from clinic.log import StderrHandler


def test_handler_follows_sys_stderr_after_the_old_stream_closes(monkeypatch):
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = StderrHandler()
    logger = logging.getLogger("tests.stderr-handler")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("one")
        first.close()  # a test runner's capture buffer, closed after its test
        second = io.StringIO()
        monkeypatch.setattr(sys, "stderr", second)
        logger.warning("two")
    finally:
        logger.removeHandler(handler)
    assert second.getvalue() == "two\n"


def test_django_console_logging_uses_it():
    from django.conf import settings

    assert settings.LOGGING["handlers"]["console"]["class"] == "clinic.log.StderrHandler"
    handlers = logging.getLogger("weasyprint").handlers
    assert any(isinstance(h, StderrHandler) for h in handlers)
