"""Charts: validated with file and line, vector with real text in PDF and HTML, a native Word
chart with its data embedded in DOCX — each checked from the outputs."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from decimal import Decimal

import pdfplumber
import pytest
from lxml import etree

import briefgen
from briefgen.display import display
from briefgen.formatting import chart_scale
from briefgen.models import BriefSpec

from .conftest import minimal_source

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
WITH_CHARTS = [
    "ai-action-plan-analysis",
    "ai-policy-digest",
    "kr-us-tariff-tech-alliance",
    "us-fullstack-export-korea",
]
SCALES = {"": Decimal(1), "만": Decimal(10) ** 4, "억": Decimal(10) ** 8, "조": Decimal(10) ** 12}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def _charts(brief):
    block = brief.block("charts")
    return block.charts if block is not None else ()


@pytest.fixture(scope="module")
def outputs(briefs, theme) -> dict[str, dict[str, bytes]]:
    return {
        brief_id: {fmt: briefgen.render(briefs[brief_id], fmt, theme) for fmt in ("pdf", "html")}
        | {"docx": briefgen.render(briefs[brief_id], "docx", theme)}
        for brief_id in WITH_CHARTS
    }


# --- seeds -------------------------------------------------------------------------------------


def it_has_charts_from_the_documents_numbers(briefs) -> None:
    tariff = _charts(briefs["kr-us-tariff-tech-alliance"])[0]
    assert [v for s in tariff.series for v in s.values] == [350e9, 200e9, 20e9]
    shares = _charts(briefs["ai-action-plan-analysis"])[0]
    assert shares.unit == "%"
    assert [v for s in shares.series for v in s.values] == [61, 97, 77]
    editor = _charts(briefs["us-fullstack-export-korea"])[0]
    assert editor.id == "action-plan-pillars", "the editor's chart comes first"
    assert [s.values for s in editor.series] == [(5, 2, 2), (15, 8, 7)]


CHART = """
[[charts]]
id = "c"
title = "제목"
categories = ["가", "나"]
unit = "USD"
series = [
  { name = "금액", values = [1, 2] },
]
"""


@pytest.mark.parametrize(
    ("change", "field", "line", "message"),
    [
        (
            ("values = [1, 2]", "values = [1, 2, 3]"),
            "charts[0].series",
            7,
            "series[0] (금액) has 3 values for 2 categories",
        ),
        (('unit = "USD"', 'unit = "won"'), "charts[0].unit", 6, "unknown unit 'won'"),
        (("values = [1, 2]", "values = [1, nan]"), "charts[0].series[0].values[1]", 8, "finite"),
        (('["가", "나"]', '["가", "가"]'), "charts[0].categories", 5, "category 가 appears twice"),
        (('title = "제목"', 'title = "제목"\nkind = "pie"'), "charts[0].kind", 5, "bar"),
        (('["가", "나"]', "[]"), "charts[0].categories", 5, "at least 1"),
    ],
)
def it_reports_chart_mistakes_with_file_and_line(make_seeds, change, field, line, message):
    source = 'id = "s"\ntitle = "t"\ndate = "2025-01-01"\nsummary = "s"\n'
    source += 'key_points = ["a", "b", "c"]\nimplications = ["x", "y"]\n'
    chart = CHART.replace(*change)
    folder = make_seeds({"s": source + chart}, {})
    with pytest.raises(briefgen.SeedError) as caught:
        briefgen.load_seeds(folder)
    problems = [p for p in caught.value.problems if p.field == field]
    assert problems, [str(p) for p in caught.value.problems]
    (problem,) = problems
    assert problem.line == line + 6, str(problem)
    assert message in problem.message, str(problem)


def it_wants_an_editor_chart_to_say_where_its_numbers_come_from() -> None:
    chart = {"id": "c", "title": "t", "categories": ["a"], "unit": "%"}
    chart["series"] = [{"name": "s", "values": [1]}]
    spec = {"id": "b", "title": "t", "date": "2026-01-01", "sources": ["s"], "charts": [chart]}
    with pytest.raises(ValueError, match="does not say where its numbers come from"):
        BriefSpec.model_validate(spec)
    BriefSpec.model_validate(spec | {"charts": [chart | {"source_line": "통계청"}]})


def it_counts_the_axis_in_korean_magnitudes() -> None:
    assert chart_scale([Decimal("350e9"), Decimal("20e9")], "USD") == "억"
    assert chart_scale([Decimal("3e12")], "KRW") == "조"
    assert chart_scale([Decimal(15000)], "명") == "만"
    assert chart_scale([Decimal(9999)], "명") == ""
    assert chart_scale([Decimal(150)], "%") == ""
    assert chart_scale([Decimal("350e9")], "USD", "조") == "조"


def it_describes_every_value_for_readers_who_cannot_see_it(briefs, theme) -> None:
    doc = display(briefs["kr-us-tariff-tech-alliance"], theme)
    (chart,) = next(s for s in doc.sections if s.kind == "charts").charts
    assert chart.unit_line == "단위: 억 달러"
    assert chart.description == (
        "그림 1. 한미 합의의 대미 투자 조건. 단위: 억 달러. "
        "대미 투자 총액 3,500, 현금 투자 2,000, 연간 현금 투자 한도 200."
    )
    assert chart.source.startswith("자료: 최진홍 기자, 「[한미협상 타결]")


# --- PDF and HTML ------------------------------------------------------------------------------


def _figure_text(pdf: bytes, caption: str) -> str:
    """The text inside a figure's area: from its caption down to its 자료 line."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            found = page.search(re.escape(caption))
            if not found:
                continue
            top = found[0]["top"] - 1
            below = [m for m in page.search("자료:") if m["top"] > top]
            bottom = below[0]["bottom"] + 1
            return page.crop((0, top, page.width, bottom)).extract_text(x_tolerance=1) or ""
    raise AssertionError(f"caption {caption!r} not found")


