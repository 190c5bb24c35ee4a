"""HTML writer: the display document through Jinja2 templates, with the theme's CSS inlined.

The output is a self-contained HTML file (preview it in a browser) and the input of the PDF
writer. Templates only place the display stage's final strings (:mod:`briefgen.display`):
``brief.html.j2`` and one template per block kind in ``templates/blocks/``, named after it.

Word joining for the PDF is a property of the environment, not of templates: the print
environment's ``finalize`` hook joins the letters of every Korean word in every value a template
outputs (:func:`briefgen.typography.join_words`), so lines break only between words and no
template can forget it. Values that must stay as they are (metadata, bookmarks, tooltips) go
through the ``plain`` filter. For HTML output nothing is joined: browsers honour
``word-break: keep-all`` from the screen styles.

Autoescaping is on, so seed text that looks like markup stays text, and ``StrictUndefined``
turns a missing field into an error instead of an empty string.
"""

from __future__ import annotations

import base64
import mimetypes
from functools import cache
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup, escape

from briefgen.compactfont import CompactFace, families_of, font_face_css
from briefgen.display import ChartView, Document, display
from briefgen.errors import RenderError
from briefgen.formatting import chart_number
from briefgen.locales import locale_of
from briefgen.models import Brief
from briefgen.resources import templates_dir
from briefgen.theme import Theme
from briefgen.themecss import css_text, page_stylesheet
from briefgen.typography import WORD_JOINER, join_words
from briefgen.writers import RenderOptions
from briefgen.writers.css import role_css

BASE_TEMPLATE = "brief.html.j2"
PAGE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:"
"""The HTML page's own Content-Security-Policy (a ``<meta>``): a self-contained page that loads
nothing and runs no script, whatever a theme or a seed holds — enforced by the browser."""


def render_html(
    brief: Brief | Document,
    theme: Theme,
    *,
    for_print: bool = False,
    faces: tuple[CompactFace, ...] = (),
) -> str:
    """Render a brief (or its display document) to HTML; ``for_print`` prepares the PDF.

    ``faces`` are the PDF writer's compact fonts (:mod:`briefgen.compactfont`): their
    ``@font-face`` rules go into the page and their families lead the font chain.
    """
    doc = brief if isinstance(brief, Document) else display(brief, theme)
    environment = _environment(for_print)
    first = families_of(faces)
    try:
        template = environment.get_template(BASE_TEMPLATE)
        return template.render(
            doc=doc,
            lang=locale_of(theme).language.primary,
            css_variables=css_text(
                font_face_css(faces) + theme.css_variables(first_families=first) + role_css(theme)
            ),
            stylesheet=page_stylesheet(theme, inline=not for_print),
            policy=None if for_print else PAGE_POLICY,
            joiner=WORD_JOINER if for_print else "",
            logo_src=_logo_src(theme, for_print=for_print),
            chart_svg=lambda chart: _chart_svg(chart, theme),
            chart_src=lambda chart: _chart_src(chart, theme, first),
        )
    except jinja2.TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" ({getattr(exc, 'filename', None)}:{lineno})" if lineno else ""
        raise RenderError(f"HTML template error{where}: {exc.message}") from exc


def _chart_svg(chart: ChartView, theme: Theme, first_families: tuple[str, ...] = ()) -> Markup:
    """A chart drawn as inline SVG (matplotlib is imported here, only for briefs with charts)."""
    from briefgen.writers.svgchart import chart_svg

    return Markup(chart_svg(chart, theme, first_families=first_families))


def _chart_src(chart: ChartView, theme: Theme, first_families: tuple[str, ...]) -> str:
    """The chart as a ``data:`` URL of its SVG, for the print (PDF) page."""
    svg = str(_chart_svg(chart, theme, first_families)).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _logo_src(theme: Theme, *, for_print: bool) -> str | None:
    """Where the masthead's logo comes from: the theme file itself for the PDF (served by the
    theme fetcher), a ``data:`` URL in HTML so the preview stays one self-contained file."""
    if theme.logo is None:
        return None
    if for_print:
        return quote(theme.logo.file)
    mime = "image/svg+xml" if theme.logo.file.lower().endswith(".svg") else None
    mime = mime or mimetypes.guess_type(theme.logo.file)[0] or "application/octet-stream"
    data = base64.b64encode(theme.read_file(theme.logo.file)).decode("ascii")
    return f"data:{mime};base64,{data}"


def write_html(doc: Document, options: RenderOptions) -> bytes:
    """The HTML writer of the registry: UTF-8 bytes."""
    return render_html(doc, options.theme).encode("utf-8")


def _join_for_print(value: Any) -> Any:
    """The print environment's finalize hook: join Korean words in every plain string."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return join_words(value)
    return value


def _plain(value: Any) -> Markup:
    """Escape now, so ``finalize`` leaves the value as it is (no word joiners)."""
    return escape(value)


@cache
def _environment(for_print: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_join_for_print if for_print else None,
    )
    environment.filters["plain"] = _plain
    environment.filters["chart_number"] = chart_number
    return environment
