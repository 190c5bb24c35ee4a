"""The style book (theme.toml [styles]) read back from every format: each role's size, weight,
colour and background as the PDF draws it (pdfplumber's glyphs and fills), as the DOCX
defines it (styles.xml, the box's cell shading) and as the HWPX does (header.xml's charPr,
paraPr and borderFill) — the same in all three, and what the style book says; and one change
in theme.toml reaching every format."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

import briefgen
from briefgen.display import Document, display
from briefgen.stylebook import Look, box_heading, look
from briefgen.theme import Theme, load_theme

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HC = "{http://www.hancom.co.kr/hwpml/2011/core}"
EXAMPLES = (
    "kr-us-tariff-tech-alliance",
    "ai-policy-digest",
    "us-fullstack-export-korea",
    "lee-son-asi-meeting",
)


@dataclass(frozen=True)
class Seen:
    """A role's look as one format shows it."""

    size_pt: float
    bold: bool
    colour: str
    background: str | None = None


def _plain(text: str) -> str:
    return re.sub(r"[\s\u2060\u00a0\u200b]", "", text)


def samples(doc: Document, theme: Theme) -> list[tuple[Look, str]]:
    """(expected look, a text the role holds) for the roles ``doc`` has."""
    found: list[tuple[Look, str]] = [
        (look(theme, "organisation"), doc.organisation),
        (look(theme, "title"), doc.title),
        (look(theme, "date"), doc.date_text),
        (look(theme, "running-header"), doc.organisation),  # the header line begins with it
    ]
    if doc.subtitle:
        found.append((look(theme, "subtitle"), doc.subtitle))
    found += [(look(theme, "authors"), author.text) for author in doc.authors[:1]]
    for section in doc.sections:
        found += [(look(theme, "contents-entry"), link.text) for link in section.links[:2]]
        notes = [line.footnote for line in section.lines if line.footnote]
        found += [(look(theme, "footnote"), note) for note in notes[:1]]
        heading = box_heading(theme, section.box) if section.box else look(theme, "heading")
        found.append((heading, section.heading))
        role = {"key_messages": "key-messages", "section": "section-text"}.get(
            section.kind, section.kind
        )
        if section.kind in ("summary", "implications", "key_messages", "section"):
            found += [(look(theme, role), line.text) for line in section.lines[:2]]
        for group in section.groups[:2]:
            if group.heading:
                found.append((look(theme, "subheading"), group.heading))
            found.append((look(theme, "key-point"), group.items[0].text))
        for quotation in section.quotations[:2]:
            found.append((look(theme, "quote"), quotation.text))
            found.append((look(theme, "quote-speaker"), quotation.attribution))
        for chart in section.charts[:1]:
            found.append((look(theme, "caption"), chart.caption))
            found.append((look(theme, "chart-unit"), chart.unit_line))
            found.append((look(theme, "source-line"), chart.source))
        if section.rows:
            found.append((look(theme, "table-header"), section.columns[1].label))
            row = section.rows[0]
            for column, cell in zip(section.columns, row.cells, strict=False):
                if column.role == "value":
                    found.append((look(theme, "figure-value"), cell))
                elif column.role == "" and len(_plain(cell)) >= 4:
                    found.append((look(theme, "table-cell"), cell))
        for source in section.sources[:2]:
            found.append((look(theme, "source-entry"), source.text))
    found.append((look(theme, "colophon"), doc.colophon_lines[-1]))
    return [(shown, text) for shown, text in found if len(_plain(text)) >= 2]


def expected(shown: Look) -> Seen:
    return Seen(shown.size_pt, shown.bold, shown.colour, shown.background)


# --- PDF -----------------------------------------------------------------------------------


def _rgb(colour: object) -> str | None:
    if not isinstance(colour, tuple | list) or len(colour) != 3:
        return "#000000" if colour in ((0,), [0], 0) else None
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in colour)


