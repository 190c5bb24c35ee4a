"""Hostile and broken input: every seed error is reported plainly and loses nothing; text that
looks like markup stays text and reaches nothing; outputs stay inside the output folder; faults
give clear errors."""

from __future__ import annotations

import errno
import io
import logging
import re
import socket
import unicodedata
import zipfile
from html import escape
from pathlib import Path

import docx
import pdfplumber
import pytest

import briefgen
import briefgen.writers.pdf as pdf_writer
from briefgen.models import BriefSpec, Source
from briefgen.theme import load_theme
from briefgen.typography import strip_joiners, typeset

from .conftest import VALID_BRIEF, VALID_SOURCE, VALID_SOURCE_BETA
from .conftest import run_cli as _cli

# ------------------------------------------------------------------------------------------
# Broken seeds


def _nested(depth: int) -> str:
    return "extra = " + "[" * depth + "]" * depth + "\n"


BROKEN = {
    "invalid syntax": (
        lambda t: t.replace('title = "알파 보고서"', 'title = "알파 보고서'),
        "alpha.toml:2: not valid TOML",
    ),
    "wrong type": (
        lambda t: t.replace('title = "알파 보고서"', "title = 42"),
        "title: must be text",
    ),
    "missing field": (
        lambda t: t.replace('summary = "첫 문장이다. 둘째 문장이다."\n', ""),
        "summary: required field is missing",
    ),
    "unknown field": (
        lambda t: t.replace("implications =", "implicatoins ="),
        "implicatoins: unknown field (did you mean 'implications'?)",
    ),
    "impossible date": (
        lambda t: t.replace('date = "2025-10-29"', 'date = "2025-13-01"'),
        'date: "2025-13-01" is not a real calendar date',
    ),
    "empty text": (
        lambda t: t.replace('title = "알파 보고서"', 'title = "   "'),
        "title: must not be empty",
    ),
    "missing citation": (
        lambda t: t.replace('cites = ["beta"]', 'cites = ["gamma"]'),
        "key_points[2].cites: unknown source 'gamma'",
    ),
    "control character": (
        lambda t: t.replace("알파 보고서", "알파\\u0007보고서"),
        "title: contains the invisible control character U+0007",
    ),
    "deeply nested": (lambda t: t + _nested(5000), "nested too deeply"),
    "duplicate id": (
        lambda t: t.replace('id = "alpha"', 'id = "beta"'),
        "duplicate source id 'beta'",
    ),
    # Edge values that validated but crashed a writer (issue 11, finding 8), and limits (11).
    "figure beyond 10^27": (
        lambda t: t + '[[figures]]\nlabel = "연산량"\nvalue = 1e27\nunit = "FLOP"\n',
        "figures[0].value: is out of range",
    ),
    "figure with 19 digits": (
        lambda t: t + '[[figures]]\nlabel = "금액"\nvalue = 1234567890123456789\nunit = "KRW"\n',
        "figures[0].value: has 19 significant digits",
    ),
    "noncharacter": (
        lambda t: t.replace("알파 보고서", "알파\\uFFFF보고서"),
        "title: contains U+FFFF, which is not a character",
    ),
    "integer of 5000 digits": (
        lambda t: t + "extra = " + "1" * 5000 + "\n",
        "alpha.toml: not valid TOML: Exceeds the limit (4300 digits)",
    ),
    "text too long": (
        lambda t: t.replace(
            'summary = "첫 문장이다. 둘째 문장이다."', f'summary = "{"가" * 2001}"'
        ),
        "summary[0]: is too long: 2,001 characters, at most 2,000",
    ),
    "title too long": (
        lambda t: t.replace('title = "알파 보고서"', f'title = "{"가" * 301}"'),
        "title: is too long: 301 characters, at most 300",
    ),
    "a source cited twice": (
        lambda t: t.replace('cites = ["beta"]', 'cites = ["beta", "beta"]'),
        "key_points[2].cites: cites beta more than once",
    ),
    "too many events": (
        lambda t: t + '[[events]]\ndate = "2025"\ntext = "일"\n' * 50,
        "events: allows at most 50 items, has 51",
    ),
    "terminal escape in a key": (
        lambda t: t + '"\\u001b[2J\\u001b[31mred" = 1\n',
        "\\x1b[2J\\x1b[31mred: unknown field",
    ),
}


