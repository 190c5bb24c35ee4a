"""A checker for Korean line breaking in a PDF (KOREAN_TYPOGRAPHY.md, "Testing ... in a PDF").

Lines are read back with pdfplumber (``x_tolerance=1``: a Korean word space is only ~0.22 em).
At each line boundary the last characters of one line and the first of the next are looked up
in the brief's own text: if the text has them adjacent with no space, and a Hangul letter
touches the boundary, the renderer broke a word in two. Lines are also checked for a
forbidden first character (R2) and a forbidden last character (R3).
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import pdfplumber

HANGUL = re.compile("[\uac00-\ud7a3]")
NEVER_START = set(")]}」』》〉’”.,:;!?%）］｝，．：；！？％·…")
NEVER_END = set("([{「『《〈‘“$₩（［｛")
CONTEXT = 3
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


@dataclass(frozen=True)
class Finding:
    page: int
    kind: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.kind}: {self.before!r} | {self.after!r}"


def pdf_lines(pdf: bytes) -> list[list[str]]:
    """The text lines of each page."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [(page.extract_text(x_tolerance=1) or "").split("\n") for page in document.pages]


def html_text(html: str) -> str:
    """The visible text of an HTML document, whitespace collapsed (the reference text)."""

    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("style", "title", "head")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("style", "title", "head")
            self.parts.append(" ")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    collector = Collector()
    collector.feed(html)
    return normalise("".join(collector.parts))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2060", "").replace("\u00a0", " ")).strip()


def check(pdf: bytes, reference: str) -> list[Finding]:
    """Every mid-word break and forbidden line start or end in ``pdf``."""
    return check_lines(pdf_lines(pdf), reference)


def check_lines(pages: list[list[str]], reference: str) -> list[Finding]:
    """Every mid-word break and forbidden line start or end in the text lines of each page
    (from a PDF, or from another renderer's output)."""
    findings = []
    for number, lines in enumerate(pages, start=1):
        lines = [normalise(line) for line in lines if normalise(line)]
        for line in lines:
            if line[0] in NEVER_START and not _ESCAPE.match(line):  # a web address goes on
                findings.append(
                    Finding(number, "line starts with closing punctuation", "", line[:12])
                )
            if line[-1] in NEVER_END:
                findings.append(
                    Finding(number, "line ends with opening punctuation", line[-12:], "")
                )
        for first, second in itertools.pairwise(lines):
            tail, head = first[-CONTEXT:], second[:CONTEXT]
            if not (HANGUL.match(tail[-1]) or HANGUL.match(head[0])):
                continue
            if tail + head in reference and tail + " " + head not in reference:
                findings.append(Finding(number, "word broken across lines", tail, head))
    return findings
