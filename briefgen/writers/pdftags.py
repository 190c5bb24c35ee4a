"""Table header cells with the ``/Scope`` PDF/UA asks for, for WeasyPrint.

PDF/UA-1 (ISO 14289-1 7.5) wants every ``/TH`` structure element to say what it heads:
``/Scope /Column`` or ``/Row`` in its attribute dictionary. WeasyPrint 70 tags ``<th>`` as
``/TH`` with ``/A << /O /Table >>`` and links the data cells to their headers, but writes no
scope (101 of 101 header cells in the examples). :func:`install` wraps WeasyPrint's structure
builder once per process: a ``/TH`` whose element says ``scope="row"`` gets ``/Row``, every other
``/TH`` ``/Column`` — which is how WeasyPrint itself already pairs headers with cells, so the
scope only states what the tree means. Any document laid out in the process gets it, which is
always right for a tagged PDF. The function wrapped is a WeasyPrint internal, checked once here;
``pyproject.toml`` bounds WeasyPrint's major version and a test reads the scopes back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from briefgen.errors import EnvironmentProblem

_installed = False
_lock = threading.Lock()


def install() -> None:
    """Route WeasyPrint's structure building through :func:`_with_scope` (once)."""
    global _installed
    with _lock:
        if _installed:
            return
        try:
            import pydyf
            from weasyprint.pdf import tags

            original = tags._build_box_tree
        except (ImportError, AttributeError) as exc:  # pragma: no cover - pinned WeasyPrint
            raise EnvironmentProblem(
                f"this WeasyPrint has no structure builder briefgen knows ({exc}); "
                "install the release pyproject.toml names (pip install -e .)"
            ) from exc

        def with_scope(box: Any, *args: Any) -> Iterator[Any]:
            for element in original(box, *args):
                if element.get("S") == "/TH" and "Scope" not in element.get("A", {}):
                    cell = getattr(box, "element", None)
                    row = cell is not None and cell.attrib.get("scope") == "row"
                    attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                    attributes["Scope"] = "/Row" if row else "/Column"
                yield element

        tags._build_box_tree = with_scope  # the builder calls itself by this name
        _installed = True