@cache
def _pdf_pages(pdf_bytes: bytes) -> list[tuple[list[dict], list[dict]]]:
    """Each page's visible glyphs and its background fills (not WeasyPrint's even-odd border
    paths), read once per PDF."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return [
            (
                [c for c in page.chars if c["text"].strip()],
                [r for r in page.rects if r.get("fill") and not r.get("evenodd")],
            )
            for page in pdf.pages
        ]


def pdf_looks(pdf_bytes: bytes, text: str) -> list[Seen]:
    """How the PDF draws each occurrence of ``text``'s first characters."""
    needle = _plain(text)[:8]
    seen = []
    for chars, fills in _pdf_pages(pdf_bytes):
        stream = "".join(c["text"] for c in chars)
        for match in re.finditer(re.escape(needle), stream):
            first = chars[match.start()]
            under = [
                _rgb(r["non_stroking_color"])
                for r in fills
                if r["x0"] <= first["x0"] and r["x1"] >= first["x1"]
                and r["top"] <= first["top"] and r["bottom"] >= first["bottom"]
                and r["width"] > 50
            ]  # fmt: skip
            seen.append(
                Seen(
                    round(first["size"], 1),
                    "Bold" in first["fontname"],
                    _rgb(first["non_stroking_color"]) or "?",
                    under[-1] if under else None,
                )
            )
    return seen


# --- DOCX ----------------------------------------------------------------------------------


def docx_looks(docx_bytes: bytes, text: str) -> list[Seen]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        stories = [  # the body, the notes, the headers
            etree.fromstring(archive.read(name))
            for name in sorted(archive.namelist())
            if re.fullmatch(r"word/(document|footnotes|header\d*)\.xml", name)
        ]
        styles = etree.fromstring(archive.read("word/styles.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}

    def inherited(style_id: str | None, tag: str, attribute: str = "val") -> str | None:
        while style_id:
            style = by_id[style_id]
            for element in style.iter(f"{W}{tag}"):
                if element.getparent().tag == f"{W}rPr":
                    return element.get(f"{W}{attribute}", "true")
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return None

    needle = _plain(text)[:8]
    seen = []
    for paragraph in (p for story in stories for p in story.iter(f"{W}p")):
        shown = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))  # not field codes
        if not _plain(shown).startswith(needle):
            continue
        found = paragraph.find(f"{W}pPr/{W}pStyle")
        style_id = found.get(f"{W}val") if found is not None else "Normal"
        cell = next((a for a in paragraph.iterancestors(f"{W}tc")), None)
        shading = cell.find(f"{W}tcPr/{W}shd") if cell is not None else None
        size = inherited(style_id, "sz")
        bold = inherited(style_id, "b")
        seen.append(
            Seen(
                int(size) / 2 if size else 0.0,
                bold not in (None, "0", "false"),
                "#" + (inherited(style_id, "color") or "000000").lower(),
                "#" + shading.get(f"{W}fill").lower() if shading is not None else None,
            )
        )
    return seen


# --- HWPX ----------------------------------------------------------------------------------


def hwpx_looks(hwpx_bytes: bytes, text: str) -> list[Seen]:
    with zipfile.ZipFile(io.BytesIO(hwpx_bytes)) as archive:
        section = etree.fromstring(archive.read("Contents/section0.xml"))
        header = etree.fromstring(archive.read("Contents/header.xml"))
    chars = {c.get("id"): c for c in header.iter(f"{HH}charPr")}
    paras = {p.get("id"): p for p in header.iter(f"{HH}paraPr")}
    fills = {f.get("id"): f for f in header.iter(f"{HH}borderFill")}
    needle = _plain(text)[:8]
    seen = []
    for paragraph in section.iter(f"{HP}p"):
        own = "".join(t.text or "" for t in paragraph.iterfind(f"{HP}run/{HP}t"))
        if not re.sub(r"^(\d{1,3}\.|•)", "", _plain(own)).startswith(
            needle
        ):  # HWPX numbers its own
            continue
        run = paragraph.find(f"{HP}run")
        char = chars[run.get("charPrIDRef")]
        border = paras[paragraph.get("paraPrIDRef")].find(f"{HH}border")
        background = None
        if border is not None and border.get("borderFillIDRef") in fills:
            brush = fills[border.get("borderFillIDRef")].find(f"{HC}fillBrush/{HC}winBrush")
            if brush is not None and brush.get("faceColor", "none").lower() != "none":
                background = brush.get("faceColor").lower()
        seen.append(
            Seen(
                int(char.get("height")) / 100,
                char.find(f"{HH}bold") is not None,
                char.get("textColor").lower(),
                background,
            )
        )
    return seen


@pytest.fixture(scope="module")
def outputs(briefs, theme) -> dict[str, dict[str, bytes]]:
    return {
        brief_id: {
            fmt: briefgen.render(briefs[brief_id], fmt, theme) for fmt in ("pdf", "docx", "hwpx")
        }
        for brief_id in EXAMPLES
    }


