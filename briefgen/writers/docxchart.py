"""Native Word charts: the DrawingML chart part and the workbook embedded in it.

Word shows a chart from a chart part (``word/charts/chartN.xml``, DrawingML) that caches every
value, and lets a user "Edit data" in the workbook embedded beside it. Both are formats where a
well-kept library does the work better than hand-written XML:

* the chart XML comes from **python-pptx**'s chart XML writer (``CategoryChartData`` →
  ``c:chartSpace``, the same DrawingML that Word uses), styled through python-pptx's chart API
  (series colours, data labels, axes, legend, fonts);
* the workbook is written with **XlsxWriter** (python-pptx's own dependency for the same job),
  in the layout python-pptx's formulas refer to — series names in row 1, categories in column
  A — with the unit line in A1 and the brief's date as its creation date, so equal input gives
  equal bytes.

Parts, relationships, the inline drawing, the East Asian font and the language of the chart's
text are raw OOXML and live in :mod:`briefgen.writers.ooxml`. Both libraries are imported only
for a brief with charts.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

from briefgen.chartaxis import decimals_of
from briefgen.display import ChartView
from briefgen.theme import Theme
from briefgen.writers import ooxml

_CHART_TYPES = {
    "bar": "COLUMN_CLUSTERED",
    "horizontal_bar": "BAR_CLUSTERED",
    "stacked_bar": "COLUMN_STACKED",
    "line": "LINE_MARKERS",
}


def number_format(decimals: int) -> str:
    """The Excel number format of a chart's values: ``#,##0`` or ``#,##0.0``…"""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def label_decimals(chart: ChartView) -> int:
    """The decimals of the chart's value labels: those most of its values have (the fewest
    on a tie); a value with other decimals gets a label format of its own."""
    counts = Counter(decimals_of(v) for series in chart.series for v in series.values)
    return min(counts, key=lambda decimals: (-counts[decimals], decimals))


def chart_xml(chart: ChartView, theme: Theme) -> Any:
    """The chart's ``c:chartSpace`` element, styled in the theme (python-pptx's oxml)."""
    from pptx.chart.chart import Chart
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.oxml import parse_xml
    from pptx.util import Pt

    decimals = label_decimals(chart)
    fmt = number_format(decimals)
    data = CategoryChartData(number_format=fmt)
    data.categories = chart.categories
    for series in chart.series:
        data.add_series(series.name, series.values)
    chart_type = getattr(XL_CHART_TYPE, _CHART_TYPES[chart.kind])
    space = parse_xml(data.xml_bytes(chart_type))
    shown = Chart(space, None)
    colours, sizes = theme.colours, theme.sizes

    shown.font.size = Pt(sizes.small_pt)
    shown.font.name = theme.fonts.docx_latin
    shown.font.color.rgb = _rgb(colours.text)
    shown.has_title = False  # the caption above is the title (Word would repeat a series name)
    shown.has_legend = len(chart.series) > 1
    if shown.has_legend:
        shown.legend.position = XL_LEGEND_POSITION.TOP
        shown.legend.include_in_layout = False

    plot = shown.plots[0]
    if chart.kind != "line":
        plot.gap_width = 60
        if chart.kind == "stacked_bar":
            plot.overlap = 100
    if chart.kind != "stacked_bar":
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = fmt
        labels.number_format_is_linked = False
        labels.font.size = Pt(round(sizes.small_pt * 0.95, 1))
    palette = theme.charts.palette
    for index, series in enumerate(plot.series):
        colour = _rgb(palette[index % len(palette)])
        if chart.kind == "line":
            series.format.line.color.rgb = colour
            series.format.line.width = Pt(1.6)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour

    values = shown.value_axis
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = _rgb(colours.rule)
    values.major_gridlines.format.line.width = Pt(0.5)
    values.format.line.fill.background()
    axis = chart.axis  # the axis the PDF draws, not Word's or Hancom's own choice
    values.minimum_scale = float(axis.minimum)
    values.maximum_scale = float(axis.maximum)
    values.major_unit = float(axis.step)
    values.tick_labels.number_format = number_format(axis.decimals)
    values.tick_labels.number_format_is_linked = False
    categories = shown.category_axis
    categories.format.line.color.rgb = _rgb(colours.rule)
    if chart.kind == "horizontal_bar":
        categories.reverse_order = True  # the first category on top, as in the PDF
        ooxml.value_axis_at_far_end(space)  # and the value axis still below
    if chart.kind != "stacked_bar":
        ooxml.point_label_formats(
            space,
            {
                (s, p): number_format(decimals_of(value))
                for s, series in enumerate(chart.series)
                for p, value in enumerate(series.values)
                if decimals_of(value) != decimals
            },
        )
    ooxml.positive_axis_ids(space)
    return space


def workbook(chart: ChartView, day: dt.date) -> bytes:
    """The chart's data as an .xlsx file, for Word's "Edit data"."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    moment = dt.datetime.combine(day, dt.time())
    book.set_properties({"created": moment})
    sheet = book.add_worksheet("Sheet1")
    formats: dict[int, Any] = {}  # one cell format per number of decimals in use
    sheet.write_string(0, 0, chart.unit_line)
    for column, series in enumerate(chart.series, start=1):
        sheet.write_string(0, column, series.name)
        for row, value in enumerate(series.values, start=1):
            decimals = decimals_of(value)
            if decimals not in formats:
                formats[decimals] = book.add_format({"num_format": number_format(decimals)})
            sheet.write_number(row, column, float(value), formats[decimals])
    for row, category in enumerate(chart.categories, start=1):
        sheet.write_string(row, 0, category)
    sheet.set_column(0, 0, max(10, max(len(c) for c in chart.categories) * 2))
    book.close()
    return buffer.getvalue()


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#").upper())
