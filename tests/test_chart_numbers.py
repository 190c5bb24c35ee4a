"""Chart numbers: one value axis for every format, ticks the data allow, every label exact.

The PDF/HTML drawing (SVG text read back) and the native DOCX/HWPX charts (the chart XML's
axis scaling, its number formats applied to its values) are compared with each other and with
the data — on hand-made charts and on every chart of the examples.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import briefgen
from briefgen.chartaxis import decimals_of, value_axis
from briefgen.display import ChartView, display
from briefgen.formatting import chart_number
from briefgen.models import BriefSpec
from briefgen.writers.docxchart import chart_xml
from briefgen.writers.svgchart import chart_svg

from .conftest import minimal_source

C = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")


def _views(charts: list[dict[str, object]], theme) -> list[ChartView]:
    source = minimal_source(charts=charts)
    spec = BriefSpec(id="n", title="수치", date="2026-01-01", sources=("s",))
    doc = display(briefgen.assemble(spec, {"s": source}), theme)
    return [c for section in doc.sections for c in section.charts]


def _chart(values: list[list[object]], kind: str = "bar", unit: str = "%") -> dict[str, object]:
    return {
        "id": f"c-{kind.replace('_', '-')}",
        "kind": kind,
        "title": "수치 그림",
        "unit": unit,
        "categories": [f"항목{n}" for n in range(1, len(values[0]) + 1)],
        "series": [{"name": f"계열{n}", "values": v} for n, v in enumerate(values, start=1)],
    }


def _svg_numbers(svg: str) -> Counter[str]:
    """Every number the drawing writes (tick and value labels), as text."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    return Counter(t for t in texts if _NUMBER.fullmatch(t))


def _excel(value: Decimal, code: str) -> str:
    """An Excel number format of the kind briefgen writes (``#,##0``, ``#,##0.00``) applied."""
    match = re.fullmatch(r"#,##0(?:\.(0+))?", code)
    assert match, f"unexpected number format {code!r}"
    decimals = len(match.group(1) or "")
    return f"{value:,.{decimals}f}"


def _native(space) -> tuple[list[str], Counter[str]]:
    """The tick labels and value labels a chart part makes its reader print."""
    axis = space.xpath("//c:valAx", namespaces=C)[0]
    low, high, step = (
        Decimal(axis.xpath(f"c:scaling/c:{name}/@val | c:{name}/@val", namespaces=C)[0])
        for name in ("min", "max", "majorUnit")
    )
    code = axis.xpath("c:numFmt/@formatCode", namespaces=C)[0]
    ticks = []
    tick = low
    while tick <= high:
        ticks.append(_excel(tick, code))
        tick += step
    labels: Counter[str] = Counter()
    for plot in space.xpath("//c:plotArea/*[c:ser]", namespaces=C):
        shared = plot.xpath("c:dLbls", namespaces=C)
        if not shared or shared[0].xpath("c:showVal/@val", namespaces=C) != ["1"]:
            continue
        default = shared[0].xpath("c:numFmt/@formatCode", namespaces=C)[0]
        for series in plot.xpath("c:ser", namespaces=C):
            own = {
                int(label.xpath("c:idx/@val", namespaces=C)[0]): label.xpath(
                    "c:numFmt/@formatCode", namespaces=C
                )[0]
                for label in series.xpath("c:dLbls/c:dLbl", namespaces=C)
            }
            for point in series.xpath("c:val//c:pt", namespaces=C):
                index = int(point.get("idx"))
                value = Decimal(point.xpath("c:v/text()", namespaces=C)[0])
                labels[_excel(value, own.get(index, default))] += 1
    return ticks, labels


# --- the axis --------------------------------------------------------------------------------


def it_gives_integer_data_integer_ticks_labelled_exactly(theme) -> None:
    """The reported chart: integer data drew ticks 0, 2, 5, 8, 10, 12, 15 (2.5, 7.5 and 12.5
    rounded), so a bar of 2 sat below the line labelled 2."""
    (view,) = _views([_chart([[2, 7, 13]])], theme)
    assert view.axis.ticks == tuple(Decimal(n) for n in (0, 5, 10, 15))
    numbers = _svg_numbers(chart_svg(view, theme))
    assert numbers == Counter(["0", "5", "10", "15", "2", "7", "13"])


@pytest.mark.parametrize(
    ("low", "high", "decimals", "ticks"),
    [
        (Decimal(0), Decimal(15), 0, "0 5 10 15 20"),
        (Decimal(0), Decimal(3), 0, "0 1 2 3 4"),
        (Decimal(0), Decimal("0.3"), 1, "0 0.1 0.2 0.3 0.4"),
        (Decimal(0), Decimal(1), 1, "0 0.2 0.4 0.6 0.8 1 1.2"),
        (Decimal(0), Decimal(1), 2, "0 0.2 0.4 0.6 0.8 1 1.2"),
        (Decimal(-40), Decimal(25), 0, "-60 -40 -20 0 20 40"),
        (Decimal(0), Decimal(0), 0, "0 1"),
        (Decimal(3500), Decimal(3500), 0, "0 1000 2000 3000 4000"),
    ],
)
def it_chooses_ticks_the_numbers_allow(low, high, decimals, ticks) -> None:
    axis = value_axis(low, high, decimals=decimals, from_zero=True, labelled=True)
    assert " ".join(str(t) for t in axis.ticks) == ticks


