"""Charts as SVG for the HTML and PDF writers, drawn by matplotlib.

matplotlib does what a chart needs and briefgen should not write by hand: scales and "nice"
ticks, grouped and stacked bars, label placement, legends. Its SVG backend is asked for real
text (``svg.fonttype = none``): every label stays a ``<text>`` element set in the theme's Hangul
font, so WeasyPrint draws it as text — selectable and extractable from the PDF — and the HTML
preview shows the same. Layout metrics come from the same font file.

What is fixed so that equal input gives equal bytes and nothing in a label is interpreted:
no mathtext (``$…$`` stays text), no dates or generator in the SVG's metadata, ids seeded from
the chart's key (two charts in one page never share a clip-path id).

matplotlib is imported only when a brief has a chart (a brief without one never loads it).
"""

from __future__ import annotations

import io
import logging
import re
import textwrap
import warnings
from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import Any

from briefgen.display import ChartView
from briefgen.errors import RenderError
from briefgen.fonts import resolve_hangul_font
from briefgen.formatting import chart_number
from briefgen.theme import Theme

logger = logging.getLogger(__name__)

_MM_PER_INCH = 25.4
_WRAP_CHARACTERS = 9
"""Category labels of vertical bars wrap at spaces after about this many characters."""
_MAX_VALUE_LABELS = 24
"""Bars are labelled with their values up to this many bars."""


def chart_svg(chart: ChartView, theme: Theme, *, first_families: tuple[str, ...] = ()) -> str:
    """The ``<svg>`` element drawing ``chart`` in ``theme`` (without an XML prolog); the text
    names ``first_families`` before the theme's Hangul font (the PDF's compact fonts).

    Drawings are remembered per process (the same chart in the same theme draws the same
    bytes): the PDF writer's two passes and a preview's rebuilds draw a chart once.
    """
    return _drawn(chart, theme, first_families)


@lru_cache(maxsize=64)
def _drawn(chart: ChartView, theme: Theme, first_families: tuple[str, ...]) -> str:
    import matplotlib
    from cycler import cycler
    from matplotlib.figure import Figure

    family = _font_family(theme)
    colours, sizes = theme.colours, theme.sizes
    settings: dict[Any, Any] = {
        "svg.fonttype": "none",
        "svg.hashsalt": chart.key,
        "text.parse_math": False,
        "text.usetex": False,
        "font.family": [family],
        "font.size": sizes.small_pt,
        "text.color": colours.text,
        "axes.labelcolor": colours.muted,
        "axes.edgecolor": colours.rule,
        "axes.linewidth": 0.75,
        "xtick.color": colours.muted,
        "ytick.color": colours.muted,
        "xtick.labelcolor": colours.text,
        "ytick.labelcolor": colours.text,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=list(theme.charts.palette)),
        "legend.frameon": False,
        "figure.dpi": 72,
    }
    width, height = theme.charts.width_mm, theme.charts.height_mm
    try:
        with matplotlib.rc_context(settings), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figure = Figure(figsize=(width / _MM_PER_INCH, height / _MM_PER_INCH))
            axes = figure.add_subplot()
            _DRAW[chart.kind](axes, chart, theme)
            if len(chart.series) > 1:
                columns = min(len(chart.series), 4)
                handles, labels = _legend_entries(axes, chart, columns)
                axes.legend(
                    handles,
                    labels,
                    loc="lower left",
                    bbox_to_anchor=(0, 1.02),
                    ncols=columns,
                    borderaxespad=0,
                    handlelength=1.2,
                    columnspacing=1.2,
                )
            figure.tight_layout(pad=0.4)
            buffer = io.StringIO()
            figure.savefig(
                buffer,
                format="svg",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
            )
    except (ValueError, RuntimeError, OSError) as exc:  # matplotlib's errors, wrapped here
        raise RenderError(f"chart '{chart.key}' could not be drawn: {exc}") from exc
    _report(chart, family, caught)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    svg = _without_unreferenced_ids(svg)
    if first_families:
        chain = ", ".join(f"'{name}'" for name in (*first_families, family))
        svg = svg.replace(f"font-family: '{family}'", f"font-family: {chain}")
    opening = svg.index(">") + 1
    # A tagged PDF takes a drawing's alternative text from its <title> (WeasyPrint).
    title = f"<title>{escape(chart.description)}</title>"
    return '<svg class="chart-svg" ' + svg[5:opening] + title + svg[opening:]