@pytest.fixture
def delivered(tmp_path) -> Path:
    """An output folder holding a good earlier build of the brief."""
    seeds = _write_seeds(tmp_path / "good", VALID_SOURCE)
    out = tmp_path / "out"
    result = _cli("build", "--seeds", str(seeds), "--out", str(out), "--format", "html")
    assert result.returncode == 0, result.stderr
    return out


def _write_seeds(folder: Path, alpha: str | bytes) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "briefs").mkdir()
    target = folder / "sources" / "alpha.toml"
    if isinstance(alpha, bytes):
        target.write_bytes(alpha)
    else:
        target.write_text(alpha, encoding="utf-8")
    (folder / "sources" / "beta.toml").write_text(VALID_SOURCE_BETA, encoding="utf-8")
    (folder / "briefs" / "both.toml").write_text(VALID_BRIEF, encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}


@pytest.mark.parametrize("case", sorted(BROKEN))
def it_reports_broken_seeds_plainly_and_touches_no_output(case, tmp_path, delivered) -> None:
    mutate, expected = BROKEN[case]
    seeds = _write_seeds(tmp_path / "broken", mutate(VALID_SOURCE))
    before = _snapshot(delivered)
    result = _cli("build", "--seeds", str(seeds), "--out", str(delivered), "--format", "html")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr, result.stderr
    assert "alpha.toml" in result.stderr or "beta.toml" in result.stderr
    assert "\x1b" not in result.stderr
    assert result.stdout == ""
    assert _snapshot(delivered) == before


@pytest.mark.parametrize(
    ("case", "data", "expected"),
    [
        ("not UTF-8", 'title = "café"\n'.encode("latin-1"), "not UTF-8 text (byte 0xE9)"),
        ("10 MB", b"# " + b"x" * (10 * 1024 * 1024) + b"\n", "the file is 10.0 MB"),
        ("binary", bytes(range(256)) * 4, "not UTF-8 text"),
    ],
)
def it_reports_unreadable_files(case, data, expected, tmp_path, delivered) -> None:
    seeds = _write_seeds(tmp_path / "broken", data)
    before = _snapshot(delivered)
    result = _cli("validate", "--seeds", str(seeds))
    assert result.returncode == 1
    assert f"{seeds}/sources/alpha.toml" in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(delivered) == before


