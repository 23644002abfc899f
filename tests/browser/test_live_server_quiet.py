"""The live server's request counter, which the `page` fixture waits on before the database is
emptied after a test (see InFlight in conftest.py)."""

import threading

import pytest

from tests.browser.conftest import InFlight


def _slow_app(started, release):
    def app(environ, start_response):
        started.set()
        release.wait(5)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    return app


def _serve(app):
    response = app({}, lambda status, headers: None)
    body = b"".join(response)
    response.close()
    return body


def test_a_request_counts_until_its_response_is_closed():
    started, release = threading.Event(), threading.Event()
    app = InFlight(_slow_app(started, release))
    thread = threading.Thread(target=_serve, args=(app,))
    thread.start()
    assert started.wait(5)
    assert app.count == 1
    assert app.wait_until_idle(timeout=0.05) is False
    release.set()
    assert app.wait_until_idle(timeout=5) is True
    thread.join(5)
    assert app.count == 0


def test_a_response_not_yet_closed_still_counts():
    app = InFlight(lambda environ, start_response: [b"body"])
    response = app({}, lambda status, headers: None)
    assert list(response) == [b"body"]
    assert app.count == 1
    response.close()
    assert app.count == 0


def test_a_failing_request_stops_counting():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    app = InFlight(broken)
    with pytest.raises(RuntimeError):
        app({}, lambda status, headers: None)
    assert app.count == 0
