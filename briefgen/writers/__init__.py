"""The registry of writers: output format name → function rendering a Brief to bytes.

Like pandoc's ``Writers.hs``: a plain mapping. Each writer takes the assembled
:class:`~briefgen.models.Brief` and :class:`RenderOptions` and returns the file's bytes.
Writers never read seed files and never call each other, except that the PDF writer lays out
the HTML writer's output. Modules are imported on first use, so listing formats (and starting
the command line) stays quick.

:func:`render` is the one entry point: it applies the Korean text rules
(:func:`briefgen.typography.typeset_brief`) once, then calls the writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # kept light: the command line imports this module to build --help
    from briefgen.models import Brief
    from briefgen.theme import Theme

PdfVariant = Literal["pdf/ua-1", "pdf/a-2a", "pdf/a-2b", "pdf/a-3b"]
PDF_VARIANTS: tuple[str, ...] = get_args(PdfVariant)


@dataclass(frozen=True, slots=True)
class RenderOptions:
    """How to render: the theme, and for PDF the conformance variant.

    ``pdf/ua-1`` (default) is tagged for screen readers; ``pdf/a-2a`` is archival and tagged;
    ``pdf/a-2b`` and ``pdf/a-3b`` are archival without the accessibility requirements.
    """

    theme: Theme
    pdf_variant: PdfVariant = "pdf/ua-1"


Writer = Callable[["Brief", RenderOptions], bytes]

WRITERS: dict[str, str] = {
    "html": "briefgen.writers.html:write_html",
    "pdf": "briefgen.writers.pdf:write_pdf",
    "docx": "briefgen.writers.docx:write_docx",
}
"""Format name → ``module:function`` of its writer."""

FORMATS: tuple[str, ...] = tuple(WRITERS)


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats asked for, each once, in order; :class:`OptionError` for an unknown one.

    Checked without importing any renderer, so a typo is reported before any work is done.
    """
    from briefgen.errors import OptionError

    if isinstance(formats, str):
        formats = (formats,)
    wanted = tuple(dict.fromkeys(formats))
    unknown = [str(fmt) for fmt in wanted if fmt not in WRITERS]
    if unknown or not wanted:
        raise OptionError(
            f"unknown format {', '.join(unknown) or '(none)'} (choose from {', '.join(FORMATS)})"
        )
    return wanted


def get_writer(name: str) -> Writer:
    """The writer for format ``name`` (one of :data:`FORMATS`)."""
    (name,) = check_formats((name,))
    module_name, function = WRITERS[name].split(":")
    writer: Writer = getattr(import_module(module_name), function)
    return writer


def render(brief: Brief, fmt: str, options: RenderOptions) -> bytes:
    """Typeset ``brief`` (quotes, no-break spaces) and render it with the writer for ``fmt``."""
    from briefgen.typography import typeset_brief

    writer = get_writer(fmt)
    return writer(typeset_brief(brief), options)
