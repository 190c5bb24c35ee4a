"""DOCX briefs, checked in their XML, read back with python-docx, and opened by LibreOffice."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from lxml import etree

import briefgen
from briefgen.theme import load_theme
from briefgen.typography import typeset

from .conftest import DEFAULT_HEADINGS, ROOT
from .docxtext import all_paragraphs, is_section_heading
from .processes import libreoffice_pdfs

BRIEF = "kr-us-tariff-tech-alliance"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def attr(element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


@pytest.fixture(scope="module")
def docx_bytes(briefs, theme) -> bytes:
    return briefgen.render(briefs[BRIEF], "docx", theme)


@pytest.fixture(scope="module")
def parts(docx_bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xml")
        }


def style(parts, style_id: str):
    (found,) = parts["word/styles.xml"].xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    return found


def it_names_the_korean_font_on_every_style_without_theme_fonts(parts, theme) -> None:
    styles = parts["word/styles.xml"]
    fonts = styles.xpath("//w:rFonts", namespaces=NS)
    assert len(fonts) > 100
    for element in fonts:
        assert attr(element, "eastAsia") == theme.fonts.docx_east_asia
        assert attr(element, "ascii") == theme.fonts.docx_latin
        assert not [a for a in element.attrib if a.endswith("Theme") or a.endswith("theme")]
    for each in styles.xpath("w:style[@w:type!='numbering']", namespaces=NS):
        assert each.xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=NS), attr(each, "styleId")


def it_declares_korean_as_language_and_theme_font_language(parts) -> None:
    (lang,) = parts["word/styles.xml"].xpath("w:docDefaults//w:lang", namespaces=NS)
    assert (attr(lang, "val"), attr(lang, "eastAsia")) == ("ko-KR", "ko-KR")
    (theme_lang,) = parts["word/settings.xml"].xpath("w:themeFontLang", namespaces=NS)
    assert attr(theme_lang, "eastAsia") == "ko-KR"


def it_sets_word_unit_breaking_kinsoku_and_no_auto_spacing_in_schema_order(parts) -> None:
    (ppr,) = parts["word/styles.xml"].xpath("w:docDefaults/w:pPrDefault/w:pPr", namespaces=NS)
    values = {etree.QName(child).localname: attr(child, "val") for child in ppr}
    assert values["wordWrap"] == "0"  # no breaking Hangul words at a syllable
    assert values["kinsoku"] == "1"
    assert values["autoSpaceDE"] == "0"
    assert values["autoSpaceDN"] == "0"
    order = [etree.QName(child).localname for child in ppr]
    assert order.index("kinsoku") < order.index("wordWrap") < order.index("autoSpaceDE")
    assert order.index("autoSpaceDN") < order.index("spacing")


def it_sets_an_exact_line_height_of_160_percent(parts, theme) -> None:
    (spacing,) = style(parts, "Normal").xpath("w:pPr/w:spacing", namespaces=NS)
    assert attr(spacing, "lineRule") == "exact"
    assert int(attr(spacing, "line")) == round(theme.sizes.body_pt * 1.6 * 20)


def it_makes_lists_real_word_lists(parts) -> None:
    numbering = parts["word/numbering.xml"]

    def list_format(style_id: str) -> tuple[str, str]:
        (num_id,) = style(parts, style_id).xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
        (abstract,) = numbering.xpath(
            f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val", namespaces=NS
        )
        (level,) = numbering.xpath(
            f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']", namespaces=NS
        )
        return (
            level.xpath("w:numFmt/@w:val", namespaces=NS)[0],
            level.xpath("w:lvlText/@w:val", namespaces=NS)[0],
        )

    assert list_format("KeyPoint") == ("decimal", "%1.")
    assert list_format("Implication") == ("bullet", "•")
    assert list_format("SourceEntry") == ("decimal", "%1.")
    body = parts["word/document.xml"]
    key_points = body.xpath("//w:p[w:pPr/w:pStyle/@w:val='KeyPoint']", namespaces=NS)
    assert len(key_points) == 5
    texts = ["".join(p.xpath(".//w:t/text()", namespaces=NS)) for p in key_points]
    assert not any(re.match(r"\s*(\d+\.|•|-)", t) for t in texts), "typed list markers"


def it_uses_builtin_headings_and_named_styles_only(parts) -> None:
    body = parts["word/document.xml"]
    styles_used = set(body.xpath("//w:pStyle/@w:val", namespaces=NS))
    assert {"Heading1", "Title", "Summary", "KeyPoint", "Implication", "SourceEntry"} <= styles_used
    assert not body.xpath("//w:p/w:r/w:rPr/w:rFonts", namespaces=NS), "fonts set on runs"
    assert not body.xpath("//w:p/w:r/w:rPr/w:sz", namespaces=NS), "sizes set on runs"
    cites = body.xpath("//w:r[w:rPr/w:rStyle/@w:val='Cite']/w:t/text()", namespaces=NS)
    assert cites
    assert all(re.fullmatch(r"(\[\d+\])+", c) for c in cites)


def it_builds_tables_with_repeating_headers_and_unsplit_rows(parts) -> None:
    tables = parts["word/document.xml"].xpath("//w:tbl[w:tr/w:trPr/w:tblHeader]", namespaces=NS)
    assert len(tables) == 2  # the boxes (summary, implications, quotes) are one-cell tables
    for table in tables:
        rows = table.xpath("w:tr", namespaces=NS)
        assert rows[0].xpath("w:trPr/w:tblHeader", namespaces=NS)
        assert all(r.xpath("w:trPr/w:cantSplit", namespaces=NS) for r in rows[1:])


def it_numbers_pages_in_the_footer_and_titles_the_header(parts, briefs) -> None:
    footers = [v for k, v in parts.items() if k.startswith("word/footer")]
    instructions = [
        i.strip() for f in footers for i in f.xpath("//w:fldSimple/@w:instr", namespaces=NS)
    ]
    assert instructions == ["PAGE", "NUMPAGES"] * 2  # every page, and the first page
    for footer in footers:
        text = "".join(footer.xpath("//w:t/text()", namespaces=NS))
        assert text == "1 / 1"  # field placeholders and the separator
    body = parts["word/document.xml"]
    assert body.xpath("//w:sectPr/w:titlePg", namespaces=NS), "a first page of its own"
    references = body.xpath("//w:sectPr/w:headerReference/@w:type", namespaces=NS)
    assert references == ["default"], "no header above the masthead on page 1"
    headers = [v for k, v in parts.items() if k.startswith("word/header")]
    header_text = "".join(t for h in headers for t in h.xpath("//w:t/text()", namespaces=NS))
    assert briefs[BRIEF].title in header_text


def it_writes_core_properties_from_the_brief(docx_bytes, briefs, theme) -> None:
    properties = docx.Document(io.BytesIO(docx_bytes)).core_properties
    brief = briefs[BRIEF]
    assert properties.title == brief.title
    assert properties.subject == typeset(brief.subtitle)
    assert properties.author == ", ".join(a.name for a in briefs[BRIEF].authors)
    assert properties.keywords == ", ".join(brief.keywords)
    assert properties.language == "ko-KR"
    assert properties.created.isoformat() == "2025-10-29T00:00:00+00:00"
    assert properties.modified == properties.created


def it_takes_the_docx_font_from_the_theme(briefs) -> None:
    default = load_theme()
    fonts = default.fonts.model_copy(update={"docx_east_asia": "나눔고딕"})
    data = briefgen.render(briefs[BRIEF], "docx", default.model_copy(update={"fonts": fonts}))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert 'w:eastAsia="나눔고딕"' in styles
    assert 'w:eastAsia="맑은 고딕"' not in styles


def it_reads_back_with_the_same_content_in_the_same_order(docx_bytes, briefs) -> None:
    document = docx.Document(io.BytesIO(docx_bytes))
    paragraphs = [p.text for p in all_paragraphs(document)]
    brief = briefs[BRIEF]
    assert paragraphs[0].strip() == "briefgen 정책연구\t이슈 브리프 제2025-01호"
    assert paragraphs[1] == brief.title
    headings = [p.text for p in all_paragraphs(document) if is_section_heading(p)]
    assert headings == [DEFAULT_HEADINGS[0], "주요 그림", *DEFAULT_HEADINGS[1:]]
    points = [p.text for p in all_paragraphs(document) if p.style.name == "Key Point"]
    expected = [f"{typeset(i.text)}[1]" for g in brief.block("key_points").groups for i in g.items]
    assert points == expected
    (figures,) = [t for t in document.tables if t.rows[0].cells[0].text == "항목"]
    assert [c.text for c in figures.rows[1].cells] == [
        "대미 투자 총액",
        "3,500억\u00a0달러",
        "",
        "[1]",
    ]


def it_keeps_raw_xml_in_one_module() -> None:
    offenders = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "briefgen").rglob("*.py")
        if path.name != "ooxml.py" and re.search(r"\b(qn|OxmlElement)\b", path.read_text())
    ]
    assert offenders == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def it_opens_every_example_in_libreoffice_with_the_korean_text_intact(
    briefs, theme, tmp_path
) -> None:
    sources = []
    for brief_id, brief in sorted(briefs.items()):
        path = tmp_path / f"{brief_id}.docx"
        path.write_bytes(briefgen.render(brief, "docx", theme))
        sources.append(path)
    out = libreoffice_pdfs(sources, tmp_path / "pdf")
    for brief_id, brief in briefs.items():
        pdf = out / f"{brief_id}.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", brief.title) in flat
        for group in brief.block("key_points").groups:
            for item in group.items:
                assert re.sub(r"\s+", "", typeset(item.text)) in flat, (brief_id, item.text)
        assert "1/" in flat  # the PAGE / NUMPAGES footer was evaluated
    assert Path(out / f"{BRIEF}.pdf").stat().st_size > 10_000
    # LibreOffice draws the native charts: their category and value labels are in its PDF.
    tariff = re.sub(
        r"\s+",
        "",
        subprocess.run(
            ["pdftotext", str(out / f"{BRIEF}.pdf"), "-"], capture_output=True, text=True
        ).stdout,
    )
    for label in (
        "그림1.한미합의의대미투자조건",
        "단위:억달러",
        "대미투자총액",
        "연간현금투자한도",
    ):
        assert label in tariff, label
    assert "3,500" in tariff, "the data labels"
    assert "2,000" in tariff
    # The brief that cites in footnotes: LibreOffice sets its first note at the foot of page 1.
    with pdfplumber.open(out / "us-fullstack-export-korea.pdf") as document:
        page = document.pages[0]
        (note, *_) = page.search("편집부")
        body = [c for c in page.chars if c["top"] < note["top"] and c["text"].strip()]
        assert note["top"] > page.height * 0.75
        assert note["top"] - max(c["bottom"] for c in body) > 5, "below the text, apart"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test")
def it_fits_numbers_and_values_as_libreoffice_lays_them_out(theme, tmp_path) -> None:
    """On the large seed set (36 key points, 42 figures): LibreOffice sets every key point's
    first line where its other lines begin, even from 10. on, and no figure's value wraps."""
    from briefgen.display import display

    from .bigseeds import BRIEF_ID, write_big_seeds

    seeds = briefgen.load_seeds(write_big_seeds(tmp_path / "seeds"))
    brief = briefgen.assemble(seeds.briefs[BRIEF_ID], seeds.sources)
    path = tmp_path / "big.docx"
    path.write_bytes(briefgen.render(brief, "docx", theme))
    libreoffice_pdfs([path], tmp_path)
    lines = []  # (page, top, x0 of the first character, text) of every text line
    with pdfplumber.open(tmp_path / "big.pdf") as pdf:
        for page in pdf.pages:
            for line in page.extract_text_lines(return_chars=True):
                lines.append((page.page_number, line["chars"], line["text"]))
    doc = display(brief, theme)
    points = [item for s in doc.sections for g in s.groups for item in g.items]
    starts = []
    for _, chars, text in lines:
        match = re.match(r"^(\d+)\.\s*(.*)$", text)
        if match and 1 <= int(match.group(1)) <= len(points):
            point = points[int(match.group(1)) - 1].text
            if not point.replace("\u2060", "").startswith(match.group(2)[:8]):
                continue  # another numbered list (the sources)
            body = [c for c in chars if c["text"].strip()][len(match.group(1)) + 1]
            starts.append((int(match.group(1)), body["x0"]))
    numbers = [n for n, _ in starts if n >= 1]
    assert set(range(1, len(points) + 1)) <= set(numbers)
    first_text = {n: x for n, x in starts}
    assert max(first_text.values()) - min(first_text.values()) < 1.0, first_text  # aligned
    # and the second lines of items start there too
    continuation = [chars[0]["x0"] for _, chars, text in lines if text.startswith("사업에 걸쳐")]
    assert continuation
    assert all(abs(x - min(first_text.values())) < 1.0 for x in continuation)
    header = re.sub(r"\s+", "", doc.organisation + doc.header_title)[:20]
    on_page = {
        page: [re.sub(r"\s+", "", text) for p, _, text in lines if p == page] for page in (1, 2)
    }
    assert not any(header in text for text in on_page[1]), "no running header above the masthead"
    assert any(header in text for text in on_page[2])
    values = [row.cells[1] for s in doc.sections if s.kind == "figures" for row in s.rows]
    flat_lines = [re.sub(r"\s+", "", text) for _, _, text in lines]
    for value in values:
        flat_value = re.sub(r"[\s\u00a0]+", "", value)
        assert any(flat_value in line for line in flat_lines), f"{value} wraps"
