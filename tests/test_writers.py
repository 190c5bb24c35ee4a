"""Rendered outputs, read back: PDF text, fonts and metadata; DOCX XML and text; HTML."""

from __future__ import annotations

import io
import logging
import re
import subprocess

import pdfplumber
import pypdf
import pytest

import briefgen
from briefgen.typography import WORD_JOINER, typeset
from briefgen.writers.pdf import make_theme_fetcher

from .conftest import with_block

BRIEF = "kr-us-tariff-tech-alliance"


def squash(text: str) -> str:
    """Text without whitespace, after the Korean typesetting every writer receives."""
    return re.sub(r"\s+", "", typeset(text))


@pytest.fixture(scope="module")
def pdf_bytes(briefs, theme) -> bytes:
    return briefgen.render(briefs[BRIEF], "pdf", theme)


def it_renders_the_briefs_text_into_the_pdf(pdf_bytes, briefs) -> None:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        raw = "".join(page.extract_text(x_tolerance=1) or "" for page in pdf.pages)
    assert WORD_JOINER not in raw, "copied text must not carry the invisible word joiners"
    text = squash(raw)
    brief = briefs[BRIEF]
    assert squash(brief.title) in text
    assert squash(brief.block("summary").paragraphs[0].text) in text
    for group in brief.block("key_points").groups:
        for item in group.items:
            assert squash(item.text) in text
    assert squash("3,500억 달러") in text


def it_embeds_the_korean_font_in_the_pdf(pdf_bytes, tmp_path) -> None:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf_bytes)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = listing.stdout.splitlines()[2:]
    assert rows, "no fonts in the PDF"
    assert all(" yes " in row for row in rows), listing.stdout
    assert any("Noto-Sans-CJK-KR" in row for row in rows), listing.stdout


def it_writes_pdf_metadata_from_the_brief(pdf_bytes, briefs, theme) -> None:
    info = pypdf.PdfReader(io.BytesIO(pdf_bytes)).metadata
    assert info.title == briefs[BRIEF].title
    assert info.author == ", ".join(a.name for a in briefs[BRIEF].authors)


def it_logs_nothing_while_rendering_a_pdf(briefs, theme, caplog) -> None:
    with caplog.at_level(logging.DEBUG, logger="weasyprint"):
        briefgen.render(briefs["us-ai-exports-comments"], "pdf", theme)
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not noisy, [r.getMessage() for r in noisy]


def it_serves_only_theme_files_to_weasyprint(theme, tmp_path) -> None:
    fetcher = make_theme_fetcher(theme)
    response = fetcher.fetch(theme.stylesheet.as_uri())
    assert response is not None
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    for url in (
        outside.as_uri(),
        "http://127.0.0.1:9/x.css",
        (theme.folder / ".." / "README.md").as_uri(),
    ):
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)


def it_escapes_markup_in_html(briefs, theme) -> None:
    brief = briefs[BRIEF]
    original = brief.block("summary")
    paragraph = original.paragraphs[0].model_copy(update={"text": "<script>x</script> {{ 7*7 }}"})
    hostile = with_block(brief, original.model_copy(update={"paragraphs": (paragraph,)}))
    html = briefgen.render(hostile, "html", theme).decode()
    assert "&lt;script&gt;x&lt;/script&gt; {{ 7*7 }}" in html
    assert "<script>" not in html
