"""HWPX read back by independent tools: python-hwpx's validator, hwp-hwpx-parser, rhwp."""

from __future__ import annotations

import io
import re
import warnings
import zipfile

import pytest

import briefgen
from briefgen.display import display
from briefgen.typography import typeset

from . import hwpxcheck, linecheck
from .conftest import SEEDS

BRIEF_IDS = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def hwpx_files(briefs, theme, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hwpx")
    files = {}
    for brief_id in BRIEF_IDS:
        path = folder / f"{brief_id}.hwpx"
        path.write_bytes(briefgen.render(briefs[brief_id], "hwpx", theme))
        files[brief_id] = path
    return files


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_passes_python_hwpx_validation(hwpx_files, brief_id) -> None:
    from hwpx import HwpxDocument

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        report = HwpxDocument.open(str(hwpx_files[brief_id])).validate()
    assert report.ok, report


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_reads_back_with_an_independent_parser(hwpx_files, briefs, brief_id) -> None:
    import hwp_hwpx_parser

    brief = briefs[brief_id]
    with hwp_hwpx_parser.Reader(str(hwpx_files[brief_id])) as reader:
        text = _flat(reader.text)
    assert _flat(brief.title) in text
    for group in brief.block("key_points").groups:
        for item in group.items:
            assert _flat(typeset(item.text)) in text, item.text


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_breaks_hangul_lines_only_between_words(hwpx_files, briefs, theme, brief_id) -> None:
    doc = display(briefs[brief_id], theme)
    reference = linecheck.normalise(
        " ".join(
            [doc.title]
            + [line.text for s in doc.sections for line in s.lines]
            + [i.text for s in doc.sections for g in s.groups for i in g.items]
        )
    )
    pages = hwpxcheck.page_lines(hwpx_files[brief_id])
    assert pages
    findings = [
        f for f in linecheck.check_lines(pages, reference) if f.kind == "word broken across lines"
    ]
    assert findings == []


def it_would_see_mid_word_breaks_with_keep_word(
    hwpx_files, briefs, theme, tmp_path, monkeypatch
) -> None:
    from briefgen.writers import owpml

    monkeypatch.setattr(
        owpml,
        "KOREAN_BREAK_SETTING",
        {"breakLatinWord": "KEEP_WORD", "breakNonLatinWord": "KEEP_WORD"},
    )
    broken = tmp_path / "keep-word.hwpx"
    broken.write_bytes(briefgen.render(briefs["ai-policy-digest"], "hwpx", theme))
    intact = hwpxcheck.page_lines(hwpx_files["ai-policy-digest"])
    text = linecheck.normalise(" ".join(line for page in intact for line in page))
    findings = linecheck.check_lines(hwpxcheck.page_lines(broken), text)
    assert len([f for f in findings if f.kind == "word broken across lines"]) >= 5


def it_writes_reproducible_bytes(briefs, theme) -> None:
    brief = briefs["kr-us-tariff-tech-alliance"]
    assert briefgen.render(brief, "hwpx", theme) == briefgen.render(brief, "hwpx", theme)


def _parts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xml", ".hpf"))
        }


def it_writes_named_styles_with_korean_settings(hwpx_files, theme) -> None:
    header = _parts(hwpx_files["kr-us-tariff-tech-alliance"])["Contents/header.xml"]
    names = set(re.findall(r'<hh:style [^>]*name="([^"]+)"', header))
    assert {
        "Title",
        "Heading 1",
        "Key Point",
        "Implication",
        "Source Entry",
        "Table Value",
    } <= names
    settings = re.findall(r"<hh:breakSetting ([^>]*)/>", header)
    assert settings
    assert all('breakNonLatinWord="BREAK_WORD"' in s for s in settings)
    assert all('breakLatinWord="KEEP_WORD"' in s for s in settings)
    style = re.search(r'<hh:style [^>]*name="Summary"[^>]*>', header).group(0)
    para = re.search(r'paraPrIDRef="(\d+)"', style).group(1)
    char = re.search(r'charPrIDRef="(\d+)"', style).group(1)
    para_pr = re.search(rf'<hh:paraPr [^>]*\bid="{para}".*?</hh:paraPr>', header, flags=re.S).group(
        0
    )
    assert 'lineSpacing type="PERCENT" value="160"' in para_pr
    char_pr = re.search(rf'<hh:charPr [^>]*\bid="{char}".*?</hh:charPr>', header, flags=re.S).group(
        0
    )
    assert f'height="{round(theme.sizes.body_pt * 100)}"' in char_pr
    assert re.search(r'<hh:ratio( \w+="100")+/>', char_pr)
    assert re.search(r'<hh:spacing( \w+="0")+/>', char_pr)
    font = re.search(r'<hh:fontRef hangul="(\d+)"', char_pr).group(1)
    hangul_faces = re.search(r'<hh:fontface lang="HANGUL".*?</hh:fontface>', header, flags=re.S)
    assert re.search(
        rf'<hh:font id="{font}" face="{theme.fonts.hwpx_hangul}"', hangul_faces.group(0)
    )
    section = _parts(hwpx_files["kr-us-tariff-tech-alliance"])["Contents/section0.xml"]
    assert 'styleIDRef="' in section
    assert "<hp:charPr" not in section, "no direct formatting in the text"


