"""Locate the package's data: the HTML templates and the theme's styles.

The design card keeps ``templates/`` and ``styles/`` at the top of the repository. A wheel ships
them inside the package as ``briefgen/_data/templates`` and ``briefgen/_data/styles`` (see
``pyproject.toml``). This module is the one place that knows both layouts: everything else asks
it for a folder and never builds such a path itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from briefgen.errors import EnvironmentProblem

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``name`` ("templates" or "styles"), installed or in a source checkout."""
    candidates = (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise EnvironmentProblem(
        f"briefgen's {name} folder is missing (looked in {tried}); reinstall the package"
    )


def templates_dir() -> Path:
    """The Jinja2 templates folder."""
    return data_dir("templates")


def styles_dir() -> Path:
    """The folder of the default theme: theme.toml, CSS and any theme assets."""
    return data_dir("styles")
