"""The registry of output formats: everything briefgen knows about a format, in one entry.

Like pandoc's ``Writers.hs``: a plain mapping, :data:`REGISTRY`, name → :class:`Format`. An
entry names the writer (a function taking the assembled :class:`~briefgen.models.Brief` and
:class:`RenderOptions` and returning the file's bytes), the file extension and media type, the
packages whose versions go into the build's cache key, the render options that change its
output, whether it is built by default, and what to do after each render. The command line's
choices, help and defaults, file names, cache keys and the render workers all derive from it:
**a new format is one writer module plus one entry here**.

Writers never read seed files and never call each other, except that the PDF writer lays out
the HTML writer's output. Writer modules are imported on first use, so listing formats (and
starting the command line) stays quick.

:func:`render` is the one entry point: it makes the brief's display document once
(:func:`briefgen.display.display`: the Korean text rules, dates, amounts, numbering, labels),
then calls the writer with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # kept light: the command line imports this module to build --help
    from briefgen.display import Document
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

    def __post_init__(self) -> None:
        from briefgen.errors import OptionError
        from briefgen.theme import Theme

        if not isinstance(self.theme, Theme):
            raise OptionError(
                f"theme: expected a Theme (from briefgen.load_theme), got "
                f"{type(self.theme).__name__}"
            )
        if self.pdf_variant not in PDF_VARIANTS:
            raise OptionError(
                f"pdf_variant: expected one of {', '.join(PDF_VARIANTS)}, got {self.pdf_variant!r}"
            )


Writer = Callable[["Document", RenderOptions], bytes]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format and everything the rest of briefgen needs to know about it."""

    name: str
    """What users type: ``--format pdf``."""
    extension: str
    """The file name suffix, with its dot."""
    media_type: str
    writer: str
    """``module:function`` of the writer, imported on first use."""
    description: str
    """A few words for ``--help``."""
    packages: tuple[str, ...]
    """Distributions whose versions change the output; they and everything they require go
    into each output's cache key (:meth:`package_versions`)."""
    options: tuple[str, ...] = ()
    """The :class:`RenderOptions` fields (besides the theme) that change the output."""
    default: bool = False
    """Built when no format is asked for."""
    fonts: bool = False
    """Lays text out with the installed fonts: their files go into the cache key."""
    collect_garbage: bool = False
    """Run a full garbage collection after each render (WeasyPrint's layout trees are
    reference cycles of tens of MB: collecting keeps a long batch at ~180 MB, not ~300 MB)."""

    def load(self) -> Writer:
        """The writer function."""
        module_name, function = self.writer.split(":")
        writer: Writer = getattr(import_module(module_name), function)
        return writer

    def warm_up(self) -> None:
        """Load the writer and what it needs before the first render (a worker does this
        while the build still reads its seeds): the module's ``warm_up()``, if it has one."""
        module = import_module(self.writer.split(":")[0])
        getattr(module, "warm_up", lambda: None)()

    def package_versions(self) -> tuple[str, ...]:
        """``name version`` of each of :attr:`packages` and of every distribution they require
        (with the extras they ask for), sorted; ``name -`` for one not installed."""
        return _closure(self.packages)

    def option_values(self, options: RenderOptions) -> tuple[str, ...]:
        """The values of the options this format depends on, for cache keys."""
        return tuple(str(getattr(options, name)) for name in self.options)

    def after_render(self) -> None:
        """The format's clean-up after one render."""
        if self.collect_garbage:
            import gc

            gc.collect()


_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?[^;]*(?:;(.*))?$")
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, slots=True)
class _Installed:
    version: str
    requires: tuple[str, ...]


def _read_metadata(text: str) -> tuple[str, _Installed]:
    """Name, version and requirements from a METADATA file's headers (the email parser
    importlib.metadata uses takes ~2 ms a file, 0.3 s for a format's closure)."""
    name = version = ""
    requires = []
    for line in text.splitlines():
        if not line:
            break  # the headers end at the first empty line
        if line[0] in " \t":
            continue  # a continuation line (a long licence text)
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key == "name":
            name = value.strip()
        elif key == "version":
            version = value.strip()
        elif key == "requires-dist":
            requires.append(value.strip())
    return name, _Installed(version, tuple(requires))


@cache
def _installed() -> dict[str, _Installed]:
    """Canonical name → the installed distribution that ``import`` would find first."""
    from importlib.metadata import distributions

    found: dict[str, _Installed] = {}
    for dist in distributions():
        name, info = _read_metadata(dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "")
        if name:
            found.setdefault(_canonical(name), info)
    return found


