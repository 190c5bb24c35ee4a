"""Justified running text (theme ``[text] align = "justify"``): straight right edges, no word gap
wider than the theme's ceiling (``KOREAN_TYPOGRAPHY.md`` R7), words still whole."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber
import pytest
import weasyprint

import briefgen
from briefgen.errors import ThemeError
from briefgen.theme import Text
from briefgen.typography import typeset_brief
from briefgen.writers import justify
from briefgen.writers.html import render_html

from . import linecheck
from .conftest import ROOT, SEEDS

BRIEF_IDS = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))
TOLERANCE_EM = 0.005  # glyph positions are rounded to 1/1000 pt-ish units in the PDF


@dataclass(frozen=True)
class TextLine:
    """One line of body-size text on a page: its ends and its gaps between words, in em."""

    page: int
    text: str
    left: float
    right: float
    gaps: tuple[float, ...]


def body_lines(pdf: bytes, size_pt: float) -> Iterator[TextLine]:
    """The lines of ``size_pt`` text, from glyph positions (spaces themselves are not glyphs
    that count: a gap is the distance between the visible characters on either side)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rows: dict[float, list[dict]] = defaultdict(list)
            for char in page.chars:
                if abs(char["size"] - size_pt) < 0.05:
                    rows[round(char["top"], 1)].append(char)
            for chars in rows.values():
                chars.sort(key=lambda c: c["x0"])
                visible = [c for c in chars if c["text"].strip()]
                if len(visible) < 2:
                    continue
                gaps = tuple(
                    (b["x0"] - a["x1"]) / size_pt
                    for a, b in itertools.pairwise(visible)
                    if b["x0"] - a["x1"] > 0.1 * size_pt  # between words, not kerning
                )
                yield TextLine(
                    page.page_number,
                    "".join(c["text"] for c in chars),
                    visible[0]["x0"],
                    visible[-1]["x1"],
                    gaps,
                )


def flush_share(lines: list[TextLine], size_pt: float, ceiling: float) -> float:
    """Of the lines that come within 4 em of the right edge of their column (lines that start
    where they start) and are not held at the gap ceiling, the share that ends at that edge:
    high for justified text, where only a paragraph's last line stops short; low for ragged."""
    lines = [line for line in lines if not line.gaps or max(line.gaps) < ceiling - TOLERANCE_EM]
    by_start: dict[float, list[TextLine]] = defaultdict(list)
    for line in lines:
        by_start[round(line.left)].append(line)
    long = flush = 0
    for group in by_start.values():
        edge = max(line.right for line in group)
        near = [line for line in group if line.right >= edge - 4 * size_pt]
        long += len(near)
        flush += sum(line.right >= edge - 0.5 for line in near)
    return flush / long


@pytest.fixture(scope="module")
def justified_theme(theme):
    return theme.model_copy(update={"text": Text(align="justify")})


@pytest.fixture(scope="module")
def justified(briefs, justified_theme) -> dict[str, tuple[bytes, str]]:
    """Each example brief set justified: (PDF bytes, reference text)."""
    result = {}
    for brief_id in BRIEF_IDS:
        brief = briefs[brief_id]
        pdf = briefgen.render(brief, "pdf", justified_theme)
        reference = linecheck.html_text(render_html(typeset_brief(brief), justified_theme))
        result[brief_id] = (pdf, reference)
    return result


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_keeps_every_word_gap_within_the_ceiling(justified, justified_theme, brief_id) -> None:
    pdf, _ = justified[brief_id]
    lines = list(body_lines(pdf, justified_theme.sizes.body_pt))
    assert len(lines) > 20
    widest = max((max(line.gaps) for line in lines if line.gaps), default=0.0)
    ceiling = justified_theme.text.max_word_gap
    assert widest <= ceiling + TOLERANCE_EM, [
        (line.page, line.text) for line in lines if line.gaps and max(line.gaps) > ceiling
    ]


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_breaks_justified_lines_only_between_words(justified, brief_id) -> None:
    pdf, reference = justified[brief_id]
    findings = linecheck.check(pdf, reference)
    assert not findings, "\n".join(map(str, findings))


def it_sets_straight_right_edges_where_left_alignment_is_ragged(
    justified, briefs, theme, justified_theme
) -> None:
    brief_id = "us-fullstack-export-korea"  # the longest running text of the examples
    size = theme.sizes.body_pt
    straight = list(body_lines(justified[brief_id][0], size))
    ragged = list(body_lines(briefgen.render(briefs[brief_id], "pdf", theme), size))
    ceiling = justified_theme.text.max_word_gap
    assert flush_share(straight, size, ceiling) >= 0.8, flush_share(straight, size, ceiling)
    assert flush_share(ragged, size, ceiling) <= 0.4, flush_share(ragged, size, ceiling)
    # left-aligned text keeps its natural spaces (0.224 em Latin, 0.28 em Korean, plus the
    # list marker's gap)
    assert max(max(line.gaps) for line in ragged if line.gaps) < 0.5


