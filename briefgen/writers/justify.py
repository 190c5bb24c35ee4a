"""Justified text with a ceiling on word gaps, for WeasyPrint.

Korean running text breaks between words (어절), and a word of Hangul is several em wide, so a
justified line often has to absorb a whole word's width in a handful of spaces. WeasyPrint 70
justifies by widening every space of the line by the same amount without limit (and has no
``text-justify``), which opens gaps of 0.7 em and more. ``KOREAN_TYPOGRAPHY.md`` R7 asks to
justify only where the widest word gap stays small, about 0.5 em.

:func:`install` wraps WeasyPrint's ``justify_line`` once per process. A line whose style carries
the custom property ``--briefgen-max-word-gap`` (a number of em, set by the theme's
``[text] max_word_gap`` on the root element) is widened only until its gaps — the space's own
advance plus the added spacing — reach that ceiling; what is left stays at the line's end, as in
left-aligned text. Lines without the property (any other WeasyPrint user in the process) are
justified exactly as WeasyPrint does. The functions used are WeasyPrint internals, checked once
here; ``pyproject.toml`` bounds WeasyPrint's major version and a test renders through the patch.
"""

from __future__ import annotations

import threading
from typing import Any

from briefgen.errors import EnvironmentProblem

#: Name of the custom property a style sets to cap the word gaps of its justified lines (em).
MAX_GAP_PROPERTY = "--briefgen-max-word-gap"

_installed = False
_lock = threading.Lock()


def install() -> None:
    """Route WeasyPrint's line justification through :func:`_capped_justify_line` (once)."""
    global _installed
    with _lock:
        if _installed:
            return
        try:
            from weasyprint.layout import inline
            from weasyprint.text.line_break import Layout, line_size

            original = inline.justify_line
            count_spaces = inline.count_expandable_spaces
            add_word_spacing = inline.add_word_spacing
        except (ImportError, AttributeError) as exc:  # pragma: no cover - pinned WeasyPrint
            raise EnvironmentProblem(
                f"this WeasyPrint has no line justification hook briefgen knows ({exc}); "
                "install the release pyproject.toml names (pip install -e .)"
            ) from exc

        def capped_justify_line(context: Any, line: Any, extra_width: float) -> None:
            ceiling = max_word_gap(line.style)
            if ceiling is None:
                original(context, line, extra_width)
                return
            spaces = count_spaces(line)
            if not spaces:
                return
            font_size = line.style["font_size"]
            room = ceiling * font_size - _space_advance(Layout, line_size, line.style)
            spacing = min(extra_width / spaces, max(room, 0.0))
            if spacing > 0:
                add_word_spacing(context, line, spacing, 0)

        inline.justify_line = capped_justify_line
        _installed = True


def max_word_gap(style: Any) -> float | None:
    """The ceiling a WeasyPrint style sets through :data:`MAX_GAP_PROPERTY`, in em, if any."""
    key = "__" + MAX_GAP_PROPERTY[2:].replace("-", "_")
    tokens = style[key]  # custom properties are inherited; unset gives an empty list
    numbers = [token.value for token in tokens if getattr(token, "type", None) == "number"]
    return float(numbers[0]) if len(numbers) == 1 else None


def _space_advance(layout_class: Any, line_size: Any, style: Any) -> float:
    """The advance of the widest word space in the line's font at its size, in CSS px.

    A space after Hangul takes the font's Korean form when the text is ``lang="ko"`` (0.28 em in
    Noto Sans CJK KR, against 0.224 em after Latin letters): both are measured and the wider
    one counts, so no gap of the line passes the ceiling. Cached per font and size.
    """
    cache = style.cache.setdefault("briefgen-space", {})
    key = (tuple(style["font_family"]), style["font_size"], style["font_weight"],
           style["font_stretch"], style["font_style"], style["lang"])  # fmt: skip
    if key not in cache:
        plain = style.copy()
        plain["letter_spacing"] = "normal"
        plain["word_spacing"] = 0

        def width(text: str) -> float:
            layout = layout_class(plain)
            layout.set_text(text)
            return float(line_size(layout.get_first_line()[0], plain)[0])

        cache[key] = max(width(f"{c} {c}") - width(c + c) for c in ("x", "가"))
    return float(cache[key])
