"""Reading a DOCX's paragraphs in reading order, those inside tables included (a box — the
summary, the implications, a quote — is a one-cell table; python-docx's
``Document.paragraphs`` lists only the body's own)."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def all_paragraphs(document: Any) -> list[Paragraph]:
    """Every paragraph of the document body, tables' included, in order."""
    body = document._body
    return [Paragraph(p, body) for p in document.element.body.iter(qn("w:p"))]


def is_section_heading(paragraph: Paragraph) -> bool:
    """Heading 1, or a box's heading (a style based on it: ``Summary Heading``)."""
    style = paragraph.style
    while style is not None:
        if style.name == "Heading 1":
            return True
        style = style.base_style
    return False
