"""Briefs as institutions publish them: masthead, authors, key messages, editor sections,
contents, references, footnotes, colophon — checked in the PDF, HTML and DOCX outputs."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pdfplumber
import pypdf
import pytest
from lxml import etree

import briefgen
from briefgen.dates import PartialDate
from briefgen.display import display, estimate_pages
from briefgen.measure import shorten, text_ems
from briefgen.models import BriefSpec
from briefgen.typography import typeset

from .conftest import DEFAULT_HEADINGS, ROOT, SEEDS, minimal_source
from .docxtext import all_paragraphs, is_section_heading

BRIEF_IDS = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))
DIGEST = "ai-policy-digest"
FOOTNOTED = "us-fullstack-export-korea"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
MM = 72 / 25.4
ROOT_STYLES = ROOT / "styles"


@pytest.fixture(scope="module")
def pdfs(briefs, theme) -> dict[str, bytes]:
    return {brief_id: briefgen.render(briefs[brief_id], "pdf", theme) for brief_id in BRIEF_IDS}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def _page_text(pdf: bytes, index: int) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[index].extract_text(x_tolerance=1) or ""


def _docx_parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }


# --- masthead and metadata -------------------------------------------------------------------


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_prints_series_number_and_an_author_email_on_page_one(pdfs, briefs, brief_id) -> None:
    page = _page_text(pdfs[brief_id], 0)
    brief = briefs[brief_id]
    assert re.search(r"이슈 브리프 제\d{4}-\d+호", page), page[:200]
    assert f"제{brief.number}호" in page
    assert any(a.email and a.email in page for a in brief.authors)
    for author in brief.authors:
        assert author.name in page


def it_writes_authors_and_keywords_into_the_metadata(pdfs, briefs, theme) -> None:
    brief = briefs[FOOTNOTED]
    info = pypdf.PdfReader(io.BytesIO(pdfs[FOOTNOTED])).metadata
    assert info.author == "김서연, 박도윤"
    assert info["/Keywords"] == ", ".join(brief.keywords)
    assert "풀스택 AI 수출" in brief.keywords
    properties = docx.Document(io.BytesIO(briefgen.render(brief, "docx", theme))).core_properties
    assert properties.author == "김서연, 박도윤"
    assert properties.keywords == ", ".join(brief.keywords)


def it_draws_the_theme_logo_in_every_format(pdfs, briefs, theme) -> None:
    brief = briefs[DIGEST]
    with pdfplumber.open(io.BytesIO(pdfs[DIGEST])) as document:
        page = document.pages[0]
        shapes = [c for c in page.curves if c["top"] < 45 * MM and c["x0"] < 40 * MM]
        assert len(shapes) == 5, "the SVG logo's five shapes, drawn as vectors"
        square = max(shapes, key=lambda c: c["width"])
        assert square["height"] == pytest.approx(theme.logo.height_mm * MM, abs=0.5)
    html = briefgen.render(brief, "html", theme).decode()
    assert re.search(r'<img class="logo" src="data:image/svg\+xml;base64,[^"]+" alt="', html)
    parts = _docx_parts(briefgen.render(brief, "docx", theme))
    pictures = parts["word/document.xml"].xpath(
        "//*[local-name()='pic']/ancestor::*[local-name()='inline']/*[local-name()='docPr']/@descr"
    )
    assert pictures == [theme.organisation], "the logo, with alternative text"
    media = [name for name in parts if name.startswith("word/_rels")]
    assert media


def it_prints_the_colophon_and_licence_at_the_end(pdfs, theme) -> None:
    pdf = pdfs["kr-us-tariff-tech-alliance"]
    last = _flat(_page_text(pdf, len(pypdf.PdfReader(io.BytesIO(pdf)).pages) - 1))
    assert _flat("공공누리 제4유형(출처표시 + 상업적 이용금지 + 변경금지)") in last
    assert _flat(theme.colophon.website) in last
    assert _flat("이슈 브리프 제2025-01호") in last


# --- key messages, editor sections, block order -----------------------------------------------


def it_shows_key_messages_and_sections_in_the_briefs_order(briefs, theme) -> None:
    brief = briefs[FOOTNOTED]
    document = docx.Document(io.BytesIO(briefgen.render(brief, "docx", theme)))
    headings = [p.text for p in all_paragraphs(document) if is_section_heading(p)]
    assert headings == [
        "핵심 메시지",
        "목차",
        "요약",
        "배경: 수출을 앞세운 미국의 AI 전략",
        "주요 그림",
        "쟁점: 동맹국 기업의 자리와 그 조건",
        "핵심 내용",
        "한국에 대한 시사점",
        "주요 일지",
        "주요 수치",
        "출처",
    ], "quotes are left out; the sections sit where blocks puts them"
    messages = [p.text for p in all_paragraphs(document) if p.style.name == "Key Message"]
    assert len(messages) == 3
    assert (
        messages[0].replace("\u00a0", " ").startswith("미국은 2025년 7월 발표한 AI Action Plan과")
    )
    html = briefgen.render(brief, "html", theme).decode()
    assert html.index('class="block key-messages"') < html.index('class="block summary"')
    assert html.index("배경: 수출을") < html.index("쟁점: 동맹국") < html.index("핵심 내용")


def _brief(**fields: object) -> BriefSpec:
    return BriefSpec.model_validate(
        {"id": "b", "title": "제목", "date": "2026-01-01", "sources": ["s"]} | fields
    )


def it_places_blocks_as_listed_and_leaves_out_the_rest() -> None:
    spec = _brief(
        sections=[{"id": "policy", "heading": "정책 제언", "paragraphs": ["제언이다."]}],
        blocks=["implications", "policy", "summary"],
    )
    brief = briefgen.assemble(spec, {"s": minimal_source()})
    assert [b.kind for b in brief.blocks] == [
        "contents",
        "implications",
        "section",
        "summary",
        "sources",
    ]
    assert spec.block_order()[-1] == "sources"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"blocks": ["summary", "qoutes"]}, "unknown block 'qoutes' (did you mean 'quotes'?)"),
        (
            {"blocks": ["summary"], "sections": [{"id": "x", "heading": "X", "paragraphs": ["p"]}]},
            "leaves out section x",
        ),
        ({"blocks": ["sources", "summary"]}, "the sources list comes last"),
        ({"blocks": ["summary", "summary"]}, "lists summary more than once"),
        ({"key_messages": ["하나뿐이다."]}, "2 to 5 sentences"),
        ({"blocks": ["key_messages"]}, "lists key_messages, but the brief has none"),
        ({"key_messages": ["가.", "나."], "blocks": ["summary"]}, "leaves out key_messages"),
        (
            {"sections": [{"id": "summary", "heading": "X", "paragraphs": ["p"]}]},
            "is the name of a built-in block",
        ),
        ({"contents": False, "blocks": ["contents", "summary"]}, "contents = false"),
        ({"issn": "1234-5678"}, "wrong check digit"),
        ({"authors": [{"name": "김", "email": "kim at example"}]}, "is not an e-mail address"),
        ({"number": "2026/03"}, "should match pattern"),
    ],
)
def it_refuses_a_brief_that_cannot_be_published(fields, message) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        _brief(**fields)


def it_reports_an_unknown_block_with_file_and_line(make_seeds, tmp_path) -> None:
    source = 'id = "s"\ntitle = "t"\ndate = "2025-01-01"\nsummary = "s"\n'
    source += 'key_points = ["a", "b", "c"]\nimplications = ["x", "y"]\n'
    brief = 'id = "b"\ntitle = "t"\ndate = "2026-01-01"\nsources = ["s"]\n\n'
    brief += 'blocks = ["summary", "timline"]\n'
    folder = make_seeds({"s": source}, {"b": brief})
    with pytest.raises(briefgen.SeedError) as caught:
        briefgen.load_seeds(folder)
    (problem,) = caught.value.problems
    assert problem.file.endswith("b.toml")
    assert problem.line == 6
    assert problem.field == "blocks"
    assert "unknown block 'timline' (did you mean 'timeline'?)" in problem.message


def it_accepts_a_valid_issn_and_prints_it(briefs, theme) -> None:
    brief = briefs["lee-son-asi-meeting"].model_copy(update={"issn": "2049-3630"})
    html = briefgen.render(brief, "html", theme).decode()
    assert "ISSN 2049-3630" in html


# --- contents -----------------------------------------------------------------------------


def _headings_by_page(pdf: bytes, size: float) -> dict[str, int]:
    found: dict[str, int] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            lines: dict[float, list[str]] = {}
            for char in page.chars:
                if abs(char["size"] - size) < 0.2:
                    lines.setdefault(round(char["top"]), []).append(char["text"])
            for text in lines.values():
                found.setdefault(_flat("".join(text)), number)
    return found


def it_lists_contents_with_the_pages_the_sections_start_on(pdfs, theme) -> None:
    pdf = pdfs[DIGEST]
    page_one = _page_text(pdf, 0)
    entries = re.findall(r"^(\S.*?)\s*\.{5,}\s*(\d+)$", page_one, flags=re.MULTILINE)
    assert [title for title, _ in entries] == [
        DEFAULT_HEADINGS[0],
        "주요 그림",
        *DEFAULT_HEADINGS[1:],
    ]
    starts = _headings_by_page(pdf, theme.sizes.heading_pt)
    for title, page in entries:
        assert starts[_flat(title)] == int(page), title
    assert int(entries[-1][1]) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def it_gives_short_briefs_no_contents_unless_asked(pdfs, briefs, theme) -> None:
    assert "목차" not in _page_text(pdfs["kr-us-tariff-tech-alliance"], 0)
    asked = briefs["kr-us-tariff-tech-alliance"]
    spec_blocks = tuple(
        b.model_copy(update={"always": True}) if b.kind == "contents" else b for b in asked.blocks
    )
    html = briefgen.render(asked.model_copy(update={"blocks": spec_blocks}), "html", theme)
    assert '<nav class="block contents">' in html.decode()


def it_writes_a_word_table_of_contents_field(briefs, theme) -> None:
    parts = _docx_parts(briefgen.render(briefs[DIGEST], "docx", theme))
    instructions = parts["word/document.xml"].xpath("//w:instrText/text()", namespaces=NS)
    assert [i.strip() for i in instructions] == ['TOC \\o "1-1" \\h \\z \\u']
    kinds = parts["word/document.xml"].xpath("//w:fldChar/@w:fldCharType", namespaces=NS)
    assert kinds == ["begin", "separate", "end"]
    assert parts["word/settings.xml"].xpath("w:updateFields/@w:val", namespaces=NS) == ["true"]
    cached = parts["word/document.xml"].xpath(
        "//w:p[w:pPr/w:pStyle/@w:val='toc1']//w:t/text()", namespaces=NS
    )
    assert cached[:3] == ["요약", "주요 그림", "핵심 내용"]


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_estimates_the_page_count_within_a_page(pdfs, briefs, theme, brief_id) -> None:
    pages = len(pypdf.PdfReader(io.BytesIO(pdfs[brief_id])).pages)
    assert abs(estimate_pages(display(briefs[brief_id], theme), theme) - pages) <= 1.0


# --- references and footnotes --------------------------------------------------------------


def it_writes_sources_in_korean_reference_style(theme) -> None:
    web = minimal_source(
        id="w",
        title="「칩스법」 개정 논의",
        author="홍길동 기자",
        publisher="가상일보",
        url="https://example.org/news/1?a=1&b=2",
        accessed="2026-02-01",
    )
    report = minimal_source(id="r", title="보고서", publisher="가상연구원", kind="report")
    spec = _brief(sources=["w", "r"])
    brief = briefgen.assemble(spec, {"w": web, "r": report})
    html = briefgen.render(brief, "html", theme).decode()
    entries = re.findall(r'<li id="source-\d">(.*?)</li>', html, flags=re.S)
    first = re.sub(r"<[^>]+>", "", entries[0]).strip().replace("\u00a0", " ")
    assert first == (
        "홍길동 기자, 「칩스법」 개정 논의, 『가상일보』, 2025. 10. 29. "
        "https://example.org/news/1?a=1&amp;b=2 (검색일: 2026. 2. 1.)."
    )  # the date's own period separates it from the address: never "29.,"
    for precision, shown in (("2025-03", "2025. 3."), ("2025", "2025.")):
        dated = web.model_copy(update={"date": PartialDate.parse(precision)})
        alone = briefgen.assemble(_brief(sources=["w"]), {"w": dated})
        text = briefgen.render(alone, "html", theme).decode()
        assert f"『가상일보』, {shown} <a" in text.replace("\u00a0", " "), precision
        assert ".," not in re.sub(r"<[^>]+>", "", text)
    assert 'href="https://example.org/news/1?a=1&amp;b=2"' in entries[0]
    second = re.sub(r"<[^>]+>", "", entries[1]).strip().replace("\u00a0", " ")
    assert second == "「보고서」, 가상연구원, 2025. 10. 29."


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "https://", "https://a b.org/", "ftp://x.org/"],
)
def it_refuses_source_urls_a_reader_cannot_follow(url) -> None:
    with pytest.raises(ValueError, match="url"):
        minimal_source(url=url)


def it_needs_a_url_for_an_access_date() -> None:
    with pytest.raises(ValueError, match="add url"):
        minimal_source(accessed="2026-01-01")


def it_sets_footnotes_at_the_foot_of_the_page_in_the_pdf(pdfs, briefs, theme) -> None:
    pdf = pdfs[FOOTNOTED]
    first_note = "편집부, 「AI Action Plan 정책 방향 분석과 우리의 대응 방향」, 2026. 2. 6."
    expected = [_flat(typeset(n)) for n in _all_footnotes(display(briefs[FOOTNOTED], theme))]
    notes: list[int] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        body_bottom = max(
            c["bottom"] for c in page.chars if abs(c["size"] - theme.sizes.body_pt) < 0.2
        )
        matches = page.search(re.escape("편집부, 「AI"))
        assert matches, "the first note is on the page of its call"
        assert matches[0]["top"] > body_bottom, "below the text, at the foot"
        assert matches[0]["top"] > page.height * 0.7
        for each in document.pages:
            text = each.extract_text(x_tolerance=1) or ""
            for number, rest in re.findall(r"^(\d+)\. (.+)$", text, flags=re.MULTILINE):
                index = int(number) - 1
                if index < len(expected) and expected[index].startswith(_flat(rest)):
                    notes.append(int(number))
    assert _flat(first_note) in _flat(_page_text(pdf, 0))
    assert notes == list(range(1, len(expected) + 1)), "every note once, in order"
    assert len(notes) > 30
    assert _flat("위의 글.") in expected
    assert "[1]" not in _page_text(pdf, 1), "footnotes replace the [n] markers"


def it_writes_real_word_footnotes(briefs, theme) -> None:
    brief = briefs[FOOTNOTED]
    doc = display(brief, theme)
    parts = _docx_parts(briefgen.render(brief, "docx", theme))
    body = parts["word/document.xml"]
    footnotes = parts["word/footnotes.xml"]
    references = body.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    notes = footnotes.xpath("w:footnote[not(@w:type)]", namespaces=NS)
    assert [n.get(f"{{{NS['w']}}}id") for n in notes] == references
    assert references == [str(i) for i in range(1, len(references) + 1)]
    texts = ["".join(n.xpath(".//w:t/text()", namespaces=NS)).strip() for n in notes]
    expected = [typeset(note) for note in _all_footnotes(doc)]
    assert texts == expected
    assert footnotes.xpath("w:footnote[@w:type='separator']", namespaces=NS)
    rels = parts["word/_rels/document.xml.rels"]
    assert any(r.get("Target") == "footnotes.xml" for r in rels)
    with zipfile.ZipFile(io.BytesIO(briefgen.render(brief, "docx", theme))) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert "wordprocessingml.footnotes+xml" in types


def _all_footnotes(doc) -> list[str]:
    from briefgen.display import _footnotes

    return _footnotes(doc)


def it_keeps_markers_where_the_brief_cites_with_markers(briefs, theme) -> None:
    parts = _docx_parts(briefgen.render(briefs["kr-us-tariff-tech-alliance"], "docx", theme))
    assert "word/footnotes.xml" not in parts
    assert not parts["word/document.xml"].xpath("//w:footnoteReference", namespaces=NS)


# --- running header -----------------------------------------------------------------------


def _header_lines(pdf: bytes, theme) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[1]
        top = theme.page.margin_top_mm * MM
        lines: dict[int, list[dict]] = {}
        for char in page.chars:
            if char["bottom"] <= top:
                lines.setdefault(round(char["top"]), []).append(char)
    return ["".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])) for cs in lines.values()]


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_keeps_the_running_header_on_one_line(pdfs, briefs, theme, brief_id) -> None:
    lines = _header_lines(pdfs[brief_id], theme)
    assert len(lines) == 1, lines
    doc = display(briefs[brief_id], theme)
    assert _flat(lines[0]) == _flat(theme.organisation + doc.header_title)


def it_shortens_a_long_title_in_the_running_header(briefs, theme) -> None:
    title = "미국 반도체 지원법(CHIPS Act) 보조금과 인센티브 " * 8
    brief = briefs["ai-policy-digest"].model_copy(
        update={"title": title.strip(), "short_title": None}
    )
    doc = display(brief, theme)
    assert doc.header_title.endswith("…")
    assert doc.header_title.removesuffix("…") in title
    assert title.startswith(doc.header_title.removesuffix("…"))
    lines = _header_lines(briefgen.render(brief, "pdf", theme), theme)
    assert len(lines) == 1, lines
    assert lines[0].endswith("…")
    header = _docx_parts(briefgen.render(brief, "docx", theme))
    texts = [
        "".join(
            "\t" if t.tag.endswith("}tab") else t.text
            for t in part.xpath("//w:t|//w:r/w:tab", namespaces=NS)
        )
        for name, part in header.items()
        if name.startswith("word/header")
    ]
    assert texts == [f"{doc.organisation}\t{doc.header_title}"]  # the title at the right edge


def it_shortens_text_at_a_word_and_keeps_letters_whole() -> None:
    assert shorten("짧은 제목", 10) == "짧은 제목"
    assert shorten("한미 관세 협상 타결과 기술 동맹", 9) == "한미 관세…"
    assert shorten("가나다라마바사아자차카타파하", 5) == "가나다라…"
    cut = shorten("e\u0301" * 20, 5)
    assert cut.endswith("…")
    assert "\u0301…" in cut or cut == "…"
    assert text_ems("가A") == pytest.approx(1.6)


# --- hostile input: the theme's logo and licence, editor text, authors, URLs ----------------


def _theme_with(tmp_path, edit, files=None):
    import shutil

    folder = tmp_path / "theme"
    shutil.copytree(ROOT / "styles", folder)
    toml = folder / "theme.toml"
    toml.write_text(edit(toml.read_text(encoding="utf-8")), encoding="utf-8")
    for name, data in (files or {}).items():
        target = folder / name
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            data(target)
    return folder


def _error(folder) -> str:
    with pytest.raises(briefgen.ThemeError) as caught:
        briefgen.load_theme(folder)
    return str(caught.value)


def it_refuses_a_logo_outside_the_theme_folder(tmp_path) -> None:
    (tmp_path / "secret.svg").write_text("<svg/>")
    folder = _theme_with(
        tmp_path, lambda t: t.replace('file = "logo.svg"', 'file = "../secret.svg"')
    )
    message = _error(folder)
    assert "theme.toml:" in message
    assert "logo.file" in message
    assert "leads outside the theme folder" in message


def it_refuses_a_logo_link_out_of_the_theme(tmp_path) -> None:
    (tmp_path / "elsewhere.svg").write_text("<svg/>")
    folder = _theme_with(
        tmp_path,
        lambda t: t,
        {"logo.svg": lambda p: (p.unlink(), p.symlink_to(tmp_path / "elsewhere.svg"))},
    )
    assert "leads outside the theme folder" in _error(folder)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("logo.svg", b"not an image", "logo.svg is not a SVG image"),
        ("logo.png", b"<svg/>", "logo.png is not a PNG image"),
    ],
)
def it_refuses_a_logo_that_is_not_the_image_it_says(tmp_path, name, content, expected) -> None:
    folder = _theme_with(tmp_path, lambda t: t, {name: content})
    message = _error(folder)
    assert expected in message
    assert re.search(r"theme\.toml:\d+: logo\.", message)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('file = "logo.svg"', 'file = "logo.gif"', "a logo is an .svg, .png or .jpg file"),
        ('bitmap = "logo.png"', 'bitmap = "logo.svg"', "need a bitmap"),
        ('file = "logo.svg"', 'file = "missing.svg"', "not found"),
        ('number_format = "제{number}호"', 'number_format = "제{n}호"', "must hold {number}"),
        ('number_format = "제{number}호"', 'number_format = "{number}{number}"', "once"),
        ("kogl = 4", 'kogl = 4\ntext = "CC BY"', "not both or neither"),
        ("kogl = 4", "kogl = 5", "licence.kogl"),
    ],
)
def it_reports_theme_publication_settings_with_line(tmp_path, old, new, expected) -> None:
    folder = _theme_with(tmp_path, lambda t: t.replace(old, new))
    message = _error(folder)
    assert expected in message
    assert "theme.toml:" in message


@pytest.mark.expected_logs
def it_fails_a_pdf_whose_svg_logo_reaches_outside(tmp_path, briefs) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes((ROOT_STYLES / "logo.png").read_bytes())
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="{}" width="10" height="10"/></svg>'
    )
    for target in (secret.as_uri(), "http://127.0.0.1:9/logo.png"):
        folder = _theme_with(
            tmp_path / target[:4], lambda t: t, {"logo.svg": svg.format(target).encode()}
        )
        theme = briefgen.load_theme(folder)
        with pytest.raises(briefgen.RenderError, match="does not fetch"):
            briefgen.render(briefs["kr-us-tariff-tech-alliance"], "pdf", theme)


def it_keeps_markup_in_publication_fields_as_text(theme) -> None:
    source = minimal_source(
        title="<img src=x onerror=alert(1)> 제목",
        url='https://example.org/"><script>alert(1)</script>',
    )
    spec = _brief(
        authors=[{"name": "<b>홍길동</b>", "affiliation": "{{ 7*7 }}", "email": "a@example.org"}],
        key_messages=["<script>x</script> 하나.", "둘 {% if 1 %}."],
        sections=[{"id": "x", "heading": "<h1>제목</h1>", "paragraphs": ["<a href=x>링크</a>"]}],
        citations="footnotes",
    )
    brief = briefgen.assemble(spec, {"s": source})
    html = briefgen.render(brief, "html", theme).decode()
    assert "<script>" not in html
    assert "<b>홍길동" not in html
    assert "&lt;b&gt;홍길동&lt;/b&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "<h1>제목" not in html
    assert "<a href=x>" not in html
    assert "<img src=x" not in html
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;' in html
    document = docx.Document(io.BytesIO(briefgen.render(brief, "docx", theme)))
    texts = "\n".join(p.text for p in all_paragraphs(document))
    assert "<b>홍길동</b> · {{ 7*7 }} · a@example.org" in texts
    assert "<a href=x>링크</a>" in texts
    parts = _docx_parts(briefgen.render(brief, "docx", theme))
    notes = "".join(parts["word/footnotes.xml"].xpath("//w:t/text()", namespaces=NS))
    assert "<img src=x onerror=alert(1)> 제목" in notes


def it_reports_unknown_sources_cited_by_editor_text_with_lines(make_seeds) -> None:
    source = 'id = "s"\ntitle = "t"\ndate = "2025-01-01"\nsummary = "s"\n'
    source += 'key_points = ["a", "b", "c"]\nimplications = ["x", "y"]\n'
    brief = """id = "b"
