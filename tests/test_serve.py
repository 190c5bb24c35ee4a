"""``briefgen serve``: pages, downloads, change events, errors in the page, and nothing served
that is not its own — then the real loop in headless Chromium (the system's package)."""

from __future__ import annotations

import base64
import http.client
import shutil
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from briefgen import serve

from .browser import Chromium, wait_for
from .conftest import ROOT, SEEDS
from .processes import start_preview

BRIEF = "kr-us-tariff-tech-alliance"
SOURCE = SEEDS / "sources" / f"{BRIEF}.toml"


def get(server: serve.Server, path: str, host: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(server.url.rstrip("/") + path)
    if host is not None:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def source_file(server: serve.Server) -> Path:
    return server.preview.seeds_folder / "sources" / f"{BRIEF}.toml"


def it_lists_briefs_and_sources_with_their_status(server) -> None:
    status, media, body = get(server, "/")
    assert status == 200
    assert media.startswith("text/html")
    page = body.decode()
    for brief in ("kr-us-tariff-tech-alliance", "ai-policy-digest"):
        assert f'href="/brief/{brief}"' in page
    assert page.count("class='ok'>valid<") == 5
    assert 'id="problems"' not in page


def it_serves_the_preview_with_downloads_and_the_reload_hook(server) -> None:
    status, _, body = get(server, f"/brief/{BRIEF}")
    page = body.decode()
    assert status == 200
    assert "한미 협상 타결과 기술 동맹" in page
    assert '<script src="/reload.js"></script>' in page
    assert "Content-Security-Policy" not in page, "the page's own policy gives way to the server's"
    status, media, script = get(server, "/reload.js")
    assert status == 200
    assert media.startswith("text/javascript")
    assert b'new EventSource("/events")' in script
    for fmt in ("pdf", "docx", "hwpx"):
        assert f'href="/brief/{BRIEF}.{fmt}"' in page
    magic = {"pdf": b"%PDF-", "docx": b"PK", "hwpx": b"PK"}
    for fmt, start in magic.items():
        status, media, data = get(server, f"/brief/{BRIEF}.{fmt}")
        assert status == 200
        assert data.startswith(start), fmt
        assert media != "text/html"


@pytest.mark.parametrize(
    "path",
    [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/brief/../../seeds/sources/kr-us-tariff-tech-alliance.toml",
        "/brief/..%2f..%2fetc%2fpasswd",
        "/brief/unknown",
        "/brief/kr-us-tariff-tech-alliance.exe",
        "/brief/kr-us-tariff-tech-alliance/",
        "/theme.toml",
        "/brief.css",
        "/sources/",
        "/events/../",
        "//etc/passwd",
    ],
)
def it_serves_nothing_but_its_own_pages(server, path) -> None:
    status, _, body = get(server, path)
    assert status == 404
    assert b"root:" not in body


def it_answers_only_to_its_own_name(server) -> None:
    port = server.httpd.server_address[1]
    assert get(server, "/", host=f"localhost:{port}")[0] == 200
    assert get(server, "/", host="attacker.example")[0] == 403
    assert get(server, "/", host=f"attacker.example:{port}")[0] == 403


def it_binds_to_this_computer_only_by_default(server) -> None:
    assert server.httpd.server_address[0] == "127.0.0.1"


def it_announces_every_change_and_shows_seed_errors_in_the_page(server) -> None:
    host, port = server.httpd.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert response.fp.readline() == b"retry: 500\n"
    path = source_file(server)
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace('id = "', 'idd = "', 1), encoding="utf-8")
    lines = [response.fp.readline() for _ in range(5)]
    assert b"event: change\n" in lines
    connection.close()
    _, _, body = get(server, f"/brief/{BRIEF}")
    page = body.decode()
    assert 'id="problems"' in page
    assert f"{path}:" in page
    assert "idd: unknown field" in page
    assert "class='bad'>has problems" in get(server, "/")[2].decode()
    assert get(server, f"/brief/{BRIEF}.pdf")[0] == 404  # nothing built from broken seeds
    path.write_text(original, encoding="utf-8")
    assert wait_for(lambda: 'id="problems"' not in get(server, f"/brief/{BRIEF}")[2].decode(), 5)


