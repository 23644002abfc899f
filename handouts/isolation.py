"""A bound on every handout layout: WeasyPrint runs in a render child that can be stopped.

Article content written through the models (an import, a script, an old revision) never passed the
editor's save-time limits (articles.limits), and WeasyPrint holds the whole document in memory,
never gives memory back and raises RecursionError on deep nesting. So the layout — HTML string in,
PDF bytes out — runs in a render child: a process forked from the request's process that lives on
between layouts and keeps what it built (fonts, shaping caches, images, pikepdf's import), so that
its next layout starts warm. For each layout:

* wall-clock bound: HANDOUT_RENDER_TIMEOUT seconds (default 10, well under gunicorn's 30 s worker
  timeout, so a gunicorn worker is never killed for a render); the parent waits on a pipe with a
  deadline and SIGKILLs the child when it passes (the next layout gets a new child);
* memory bound: before each layout the child sets its RLIMIT_AS to its size at that moment +
  HANDOUT_RENDER_MEMORY_MB (default 1024); an allocation past it raises MemoryError in the child
  (or kills it), never in the parent;
* RecursionError, MemoryError and any other exception inside the child come back as a reason, and
  a child that failed is not used again.

Any of these raises RenderFailed(reason, detail) in the parent, which the store remembers
(handouts.failures) so that no request renders the same thing again.

Recycling: WeasyPrint never gives memory back, so a child is replaced after
HANDOUT_RENDER_CHILD_RENDERS layouts (default 50) or as soon as its resident size passes
HANDOUT_RENDER_CHILD_MB (default 400). Each process keeps at most one idle child (a threaded server
forks a second one while the first is busy, and ends it afterwards). The parent warms itself before
it forks (`warm` below: WeasyPrint imported, fonts and the parsed stylesheet built), so a new child
starts warm too. A child never touches the database (the layout is HTML → bytes; rendering the
HTML, with its image renditions, stays in the parent, which is why the article limits are checked
before it); it closes the sockets it inherited (database, Redis, the listening socket) so that
nothing the parent closes stays open in it, and it ends when its parent dies: SIGKILL through
PR_SET_PDEATHSIG, which Linux sends when the *thread* that forked it ends — in a threaded
development server a child therefore lasts one request, and the next one forks anew. Production's
gunicorn sync workers and the task worker render in their main thread. Forking a multi-threaded
process keeps only the calling thread; a lock another thread held at that moment could stall the
child, which the timeout then ends.

HANDOUT_RENDER_ISOLATION = False lays out in the calling process (no time or memory bound; the
exceptions are still turned into RenderFailed): for platforms without fork, or for debugging.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import pickle
import resource
import select
import signal
import stat
import struct
import threading
import time
import traceback
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

# Reasons, as stored with a failure (handouts.models.HandoutRenderFailure.reason).
TIMEOUT = "timeout"
MEMORY = "memory"
TOO_DEEP = "too-deep"
LIMITS = "limits"
CRASHED = "crashed"
ERROR = "error"

# Signals a web or task worker may have handlers for: the child must not run the parent's.
_RESET_SIGNALS = (
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGHUP,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGCHLD,
    signal.SIGWINCH,
    signal.SIGTTIN,
    signal.SIGTTOU,
)

# The figures of the last bounded call in this process, for benchmarks (tests/benchmarks):
# {"outcome", "seconds", "max_rss_mb", "renders"}. Never read by the site itself.
last_stats: dict | None = None

# Functions a child can be asked to run, by name (a decorated function's original cannot be
# pickled by reference: its module attribute is the wrapper).
_REGISTRY: dict[str, object] = {}
_HEADER = struct.Struct("!Q")


@dataclass
class RenderFailed(Exception):
    """A handout could not be laid out within the bound. `reason` is one of the constants above;
    `detail` says why, in words staff can act on (no patient data: it describes the article)."""

    reason: str
    detail: str
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"


def timeout_seconds() -> float:
    return float(getattr(settings, "HANDOUT_RENDER_TIMEOUT", 10))


def memory_budget_bytes() -> int:
    return int(getattr(settings, "HANDOUT_RENDER_MEMORY_MB", 1024)) * 1024 * 1024


def child_max_renders() -> int:
    return int(getattr(settings, "HANDOUT_RENDER_CHILD_RENDERS", 50))


def child_max_rss_mb() -> float:
    return float(getattr(settings, "HANDOUT_RENDER_CHILD_MB", 400))


def _address_space_now() -> int:
    """This process's virtual size in bytes (RLIMIT_AS counts that)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _resident_mb_now() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _describe(error: BaseException, budget: int) -> tuple[str, str]:
    if isinstance(error, RecursionError):
        return TOO_DEEP, (
            "The article's HTML is nested too deeply for the PDF layout (tags inside tags inside "
            "tags…). Simplify the formatting of the paragraph that was pasted or imported."
        )
    # Past RLIMIT_AS an allocation fails: Python raises MemoryError, some C extensions (cairo,
    # Pango through cffi) a SystemError instead.
    if isinstance(error, MemoryError) or (budget > 0 and isinstance(error, SystemError)):
        return MEMORY, (
            f"Laying out the handout needed more than {budget // 2**20} MB of memory. "
            "Shorten the article or split it."
        )
    # The exception's type only: its message may quote the document, which is kept and shown.
    return ERROR, (
        f"The PDF layout failed ({type(error).__name__}). Check the article's images and "
        "formatting; the server log of this time has the details."
    )


