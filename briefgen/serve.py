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

It binds to 127.0.0.1 by default and answers only requests addressed to it by that name (or
``localhost``), so a web page elsewhere cannot reach it through DNS rebinding. Paths are
matched whole against those patterns: nothing from a request ever becomes a file path.
"""

from __future__ import annotations

import html
import logging
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from briefgen.errors import BriefgenError, SeedError

logger = logging.getLogger(__name__)

DOWNLOADS = ("pdf", "docx", "hwpx")
CLOSING = -1
_BRIEF = re.compile(r"^/brief/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(pdf|docx|hwpx))?$")
_RELOAD_SCRIPT = """<script>
new EventSource("/events").addEventListener("change", () => location.reload());
</script>"""
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

    def __init__(self, seeds: Path, theme: Path | None) -> None:
        self.seeds_folder = seeds
        self.theme_folder = theme
        self.state = State()
        self._lock = threading.Lock()
        # Requests are answered in threads; WeasyPrint (its shared font configuration, Pango)
        # is not made for concurrent layouts: one render at a time.
        self._render_lock = threading.Lock()
        self._listeners: list[queue.Queue[int]] = []
        self.reload()

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
        """End every open event stream."""
        with self._lock:
            for listener in self._listeners:
                listener.put(CLOSING)

    # --- pages ------------------------------------------------------------------------------

    def index(self) -> str:
        state = self.state
        rows = "".join(
            f'<tr><td><a href="/brief/{html.escape(brief)}">{html.escape(brief)}</a></td>'
            f"<td>{html.escape(spec.title)}</td></tr>"
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

    def brief_page(self, brief_id: str) -> str | None:
        state = self.state
        if state.problems:
            return _page(f"{brief_id} — problems", self._problems())
        if brief_id not in state.seeds.briefs:
            return None
        from briefgen.api import render
        from briefgen.assembly import assemble

        try:
            brief = assemble(state.seeds.briefs[brief_id], state.seeds.sources)
            with self._render_lock:
                page = render(brief, "html", state.theme).decode("utf-8")
        except BriefgenError as exc:
            return _page(f"{brief_id} — problems", _problem_list([str(exc)]))
        links = " ".join(
            f'<a href="/brief/{brief_id}.{fmt}" download>{fmt.upper()}</a>' for fmt in DOWNLOADS
        )
        toolbar = (
            f'<div class="toolbar" id="briefgen-toolbar"><a href="/">briefgen</a>'
            f"{html.escape(brief_id)} · {links}</div>"
        )
        page = page.replace("<body>", f"<body>{_TOOLBAR_STYLE}{toolbar}", 1)
        return page.replace("</body>", f"{_RELOAD_SCRIPT}</body>", 1)

    def download(self, brief_id: str, fmt: str) -> bytes | None:
        state = self.state
        if state.problems or brief_id not in state.seeds.briefs:
            return None
        from briefgen.api import render
        from briefgen.assembly import assemble

        brief = assemble(state.seeds.briefs[brief_id], state.seeds.sources)
        with self._render_lock:
            data: bytes = render(brief, fmt, state.theme)
        return data

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
        f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">'
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

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").lower()
            if host not in getattr(self.server, "allowed_hosts", ()):
                self._send(HTTPStatus.FORBIDDEN, "text/plain", b"unknown host")
                return
            path = self.path.split("?", 1)[0]
            if path == "/":
                self._html(preview.index())
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
                    page = preview.brief_page(brief_id)
                    if page is None:
                        self._not_found()
                    else:
                        self._html(page)
                    return
                data = preview.download(brief_id, fmt)
            except BriefgenError as exc:
                self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain", str(exc).encode())
                return
            if data is None:
                self._not_found()
                return
            self._send(HTTPStatus.OK, _MEDIA[fmt], data, attachment=f"{brief_id}.{fmt}")

        def do_HEAD(self) -> None:
            self._send(HTTPStatus.METHOD_NOT_ALLOWED, "text/plain", b"")

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
            except (BrokenPipeError, ConnectionResetError):
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
            self.send_header(
                "Content-Security-Policy",
                "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                "script-src 'unsafe-inline'; connect-src 'self'",
            )
            if attachment:
                self.send_header("Content-Disposition", f'attachment; filename="{attachment}"')
            self.end_headers()
            self.wfile.write(body)

    return Handler


@dataclass
class Server:
    """A running preview: its address, and how to stop it."""

    httpd: ThreadingHTTPServer
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


def start(seeds: Path, theme: Path | None, *, host: str = "127.0.0.1", port: int = 8000) -> Server:
    """Start the preview server and the watcher in background threads."""
    preview = Preview(seeds, theme)
    httpd = ThreadingHTTPServer((host, port), make_handler(preview))
    httpd.daemon_threads = True
    bound = httpd.server_address[1]  # the port, once bound (port 0 picks one)
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    httpd.allowed_hosts = frozenset(f"{name}:{bound}" for name in names)  # type: ignore[attr-defined]
    stop_event = threading.Event()
    serving = threading.Thread(target=httpd.serve_forever, name="briefgen-serve", daemon=True)
    watching = threading.Thread(
        target=_watch, args=(preview, stop_event), name="briefgen-watch", daemon=True
    )
    # The first PDF download then finds WeasyPrint loaded (~0.7 s of imports). The thread is
    # joined on stop: a daemon thread left inside an import can hang the interpreter's exit.
    warming = threading.Thread(target=_warm_up, name="briefgen-warm-up", daemon=True)
    serving.start()
    watching.start()
    warming.start()
    return Server(httpd, preview, stop_event, [serving, watching, warming])


def _warm_up() -> None:
    from briefgen.writers import REGISTRY

    try:
        REGISTRY["pdf"].warm_up()
    except Exception:  # the first download reports what is wrong, with its message
        logger.debug("warming up the PDF writer failed", exc_info=True)


def _watch(preview: Preview, stop_event: threading.Event) -> None:
    """Reload the preview after every change to the seeds or the theme."""
    from watchfiles import watch

    from briefgen.resources import styles_dir

    watched = (preview.seeds_folder, preview.theme_folder or styles_dir())
    folders = [str(folder) for folder in watched if folder.exists()]
    for _changes in watch(*folders, stop_event=stop_event, debounce=150, step=50, rust_timeout=500):
        preview.reload()


def wait_for_interrupt() -> None:
    """Block until Ctrl-C (KeyboardInterrupt reaches the caller, which stops the server)."""
    while True:
        time.sleep(3600)