_MISSING_GLYPH = re.compile(r"Glyph \d+ \((.+)\) missing from font")


def _report(chart: ChartView, family: str, caught: list[warnings.WarningMessage]) -> None:
    """matplotlib's warnings, as briefgen's logging policy has them: one warning line naming
    the characters the theme's font lacks (the page's fallback fonts draw them; matplotlib
    only measured them as boxes), other warnings at debug level — never raw on the terminal."""
    missing: list[str] = []
    for warning in caught:
        found = _MISSING_GLYPH.search(str(warning.message))
        if found is None:
            logger.debug("chart '%s': matplotlib: %s", chart.key, warning.message)
            continue
        name = found.group(1)
        character = name if len(name) == 1 else _named(name)
        if character not in missing:
            missing.append(character)
    if missing:
        listing = ", ".join(f"'{c}' (U+{ord(c[0]):04X})" if c else "?" for c in missing)
        logger.warning(
            "chart '%s': the theme's font %s has no glyph for %s; another font draws it",
            chart.key,
            family,
            listing,
        )


def _named(escaped: str) -> str:
    """The character of matplotlib's ``\\N{NAME}`` notation (empty when unknown)."""
    import unicodedata

    name = escaped.removeprefix("\\N{").removesuffix("}")
    try:
        return unicodedata.lookup(name)
    except KeyError:
        return ""


def _without_unreferenced_ids(svg: str) -> str:
    """Drop matplotlib's element ids (``figure_1``, ``text_3`` …) that nothing refers to:
    they would repeat in a page with two charts. Clip-path ids (seeded, referenced) stay."""
    referenced = set(re.findall(r"#([\w.-]+)\)", svg)) | set(re.findall(r'href="#([\w.-]+)"', svg))
    return re.sub(r' id="([^"]+)"', lambda m: m.group(0) if m.group(1) in referenced else "", svg)


def _font_family(theme: Theme) -> str:
    """The family matplotlib measures and the SVG names: the theme's Hangul font."""
    from matplotlib import font_manager

    resolved = resolve_hangul_font(theme.fonts.body)
    try:
        font_manager.findfont(resolved.family, fallback_to_default=False)
    except ValueError:
        font_manager.fontManager.addfont(resolved.file)
    return resolved.family


def _wrapped(labels: tuple[str, ...]) -> list[str]:
    return [
        "\n".join(textwrap.wrap(label, _WRAP_CHARACTERS, break_long_words=False)) or label
        for label in labels
    ]


def _floats(values: tuple[Decimal, ...]) -> list[float]:
    return [float(v) for v in values]


def _value_axis(axes: Any, chart: ChartView, theme: Theme, *, horizontal: bool) -> None:
    """The value axis as the display stage decided it (the native charts draw the same), its
    ticks labelled exactly."""
    value = chart.axis
    axis = axes.xaxis if horizontal else axes.yaxis
    axis.set_ticks([float(t) for t in value.ticks], labels=[chart_number(t) for t in value.ticks])
    limits = axes.set_xlim if horizontal else axes.set_ylim
    limits(float(value.minimum), float(value.maximum))
    axes.grid(axis="x" if horizontal else "y", color=theme.colours.rule, linewidth=0.5)
    axes.set_axisbelow(True)
    axes.spines["bottom" if horizontal else "left"].set_visible(False)
    axes.tick_params(axis="both", length=0)


