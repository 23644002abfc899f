"""A bound on every handout layout: WeasyPrint runs in a child process that can be stopped.

Article content written through the models (an import, a script, an old revision) never passed the
editor's save-time limits (articles.limits), and WeasyPrint holds the whole document in memory,
never gives memory back and raises RecursionError on deep nesting. So the layout — HTML string in,
PDF bytes out — runs in a child forked from the request's process:

* wall-clock bound: HANDOUT_RENDER_TIMEOUT seconds (default 10, well under gunicorn's 30 s worker
  timeout, so a gunicorn worker is never killed for a render); the parent waits on a pipe with a
  deadline and SIGKILLs the child when it passes;
* memory bound: RLIMIT_AS of the child = its size at fork + HANDOUT_RENDER_MEMORY_MB (default
  1024); an allocation past it raises MemoryError in the child (or kills it), never in the parent;
* RecursionError, MemoryError and any other exception inside the child come back as a reason.

Any of these raises RenderFailed(reason, detail) in the parent, which the store remembers
(handouts.failures) so that no request renders the same thing again.

Why fork per render from the warmed parent (not a pre-forked pool): the parent has already
imported WeasyPrint and built the fonts and the parsed handout stylesheet (render._resources,
`warm` below), so the child starts warm: no import, no font loading. The fork, the pipe and the
reap cost ~15–35 ms (median, a ~140 MB parent on the 2-core development VM under a load average
of ~10; tests/benchmarks/isolation_overhead.py), and the layout inside the child takes as long as
in the parent. In exchange the child's memory — WeasyPrint's boxes of a large document, which it
never gives back — returns to the OS when the child exits instead of staying in the gunicorn
worker; a killed child takes nothing with it (no pool to rebuild, no request queue to drain); and
there is no second process per worker to supervise. The child never touches the database (the
layout is HTML → bytes; rendering the HTML, with its image renditions, stays in the parent, which
is why the article limits are checked before it), and it leaves with os._exit, so it closes
nothing it inherited. Forking a multi-threaded process (runserver, a threaded test server) keeps
only the calling thread; a lock another thread held at that moment could stall the child, which
the timeout then ends: production's gunicorn sync workers and the task worker are single-threaded.

HANDOUT_RENDER_ISOLATION = False lays out in the calling process (no time or memory bound; the
exceptions are still turned into RenderFailed): for platforms without fork, or for debugging.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import resource
import select
import signal
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
# {"outcome", "seconds", "max_rss_mb"}. Never read by the site itself.
last_stats: dict | None = None


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


def _address_space_now() -> int:
    """This process's virtual size in bytes (RLIMIT_AS counts that)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _describe(error: BaseException) -> tuple[str, str]:
    if isinstance(error, RecursionError):
        return TOO_DEEP, (
            "The article's HTML is nested too deeply for the PDF layout (tags inside tags inside "
            "tags…). Simplify the formatting of the paragraph that was pasted or imported."
        )
    # Past RLIMIT_AS an allocation fails: Python raises MemoryError, some C extensions (cairo,
    # Pango through cffi) a SystemError instead.
    if isinstance(error, MemoryError) or (
        memory_budget_bytes() > 0 and isinstance(error, SystemError)
    ):
        return MEMORY, (
            f"Laying out the handout needed more than {memory_budget_bytes() // 2**20} MB of memory. "
            "Shorten the article or split it."
        )
    # The exception's type only: its message may quote the document, which is kept and shown.
    return ERROR, (
        f"The PDF layout failed ({type(error).__name__}). Check the article's images and "
        "formatting; the server log of this time has the details."
    )