# --- in the child ---------------------------------------------------------------------------------


def _die_with_parent(parent_pid: int) -> None:
    """Linux: SIGKILL this child when the thread that forked it dies (a killed gunicorn worker
    must not leave a render running)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before prctl
        os._exit(71)


def _close_inherited_sockets(keep: set[int]) -> None:
    """The parent's database, Redis and listening sockets: the child never uses them, and a copy
    held here would keep them open on the other side after the parent closed its own."""
    try:
        descriptors = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in descriptors:
        if fd > 2 and fd not in keep:
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)
            except OSError:
                pass


def _set_soft_limit(which: int, soft: int) -> None:
    """Soft limit `soft` (RLIM_INFINITY: none), never above the hard limit, which stays as it is."""
    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY and (soft == resource.RLIM_INFINITY or soft > hard):
        soft = hard
    resource.setrlimit(which, (soft, hard))


def _read_exactly(fd: int, size: int, deadline: float | None = None) -> bytes | None:
    """`size` bytes from `fd`, or None at EOF. With a deadline, raises TimeoutError past it."""
    chunks, missing = [], size
    while missing:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if not select.select([fd], [], [], remaining)[0]:
                continue
        chunk = os.read(fd, min(missing, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _receive(fd: int, deadline: float | None = None):
    header = _read_exactly(fd, _HEADER.size, deadline)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0], deadline)
    # Our own forked child (or parent), over a pipe only the two of us hold: not untrusted data.
    return None if data is None else pickle.loads(data)  # noqa: S301


def _layout(func, args, kwargs, budget: int, cpu_seconds: int):
    """One call within the bound: (reason, value), reason "ok" when it returned."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    # CPU seconds never exceed wall seconds: a backstop should the parent die without killing it.
    _set_soft_limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + cpu_seconds)
    _set_soft_limit(
        resource.RLIMIT_AS, _address_space_now() + budget if budget > 0 else resource.RLIM_INFINITY
    )
    try:
        return ("ok", func(*args, **kwargs))
    except BaseException as error:  # everything goes back to the parent as a reason
        outcome = _describe(error, budget)
        if outcome[0] == ERROR:
            # The type and where, never the message: it may quote the document, and a visit
            # packet's document holds a provider's note and a patient's name.
            logger.error(
                "Handout layout failed in its child process: %s\n%s",
                type(error).__name__,
                "".join(traceback.format_tb(error.__traceback__)),
            )
        return outcome
    finally:
        _set_soft_limit(resource.RLIMIT_AS, resource.RLIM_INFINITY)


