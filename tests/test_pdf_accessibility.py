"""PDF/UA details a screen reader relies on, read back from the structure tree with pypdf:
every table header cell says what it heads (``/Scope``, PDF/UA-1 7.5)."""

from __future__ import annotations

import io
from collections import Counter

import pypdf
import pytest

import briefgen
from briefgen.writers import pdftags

from .conftest import SEEDS

EXAMPLES = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))


def header_scopes(pdf: bytes) -> Counter[str]:
    """How many ``/TH`` elements the structure tree has, by their ``/Scope`` (``None``: none)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found: Counter[str] = Counter()
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if not isinstance(node, dict):
            continue
        if node.get("/S") == "/TH":
            attributes = node.get("/A")
            attributes = attributes.get_object() if attributes is not None else {}
            found[str(attributes.get("/Scope"))] += 1
        kids = node.get("/K")
        todo += kids if isinstance(kids, list) else [kids] if kids is not None else []
    return found


@pytest.mark.parametrize("brief_id", EXAMPLES)
def it_gives_every_table_header_cell_its_scope(briefs, theme, brief_id) -> None:
    scopes = header_scopes(briefgen.render(briefs[brief_id], "pdf", theme))
    assert sum(scopes.values()) >= 3, "no table header found: the check would prove nothing"
    assert scopes["None"] == 0, scopes
    assert set(scopes) == {"/Column"}  # briefgen's tables head their columns


def it_scopes_row_headers_as_rows() -> None:
    import weasyprint

    pdftags.install()
    html = (
        '<html lang="ko"><title>표</title><table><thead><tr><th>항목</th><th>값</th></tr></thead>'
        '<tbody><tr><th scope="row">가</th><td>1</td></tr></tbody></table>'
    )
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    assert header_scopes(pdf) == Counter({"/Column": 2, "/Row": 1})


MM = 72 / 25.4


@pytest.mark.parametrize("brief_id", EXAMPLES)
def it_marks_running_headers_and_page_numbers_as_pagination_artifacts(
    briefs, theme, brief_id
) -> None:
    """PDF/UA-1 7.8: page furniture is an artifact, so a screen reader does not read the
    running header and "3 / 8" in the middle of the text (they were /Span with an MCID)."""
    import pdfplumber

    pdf = briefgen.render(briefs[brief_id], "pdf", theme)
    top, bottom = theme.page.margin_top_mm * MM, theme.page.margin_bottom_mm * MM
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = document.pages
        for page in pages:
            furniture = [
                c for c in page.chars if c["bottom"] < top or c["top"] > page.height - bottom
            ]
            body = [c for c in page.chars if c not in furniture]
            number = f"{page.page_number} / {len(pages)}"
            assert number in "".join(c["text"] for c in furniture), page.page_number
            assert all(c.get("tag") == "Artifact" and c.get("mcid") is None for c in furniture)
            assert body, page.page_number
            assert all(c.get("mcid") is not None for c in body), page.page_number


@pytest.mark.parametrize("brief_id", ["lee-son-asi-meeting", "kr-us-tariff-tech-alliance"])
def it_reads_every_space_as_a_space(briefs, theme, brief_id) -> None:
    """Dates and amounts are joined by no-break spaces, which share the space's glyph; the PDF
    must still extract, copy and search every space as U+0020 (WeasyPrint gave the glyph the
    text of its first use: the masthead date's U+00A0, so ``1 / 2`` read ``1\\xa0/\\xa02``)."""
    import pdfplumber

    pdf = briefgen.render(briefs[brief_id], "pdf", theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c["text"] for page in document.pages for c in page.chars]
    assert "\u00a0" not in chars
    assert " " in chars
