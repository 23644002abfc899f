"""Render children live on between layouts and keep what they built (handouts.isolation), within
the same bounds as a child per layout: replaced after N layouts, past M MB, after any failure or
timeout; the memory bound counts from the child's size when each layout starts."""

from __future__ import annotations

import os
import socket
import stat
import time

import pytest
from django.test import override_settings

from handouts import isolation

_kept: list[bytearray] = []


@isolation.bounded()
def whoami(_tag: str = "") -> int:
    return os.getpid()


@isolation.bounded()
def remember_something() -> tuple[int, int]:
    """A cache the child builds: its length grows only while the same child serves."""
    _kept.append(bytearray(16))
    return os.getpid(), len(_kept)


@isolation.bounded()
def deep(depth: int) -> int:
    return 1 if depth == 0 else 1 + deep.unbounded(depth - 1)


@isolation.bounded()
def hold(megabytes: int) -> int:
    """Keeps `megabytes` for the child's life (as WeasyPrint keeps what it allocated)."""
    _kept.append(bytearray(megabytes * 2**20))
    return os.getpid()


@isolation.bounded()
def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


@isolation.bounded()
def sleep(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


@isolation.bounded()
def open_sockets() -> list[int]:
    found = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                found.append(int(name))
        except OSError:
            pass
    return found


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_one_child_serves_layout_after_layout_and_keeps_its_caches():
    first_pid, first_count = remember_something()
    second_pid, second_count = remember_something()
    assert first_pid == second_pid != os.getpid()
    assert second_count == first_count + 1
    assert isolation.last_stats["renders"] == 2
    assert len(_kept) == 0  # built in the child, not here


@override_settings(HANDOUT_RENDER_CHILD_RENDERS=3)
def test_a_child_is_replaced_after_n_layouts():
    pids = [whoami(str(n)) for n in range(7)]
    assert pids[0] == pids[1] == pids[2]
    assert pids[3] == pids[4] == pids[5] != pids[0]
    assert pids[6] not in (pids[0], pids[3])
    assert reaped(pids[0]) and reaped(pids[3])


def test_a_child_is_replaced_once_it_grows_past_m_megabytes():
    first = whoami()
    with override_settings(HANDOUT_RENDER_CHILD_MB=isolation.last_stats["max_rss_mb"] + 30):
        assert whoami() == first
        assert hold(60) == first  # served, then seen over the size: replaced
        assert reaped(first)
        assert whoami() != first


def test_the_memory_budget_counts_from_the_start_of_each_layout():
    """A child that kept 200 MB from earlier layouts still gets its full budget, and no more."""
    first = hold(200)
    with override_settings(HANDOUT_RENDER_MEMORY_MB=64):
        assert allocate(32) == 32 * 2**20
        with pytest.raises(isolation.RenderFailed) as failed:
            allocate(512)
    assert failed.value.reason in ("memory", "crashed")
    assert reaped(first)  # a failed child is not used again
    assert whoami() != first


@override_settings(HANDOUT_RENDER_TIMEOUT=1)
@pytest.mark.parametrize(
    "layout, argument, reason",
    [(deep, 100_000, "too-deep"), (sleep, 30, "timeout")],
    ids=["recursion error", "past the deadline"],
)
def test_a_failed_layout_ends_that_child_and_the_next_one_works(layout, argument, reason):
    first = whoami()
    with pytest.raises(isolation.RenderFailed) as failed:
        layout(argument)
    assert failed.value.reason == reason
    assert reaped(first)  # killed or exited, and waited for: no zombie
    assert whoami() != first
    assert deep(10) == 11


def test_a_child_closes_the_sockets_it_inherited():
    isolation.stop_children()  # the next child is forked while this socket is open
    listener = socket.socket()
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert listener.fileno() not in open_sockets()
        assert open_sockets() == []
    finally:
        listener.close()


def test_stopping_the_children_leaves_no_process_behind():
    pid = whoami()
    isolation.stop_children()
    assert reaped(pid)
    assert whoami() != pid
