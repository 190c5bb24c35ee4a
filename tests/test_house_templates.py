"""The institution's own Word and 한글 templates (``[templates]``), read back from the XML of
the outputs and opened in LibreOffice and rhwp; and every way a template can be bad."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

import briefgen
from briefgen.display import display
from briefgen.theme import Theme, load_theme

from .conftest import run_cli
from .processes import libreoffice_pdfs

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "house-theme"
SEEDS = ROOT / "seeds"
BRIEF = "kr-us-tariff-tech-alliance"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
TWIPS_PER_MM = 1440 / 25.4
HWPUNIT_PER_MM = 7200 / 25.4
HOUSE_HEADER = "한빛정책연구원 | 정책 브리프"


@cache
def house() -> Theme:
    return load_theme(EXAMPLE)


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _parts(data: bytes, pattern: str) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if re.fullmatch(pattern, n)]
        return [etree.fromstring(archive.read(n)) for n in sorted(names)]


def _text(element: etree._Element, tag: str) -> str:
    return "".join(t.text or "" for t in element.iter(tag))


@cache
def _brief() -> briefgen.Brief:
    seeds = briefgen.load_seeds(SEEDS)
    return briefgen.assemble(seeds.briefs[BRIEF], seeds.sources)


@cache
def docx_bytes() -> bytes:
    return briefgen.render(_brief(), "docx", house())


@cache
def hwpx_bytes() -> bytes:
    return briefgen.render(_brief(), "hwpx", house())


def _styles_by_id(data: bytes) -> dict[str, etree._Element]:
    styles = _part(data, "word/styles.xml")
    return {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}


def _paragraph_styles(data: bytes) -> dict[str, str]:
    """Each paragraph's text → its style's name."""
    names = {i: s.find(f"{W}name").get(f"{W}val") for i, s in _styles_by_id(data).items()}
    body = _part(data, "word/document.xml")
    found = {}
    for paragraph in body.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None:
            found[_text(paragraph, f"{W}t")] = names[style.get(f"{W}val")]
    return found


# -- DOCX ----------------------------------------------------------------------------------------


def it_takes_the_page_setup_header_and_footer_from_the_word_template() -> None:
    section = _part(docx_bytes(), "word/document.xml").find(f"{W}body/{W}sectPr")
    margins = section.find(f"{W}pgMar")
    for side in ("top", "bottom", "left", "right"):  # the template's 25 mm, not the theme's 20/22
        assert int(margins.get(f"{W}{side}")) == pytest.approx(25 * TWIPS_PER_MM, abs=2)
    size = section.find(f"{W}pgSz")
    assert int(size.get(f"{W}w")) == pytest.approx(210 * TWIPS_PER_MM, abs=2)
    headers = _parts(docx_bytes(), r"word/header\d*\.xml")
    assert [_text(h, f"{W}t") for h in headers] == [HOUSE_HEADER]
    footers = _parts(docx_bytes(), r"word/footer\d*\.xml")
    assert len(footers) == 1
    assert _text(footers[0], f"{W}t") == "-  -"
    assert "PAGE" in _text(footers[0], f"{W}instrText")
    assert "NUMPAGES" not in _text(footers[0], f"{W}instrText")  # briefgen's footer not added


def it_writes_mapped_roles_in_the_template_styles_and_the_rest_from_the_style_book(
    briefs,
) -> None:
    doc = display(briefs[BRIEF], house())
    summary = next(s for s in doc.sections if s.kind == "summary")
    points = next(s for s in doc.sections if s.kind == "key_points")
    used = _paragraph_styles(docx_bytes())
    assert used[summary.heading] == "heading 1"  # Word's 제목 1, the template's own
    texts = {text.split("[")[0]: name for text, name in used.items()}
    assert texts[summary.lines[0].text] == "본문 요약"
    assert texts[points.groups[0].items[0].text] == "Key Point"
    styles = {s.find(f"{W}name").get(f"{W}val"): s for s in _styles_by_id(docx_bytes()).values()}
    heading = styles["heading 1"]
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == "0B5345"
    assert heading.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"  # the template's 14 pt
    point = styles["Key Point"]  # the style book: 10.5 pt, its list indent
    assert point.find(f"{W}rPr/{W}sz").get(f"{W}val") == "21"
    assert point.find(f"{W}pPr/{W}numPr") is not None
    # the template's fonts: briefgen names none on its styles
    assert point.find(f"{W}rPr/{W}rFonts") is None
    normal = styles["Normal"].find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}eastAsia") == "맑은 고딕"
    # the summary is the template's: no box (one-cell table) around it
    body = _part(docx_bytes(), "word/document.xml")
    boxed = [t for t in body.iter(f"{W}tbl") if summary.lines[0].text in _text(t, f"{W}t")]
    assert boxed == []
    # the template's example text is gone
    assert "예시 양식" not in _text(body, f"{W}t")


def it_keeps_korean_line_breaking_with_a_template() -> None:
    styles = _part(docx_bytes(), "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    assert defaults.find(f"{W}wordWrap").get(f"{W}val") == "0"
    assert (
        styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}eastAsia") == "ko-KR"
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def it_opens_the_house_docx_in_libreoffice(tmp_path: Path) -> None:
    source = tmp_path / "house.docx"
    source.write_bytes(docx_bytes())
    out = libreoffice_pdfs([source], tmp_path / "pdf")
    pages = subprocess.run(
        ["pdftotext", "-layout", str(out / "house.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout.split("\f")  # fmt: skip
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert HOUSE_HEADER in page  # the template's header on every page
        assert re.search(rf"-\s*{number}\s*-", page)  # the template's page number
    assert "한미 협상 타결과 기술 동맹" in pages[0]


# -- HWPX ----------------------------------------------------------------------------------------


def _hwpx_styles(data: bytes) -> dict[str, str]:
    header = _part(data, "Contents/header.xml")
    return {s.get("id"): s.get("name") for s in header.iter(f"{HH}style")}


def it_takes_the_page_setup_header_and_footer_from_the_hwpx_template() -> None:
    section = _part(hwpx_bytes(), "Contents/section0.xml")
    margin = section.find(f".//{HP}pagePr/{HP}margin")
    assert int(margin.get("left")) == pytest.approx(25 * HWPUNIT_PER_MM, abs=2)
    assert int(margin.get("top")) == pytest.approx(15 * HWPUNIT_PER_MM, abs=2)
    headers = [h for h in section.iter(f"{HP}header")]
    assert len(headers) == 1
    assert _text(headers[0], f"{HP}t") == HOUSE_HEADER
    footers = list(section.iter(f"{HP}footer"))  # the template's "- N -", not briefgen's N / M
    assert len(footers) == 1
    assert _text(footers[0], f"{HP}t").replace(" ", "") == "--"
    assert [n.get("numType") for n in footers[0].iter(f"{HP}autoNum")] == ["PAGE"]
    assert "예시 양식" not in _text(section, f"{HP}t")


def it_writes_mapped_roles_in_the_hwpx_template_styles(briefs) -> None:
    doc = display(briefs[BRIEF], house())
    summary = next(s for s in doc.sections if s.kind == "summary")
    names = _hwpx_styles(hwpx_bytes())
    section = _part(hwpx_bytes(), "Contents/section0.xml")
    style_of = {}
    for paragraph in section.iter(f"{HP}p"):
        text = _text(paragraph, f"{HP}t")
        style_of.setdefault(text.split("[")[0], names[paragraph.get("styleIDRef")])
    assert style_of[summary.heading] == "개요 1"
    assert style_of[summary.lines[0].text] == "본문 요약"
    points = next(s for s in doc.sections if s.kind == "key_points")
    assert any(name == "Key Point" for text, name in style_of.items()
               if points.groups[0].items[0].text in text)  # fmt: skip
    # the template's 개요 1: its own green, 14 pt
    header = _part(hwpx_bytes(), "Contents/header.xml")
    style = next(s for s in header.iter(f"{HH}style") if s.get("name") == "개요 1")
    char = next(c for c in header.iter(f"{HH}charPr") if c.get("id") == style.get("charPrIDRef"))
    assert char.get("textColor") == "#0B5345"
    assert char.get("height") == "1400"


def it_opens_the_house_hwpx_in_rhwp_with_the_house_header(tmp_path: Path) -> None:
    from .hwpxcheck import rhwp, svg_lines

    path = tmp_path / "house.hwpx"
    path.write_bytes(hwpx_bytes())
    document = rhwp().parse(str(path))
    assert document.page_count >= 2
    for page in range(document.page_count):
        lines = svg_lines(document.render_svg(page))
        assert any(HOUSE_HEADER.replace(" ", "") in line.replace(" ", "") for line in lines), page
    first = " ".join(svg_lines(document.render_svg(0))).replace(" ", "")
    assert "한미협상타결과기술동맹" in first


# -- bad templates -------------------------------------------------------------------------------


def _theme_with(tmp_path: Path, settings: str, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        f'organisation = "시험연구원"\n[fonts]\nbody = ["Noto Sans CJK KR"]\n{settings}',
        encoding="utf-8",
    )
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def _rezipped(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    target.writestr(info.filename, changes[info.filename])
            else:
                target.writestr(info, source.read(info))
        for name, body in changes.items():
            if name not in source.namelist() and body is not None:
                target.writestr(name, body)
    return output.getvalue()


HOUSE_DOCX = (EXAMPLE / "house.docx").read_bytes()
HOUSE_HWPX = (EXAMPLE / "house.hwpx").read_bytes()
_TYPES = "[Content_Types].xml"


def _with_types(change: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(HOUSE_DOCX)) as archive:
        types = archive.read(_TYPES).decode()
    return _rezipped(HOUSE_DOCX, {_TYPES: types.replace("</Types>", change + "</Types>").encode()})


def _settings_rels(target: str, kind: str) -> bytes:
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/{kind}" Target="{target}" TargetMode="External"/></Relationships>'
    )
    return _rezipped(HOUSE_DOCX, {"word/_rels/settings.xml.rels": rels.encode()})


def _bomb() -> bytes:
    """A small file that unpacks to more than 200 MB."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as entry,
    ):
        block = b"\0" * 2**20
        for _ in range(201):
            entry.write(block)
    return output.getvalue()


