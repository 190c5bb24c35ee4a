"""``briefgen serve``: every brief as a live HTML preview that reloads itself on every edit.

One process keeps the seeds, the theme and WeasyPrint loaded. ``watchfiles`` watches the seed
and theme folders; after a change the state is reloaded once, and every open page hears of it
through server-sent events (``/events``; the browser's ``EventSource``, no polling loop in the
page) and reloads itself. A seed or theme error replaces the pages with the same
``file:line: field: message`` lines the command line prints, until it is fixed.

Pages (everything else is 404; the previews are self-contained, so no file is ever served):

* ``/`` — every brief, every source with its validation status;
* ``/brief/<id>`` — the brief's HTML preview with links to download its PDF, DOCX and HWPX;
* ``/brief/<id>.pdf`` (``.docx``, ``.hwpx``) — built from the current state on request;
* ``/events`` — the change notifications.

* ``/reload.js`` — the pages' one script (the pages carry no inline script, and the policy
  allows none).

Every request is treated as hostile:

* it binds to 127.0.0.1 by default and answers only requests addressed to it by the name it
  serves (or ``localhost``), so a web page elsewhere cannot reach it through DNS rebinding; a
  request that says it comes from another site (``Sec-Fetch-Site``, ``Origin``) gets 403, so
  an ``<img>`` on any web page cannot make it render;
* paths are matched whole against those patterns: nothing from a request ever becomes a file
  path;
* renders run in guarded worker processes (:class:`briefgen.workers.RenderPool`, the time
  and memory limits of ``build``), two at a time, never in the server process; a render whose
  client has hung up is stopped;
* a client has :data:`REQUEST_SECONDS` to send its request, and at most
  :data:`MAX_CONNECTIONS` connections are open at once (more are closed at once);
* a client that hangs up mid-response is no error (no traceback); an unexpected error is one
  log line.
"""

from __future__ import annotations

import html
import logging
import queue
import re
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, OptionError, SeedError
from briefgen.workers import Cancelled, RenderLimits, RenderPool, Task

logger = logging.getLogger(__name__)

DOWNLOADS = ("pdf", "docx", "hwpx")
CLOSING = -1
REQUEST_SECONDS = 10
"""How long a client may take to send its request (and to take each part of an answer)."""
MAX_CONNECTIONS = 128
"""Open connections at most (every open page holds one for its change events)."""
RENDERERS = 2
"""Renders at a time: one long brief never holds up the page of another."""
_BRIEF = re.compile(r"^/brief/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(pdf|docx|hwpx))?$")
_RELOAD_JS = b"""new EventSource("/events").addEventListener("change", () => location.reload());
"""
_RELOAD_SCRIPT = '<script src="/reload.js"></script>'
_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'"
)
_PAGE_POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
_SAME_SITE = frozenset({"same-origin", "none"})
"""``Sec-Fetch-Site`` values of the preview's own requests and of an address typed in."""
_STYLE = """<style>
body { font-family: "Noto Sans CJK KR", sans-serif; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; color: #1f2328; line-height: 1.6; }
.problems { background: #fdf4ec; border-left: 4px solid #a04a12; padding: 1rem 1.5rem; }
.problems li { font-family: ui-monospace, monospace; white-space: pre-wrap; }
table { border-collapse: collapse; } td, th { padding: .2rem .8rem; text-align: left; }
.ok { color: #1d7a3a; } .bad { color: #a04a12; }
</style>"""
_TOOLBAR_STYLE = """<style>
#briefgen-toolbar { position: sticky; top: 0; background: #1d4e89; color: white;
  padding: .4rem 1rem; font: 14px sans-serif; z-index: 10; }
#briefgen-toolbar a { color: white; margin-right: 1rem; }
</style>"""


@dataclass
class State:
    """What the server shows: the loaded seeds and theme, or the problems that stop them."""

    version: int = 0
    seeds: Any = None
    theme: Any = None
    problems: list[str] = field(default_factory=list)
    source_status: dict[str, str] = field(default_factory=dict)


