"""Fixtures for the production-stack tests: real processes (gunicorn, the worker, Redis, Varnish,
nginx) on loopback, against a fresh PostgreSQL database of their own.

They do not use pytest-django's test database: the processes are separate programs that connect
to PostgreSQL themselves. Without PostgreSQL or a Debian binary they skip, except in CI (CI=true),
where a missing part is a failure."""

from __future__ import annotations

import os

import pytest

from .stack import Database, StackUnavailable


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"The production stack is required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def database():
    try:
        db = Database()
    except StackUnavailable as exc:
        unavailable(str(exc))
    try:
        db.prepare()
        yield db
    finally:
        db.drop()
