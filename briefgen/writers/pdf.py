"""PDF writer: the HTML writer's output laid out by WeasyPrint.

Before layout the theme's font chain is checked for a font that covers Hangul; without one the
writer raises :class:`~briefgen.errors.FontNotFoundError` instead of printing empty boxes.
Every resource request goes through the fetcher from :func:`make_theme_fetcher`, which serves
only the theme's own files (through :meth:`briefgen.theme.Theme.read_file`): content can never
make the renderer read another file or touch the network. The PDF is tagged (PDF/UA-1) unless
an archival variant is asked for, and it is reproducible: its identifier comes from the brief
id, its dates from the brief's date.

An ERROR that WeasyPrint logs while laying out (an asset that failed to load, an image without
the alternative text PDF/UA requires) means the PDF is not what the theme asked for, or not
the conformance it claims: it fails the render with those messages instead of passing as a
PDF with pieces missing.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.compactfont import CompactFace, compact_faces, mapped_characters, needed_parts
from briefgen.display import Document, strings
from briefgen.errors import RenderError, ThemeError
from briefgen.fonts import resolve_hangul_font, warn_if_slow_subsetting
from briefgen.writers import RenderOptions
from briefgen.writers.html import render_html

if TYPE_CHECKING:
    from briefgen.theme import Theme

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Import WeasyPrint and set up its fonts before the first PDF (see
    :meth:`briefgen.writers.Format.warm_up`)."""
    import weasyprint  # noqa: F401  (about 0.7 s: its C bindings are declared at import)

    _install_hooks()
    _font_configuration()


def write_pdf(doc: Document, options: RenderOptions) -> bytes:
    """Render a brief's display document to PDF bytes."""
    resolve_hangul_font(options.theme.fonts.body)  # raises FontNotFoundError: no silent tofu
    warn_if_slow_subsetting()
    text = "".join(strings(doc))
    parts = needed_parts(text)
    faces = compact_faces(tuple(options.theme.fonts.body), parts)
    _warn_of_missing_glyphs(doc.id, text, options.theme, faces)
    html = render_html(doc, options.theme, for_print=True, faces=faces)
    return html_to_pdf(html, options, identifier=doc.id, faces=faces)


_NOT_DRAWN = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
"""Character categories with no glyph of their own (spaces, joiners, controls)."""


def _warn_of_missing_glyphs(
    brief_id: str, text: str, theme: Theme, faces: tuple[CompactFace, ...]
) -> None:
    """One warning naming the characters the theme's Hangul font lacks: another installed
    font draws them (a wide dot from DejaVu Sans, say), which a reader sees and nobody chose.
    The compact copies' character maps answer for most text; the full font is read only for
    what they lack."""
    wanted = {c for c in set(text) if unicodedata.category(c) not in _NOT_DRAWN}
    covered: set[int] = set()
    for face in faces:
        covered |= mapped_characters(face.path)
    rest = {c for c in wanted if ord(c) not in covered}
    if not rest:
        return
    resolved = resolve_hangul_font(theme.fonts.body)
    full = mapped_characters(resolved.file)
    missing = sorted(c for c in rest if ord(c) not in full)
    if missing:
        listing = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing[:12])
        more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
        logger.warning(
            "brief '%s': the theme's font %s has no glyph for %s%s; another installed font "
            "draws them",
            brief_id,
            resolved.family,
            listing,
            more,
        )


def html_to_pdf(
    html: str,
    options: RenderOptions,
    *,
    identifier: str,
    faces: tuple[CompactFace, ...] = (),
) -> bytes:
    """Lay out prepared HTML with WeasyPrint; ``identifier`` seeds the fixed PDF file id,
    ``faces`` are the compact fonts its ``@font-face`` rules name."""
    import weasyprint

    _install_hooks()
    folder = options.theme.folder
    file_id = hashlib.sha256(f"briefgen:{identifier}".encode()).hexdigest()[:32].encode()
    with _weasyprint_errors() as errors:
        try:
            document = weasyprint.HTML(
                string=html,
                base_url=folder.as_uri() + "/",
                url_fetcher=make_theme_fetcher(options.theme, faces),
            )
            pdf = document.write_pdf(
                pdf_identifier=file_id,
                pdf_variant=options.pdf_variant,
                custom_metadata=True,
                font_config=_font_configuration(),
            )
        except Exception as exc:  # WeasyPrint raises many types; wrap them where they enter
            raise RenderError(f"PDF layout failed for brief '{identifier}': {exc}") from exc
    if errors:
        raise RenderError(
            f"PDF layout of brief '{identifier}' reported errors: {'; '.join(errors)}"
        )
    assert isinstance(pdf, bytes)
    return pdf


def _install_hooks() -> None:
    """briefgen's hooks on WeasyPrint (each installed once per process): word gaps of justified
    lines (:mod:`~briefgen.writers.justify`), pagination artifacts and header scopes
    (:mod:`~briefgen.writers.pdftags`)."""
    from briefgen.writers import justify, pdftags

    justify.install()
    pdftags.install()


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """Collect the ERROR records WeasyPrint logs inside the block (they are still logged)."""
    collector = _Collector()
    weasyprint_logger = logging.getLogger("weasyprint")
    weasyprint_logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        weasyprint_logger.removeHandler(collector)


@cache
def _font_configuration() -> Any:
    """One WeasyPrint font configuration per process: ``@font-face`` fonts are loaded into
    fontconfig once, not for every PDF.

    It keeps copies of those fonts in a temporary folder that it deletes when it is dropped;
    a finalizer drops it at exit, also in worker processes (which end without running
    ``atexit`` handlers) and before module teardown (where WeasyPrint's clean-up would fail).
    """
    from multiprocessing import util

    from weasyprint.text.fonts import FontConfiguration

    util.Finalize(None, _font_configuration.cache_clear, exitpriority=10)
    return FontConfiguration()


def _data_url(url: str) -> Any:
    """Decode a ``data:`` URL (the HTML preview's inlined logo) without urllib's openers."""
    import base64
    from urllib.parse import unquote_to_bytes

    from weasyprint.urls import URLFetcherResponse

    header, _, payload = url[5:].partition(",")
    parameters = header.split(";")
    body = (
        base64.b64decode(payload, validate=False)
        if "base64" in parameters[1:]
        else unquote_to_bytes(payload)
    )
    mime = parameters[0] or "text/plain"
    return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


def make_theme_fetcher(theme: Theme, faces: tuple[CompactFace, ...] = ()) -> Any:
    """A WeasyPrint URL fetcher that serves the theme's own files (and the compact fonts
    ``faces``, by their ``briefgen-font:`` names) and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fonts = {face.url: face for face in faces}

    class ThemeFetcher(URLFetcher):  # type: ignore[misc]
        """Serve ``file://`` URLs of theme files, ``data:`` URLs and the compact fonts only;
        no network, no redirects."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme == "data":  # in the URL itself: reads no file, touches no network
                return _data_url(url)
            if url in fonts:  # names the stylesheet's own @font-face rules give
                body = fonts[url].read()
                return URLFetcherResponse(url, body=body, headers={"Content-Type": "font/otf"})
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"briefgen does not fetch {url!r}: only theme files are served")
            path = Path(unquote(parts.path))
            try:
                body = theme.read_file(path)  # inside the theme, a regular theme file, or refused
            except ThemeError as exc:
                raise ValueError(f"briefgen does not fetch {url!r}: {exc}") from None
            mime, _ = mimetypes.guess_type(path.name)
            headers = {"Content-Type": mime or "application/octet-stream"}
            return URLFetcherResponse(path.as_uri(), body=body, headers=headers)

    return ThemeFetcher()
