"""Text widths and page counts estimated without laying anything out.

Two decisions must be the same in every format, yet only the PDF is ever laid out: whether a
running header fits on one line, and whether a brief is long enough for a contents list. Both
are made once, in the display stage, from these estimates:

* a character's width in em: 1 for wide (Hangul, Han, full-width) characters, 0.6 for the
  rest — an upper bound for the proportional Latin letters and digits of the Korean fonts
  themes use (Noto Sans CJK, 맑은 고딕, Nanum: 0.3–0.6 em), so a text that "fits" does fit;
* a page count from the lines each section takes at the theme's type size, line height and
  text width. ``tests/test_publication.py`` checks it against the real PDFs of the examples
  (within one page).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence

import regex

from briefgen.theme import A4_MM, Theme

WIDE_EM = 1.0
NARROW_EM = 0.6
_MM_PER_PT = 25.4 / 72


def text_ems(text: str) -> float:
    """The width of ``text`` in em (an upper bound, see the module notes)."""
    total = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        total += WIDE_EM if unicodedata.east_asian_width(char) in "WF" else NARROW_EM
    return total


def shorten(text: str, ems: float, ellipsis: str = "…") -> str:
    """``text`` if it fits in ``ems``, else cut after a whole word (grapheme clusters kept
    whole when a single word is too long) with an ellipsis."""
    if text_ems(text) <= ems:
        return text
    room = ems - text_ems(ellipsis)
    kept, width = [], 0.0
    for cluster in regex.findall(r"\X", text):
        width += text_ems(cluster)
        if width > room:
            break
        kept.append(cluster)
    cut = "".join(kept)
    following = text[len(cut) : len(cut) + 1]
    if following and not following.isspace() and " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]  # do not end inside a word
    return cut.rstrip(" ,·-–—:;") + ellipsis


def text_width_mm(theme: Theme) -> float:
    """The width of the text block on an A4 page of ``theme``."""
    return A4_MM[0] - theme.page.margin_left_mm - theme.page.margin_right_mm


def line_ems(theme: Theme, size_pt: float) -> float:
    """How many em of text at ``size_pt`` fit on one line of the text block."""
    return text_width_mm(theme) / (size_pt * _MM_PER_PT)


#: Table cell padding, left plus right, with a little to spare (Word's default cell margins
#: are 1.9 mm each side; Hancom's 1.8 mm).
CELL_PADDING_MM = 4.5
#: Column roles whose cells are never wrapped: the column is as wide as its widest cell.
UNBROKEN_ROLES = frozenset({"date", "value", "source"})
#: The narrowest a column of running text (an event, a label, a note) is made.
MIN_TEXT_COLUMN_MM = 25.0


def column_widths_mm(
    cells: Sequence[Sequence[str]], roles: Sequence[str], *, size_pt: float, total_mm: float
) -> tuple[float, ...]:
    """Widths for a table's columns (``cells`` holds each column's texts, header included)
    that fill ``total_mm``, sized from the content.

    Dates, values and source markers never wrap: their column is as wide as the widest cell.
    The text columns share the rest, each getting at most what its widest cell needs (a short
    note column stays narrow) and the longest text taking what is left over. Only when the
    unbroken columns would leave the text columns less than :data:`MIN_TEXT_COLUMN_MM` each do
    they shrink (and may wrap).
    """
    em_mm = size_pt * _MM_PER_PT
    natural = [
        max((text_ems(text) for text in column), default=0.0) * em_mm + CELL_PADDING_MM
        for column in cells
    ]
    unbroken = [role in UNBROKEN_ROLES for role in roles]
    flexible = [i for i, keep in enumerate(unbroken) if not keep]
    widths = [natural[i] if keep else 0.0 for i, keep in enumerate(unbroken)]
    fixed = sum(widths)
    room = total_mm - MIN_TEXT_COLUMN_MM * len(flexible)
    if fixed > room and fixed > 0:
        widths = [w * max(room, 0.0) / fixed for w in widths]
    remaining = total_mm - sum(widths)
    # water-filling: the narrowest text columns get what they need, the others share the rest
    for position, index in enumerate(sorted(flexible, key=lambda i: natural[i])):
        share = remaining / (len(flexible) - position)
        widths[index] = max(min(natural[index], share), min(MIN_TEXT_COLUMN_MM, share))
        remaining -= widths[index]
    if flexible and remaining > 0:
        widest = max(flexible, key=lambda i: natural[i])
        widths[widest] += remaining
    elif not flexible and widths:
        widths[-1] += total_mm - sum(widths)
    return tuple(round(w, 2) for w in widths)


#: Space between a list number and the item's text.
LIST_GAP_MM = 1.5
#: The narrowest hanging indent of a list (bullets and one-digit numbers).
MIN_HANGING_MM = 5.0


def list_hanging_mm(largest: int, size_pt: float) -> float:
    """The hanging indent that holds the number ``largest.`` and a gap at ``size_pt``, so the
    first line of item 10 or 100 starts where its other lines do (rounded up to 0.5 mm)."""
    needed = text_ems(f"{largest}.") * size_pt * _MM_PER_PT + LIST_GAP_MM
    return max(MIN_HANGING_MM, math.ceil(needed * 2) / 2)


class PageEstimate:
    """Adds up the body lines a brief takes; :attr:`pages` is the result."""

    def __init__(self, theme: Theme) -> None:
        from briefgen.stylebook import look

        self.theme = theme
        self.body_pt = look(theme, "body").size_pt
        self.cell_pt = look(theme, "table-cell").size_pt
        self.line_mm = look(theme, "body").line_pt * _MM_PER_PT
        page_mm = A4_MM[1] - theme.page.margin_top_mm - theme.page.margin_bottom_mm
        self.page_lines = page_mm / self.line_mm
        self.lines = 0.0

    @property
    def pages(self) -> float:
        """The estimated number of pages."""
        return self.lines / self.page_lines

    def space(self, millimetres: float) -> None:
        """Vertical space: margins, rules, padding."""
        self.lines += millimetres / self.line_mm

    def text(self, text: str, *, size_pt: float | None = None, indent_mm: float = 0) -> None:
        """A paragraph of ``text`` at ``size_pt`` (body size by default), wrapped."""
        size = size_pt or self.body_pt
        width = line_ems(self.theme, size) - indent_mm / (size * _MM_PER_PT)
        count = max(1, math.ceil(text_ems(text) / max(width, 1.0)))
        self.lines += count * size / self.body_pt

    def row(self, cells: Iterable[str], fractions: Iterable[float], *, padding_mm: float) -> None:
        """A table row: as tall as its tallest cell in its column's share of the width."""
        size = self.cell_pt
        width = line_ems(self.theme, size)
        tallest = max(
            (
                max(1, math.ceil(text_ems(cell) / max(width * share - 1.2, 1.0)))
                for cell, share in zip(cells, fractions, strict=False)
            ),
            default=1,
        )
        self.lines += tallest * size / self.body_pt
        self.space(padding_mm)
