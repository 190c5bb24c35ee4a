"""The style book in CSS: one rule per role for the PDF and HTML (``brief.css`` only arranges).

Each role of :mod:`briefgen.stylebook` is written for the elements of the HTML templates that
carry it. A box role's background, border and padding go on the section's box, its type on the
paragraphs or list items inside; a list role's indent is its list's left padding. The rules come
before the theme's ``brief.css``, so a theme's own stylesheet can still override any of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefgen.stylebook import BOX_ROLES, ROLES, Look, box_heading, looks
from briefgen.theme import Theme


@dataclass(frozen=True)
class _Target:
    text: str
    """The elements holding the role's text."""
    box: str | None = None
    """The element its background, border and padding frame (default: the text's)."""
    list: str | None = None
    """The list whose left padding is the role's indent."""


_TARGETS: dict[str, _Target] = {
    "body": _Target("html"),
    "organisation": _Target(".masthead .organisation, .masthead .series", box=".masthead-top"),
    "title": _Target(".masthead .title"),
    "subtitle": _Target(".masthead .subtitle"),
    "authors": _Target(".byline"),
    "date": _Target(".masthead .date", box=".byline"),
    "heading": _Target(".block > h2"),
    "subheading": _Target(".block h3"),
    "contents-entry": _Target("ol.contents-list li"),
    "key-messages": _Target(
        "ul.key-message-list li", box=".key-messages", list="ul.key-message-list"
    ),
    "summary": _Target(".summary p", box=".summary"),
    "key-point": _Target("ol.key-points li", list="ol.key-points"),
    "implications": _Target(
        "ul.implication-list li", box=".implications", list="ul.implication-list"
    ),
    "section-text": _Target(".editor-section p"),
    "quote": _Target(".quote p", box=".quote"),
    "quote-speaker": _Target(".quote .speaker"),
    "caption": _Target(".chart-caption"),
    "chart-unit": _Target(".chart-unit"),
    "source-line": _Target(".chart-note, .chart-source"),
    "table-header": _Target("th"),
    "table-cell": _Target("td"),
    "figure-value": _Target("td.value"),
    "source-entry": _Target("ol.sources li", list="ol.sources"),
    "citation": _Target("a.cite, a.cite-ref"),
    "footnote": _Target(".footnote"),
    "running-header": _Target("@top-left, @top-right"),
    "page-number": _Target("@bottom-center"),
    "colophon": _Target(".colophon p", box=".colophon"),
}
"""Where each role is in the HTML templates; a role not listed is the elements of class
``.<role>`` (a new role needs only ``class="<role>"`` in its block's template)."""

_MARGIN_BOXES = ("running-header", "page-number")
_PRINT_ONLY = ("footnote",)
_COLOUR_ONLY = ("citation",)  # a superscript marker: its size is brief.css's 0.75em


def role_css(theme: Theme) -> str:
    """The CSS rules of the theme's style book."""
    assert set(_TARGETS) <= set(ROLES), "a place in the templates for each role there is"
    book = looks(theme)
    rules: list[str] = []
    page_rules: list[str] = []
    for role in ROLES:
        look, target = book[role], _TARGETS.get(role, _Target(f".{role}"))
        if role in _MARGIN_BOXES:
            kept = _type(look)
            del kept["text-align"]  # each page area has its own (left, right, centre)
            for box in target.text.split(", "):
                page_rules.append(f"  {box} {{ {_declarations(kept)} }}")
            continue
        if role in _COLOUR_ONLY:
            text = {"color": look.colour} | ({"font-weight": "700"} if look.bold else {})
            rules.append(_rule(target.text, text))
            continue
        boxed = target.box is not None
        text = _type(look) | _spacing(look, before=0.0 if boxed else look.space_before_mm)
        if target.list is not None:
            rules.append(_rule(target.list, {"padding-left": _mm(look.indent_mm)}))
        elif look.indent_mm:
            text["margin-left"] = _mm(look.indent_mm)
        if target.box is None:
            text |= _frame(look)
        else:  # a group of paragraphs: the space before it and its frame are the box's
            rules.append(_rule(target.box, _frame(look) | _before(look.space_before_mm)))
        rule = _rule(target.text, text)
        rules.append(f"@media print {{ {rule} }}" if role in _PRINT_ONLY else rule)
        if role in BOX_ROLES:
            heading = box_heading(theme, role)
            rules.append(
                _rule(
                    f"{target.box} > h2",
                    {
                        "color": heading.colour,
                        "border": "none",
                        "padding": "0",
                        "margin": f"0 0 {_mm(heading.space_after_mm)}",
                    },
                )
            )
    page = "@page {\n" + "\n".join(page_rules) + "\n}\n"
    return "/* The style book (theme.toml [styles]) */\n" + "\n".join(rules) + "\n" + page


def _type(look: Look) -> dict[str, str]:
    values = {
        "font-size": f"{look.size_pt:g}pt",
        "font-weight": "700" if look.bold else "400",
        "color": look.colour,
        "line-height": f"{look.line_height:g}",
        "text-align": look.align,
    }
    if look.font_family:
        values["font-family"] = f'"{look.font_family}", var(--font-body)'
    return values


def _before(millimetres: float) -> dict[str, str]:
    return {"margin-top": _mm(millimetres)} if millimetres else {}


def _spacing(look: Look, *, before: float) -> dict[str, str]:
    values = {"margin-top": _mm(before), "margin-bottom": _mm(look.space_after_mm)}
    if look.keep_with_next:
        values |= {"break-after": "avoid", "page-break-after": "avoid"}
    return values


def _frame(look: Look) -> dict[str, str]:
    values: dict[str, str] = {}
    if look.background:
        values["background"] = look.background
    for side in look.border_sides:
        values[f"border-{side}"] = f"{look.border_width_pt:g}pt solid {look.border_colour}"
    if any(look.padding_mm):
        values["padding"] = " ".join(_mm(each) for each in look.padding_mm)
    return values


def _mm(value: float) -> str:
    return f"{value:g}mm" if value else "0"


def _declarations(values: dict[str, str]) -> str:
    return " ".join(f"{name}: {value};" for name, value in values.items())


def _rule(selector: str, values: dict[str, str]) -> str:
    return f"{selector} {{ {_declarations(values)} }}" if values else ""