class Preview:
    """The seeds and theme as they are now, reloaded after every change."""

    def __init__(
        self, seeds: Path, theme: Path | None, *, limits: RenderLimits | None = None
    ) -> None:
        self.seeds_folder = seeds
        self.theme_folder = theme
        self.state = State()
        self._lock = threading.Lock()
        self._listeners: list[queue.Queue[int]] = []
        self.limits = limits or RenderLimits()
        self._pool: RenderPool | None = None
        self.reload()

    @property
    def pool(self) -> RenderPool:
        """The guarded workers (one started with the pool; the second when two renders run
        at once)."""
        with self._lock:
            if self._pool is None:
                self._pool = RenderPool(RENDERERS, self.limits, warm=("html", "pdf"))
            pool = self._pool
        pool.prestart(1)
        return pool

    def _render(self, brief_id: str, fmt: str, gone: Callable[[], bool]) -> bytes:
        from briefgen.assembly import assemble
        from briefgen.writers import RenderOptions

        state = self.state
        brief = assemble(state.seeds.briefs[brief_id], state.seeds.sources)
        task = Task(brief, fmt, RenderOptions(theme=state.theme))
        return self.pool.render(task, gone=gone)

    def reload(self) -> State:
        """Load seeds and theme again; tell every open page."""
        from briefgen.seeds import load_seeds
        from briefgen.theme import load_theme

        state = State(version=self.state.version + 1)
        try:
            state.theme = load_theme(self.theme_folder)
        except BriefgenError as exc:
            state.problems.append(str(exc))
        try:
            state.seeds = load_seeds(self.seeds_folder)
            state.source_status = {source: "ok" for source in state.seeds.sources}
        except SeedError as exc:
            state.problems += [str(problem) for problem in exc.problems]
            for path in sorted((self.seeds_folder / "sources").glob("*.toml")):
                broken = any(str(problem).startswith(str(path)) for problem in exc.problems)
                state.source_status[path.stem] = "problem" if broken else "ok"
        except BriefgenError as exc:
            state.problems.append(str(exc))
        with self._lock:
            self.state = state
            for listener in self._listeners:
                listener.put(state.version)
        logger.info("preview state %d: %d problem(s)", state.version, len(state.problems))
        return state

    def listen(self) -> queue.Queue[int]:
        listener: queue.Queue[int] = queue.Queue()
        with self._lock:
            self._listeners.append(listener)
        return listener

    def forget(self, listener: queue.Queue[int]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def close(self) -> None:
        """End every open event stream; stop the render workers."""
        with self._lock:
            for listener in self._listeners:
                listener.put(CLOSING)
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    # --- pages ------------------------------------------------------------------------------

    def index(self) -> str:
        from briefgen.locales import locale_of

        state = self.state
        lang = locale_of(state.theme).language.primary if state.theme else ""
        rows = "".join(
            f'<tr><td><a href="/brief/{html.escape(brief)}">{html.escape(brief)}</a></td>'
            f'<td lang="{lang}">{html.escape(spec.title)}</td></tr>'
            for brief, spec in sorted((state.seeds.briefs if state.seeds else {}).items())
        )
        sources = "".join(
            f"<tr><td>{html.escape(source)}</td><td class='{'ok' if status == 'ok' else 'bad'}'>"
            f"{'valid' if status == 'ok' else 'has problems (see above)'}</td></tr>"
            for source, status in sorted(state.source_status.items())
        )
        body = (
            f"<h1>briefgen preview</h1>{self._problems()}"
            f"<h2>Briefs</h2><table>{rows}</table>"
            f"<h2>Sources</h2><table>{sources}</table>"
        )
        return _page("briefgen preview", body)

    def brief_page(self, brief_id: str, gone: Callable[[], bool] = lambda: False) -> str | None:
        """The brief's preview page (None for an unknown brief); raises :class:`Cancelled`
        when ``gone()`` says the client left while it was rendered."""
        state = self.state
        if state.problems:
            return _page(f"{brief_id} — problems", self._problems())
        if brief_id not in state.seeds.briefs:
            return None
        try:
            page = self._render(brief_id, "html", gone).decode("utf-8")
        except Cancelled:
            raise
        except BriefgenError as exc:
            return _page(f"{brief_id} — problems", _problem_list([str(exc)]))
        # The page's own policy (no script at all) gives way to the server's, which allows
        # the reload script from this server and nothing inline.
        page = _PAGE_POLICY_META.sub("", page, count=1)
        links = " ".join(
            f'<a href="/brief/{brief_id}.{fmt}" download>{fmt.upper()}</a>' for fmt in DOWNLOADS
        )
        toolbar = (
            f'<div class="toolbar" id="briefgen-toolbar"><a href="/">briefgen</a>'
            f"{html.escape(brief_id)} · {links}</div>"
        )
        page = page.replace("<body>", f"<body>{_TOOLBAR_STYLE}{toolbar}", 1)
        return page.replace("</body>", f"{_RELOAD_SCRIPT}</body>", 1)

    def download(
        self, brief_id: str, fmt: str, gone: Callable[[], bool] = lambda: False
    ) -> bytes | None:
        """The brief in ``fmt`` (None for an unknown brief or while the seeds have problems);
        raises :class:`RenderError` or :class:`Cancelled`."""
        state = self.state
        if state.problems or brief_id not in state.seeds.briefs:
            return None
        return self._render(brief_id, fmt, gone)

    def _problems(self) -> str:
        return _problem_list(self.state.problems) if self.state.problems else ""


def _problem_list(problems: list[str]) -> str:
    items = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems)
    count = len(problems)
    return (
        f'<section class="problems" id="problems"><h2>{count} problem'
        f"{'s' if count != 1 else ''} in the seeds or theme</h2><ul>{items}</ul>"
        "<p>Fix the file and save: this page reloads by itself.</p></section>"
    )


