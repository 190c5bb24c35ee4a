"""Shared fixtures: the repository's seeds and theme, and a factory for throw-away seed folders."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import briefgen
from briefgen.assembly import assemble
from briefgen.models import Brief, Source
from briefgen.seeds import SeedSet
from briefgen.theme import Theme

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

#: A complete, valid source file used as the starting point for broken variants.
VALID_SOURCE = """\
id = "alpha"
title = "알파 보고서"
publisher = "알파신문"
date = "2025-10-29"
tags = ["ai-policy"]
summary = "첫 문장이다. 둘째 문장이다."
key_points = [
  "첫째 핵심이다.",
  "둘째 핵심이다.",
  { text = "셋째 핵심이다.", cites = ["beta"] },
]
implications = ["첫째 시사점이다.", "둘째 시사점이다."]

[[events]]
date = "2025-10"
text = "10월의 일"
"""

VALID_SOURCE_BETA = """\
id = "beta"
title = "베타 분석"
date = "2025-09-01"
tags = ["ai-policy", "other"]
summary = "베타의 요약이다."
key_points = ["베타 하나다.", "베타 둘이다.", "베타 셋이다."]
implications = ["첫째 시사점이다.", "베타만의 시사점이다."]

[[events]]
date = "2025-10-29"
text = "같은 날의 일"
"""

VALID_BRIEF = """\
id = "both"
title = "둘 다"
date = "2026-01-01"
sources = ["alpha", "beta"]
"""

SeedFactory = Callable[..., Path]

DEFAULT_HEADINGS = [
    "요약",
    "핵심 내용",
    "한국에 대한 시사점",
    "주요 일지",
    "주요 수치",
    "주요 발언",
    "출처",
]
"""The section headings of a brief with every block of the sources and no editor's parts."""


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = 300,
) -> subprocess.CompletedProcess[str]:
    """``python -m briefgen ARGS`` in a new process, as a user would run it (a hang fails)."""
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


def untraced(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (or this process's environment) for a subprocess that coverage does not trace.

    For the few tests whose subprocess makes compact fonts from scratch: fontTools is pure
    Python and runs 2-3 times slower under the tracer, while the briefgen lines it passes
    through are counted by other tests."""
    return {
        name: value
        for name, value in (os.environ if env is None else env).items()
        if name not in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START")
    }


ODD_FILES = ("FIFO", "/dev/zero", "folder", "3 GB")


def with_block(brief: Brief, block: Any) -> Brief:
    """``brief`` with its block of ``block.kind`` replaced by ``block``."""
    blocks = tuple(block if b.kind == block.kind else b for b in brief.blocks)
    return brief.model_copy(update={"blocks": blocks})


def make_odd_file(path: Path, kind: str) -> None:
    """Put something at ``path`` that must never be read whole: a FIFO (reading blocks), a
    symlink to /dev/zero (endless), a folder, or a sparse 3 GB file (no disk space used)."""
    if kind == "FIFO":
        os.mkfifo(path)
    elif kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    else:
        with path.open("wb") as stream:
            stream.truncate(3 * 1024**3)


def minimal_source(**fields: object) -> Source:
    """The smallest valid source (id ``s``), with ``fields`` replaced."""
    data: dict[str, object] = {
        "id": "s",
        "title": "원문",
        "date": "2025-10-29",
        "summary": "요약이다.",
        "key_points": ["하나.", "둘.", "셋."],
        "implications": ["가.", "나."],
    }
    return Source.model_validate(data | fields)


@pytest.fixture
def make_seeds(tmp_path: Path) -> SeedFactory:
    """Write a seed folder: ``make_seeds(sources={"a": text}, briefs={"b": text})``."""

    def factory(
        sources: dict[str, str] | None = None, briefs: dict[str, str] | None = None
    ) -> Path:
        folder = tmp_path / "seeds"
        for sub, files in (("sources", sources), ("briefs", briefs)):
            (folder / sub).mkdir(parents=True, exist_ok=True)
            for name, text in (files or {}).items():
                (folder / sub / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return factory


@pytest.fixture(scope="session")
def seeds() -> SeedSet:
    return briefgen.load_seeds(SEEDS)


@pytest.fixture(scope="session")
def theme() -> Theme:
    return briefgen.load_theme()


@pytest.fixture(scope="session")
def briefs(seeds: SeedSet) -> dict[str, Brief]:
    return {brief_id: assemble(spec, seeds.sources) for brief_id, spec in seeds.briefs.items()}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """A running preview (``briefgen.serve``) of a copy of the example seeds, on a free port."""
    import shutil

    from briefgen import serve

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    running = serve.start(seeds, None, port=0)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def _no_unexpected_log_output(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture):
    """Fail a test when briefgen or WeasyPrint logs a warning or error it did not expect.

    A CSS property WeasyPrint dropped, a fallback font, a failed asset: each is a defect that
    must show up (ARCHITECTURE.md #8). A test that provokes such a record on purpose says so
    with ``@pytest.mark.expected_logs`` and checks the record itself.
    """
    caplog.set_level(logging.WARNING, logger="briefgen")
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    if request.node.get_closest_marker("expected_logs"):
        return
    unexpected = [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in caplog.get_records("call")
        if record.levelno >= logging.WARNING
        and record.name.split(".")[0] in ("briefgen", "weasyprint")
    ]
    assert not unexpected, "unexpected log output:\n" + "\n".join(unexpected)
