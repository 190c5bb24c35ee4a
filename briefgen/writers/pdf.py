"""PDF writer: the HTML writer's output laid out by WeasyPrint.

Before layout the theme's font chain is checked for a font that covers Hangul; without one the
writer raises :class:`~briefgen.errors.FontNotFoundError` instead of printing empty boxes.
Every resource request goes through :class:`ThemeFetcher`, which serves only files inside the
theme folder: content can never make the renderer read another file or touch the network.
The PDF is tagged (PDF/UA-1) and reproducible: its identifier comes from the brief, and its
dates from the brief's date.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from briefgen.errors import RenderError
from briefgen.fonts import resolve_hangul_font
from briefgen.models import Brief
from briefgen.theme import Theme
from briefgen.writers.html import render_html


def write_pdf(brief: Brief, theme: Theme) -> bytes:
    """Render ``brief`` to PDF bytes."""
    resolve_hangul_font(theme.fonts.body)  # raises FontNotFoundError: no silent tofu
    html = render_html(brief, theme)
    import weasyprint

    fetcher = make_theme_fetcher(theme.folder)
    identifier = hashlib.sha256(f"briefgen:{brief.id}".encode()).hexdigest()[:32].encode()
    try:
        document = weasyprint.HTML(
            string=html, base_url=theme.folder.as_uri() + "/", url_fetcher=fetcher
        )
        pdf = document.write_pdf(
            pdf_identifier=identifier,
            pdf_variant="pdf/ua-1",
            custom_metadata=True,
            uncompressed_pdf=False,
        )
    except Exception as exc:  # WeasyPrint raises many types; wrap them where they enter
        raise RenderError(f"PDF layout failed for brief '{brief.id}': {exc}") from exc
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
