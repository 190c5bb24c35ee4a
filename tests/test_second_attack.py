"""The second attack: themes, the preview server, logos, ``new``, limits and the library's own
arguments — each reproduction of the red-team pass, absent, checked from the outside (the
HTML in Chromium, the server over sockets, files on disk, the command line's exit and stderr).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import signal
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
import warnings
import zlib
from pathlib import Path

import pytest

import briefgen
from briefgen import serve
from briefgen.errors import BriefgenError, OptionError, SeedError, ThemeError
from briefgen.models import BriefSpec
from briefgen.theme import load_theme
from briefgen.workers import RenderLimits

from .bigseeds import BRIEF_ID as BIG_BRIEF
from .bigseeds import write_big_seeds
from .browser import Chromium, wait_for
from .conftest import SEEDS, minimal_source, run_cli
from .processes import start_preview

BRIEF = "kr-us-tariff-tech-alliance"


def _theme(tmp_path: Path, css: str = "", toml: str = "") -> Path:
    """A copy of the default theme with ``css`` appended to its stylesheet and ``toml`` to its
    definition."""
    folder = tmp_path / "theme"
    shutil.copytree(load_theme().folder, folder)
    (folder / "brief.css").write_text(
        (folder / "brief.css").read_text(encoding="utf-8") + css, encoding="utf-8"
    )
    if toml:
        (folder / "theme.toml").write_text(
            (folder / "theme.toml").read_text(encoding="utf-8") + toml, encoding="utf-8"
        )
    return folder


# --- 1. a theme's stylesheet stays CSS and uses only the theme's files ---------------------------

PLANTED = "body { color: #111; }\n</style><script>window.pwned = 1</script><style>\n"


@pytest.mark.expected_logs
def it_keeps_a_planted_script_in_a_theme_inside_the_style_element(briefs, tmp_path, caplog) -> None:
    theme = load_theme(_theme(tmp_path, PLANTED))
    html = briefgen.render(briefs[BRIEF], "html", theme).decode()
    plain = briefgen.render(briefs[BRIEF], "html").decode()
    assert "<script" not in html
    assert html.count("</style>") == plain.count("</style>"), "no style element ends early"
    assert "Content-Security-Policy" in html, "the page itself allows no script, loads nothing"
    page = tmp_path / "brief.html"
    page.write_text(html, encoding="utf-8")
    browser = Chromium(tmp_path / "chromium")
    try:
        browser.open(page.as_uri())
        assert browser.evaluate("typeof window.pwned") == "undefined"
        assert browser.evaluate("document.scripts.length") == 0
        assert "pwned" not in str(browser.text())
    finally:
        browser.close()
    pdf = briefgen.render(briefs[BRIEF], "pdf", theme)
    assert pdf.startswith(b"%PDF-")
    # the planted text is not CSS: WeasyPrint says so (and draws nothing of it)
    logged = [r.getMessage() for r in caplog.records]
    assert all(m.startswith(("Parse error", "Invalid", "Ignored")) for m in logged), logged


@pytest.mark.parametrize(
    ("css", "refused"),
    [
        ("body { background: url(https://example.org/track.png); }", "url(https://example.org"),
        ('body { background: url("//example.org/x.png"); }', "url(//example.org"),
        ("body { background: url(file:///etc/passwd); }", "url(file:///etc/passwd)"),
        ("body { background: url(../outside.png); }", "outside the theme folder"),
        ('body { background: image-set("https://example.org/a.png" 1x); }', "url(https://"),
        ('@import "other.css";', "@import"),
        ("@IMPORT url(x.css);", "@import"),
    ],
)
def it_refuses_a_theme_stylesheet_that_reaches_outside(tmp_path, css, refused) -> None:
    folder = _theme(tmp_path, "\n" + css + "\n")
    (tmp_path / "outside.png").write_bytes(_png(4, 4))
    lines = (folder / "brief.css").read_text(encoding="utf-8").count("\n")
    with pytest.raises(ThemeError) as raised:
        load_theme(folder)
    message = str(raised.value)
    assert f"brief.css:{lines}:" in message, message
    assert refused in message


def it_inlines_the_theme_files_a_stylesheet_names_in_the_html_page(briefs, tmp_path) -> None:
    folder = _theme(tmp_path, "\n.masthead { background: url(bg.svg) no-repeat; }\n")
    (folder / "bg.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    theme = load_theme(folder)
    html = briefgen.render(briefs[BRIEF], "html", theme).decode()
    assert "url(data:image/svg+xml;base64," in html
    assert "url(bg.svg)" not in html
    assert briefgen.render(briefs[BRIEF], "pdf", theme).startswith(b"%PDF-")


# --- 2, 4, 13. the preview server ---------------------------------------------------------------


def _get(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def it_answers_no_request_another_site_makes(server) -> None:
    """An ``<img src="http://127.0.0.1:PORT/brief/…pdf">`` on any web page: the browser says
    where the request comes from, and the preview renders nothing for it."""
    page = f"{server.url}brief/{BRIEF}"
    assert _get(page, {"Sec-Fetch-Site": "cross-site"}) == 403
    assert _get(page + ".pdf", {"Sec-Fetch-Site": "same-site"}) == 403
    assert _get(page, {"Origin": "https://evil.example"}) == 403
    assert _get(page, {"Sec-Fetch-Site": "same-origin"}) == 200
    assert _get(page, {"Sec-Fetch-Site": "none"}) == 200, "an address typed in"
    assert _get(page, {"Origin": server.url.rstrip("/")}) == 200


def _abandon(url: str) -> None:
    """Ask for ``url`` and hang up before the answer."""
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    path = "/" + url.split("//", 1)[1].split("/", 1)[1]
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        time.sleep(0.3)


def it_stays_responsive_while_heavy_renders_are_abandoned(tmp_path) -> None:
    """Two abandoned PDFs of a long brief held both renderers (and, before, the one server
    process): their workers are stopped as the clients leave, and another brief is served."""
    seeds = write_big_seeds(tmp_path / "big")
    shutil.copy(SEEDS / "sources" / f"{BRIEF}.toml", seeds / "sources")
    shutil.copy(SEEDS / "briefs" / f"{BRIEF}.toml", seeds / "briefs")
    running = serve.start(seeds, None, port=0)
    try:
        pool = running.preview.pool
        pool.prestart(serve.RENDERERS)
        before = {worker.process.pid for worker in pool._all}
        for _ in range(serve.RENDERERS):
            _abandon(f"{running.url}brief/{BIG_BRIEF}.pdf")
        assert _get(f"{running.url}brief/{BRIEF}") == 200
        after = {worker.process.pid for worker in pool._all}
        assert before - after, "an abandoned render's worker was stopped and replaced"
        assert all(worker.process.pid != os.getpid() for worker in pool._all)
    finally:
        running.stop()


@pytest.mark.expected_logs
def it_closes_connections_that_send_nothing_and_caps_how_many_are_open(monkeypatch, tmp_path):
    monkeypatch.setattr(serve, "REQUEST_SECONDS", 1)
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 3)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    running = serve.start(seeds, None, port=0)
    host, port = running.httpd.server_address[:2]
    try:
        idle = [socket.create_connection((host, port), timeout=10) for _ in range(3)]
        time.sleep(0.3)
        extra = socket.create_connection((host, port), timeout=10)
        assert extra.recv(1) == b"", "over the cap: closed at once"
        extra.close()
        for connection in idle:  # a slowloris client: dropped after REQUEST_SECONDS
            assert connection.recv(1) == b""
            connection.close()
        assert _get(running.url) == 200, "and then served again"
    finally:
        running.stop()


def it_prints_no_traceback_when_clients_hang_up(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    process, url = start_preview(seeds)
    try:
        for path in (f"brief/{BRIEF}.pdf", f"brief/{BRIEF}", f"brief/{BRIEF}.docx", ""):
            _abandon(url + path)
        assert _get(f"{url}brief/{BRIEF}.hwpx") == 200
        # a download read halfway, then dropped
        host, port = url.split("//", 1)[1].rstrip("/").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as connection:
            connection.sendall(
                f"GET /brief/{BRIEF}.pdf HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
            )
            connection.recv(100)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(1)
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=90)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors, errors
    assert "Error" not in errors, errors


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--host", "0.0.0.0"), "every network address"),
        (("--host", "::"), "every network address"),
        (("--port", "70000"), "from 0 to 65535"),
        (("--port", "-1"), "from 0 to 65535"),
        (("--time-limit", "2147484"), "from 1 to 86400"),
        (("--memory-limit", "1"), "from 256 to"),
    ],
)
def it_refuses_addresses_and_limits_it_cannot_serve_with(tmp_path, arguments, message) -> None:
    result = run_cli("serve", "--seeds", str(SEEDS), "--port", "0", *arguments, timeout=60)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --- 5. the watcher follows folders that are replaced or appear ---------------------------------


def it_sees_a_seed_folder_made_again_and_a_theme_folder_made_later(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    theme = tmp_path / "later-theme"
    running = serve.start(seeds, theme, port=0)
    try:
        assert running.preview.state.problems, "no theme folder yet"
        shutil.copytree(load_theme().folder, theme)
        assert wait_for(lambda: not running.preview.state.problems, 10), "theme noticed"
        shutil.rmtree(seeds)
        assert wait_for(lambda: bool(running.preview.state.problems), 10)
        shutil.copytree(SEEDS, seeds)
        assert wait_for(lambda: not running.preview.state.problems, 10), "seeds noticed"
        version = running.preview.state.version
        source = seeds / "sources" / f"{BRIEF}.toml"
        source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert wait_for(lambda: running.preview.state.version > version, 10), "watched again"
    finally:
        running.stop()


# --- 3, 8. logos are decoded before they are embedded -------------------------------------------


def _png(width: int, height: int, *, rows: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = (
        rows
        if rows is not None
        else b"".join(b"\0" + b"\x1d\x4e\x89" * width for _ in range(height))
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


def _logo_theme(tmp_path: Path, data: bytes) -> Path:
    folder = _theme(tmp_path)
    (folder / "house.png").write_bytes(data)
    text = (folder / "theme.toml").read_text(encoding="utf-8")
    if "[logo]" in text:
        start = text.index("[logo]")
        end = text.find("\n[", start + 1)
        text = text[:start] + (text[end + 1 :] if end != -1 else "")
    (folder / "theme.toml").write_text(
        text + '\n[logo]\nfile = "house.png"\nheight_mm = 9\n', encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png(40, 10)[:-30], "damaged or cut short"),
        (_png(100_000, 100_000, rows=b""), "more pixels than a logo needs"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "not a readable PNG"),
    ],
    ids=["truncated", "bomb", "header-only"],
)
def it_refuses_a_logo_that_does_not_decode(tmp_path, data, message) -> None:
    folder = _logo_theme(tmp_path, data)
    with pytest.raises(ThemeError, match=r"logo\.file") as raised:
        load_theme(folder)
    assert message in str(raised.value)
    assert "theme.toml:" in str(raised.value)


def it_keeps_a_wide_logos_proportions_in_hwpx(briefs, tmp_path) -> None:
    import re
    import zipfile

    theme = load_theme(_logo_theme(tmp_path, _png(400, 100)))
    data = briefgen.render(briefs[BRIEF], "hwpx", theme)
    section = zipfile.ZipFile(io.BytesIO(data)).read("Contents/section0.xml").decode()
    picture = re.search(r"<hp:pic\b.*?</hp:pic>", section, re.DOTALL)
    assert picture is not None
    size = re.search(r'<hp:sz width="(\d+)"[^>]*height="(\d+)"', picture.group(0))
    assert size is not None
    width, height = int(size.group(1)), int(size.group(2))
    assert width / height == pytest.approx(4, rel=0.01), (width, height)


# --- 9, 12. `briefgen new` ----------------------------------------------------------------------


def it_never_hangs_on_a_fifo_where_a_schema_file_goes(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "schema").mkdir(parents=True)
    os.mkfifo(seeds / "schema" / "source.schema.json")
    result = run_cli("new", "source", "fresh", "--seeds", str(seeds), timeout=60)
    assert result.returncode == 0, result.stderr
    assert (seeds / "sources" / "fresh.toml").is_file()
    assert (seeds / "schema" / "brief.schema.json").is_file()


@pytest.mark.parametrize("blocker", ["sources", "schema"])
def it_writes_nothing_when_a_folder_it_needs_is_a_file(tmp_path, blocker) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / blocker).write_text("in the way", encoding="utf-8")
    result = run_cli("new", "source", "fresh", "--seeds", str(seeds), timeout=60)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{blocker} is a file" in result.stderr
    assert sorted(p.name for p in seeds.rglob("*")) == [blocker], "nothing written"


def it_never_follows_a_schema_link_out_of_the_seed_folder(tmp_path) -> None:
    seeds, elsewhere = tmp_path / "seeds", tmp_path / "elsewhere"
    seeds.mkdir()
    elsewhere.mkdir()
    (seeds / "schema").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("new", "source", "fresh", "--seeds", str(seeds), timeout=60)
    assert result.returncode != 0
    assert "is a link" in result.stderr
    assert list(elsewhere.iterdir()) == []


def it_refuses_an_id_with_a_line_break_and_writes_only_ids_into_a_brief(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    result = run_cli("new", "source", "abc\n", "--seeds", str(seeds), timeout=60)
    assert result.returncode != 0
    assert "cannot be a source id" in result.stderr
    assert not (seeds / "sources").exists() or not list((seeds / "sources").iterdir())
    (seeds / "sources").mkdir(parents=True, exist_ok=True)
    (seeds / "sources" / 'a" ]\nx = [".toml').write_text("", encoding="utf-8")
    (seeds / "sources" / "real-one.toml").write_text("", encoding="utf-8")
    result = run_cli("new", "brief", "b", "--seeds", str(seeds), timeout=60)
    assert result.returncode == 0, result.stderr
    text = (seeds / "briefs" / "b.toml").read_text(encoding="utf-8")
    assert 'sources = ["real-one"]' in text


# --- 10, 11, 14. limits, margins and the library's arguments ------------------------------------


@pytest.mark.parametrize(
    "limits",
    [
        {"seconds": math.inf},
        {"seconds": math.nan},
        {"seconds": 0},
        {"seconds": 2_147_484},
        {"memory_mb": 1},
        {"memory_mb": 9_000_000_000_000},
        {"memory_mb": 2.5},
        {"seconds": "10"},
    ],
)
def it_refuses_limits_a_worker_cannot_run_with(limits) -> None:
    with pytest.raises(OptionError):
        RenderLimits(**limits)


@pytest.mark.parametrize(
    "arguments",
    [("--time-limit", "2147484"), ("--memory-limit", "9000000000000"), ("--memory-limit", "1")],
)
def it_gives_a_usage_error_for_such_limits_on_the_command_line(arguments) -> None:
    result = run_cli("build", "--seeds", str(SEEDS), *arguments, timeout=60)
    assert result.returncode == 2
    assert "expected a whole number from" in result.stderr
    assert "Traceback" not in result.stderr
    assert "SyntaxError" not in result.stderr


def it_refuses_margins_that_leave_no_page(tmp_path) -> None:
    folder = _theme(tmp_path)
    text = (folder / "theme.toml").read_text(encoding="utf-8")
    text = text.replace("margin_left_mm = 20", "margin_left_mm = 150", 1)
    text = text.replace("margin_right_mm = 20", "margin_right_mm = 150", 1)
    (folder / "theme.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError, match=r"theme.toml:\d+: page: the margins leave"):
        load_theme(folder)


def it_answers_wrong_library_arguments_with_its_own_errors(briefs) -> None:
    brief = briefs[BRIEF]
    with pytest.raises(OptionError, match="pdf_variant"):
        briefgen.render(brief, "pdf", pdf_variant="pdf/x-1")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="expected a Brief"):
        briefgen.render("kr-us-tariff-tech-alliance", "pdf")  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="format"):
        briefgen.render(brief, 3)  # type: ignore[arg-type]
    with pytest.raises(OptionError, match="theme"):
        briefgen.render(brief, "html", theme="styles")  # type: ignore[arg-type]
    with pytest.raises(SeedError) as raised:
        BriefSpec(id="Not An Id", title="", date="2026-13-01", sources=())
    message = str(raised.value)
    assert "BriefSpec(…): id:" in message
    assert "BriefSpec(…): title:" in message
    assert "BriefSpec(…): date:" in message
    assert isinstance(raised.value, BriefgenError)


# --- 15. nothing left behind, nothing raw on the terminal ---------------------------------------


def it_leaves_no_temporary_folder_when_the_preview_is_stopped_mid_render(tmp_path) -> None:
    seeds = write_big_seeds(tmp_path / "big")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process, url = start_preview(seeds, env=env)
    try:
        fetching = threading.Thread(target=_get, args=(f"{url}brief/{BIG_BRIEF}.pdf",))
        fetching.start()
        assert wait_for(lambda: any(scratch.glob("briefgen-render-*/weasyprint-*")), 60)
        time.sleep(0.5)
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=90)
    fetching.join(30)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors
    assert not [p.name for p in scratch.iterdir() if not p.name.startswith("pymp-")]


@pytest.mark.expected_logs
def it_reports_a_charts_missing_glyphs_as_one_warning_line(theme, caplog) -> None:
    chart = {
        "id": "glyphs",
        "kind": "bar",
        "title": "글리프",
        "unit": "%",
        "categories": ["가 𝕏", "나 🙂"],
        "series": [{"name": "계열", "values": [1, 2]}],
    }
    spec = BriefSpec(id="g", title="글리프", date="2026-01-01", sources=("s",))
    brief = briefgen.assemble(spec, {"s": minimal_source(charts=[chart])})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        briefgen.render(brief, "html", theme)
    assert not [w for w in caught if "Glyph" in str(w.message)], "no raw matplotlib warning"
    lines = [r.getMessage() for r in caplog.records if r.name == "briefgen.writers.svgchart"]
    assert len(lines) == 1, lines
    assert "U+1D54F" in lines[0]
    assert "U+1F642" in lines[0]