BAD_TEMPLATES = {
    "a zip bomb": ('docx = "house.docx"', {"house.docx": _bomb()}, "unpacks to more than 200 MB"),
    "a part outside the package": ('hwpx = "house.hwpx"', {"house.hwpx": _rezipped(
        HOUSE_HWPX, {"../../evil.xml": b"<x/>"})}, "holds a part named '../../evil.xml' outside"),
    "entities in the XML": ('docx = "house.docx"', {"house.docx": _rezipped(HOUSE_DOCX, {
        _TYPES: b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa">]><Types>&a;</Types>'
    })}, "its part [Content_Types].xml declares a DTD"),
    "a picture renamed": ('docx = "house.docx"', {"house.docx": b"\x89PNG\r\n\x1a\n" + b"0" * 64},
                          "not a Word document (.docx/.dotx) file (it is not a ZIP package)"),
    "macros": ('docx = "house.docx"',
               {"house.docx": _rezipped(HOUSE_DOCX, {"word/vbaProject.bin": b"\x00" * 16})},
               "holds macros, ActiveX controls or embedded objects (word/vbaProject.bin)"),
    "a macro content type": ('docx = "house.docx"', {"house.docx": _with_types(
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')},
        "holds macros"),
    "a remote frame": ('docx = "house.docx"', {"house.docx": _settings_rels(
        "https://example.com/x.docx", "frame")}, "links to an outside file or address "
        "(https://example.com/x.docx"),
    "an hwpx as docx": ('docx = "house.docx"', {"house.docx": HOUSE_HWPX},
                        "not a Word document (.docx/.dotx) file (no [Content_Types].xml)"),
    "a docx as hwpx": ('hwpx = "house.hwpx"', {"house.hwpx": HOUSE_DOCX},
                       "not a 한글 document (.hwpx) file (no HWPX mimetype)"),
    "an hwp file": ('hwpx = "house.hwpx"', {"house.hwpx": b"\xd0\xcf\x11\xe0" + b"\x00" * 500},
                    "(an .hwp file? save it from 한글 as .hwpx)"),
    "hwpx macros": ('hwpx = "house.hwpx"', {"house.hwpx": _rezipped(HOUSE_HWPX, {
        "Scripts/sourceScripts": b"function OnDocument_New() { Run('calc.exe'); }"})},
        "holds macros (Scripts/sourceScripts)"),
    "a missing file": ('docx = "house.docx"', {}, "house.docx not found"),
    "a template outside the theme": ('docx = "../house.docx"', {},
                                     "leads outside the theme folder"),
    "a wrong kind of file name": ('docx = "house.pdf"', {}, "is a .docx or .dotx file"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_TEMPLATES))
def it_refuses_a_bad_template_naming_the_file(tmp_path: Path, case: str) -> None:
    setting, files, expected = BAD_TEMPLATES[case]
    (tmp_path / "house.docx").write_bytes(HOUSE_DOCX)  # beside the theme folder, not in it
    folder = _theme_with(tmp_path, f"[templates]\n{setting}\n", files)
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    message = str(raised.value)
    assert expected in message
    assert f"theme.toml:5: templates.{setting.split()[0]}: " in message


def it_names_a_missing_style_with_its_line_and_the_styles_the_template_has(
    tmp_path: Path,
) -> None:
    folder = _theme_with(
        tmp_path,
        '[templates]\ndocx = "house.docx"\nhwpx = "house.hwpx"\n'
        '[styles.heading]\ndocx_style = "제목 7"\n[styles.quote]\ndocx_style = "인용구"\n'
        'hwpx_style = "인용"\n',
        {"house.docx": HOUSE_DOCX, "house.hwpx": HOUSE_HWPX},
    )
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    message = str(raised.value)
    assert "2 problem(s)" in message
    assert (
        "theme.toml:10: styles.quote.docx_style: house.docx has no paragraph style '인용구'"
        in message
    )
    assert (
        "theme.toml:11: styles.quote.hwpx_style: house.hwpx has no paragraph style '인용'"
        in message
    )
    assert "its paragraph styles: " in message
    assert "본문 요약" in message
    assert "개요 1" in message
    assert "styles.heading" not in message  # 제목 7 is Word's Heading 7, which the template has


def it_refuses_a_mapped_style_without_a_template(tmp_path: Path) -> None:
    folder = _theme_with(tmp_path, '[styles.heading]\nhwpx_style = "개요 1"\n', {})
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    assert "theme.toml:5: styles.heading.hwpx_style: maps the role to a template style, but " \
           "[templates] hwpx names no template" in str(raised.value)  # fmt: skip


def it_reports_a_bad_template_on_the_command_line_and_writes_nothing(tmp_path: Path) -> None:
    folder = _theme_with(tmp_path, '[templates]\ndocx = "house.docx"\n',
                         {"house.docx": b"PK\x03\x04 not really"})  # fmt: skip
    result = run_cli("build", BRIEF, "--seeds", str(SEEDS), "--out", str(tmp_path / "out"),
                     "--format", "docx", "--theme", str(folder))  # fmt: skip
    assert result.returncode == 1
    assert "house.docx: not a Word document" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def it_drops_a_link_to_the_template_a_document_was_made_from(tmp_path: Path, briefs) -> None:
    linked = _settings_rels("file:///C:/Users/kim/Templates/보고서.dotm", "attachedTemplate")
    folder = _theme_with(tmp_path, '[templates]\ndocx = "house.docx"\n', {"house.docx": linked})
    data = briefgen.render(briefs[BRIEF], "docx", load_theme(folder))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        every = b"".join(archive.read(n) for n in archive.namelist())
    assert b"Templates" not in every
    assert b"attachedTemplate" not in every


def it_accepts_a_dotx_and_hancom_s_empty_script_stubs_and_drops_them(
    tmp_path: Path, briefs
) -> None:
    from briefgen.writers.ooxml import WORD_DOCUMENT, WORD_TEMPLATE

    with zipfile.ZipFile(io.BytesIO(HOUSE_DOCX)) as archive:
        types = archive.read(_TYPES).decode()
    dotx = _rezipped(HOUSE_DOCX, {_TYPES: types.replace(WORD_DOCUMENT, WORD_TEMPLATE).encode()})
    stubs = _rezipped(HOUSE_HWPX, {
        "Scripts/headerScripts": b"// header\n",
        "Scripts/sourceScripts": b"function OnDocument_New()\n{\n}\nfunction OnOpen() {}\n",
    })  # fmt: skip
    folder = _theme_with(tmp_path, '[templates]\ndocx = "house.dotx"\nhwpx = "house.hwpx"\n',
                         {"house.dotx": dotx, "house.hwpx": stubs})  # fmt: skip
    theme = load_theme(folder)
    docx_data = briefgen.render(briefs[BRIEF], "docx", theme)
    assert _text(_parts(docx_data, r"word/header\d*\.xml")[0], f"{W}t") == HOUSE_HEADER
    with zipfile.ZipFile(io.BytesIO(docx_data)) as archive:
        assert WORD_TEMPLATE.encode() not in archive.read(_TYPES)
    hwpx_data = briefgen.render(briefs[BRIEF], "hwpx", theme)
    with zipfile.ZipFile(io.BytesIO(hwpx_data)) as archive:
        assert not [n for n in archive.namelist() if n.startswith("Scripts/")]
        assert b"Scripts/" not in archive.read("Contents/content.hpf")


def it_keeps_briefgen_s_page_and_header_without_a_template(briefs, theme) -> None:
    """A theme without [templates] starts from python-docx's and python-hwpx's own documents."""
    data = briefgen.render(briefs[BRIEF], "docx", theme)
    headers = _parts(data, r"word/header\d*\.xml")
    assert any("briefgen 정책연구" in _text(h, f"{W}t") for h in headers)
    margins = _part(data, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgMar")
    assert int(margins.get(f"{W}left")) == pytest.approx(20 * TWIPS_PER_MM, abs=2)


def it_ships_the_templates_the_example_script_makes() -> None:
    """examples/house-theme's templates are reproducible from examples/make_house_templates.py."""
    import importlib.util
    import warnings

    from briefgen.writers.owpml import stable_ids

    spec = importlib.util.spec_from_file_location(
        "make_house", ROOT / "examples" / "make_house_templates.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert module.make_docx() == HOUSE_DOCX
        with stable_ids("house-template"):
            assert module.make_hwpx() == HOUSE_HWPX


def it_rebuilds_when_the_template_changes(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(EXAMPLE, theme)
    command = ("build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out",
               str(tmp_path / "out"), "--format", "docx", "--theme", str(theme))  # fmt: skip
    assert run_cli(*command).returncode == 0
    assert "built 0, unchanged 1" in run_cli(*command).stderr
    (theme / "house.docx").write_bytes(_settings_rels("file:///C:/x.dotx", "attachedTemplate"))
    again = run_cli(*command)
    assert "built 1" in again.stderr, again.stderr


def it_shows_the_templates_and_their_mapped_roles_in_doctor() -> None:
    result = run_cli("doctor", "--theme", str(EXAMPLE), timeout=120)
    assert "DOCX template" in result.stdout, result.stdout + result.stderr
    assert "house.docx; roles in its styles: heading → 제목 1" in result.stdout
    assert "house.hwpx; roles in its styles: heading → 개요 1" in result.stdout


# -- templates as people make them (a report with notes, charts and several sections) -----


def _zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def it_uses_a_whole_report_as_a_template_without_keeping_any_of_it(tmp_path, briefs) -> None:
    """A DOCX with footnotes, charts, workbooks and lists (one of our own briefs) as the
    template of the same brief: one part of each name, one set of notes and charts — none
    of the template's own are kept."""
    brief = briefs["us-fullstack-export-korea"]  # cites in footnotes, has charts
    report = briefgen.render(brief, "docx", load_theme())
    folder = _theme_with(tmp_path, '[templates]\ndocx = "report.docx"\n', {"report.docx": report})
    data = briefgen.render(brief, "docx", load_theme(folder))
    names = _zip_names(data)
    assert len(names) == len(set(names))
    charts = [n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
    pattern = r"word/charts/chart\d+\.xml"
    assert len(charts) == len([n for n in _zip_names(report) if re.fullmatch(pattern, n)])
    kinds = [r.get("Type").rsplit("/", 1)[-1] for r in _part(data, "word/_rels/document.xml.rels")]
    assert kinds.count("footnotes") == 1
    notes = _part(data, "word/footnotes.xml").findall(f"{W}footnote")
    assert len(notes) == len(_part(report, "word/footnotes.xml").findall(f"{W}footnote"))
    body = _text(_part(data, "word/document.xml"), f"{W}t")
    assert body.count(brief.title) == 1  # the template's copy of the text is gone
    import docx

    assert docx.Document(io.BytesIO(data)).paragraphs  # python-docx reads it back


def _without(data: bytes, names: list[str], edit: dict[str, bytes] | None = None) -> bytes:
    return _rezipped(data, {**dict.fromkeys(names), **(edit or {})})


def it_accepts_a_word_template_without_lists_or_section_properties(tmp_path, briefs) -> None:
    with zipfile.ZipFile(io.BytesIO(HOUSE_DOCX)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        body = archive.read("word/document.xml").decode()
    rels = re.sub(r"<Relationship [^>]*numbering[^>]*/>", "", rels)
    body = re.sub(r"<w:sectPr.*</w:sectPr>", "", body, flags=re.S)
    edits = {"word/_rels/document.xml.rels": rels.encode(), "word/document.xml": body.encode()}
    bare = _without(HOUSE_DOCX, ["word/numbering.xml"], edits)
    folder = _theme_with(tmp_path, '[templates]\ndocx = "house.docx"\n', {"house.docx": bare})
    data = briefgen.render(briefs[BRIEF], "docx", load_theme(folder))
    assert "word/numbering.xml" in _zip_names(data)
    assert _part(data, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgSz") is not None


def it_keeps_a_template_s_footer_on_page_one_when_briefgen_adds_the_header(
    tmp_path, briefs
) -> None:
    with zipfile.ZipFile(io.BytesIO(HOUSE_DOCX)) as archive:
        body = archive.read("word/document.xml").decode()
    body = re.sub(r"<w:headerReference [^>]*/>", "", body)
    footer_only = _rezipped(HOUSE_DOCX, {"word/document.xml": body.encode()})
    folder = _theme_with(
        tmp_path, '[templates]\ndocx = "house.docx"\n', {"house.docx": footer_only}
    )
    data = briefgen.render(briefs[BRIEF], "docx", load_theme(folder))
    section = _part(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    assert section.find(f"{W}titlePg") is None  # no first page left without the house footer
    headers = _parts(data, r"word/header\d*\.xml")
    assert len(headers) == 1
    assert _text(headers[0], f"{W}t").startswith("시험연구원")  # briefgen's running header


def it_uses_the_first_section_of_a_hwpx_template_only(tmp_path, briefs) -> None:
    import warnings

    from hwpx import HwpxDocument

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        document = HwpxDocument.open(HOUSE_HWPX)
        document.add_section()
        document.add_paragraph("두 번째 구역의 예시 문장", section_index=1)
        several = document.to_bytes()
    folder = _theme_with(tmp_path, '[templates]\nhwpx = "house.hwpx"\n', {"house.hwpx": several})
    data = briefgen.render(briefs[BRIEF], "hwpx", load_theme(folder))
    sections = [n for n in _zip_names(data) if re.fullmatch(r"Contents/section\d+\.xml", n)]
    assert sections == ["Contents/section0.xml"]
    assert "두 번째 구역" not in _text(_part(data, "Contents/section0.xml"), f"{HP}t")


def it_leaves_out_whatever_else_a_hwpx_template_carries(tmp_path, briefs) -> None:
    extra = _rezipped(HOUSE_HWPX, {"Other/payload.exe": b"MZ" + b"\0" * 64,
                                   "scripts/headerScripts": b"// empty\n"})  # fmt: skip
    folder = _theme_with(tmp_path, '[templates]\nhwpx = "house.hwpx"\n', {"house.hwpx": extra})
    names = _zip_names(briefgen.render(briefs[BRIEF], "hwpx", load_theme(folder)))
    assert not [n for n in names if n.lower().startswith(("other/", "scripts/"))]
    assert "Preview/PrvImage.png" not in names  # a picture of the template's own page


def _damaged(data: bytes) -> bytes:
    """``data`` with the compressed bytes of its header part garbled (checksum wrong)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("Contents/header.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 20
    return data[:start] + bytes(b ^ 0x5A for b in data[start : start + 40]) + data[start + 40 :]


MORE_BAD = {
    "a damaged part": ('hwpx = "house.hwpx"', {"house.hwpx": _damaged(HOUSE_HWPX)},
                       "house.hwpx: a part cannot be unpacked"),
    "a field fetching a picture": ('docx = "house.docx"', {"house.docx": _rezipped(HOUSE_DOCX, {
        "word/header1.xml": (zipfile.ZipFile(io.BytesIO(HOUSE_DOCX)).read("word/header1.xml")
                             .replace(b"</w:p>", b'<w:fldSimple w:instr=" INCLUDEPICTURE '
                                      b'&quot;https://example.com/x.png&quot; "/></w:p>', 1))})},
        "has a field that reads another file or program (INCLUDEPICTURE"),
    "a manifest link outside": ('hwpx = "house.hwpx"', {"house.hwpx": _rezipped(HOUSE_HWPX, {
        "Contents/content.hpf": zipfile.ZipFile(io.BytesIO(HOUSE_HWPX)).read(
            "Contents/content.hpf").replace(b"</opf:manifest>", b'<opf:item id="x" '
            b'href="https://example.com/x.png" media-type="image/png"/></opf:manifest>')})},
        "links to an outside file (https://example.com/x.png"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MORE_BAD))
def it_refuses_what_a_template_must_not_carry(tmp_path: Path, case: str) -> None:
    setting, files, expected = MORE_BAD[case]
    folder = _theme_with(tmp_path, f"[templates]\n{setting}\n", files)
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    assert expected in str(raised.value)
    assert f"theme.toml:5: templates.{setting.split()[0]}: " in str(raised.value)


def it_refuses_a_mapping_that_would_restyle_another_role_s_template_style(tmp_path) -> None:
    folder = _theme_with(
        tmp_path,
        '[templates]\ndocx = "house.docx"\n[styles.heading]\ndocx_style = "제목 2"\n',
        {"house.docx": HOUSE_DOCX},
    )
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    assert ("theme.toml:7: styles.heading.docx_style: 'Heading 2' is the style briefgen writes "
            "subheading in; map subheading too") in str(raised.value)  # fmt: skip
