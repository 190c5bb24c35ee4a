"""Property-based tests: arbitrary Unicode through the typography layer and the renderers.

No crash, and no character dropped, added or reordered: the text read back from each output
equals the input up to whitespace (and up to the typographic substitutions briefgen makes on
purpose: curly quotes, ㆍ → ·).
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import docx
import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import briefgen
from briefgen.models import BriefSpec, Source, clean_text
from briefgen.typography import join_words, strip_joiners, typeset

from .docxtext import all_paragraphs

# Everything a curator could paste, minus what the model refuses (controls) and cannot exist
# in text (surrogates, unassigned code points).
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=80
)
MIXED = st.text(
    alphabet=st.sampled_from(
        list("가나다라한국어글자 ")
        + list("韓國語漢字")
        + list("AIabcXYZ0123 ")
        + ["😀", "é", "ש", "ع", "\u0301", "·"]
    ),
    min_size=1,
    max_size=60,
)
# What the PDF's fonts can set: Hangul, Hanja, Latin, digits and common punctuation.
PRINTABLE = st.text(
    alphabet=st.sampled_from(
        list("가나다라마바사아자차카타파하한국기술협력")
        + list("韓國技術協力")
        + list("ABCabcxyz0123456789")
        + list(" ,.()-%")
    ),
    min_size=1,
    max_size=120,
)
LONG_WORD = st.text(alphabet=st.sampled_from(list("가나다라마바사")), min_size=60, max_size=200)


def comparable(text: str) -> str:
    """Text up to whitespace and briefgen's deliberate typographic substitutions."""
    for straight, curly in (('"', "“”"), ("'", "‘’")):
        for char in curly:
            text = text.replace(char, straight)
    return re.sub(r"\s+", "", text.replace("ㆍ", "·"))


def brief_with(text: str) -> briefgen.Brief:
    source = Source.model_validate(
        {
            "id": "p",
            "title": "제목",
            "date": "2025",
            "summary": text,
            "key_points": ["하나.", "둘.", "셋."],
            "implications": ["가.", "나."],
        }
    )
    spec = BriefSpec(id="p", title="속성 시험", date="2025-01-01", sources=("p",))
    return briefgen.assemble(spec, {"p": source})


def cleaned(text: str) -> str | None:
    try:
        result = clean_text(text)
    except ValueError:
        return None
    return result or None


@given(ANY_TEXT)
def it_round_trips_word_joiners(text: str) -> None:
    text = text.replace("\u2060", "")  # seed text never holds joiners: clean_text drops them
    assert strip_joiners(join_words(text)) == text


@given(ANY_TEXT)
def it_typesets_without_losing_or_moving_characters(text: str) -> None:
    assert comparable(typeset(text)) == comparable(text)


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "section" and ("class", "block summary") in attrs:
            self.depth = 1
        elif self.depth and tag == "a":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth = 0
        elif self.depth > 1 and tag == "a":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth == 1:
            self.texts.append(data)


@settings(max_examples=60, deadline=None)
@given(st.one_of(ANY_TEXT, MIXED))
def it_renders_any_text_into_html_unchanged(text: str) -> None:
    text = cleaned(text)
    if text is None:
        return
    parser = _Paragraphs()
    parser.feed(briefgen.render(brief_with(text), "html").decode())
    assert comparable("".join(parser.texts)) == comparable("요약" + text)


@settings(max_examples=60, deadline=None)
@given(st.one_of(ANY_TEXT, MIXED))
def it_renders_any_text_into_docx_unchanged(text: str) -> None:
    text = cleaned(text)
    if text is None:
        return
    document = docx.Document(io.BytesIO(briefgen.render(brief_with(text), "docx")))
    summary = [p.text for p in all_paragraphs(document) if p.style.name == "Summary"]
    assert [comparable(s) for s in summary] == [comparable(text + "[1]")]


def _pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "".join(page.extract_text(x_tolerance=1) or "" for page in document.pages)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(PRINTABLE, LONG_WORD))
def it_renders_printable_text_into_the_pdf_unchanged(text: str) -> None:
    text = cleaned(text)
    if text is None:
        return
    extracted = comparable(_pdf_text(briefgen.render(brief_with(text), "pdf")))
    assert comparable(text) in extracted


@pytest.mark.expected_logs  # arbitrary Unicode: WeasyPrint warns about glyphs no font has
@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(ANY_TEXT, MIXED))
def it_renders_any_text_into_a_pdf_without_crashing(text: str) -> None:
    text = cleaned(text)
    if text is None:
        return
    pdf = briefgen.render(brief_with(text), "pdf")
    assert pdf.startswith(b"%PDF-")
    assert "\u2060" not in _pdf_text(pdf)
