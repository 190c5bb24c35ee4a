"""Every PDF looks the same in the readers' own viewers: Ghostscript (print pipelines, PDF/A
converters) and MuPDF (SumatraPDF, many phone readers) draw every page as poppler does, and
every CID the content shows names, through the embedded font's charset, the glyph of that
number (ISO 32000-1 9.7.4.2; ``tests/viewercheck.py``).

Run on every example, the large seed set and an archival variant. The last test proves the
checks can fail: with the compact fonts' original charsets (the fault these tests were written
for) both find the damage.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import briefgen
from briefgen.writers import RenderOptions, render

from . import viewercheck
from .bigseeds import BRIEF_ID, write_big_seeds
from .conftest import SEEDS, untraced

EXAMPLES = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))
LARGEST_SQUARE = 0.25
"""Measured on the examples: at most 0.16 between engines; 0.38 and more with wrong CIDs."""
INK = (0.9, 1.1)
"""Measured: 0.98-1.07; with wrong CIDs Ghostscript draws 1.02-1.43 (boxes), MuPDF 0.11-0.84."""

pytestmark = pytest.mark.skipif(
    bool(viewercheck.missing_engines()),
    reason=f"{', '.join(viewercheck.missing_engines())} missing (make test installs them)",
)


@pytest.fixture(scope="module")
def pdfs(briefs, theme, tmp_path_factory) -> dict[str, bytes]:
    """Each example's PDF, the large seed set's, and the tariff brief as PDF/A-2b."""
    seeds = briefgen.load_seeds(write_big_seeds(tmp_path_factory.mktemp("big")))
    every = {**briefs, BRIEF_ID: briefgen.assemble(seeds.briefs[BRIEF_ID], seeds.sources)}
    made = {brief_id: briefgen.render(brief, "pdf", theme) for brief_id, brief in every.items()}
    archival = RenderOptions(theme=theme, pdf_variant="pdf/a-2b")
    made["pdf/a-2b"] = render(briefs["kr-us-tariff-tech-alliance"], "pdf", archival)
    return made


NAMES = [*EXAMPLES, BRIEF_ID, "pdf/a-2b"]


@pytest.mark.parametrize("name", NAMES)
def it_shows_every_cid_as_the_glyph_of_that_number(pdfs, name) -> None:
    reports = viewercheck.cid_mismatches(pdfs[name])
    assert reports, "no CID-keyed CFF font found: the check would prove nothing"
    for report in reports:
        assert report.shown > 0
        assert not report.wrong, (
            f"{report.font}: {len(report.wrong)} of {report.shown} CIDs shown map to another "
            f"glyph, e.g. {report.wrong[:5]}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def it_draws_every_page_alike_in_poppler_ghostscript_and_mupdf(pdfs, name) -> None:
    pages = 0
    for engine, page, difference in viewercheck.differences(pdfs[name]):
        pages += 1
        assert difference.largest <= LARGEST_SQUARE, (engine, page, difference)
        assert INK[0] <= difference.ink_ratio <= INK[1], (engine, page, difference)
    assert pages >= 2


_WITH_ORIGINAL_CIDS = """
import sys
import briefgen
from briefgen import compactfont
compactfont._identity_cids = lambda data: data
seeds = briefgen.load_seeds(sys.argv[1])
brief = briefgen.get_brief(seeds, "kr-us-tariff-tech-alliance")
sys.stdout.buffer.write(briefgen.render(brief, "pdf"))
"""


@pytest.mark.slow
def it_finds_the_damage_when_the_charset_keeps_the_original_cids(tmp_path) -> None:
    """The compact copy as fontTools' subsetter leaves it (glyphs renumbered, CIDs not): the
    PDFs these tests were written for. In a process of its own, since WeasyPrint keeps the
    fonts it has loaded for the life of a process."""
    env = untraced({**os.environ, "BRIEFGEN_CACHE_DIR": str(tmp_path)})
    pdf = subprocess.run(
        [sys.executable, "-c", _WITH_ORIGINAL_CIDS, str(SEEDS)],
        capture_output=True, check=True, env=env, timeout=300,
    ).stdout  # fmt: skip
    reports = viewercheck.cid_mismatches(pdf)
    wrong = sum(len(r.wrong) for r in reports)
    shown = sum(r.shown for r in reports)
    assert wrong > shown / 2, (wrong, shown)
    worst = max(d.largest for _, _, d in viewercheck.differences(pdf))
    assert worst > LARGEST_SQUARE * 1.4, worst


@pytest.mark.parametrize("name", NAMES)
def it_writes_months_in_the_korean_short_form_as_mupdf_reads_it(pdfs, name, tmp_path) -> None:
    """No ``2025/12`` (babel 2.19's CLDR form for a Korean year and month) in any example:
    months read ``2025. 12.`` beside days ``2025. 7. 23.``, in the text MuPDF extracts."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdfs[name])
    text = subprocess.run(
        ["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(path)],
        capture_output=True, check=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    assert re.search(r"20\d\d\. \d{1,2}\. \d{1,2}\.", text), "no day-precision date found"
    assert not re.findall(r"\b(?:19|20)\d\d/\d{1,2}\b", text)