@pytest.mark.parametrize("brief_id", WITH_CHARTS)
def it_sets_chart_text_as_text_inside_the_figure(outputs, briefs, theme, brief_id) -> None:
    pdf = outputs[brief_id]["pdf"]
    doc = display(briefs[brief_id], theme)
    charts = next(s for s in doc.sections if s.kind == "charts").charts
    for chart in charts:
        area = _flat(_figure_text(pdf, chart.label))
        assert _flat(chart.caption) in area
        assert _flat(chart.unit_line) in area
        for category in chart.categories:
            assert _flat(category) in area, (chart.key, category)
        for series in chart.series:
            if len(chart.series) > 1:
                assert _flat(series.name) in area, "the legend"
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fonts = {c["fontname"] for p in document.pages for c in p.chars}
    assert all("CJK" in f or "Nanum" in f for f in fonts), fonts


@pytest.mark.parametrize("brief_id", WITH_CHARTS)
def it_inlines_svg_with_text_elements_in_html(outputs, briefs, theme, brief_id) -> None:
    html = outputs[brief_id]["html"].decode()
    svgs = re.findall(r"<svg class=\"chart-svg\".*?</svg>", html, flags=re.S)
    doc = display(briefs[brief_id], theme)
    charts = next(s for s in doc.sections if s.kind == "charts").charts
    assert len(svgs) == len(charts)
    for svg, chart in zip(svgs, charts, strict=True):
        texts = _flat("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))
        for category in chart.categories:
            assert _flat(category) in texts
        assert f"<title>{chart.description}</title>" in svg
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "no id twice in the page"
    assert 'class="chart-data"' in html
    assert '<th scope="row">대미 투자 총액</th>' in html or brief_id == "ai-action-plan-analysis"


def it_tags_the_pdf_figure_with_its_description(outputs, briefs, theme) -> None:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(outputs["kr-us-tariff-tech-alliance"]["pdf"]))
    alts: list[str] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert any(alt.startswith("그림 1. 한미 합의의 대미 투자 조건. 단위: 억 달러.") for alt in alts)


