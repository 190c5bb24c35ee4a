"""Nothing a person wrote is lost on a shared drive (issue 11's attack, one test per finding).

Each test sets up what a careless colleague, another tool or a killed process leaves in the
output folder, runs a build, and checks the files themselves: their bytes, what the manifest
claims, and what the build reported.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import briefgen
import briefgen.delivery as delivery
from briefgen.delivery import JOURNAL, LOCK, file_sha256
from briefgen.manifest import MANIFEST
from briefgen.models import BriefSpec

from .conftest import ROOT, SEEDS, make_odd_file, minimal_source
from .conftest import run_cli as cli

EDIT = b"<p>an analyst's edit</p>"


def brief(short_title: str = "보고서", title: str = "제목", brief_id: str = "b") -> briefgen.Brief:
    spec = BriefSpec(
        id=brief_id, title=title, short_title=short_title, date="2026-01-01", sources=("s",)
    )
    return briefgen.assemble(spec, {"s": minimal_source()})


def build(folder: Path, *briefs: briefgen.Brief, force: bool = False) -> briefgen.BuildReport:
    return briefgen.build_briefs(list(briefs) or [brief()], folder, formats=("html",), force=force)


def entries(folder: Path) -> dict[str, dict]:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["outputs"]


def hashes_claimed(folder: Path) -> set[str]:
    """Every hash the manifest says briefgen wrote (current and previous versions)."""
    return {h for e in entries(folder).values() for h in (e["sha256"], e.get("previous")) if h}


def sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


NAME = "2026-01-01_보고서.html"
SIDE = "2026-01-01_보고서.new.html"
SIDE2 = "2026-01-01_보고서.new-2.html"


# ------------------------------------------------------------------------------------------
# 1. An edit saved while briefgen renders the same file


def it_keeps_an_edit_saved_during_the_build(tmp_path, monkeypatch) -> None:
    build(tmp_path)
    final = tmp_path / NAME
    real_stage = delivery.OutputFolder.stage

    def stage_while_someone_saves(self, data):
        final.write_bytes(EDIT)  # after the decision, before the rename
        return real_stage(self, data)

    monkeypatch.setattr(delivery.OutputFolder, "stage", stage_while_someone_saves)
    report = build(tmp_path, brief(title="새 제목"))
    (output,) = report.outputs
    assert final.read_bytes() == EDIT
    assert output.status == "kept"
    assert "changed while briefgen was building it" in output.message
    assert output.written == tmp_path / SIDE
    assert "새 제목" in (tmp_path / SIDE).read_text(encoding="utf-8")
    assert sha(EDIT) not in hashes_claimed(tmp_path)
    monkeypatch.undo()
    again = build(tmp_path, brief(title="새 제목"))
    assert [(o.status, o.rendered) for o in again.outputs] == [("kept", False)]
    assert final.read_bytes() == EDIT


# ------------------------------------------------------------------------------------------
# 2. The file beside a kept one follows the same ownership rule


def it_never_overwrites_an_edited_side_file(tmp_path) -> None:
    build(tmp_path)
    (tmp_path / NAME).write_bytes(EDIT)
    assert build(tmp_path).outputs[0].written == tmp_path / SIDE
    (tmp_path / SIDE).write_bytes(b"my notes on the new build")
    report = build(tmp_path, brief(title="새 제목"))
    assert report.outputs[0].written == tmp_path / SIDE2
    assert (tmp_path / SIDE).read_bytes() == b"my notes on the new build"
    assert (tmp_path / NAME).read_bytes() == EDIT
    assert "새 제목" in (tmp_path / SIDE2).read_text(encoding="utf-8")


def it_writes_beside_a_side_file_briefgen_did_not_write(tmp_path) -> None:
    (tmp_path / NAME).write_bytes(b"a colleague's file")
    (tmp_path / SIDE).write_bytes(b"another colleague's file")
    report = build(tmp_path)
    assert report.outputs[0].status == "kept"
    assert report.outputs[0].written == tmp_path / SIDE2
    assert (tmp_path / SIDE).read_bytes() == b"another colleague's file"


def it_reports_when_no_side_name_is_free(tmp_path) -> None:
    (tmp_path / NAME).write_bytes(b"theirs")
    for number in range(1, 10):
        side = SIDE if number == 1 else f"2026-01-01_보고서.new-{number}.html"
        (tmp_path / side).write_bytes(b"theirs too")
    before = sorted(p.name for p in tmp_path.iterdir())
    report = build(tmp_path)
    (output,) = report.outputs
    assert output.status == "failed"
    assert "no name beside it is free" in output.message
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK) == before


# ------------------------------------------------------------------------------------------
# 3. --force, and links


def it_never_records_a_persons_version_as_briefgens(tmp_path) -> None:
    build(tmp_path)
    (tmp_path / NAME).write_bytes(EDIT)
    forced = build(tmp_path, force=True)
    assert forced.outputs[0].status == "built"
    assert sha(EDIT) not in hashes_claimed(tmp_path)
    (tmp_path / NAME).write_bytes(EDIT)  # restored from a backup
    report = build(tmp_path)
    assert report.outputs[0].status == "kept"
    assert (tmp_path / NAME).read_bytes() == EDIT


@pytest.mark.parametrize("force", [False, True])
def it_never_replaces_a_symbolic_link(tmp_path, force) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / NAME).symlink_to(tmp_path / "nowhere.html")  # dangling
    report = build(out, force=force)
    (output,) = report.outputs
    assert output.status == "kept"
    assert "symbolic link" in output.message
    assert os.readlink(out / NAME) == str(tmp_path / "nowhere.html")
    assert not (tmp_path / "nowhere.html").exists()
    assert output.written == out / SIDE


# ------------------------------------------------------------------------------------------
# 4. A brief named like another brief's side file


def it_plans_side_names_around_every_output_name(tmp_path) -> None:
    first, second = brief("보고서", "첫째", "first"), brief("보고서.new", "둘째", "second")
    build(tmp_path, first, second)
    (tmp_path / NAME).write_bytes(EDIT)
    report = build(tmp_path, first, second)
    by_brief = {o.brief: o for o in report.outputs}
    assert by_brief["first"].status == "kept"
    assert by_brief["first"].written == tmp_path / SIDE2
    assert by_brief["second"].status == "unchanged"
    assert "둘째" in (tmp_path / SIDE).read_text(encoding="utf-8")
    again = build(tmp_path, first, second)
    assert [(o.status, o.rendered) for o in again.outputs] == [
        ("kept", False),
        ("unchanged", False),
    ]
    assert "첫째" in (tmp_path / SIDE2).read_text(encoding="utf-8")
    assert "둘째" in (tmp_path / SIDE).read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------
# 5. Temporary files: only those briefgen can prove it made are removed


LOOKALIKES = (".report.pdf.abc123.tmp", ".x.docx.y.tmp", f".briefgen-{'a' * 32}.tmp")


def it_leaves_files_that_only_look_like_its_temporaries(tmp_path) -> None:
    for name in LOOKALIKES:
        (tmp_path / name).write_bytes(b"someone's file")
    build(tmp_path)
    for name in LOOKALIKES:
        assert (tmp_path / name).read_bytes() == b"someone's file"
    assert not (tmp_path / JOURNAL).exists()


KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    import briefgen, briefgen.delivery as delivery
    point, count = sys.argv[1], int(sys.argv[2])
    calls = {"n": 0}

    def kill_on(real):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == count:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return wrapper

    if point == "staged":  # data on disk under a temporary name, not yet recorded
        delivery.OutputFolder.save_manifest = kill_on(delivery.OutputFolder.save_manifest)
    elif point == "recorded":  # the manifest names the new file, the rename has not happened
        delivery.Staged.commit = kill_on(delivery.Staged.commit)
    elif point == "renamed":  # the new file is in place, the folder not yet fsynced
        delivery._fsync_folder = kill_on(delivery._fsync_folder)
    seeds = briefgen.load_seeds(sys.argv[3])
    briefgen.build(seeds, sys.argv[4], formats=("html", "docx"))
    """
)


