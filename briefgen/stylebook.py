"""The style book: every role of a brief's text and its look, as data, for every format.

A role is a kind of text a reader recognises — the title, a heading, the summary box, a table's
header row, a footnote. Its look (font, size, weight, colour, background, border, spacing,
indents, line height, alignment) is written once, in ``theme.toml`` under ``[styles.<role>]``;
each writer *translates* it: :mod:`briefgen.writers.css` into CSS rules for the PDF and HTML,
:mod:`briefgen.writers.docx` into named Word styles, :mod:`briefgen.writers.hwpx` into Hancom
character, paragraph and border-fill shapes, and :mod:`briefgen.measure` reads its sizes for
the page estimate. So a change of one role changes every format and nothing else has to.

Sizes and colours may name the theme's scale (``size = "small"`` is ``[sizes] small_pt``,
``colour = "accent"`` is ``[colours] accent``) or give a value (``11.5``, ``"#1d4e89"``). A
theme's ``[styles]`` is laid over the default theme's, field by field, so a theme that says
only ``[styles.heading] colour = "#8a1538"`` keeps every other look of the default.

A *box* role (one with a background or a border that frames several paragraphs: the summary,
the implications, the key messages) also frames its section's heading, which takes the
heading's look in the box's ``heading_colour``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

if TYPE_CHECKING:
    from briefgen.theme import Theme


BOX_ROLES = frozenset({"key-messages", "summary", "implications"})
"""Roles whose background and border frame a whole section, its heading included."""

FRAMED_ROLES = BOX_ROLES | {"quote", "colophon"}
"""Roles whose paragraphs form one group: its background, border and padding frame the group
(a box in CSS, a one-cell table in DOCX, a joined paragraph border in HWPX), its
``space_before_mm`` comes before the group and its ``space_after_mm`` after each paragraph.
A quote's group is the quote and its speaker line."""

TABLE_ROLES = frozenset({"table-header", "table-cell", "figure-value"})
"""Roles of table cells: their border and padding are the cell's."""

SIZE_NAMES = ("body", "small", "title", "heading")
Side = Literal["top", "bottom", "left", "right"]
_HEX = r"^#[0-9a-fA-F]{6}$"
ColourRef = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6}|[a-z_]{1,40})$")]
"""``#rrggbb``, or the name of a ``[colours]`` entry."""
StyleName = Annotated[
    str, StringConstraints(min_length=1, max_length=100, pattern=r'^[^"\\<>{};\x00-\x1f]+$')
]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Border(_Data):
    """A rule on some sides of a paragraph, a box or a table cell."""

    sides: tuple[Side, ...] = Field(min_length=1, max_length=4)
    width_pt: float = Field(gt=0, le=6)
    colour: ColourRef


class RoleStyle(_Data):
    """The look of one role, as ``theme.toml`` writes it (see the module notes)."""

    font_family: StyleName | None = None
    """A family of its own (PDF/HTML put it before the theme's chain); default: the body's."""
    size: float | Literal["body", "small", "title", "heading"] = "body"
    weight: Literal["normal", "bold"] = "normal"
    colour: ColourRef = "text"
    background: ColourRef | None = None
    border: Border | None = None
    space_before_mm: float = Field(0, ge=0, le=50)
    space_after_mm: float = Field(0, ge=0, le=50)
    indent_mm: float = Field(0, ge=0, le=60)
    """The left indent of the text (of a list item's text, for lists)."""
    hanging_mm: float = Field(0, ge=0, le=30)
    """Room for a list's number or bullet, left of the text (its first line starts there)."""
    padding_mm: tuple[float, float, float, float] = (0, 0, 0, 0)
    """Inside a background or border: top, right, bottom, left."""
    line_height: float | Literal["body", "heading"] = "body"
    align: Literal["left", "right", "center", "justify", "text"] = "left"
    """``text`` follows ``[text] align`` (running text: left or justified)."""
    keep_with_next: bool = False
    heading_colour: ColourRef | None = None
    """A box role's heading colour (default: the heading's)."""
    heading_space_after_mm: float = Field(1.5, ge=0, le=50)
    """A box role: the space between its heading and its first paragraph."""
    docx_style: StyleName | None = None
    """The name of a style of the theme's house Word template to use for this role."""
    hwpx_style: StyleName | None = None
    """The name of a style of the theme's house 한글 template to use for this role."""


def _field(role: str) -> str:
    return role.replace("-", "_")


class _StylesBase(_Data):
    """``[styles]``: one :class:`RoleStyle` per role of :data:`ROLES`."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", alias_generator=lambda name: name.replace("_", "-")
    )

    def role(self, name: str) -> RoleStyle:
        """The style of role ``name`` (``key-point``)."""
        style: RoleStyle = getattr(self, _field(name))
        return style


@cache
def default_styles() -> dict[str, Any]:
    """The default theme's ``[styles]`` table, as written (the one definition of each look)."""
    from briefgen.resources import styles_dir

    with (styles_dir() / "theme.toml").open("rb") as file:
        styles: dict[str, Any] = tomllib.load(file).get("styles", {})
    return styles


ROLES: tuple[str, ...] = tuple(default_styles())
"""Every role, in the order of a brief: the tables of the default theme's ``[styles]``, so a
new role is one ``[styles.<role>]`` table there (and its place in the templates)."""

if TYPE_CHECKING:
    Styles = _StylesBase
else:
    Styles = create_model(
        "Styles", __base__=_StylesBase, **{_field(role): (RoleStyle, ...) for role in ROLES}
    )
    Styles.__doc__ = _StylesBase.__doc__


