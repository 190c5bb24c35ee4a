"""Rendering a build's outputs in guarded worker processes.

A build renders each output in a separate worker process (``jobs`` of them, one by default), so
one bad brief cannot take the build down with it:

* **time**: an output that takes longer than :attr:`RenderLimits.seconds` is stopped (its worker
  is killed and replaced) and reported as failed;
* **memory**: each worker may grow by at most :attr:`RenderLimits.memory_mb` beyond what it
  started with (``RLIMIT_DATA``, where the platform has it); a render that needs more fails
  with a MemoryError in the worker, reported as failed;
* **crashes**: a worker that dies (killed by a person or the system, a crash in a C library)
  fails only the output it was rendering; the others are still rendered and delivered.

Results arrive as they finish (:func:`render_guarded` is a generator), so the build delivers
each file as soon as it is ready. The command line may :func:`prestart` workers before it reads
the seeds: they load the renderers (WeasyPrint alone takes ~0.7 s to import) on the other core
meanwhile, which takes about that much off a one-brief build. Workers are started with the
platform's default multiprocessing method; everything sent to them is picklable (the brief,
the format, the options), and errors come back as plain messages.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen.errors import BriefgenError, RenderError

if TYPE_CHECKING:  # multiprocessing loads on first render: the command line starts without it
    from multiprocessing.connection import Connection

    from briefgen.models import Brief
    from briefgen.writers import RenderOptions

logger = logging.getLogger(__name__)

J = TypeVar("J")


@dataclass(frozen=True, slots=True)
class RenderLimits:
    """What one output may cost before it is stopped and reported as failed."""

    seconds: float = 120.0
    """Wall-clock time for one output (the 60-page digest of 30 sources takes about 10 s)."""
    memory_mb: int = 2048
    """Memory a worker may add while rendering (a 7-page brief needs about 150 MB)."""


@dataclass(frozen=True, slots=True)
class Task:
    """One output to render."""

    brief: Brief
    fmt: str
    options: RenderOptions


_prestarted: list[tuple[_Worker, RenderLimits]] = []


def prestart(count: int, limits: RenderLimits, formats: Sequence[str]) -> None:
    """Start ``count`` workers now and have them load the writers of ``formats``; the next
    :func:`render_guarded` with the same limits uses them (:func:`stop_prestarted` ends any
    left over)."""
    for _ in range(count - len(_prestarted)):
        _prestarted.append((_Worker.start(limits, warm=tuple(formats)), limits))


def stop_prestarted() -> None:
    """End prestarted workers no build used (nothing needed rendering). They hold no work, and
    may still be loading the writers: they are killed rather than waited for."""
    while _prestarted:
        worker, _ = _prestarted.pop()
        worker.kill()


def _take_worker(limits: RenderLimits) -> _Worker:
    for index, (worker, started_with) in enumerate(_prestarted):
        if started_with == limits and worker.process.is_alive():
            del _prestarted[index]
            return worker
    return _Worker.start(limits)


def render_guarded(
    jobs: Sequence[J], tasks: Sequence[Task], workers: int, limits: RenderLimits
) -> Iterator[tuple[J, bytes | RenderError]]:
    """Render every task in guarded workers; yield ``(job, bytes or failure)`` as each ends."""
    from multiprocessing.connection import wait

    pending = list(zip(jobs, tasks, strict=True))
    if not pending:
        return
    pending.reverse()  # pop() from the end keeps the given order
    pool: list[_Worker] = []
    try:
        for _ in range(max(1, min(workers, len(pending)))):
            pool.append(_take_worker(limits))
        busy: dict[_Worker, tuple[J, Task, float]] = {}
        while pending or busy:
            for worker in pool:
                if worker not in busy and pending:
                    job, task = pending.pop()
                    worker.send(task)
                    busy[worker] = (job, task, time.monotonic() + limits.seconds)
            deadline = min(end for _, _, end in busy.values())
            ready = wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, deadline - time.monotonic()),
            )
            for worker in list(busy):
                job, _, end = busy[worker]
                if worker.connection in ready:
                    result = worker.receive()
                    if result is not None:
                        del busy[worker]
                        yield job, result
                        continue
                    worker.process.join(5)  # the pipe closed: the worker is ending
                if worker.process.sentinel in ready or not worker.process.is_alive():
                    failure = RenderError(_death_message(worker))
                elif time.monotonic() >= end:
                    failure = RenderError(
                        f"rendering took longer than {limits.seconds:g} s and was stopped "
                        f"(is the brief unusually long?)"
                    )
                else:
                    continue
                del busy[worker]
                worker.kill()
                replacement = _Worker.start(limits)
                pool[pool.index(worker)] = replacement
                yield job, failure
    finally:
        for worker in pool:
            worker.stop()


def _death_message(worker: _Worker) -> str:
    worker.process.join(5)  # the sentinel fired: collect the exit status before reading it
    code = worker.process.exitcode
    if code is not None and code < 0:
        import signal

        with contextlib.suppress(ValueError):
            name = signal.Signals(-code).name
            return f"the renderer process was killed ({name}) while rendering; try again"
    return f"the renderer process ended unexpectedly (exit code {code}) while rendering"


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process: Any, connection: Connection) -> None:
        self.process = process
        self.connection = connection

    @classmethod
    def start(cls, limits: RenderLimits, warm: tuple[str, ...] = ()) -> _Worker:
        import multiprocessing

        context = multiprocessing.get_context()
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_serve, args=(child_end, limits, warm), name="briefgen-render", daemon=True
        )
        process.start()
        child_end.close()
        return cls(process, parent_end)

    def send(self, task: Task) -> None:
        self.connection.send(task)

    def receive(self) -> bytes | RenderError | None:
        """The result, or None when the worker died instead of answering."""
        try:
            status, payload = self.connection.recv()
        except (EOFError, OSError):
            return None
        return payload if status == "ok" else RenderError(payload)

    def kill(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            self.process.kill()
        self.process.join(5)
        self.connection.close()

    def stop(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError, BrokenPipeError):
                self.connection.send(None)
            self.process.join(5)
        if self.process.is_alive():
            self.kill()
        else:
            self.connection.close()


def _serve(connection: Connection, limits: RenderLimits, warm: tuple[str, ...] = ()) -> None:
    """The worker's loop: render each task sent, answer with bytes or a plain message.

    ``warm`` names formats whose writers are loaded before the first task arrives.
    """
    import gc
    import multiprocessing
    import signal
    from multiprocessing.connection import wait

    from briefgen.writers import REGISTRY, render

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(limits.memory_mb)
    for fmt in warm:
        if fmt in REGISTRY:
            with contextlib.suppress(Exception):  # a failure shows, with its message, later
                REGISTRY[fmt].warm_up()
    # Forked siblings may hold copies of the parent's end of this pipe, so its closing is not
    # a reliable sign that the parent is gone: watch the parent process itself as well.
    parent = multiprocessing.parent_process()
    watched: list[Any] = [connection] if parent is None else [connection, parent.sentinel]
    frozen = False
    while True:
        try:
            if connection not in wait(watched):
                return  # the parent died (killed): nothing will come
            task = connection.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            answer: tuple[str, Any] = ("ok", render(task.brief, task.fmt, task.options))
        except BriefgenError as exc:
            answer = ("error", str(exc))
        except MemoryError:
            answer = (
                "error",
                f"rendering needed more than the memory limit of {limits.memory_mb} MB "
                f"(is the brief unusually long?)",
            )
        except Exception as exc:  # a bug in a writer: report it, keep the build going
            logger.debug("unexpected error while rendering", exc_info=True)
            answer = ("error", f"unexpected {type(exc).__name__}: {exc}")
        finally:
            if task.fmt in REGISTRY:
                REGISTRY[task.fmt].after_render()
            if not frozen:
                # What the first render loaded (modules, fonts, style sheets) lives as long as
                # the worker: moved out of the collector's sight, the full collection after
                # each PDF takes ~10 ms instead of ~60 ms.
                gc.freeze()
                frozen = True
        try:
            connection.send(answer)
        except (OSError, BrokenPipeError):
            return


def _limit_memory(budget_mb: int) -> None:
    """Allow this process ``budget_mb`` more of data memory than it uses now (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows: no guard but the time limit
        return
    used = _data_size()
    if used is None:
        return
    limit = used + budget_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _data_size() -> int | None:
    """This process's data segment size in bytes (Linux: VmData), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None