title = "t"
date = "2026-01-01"
sources = ["s"]
key_messages = [
  { text = "하나.", cites = ["ss"] },
  "둘.",
]

[[sections]]
id = "background"
heading = "배경"
paragraphs = [
  "첫째.",
  { text = "둘째.", cites = ["nowhere"] },
]
"""
    folder = make_seeds({"s": source}, {"b": brief})
    with pytest.raises(briefgen.SeedError) as caught:
        briefgen.load_seeds(folder)
    found = {(p.field, p.line, p.message, p.hint) for p in caught.value.problems}
    assert found == {
        ("key_messages[0].cites", 6, "unknown source 'ss'", "did you mean 's'?"),
        (
            "sections[0].paragraphs[1].cites",
            15,
            "unknown source 'nowhere'",
            "no source file defines this id",
        ),
    }


def it_words_footnotes_as_korean_notes_do(theme) -> None:
    alpha = minimal_source(id="a", title="가 보고서", author="홍길동")
    beta = minimal_source(
        id="b",
        title="나 기사",
        publisher="가상일보",
        key_points=["하나.", {"text": "가도 인용한다.", "cites": ["a"]}, "셋."],
    )
    spec = _brief(
        sources=["a", "b"],
        citations="footnotes",
        key_messages=[{"text": "둘 다.", "cites": ["a", "b"]}, {"text": "또.", "cites": ["b"]}],
        blocks=["key_messages", "key_points"],
    )
    doc = display(briefgen.assemble(spec, {"a": alpha, "b": beta}), theme)
    notes = _all_footnotes(doc)
    assert [n.replace("\u00a0", " ") for n in notes] == [  # a date's parts: no-break spaces
        "홍길동, 「가 보고서」, 2025. 10. 29; 「나 기사」, 『가상일보』, 2025. 10. 29.",
        "『가상일보』, 앞의 글.",
        "홍길동, 앞의 글.",  # key points of a: one note, on the group heading
        "『가상일보』, 앞의 글.",  # key points of b
        "홍길동, 앞의 글.",  # the point of b that also cites a
    ]
    data = briefgen.render(briefgen.assemble(spec, {"a": alpha, "b": beta}), "docx", theme)
    footnotes = _docx_parts(data)["word/footnotes.xml"]
    texts = [
        "".join(n.xpath(".//w:t/text()", namespaces=NS)).strip()
        for n in footnotes.xpath("w:footnote[not(@w:type)]", namespaces=NS)
    ]
    assert texts == notes, "Word numbers the notes in reading order, as listed"
    ibid = display(
        briefgen.assemble(
            _brief(sources=["a"], citations="footnotes", blocks=["implications"]),
            {"a": alpha},
        ),
        theme,
    )
    assert [n.replace("\u00a0", " ") for n in _all_footnotes(ibid)] == [
        "홍길동, 「가 보고서」, 2025. 10. 29.",
        "위의 글.",
    ]


def it_sizes_table_columns_from_their_content() -> None:
    """Values, dates and markers keep their width; short notes stay narrow; the long text
    column takes the rest; everything adds up to the text width."""
    from briefgen.measure import CELL_PADDING_MM, MIN_TEXT_COLUMN_MM, column_widths_mm, text_ems

    em_mm = 10.5 * 25.4 / 72
    label = ("항목", "AI Action Plan 수립을 위해 접수된 RFI 의견", "대미 투자 총액")
    value = ("수치", "47억 4,500만 달러", "22조 8,000억 원")
    note = ("비고", "연간", "")
    source = ("출처", "[1][3]", "[2]")
    widths = column_widths_mm(
        [label, value, note, source], ["", "value", "note", "source"], size_pt=10.5, total_mm=170
    )
    assert sum(widths) == pytest.approx(170, abs=0.05)
    assert widths[1] >= text_ems("47억 4,500만 달러") * em_mm + CELL_PADDING_MM - 0.01
    assert widths[3] >= text_ems("[1][3]") * em_mm + CELL_PADDING_MM - 0.01
    assert widths[2] == pytest.approx(MIN_TEXT_COLUMN_MM)  # a short note stays narrow
    assert widths[0] == max(widths)  # the text column takes what is left
    # values so wide they would crush the text: they give way, the text keeps its minimum
    huge = ("수치", "1,000억~5,000억 달러" * 8)
    squeezed = column_widths_mm([label, huge], ["", "value"], size_pt=10.5, total_mm=170)
    assert squeezed[0] >= MIN_TEXT_COLUMN_MM
    assert sum(squeezed) == pytest.approx(170, abs=0.05)


def it_links_the_organisations_website_in_the_colophon(briefs, theme) -> None:
    brief = briefs["kr-us-tariff-tech-alliance"]
    reader = pypdf.PdfReader(io.BytesIO(briefgen.render(brief, "pdf", theme)))
    last = reader.pages[-1]
    links = [a.get_object().get("/A", {}).get("/URI") for a in last.get("/Annots") or []]
    assert theme.colophon.website in links
    html = briefgen.render(brief, "html", theme).decode()
    assert f'<a class="url" href="{theme.colophon.website}">' in html


@pytest.mark.parametrize("website", ["www.example.org", "javascript:alert(1)", "file:///etc"])
def it_wants_the_colophon_website_to_be_a_web_address(tmp_path, website) -> None:
    folder = _theme_with(
        tmp_path,
        lambda t: t.replace('website = "https://example.org/briefgen"', f'website = "{website}"'),
    )
    message = _error(folder)
    assert "colophon.website" in message
    assert "must be a web address starting with https:// or http://" in message