READERS = {"pdf": pdf_looks, "docx": docx_looks, "hwpx": hwpx_looks}


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("brief_id", EXAMPLES)
def it_gives_every_role_its_style_book_look(outputs, briefs, theme, brief_id, fmt) -> None:
    doc = display(briefs[brief_id], theme)
    wrong, roles = [], set()
    for shown, text in samples(doc, theme):
        want = expected(shown)
        seen = READERS[fmt](outputs[brief_id][fmt], text)
        assert seen, f"{fmt}: {shown.role} text {text[:20]!r} not found"
        if not any(_agrees(want, got) for got in seen):
            wrong.append(f"{shown.role} {text[:16]!r}: want {want}, {fmt} has {seen[:3]}")
        roles.add(shown.role)
    assert not wrong, "\n".join(wrong)
    assert {"title", "heading", "summary-heading", "summary", "colophon"} <= roles


def _agrees(want: Seen, got: Seen) -> bool:
    return (
        abs(want.size_pt - got.size_pt) <= 0.15
        and want.bold == got.bold
        and want.colour == got.colour
        and want.background == got.background
    )


def it_covers_every_role_with_text_across_the_examples(briefs, theme) -> None:
    covered = {
        shown.role
        for brief_id in EXAMPLES
        for shown, _ in samples(display(briefs[brief_id], theme), theme)
    }
    # citation markers (a superscript colour) and page numbers (fields) are read back by
    # their own tests (test_docx, test_hwpx, test_pdf_typography)
    assert covered >= {
        "organisation", "authors", "running-header", "contents-entry", "caption", "footnote",
        "title", "subtitle", "date", "heading", "subheading", "key-messages", "summary",
        "key-point", "implications", "quote", "quote-speaker", "chart-unit", "source-line",
        "table-header", "table-cell", "figure-value", "source-entry", "colophon",
        "summary-heading", "implications-heading", "key-messages-heading",
    }  # fmt: skip


def house_theme(tmp_path: Path, styles: str) -> Path:
    """A copy of the default theme whose [styles] holds only ``styles`` (the rest of the
    style book comes from the default theme)."""
    folder = tmp_path / "house"
    shutil.copytree(Path(briefgen.__file__).parent.parent / "styles", folder)
    text = (folder / "theme.toml").read_text(encoding="utf-8")
    kept = text[: text.index("# The style book:")]
    (folder / "theme.toml").write_text(kept + styles, encoding="utf-8")
    return folder


def it_changes_every_format_from_one_role_in_theme_toml(tmp_path: Path, briefs) -> None:
    """The heading colour and the summary background, changed in theme.toml alone."""
    house = load_theme(
        house_theme(
            tmp_path,
            '[styles.heading]\ncolour = "#8a1538"\n[styles.summary]\nbackground = "#fff4d6"\n',
        )
    )
    assert look(house, "heading").colour == "#8a1538"
    assert look(house, "heading").size_pt == 13  # the rest of the role kept
    brief = briefs["kr-us-tariff-tech-alliance"]
    doc = display(brief, house)
    heading = next(s.heading for s in doc.sections if s.box is None)
    summary = next(s for s in doc.sections if s.kind == "summary").lines[0].text
    for fmt, reader in READERS.items():
        data = briefgen.render(brief, fmt, house)
        assert any(s.colour == "#8a1538" for s in reader(data, heading)), fmt
        assert any(s.background == "#fff4d6" for s in reader(data, summary)), fmt
    html = briefgen.render(brief, "html", house).decode()
    assert re.search(r"\.block > h2 \{[^}]*color: #8a1538", html)
    assert re.search(r"\.summary \{[^}]*background: #fff4d6", html)


def it_reports_an_unknown_colour_name_with_its_line(tmp_path: Path) -> None:
    folder = house_theme(tmp_path, '[styles.caption]\ncolour = "acent"\n')
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    message = str(raised.value)
    assert "theme.toml:" in message
    assert "styles.caption.colour" in message
    assert '"acent" is not a colour' in message


def it_reports_an_unknown_role(tmp_path: Path) -> None:
    folder = house_theme(tmp_path, '[styles.headnig]\ncolour = "accent"\n')
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    assert "headnig" in str(raised.value)
