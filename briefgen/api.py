"""The public library API: load seeds, assemble briefs, render and write them.

Everything here is re-exported from :mod:`briefgen`. A typical script::

    import briefgen

    seeds = briefgen.load_seeds("seeds")
    brief = briefgen.get_brief(seeds, "kr-us-tariff-tech-alliance")
    pdf_bytes = briefgen.render(brief, "pdf")
    briefgen.write(brief, "out/brief.docx")
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from briefgen.assembly import assemble
from briefgen.builder import BuildReport, Output, build_briefs
from briefgen.delivery import write_atomic
from briefgen.errors import BriefNotFoundError
from briefgen.models import Brief
from briefgen.names import DEFAULT_PATTERN
from briefgen.seeds import SeedSet, load_seeds
from briefgen.theme import Theme, load_theme
from briefgen.workers import RenderLimits
from briefgen.writers import DEFAULT_FORMATS, FORMATS, PdfVariant, RenderOptions
from briefgen.writers import render as render_with

logger = logging.getLogger(__name__)


def get_brief(seeds: SeedSet, brief_id: str) -> Brief:
    """Assemble the brief ``brief_id`` defined in ``seeds``."""
    spec = seeds.briefs.get(brief_id)
    if spec is None:
        close = difflib.get_close_matches(brief_id, list(seeds.briefs), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise BriefNotFoundError(f"no brief with id '{brief_id}'{hint}")
    return assemble(spec, seeds.sources)


def render(
    brief: Brief,
    fmt: str,
    theme: Theme | None = None,
    *,
    pdf_variant: PdfVariant = "pdf/ua-1",
) -> bytes:
    """Render ``brief`` as ``fmt`` ("pdf", "docx" or "html") and return the file's bytes.

    ``pdf_variant`` chooses the PDF conformance: tagged PDF/UA-1 by default, or an archival
    PDF/A variant ("pdf/a-2a", "pdf/a-2b", "pdf/a-3b").
    """
    options = RenderOptions(theme=theme or load_theme(), pdf_variant=pdf_variant)
    return render_with(brief, fmt, options)


def write(
    brief: Brief,
    path: Path | str,
    fmt: str | None = None,
    theme: Theme | None = None,
    *,
    pdf_variant: PdfVariant = "pdf/ua-1",
) -> Path:
    """Render ``brief`` into ``path`` atomically; the format defaults to the file's suffix."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    write_atomic(path, render(brief, fmt, theme, pdf_variant=pdf_variant))
    logger.info("wrote %s", path)
    return path


def build(
    seeds: SeedSet,
    out_dir: Path | str,
    brief_ids: Iterable[str] | None = None,
    formats: Iterable[str] = DEFAULT_FORMATS,
    theme: Theme | None = None,
    *,
    pattern: str = DEFAULT_PATTERN,
    pdf_variant: PdfVariant = "pdf/ua-1",
    jobs: int = 1,
    force: bool = False,
    limits: RenderLimits | None = None,
    progress: Callable[[Output], None] | None = None,
) -> BuildReport:
    """Build briefs (all of them by default) into ``out_dir``; see :mod:`briefgen.builder`.

    Up-to-date outputs are left as they are; files changed by someone else are kept and the
    new build is written beside them (``force`` overwrites); ``jobs`` renders in parallel;
    ``limits`` bounds the time and memory of each output (:class:`RenderLimits`).
    """
    ids = list(brief_ids) if brief_ids is not None else sorted(seeds.briefs)
    briefs = [get_brief(seeds, brief_id) for brief_id in ids]
    return build_briefs(
        briefs,
        out_dir,
        formats=formats,
        theme=theme,
        pattern=pattern,
        pdf_variant=pdf_variant,
        jobs=jobs,
        force=force,
        limits=limits,
        progress=progress,
    )


__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "BuildReport",
    "Output",
    "RenderLimits",
    "assemble",
    "build",
    "build_briefs",
    "get_brief",
    "load_seeds",
    "load_theme",
    "render",
    "write",
]