def it_writes_header_footer_page_numbers_and_properties(hwpx_files, briefs) -> None:
    parts = _parts(hwpx_files["ai-policy-digest"])
    section = parts["Contents/section0.xml"]
    assert section.count("<hp:header ") == 1
    assert section.count("<hp:footer ") == 1, "the footer once, not also inside secPr"
    assert 'numType="PAGE"' in section
    assert 'numType="TOTAL_PAGE"' in section
    assert "<hp:t> / </hp:t>" in section
    brief = briefs["ai-policy-digest"]
    hiding = re.search(r'<hp:pageHiding [^>]*hideHeader="1"', section)
    assert hiding, "no header on page 1"
    assert hiding.start() < section.index(brief.subtitle), "on the masthead's page"
    manifest = parts["Contents/content.hpf"]
    assert f"<opf:title>{brief.title}</opf:title>" in manifest
    assert "김서연, 박도윤, 이하은" in manifest
    assert ", ".join(brief.keywords) in manifest
    assert "2026-02-09T00:00:00Z" in manifest
    assert "synthetic-fixture-author" not in manifest


def it_keeps_tables_footnotes_and_charts(hwpx_files, briefs, theme) -> None:
    import hwp_hwpx_parser

    with hwp_hwpx_parser.Reader(str(hwpx_files["kr-us-tariff-tech-alliance"])) as reader:
        cells = [
            _flat(c) for table in reader.get_tables_as_csv() for c in re.split(r"[,\n]", table)
        ]
    assert _flat("3,500억 달러") in "".join(cells) or "3500억달러" in "".join(cells)
    assert "2025.10.29." in "".join(cells)
    parts = _parts(hwpx_files["us-fullstack-export-korea"])
    section = parts["Contents/section0.xml"]
    doc = display(briefs["us-fullstack-export-korea"], theme)
    from briefgen.display import _footnotes

    assert len(re.findall(r"<hp:footNote[ >]", section)) == len(_footnotes(doc))
    charts = sorted(n for n in parts if n.startswith("Chart/"))
    assert len(charts) == 3
    assert "<c:v>3500</c:v>" in "".join(parts[n] for n in charts)
    assert 'repeatHeader="1"' in section


def it_keeps_hostile_text_as_text(briefs, theme, tmp_path) -> None:
    import hwp_hwpx_parser

    from briefgen.models import BriefSpec, Source

    texts = [
        "<script>alert('x')</script>",
        "</hp:t></hp:run><hp:run><hp:t>주입",
        "{{ 7*7 }} &amp; ]]>",
    ]
    source = Source.model_validate(
        {
            "id": "h",
            "title": texts[0],
            "date": "2025-01-01",
            "summary": texts[1],
            "key_points": texts,
            "implications": texts[:2],
        }
    )
    spec = BriefSpec(id="h", title=texts[2], date="2025-01-02", sources=("h",))
    path = tmp_path / "h.hwpx"
    path.write_bytes(briefgen.render(briefgen.assemble(spec, {"h": source}), "hwpx", theme))
    with hwp_hwpx_parser.Reader(str(path)) as reader:
        text = _flat(reader.text)
    for item in texts:
        assert _flat(typeset(item)) in text
    assert "<hp:run><hp:t>주입" not in _parts(path)["Contents/section0.xml"]