def it_reaches_the_ceiling_in_the_examples_without_passing_it(justified, justified_theme):
    """Some line of the examples would need more than the ceiling: the cap is what keeps it."""
    size, ceiling = justified_theme.sizes.body_pt, justified_theme.text.max_word_gap
    gaps = [max(line.gaps) for pdf, _ in justified.values() for line in body_lines(pdf, size)
            if line.gaps]  # fmt: skip
    assert any(abs(gap - ceiling) <= TOLERANCE_EM for gap in gaps)


def _paragraph_pdf(ceiling: float | None) -> bytes:
    prop = f"--briefgen-max-word-gap: {ceiling};" if ceiling is not None else ""
    words = " ".join("\u2060".join(word) for word in ("가나다", "라마", "바사아자차카타파", "하"))
    html = (
        f'<html lang="ko"><p style="font-family: Noto Sans CJK KR; font-size: 14px; '
        f'width: 150px; text-align: justify; {prop}">{words} {words}</p>'
    )
    justify.install()
    return weasyprint.HTML(string=html).write_pdf()


@pytest.mark.parametrize("ceiling", [0.35, 0.5, 0.8])
def it_caps_a_loose_line_at_the_ceiling(ceiling) -> None:
    (first, *_) = body_lines(_paragraph_pdf(ceiling), 10.5)
    uncapped, *_ = body_lines(_paragraph_pdf(None), 10.5)
    assert min(uncapped.gaps) > 0.8  # what WeasyPrint alone does to this line
    assert max(first.gaps) == pytest.approx(ceiling, abs=TOLERANCE_EM)
    assert first.right < uncapped.right  # the rest stays at the line's end


def it_leaves_lines_without_the_property_to_weasyprint() -> None:
    """Installing the hook changes nothing for documents that do not ask for a ceiling."""
    from weasyprint.layout import inline

    justify.install()
    justify.install()  # idempotent: one wrapper, not a chain
    assert inline.justify_line.__name__ == "capped_justify_line"
    lines = list(body_lines(_paragraph_pdf(None), 10.5))
    assert lines[0].right == pytest.approx(lines[1].right, abs=0.5)  # both flush


def it_justifies_running_text_in_docx_and_hwpx(briefs, theme, justified_theme) -> None:
    brief = briefs["us-fullstack-export-korea"]
    for chosen, expected in ((theme, False), (justified_theme, True)):
        docx = briefgen.render(brief, "docx", chosen)
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            styles = package.read("word/styles.xml").decode()
        for name in ("Summary", "Key Point", "Implication", "Section Text", "Quote"):
            style = re.search(rf'w:styleId="[^"]*"><w:name w:val="{name}"/>.*?</w:style>', styles)
            assert style, name
            assert ('<w:jc w:val="both"/>' in style.group(0)) is expected, (name, expected)
        hwpx = briefgen.render(brief, "hwpx", chosen)
        with zipfile.ZipFile(io.BytesIO(hwpx)) as package:
            header = package.read("Contents/header.xml").decode()
        for name in ("Summary", "Key Point", "Table Text"):
            style = re.search(rf'<hh:style [^>]*name="{name}"[^>]*paraPrIDRef="(\d+)"', header)
            assert style, name
            para = re.search(
                rf'<hh:paraPr [^>]*\bid="{style.group(1)}".*?</hh:paraPr>', header, re.S
            )
            assert para, name
            justified_para = 'horizontal="JUSTIFY"' in para.group(0)
            assert justified_para is (expected and name != "Table Text"), (name, expected)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('align = "centre"', "text.align: must be one of 'left' or 'justify'"),
        ("max_word_gap = 0.1", "text.max_word_gap: must be at least 0.3 (it is 0.1)"),
    ],
)
def it_reports_a_bad_text_setting_with_its_line(tmp_path, setting, message) -> None:
    folder = tmp_path / "theme"
    shutil.copytree(ROOT / "styles", folder)
    toml = (folder / "theme.toml").read_text(encoding="utf-8")
    key = setting.split(" =")[0]
    changed = re.sub(rf"(?m)^{key} = .*$", setting, toml, count=1)
    (folder / "theme.toml").write_text(changed, encoding="utf-8")
    line = next(i for i, t in enumerate(changed.splitlines(), 1) if t == setting)
    with pytest.raises(ThemeError) as raised:
        briefgen.load_theme(folder)
    assert f"theme.toml:{line}: {message}" in str(raised.value)