def _serve(requests_fd: int, answers_fd: int, parent_pid: int) -> None:
    """The child's loop: one request (function, arguments, limits) in, one answer out, until the
    parent closes the pipe. A failed layout is the child's last."""
    for signum in _RESET_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    _die_with_parent(parent_pid)
    _close_inherited_sockets({requests_fd, answers_fd})
    while True:
        request = _receive(requests_fd)
        if request is None:  # the parent retired this child, or it is gone
            return
        target, args, kwargs, budget, cpu_seconds = request
        func = _REGISTRY.get(target) if isinstance(target, str) else target
        outcome = _layout(func, args, kwargs, budget, cpu_seconds)
        try:
            _send(answers_fd, outcome)
        except (pickle.PicklingError, TypeError, AttributeError) as error:  # nothing written yet
            outcome = _describe(error, budget)
            _send(answers_fd, outcome)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        _send(answers_fd, {"max_rss_mb": usage.ru_maxrss / 1024, "rss_mb": _resident_mb_now()})
        if outcome[0] != "ok":
            return


# --- in the parent --------------------------------------------------------------------------------


class _Child:
    """One render child, seen from the process that forked it."""

    def __init__(self):
        requests_read, self.requests = os.pipe()
        self.answers, answers_write = os.pipe()
        self.renders = 0
        self.rss_mb = 0.0
        self.registry_size = len(_REGISTRY)
        parent_pid = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns, never runs the parent's exit handlers
            code = 0
            try:
                os.close(self.requests)
                os.close(self.answers)
                _serve(requests_read, answers_write, parent_pid)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(requests_read)
        os.close(answers_write)

    def is_alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG)[0] == 0
        except ChildProcessError:
            return False

    def worn_out(self) -> bool:
        return (
            self.renders >= child_max_renders()
            or self.rss_mb >= child_max_rss_mb()
            or self.registry_size != len(_REGISTRY)
        )

    def close_pipes(self) -> None:
        for fd in (self.requests, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)

    def stop(self) -> int | None:
        """End the child at once and reap it. Returns its wait status (None if already reaped)."""
        self.close_pipes()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return None