def _legend_entries(axes: Any, chart: ChartView, columns: int) -> tuple[list[Any], list[str]]:
    """The legend's entries in series order, read row by row.

    Given explicitly, because matplotlib leaves out an artist whose label starts with ``_``
    (a series named ``_기타`` vanished from the legend), and reordered because matplotlib fills
    a legend of several rows column by column (series 1, 3, 5 on the first row)."""
    handles = list(axes.containers) or list(axes.get_lines())
    entries = list(zip(handles, (series.name for series in chart.series), strict=True))
    rows = -(-len(entries) // columns)
    ordered = [
        entries[row * columns + column]
        for column in range(columns)
        for row in range(rows)
        if row * columns + column < len(entries)
    ]
    return [handle for handle, _ in ordered], [label for _, label in ordered]


def _bars(axes: Any, chart: ChartView, theme: Theme) -> None:
    _grouped(axes, chart, theme, horizontal=False)


def _horizontal_bars(axes: Any, chart: ChartView, theme: Theme) -> None:
    _grouped(axes, chart, theme, horizontal=True)


def _grouped(axes: Any, chart: ChartView, theme: Theme, *, horizontal: bool) -> None:
    count = len(chart.series)
    width = 0.8 / count
    positions = range(len(chart.categories))
    label_values = len(chart.categories) * count <= _MAX_VALUE_LABELS
    for index, series in enumerate(chart.series):
        offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
        draw = axes.barh if horizontal else axes.bar
        bars = draw(offsets, _floats(series.values), width * 0.92, label=series.name)
        if label_values:
            axes.bar_label(
                bars,
                labels=[chart_number(v) for v in series.values],
                padding=2,
                fontsize=theme.sizes.small_pt * 0.95,
            )
    if horizontal:
        axes.set_yticks(list(positions), labels=list(chart.categories))
        axes.invert_yaxis()  # the first category on top, as it is read
    else:
        axes.set_xticks(list(positions), labels=_wrapped(chart.categories))
    _value_axis(axes, chart, theme, horizontal=horizontal)


def _stacked_bars(axes: Any, chart: ChartView, theme: Theme) -> None:
    positions = list(range(len(chart.categories)))
    above = [0.0] * len(positions)
    below = [0.0] * len(positions)
    for series in chart.series:
        values = _floats(series.values)
        bottoms = [b if v < 0 else a for v, a, b in zip(values, above, below, strict=True)]
        axes.bar(positions, values, 0.6, bottom=bottoms, label=series.name)
        above = [a + max(v, 0) for a, v in zip(above, values, strict=True)]
        below = [b + min(v, 0) for b, v in zip(below, values, strict=True)]
    for position, total in zip(positions, _totals(chart), strict=True):
        _value_label(axes, theme, (position, total), raise_by=2)
    axes.set_xticks(positions, labels=_wrapped(chart.categories))
    _value_axis(axes, chart, theme, horizontal=False)


def _lines(axes: Any, chart: ChartView, theme: Theme) -> None:
    positions = list(range(len(chart.categories)))
    for series in chart.series:
        values = _floats(series.values)
        axes.plot(positions, values, marker="o", markersize=3.5, linewidth=1.6, label=series.name)
        if len(positions) * len(chart.series) <= _MAX_VALUE_LABELS:
            for position, value in zip(positions, series.values, strict=True):
                _value_label(axes, theme, (position, value), raise_by=4)
    axes.set_xticks(positions, labels=_wrapped(chart.categories))
    axes.margins(x=0.06)
    _value_axis(axes, chart, theme, horizontal=False)


def _totals(chart: ChartView) -> list[Decimal]:
    """Each stack's total of positive values, exact (the label above the stack)."""
    columns = zip(*(series.values for series in chart.series), strict=True)
    return [sum((v for v in column if v > 0), Decimal(0)) for column in columns]


def _value_label(axes: Any, theme: Theme, point: tuple[float, Decimal], *, raise_by: float) -> None:
    """A value written exactly, just above its point or bar."""
    axes.annotate(
        chart_number(point[1]),
        (point[0], float(point[1])),
        xytext=(0, raise_by),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=theme.sizes.small_pt * 0.95,
    )


_DRAW = {
    "bar": _bars,
    "horizontal_bar": _horizontal_bars,
    "stacked_bar": _stacked_bars,
    "line": _lines,
}