# --- DOCX --------------------------------------------------------------------------------------


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("brief_id", WITH_CHARTS)
def it_writes_native_word_charts_with_the_seed_numbers(outputs, briefs, theme, brief_id):
    parts = _parts(outputs[brief_id]["docx"])
    brief = briefs[brief_id]
    charts = _charts(brief)
    names = sorted(n for n in parts if re.fullmatch(r"word/charts/chart\d+\.xml", n))
    assert len(names) == len(charts)
    doc = display(brief, theme)
    views = next(s for s in doc.sections if s.kind == "charts").charts
    for number, (chart, view) in enumerate(zip(charts, views, strict=True), start=1):
        space = etree.fromstring(parts[f"word/charts/chart{number}.xml"])
        divisor = SCALES[view.axis_unit.split(" ")[0] if " " in view.axis_unit else ""]
        for series, element in zip(
            chart.series, space.xpath("//c:ser", namespaces=NS), strict=True
        ):
            cached = [Decimal(v) for v in element.xpath("c:val//c:pt/c:v/text()", namespaces=NS)]
            assert cached == [v / divisor for v in series.values], chart.id
            names_cached = element.xpath("c:tx//c:v/text()", namespaces=NS)
            assert names_cached == [series.name]
            categories = element.xpath("c:cat//c:pt/c:v/text()", namespaces=NS)
            assert categories == list(chart.categories)
        assert space.xpath("c:lang/@val", namespaces=NS) == ["ko-KR"]
        assert set(space.xpath("//a:ea/@typeface", namespaces=NS)) == {"맑은 고딕"}
        fills = space.xpath("//c:ser/c:spPr//a:srgbClr/@val", namespaces=NS)
        assert fills[0] == theme.charts.palette[0].lstrip("#").upper()
        rid = space.xpath("c:externalData/@r:id", namespaces=NS)[0]
        rels = etree.fromstring(parts[f"word/charts/_rels/chart{number}.xml.rels"])
        (target,) = rels.xpath(f"rel:Relationship[@Id='{rid}']/@Target", namespaces=NS)
        assert rels.xpath(f"rel:Relationship[@Id='{rid}']/@Type", namespaces=NS)[0].endswith(
            "/package"
        )
        workbook = parts["word/" + target.removeprefix("../").removeprefix("/word/")]
        with zipfile.ZipFile(io.BytesIO(workbook)) as book:
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
            shared = book.read("xl/sharedStrings.xml").decode()
        numbers = [Decimal(v) for v in re.findall(r"<v>([-0-9.E+]+)</v>", sheet)]
        strings = re.findall(r"<t[^>]*>([^<]*)</t>", shared)
        assert view.unit_line in strings
        for series in chart.series:
            for value in series.values:
                assert value / divisor in numbers
    body = etree.fromstring(parts["word/document.xml"])
    described = body.xpath(
        "//*[local-name()='graphicData'][c:chart]/ancestor::*[local-name()='inline']"
        "/*[local-name()='docPr']/@descr",
        namespaces=NS,
    )
    assert described == [v.description for v in views]
    captions = body.xpath("//w:fldSimple/@w:instr", namespaces=NS)
    assert [c.strip() for c in captions if "SEQ" in c] == ["SEQ 그림 \\* ARABIC"] * len(views)
    types = parts["[Content_Types].xml"].decode()
    assert "drawingml.chart+xml" in types
    assert "spreadsheetml.sheet" in types


