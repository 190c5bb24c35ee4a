"""HTML writer: the Brief through Jinja2 templates, with the theme's CSS inlined.

The output is a self-contained HTML file (preview it in a browser) and the input of the PDF
writer. Visible text goes through the template function ``t``: for the PDF it joins the letters
of Korean words (:func:`briefgen.typography.join_words`) so lines break only between words; for
HTML output it changes nothing (browsers honour ``word-break: keep-all`` from the screen
styles). Templates live in ``templates/``: ``brief.html.j2`` and one partial per block kind in
``templates/blocks/``. Autoescaping is on, so seed text that looks like markup stays text, and
``StrictUndefined`` turns a missing field into an error instead of an empty string.
"""

from __future__ import annotations

from functools import cache

import jinja2

from briefgen.errors import RenderError
from briefgen.formatting import format_amount, format_date
from briefgen.models import Brief, Figure
from briefgen.resources import templates_dir
from briefgen.theme import Theme
from briefgen.typography import WORD_JOINER, join_words
from briefgen.writers import RenderOptions

BASE_TEMPLATE = "brief.html.j2"


def render_html(brief: Brief, theme: Theme, *, for_print: bool = False) -> str:
    """Render ``brief`` to an HTML string styled by ``theme``; ``for_print`` prepares the PDF."""
    environment = _environment()
    try:
        template = environment.get_template(BASE_TEMPLATE)
        stylesheet = theme.read_stylesheet()
        return template.render(
            brief=brief,
            theme=theme,
            stylesheet=stylesheet,
            t=join_words if for_print else _unchanged,
            joiner=WORD_JOINER if for_print else "",
        )
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if hasattr(exc, "lineno") else ""
        raise RenderError(f"HTML template error{where}: {exc.message}") from exc


def write_html(brief: Brief, options: RenderOptions) -> bytes:
    """The HTML writer of the registry: UTF-8 bytes."""
    return render_html(brief, options.theme).encode("utf-8")


def _unchanged(text: str) -> str:
    return text


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["kdate"] = format_date
    environment.filters["amount"] = _figure_amount
    return environment


def _figure_amount(figure: Figure) -> str:
    return format_amount(figure.value, figure.unit, approximate=figure.approximate)
