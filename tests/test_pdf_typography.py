"""Korean typography in the PDF, checked on the rendered file of every example brief."""

from __future__ import annotations

import io
import itertools
import logging
import re
import subprocess
from collections import defaultdict

import pdfplumber
import pypdf
import pytest

import briefgen
from briefgen.typography import typeset_brief
from briefgen.writers import RenderOptions
from briefgen.writers.html import render_html
from briefgen.writers.pdf import html_to_pdf

from . import linecheck
from .conftest import SEEDS, with_block

BRIEF_IDS = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))


@pytest.fixture(scope="module")
def rendered(briefs, theme) -> dict[str, tuple[bytes, str]]:
    """Each example brief as (PDF bytes, reference text), rendered with no log output."""
    result = {}
    records = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    old_level, logger.level = logger.level, logging.INFO
    try:
        for brief_id in BRIEF_IDS:
            brief = briefs[brief_id]
            pdf = briefgen.render(brief, "pdf", theme)
            reference = linecheck.html_text(render_html(typeset_brief(brief), theme))
            result[brief_id] = (pdf, reference)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert not warnings, f"WeasyPrint logged: {warnings}"
    return result


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_breaks_lines_only_between_words_and_respects_punctuation(rendered, brief_id) -> None:
    pdf, reference = rendered[brief_id]
    findings = linecheck.check(pdf, reference)
    assert not findings, "\n".join(map(str, findings))


def it_finds_mid_word_breaks_in_an_unprotected_rendering(briefs, theme) -> None:
    digest = briefs["ai-policy-digest"]
    # The screen page's inline SVG charts are not for WeasyPrint: leave them out here.
    brief = typeset_brief(
        digest.model_copy(update={"blocks": tuple(b for b in digest.blocks if b.kind != "charts")})
    )
    html = render_html(brief, theme, for_print=False)  # no word joiners
    pdf = html_to_pdf(html, RenderOptions(theme), identifier=brief.id)
    findings = linecheck.check(pdf, linecheck.html_text(html))
    broken = [f for f in findings if f.kind == "word broken across lines"]
    assert len(broken) >= 10, "the checker must see what WeasyPrint does without protection"


def it_still_wraps_a_word_wider_than_the_column(briefs, theme) -> None:
    brief = briefs["kr-us-tariff-tech-alliance"]
    long_word = "초장문" * 60
    summary = brief.block("summary")
    paragraph = summary.paragraphs[0].model_copy(update={"text": f"앞 {long_word} 뒤"})
    wide = with_block(brief, summary.model_copy(update={"paragraphs": (paragraph,)}))
    pdf = briefgen.render(wide, "pdf", theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        chars = [c for c in page.chars if c["text"] in "초장문"]
        assert max(c["x1"] for c in chars) <= page.width - 20 * 72 / 25.4 + 1
    assert long_word in "".join(linecheck.normalise(line) for line in linecheck.pdf_lines(pdf)[0])


def it_sets_text_at_a_line_height_of_about_160_percent(rendered, theme) -> None:
    pdf, _ = rendered["ai-policy-digest"]
    size = theme.sizes.body_pt
    gaps = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            body = [
                c
                for c in page.chars
                if abs(c["size"] - size) < 0.2 and linecheck.HANGUL.match(c["text"])
            ]
            tops = sorted({round(c["top"], 1) for c in body})
            gaps += [b - a for a, b in itertools.pairwise(tops) if b - a < size * 2]
    assert len(gaps) > 10, "no consecutive body lines found"
    ratio = sorted(gaps)[len(gaps) // 2] / size
    assert 1.5 <= ratio <= 1.7, ratio


def it_embeds_every_font_and_fakes_no_italic(rendered, tmp_path) -> None:
    for brief_id, (pdf, _) in rendered.items():
        path = tmp_path / f"{brief_id}.pdf"
        path.write_bytes(pdf)
        listing = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        )
        rows = listing.stdout.splitlines()[2:]
        assert rows, listing.stdout
        assert all(" yes yes yes " in row for row in rows), listing.stdout
        assert not any("Oblique" in row or "Italic" in row for row in rows), listing.stdout


def it_writes_metadata_language_tags_and_bookmarks(rendered, briefs, theme) -> None:
    pdf, _ = rendered["us-fullstack-export-korea"]
    brief = briefs["us-fullstack-export-korea"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert info.title == brief.title
    assert info.author == ", ".join(a.name for a in brief.authors)
    assert info.subject.replace("\u00a0", " ") == brief.subtitle
    assert info["/Keywords"] == ", ".join(brief.keywords)
    assert info["/CreationDate"].startswith("D:20260209")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ko"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()

    def titles(outline, depth=0):
        for item in outline:
            yield from titles(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]

    outline = list(titles(reader.outline))
    assert outline[0] == (0, brief.title)
    assert (1, "한국에 대한 시사점") in outline
    assert all("\u2060" not in title for _, title in outline)


def it_makes_archival_pdfa_on_request(briefs, theme) -> None:
    pdf = briefgen.render(briefs["lee-son-asi-meeting"], "pdf", theme, pdf_variant="pdf/a-2a")
    xmp = pypdf.PdfReader(io.BytesIO(pdf)).xmp_metadata.stream.get_data()
    assert b"pdfaid:part" in xmp or b'pdfaid:part="2"' in xmp


def it_uses_curly_quotes_and_keeps_numbers_with_units(rendered) -> None:
    pdf, _ = rendered["us-ai-exports-comments"]
    text = "\n".join("\n".join(lines) for lines in linecheck.pdf_lines(pdf))
    assert "'" not in text
    assert '"' not in text
    assert "‘미국산 AI 수출 프로그램’" in linecheck.normalise(text)
    lines_by_unit = defaultdict(list)
    for brief_pdf, _ in rendered.values():
        for page in linecheck.pdf_lines(brief_pdf):
            for line in page:
                for unit in ("달러", "명", "건"):
                    if linecheck.normalise(line).startswith(unit):
                        lines_by_unit[unit].append(line)
    assert not lines_by_unit, f"a unit was separated from its number: {dict(lines_by_unit)}"


def it_keeps_punctuation_korean_in_every_example(rendered) -> None:
    """R8 in every example: curly quotes, · as the middle dot, no straight quotes or ㆍ."""
    for brief_id, (pdf, _) in rendered.items():
        text = "\n".join("\n".join(lines) for lines in linecheck.pdf_lines(pdf))
        assert "'" not in text, brief_id
        assert '"' not in text, brief_id
        assert "\u318d" not in text, brief_id


_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _kind(char: str) -> str:
    if linecheck.HANGUL.match(char):
        return "hangul"
    return "latin" if _LATIN_OR_DIGIT.match(char) else "other"


def it_inserts_no_gap_between_hangul_and_latin_or_digits(rendered, theme) -> None:
    """R5: 2025년, AI를 — the letters touch as the font sets them, with no added space."""
    size = theme.sizes.body_pt
    widest, pairs = 0.0, 0
    for pdf, _ in rendered.values():
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            for page in document.pages:
                chars = [c for c in page.chars if abs(c["size"] - size) < 0.2]
                for a, b in itertools.pairwise(chars):
                    if abs(a["top"] - b["top"]) > 0.5 or not a["text"].strip():
                        continue
                    if {_kind(a["text"]), _kind(b["text"])} == {"hangul", "latin"}:
                        pairs += 1
                        widest = max(widest, (b["x0"] - a["x1"]) / size)
    assert pairs > 100, "Hangul next to Latin letters and digits is common in the briefs"
    assert widest < 0.05, f"a gap of {widest:.2f} em between Hangul and Latin or digits"