def it_starts_a_line_chart_near_its_values_when_they_sit_high() -> None:
    axis = value_axis(Decimal(101), Decimal(118), decimals=0, from_zero=False, labelled=True)
    assert axis.minimum == 100
    assert axis.maximum == 120
    assert axis.step == 5
    low = value_axis(Decimal(20), Decimal(118), decimals=0, from_zero=False, labelled=True)
    assert low.minimum == 0, "values spread over the range: from zero"


_VALUES = st.decimals(
    min_value=Decimal("-1E9"), max_value=Decimal("1E9"), places=3, allow_nan=False
).map(lambda v: v.normalize() + 0)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_VALUES, min_size=1, max_size=12), line=st.booleans())
def it_holds_every_value_on_a_tick_grid_of_nice_steps(values, line) -> None:
    decimals = max(decimals_of(v) for v in values)
    axis = value_axis(
        min(values), max(values), decimals=decimals, from_zero=not line, labelled=True
    )
    assert axis.minimum <= min(values)
    assert max(values) <= axis.maximum
    mantissa = axis.step.scaleb(-axis.step.adjusted()).normalize()
    assert mantissa in (1, 2, 5), axis.step
    assert axis.step >= Decimal(1).scaleb(-decimals), "never finer than the data"
    assert 2 <= len(axis.ticks) <= 9, axis
    assert all(t % axis.step == 0 for t in axis.ticks), "ticks on the step's grid"
    if not line:
        assert 0 in axis.ticks, "bars start from zero"


# --- the same numbers in every drawing ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["bar", "horizontal_bar", "stacked_bar", "line"])
def it_writes_the_same_ticks_and_labels_in_the_svg_and_the_chart_xml(kind, theme) -> None:
    values = [[500, Decimal("0.0796"), Decimal("0.0000001")], [3, Decimal("12.5"), 2]]
    (view,) = _views([_chart(values, kind)], theme)
    svg = _svg_numbers(chart_svg(view, theme))
    ticks, labels = _native(etree.fromstring(etree.tostring(chart_xml(view, theme))))
    assert ticks == [chart_number(t) for t in view.axis.ticks]
    if kind == "stacked_bar":  # the SVG writes each stack's total; the native chart no labels
        totals = ["503", "12.5796", "2.0000001"]
        assert svg == Counter(ticks) + Counter(totals)
        assert not labels
        return
    exact = ["500", "0.0796", "0.0000001", "3", "12.5", "2"]
    assert labels == Counter(exact), "each label as its value is written, none cut"
    assert svg == Counter(ticks) + Counter(exact)


def it_agrees_on_every_example_chart_in_every_format(briefs, theme) -> None:
    compared = 0
    for brief in briefs.values():
        views = [c for s in display(brief, theme).sections for c in s.charts]
        if not views:
            continue
        docx = zipfile.ZipFile(io.BytesIO(briefgen.render(brief, "docx", theme)))
        hwpx = zipfile.ZipFile(io.BytesIO(briefgen.render(brief, "hwpx", theme)))
        words = sorted(n for n in docx.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n))
        hancoms = sorted(n for n in hwpx.namelist() if n.startswith("Chart/"))
        assert len(words) == len(hancoms) == len(views), brief.id
        for view, word, hancom in zip(views, words, hancoms, strict=True):
            svg = _svg_numbers(chart_svg(view, theme))
            for part in (docx.read(word), hwpx.read(hancom)):
                ticks, labels = _native(etree.fromstring(part))
                assert ticks == [chart_number(t) for t in view.axis.ticks], (brief.id, view.key)
                if labels:
                    assert svg == Counter(ticks) + labels, (brief.id, view.key)
            compared += 1
    assert compared >= 5


def it_reads_the_same_axis_and_legend_in_hancoms_model_of_the_chart(theme, tmp_path) -> None:
    """rhwp draws the HWPX chart part itself: the ticks it prints are the PDF's, and the legend
    of a horizontal bar chart lists the series in their order (the first on top, as Word does
    for reversed categories; LibreOffice alone lists a horizontal bar chart's legend bottom-up)."""
    from .hwpxcheck import page_lines

    chart = _chart([[1, 2, 3], [4, 5, 6], [7, 8, 9]], "horizontal_bar")
    source = minimal_source(charts=[chart])
    spec = BriefSpec(id="h", title="가로", date="2026-01-01", sources=("s",))
    brief = briefgen.assemble(spec, {"s": source})
    (view,) = [c for s in display(brief, theme).sections for c in s.charts]
    path = tmp_path / "h.hwpx"
    path.write_bytes(briefgen.render(brief, "hwpx", theme))
    lines = page_lines(path)[0]
    assert " ".join(chart_number(t) for t in view.axis.ticks) == "0 2 4 6 8 10"
    assert "0 2 4 6 8 10" in lines
    assert "계열1 계열2 계열3" in lines
