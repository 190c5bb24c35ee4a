"""briefgen: policy briefs from curated research data, as PDF and DOCX, in good Korean typography.

Data flows one way: seed files → validated models → :func:`assemble` → :class:`Brief` →
writers (HTML → PDF, DOCX) → files. See :mod:`briefgen.api` for the functions re-exported here.

The names below are loaded on first use (PEP 562), so ``import briefgen`` and the command
line's ``--help`` stay quick: pydantic, WeasyPrint and python-docx load only when needed.

Logging policy: briefgen's modules log to loggers named after themselves (``briefgen.*``) and
never configure logging; the command line sends warnings and errors to stderr. A warning means
the output is made but something deserves attention (a fallback font, a dropped CSS property);
problems that make an output wrong are exceptions, never log lines.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the submodule that defines it.
_MODULE_OF = {
    "DEFAULT_FORMATS": "api",
    "BuildReport": "builder",
    "Output": "builder",
    "OptionError": "errors",
    "RenderLimits": "workers",
    "BriefSpec": "models",
    "FORMATS": "api",
    "assemble": "api",
    "build": "api",
    "build_briefs": "builder",
    "get_brief": "api",
    "load_seeds": "api",
    "load_theme": "api",
    "render": "api",
    "write": "api",
    "PartialDate": "dates",
    "BriefNotFoundError": "errors",
    "BriefgenError": "errors",
    "DeliveryError": "errors",
    "EnvironmentProblem": "errors",
    "FontNotFoundError": "errors",
    "Problem": "errors",
    "RenderError": "errors",
    "SeedError": "errors",
    "ThemeError": "errors",
    "Author": "models",
    "Brief": "models",
    "Source": "models",
    "SeedSet": "seeds",
    "Theme": "theme",
}

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "Author",
    "Brief",
    "BriefNotFoundError",
    "BriefSpec",
    "BriefgenError",
    "BuildReport",
    "DeliveryError",
    "EnvironmentProblem",
    "FontNotFoundError",
    "OptionError",
    "Output",
    "PartialDate",
    "Problem",
    "RenderError",
    "RenderLimits",
    "SeedError",
    "SeedSet",
    "Source",
    "Theme",
    "ThemeError",
    "__version__",
    "assemble",
    "build",
    "build_briefs",
    "get_brief",
    "load_seeds",
    "load_theme",
    "render",
    "write",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    value = getattr(import_module(f"briefgen.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from briefgen.api import (
        DEFAULT_FORMATS,
        FORMATS,
        assemble,
        build,
        get_brief,
        load_seeds,
        load_theme,
        render,
        write,
    )
    from briefgen.builder import BuildReport, Output, build_briefs
    from briefgen.dates import PartialDate
    from briefgen.errors import (
        BriefgenError,
        BriefNotFoundError,
        DeliveryError,
        EnvironmentProblem,
        FontNotFoundError,
        OptionError,
        Problem,
        RenderError,
        SeedError,
        ThemeError,
    )
    from briefgen.models import Author, Brief, BriefSpec, Source
    from briefgen.seeds import SeedSet
    from briefgen.theme import Theme
    from briefgen.workers import RenderLimits
