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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen.errors import BriefgenError, RenderError

if TYPE_CHECKING:  # multiprocessing loads on first render: the command line starts without it
    from multiprocessing.connection import Connection

    from briefgen.models import Brief
    from briefgen.writers import RenderOptions

logger = logging.getLogger(__name__)

J = TypeVar("J")


MAX_SECONDS = 86_400
"""The longest time limit (a day): waits past ~24.8 days overflow the platform's timers."""
MIN_MEMORY_MB = 256
"""The smallest memory limit a worker can start with (Python and the writers need ~150 MB)."""
MAX_MEMORY_MB = 1_048_576
"""The largest memory limit (1 TiB), well inside what ``RLIMIT_DATA`` can hold."""


@dataclass(frozen=True, slots=True)
class RenderLimits:
    """What one output may cost before it is stopped and reported as failed.

    Raises :class:`~briefgen.errors.OptionError` for a limit outside what a worker can run
    with (an infinite or negative time, a memory limit too small to start Python).
    """

    seconds: float = 120.0
    """Wall-clock time for one output (the 60-page digest of 30 sources takes about 10 s)."""
    memory_mb: int = 2048
    """Memory a worker may add while rendering (a 7-page brief needs about 150 MB)."""

    def __post_init__(self) -> None:
        from briefgen.errors import OptionError

        seconds, memory = self.seconds, self.memory_mb
        if isinstance(seconds, bool) or not isinstance(seconds, int | float):
            raise OptionError(f"time limit: expected a number of seconds, got {seconds!r}")
        if not 1 <= seconds <= MAX_SECONDS:  # also refuses NaN and infinity
            raise OptionError(f"time limit: expected 1 to {MAX_SECONDS} seconds, got {seconds:g}")
        if isinstance(memory, bool) or not isinstance(memory, int):
            raise OptionError(f"memory limit: expected a whole number of MB, got {memory!r}")
        if not MIN_MEMORY_MB <= memory <= MAX_MEMORY_MB:
            raise OptionError(
                f"memory limit: expected {MIN_MEMORY_MB} to {MAX_MEMORY_MB} MB, got {memory}"
            )


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


class Cancelled(RenderError):
    """The render was abandoned: the one who asked for it is gone."""


