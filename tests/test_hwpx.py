"""HWPX read back by independent tools: python-hwpx's validator, hwp-hwpx-parser, rhwp."""

from __future__ import annotations

import re
import warnings

import pytest

import briefgen
from briefgen.display import display
from briefgen.typography import typeset

from . import hwpxcheck, linecheck
from .conftest import SEEDS

BRIEF_IDS = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def hwpx_files(briefs, theme, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hwpx")
    files = {}
    for brief_id in BRIEF_IDS:
        path = folder / f"{brief_id}.hwpx"
        path.write_bytes(briefgen.render(briefs[brief_id], "hwpx", theme))
        files[brief_id] = path
    return files


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_passes_python_hwpx_validation(hwpx_files, brief_id) -> None:
    from hwpx import HwpxDocument

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        report = HwpxDocument.open(str(hwpx_files[brief_id])).validate()
    assert report.ok, report


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_reads_back_with_an_independent_parser(hwpx_files, briefs, brief_id) -> None:
    import hwp_hwpx_parser

    brief = briefs[brief_id]
    with hwp_hwpx_parser.Reader(str(hwpx_files[brief_id])) as reader:
        text = _flat(reader.text)
    assert _flat(brief.title) in text
    for group in brief.block("key_points").groups:
        for item in group.items:
            assert _flat(typeset(item.text)) in text, item.text


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_breaks_hangul_lines_only_between_words(hwpx_files, briefs, theme, brief_id) -> None:
    doc = display(briefs[brief_id], theme)
    reference = linecheck.normalise(
        " ".join(
            [doc.title]
            + [line.text for s in doc.sections for line in s.lines]
            + [i.text for s in doc.sections for g in s.groups for i in g.items]
        )
    )
    pages = hwpxcheck.page_lines(hwpx_files[brief_id])
    assert pages
    findings = [
        f for f in linecheck.check_lines(pages, reference) if f.kind == "word broken across lines"
    ]
    assert findings == []


def it_would_see_mid_word_breaks_with_keep_word(
    hwpx_files, briefs, theme, tmp_path, monkeypatch
) -> None:
    from briefgen.writers import owpml

    monkeypatch.setattr(
        owpml,
        "KOREAN_BREAK_SETTING",
        {"breakLatinWord": "KEEP_WORD", "breakNonLatinWord": "KEEP_WORD"},
    )
    broken = tmp_path / "keep-word.hwpx"
    broken.write_bytes(briefgen.render(briefs["ai-policy-digest"], "hwpx", theme))
    intact = hwpxcheck.page_lines(hwpx_files["ai-policy-digest"])
    text = linecheck.normalise(" ".join(line for page in intact for line in page))
    findings = linecheck.check_lines(hwpxcheck.page_lines(broken), text)
    assert len([f for f in findings if f.kind == "word broken across lines"]) >= 5


def it_writes_reproducible_bytes(briefs, theme) -> None:
    brief = briefs["kr-us-tariff-tech-alliance"]
    assert briefgen.render(brief, "hwpx", theme) == briefgen.render(brief, "hwpx", theme)