def it_writes_every_chart_kind_in_every_format(theme) -> None:
    chart = {
        "title": "종류별 그림 <b>&</b> $x^2$",
        "categories": ["2023년", "2024년", "2025년"],
        "unit": "%",
        "series": [
            {"name": "가 {{ 1+1 }}", "values": [1.5, 2, 2.5]},
            {"name": "나", "values": [3, 1, 2]},
        ],
    }
    charts = [
        chart | {"id": kind.replace("_", "-"), "kind": kind}
        for kind in ("bar", "horizontal_bar", "stacked_bar", "line")
    ]
    source = minimal_source(charts=charts)
    spec = BriefSpec(id="kinds", title="종류", date="2026-01-01", sources=("s",))
    brief = briefgen.assemble(spec, {"s": source})
    pdf = briefgen.render(brief, "pdf", theme)
    for number in range(1, 5):
        area = _flat(_figure_text(pdf, f"그림 {number}."))
        assert _flat("종류별 그림 <b>&</b> $x^2$") in area, "labels are text, never markup or math"
        assert _flat("가 {{ 1+1 }}") in area
        assert "2024년" in area
    html = briefgen.render(brief, "html", theme).decode()
    assert "&lt;b&gt;&amp;&lt;/b&gt; $x^2$" in html
    assert "<b>&</b>" not in html
    parts = _parts(briefgen.render(brief, "docx", theme))
    spaces = [etree.fromstring(parts[f"word/charts/chart{n}.xml"]) for n in range(1, 5)]
    assert spaces[0].xpath("//c:barChart/c:barDir/@val", namespaces=NS) == ["col"]
    assert spaces[1].xpath("//c:barChart/c:barDir/@val", namespaces=NS) == ["bar"]
    assert spaces[1].xpath("//c:catAx/c:scaling/c:orientation/@val", namespaces=NS) == ["maxMin"]
    assert spaces[1].xpath("//c:valAx/c:crosses/@val", namespaces=NS) == ["max"], "axis below"
    assert spaces[2].xpath("//c:barChart/c:grouping/@val", namespaces=NS) == ["stacked"]
    assert spaces[2].xpath("//c:barChart/c:overlap/@val", namespaces=NS) == ["100"]
    assert spaces[3].xpath("//c:lineChart", namespaces=NS)
    assert spaces[0].xpath("//c:ser[1]/c:tx//c:v/text()", namespaces=NS) == ["가 {{ 1+1 }}"]
    decimals = spaces[0].xpath("//c:ser[1]/c:val//c:v/text()", namespaces=NS)
    assert [Decimal(v) for v in decimals] == [Decimal("1.5"), 2, Decimal("2.5")]
    assert spaces[0].xpath("//c:valAx/c:numFmt/@formatCode", namespaces=NS) == ["#,##0"]
    assert spaces[0].xpath("//c:valAx/c:majorUnit/@val", namespaces=NS) == ["1.0"]
    own = spaces[0].xpath("//c:ser[1]/c:dLbls/c:dLbl", namespaces=NS)
    assert [d.xpath("c:idx/@val|c:numFmt/@formatCode", namespaces=NS) for d in own] == [
        ["0", "#,##0.0"],
        ["2", "#,##0.0"],
    ], "1.5 and 2.5 labelled with their decimal, the integers without"


def it_renders_charts_reproducibly(briefs, theme) -> None:
    brief = briefs["kr-us-tariff-tech-alliance"]
    for fmt in ("docx", "html"):
        assert briefgen.render(brief, fmt, theme) == briefgen.render(brief, fmt, theme), fmt