@pytest.mark.parametrize(
    ("point", "count"), [("staged", 1), ("staged", 4), ("recorded", 4), ("renamed", 5)]
)
def it_recovers_from_a_build_killed_during_delivery(tmp_path, point, count) -> None:
    out = tmp_path / "out"
    for name in LOOKALIKES:
        (out / name).parent.mkdir(exist_ok=True)
        (out / name).write_bytes(b"someone's file")
    killed = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, point, str(count), str(SEEDS), str(out)],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr.decode()
    temporaries = [p for p in out.iterdir() if p.name.startswith(".briefgen-")]
    assert temporaries, "the kill came during delivery, so a temporary file is left"
    assert (out / JOURNAL).exists()
    from .test_build import assert_complete

    recorded = entries(out) if (out / MANIFEST).exists() else {}
    for path in out.iterdir():
        if not path.name.startswith("."):
            assert_complete(path)
            if path.name != MANIFEST:
                entry = recorded[path.name]
                assert file_sha256(path) in (entry["sha256"], entry.get("previous"))
    result = cli("build", "--seeds", str(SEEDS), "--out", str(out), "--format", "html,docx")
    assert result.returncode == 0, result.stderr
    assert "kept 0" in result.stderr
    left = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert left == sorted([LOCK, *LOOKALIKES])
    for name in LOOKALIKES:
        assert (out / name).read_bytes() == b"someone's file"


# ------------------------------------------------------------------------------------------
# 6 and 9. manifest.json: never replaced unless it is briefgen's, in every detail