def it_accepts_nfd_text_and_writes_nfc(tmp_path) -> None:
    seeds = _write_seeds(tmp_path / "nfd", unicodedata.normalize("NFD", VALID_SOURCE))
    brief = tmp_path / "nfd" / "briefs" / "both.toml"
    brief.write_text(unicodedata.normalize("NFD", VALID_BRIEF + 'short_title = "한글 이름"\n'))
    out = tmp_path / "out"
    result = _cli("build", "--seeds", str(seeds), "--out", str(out), "--format", "html")
    assert result.returncode == 0, result.stderr
    (name,) = [p.name for p in out.iterdir() if p.suffix == ".html"]
    assert name == "2026-01-01_한글-이름.html"
    assert unicodedata.is_normalized("NFC", name)
    assert "알파 보고서" in (out / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Text that looks like markup or tries to reach out


@pytest.fixture
def trap():
    """A listening local socket that must never see a connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server.getsockname()[1], server
    server.close()


def _hostile_texts(port: int) -> list[str]:
    return [
        "<script>alert('x')</script>",
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/hostname">',
        f"<style>body {{ background: url(http://127.0.0.1:{port}/bg.png) }}</style>",
        f"url(http://127.0.0.1:{port}/font.woff)",
        f'<a href="http://127.0.0.1:{port}/x">링크</a>',
        f"http://127.0.0.1:{port}/plain",
        "{{ 7*7 }} {% for x in range(3) %}반복{% endfor %}",
        '</w:t></w:r><w:r><w:t xml:space="preserve">주입</w:t>',
        "<![CDATA[ ]]> &amp; &lt;b&gt;",
    ]


@pytest.fixture
def hostile_brief(trap):
    port, _ = trap
    texts = _hostile_texts(port)
    source = Source.model_validate(
        {
            "id": "hostile",
            "title": texts[0],
            "date": "2025-01-01",
            "summary": " ".join(texts[:3]),
            "key_points": texts[3:6],
            "implications": texts[6:8],
            "quotes": [{"text": texts[8], "speaker": texts[9]}],
            "events": [{"date": "2025-01", "text": texts[1]}],
            "figures": [{"label": texts[7], "value": 1, "unit": "건", "note": texts[4]}],
            "charts": [
                {
                    "id": "hostile-chart",
                    "title": texts[3],
                    "categories": [texts[0], texts[5]],
                    "unit": "건",
                    "series": [{"name": texts[7], "values": [1, 2]}],
                    "note": texts[8],
                    "source_line": texts[9],
                }
            ],
        }
    )
    spec = BriefSpec(
        id="hostile", title=texts[7], subtitle=texts[2], date="2025-01-02", sources=("hostile",)
    )
    return briefgen.assemble(spec, {"hostile": source}), texts


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def it_keeps_markup_as_text_and_fetches_nothing(hostile_brief, trap, monkeypatch) -> None:
    brief, texts = hostile_brief
    requests: list[str] = []
    real = pdf_writer.make_theme_fetcher

    def recording(folder, *faces):
        fetcher = real(folder, *faces)
        original = fetcher.fetch

        def fetch(url, headers=None):
            requests.append(url)
            return original(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf_writer, "make_theme_fetcher", recording)
    outputs = {fmt: briefgen.render(brief, fmt) for fmt in ("html", "pdf", "docx")}

    html = outputs["html"].decode()
    assert "<script>" not in html
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) == 1, "only the theme's logo"
    assert 'class="logo"' in images[0]
    assert 'src="data:image/svg+xml;base64,' in images[0]
    assert '<link rel="attachment"' not in html
    assert "{{ 7*7 }}" in html  # Jinja syntax in content is never evaluated
    assert "반복반복반복" not in html
    with pdfplumber.open(io.BytesIO(outputs["pdf"])) as document:
        pdf_text = _squash(
            "".join(page.extract_text(x_tolerance=1) or "" for page in document.pages)
        )
        names = document.doc.catalog.get("Names") or {}
        assert "EmbeddedFiles" not in names, "the PDF embeds a file"
    assert b"/EmbeddedFile" not in outputs["pdf"]
    assert b"/URI" not in outputs["pdf"], "text became a link"
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as archive:
        body = archive.read("word/document.xml").decode()
    docx_text = "\n".join(p.text for p in docx.Document(io.BytesIO(outputs["docx"])).paragraphs)
    docx_text += "\n".join(
        c.text
        for t in docx.Document(io.BytesIO(outputs["docx"])).tables
        for r in t.rows
        for c in r.cells
    )
    docx_plain = strip_joiners(docx_text).replace("\u00a0", " ")  # an address's break marks
    for text in texts:
        expected = typeset(text)
        assert _squash(expected) in pdf_text, text
        assert expected.replace("\u00a0", " ") in docx_plain, text
    assert "<w:t>주입" not in body
    assert "&lt;/w:t&gt;" in body
    logo = (load_theme().folder / "logo.svg").as_uri()
    # The compact fonts are asked for by their own names when this process loads them first
    # (once per process: so only when this test runs before every other PDF).
    fetched = [r for r in requests if not r.startswith("briefgen-font:")]
    drawn = [r for r in fetched if not r.startswith("data:image/svg+xml;base64,")]
    assert len(fetched) - len(drawn) == 1, "the chart, as an SVG image in the page itself"
    assert set(drawn) <= {logo}, requests  # the theme's own logo, nothing the content names
    chart = zipfile.ZipFile(io.BytesIO(outputs["docx"])).read("word/charts/chart1.xml").decode()
    assert escape(typeset(texts[0]), quote=False) in chart
    assert "{{ 7*7 }} {% for x in range(3) %}반복{% endfor %}" in chart
    svg = re.search(r"<svg class=\"chart-svg\".*?</svg>", html, flags=re.S).group(0)
    assert "&lt;script&gt;alert(" in svg
    assert "<script>" not in svg
    _, server = trap
    with pytest.raises(BlockingIOError):
        server.accept()


# ------------------------------------------------------------------------------------------
# Output paths


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/escape",
        "/etc/cron.d/evil",
        "CON",
        "nul",
        "COM1.txt",
        "가" * 290,
        unicodedata.normalize("NFD", "한글 파일 이름"),
        'a:b*c?d|e<f>g"h\\i',
        "\u202eevil\u202dfdp.exe",
    ],
)
def it_keeps_every_output_inside_the_folder_with_a_valid_name(name, tmp_path) -> None:
    source = Source.model_validate(
        {
            "id": "s",
            "title": "t",
            "date": "2025",
            "summary": "요약.",
            "key_points": ["1.", "2.", "3."],
            "implications": ["가.", "나."],
        }
    )
    short = name if len(name) <= 200 else None
    spec = BriefSpec(id="b", title=name, short_title=short, date="2025-01-01", sources=("s",))
    out = tmp_path / "out"
    report = briefgen.build_briefs(
        [briefgen.assemble(spec, {"s": source})], out, formats=("html", "docx")
    )
    assert report.ok
    written = [o.written for o in report.outputs]
    assert sorted(p.parent for p in written) == [out, out]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    for path in written:
        assert path.exists()
        assert len(path.name.encode()) <= 200
        assert unicodedata.is_normalized("NFC", path.name)
        assert not set(path.name) & set('<>:"/\\|?*\u202e\u202d')
        assert path.name.split(".")[0].upper() not in {"CON", "NUL", "COM1"}


def it_rejects_ids_that_could_be_paths(tmp_path) -> None:
    seeds = _write_seeds(tmp_path / "s", VALID_SOURCE)
    (seeds / "briefs" / "both.toml").write_text(
        VALID_BRIEF.replace('id = "both"', 'id = "../../evil"')
    )
    result = _cli("validate", "--seeds", str(seeds))
    assert result.returncode == 1
    assert "both.toml:1: id: is not a valid id" in result.stderr


# ------------------------------------------------------------------------------------------
# Faults


def it_reports_a_full_disk_and_leaves_no_partial_file(tmp_path, seeds, monkeypatch) -> None:
    import briefgen.delivery as delivery

    real_fill = delivery._fill

    def fill_until_full(descriptor, data, mode):
        real_fill(descriptor, data[: len(data) // 2], mode)  # half of it reaches the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(delivery, "_fill", fill_until_full)
    report = briefgen.build(seeds, tmp_path, ["lee-son-asi-meeting"], formats=("html",))
    (output,) = report.outputs
    assert output.status == "failed"
    assert "No space left on device" in output.message
    assert sorted(p.name for p in tmp_path.iterdir()) == [".briefgen.lock"]


def it_reports_a_read_only_folder(tmp_path, seeds, monkeypatch, capsys) -> None:
    import briefgen.delivery as delivery
    from briefgen.cli import main

    def refuse(path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(delivery, "_create_exclusive", refuse)
    code = main(
        [
            "build",
            "lee-son-asi-meeting",
            "--seeds",
            str(Path(__file__).parent.parent / "seeds"),
            "--out",
            str(tmp_path),
            "--format",
            "html",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert f"cannot write into {tmp_path}: Permission denied" in err
    assert "Traceback" not in err


@pytest.mark.expected_logs
def it_warns_clearly_without_harfbuzz_subsetting(monkeypatch, theme, caplog) -> None:
    from weasyprint.text import ffi

    from briefgen.doctor import run_checks

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    (check,) = [c for c in run_checks(theme) if c.name == "HarfBuzz subsetting"]
    assert check.status == "warning"
    assert "fontTools" in check.detail
    assert check.fix == "sudo apt-get install libharfbuzz-subset0"

    import briefgen.fonts

    monkeypatch.setattr(briefgen.fonts, "_warned_about_subsetting", False)
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        briefgen.fonts.warn_if_slow_subsetting()
        briefgen.fonts.warn_if_slow_subsetting()  # once per process
    (record,) = caplog.records
    assert "Fix: sudo apt-get install libharfbuzz-subset0" in record.getMessage()


def it_names_the_supported_weasyprint_when_its_font_bindings_change(monkeypatch) -> None:
    """WeasyPrint's cffi bindings are not public API: a release that changes them must fail
    loudly with the fix, not with an AttributeError deep in a render."""
    from weasyprint.text import ffi

    from briefgen.fonts import weasyprint_bindings

    bindings = weasyprint_bindings()  # the installed WeasyPrint has everything briefgen uses
    assert bindings.fontconfig.FcFontMatch is not None
    monkeypatch.delattr(ffi, "fontconfig")
    with pytest.raises(briefgen.EnvironmentProblem, match=r"weasyprint>=70,<71"):
        weasyprint_bindings()