def it_loads_no_charting_library_for_a_brief_without_charts(tmp_path) -> None:
    script = (
        "import sys, briefgen\n"
        "seeds = briefgen.load_seeds('seeds')\n"
        "brief = briefgen.get_brief(seeds, 'lee-son-asi-meeting')\n"
        "for fmt in ('pdf', 'docx', 'html'):\n"
        "    briefgen.render(brief, fmt)\n"
        "loaded = [m for m in ('matplotlib', 'pptx', 'xlsxwriter') if m in sys.modules]\n"
        "print(','.join(loaded) or 'none')\n"
    )
    from .conftest import ROOT

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "none"
    with_charts = script.replace("lee-son-asi-meeting", "kr-us-tariff-tech-alliance")
    result = subprocess.run(
        [sys.executable, "-c", with_charts], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "matplotlib,pptx,xlsxwriter", "the test can tell"


# CT_ChartSpace's sequence (ECMA-376 Part 1, dml-chart.xsd), and the range of xsd:unsignedInt.
_CHART_SPACE_ORDER = ("date1904", "lang", "roundedCorners", "AlternateContent", "style",
                      "clrMapOvr", "pivotSource", "protection", "chart", "spPr", "txPr",
                      "externalData", "printSettings", "userShapes", "extLst")  # fmt: skip
_UNSIGNED_INT = range(0, 2**32)


def _chart_parts(brief, theme) -> list[tuple[str, bytes]]:
    """Every chart part of ``brief``'s DOCX and HWPX."""
    found = []
    for fmt, pattern in (("docx", r"word/charts/chart\d+\.xml"), ("hwpx", r"Chart/.+\.xml")):
        parts = _parts(briefgen.render(brief, fmt, theme))
        found += [(f"{fmt}:{n}", parts[n]) for n in sorted(parts) if re.fullmatch(pattern, n)]
    return found


def it_writes_chart_parts_in_the_schemas_order_with_unsigned_axis_ids(briefs, theme) -> None:
    """c:lang right after c:date1904 (it was placed after c:txPr), and c:axId/c:crossAx
    unsigned (python-pptx's template ids are negative): both broke the ISO schema."""
    checked = 0
    for brief_id in WITH_CHARTS:
        for name, xml in _chart_parts(briefs[brief_id], theme):
            space = etree.fromstring(xml)
            children = [etree.QName(child).localname for child in space]
            assert children == sorted(children, key=_CHART_SPACE_ORDER.index), (name, children)
            assert "lang" in children, name
            ids = space.xpath("//c:axId/@val", namespaces=NS)
            crossed = space.xpath("//c:crossAx/@val", namespaces=NS)
            assert ids, name
            assert all(int(v) in _UNSIGNED_INT for v in ids + crossed), (name, ids, crossed)
            assert set(crossed) <= set(ids), "every axis crosses an axis that exists"
            checked += 1
    assert checked >= 10


def it_writes_word_settings_the_schema_accepts(briefs, theme) -> None:
    settings = etree.fromstring(
        _parts(briefgen.render(briefs["kr-us-tariff-tech-alliance"], "docx", theme))[
            "word/settings.xml"
        ]
    )
    (zoom,) = settings.xpath("w:zoom", namespaces=NS)
    assert zoom.get(f"{{{NS['w']}}}percent") == "100"  # CT_Zoom's required attribute


@pytest.mark.parametrize("kind", ["bar", "stacked_bar", "line"])
def it_lists_every_series_in_the_legend_in_reading_order(kind, theme) -> None:
    """A series named ``_…`` vanished (matplotlib hides such labels), and a legend of two rows
    read 1, 3, 5 / 2, 4, 6 (matplotlib fills it column by column)."""
    names = ["_기타", "둘", "셋", "넷", "다섯", "여섯"]
    chart = {"id": "legend", "kind": kind, "title": "범례", "categories": ["가", "나"],
             "unit": "%", "series": [{"name": n, "values": [1, 2]} for n in names]}  # fmt: skip
    spec = BriefSpec(id="legend", title="범례", date="2026-01-01", sources=("s",))
    brief = briefgen.assemble(spec, {"s": minimal_source(charts=[chart])})
    html = briefgen.render(brief, "html", theme).decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    placed = {
        text: (round(float(y)), float(x))
        for attributes, text in re.findall(r"<text([^>]*)>([^<]*)</text>", svg)
        if text in names
        for x, y in re.findall(r' x="([^"]+)" y="([^"]+)"', attributes)
    }
    assert set(placed) == set(names)
    assert sorted(names, key=placed.__getitem__) == names  # row by row, left to right