def it_delivers_hwpx_like_every_format(tmp_path) -> None:
    from .conftest import run_cli

    out = tmp_path / "out"
    args = ("build", "kr-us-tariff-tech-alliance", "--seeds", str(SEEDS), "--out", str(out))
    first = run_cli(*args, "--format", "hwpx")
    assert first.returncode == 0, first.stderr
    path = out / "2025-10-29_한미-협상타결-기술동맹.hwpx"
    written = path.read_bytes()
    again = run_cli(*args, "--format", "hwpx")
    assert "unchanged 1" in again.stderr
    assert path.read_bytes() == written
    path.write_bytes(written + b"edited on the shared drive")
    third = run_cli(*args, "--format", "hwpx", "--force")
    assert third.returncode == 0
    edited = written + b"someone's edit"
    path.write_bytes(edited)
    fourth = run_cli(*args, "--format", "hwpx")
    assert path.read_bytes() == edited, "an edited .hwpx is kept"
    beside = out / "2025-10-29_한미-협상타결-기술동맹.new.hwpx"
    assert beside.read_bytes() == written, fourth.stderr


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_renders_as_many_pages_as_the_pdf(hwpx_files, briefs, theme, brief_id) -> None:
    import pypdf

    pdf = briefgen.render(briefs[brief_id], "pdf", theme)
    expected = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    pages = hwpxcheck.page_lines(hwpx_files[brief_id])
    assert abs(len(pages) - expected) <= 1, (len(pages), expected)
    assert all(len(lines) > 3 for lines in pages[:-1]), "no empty page"
    # the last may hold only the end of the colophon (rhwp does not keep its lines together)
    assert len(pages[-1]) >= 3, "running header, text, page number"


def it_wraps_python_hwpx_errors(briefs, theme, monkeypatch) -> None:
    from hwpx.errors import HwpxStateError

    from briefgen.writers import hwpx as writer

    def fail(doc, theme):
        raise HwpxStateError("broken section", code="test")

    monkeypatch.setattr(writer, "_write", fail)
    with pytest.raises(briefgen.RenderError, match=r"HWPX rendering failed .* broken section"):
        briefgen.render(briefs["kr-us-tariff-tech-alliance"], "hwpx", theme)


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_gives_file_managers_the_briefs_opening_text(hwpx_files, briefs, theme, brief_id) -> None:
    """``Preview/PrvText.txt`` is what file managers and search indexers read of an HWPX
    (python-hwpx left a bare line break there): the title, subtitle and opening paragraphs."""
    from briefgen.display import display

    doc = display(briefs[brief_id], theme)
    with zipfile.ZipFile(hwpx_files[brief_id]) as archive:
        text = archive.read("Preview/PrvText.txt").decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == doc.title
    opening = next(section for section in doc.sections if section.lines)
    assert opening.lines[0].text.replace("\u00a0", " ")[:60] in text
    assert len(text) <= 1003
    assert "\u2060" not in text


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def it_writes_only_what_hancoms_own_files_carry(hwpx_files, brief_id) -> None:
    """One ``hp10`` namespace in every part (python-hwpx's manifest bound it to ``hp``'s), and
    images listed in the manifest only — no ``hh:binDataList``, which Hancom's files and its
    OWPML model lack — with every picture still drawn from its manifest item (rhwp)."""
    from lxml import etree

    from .hwpxcheck import rhwp

    parts = _parts(hwpx_files[brief_id])
    bindings = {uri for text in parts.values() for uri in re.findall(r'xmlns:hp10="([^"]*)"', text)}
    assert bindings == {"http://www.hancom.co.kr/hwpml/2016/paragraph"}
    assert "binDataList" not in parts["Contents/header.xml"]
    manifest = etree.fromstring(parts["Contents/content.hpf"].encode())
    embedded = {
        item.get("id")
        for item in manifest.iter("{*}item")
        if item.get("isEmbeded") == "1" and item.get("href", "").startswith("BinData/")
    }
    pictures = re.findall(r'binaryItemIDRef="([^"]+)"', parts["Contents/section0.xml"])
    assert pictures, "the masthead's logo"
    assert set(pictures) <= embedded
    assert "<image" in rhwp().parse(str(hwpx_files[brief_id])).render_svg(0)