@cache
def _closure(roots: tuple[str, ...]) -> tuple[str, ...]:
    installed = _installed()
    found: dict[str, str] = {}
    todo = [(root, frozenset[str]()) for root in roots]
    while todo:
        name, extras = todo.pop()
        key = _canonical(name)
        if key in found and not extras:
            continue
        dist = installed.get(key)
        if dist is None:
            found[key] = f"{key} -"
            continue
        found[key] = f"{key} {dist.version}"
        for requirement in dist.requires:
            match = _REQUIREMENT.match(requirement)
            if match is None:
                continue
            wanted, asked, marker = match.groups()
            needs_extra = _EXTRA_MARKER.findall(marker or "")
            if needs_extra and not extras.intersection(needs_extra):
                continue  # an optional part nobody asked for
            asked_for = frozenset(e.strip() for e in (asked or "").split(",") if e.strip())
            if _canonical(wanted) not in found or asked_for:
                todo.append((wanted, asked_for))
    return tuple(sorted(found.values()))


_PAGE_PACKAGES = ("jinja2", "markupsafe", "babel", "regex", "lxml", "matplotlib")
"""HTML and PDF: templates, text rules, the SVG checks and the charts. Charts are measured with
the font fontconfig gives through WeasyPrint's bindings, so WeasyPrint is an input of both."""

REGISTRY: dict[str, Format] = {
    entry.name: entry
    for entry in (
        Format(
            "html",
            ".html",
            "text/html",
            "briefgen.writers.html:write_html",
            "a self-contained preview page",
            (*_PAGE_PACKAGES, "weasyprint"),
            fonts=True,  # charts are measured with the theme's font
        ),
        Format(
            "pdf",
            ".pdf",
            "application/pdf",
            "briefgen.writers.pdf:write_pdf",
            "tagged PDF, laid out by WeasyPrint",
            (*_PAGE_PACKAGES, "weasyprint", "fonttools"),
            options=("pdf_variant",),
            default=True,
            fonts=True,
            collect_garbage=True,
        ),
        Format(
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "briefgen.writers.docx:write_docx",
            "Word document with Korean line-breaking settings",
            ("python-docx", "lxml", "babel", "python-pptx", "XlsxWriter"),
            default=True,
        ),
        Format(
            "hwpx",
            ".hwpx",
            "application/hwp+zip",
            "briefgen.writers.hwpx:write_hwpx",
            "Hancom Office document (HWPX, KS X 6101) with word-unit line breaking",
            # python-docx: the HWPX writer still borrows from the DOCX writer
            ("python-hwpx", "lxml", "babel", "python-pptx", "XlsxWriter", "pillow", "python-docx"),
        ),
    )
}
"""Format name → :class:`Format`."""

FORMATS: tuple[str, ...] = tuple(REGISTRY)
DEFAULT_FORMATS: tuple[str, ...] = tuple(name for name, f in REGISTRY.items() if f.default)


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The formats asked for, each once, in order; :class:`OptionError` for an unknown one.

    Checked without importing any renderer, so a typo is reported before any work is done.
    """
    from briefgen.errors import OptionError

    if isinstance(formats, str):
        formats = (formats,)
    wanted = tuple(dict.fromkeys(formats))
    unknown = [str(fmt) for fmt in wanted if fmt not in REGISTRY]
    if unknown or not wanted:
        raise OptionError(
            f"unknown format {', '.join(unknown) or '(none)'} (choose from {', '.join(FORMATS)})"
        )
    return wanted


def get_format(name: str) -> Format:
    """The registry entry of format ``name``; :class:`OptionError` for an unknown one."""
    (name,) = check_formats((name,))
    return REGISTRY[name]


def get_writer(name: str) -> Writer:
    """The writer for format ``name`` (one of :data:`FORMATS`)."""
    return get_format(name).load()


def render(brief: Brief, fmt: str, options: RenderOptions) -> bytes:
    """Make ``brief``'s display document and render it with the writer for ``fmt``."""
    from briefgen.display import display
    from briefgen.errors import OptionError
    from briefgen.models import Brief

    if not isinstance(brief, Brief):
        raise OptionError(
            f"expected a Brief (from briefgen.get_brief or briefgen.assemble), got "
            f"{type(brief).__name__}"
        )
    if not isinstance(fmt, str):
        raise OptionError(f"format: expected a name such as 'pdf', got {type(fmt).__name__}")
    writer = get_writer(fmt)
    return writer(display(brief, options.theme), options)