def _page(title: str, body: str) -> str:
    return (
        # the server's own words are English; a brief's title carries its own language
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{_STYLE}</head>"
        f"<body>{body}{_RELOAD_SCRIPT}</body></html>"
    )


_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "hwpx": "application/hwp+zip",
}


def make_handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """The request handler class serving ``preview`` (to the ``Host`` names in the server's
    ``allowed_hosts``)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen-preview"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("%s %s", self.address_string(), format % args)

        timeout = REQUEST_SECONDS

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").lower()
            allowed: frozenset[str] = getattr(self.server, "allowed_hosts", frozenset())
            if host not in allowed:
                self._send(HTTPStatus.FORBIDDEN, "text/plain", b"unknown host")
                return
            site = self.headers.get("Sec-Fetch-Site")
            origin = self.headers.get("Origin")
            if (site is not None and site.lower() not in _SAME_SITE) or (
                origin is not None and origin.lower() not in {f"http://{h}" for h in allowed}
            ):
                self._send(HTTPStatus.FORBIDDEN, "text/plain", b"not for other sites")
                return
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._html(preview.index())
                return
            if path == "/reload.js":
                self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", _RELOAD_JS)
                return
            if path == "/events":
                self._events()
                return
            match = _BRIEF.match(path)
            if match is None:
                self._not_found()
                return
            brief_id, fmt = match.groups()
            try:
                if fmt is None:
                    page = preview.brief_page(brief_id, self._gone)
                    if page is None:
                        self._not_found()
                    else:
                        self._html(page)
                    return
                data = preview.download(brief_id, fmt, self._gone)
            except Cancelled:
                logger.debug("%s left before %s was ready", self.address_string(), path)
                return
            except BriefgenError as exc:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", str(exc).encode())
                return
            if data is None:
                self._not_found()
                return
            self._send(HTTPStatus.OK, _MEDIA[fmt], data, attachment=f"{brief_id}.{fmt}")

        def do_HEAD(self) -> None:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, "text/plain", b"")

        def _gone(self) -> bool:
            """Whether the client has hung up (its side of the connection is closed)."""
            try:
                readable, _, _ = select.select([self.connection], [], [], 0)
                if not readable:
                    return False
                return bool(self.connection.recv(1, socket.MSG_PEEK) == b"")
            except (OSError, ValueError):
                return True

        def _events(self) -> None:
            listener = preview.listen()
            try:
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                hello = f"retry: 500\nevent: hello\ndata: {preview.state.version}\n\n"
                self.wfile.write(hello.encode())
                self.wfile.flush()
                while True:
                    try:
                        version = listener.get(timeout=15)
                        if version == CLOSING:
                            return
                        message = f"event: change\ndata: {version}\n\n"
                    except queue.Empty:
                        message = ": keep-alive\n\n"  # also notices a closed connection
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except OSError:  # the page was closed or reloaded (or the client stalled)
                pass
            finally:
                preview.forget(listener)

        def _html(self, text: str) -> None:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", text.encode("utf-8"))

        def _not_found(self) -> None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")

        def _send(
            self, status: HTTPStatus, media: str, body: bytes, *, attachment: str | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Content-Security-Policy", _POLICY)
            self.send_header("Cross-Origin-Resource-Policy", "same-origin")
            if attachment:
                self.send_header("Content-Disposition", f'attachment; filename="{attachment}"')
            try:
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client hung up (a cancelled download, a reload): not an error
                logger.debug("%s hung up during the answer", self.address_string())

    return Handler


class PreviewHTTPServer(ThreadingHTTPServer):
    """The HTTP server: a connection cap, and errors as log lines instead of tracebacks."""

    daemon_threads = True
    allowed_hosts: frozenset[str] = frozenset()

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._open = threading.BoundedSemaphore(MAX_CONNECTIONS)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._open.acquire(blocking=False):
            logger.warning("more than %d connections open: one refused", MAX_CONNECTIONS)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._open.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._open.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # hang-ups, resets, timeouts: the client's business
            logger.debug("connection from %s: %s", client_address, error)
            return
        logger.error("preview: unexpected %s: %s", type(error).__name__, error)
        logger.debug("details", exc_info=True)


@dataclass
class Server:
    """A running preview: its address, and how to stop it."""

    httpd: PreviewHTTPServer
    preview: Preview
    stop_event: threading.Event
    threads: list[threading.Thread]

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/"

    def stop(self, timeout: float = 30) -> bool:
        """Stop serving and watching; True when every thread has ended within ``timeout``
        seconds in all (the warm-up thread may still be inside WeasyPrint's import)."""
        self.stop_event.set()
        self.preview.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in self.threads)


