"""PDF writer: the HTML writer's output laid out by WeasyPrint.

Before layout the theme's font chain is checked for a font that covers Hangul; without one the
writer raises :class:`~briefgen.errors.FontNotFoundError` instead of printing empty boxes.
Every resource request goes through the fetcher from :func:`make_theme_fetcher`, which serves
only files inside the theme folder: content can never make the renderer read another file or
touch the network. The PDF is tagged (PDF/UA-1) unless an archival variant is asked for, and it
is reproducible: its identifier comes from the brief id, its dates from the brief's date.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from briefgen.errors import RenderError
from briefgen.fonts import resolve_hangul_font, warn_if_slow_subsetting
from briefgen.models import Brief
from briefgen.writers import RenderOptions
from briefgen.writers.html import render_html


def write_pdf(brief: Brief, options: RenderOptions) -> bytes:
    """Render ``brief`` to PDF bytes."""
    resolve_hangul_font(options.theme.fonts.body)  # raises FontNotFoundError: no silent tofu
    warn_if_slow_subsetting()
    html = render_html(brief, options.theme, for_print=True)
    return html_to_pdf(html, options, identifier=brief.id)


def html_to_pdf(html: str, options: RenderOptions, *, identifier: str) -> bytes:
    """Lay out prepared HTML with WeasyPrint; ``identifier`` seeds the fixed PDF file id."""
    import weasyprint

    folder = options.theme.folder
    file_id = hashlib.sha256(f"briefgen:{identifier}".encode()).hexdigest()[:32].encode()
    try:
        document = weasyprint.HTML(
            string=html, base_url=folder.as_uri() + "/", url_fetcher=make_theme_fetcher(folder)
        )
        pdf = document.write_pdf(
            pdf_identifier=file_id, pdf_variant=options.pdf_variant, custom_metadata=True
        )
    except Exception as exc:  # WeasyPrint raises many types; wrap them where they enter
        raise RenderError(f"PDF layout failed for brief '{identifier}': {exc}") from exc
    assert isinstance(pdf, bytes)
    return pdf


def make_theme_fetcher(folder: Path) -> Any:
    """A WeasyPrint URL fetcher that serves files under ``folder`` and refuses everything else."""
    from weasyprint.urls import URLFetcher

    root = folder.resolve()

    class ThemeFetcher(URLFetcher):  # type: ignore[misc]
        """Serve ``file://`` URLs inside the theme folder only; no network, no redirects."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            from urllib.parse import unquote, urlsplit

            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"briefgen does not fetch {url!r}: only theme files are served")
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"briefgen does not fetch {url!r}: not a file of the theme")
            return super().fetch(path.as_uri(), headers)

    return ThemeFetcher()
