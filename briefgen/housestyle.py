"""The institution's own Word and 한글 templates (``[templates]`` of ``theme.toml``).

Ministries and institutes work from house templates (보고서 양식). A theme may name one per
format, a file of its own folder::

    [templates]
    docx = "house.docx"     # or a .dotx
    hwpx = "house.hwpx"

    [styles.heading]
    docx_style = "제목 1"    # a style of house.docx, by the name Word shows
    hwpx_style = "개요 1"    # a style of house.hwpx, by the name 한글 shows

From a template the writer takes the page setup, the header and footer (a template without
them gets briefgen's), the fonts and every named style; the template's own content (text,
tables, pictures, charts, notes, comments, later sections, properties) is dropped.
A role mapped to a template style takes that style as it is (its box, if the role is a box,
too: the template's style decides); every other role keeps the style book's look, written into
the template under briefgen's style name. So a house template changes what it defines and
nothing else.

Everything is checked when the theme loads, and every problem names the file: not a DOCX or
HWPX package (or a damaged one, a zip bomb, a DTD), macros or embedded objects (Word's
``vbaProject``, ActiveX, OLE; 한글 scripts beyond Hancom's empty stubs), a link to an outside
file or a field that reads one, a mail merge, a mapped style the template does not have (the
message lists the ones it has), a mapping that would restyle another role's style.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from briefgen.errors import TemplateError, ThemeError
from briefgen.stylebook import ROLES

if TYPE_CHECKING:
    from briefgen.theme import Theme
    from briefgen.tomlpos import Path as FieldPath

WORD_KOREAN_NAMES: dict[str, str] = {
    "표준": "Normal",
    "제목": "Title",
    "부제": "Subtitle",
    **{f"제목 {level}": f"Heading {level}" for level in range(1, 10)},
    **{f"목차 {level}": f"toc {level}" for level in range(1, 10)},
    "캡션": "Caption",
    "머리글": "Header",
    "바닥글": "Footer",
    "각주 텍스트": "footnote text",
    "각주 참조": "footnote reference",
    "인용": "Quote",
    "강한 인용": "Intense Quote",
    "목록 단락": "List Paragraph",
}
"""Korean Word's names of its built-in styles: a ``.docx`` stores a built-in style under its
English name (``heading 1``) whatever the language Word shows (제목 1), so a theme may use
either."""

CHARACTER_ROLES = frozenset({"citation"})
"""Roles set on runs (a character style); every other role is a paragraph style."""


@dataclass(frozen=True, eq=False)  # one object per template file's bytes (cached)
class HouseDocx:
    """A checked house Word template: the package to start from and each mapped role's
    style (python-docx's name for it)."""

    package: bytes
    styles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class HouseHwpx:
    """A checked house 한글 template: the package to start from and each mapped role's style
    (its name in the template's ``header.xml``)."""

    package: bytes
    styles: dict[str, str] = field(default_factory=dict)


def mapped(theme: Theme, fmt: str) -> dict[str, str]:
    """Role → the template style the theme maps it to, for ``fmt`` ("docx" or "hwpx")."""
    chosen = {role: getattr(theme.styles.role(role), f"{fmt}_style") for role in ROLES}
    return {role: name for role, name in chosen.items() if name is not None}


_House = TypeVar("_House", HouseDocx, HouseHwpx)


def docx_template(theme: Theme) -> HouseDocx | None:
    """The theme's checked house Word template (None without one), as the file is now."""
    return _checked(_check(theme, "docx")) if theme.templates.docx else None


def hwpx_template(theme: Theme) -> HouseHwpx | None:
    """The theme's checked house 한글 template (None without one), as the file is now."""
    return _checked(_check(theme, "hwpx")) if theme.templates.hwpx else None


def _check(theme: Theme, fmt: str) -> tuple[Any, list[tuple[str, str]]]:
    """The template ``[templates]`` names for ``fmt``, checked: read for every use, so an
    edited template is never served from a cache (a long-running preview keeps its theme),
    and checked once per content."""
    name = getattr(theme.templates, fmt)
    try:
        data = theme.read_template(name)
    except ThemeError as exc:  # missing, outside the folder, too large
        raise TemplateError(str(exc)) from None
    return (_docx_of if fmt == "docx" else _hwpx_of)(theme, name, data)


def _checked(result: tuple[_House, list[tuple[str, str]]]) -> _House:
    template, missing = result
    if missing:
        raise TemplateError("\n".join(message for _, message in missing))
    return template


def check_templates(theme: Theme, lines: dict[FieldPath, int]) -> None:
    """Every problem of the theme's templates, with ``theme.toml``'s line, as one
    :class:`ThemeError` (called by :func:`briefgen.theme.load_theme`)."""
    from briefgen.theme import THEME_FILE
    from briefgen.tomlpos import locate

    where = theme.folder / THEME_FILE
    problems: list[str] = []
    for fmt in ("docx", "hwpx"):
        if getattr(theme.templates, fmt) is None:
            problems += [
                f"{where}:{locate(lines, ('styles', role, f'{fmt}_style'))}: "
                f"styles.{role}.{fmt}_style: maps the role to a template style, but "
                f"[templates] {fmt} names no template"
                for role in mapped(theme, fmt)
            ]
            continue
        try:
            _, missing = _check(theme, fmt)
        except TemplateError as exc:
            problems.append(f"{where}:{locate(lines, ('templates', fmt))}: templates.{fmt}: {exc}")
            continue
        problems += [
            f"{where}:{locate(lines, ('styles', role, f'{fmt}_style'))}: "
            f"styles.{role}.{fmt}_style: {message}"
            for role, message in missing
        ]
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise ThemeError(f"{len(problems)} problem(s) in the theme:\n{listing}")


def _missing(template: str, wanted: str, kind: str, have: list[str]) -> str:
    shown = ", ".join(have[:40]) + (" …" if len(have) > 40 else "")
    return f"{template} has no {kind} style '{wanted}'; its {kind} styles: {shown}"


@lru_cache(maxsize=8)  # a preview's edits of a template leave few versions behind
def _docx_of(theme: Theme, name: str, data: bytes) -> tuple[HouseDocx, list[tuple[str, str]]]:
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    from briefgen.writers import ooxml

    try:
        package = ooxml.house_package(data)
        document = docx.Document(io.BytesIO(package))
    except TemplateError as exc:
        raise TemplateError(f"{name}: {exc}") from None
    except Exception as exc:  # python-docx's own errors: a package it cannot read
        raise TemplateError(f"{name}: not a Word document python-docx can open ({exc})") from None
    found: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    for role, wanted in mapped(theme, "docx").items():
        kind = WD_STYLE_TYPE.CHARACTER if role in CHARACTER_ROLES else WD_STYLE_TYPE.PARAGRAPH
        style = _word_style(document, wanted, kind)
        if style is None:
            have = sorted(s.name for s in document.styles if s.type == kind)
            label = "character" if kind == WD_STYLE_TYPE.CHARACTER else "paragraph"
            missing.append((role, _missing(name, wanted, label, have)))
        else:
            found[role] = style.name

    def word_name(name: str | None) -> str | None:
        style = _word_style(document, name, WD_STYLE_TYPE.PARAGRAPH) if name else None
        return style.name if style is not None else None

    missing += _collisions(found, "docx", word_name)
    return HouseDocx(package, found), missing


def _word_style(document: Any, wanted: str, kind: Any) -> Any:
    """The template's style called ``wanted`` (or Korean Word's name of a built-in) of
    ``kind``, or None."""
    for candidate in (wanted, WORD_KOREAN_NAMES.get(wanted)):
        if candidate is None:
            continue
        try:
            style = document.styles[candidate]
        except KeyError:
            continue
        if style.type == kind:
            return style
    return None


@lru_cache(maxsize=8)
def _hwpx_of(theme: Theme, name: str, data: bytes) -> tuple[HouseHwpx, list[tuple[str, str]]]:
    from briefgen.writers import owpml

    try:
        package = owpml.house_package(data)
        styles = owpml.style_names(package)
    except TemplateError as exc:
        raise TemplateError(f"{name}: {exc}") from None
    except Exception as exc:  # a package the checks let through but cannot be read
        raise TemplateError(f"{name}: not a 한글 document briefgen can read ({exc})") from None
    found: dict[str, str] = {}
    missing: list[tuple[str, str]] = []
    for role, wanted in mapped(theme, "hwpx").items():
        if wanted in styles:
            found[role] = styles[wanted]
        else:
            have = sorted(set(styles.values()))
            missing.append((role, _missing(name, wanted, "paragraph", have)))
    if "citation" in found:
        missing.append(("citation", "citation markers are plain text in HWPX: no style to map"))
        del found["citation"]
    missing += _collisions(found, "hwpx", lambda name: styles.get(name) if name else None)
    return HouseHwpx(package, found), missing


def _collisions(
    found: dict[str, str], fmt: str, resolve: Callable[[str | None], str | None]
) -> list[tuple[str, str]]:
    """Mapped roles whose template style is the one briefgen writes another, unmapped role
    in: briefgen would give that style its own look and change the template's."""
    if fmt == "docx":
        from briefgen.writers.docx import STYLE_NAMES
    else:
        from briefgen.writers.hwpx import STYLE_NAMES
    ours = {resolve(name): role for role, name in STYLE_NAMES.items() if role not in found}
    ours.pop(None, None)
    return [
        (role, f"'{style}' is the style briefgen writes {ours[style]} in; map "
               f"{ours[style]} too (styles.{ours[style]}.{fmt}_style) or choose another style")
        for role, style in found.items() if style in ours
    ]  # fmt: skip
