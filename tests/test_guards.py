"""Inputs that used to end in a traceback, a hang or unbounded work (issue 11, findings 8–14):
each now gets a clear message naming file, line and field, and a bounded cost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import briefgen
import briefgen.writers
from briefgen.names import safe_stem
from briefgen.workers import RenderLimits

from .conftest import ROOT, SEEDS, VALID_BRIEF, VALID_SOURCE, VALID_SOURCE_BETA, make_odd_file
from .conftest import run_cli as cli


def _seeds(tmp_path: Path, alpha: str = VALID_SOURCE, brief: str = VALID_BRIEF) -> Path:
    folder = tmp_path / "seeds"
    (folder / "sources").mkdir(parents=True)
    (folder / "briefs").mkdir()
    (folder / "sources" / "alpha.toml").write_text(alpha, encoding="utf-8")
    (folder / "sources" / "beta.toml").write_text(VALID_SOURCE_BETA, encoding="utf-8")
    (folder / "briefs" / "both.toml").write_text(brief, encoding="utf-8")
    return folder


# ------------------------------------------------------------------------------------------
# 8. Edge values


def it_refuses_a_brief_dated_beyond_what_zip_files_can_hold(tmp_path) -> None:
    seeds = _seeds(tmp_path, brief=VALID_BRIEF.replace("2026-01-01", "2108-01-01"))
    result = cli("validate", "--seeds", str(seeds))
    assert result.returncode == 1
    assert "both.toml:3: date: must be a date in the years 1980 to 2099" in result.stderr
    assert "Traceback" not in result.stderr


def it_builds_a_selection_open_until_the_end_of_time(tmp_path) -> None:
    brief = 'id = "open"\ntitle = "열린 선택"\ndate = "2026-01-01"\n\n[select]\nuntil = "9999-12"\n'
    seeds = _seeds(tmp_path, brief=brief)
    result = cli("build", "--seeds", str(seeds), "--out", str(tmp_path / "out"), "--format", "html")
    assert result.returncode == 0, result.stderr
    (page,) = (tmp_path / "out").glob("*.html")
    assert "알파 보고서" in page.read_text(encoding="utf-8")


def it_writes_very_large_figures_exactly(tmp_path) -> None:
    alpha = VALID_SOURCE + '[[figures]]\nlabel = "연산량 기준"\nvalue = 1e26\nunit = "FLOP"\n'
    alpha += '[[figures]]\nlabel = "예산"\nvalue = 123456789012345\nunit = "USD"\n'
    seeds = _seeds(tmp_path, alpha=alpha)
    out = tmp_path / "out"
    result = cli("build", "--seeds", str(seeds), "--out", str(out), "--format", "html,docx")
    assert result.returncode == 0, result.stderr
    (page,) = out.glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert "100,000,000,000,000,000,000,000,000FLOP" in html
    assert "123조\u00a04,567억\u00a08,901만\u00a02,345\u00a0달러" in html


def it_reports_a_line_break_in_a_theme_font_name(tmp_path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "styles", theme)
    toml = (theme / "theme.toml").read_text(encoding="utf-8")
    (theme / "theme.toml").write_text(
        toml.replace('"Noto Sans CJK KR",', '"Noto Sans CJK KR\\n} body { display: none",'),
        encoding="utf-8",
    )
    result = cli("doctor", "--theme", str(theme))
    assert result.returncode == 1
    line = next(i for i, t in enumerate(toml.splitlines(), 1) if '"Noto Sans CJK KR",' in t)
    assert f"theme.toml:{line}: fonts.body[0]: contains U+000A" in result.stderr
    assert "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------------
# 10. Seed files that are not files, or far too large: refused before reading


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("FIFO", "a FIFO (named pipe), not a regular file"),
        ("/dev/zero", "a device, not a regular file"),
        ("folder", "a folder, not a regular file"),
        ("3 GB", "the file is 3072.0 MB; seed files are limited to 2 MB"),
    ],
)
def it_refuses_seed_files_that_are_not_files_without_reading_them(tmp_path, kind, expected):
    seeds = _seeds(tmp_path)
    odd = seeds / "sources" / "odd.toml"
    make_odd_file(odd, kind)
    started = time.monotonic()
    result = cli("validate", "--seeds", str(seeds), timeout=60)
    assert result.returncode == 1
    assert f"{odd}: {expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


# ------------------------------------------------------------------------------------------
# 11 and 12. Guards per output: time, memory, a dying worker; the rest is still delivered


def _guarded_render(brief, fmt, options):
    if brief.id == "slow":
        time.sleep(60)
    elif brief.id == "hog":
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    elif brief.id == "dies":
        os.kill(os.getpid(), signal.SIGKILL)
    return REAL_RENDER(brief, fmt, options)


REAL_RENDER = briefgen.writers.render


def it_fails_one_bad_brief_and_delivers_the_others(tmp_path, briefs, monkeypatch) -> None:
    good = briefs["lee-son-asi-meeting"]
    bad = [good.model_copy(update={"id": i, "short_title": i}) for i in ("slow", "hog", "dies")]
    monkeypatch.setattr(briefgen.writers, "render", _guarded_render)
    started = time.monotonic()
    report = briefgen.build_briefs(
        [*bad, good],
        tmp_path,
        formats=("html",),
        jobs=2,
        limits=RenderLimits(seconds=5, memory_mb=300),
    )
    assert time.monotonic() - started < 30
    by_brief = {o.brief: o for o in report.outputs}
    assert by_brief["lee-son-asi-meeting"].status == "built"
    assert by_brief["lee-son-asi-meeting"].written.read_text(encoding="utf-8").startswith("<!")
    assert "took longer than 5 s" in by_brief["slow"].message
    assert "more than the memory limit of 300 MB" in by_brief["hog"].message
    assert "killed (SIGKILL)" in by_brief["dies"].message
    assert report.count("failed") == 3
    assert sorted(p.suffix for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        ".html",
        ".json",
    ]


def it_delivers_what_rendered_when_a_worker_is_killed_from_outside(tmp_path, briefs) -> None:
    script = (
        "import os, signal, sys, time, briefgen, briefgen.writers as w\n"
        "real = w.render\n"
        "def render(brief, fmt, options):\n"
        "    if brief.id == 'apec-tech-prosperity-mou':\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return real(brief, fmt, options)\n"
        "w.render = render\n"
        "sys.exit(briefgen.cli.main(sys.argv[1:]))\n"
    )
    import briefgen.cli  # noqa: F401  (the script's import of it)

    result = subprocess.run(
        [
            sys.executable, "-c", "import briefgen.cli\n" + script, "build", "--seeds",
            str(SEEDS), "--out", str(tmp_path), "--format", "html", "-j", "2",
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error: apec-tech-prosperity-mou (html): the renderer process was killed (SIGTERM)" in (
        result.stderr
    )
    assert "built 6, unchanged 0, kept 0, failed 1" in result.stderr
    assert len(list(tmp_path.glob("*.html"))) == 6


# ------------------------------------------------------------------------------------------
# 13 and 14. Options, names, pipes


@pytest.mark.parametrize(
    "pattern",
    ["{date!x}", "{date:d}", "{date:{title.__class__}}", "{date:>99999999999999}", "{}", "{0}"],
)
def it_accepts_plain_name_pattern_fields_only(pattern, tmp_path, briefs) -> None:
    result = cli("build", "--seeds", str(SEEDS), "--out", str(tmp_path), "--name-pattern", pattern)
    assert result.returncode == 2
    assert "bad name pattern" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(briefgen.OptionError, match="bad name pattern"):
        briefgen.build_briefs([briefs["lee-son-asi-meeting"]], tmp_path, pattern=pattern)
    assert list(tmp_path.iterdir()) == []


def it_raises_its_own_error_for_an_unknown_format(tmp_path, briefs) -> None:
    brief = briefs["lee-son-asi-meeting"]
    for call in (
        lambda: briefgen.render(brief, "odt"),
        lambda: briefgen.write(brief, tmp_path / "x.odt"),
        lambda: briefgen.build_briefs([brief], tmp_path, formats=("pdf", "odt")),
    ):
        with pytest.raises(briefgen.OptionError, match="unknown format odt") as caught:
            call()
        assert isinstance(caught.value, briefgen.BriefgenError)
        assert isinstance(caught.value, ValueError)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["COM¹", "lpt³.txt", "CONIN$", "conout$", "Nul.tar.gz", "AUX "])
def it_avoids_every_windows_device_name(name) -> None:
    from briefgen.names import _RESERVED

    stem = safe_stem(name)
    assert stem.split(".")[0].upper() not in _RESERVED, stem  # "CONIN$" loses its "$" anyway


def it_stops_quietly_when_the_reader_of_its_output_goes_away() -> None:
    result = subprocess.run(
        f"{sys.executable} -m briefgen schema | head -c 20",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.startswith("{")
    assert result.stderr == ""


def it_bounds_how_much_output_a_seed_can_make(tmp_path) -> None:
    """Citation markers repeat their source's title (as a tooltip): the limits on titles and
    on citations per item keep the HTML within a small multiple of the seeds, where a 100 KB
    seed once made an 89 MB page."""
    seeds = tmp_path / "seeds"
    (seeds / "sources").mkdir(parents=True)
    (seeds / "briefs").mkdir()
    ids = [f"s{n}" for n in range(10)]
    cites = ", ".join(f'"{i}"' for i in ids)
    for source_id in ids:
        item = f'{{ text = "{"가" * 1500}", cites = [{cites}] }}'
        (seeds / "sources" / f"{source_id}.toml").write_text(
            f'id = "{source_id}"\ntitle = "{"제" * 300}"\ndate = "2025"\nsummary = "요약."\n'
            f"key_points = [{', '.join([item] * 7)}]\n"
            f"implications = [{', '.join([item] * 5)}]\n",
            encoding="utf-8",
        )
    (seeds / "briefs" / "all.toml").write_text(
        f'id = "all"\ntitle = "모두"\ndate = "2026-01-01"\nsources = [{cites}]\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    result = cli("build", "--seeds", str(seeds), "--out", str(out), "--format", "html")
    assert result.returncode == 0, result.stderr
    seed_bytes = sum(p.stat().st_size for p in seeds.rglob("*.toml"))
    (page,) = out.glob("*.html")
    assert page.stat().st_size < 4 * seed_bytes, (page.stat().st_size, seed_bytes)