@pytest.mark.parametrize("request_first", [True, False], ids=["after-a-request", "at-once"])
def it_runs_from_the_command_line_and_stops_on_ctrl_c(tmp_path, request_first) -> None:
    """Ctrl-C ends it cleanly — also at once, while it is still loading WeasyPrint (a thread
    left inside an import could hang the interpreter's exit)."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    process, url = start_preview(seeds)
    try:
        if request_first:
            with urllib.request.urlopen(url, timeout=30) as response:
                assert b"briefgen preview" in response.read()
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=90)
    assert process.returncode == 0, errors
    assert "Traceback" not in errors


def it_refuses_a_seed_folder_that_is_not_there(tmp_path) -> None:
    from .conftest import run_cli

    result = run_cli("serve", "--seeds", str(tmp_path / "missing"), "--port", "0", timeout=60)
    assert result.returncode == 1
    assert "seed folder" in result.stderr
    assert "not found" in result.stderr
    assert "Traceback" not in result.stderr


# --- in a real browser --------------------------------------------------------------------


@pytest.mark.slow
def it_updates_the_open_page_by_itself_in_chromium(server, tmp_path) -> None:
    browser = Chromium(tmp_path / "chromium")
    try:
        browser.call("Page.enable")
        browser.call("Page.navigate", url=f"{server.url}brief/{BRIEF}")
        assert wait_for(lambda: "한미 협상 타결과 기술 동맹" in browser.text(), 20)
        # a mark on this page: it survives only until the page reloads
        browser.call("Runtime.evaluate", expression="window.briefgenMark = 1")
        path = source_file(server)
        original = path.read_text(encoding="utf-8")
        edited = original.replace(
            "key_points = [", 'key_points = [\n  "브라우저가 스스로 새로 고친 핵심 내용이다.",', 1
        )
        assert edited != original
        path.write_text(edited, encoding="utf-8")
        # how fast is measured by `make bench` (the preview loop), not asserted here
        assert wait_for(lambda: "브라우저가 스스로 새로 고친 핵심 내용이다." in browser.text(), 20)
        assert browser.marked() == 0, "a new page: it reloaded itself (nobody pressed reload)"
        # a planted error appears with its file and line, and goes away when fixed
        path.write_text(edited.replace('title = "', 'title = 3 # "', 1), encoding="utf-8")
        assert wait_for(lambda: f"{path.name}:" in browser.text(), 5)
        assert "title" in browser.text()
        path.write_text(original, encoding="utf-8")
        assert wait_for(lambda: "problem" not in browser.text()
                        and "한미 협상 타결" in browser.text(), 5)  # fmt: skip
        shot = browser.call("Page.captureScreenshot", format="png")
        assert base64.b64decode(shot["data"]).startswith(b"\x89PNG")
    finally:
        browser.close()


def it_documents_the_loop_with_a_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "examples/preview.png" in readme
    assert (ROOT / "examples" / "preview.png").read_bytes().startswith(b"\x89PNG")


def it_stops_within_its_time_even_when_a_thread_does_not_end(tmp_path) -> None:
    """A thread stuck (the warm-up inside an import, under load) must not hold Ctrl-C up: stop
    gives up after its time and says so, and the command line then leaves at once."""
    import threading

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    server = serve.start(seeds, None, port=0)
    release = threading.Event()
    stuck = threading.Thread(target=release.wait, daemon=True)
    stuck.start()
    server.threads.append(stuck)
    started = time.monotonic()
    try:
        assert server.stop(timeout=1) is False
        assert time.monotonic() - started < 10
    finally:
        release.set()
