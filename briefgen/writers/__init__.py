"""The registry of writers: output format name → function rendering a Brief to bytes.

Like pandoc's ``Writers.hs``: a plain mapping. Each writer takes the assembled
:class:`~briefgen.models.Brief` and a :class:`~briefgen.theme.Theme` and returns the file's
bytes. Writers never read seed files and never call each other, except that the PDF writer
lays out the HTML writer's output. Modules are imported on first use, so listing formats (and
starting the command line) stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from briefgen.models import Brief
from briefgen.theme import Theme

Writer = Callable[[Brief, Theme], bytes]

WRITERS: dict[str, str] = {
    "html": "briefgen.writers.html:write_html",
    "pdf": "briefgen.writers.pdf:write_pdf",
    "docx": "briefgen.writers.docx:write_docx",
}
"""Format name → ``module:function`` of its writer."""

FORMATS: tuple[str, ...] = tuple(WRITERS)


def get_writer(name: str) -> Writer:
    """The writer for format ``name`` (one of :data:`FORMATS`)."""
    try:
        module_name, function = WRITERS[name].split(":")
    except KeyError:
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})") from None
    writer: Writer = getattr(import_module(module_name), function)
    return writer