NOT_OURS = {
    "another tool's": b'{"files": ["a.pdf"]}\n',
    "outputs is a list": b'{"format": "briefgen-manifest/2", "outputs": []}',
    "outputs is null": b'{"format": "briefgen-manifest/2", "outputs": null}',
    "outputs is text": b'{"format": "briefgen-manifest/2", "outputs": "x"}',
    "deeply nested": b'{"format": "briefgen-manifest/2", "outputs": ' + b"[" * 100_000,
    "a name outside": (
        b'{"format": "briefgen-manifest/2", "outputs": {"../x.html": {"brief": "b", '
        b'"format": "html", "sha256": "' + b"0" * 64 + b'", "size": 1, "inputs": "'
        b"" + b"0" * 64 + b'"}}}'
    ),
    "empty": b"",
    "not UTF-8": b"\xff\xfe{}",
}


@pytest.mark.parametrize("case", sorted(NOT_OURS))
def it_refuses_a_manifest_it_did_not_write(tmp_path, case) -> None:
    (tmp_path / MANIFEST).write_bytes(NOT_OURS[case])
    result = cli(
        "build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(tmp_path),
        "--format", "html",
    )  # fmt: skip
    assert result.returncode == 1
    assert f"error: {tmp_path / MANIFEST} is not a briefgen manifest" in result.stderr
    assert "move it away" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / MANIFEST).read_bytes() == NOT_OURS[case]
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK, MANIFEST]


def it_refuses_a_manifest_that_is_not_a_regular_file(tmp_path) -> None:
    (tmp_path / MANIFEST).symlink_to("/dev/zero")
    result = cli(
        "build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(tmp_path),
        "--format", "html",
    )  # fmt: skip
    assert result.returncode == 1
    assert "is not a briefgen manifest (a symbolic link" in result.stderr


def it_reads_a_version_1_manifest(tmp_path) -> None:
    build(tmp_path)
    document = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    document["format"] = "briefgen-manifest/1"
    (tmp_path / MANIFEST).write_text(json.dumps(document), encoding="utf-8")
    assert [o.status for o in build(tmp_path).outputs] == ["unchanged"]


# ------------------------------------------------------------------------------------------
# 9. Odd things at output and side names: clear words, no traceback, never a hang


@pytest.mark.parametrize("where", [NAME, SIDE])
@pytest.mark.parametrize("kind", ["FIFO", "/dev/zero", "folder"])
def it_works_around_special_files_at_output_names(tmp_path, kind, where) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if where == SIDE:
        (out / NAME).write_bytes(b"a colleague's file")
    make_odd_file(out / where, kind)
    result = subprocess.run(
        [sys.executable, "-c", BUILD_ONE, str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stdout.splitlines()
    status, written = line.split(" ", 1)
    assert status == "kept"
    assert Path(written).name in (SIDE, SIDE2)
    assert Path(written).name != where
    assert stat.S_IFMT(os.lstat(out / where).st_mode) != stat.S_IFREG


BUILD_ONE = textwrap.dedent(
    """
    import sys
    from tests.test_shared_drive import build
    from pathlib import Path
    (output,) = build(Path(sys.argv[1])).outputs
    print(output.status, output.written)
    """
)


def it_keeps_an_unreadable_file(tmp_path, monkeypatch) -> None:
    build(tmp_path)
    real = delivery.file_sha256

    def unreadable(path, **kwargs):
        if Path(path).name == NAME:
            raise PermissionError(13, "Permission denied")
        return real(path, **kwargs)

    monkeypatch.setattr(delivery, "file_sha256", unreadable)
    (output,) = build(tmp_path, brief(title="새 제목")).outputs
    assert output.status == "kept"
    assert "cannot be read (Permission denied)" in output.message
    assert output.written == tmp_path / SIDE


# ------------------------------------------------------------------------------------------
# 14. The lock


def it_lets_the_group_take_the_lock_in_a_group_writable_folder(tmp_path) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    shared.chmod(0o2775)
    build(shared)
    assert stat.S_IMODE((shared / LOCK).stat().st_mode) & 0o060 == 0o060
    assert stat.S_IMODE((shared / NAME).stat().st_mode) & 0o060 == 0o060


def it_refuses_a_symlinked_lock(tmp_path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me")
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).symlink_to(precious)
    with pytest.raises(briefgen.DeliveryError, match="not briefgen's lock file"):
        build(out)
    assert precious.read_text() == "do not truncate me"


# ------------------------------------------------------------------------------------------
# 7 and 14. The theme: only its own files, and never the outputs


def _theme_copy(tmp_path: Path) -> Path:
    import shutil

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "styles", theme)
    return theme


def it_refuses_a_stylesheet_that_links_outside_the_theme(tmp_path) -> None:
    theme = _theme_copy(tmp_path)
    secret = tmp_path / "secret.css"
    secret.write_text("/* PRIVATE-NOTES */ body { color: red }")
    (theme / "brief.css").unlink()
    (theme / "brief.css").symlink_to(secret)
    result = cli(
        "build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(tmp_path / "out"),
        "--format", "html", "--theme", str(theme),
    )  # fmt: skip
    assert result.returncode == 1
    assert "leads outside the theme folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["FIFO", "/dev/zero", "3 GB"])
def it_refuses_odd_theme_files_without_hanging(tmp_path, kind) -> None:
    theme = _theme_copy(tmp_path)
    (theme / "theme.toml").unlink()
    make_odd_file(theme / "theme.toml", kind)
    result = cli("doctor", "--theme", str(theme), timeout=60)
    assert result.returncode == 1
    assert "theme.toml" in result.stderr
    assert "Traceback" not in result.stderr


def it_does_not_count_outputs_inside_the_theme_folder_as_theme_files(tmp_path) -> None:
    theme = _theme_copy(tmp_path)
    command = (
        "build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(theme / "out"),
        "--format", "html,docx", "--theme", str(theme),
    )  # fmt: skip
    assert cli(*command).returncode == 0
    again = cli(*command)
    assert "built 0, unchanged 2" in again.stderr, again.stderr


def it_fails_a_pdf_whose_theme_asset_is_missing(tmp_path) -> None:
    theme = _theme_copy(tmp_path)
    with (theme / "brief.css").open("a", encoding="utf-8") as css:
        css.write('\n.masthead { background: url("missing-logo.png") }\n')
    out = tmp_path / "out"
    result = cli(
        "build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(out),
        "--format", "pdf,html", "--theme", str(theme),
    )  # fmt: skip
    assert result.returncode == 1
    # the theme is checked before anything renders: its stylesheet's line, the missing file
    assert "brief.css:" in result.stderr
    assert "missing-logo.png not found" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))