class RenderPool:
    """Guarded workers that live as long as a server: each render runs in a worker of its
    own, within the time and memory limits, and is stopped when its client leaves. Workers
    start when renders need them, ``size`` at most (:meth:`prestart` starts some at once).

    For ``briefgen serve``: renders never run in the server process (which stays small and
    answers every request while a worker lays out a long brief), ``size`` of them at a time.
    A worker that timed out, crashed or was cancelled is killed and replaced. Workers are
    started by a fork server (or spawned), never forked from the threaded server itself.
    """

    POLL_SECONDS = 0.2
    """How often a waiting render checks its deadline and whether its client is still there."""

    def __init__(self, size: int, limits: RenderLimits, warm: tuple[str, ...] = ()) -> None:
        import multiprocessing
        import queue
        import threading

        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        self.limits = limits
        self.size = size
        self._warm = warm
        self._lock = threading.Lock()
        self._starting = threading.Lock()  # one start at a time: never more than ``size``
        self._closed = False
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []

    def prestart(self, count: int = 1) -> None:
        """Start up to ``count`` workers now (they load the writers before the first render);
        the others start when renders need them."""
        with self._starting:
            while not self._closed and len(self._all) < min(count, self.size):
                self._idle.put(self._start())

    def _start(self) -> _Worker:
        worker = _Worker.start(self.limits, self._warm, context=self._context)
        with self._lock:
            self._all.append(worker)
        return worker

    def _take(self) -> _Worker | None:
        """An idle worker, a new one while there are fewer than ``size``, or None."""
        import queue

        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._starting:
            if self._closed or len(self._all) >= self.size:
                return None
            return self._start()

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker``; the next render that needs one starts another."""
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def render(self, task: Task, *, gone: Callable[[], bool] = lambda: False) -> bytes:
        """The task's output; raises :class:`RenderError` when it failed, took too long or
        ran out of memory, and :class:`Cancelled` as soon as ``gone()`` says the client left
        (checked while waiting for a worker and while it renders)."""
        import queue
        from multiprocessing.connection import wait

        deadline = time.monotonic() + self.limits.seconds
        worker = self._take()
        while worker is None:
            if gone():
                raise Cancelled("the client left before rendering began")
            if time.monotonic() >= deadline:
                raise RenderError("the preview is busy with other renders; try again")
            try:
                worker = self._idle.get(timeout=self.POLL_SECONDS)
            except queue.Empty:
                worker = self._take()
        deadline = time.monotonic() + self.limits.seconds
        try:
            worker.send(task)
        except (OSError, BrokenPipeError):
            self._replace(worker)
            raise RenderError("the renderer process was not running; try again") from None
        while True:
            ready = wait([worker.connection, worker.process.sentinel], timeout=self.POLL_SECONDS)
            if worker.connection in ready:
                result = worker.receive()
                if result is not None:
                    self._idle.put(worker)
                    if isinstance(result, RenderError):
                        raise result
                    return result
            if worker.connection in ready or worker.process.sentinel in ready:
                message = _death_message(worker)
                self._replace(worker)
                raise RenderError(message)
            if time.monotonic() >= deadline:
                self._replace(worker)
                raise RenderError(
                    f"rendering took longer than {self.limits.seconds:g} s and was stopped "
                    f"(is the brief unusually long?)"
                )
            if gone():
                self._replace(worker)
                raise Cancelled("the client left while rendering")

    def close(self) -> None:
        """Stop every worker (a busy one is killed)."""
        with self._lock:
            self._closed = True
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()


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

    def __init__(self, process: Any, connection: Connection, scratch: str) -> None:
        self.process = process
        self.connection = connection
        self.scratch = scratch
        """The worker's temporary folder (WeasyPrint's font folders go there): removed by
        this process once the worker has ended, even when it was killed."""

    @classmethod
    def start(
        cls, limits: RenderLimits, warm: tuple[str, ...] = (), *, context: Any = None
    ) -> _Worker:
        import multiprocessing
        import tempfile

        context = context or multiprocessing.get_context()
        parent_end, child_end = context.Pipe()
        scratch = tempfile.mkdtemp(prefix="briefgen-render-")
        process = context.Process(
            target=_serve,
            args=(child_end, limits, warm, scratch),
            name="briefgen-render",
            daemon=True,
        )
        process.start()
        child_end.close()
        return cls(process, parent_end, scratch)

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
        self._clean()

    def stop(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError, BrokenPipeError):
                self.connection.send(None)
            self.process.join(5)
        if self.process.is_alive():
            self.kill()
        else:
            self.connection.close()
            self._clean()

    def _clean(self) -> None:
        import shutil

        if not self.process.is_alive():
            shutil.rmtree(self.scratch, ignore_errors=True)


def _serve(
    connection: Connection, limits: RenderLimits, warm: tuple[str, ...], scratch: str
) -> None:
    """The worker's loop: render each task sent, answer with bytes or a plain message.

    ``warm`` names formats whose writers are loaded before the first task arrives; temporary
    files go to ``scratch``, which the parent removes.
    """
    import gc
    import multiprocessing
    import multiprocessing.util
    import shutil
    import signal
    import tempfile
    from multiprocessing.connection import wait

    tempfile.tempdir = scratch
    # Removed here too, last of all at exit, for when the parent cannot (it was killed): the
    # worker then ends by itself and leaves nothing behind either.
    multiprocessing.util.Finalize(
        None, shutil.rmtree, args=(scratch,), kwargs={"ignore_errors": True}, exitpriority=-100
    )

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