def style_name(role: str) -> str:
    """The name of a role's style in Word and 한글 unless a writer names it otherwise:
    ``key-point`` → ``Key Point``."""
    return " ".join(word.capitalize() for word in role.split("-"))


def with_default_styles(given: object) -> dict[str, Any]:
    """A theme's ``[styles]`` laid over the default theme's, field by field (a role's
    ``border`` and ``padding_mm`` are replaced whole)."""
    merged = {role: dict(fields) for role, fields in default_styles().items()}
    if isinstance(given, dict):
        for role, fields in given.items():
            if isinstance(fields, dict) and isinstance(merged.get(role), dict):
                merged[role] = {**merged[role], **fields}
            else:
                merged[role] = fields  # validation names what is wrong with it
    return merged


@dataclass(frozen=True, slots=True)
class Look:
    """A role's look with every name resolved: sizes in points, lengths in millimetres,
    colours as ``#rrggbb``. What the writers translate."""

    role: str
    size_pt: float
    bold: bool
    colour: str
    line_height: float
    """A multiple of the size."""
    align: Literal["left", "right", "center", "justify"]
    font_family: str | None = None
    background: str | None = None
    border_sides: tuple[str, ...] = ()
    border_width_pt: float = 0.0
    border_colour: str | None = None
    space_before_mm: float = 0.0
    space_after_mm: float = 0.0
    indent_mm: float = 0.0
    hanging_mm: float = 0.0
    padding_mm: tuple[float, float, float, float] = (0, 0, 0, 0)
    keep_with_next: bool = False
    heading_colour: str | None = None
    heading_space_after_mm: float = 1.5
    docx_style: str | None = None
    hwpx_style: str | None = None

    @property
    def line_pt(self) -> float:
        """The height of one line in points."""
        return round(self.size_pt * self.line_height, 2)

    @property
    def boxed(self) -> bool:
        """A background or a border frames the text."""
        return self.background is not None or bool(self.border_sides)


def look(theme: Theme, role: str) -> Look:
    """The resolved look of ``role`` in ``theme``."""
    return _looks(theme)[role]


def looks(theme: Theme) -> dict[str, Look]:
    """Every role's resolved look, in the order of :data:`ROLES`."""
    return dict(_looks(theme))


@cache
def _looks(theme: Theme) -> dict[str, Look]:
    return {role: _resolve(theme, role, theme.styles.role(role)) for role in ROLES}


def colour_of(theme: Theme, value: str) -> str:
    """``#rrggbb`` for a colour value or the name of a ``[colours]`` entry (checked when the
    theme is loaded, see :func:`unknown_names`)."""
    if value.startswith("#"):
        return value.lower()
    colour: str = getattr(theme.colours, value)
    return colour.lower()


def _resolve(theme: Theme, role: str, style: RoleStyle) -> Look:
    sizes = theme.sizes
    size = style.size if isinstance(style.size, float | int) else getattr(sizes, f"{style.size}_pt")
    line = {"body": sizes.line_height, "heading": sizes.heading_line_height}.get(
        str(style.line_height), style.line_height
    )
    border = style.border
    return Look(
        role=role,
        size_pt=float(size),
        bold=style.weight == "bold",
        colour=colour_of(theme, style.colour),
        line_height=float(line),
        align=theme.text.align if style.align == "text" else style.align,
        font_family=style.font_family,
        background=colour_of(theme, style.background) if style.background else None,
        border_sides=border.sides if border else (),
        border_width_pt=border.width_pt if border else 0.0,
        border_colour=colour_of(theme, border.colour) if border else None,
        space_before_mm=style.space_before_mm,
        space_after_mm=style.space_after_mm,
        indent_mm=style.indent_mm,
        hanging_mm=style.hanging_mm,
        padding_mm=style.padding_mm,
        keep_with_next=style.keep_with_next,
        heading_colour=colour_of(theme, style.heading_colour) if style.heading_colour else None,
        heading_space_after_mm=style.heading_space_after_mm,
        docx_style=style.docx_style,
        hwpx_style=style.hwpx_style,
    )


def box_heading(theme: Theme, box: str) -> Look:
    """The heading of a box role's section: the heading's type in the box's heading colour,
    framed by the box (no rule of its own), its space after the box's."""
    from dataclasses import replace

    heading, frame = look(theme, "heading"), look(theme, box)
    return replace(
        heading,
        role=f"{box}-heading",
        colour=frame.heading_colour or heading.colour,
        background=frame.background,
        border_sides=frame.border_sides,
        border_width_pt=frame.border_width_pt,
        border_colour=frame.border_colour,
        space_before_mm=0.0,  # the box's own space before is the group's
        space_after_mm=frame.heading_space_after_mm,
        padding_mm=frame.padding_mm,
        indent_mm=0.0,
        hanging_mm=0.0,
        docx_style=None,
        hwpx_style=None,
    )


def unknown_names(theme: Theme) -> list[tuple[tuple[str, ...], str]]:
    """Colour names of ``[styles]`` that ``[colours]`` does not have: (location, message)."""
    known = set(type(theme.colours).model_fields)
    problems = []
    for role in ROLES:
        style = theme.styles.role(role)
        for field, value in (
            ("colour", style.colour),
            ("background", style.background),
            ("heading_colour", style.heading_colour),
            ("border", style.border.colour if style.border else None),
        ):
            if value is not None and not value.startswith("#") and value not in known:
                where = ("styles", role, field) + (("colour",) if field == "border" else ())
                problems.append(
                    (
                        where,
                        f'"{value}" is not a colour: give "#rrggbb" or one of '
                        f"{', '.join(sorted(known))} (the [colours] table)",
                    )
                )
    return problems
