import signal

import pytest

PARSE_TIME_LIMIT = 120  # seconds for any one importer test; the parser must never loop forever


@pytest.fixture(autouse=True)
def _no_endless_parsing():
    """Turn a parser that never returns into a failing test instead of a CI run that hangs."""

    def expired(signum, frame):
        raise TimeoutError(f"importer test still running after {PARSE_TIME_LIMIT} s: endless loop?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(PARSE_TIME_LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)