def _die_with_parent(parent_pid: int) -> None:
    """Linux: SIGKILL this child when the thread that forked it dies (a killed gunicorn worker
    must not leave a render running, holding its inherited lock file)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before prctl
        os._exit(71)


def _child(func, args, kwargs, write_fd: int, parent_pid: int) -> None:
    """In the forked child: bound memory, call `func`, send back ("ok", result) or (reason, detail)."""
    for signum in _RESET_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    _die_with_parent(parent_pid)
    # Backstops should the parent die without killing it: CPU seconds never exceed wall seconds.
    cpu = int(timeout_seconds()) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    budget = memory_budget_bytes()
    if budget > 0:
        limit = _address_space_now() + budget
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome = ("ok", func(*args, **kwargs))
    except BaseException as error:  # everything goes back to the parent as a reason
        outcome = _describe(error)
        if outcome[0] == ERROR:
            # The type and where, never the message: it may quote the document, and a visit
            # packet's document holds a provider's note and a patient's name.
            logger.error(
                "Handout layout failed in its child process: %s\n%s",
                type(error).__name__,
                "".join(traceback.format_tb(error.__traceback__)),
            )
    data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(data)
    while view:
        written = os.write(write_fd, view)
        view = view[written:]


def _reap(pid: int, deadline: float):
    """Wait for the child until `deadline`, then kill it. Returns (exit status, rusage, killed)."""
    killed = False
    try:
        pidfd = os.pidfd_open(pid)  # Linux ≥ 5.3: readable when the child has exited
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            reaped, status, usage = os.wait4(pid, os.WNOHANG)
            if reaped:
                return status, usage, killed
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                killed = True
                reaped, status, usage = os.wait4(pid, 0)
                return status, usage, killed
            if pidfd is not None:
                select.select([pidfd], [], [], remaining)
            else:
                time.sleep(min(0.002, remaining))
    except ChildProcessError:  # reaped by someone else (SIGCHLD ignored): the pipe tells
        return 0, None, killed
    finally:
        if pidfd is not None:
            os.close(pidfd)


def run_bounded(func, *args, **kwargs):
    """func(*args, **kwargs) in a forked child, within the time and memory bound. Returns its
    (picklable) result; raises RenderFailed. The caller waits at most HANDOUT_RENDER_TIMEOUT s
    (plus the few milliseconds of fork and kill)."""
    global last_stats
    bound = timeout_seconds()
    started = time.monotonic()
    deadline = started + bound
    read_fd, write_fd = os.pipe()
    parent_pid = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        code = 0
        try:
            os.close(read_fd)
            _child(func, args, kwargs, write_fd, parent_pid)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    timed_out = eof = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                eof = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        # After EOF the child is exiting: give it a moment. On a timeout, or when this process is
        # being stopped (an exception from a signal handler), kill it at once.
        status, usage, killed = _reap(
            pid, max(deadline, time.monotonic() + 1) if eof else time.monotonic()
        )
    seconds = time.monotonic() - started
    max_rss_mb = usage.ru_maxrss / 1024 if usage else None
    if timed_out or (killed and not chunks):
        last_stats = {"outcome": TIMEOUT, "seconds": seconds, "max_rss_mb": max_rss_mb}
        raise RenderFailed(
            TIMEOUT,
            f"Laying out the handout took longer than {bound:g} seconds and was stopped. The "
            "article is probably too long or too complex for one handout: shorten it or split it.",
            seconds,
        )
    try:
        # Our own forked child, over a pipe only it and we hold: not untrusted data.
        outcome = pickle.loads(b"".join(chunks)) if chunks else None  # noqa: S301
    except Exception:
        outcome = None
    if outcome is None:
        how = (
            f"signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit code {os.WEXITSTATUS(status)}"
        )
        last_stats = {"outcome": CRASHED, "seconds": seconds, "max_rss_mb": max_rss_mb}
        raise RenderFailed(
            CRASHED,
            f"The PDF layout process ended without a result ({how}), most likely out of memory "
            f"(the limit is {memory_budget_bytes() // 2**20} MB). Shorten the article or split it.",
            seconds,
        )
    kind, value = outcome
    last_stats = {"outcome": kind, "seconds": seconds, "max_rss_mb": max_rss_mb}
    if kind != "ok":
        raise RenderFailed(kind, value, seconds)
    return value


def run_in_process(func, *args, **kwargs):
    """The same contract without a child (HANDOUT_RENDER_ISOLATION = False): no time or memory
    bound, but the same exceptions become RenderFailed."""
    started = time.monotonic()
    try:
        return func(*args, **kwargs)
    except (RecursionError, MemoryError) as error:
        reason, detail = _describe(error)
        raise RenderFailed(reason, detail, time.monotonic() - started) from None


def bounded(warm=None):
    """Decorator: every call of the function runs within the bound (see the module docstring).
    `warm(*args, **kwargs)` runs first in the parent, so that what it caches (WeasyPrint's import,
    fonts, the parsed stylesheet) is inherited by every child instead of rebuilt in each."""

    def decorate(func):
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