def check_address(host: str, port: int) -> None:
    """Raise :class:`OptionError` for an address the preview cannot serve safely: a port
    outside 0–65535, or a wildcard address (``0.0.0.0``, ``::``) — the preview answers only
    requests addressed to the name it serves, so it needs one address (this computer's, or
    one of its network addresses, to share the preview on a trusted network)."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise OptionError(f"port: expected 0 to 65535 (0 picks a free one), got {port!r}")
    if host.strip("[]") in ("", "0.0.0.0", "::"):
        raise OptionError(
            f"host {host!r} listens on every network address, and the preview answers only "
            f"requests addressed to one name: give one address (127.0.0.1, this computer "
            f"only, or this computer's address on a trusted network)"
        )


def start(
    seeds: Path,
    theme: Path | None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    limits: RenderLimits | None = None,
) -> Server:
    """Start the preview server and the watcher in background threads; renders run in guarded
    workers with ``limits`` (``build``'s defaults). Raises :class:`OptionError` for an address
    it will not serve (:func:`check_address`) and :class:`OSError` when it cannot listen."""
    check_address(host, port)
    preview = Preview(seeds, theme, limits=limits)
    httpd = PreviewHTTPServer((host, port), make_handler(preview))
    bound = httpd.server_address[1]  # the port, once bound (port 0 picks one)
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    httpd.allowed_hosts = frozenset(
        f"[{name}]:{bound}" if ":" in name else f"{name}:{bound}" for name in names
    )
    stop_event = threading.Event()
    ready = threading.Event()
    serving = threading.Thread(target=httpd.serve_forever, name="briefgen-serve", daemon=True)
    watching = threading.Thread(
        target=_watch, args=(preview, stop_event, ready), name="briefgen-watch", daemon=True
    )
    # The first page then finds the workers started and WeasyPrint loaded in them.
    warming = threading.Thread(
        target=_warm_up, args=(preview,), name="briefgen-warm-up", daemon=True
    )
    serving.start()
    watching.start()
    warming.start()
    # An edit made once start() has returned is seen: the watch is set up by then (it answers
    # within WATCH_TIMEOUT_MS of starting; a file saved just before would otherwise be missed).
    ready.wait(timeout=5)
    return Server(httpd, preview, stop_event, [serving, watching, warming])


def _warm_up(preview: Preview) -> None:
    """Start the render workers (they load the writers) before the first page is asked for."""
    try:
        preview.pool  # noqa: B018 - the property starts them
    except Exception:  # the first page reports what is wrong, with its message
        logger.debug("starting the render workers failed", exc_info=True)


WATCH_TIMEOUT_MS = 500
"""How often the watcher looks at the folders themselves when nothing changed inside them."""


def _watch(preview: Preview, stop_event: threading.Event, ready: threading.Event) -> None:
    """Reload the preview after every change to the seeds or the theme.

    A folder watch follows the folder it was given, so a seed folder deleted and made again
    (a ``git checkout``, a sync tool), or a theme folder that appears after the start, would
    go unseen: every half second without changes the watched folders are looked up again,
    and when one appeared, vanished or was replaced the watch starts over (and reloads)."""
    from watchfiles import watch

    from briefgen.resources import styles_dir

    watched = (preview.seeds_folder, preview.theme_folder or styles_dir())
    while not stop_event.is_set():
        identity = _identities(watched)
        folders = [str(folder) for folder, seen in zip(watched, identity, strict=True) if seen]
        if not folders:
            ready.set()
            stop_event.wait(WATCH_TIMEOUT_MS / 1000)
            if _identities(watched) != identity:
                preview.reload()
            continue
        try:
            for changes in watch(
                *folders,
                stop_event=stop_event,
                debounce=150,
                step=50,
                rust_timeout=WATCH_TIMEOUT_MS,
                yield_on_timeout=True,
            ):
                ready.set()  # watching: the first answer comes within WATCH_TIMEOUT_MS
                if _identities(watched) != identity:
                    preview.reload()
                    break  # watch the folders as they are now
                if changes:
                    preview.reload()
        except (OSError, RuntimeError) as exc:  # a folder vanished under the watch itself
            logger.debug("watch ended: %s", exc)
            stop_event.wait(WATCH_TIMEOUT_MS / 1000)
            preview.reload()


def _identities(folders: tuple[Path, ...]) -> tuple[tuple[int, int] | None, ...]:
    """Each folder's device and inode (None when it is not there)."""
    identities: list[tuple[int, int] | None] = []
    for folder in folders:
        try:
            status = folder.stat()
        except OSError:
            identities.append(None)
            continue
        identities.append((status.st_dev, status.st_ino) if folder.is_dir() else None)
    return tuple(identities)


def wait_for_interrupt() -> None:
    """Block until Ctrl-C (KeyboardInterrupt reaches the caller, which stops the server)."""
    while True:
        time.sleep(3600)