# ------------------------------------------------------------------------------------------
# The journal of temporaries is itself never trusted beyond what briefgen writes into it


def it_deletes_nothing_a_forged_journal_names(tmp_path) -> None:
    build(tmp_path)
    precious = tmp_path / "report.docx"
    precious.write_bytes(b"a colleague's report")
    hidden = tmp_path / ".notes.tmp"
    hidden.write_bytes(b"notes")
    (tmp_path / JOURNAL).write_text(
        "briefgen-temporaries/1\nreport.docx\n.notes.tmp\n../outside.tmp\nmanifest.json\n"
        f".briefgen-{'b' * 32}.tmp\n",
        encoding="utf-8",
    )
    (tmp_path / f".briefgen-{'b' * 32}.tmp").write_bytes(b"a temporary briefgen made")
    assert [o.status for o in build(tmp_path).outputs] == ["unchanged"]
    assert precious.read_bytes() == b"a colleague's report"
    assert hidden.read_bytes() == b"notes"
    assert (tmp_path / MANIFEST).exists()
    assert not (tmp_path / f".briefgen-{'b' * 32}.tmp").exists()
    assert not (tmp_path / JOURNAL).exists()


@pytest.mark.parametrize("content", [b"my own notes\n", b"\xff\xfe", "/dev/zero"])
def it_refuses_a_journal_it_did_not_write(tmp_path, content) -> None:
    if content == "/dev/zero":
        (tmp_path / JOURNAL).symlink_to("/dev/zero")
    else:
        (tmp_path / JOURNAL).write_bytes(content)
    with pytest.raises(briefgen.DeliveryError, match="is not briefgen's journal"):
        build(tmp_path)
    assert not list(tmp_path.glob("*.html"))


def it_writes_one_file_atomically_or_says_why(tmp_path, briefs) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    with pytest.raises(briefgen.DeliveryError, match="cannot write into"):
        briefgen.write(briefs["lee-son-asi-meeting"], blocker / "brief.html")
    path = briefgen.write(briefs["lee-son-asi-meeting"], tmp_path / "brief.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "brief.html"]


def it_keeps_the_journal_while_a_temporary_could_not_be_removed(tmp_path, monkeypatch) -> None:
    import errno

    real_fill = delivery._fill

    def full(descriptor, data, mode):
        real_fill(descriptor, data[:10], mode)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(delivery, "_fill", full)
    monkeypatch.setattr(delivery, "_discard", lambda path: False)  # e.g. a flaky network share
    (output,) = build(tmp_path).outputs
    assert output.status == "failed"
    (leftover,) = tmp_path.glob(".briefgen-*.tmp")
    assert leftover.name in (tmp_path / JOURNAL).read_text(encoding="utf-8")
    monkeypatch.undo()
    (output,) = build(tmp_path).outputs
    assert output.status == "built"
    assert not leftover.exists()
    assert not (tmp_path / JOURNAL).exists()
