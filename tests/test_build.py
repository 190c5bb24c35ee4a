"""Building into a shared folder: names, manifest, incremental and reproducible builds, nothing
lost, concurrent builds, and builds killed part-way."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pypdf
import pytest

import briefgen
from briefgen.delivery import file_sha256
from briefgen.manifest import MANIFEST
from briefgen.names import MAX_NAME_BYTES, output_stem, safe_stem

from .conftest import SEEDS
from .conftest import run_cli as cli


def manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["outputs"]


def finals(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def assert_complete(path: Path) -> None:
    """The file under a final name is a whole PDF or DOCX, not a prefix of one."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        assert data.rstrip().endswith(b"%%EOF"), path
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
    elif path.suffix == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
            assert "word/document.xml" in archive.namelist()
    elif path.name == MANIFEST:
        json.loads(data)


class DescribeNames:
    def it_names_outputs_by_date_and_short_title(self, briefs) -> None:
        assert output_stem(briefs["apec-tech-prosperity-mou"]) == "2025-10-29_한미-기술번영-MOU"
        assert output_stem(briefs["apec-tech-prosperity-mou"], "{id}") == "apec-tech-prosperity-mou"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("../../etc/passwd", "etc-passwd"),
            ("/absolute/path", "absolute-path"),
            ('a<b>c:d"e|f?g*h', "a-b-c-d-e-f-g-h"),
            ("CON", "_CON"),
            ("nul.txt", "_nul.txt"),
            ("trailing dot. ", "trailing-dot"),
            ("탭\t과\n줄바꿈", "탭-과-줄바꿈"),
            ("", "brief"),
            ("...", "brief"),
            ("반도체, 배터리·바이오 '3대' 전략", "반도체-배터리-바이오-3대-전략"),
            ("R&D 예산 $39 billion (2025)", "R-D-예산-39-billion-2025"),
            ("「칩스법」 100%; 50#", "칩스법-100-50"),
        ],
    )
    def it_makes_any_text_a_safe_single_file_name(self, raw, expected) -> None:
        assert safe_stem(raw) == expected

    def it_writes_nfc_even_from_nfd_input(self) -> None:
        nfd = unicodedata.normalize("NFD", "한미 기술번영")
        assert safe_stem(nfd) == "한미-기술번영"
        assert unicodedata.is_normalized("NFC", safe_stem(nfd))

    def it_limits_the_length_without_cutting_a_character(self) -> None:
        stem = safe_stem("가" * 500)
        assert len(stem.encode()) <= MAX_NAME_BYTES
        assert stem == "가" * (MAX_NAME_BYTES // 3)

    @pytest.mark.parametrize("width", range(3, 12))
    def it_shortens_a_long_title_at_a_word_boundary(self, width) -> None:
        words = [("반도체지원법개정" * 3)[:width], "미국", "CHIPS", "Act", "보조금과", "IRA"]
        title = ", ".join(words * 8)  # ~150 characters, commas included
        stem = safe_stem(title)
        assert len(stem.encode()) <= MAX_NAME_BYTES
        assert "," not in stem
        kept = stem.split("-")
        assert kept == (words * 8)[: len(kept)], "every word kept whole"
        assert len(stem.encode()) > MAX_NAME_BYTES // 2


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("share") / "out"
    result = cli("build", "--seeds", str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result


def it_records_every_output_in_the_manifest(first_build) -> None:
    out, result = first_build
    files = [p for p in finals(out) if p.name != MANIFEST]
    assert len(files) == 14
    entries = manifest(out)
    assert sorted(entries) == sorted(p.name for p in files)
    for path in files:
        entry = entries[path.name]
        assert entry["sha256"] == file_sha256(path)
        assert entry["size"] == path.stat().st_size
        assert entry["format"] == path.suffix[1:]
        assert len(entry["inputs"]) == 64
        assert_complete(path)
    assert entries["2025-10-29_한미-기술번영-MOU.pdf"]["brief"] == "apec-tech-prosperity-mou"
    printed = result.stdout.split()
    assert sorted(printed) == sorted(str(p) for p in files)


def it_rebuilds_nothing_when_nothing_changed(first_build) -> None:
    out, _ = first_build
    before = {p.name: p.stat().st_mtime_ns for p in finals(out)}
    result = cli("build", "--seeds", str(SEEDS), "--out", str(out))
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr.strip() == f"built 0, unchanged 14, kept 0, failed 0 in {out}"
    after = {p.name: p.stat().st_mtime_ns for p in finals(out)}
    assert after == before, "a no-change build must not touch any file, manifest included"


def it_produces_byte_identical_files_when_built_twice(first_build, tmp_path) -> None:
    out, _ = first_build
    again = tmp_path / "again"
    assert cli("build", "--seeds", str(SEEDS), "--out", str(again), "--jobs", "2").returncode == 0
    for path in finals(out):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def it_rebuilds_exactly_the_briefs_that_use_a_changed_source(first_build, tmp_path) -> None:
    out, _ = first_build
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    shared = tmp_path / "out"
    shutil.copytree(out, shared)
    source = seeds / "sources" / "lee-son-asi-meeting.toml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("1시간 10분", "70분"), encoding="utf-8"
    )
    result = cli("build", "--seeds", str(seeds), "--out", str(shared))
    assert result.returncode == 0, result.stderr
    rebuilt = sorted(Path(line).name for line in result.stdout.split())
    assert rebuilt == sorted(
        f"{stem}.{fmt}"
        for stem in ("2026-02-09_이재명-손정의-면담-ARM-MOU", "2026-02-09_AI-정책-동향")
        for fmt in ("pdf", "docx")
    )
    assert "built 4, unchanged 10" in result.stderr


def it_never_overwrites_a_file_someone_edited(first_build, tmp_path) -> None:
    out, _ = first_build
    shared = tmp_path / "share"
    shutil.copytree(out, shared)
    edited = shared / "2025-10-29_한미-기술번영-MOU.docx"
    edited.write_bytes(edited.read_bytes() + b"an analyst's edit")
    mine = edited.read_bytes()
    result = cli("build", "apec-tech-prosperity-mou", "--seeds", str(SEEDS), "--out", str(shared))
    assert result.returncode == 0
    assert edited.read_bytes() == mine
    beside = shared / "2025-10-29_한미-기술번영-MOU.new.docx"
    assert result.stdout.split() == [str(beside)]
    assert beside.read_bytes() == (out / edited.name).read_bytes()
    assert f"warning: kept {edited}" in result.stderr
    assert "kept 1" in result.stderr
    forced = cli(
        "build", "apec-tech-prosperity-mou", "--seeds", str(SEEDS), "--out", str(shared), "--force"
    )
    assert forced.returncode == 0
    assert edited.read_bytes() == (out / edited.name).read_bytes()
    assert not beside.exists()


def it_treats_a_file_briefgen_did_not_write_as_someone_elses(tmp_path) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    theirs = shared / "2025-10-29_한미-기술번영-MOU.pdf"
    theirs.write_bytes(b"%PDF- a colleague's own file")
    result = cli(
        "build",
        "apec-tech-prosperity-mou",
        "--seeds",
        str(SEEDS),
        "--out",
        str(shared),
        "--format",
        "pdf",
    )
    assert result.returncode == 0
    assert theirs.read_bytes() == b"%PDF- a colleague's own file"
    assert (shared / "2025-10-29_한미-기술번영-MOU.new.pdf").exists()


def it_keeps_the_manifest_whole_when_two_builds_run_at_once(tmp_path) -> None:
    shared = tmp_path / "share"
    command = [
        sys.executable,
        "-m",
        "briefgen",
        "build",
        "--seeds",
        str(SEEDS),
        "--out",
        str(shared),
    ]
    first = subprocess.Popen(
        [*command, "--format", "pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    second = subprocess.Popen(
        [*command, "--format", "docx,pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert first.wait(timeout=300) == 0
    assert second.wait(timeout=300) == 0
    entries = manifest(shared)
    files = [p for p in finals(shared) if p.name != MANIFEST]
    assert len(files) == 14
    assert sorted(entries) == sorted(p.name for p in files)
    for path in files:
        assert entries[path.name]["sha256"] == file_sha256(path)
    assert not [p for p in shared.iterdir() if p.name.endswith(".new.pdf")]


@pytest.mark.parametrize("delay", [1.5])
def it_leaves_only_complete_files_when_killed_part_way(tmp_path, delay) -> None:
    """Killed at a moment in time (usually while rendering); tests/test_shared_drive.py kills
    deterministically at each step of delivery."""
    shared = tmp_path / "share"
    command = [
        sys.executable,
        "-m",
        "briefgen",
        "build",
        "--seeds",
        str(SEEDS),
        "--out",
        str(shared),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if shared.exists():
        for path in finals(shared):
            assert_complete(path)
        if (shared / MANIFEST).exists():
            for name, entry in manifest(shared).items():
                assert file_sha256(shared / name) == entry["sha256"]
    result = cli("build", "--seeds", str(SEEDS), "--out", str(shared))
    assert result.returncode == 0, result.stderr
    assert "kept 0" in result.stderr
    assert not [p for p in shared.iterdir() if p.name.endswith(".tmp")]
    assert len(finals(shared)) == 15


def it_builds_through_the_library_api(tmp_path, seeds) -> None:
    report = briefgen.build(seeds, tmp_path, ["lee-son-asi-meeting"], formats=("docx",))
    assert report.ok
    assert [(o.brief, o.format, o.status) for o in report.outputs] == [
        ("lee-son-asi-meeting", "docx", "built")
    ]
    assert report.outputs[0].written.read_bytes()[:2] == b"PK"
    again = briefgen.build(seeds, tmp_path, ["lee-son-asi-meeting"], formats=("docx",))
    assert again.count("unchanged") == 1


def it_refuses_two_briefs_with_the_same_file_name(tmp_path, seeds) -> None:
    brief = briefgen.get_brief(seeds, "lee-son-asi-meeting")
    twin = brief.model_copy(update={"id": "twin"})
    with pytest.raises(briefgen.DeliveryError, match="would both be written"):
        briefgen.build_briefs([brief, twin], tmp_path, formats=("html",))
    assert not any(p.suffix == ".html" for p in tmp_path.iterdir())


def it_reports_an_unwritable_output_folder_clearly(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    result = cli("build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(blocker))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: cannot write into {blocker}")
    assert "Traceback" not in result.stderr
    assert os.path.isfile(blocker)


def it_renders_again_when_an_installed_font_file_changes(tmp_path, make_seeds) -> None:
    """The fonts that set a PDF are part of its inputs: a font file updated on the machine
    (same path, new contents) makes the PDFs it set again; nothing else does."""
    from briefgen.resources import styles_dir

    from .conftest import VALID_BRIEF, VALID_SOURCE, VALID_SOURCE_BETA, untraced

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("NanumGothic.ttf", "NanumGothicBold.ttf"):
        found = list(Path("/usr/share/fonts").rglob(name))
        if not found:
            pytest.skip("fonts-nanum is installed by make test")
        shutil.copy(found[0], fonts / name)
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>\n"
    )
    theme = tmp_path / "theme"
    shutil.copytree(styles_dir(), theme)
    toml = theme / "theme.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("body = [")
    toml.write_text(
        text[:start] + 'body = ["NanumGothic"]\n' + text[text.index("]", start) + 1 :],
        encoding="utf-8",
    )
    seeds = make_seeds(
        sources={"alpha": VALID_SOURCE, "beta": VALID_SOURCE_BETA}, briefs={"both": VALID_BRIEF}
    )
    env = untraced({**os.environ, "FONTCONFIG_FILE": str(config),
                    "BRIEFGEN_CACHE_DIR": str(tmp_path / "cache")})  # fmt: skip
    out = tmp_path / "out"
    args = ("build", "--seeds", str(seeds), "--out", str(out), "--theme", str(theme),
            "--format", "pdf,docx")  # fmt: skip

    def build() -> str:
        result = cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        return result.stderr.strip().split(" in ")[0]

    assert build() == "built 2, unchanged 0, kept 0, failed 0"
    assert build() == "built 0, unchanged 2, kept 0, failed 0"
    regular = fonts / "NanumGothic.ttf"
    data = regular.read_bytes()
    regular.unlink()
    regular.write_bytes(data)  # the package manager's update: a new file at the same path
    os.utime(regular, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert build() == "built 1, unchanged 1, kept 0, failed 0"  # the PDF; the DOCX names fonts