class _Pool:
    """The idle render children of this process (at most one is kept)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.idle: list[_Child] = []
        self.owner = os.getpid()

    def take(self) -> _Child:
        with self.lock:
            if self.owner != os.getpid():  # inherited through a fork we did not make: not ours
                self.idle, self.owner = [], os.getpid()
            while self.idle:
                child = self.idle.pop()
                if child.is_alive() and not child.worn_out():
                    return child
                child.stop()
        return _Child()

    def give_back(self, child: _Child) -> None:
        if child.worn_out():
            child.stop()
            return
        with self.lock:
            if self.owner == os.getpid() and not self.idle:
                self.idle.append(child)
                return
        child.stop()

    def stop_all(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for child in idle:
            child.stop()

    def forget_after_fork(self) -> None:
        """In a process forked from this one (a render child among them): close the inherited
        pipes to the parent's children, which are not this process's to use."""
        for child in self.idle:
            child.close_pipes()
        self.idle, self.lock, self.owner = [], threading.Lock(), os.getpid()


_pool = _Pool()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_pool.forget_after_fork)


def stop_children() -> None:
    """End this process's idle render children (tests: a mock made in the parent after a child was
    forked is not seen by that child; shutting down)."""
    _pool.stop_all()


def _failure(reason: str, seconds: float, stats: dict | None, child: _Child) -> None:
    global last_stats
    last_stats = {
        "outcome": reason,
        "seconds": seconds,
        "max_rss_mb": (stats or {}).get("max_rss_mb"),
        "renders": child.renders,
    }


def run_bounded(func, *args, **kwargs):
    """func(*args, **kwargs) in a render child, within the time and memory bound. Returns its
    (picklable) result; raises RenderFailed. The caller waits at most HANDOUT_RENDER_TIMEOUT s
    (plus the few milliseconds of a fork and a kill)."""
    global last_stats
    bound = timeout_seconds()
    budget = memory_budget_bytes()
    started = time.monotonic()
    deadline = started + bound
    target = getattr(func, "_bounded_name", None)
    request = (
        target if _REGISTRY.get(target) is func else func,
        args,
        kwargs,
        budget,
        int(bound) + 2,
    )
    for attempt in (1, 2):
        child = _pool.take()
        try:
            _send(child.requests, request)
            break
        except BrokenPipeError:  # it died while idle (its forking thread ended): a new one
            child.stop()
            if attempt == 2:
                raise
    answer = stats = None
    timed_out = False
    try:
        try:
            answer = _receive(child.answers, deadline)
            if answer is not None:
                stats = _receive(child.answers, time.monotonic() + 1)
        except TimeoutError:
            timed_out = True
        except Exception:  # a torn message: the child is broken
            answer = None
    except BaseException:  # this process is being stopped (an exception from a signal handler)
        child.stop()
        raise
    seconds = time.monotonic() - started
    child.renders += 1
    if timed_out:
        child.stop()
        _failure(TIMEOUT, seconds, stats, child)
        raise RenderFailed(
            TIMEOUT,
            f"Laying out the handout took longer than {bound:g} seconds and was stopped. The "
            "article is probably too long or too complex for one handout: shorten it or split it.",
            seconds,
        )
    if answer is None:
        status = child.stop()
        if status is None:
            how = "no exit status"
        elif os.WIFSIGNALED(status):
            how = f"signal {os.WTERMSIG(status)}"
        else:
            how = f"exit code {os.WEXITSTATUS(status)}"
        _failure(CRASHED, seconds, stats, child)
        raise RenderFailed(
            CRASHED,
            f"The PDF layout process ended without a result ({how}), most likely out of memory "
            f"(the limit is {budget // 2**20} MB). Shorten the article or split it.",
            seconds,
        )
    kind, value = answer
    child.rss_mb = (stats or {}).get("rss_mb", 0.0)
    last_stats = {
        "outcome": kind,
        "seconds": seconds,
        "max_rss_mb": (stats or {}).get("max_rss_mb"),
        "renders": child.renders,
    }
    if kind != "ok":
        child.stop()  # a failed child is not used again
        raise RenderFailed(kind, value, seconds)
    _pool.give_back(child)
    return value


def run_in_process(func, *args, **kwargs):
    """The same contract without a child (HANDOUT_RENDER_ISOLATION = False): no time or memory
    bound, but the same exceptions become RenderFailed."""
    started = time.monotonic()
    try:
        return func(*args, **kwargs)
    except (RecursionError, MemoryError) as error:
        reason, detail = _describe(error, memory_budget_bytes())
        raise RenderFailed(reason, detail, time.monotonic() - started) from None


def bounded(warm=None):
    """Decorator: every call of the function runs within the bound (see the module docstring).
    `warm(*args, **kwargs)` runs first in the parent, so that what it caches (WeasyPrint's import,
    fonts, the parsed stylesheet) is inherited by every new child instead of rebuilt in each."""

    def decorate(func):
        name = f"{func.__module__}.{func.__qualname__}"
        _REGISTRY[name] = func
        func._bounded_name = name

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if not getattr(settings, "HANDOUT_RENDER_ISOLATION", True):
                return run_in_process(func, *args, **kwargs)
            if warm is not None:
                warm(*args, **kwargs)
            return run_bounded(func, *args, **kwargs)

        wrapper.unbounded = func
        return wrapper

    return decorate


def refuse_over_limits(page) -> None:
    """Raise RenderFailed(LIMITS) when the article is over the save-time limits (articles.limits):
    content written through the models never passed them. Checked before any work, so an image too
    large to resize is never opened and an enormous body is never laid out."""
    from articles import limits

    found = limits.problems(page)
    if found:
        raise RenderFailed(
            LIMITS, "The article is over the limits for a handout. " + limits.summary(found)
        )
