"""Two PDF/UA-1 details WeasyPrint 70 leaves out: pagination artifacts and header scopes.

**Running headers and page numbers are artifacts.** PDF/UA-1 (ISO 14289-1 7.8) wants page
furniture marked as ``/Artifact`` in the content, so that a screen reader does not read "미국
AI 풀스택 수출 전략 … 3 / 8" in the middle of a paragraph. WeasyPrint marks the text of
``@page`` margin boxes as ``/Span`` content with an MCID that no structure element claims (its
comment: an artifact there "is only allowed in PDF 2.0" — in the structure tree, yes; in the
content it is PDF 1.7's way). :func:`install` draws every margin box inside ``/Artifact
<< /Type /Pagination /Subtype /Header >>`` (``/Footer`` for the bottom ones) with no marked
content of its own inside, and leaves margin boxes out of the structure tree.

**Table header cells have a scope.** PDF/UA-1 (ISO 14289-1 7.5) wants every ``/TH`` structure
element to say what it heads: ``/Scope /Column`` or ``/Row`` in its attribute dictionary.
WeasyPrint 70 tags ``<th>`` as ``/TH`` with ``/A << /O /Table >>`` and links the data cells to
their headers, but writes no scope (101 of 101 header cells in the examples). :func:`install`
wraps WeasyPrint's structure builder: a ``/TH`` whose element says ``scope="row"`` gets
``/Row``, every other ``/TH`` ``/Column`` — how WeasyPrint itself already pairs headers with
cells, so the scope only states what the tree means.

Any tagged document laid out in the process gets both, which is what PDF/UA asks of every
document. The functions wrapped are WeasyPrint internals, checked once here; ``pyproject.toml``
bounds WeasyPrint's major version and tests read the artifacts and scopes back.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from briefgen.errors import EnvironmentProblem

_installed = False
_lock = threading.Lock()


def install() -> None:
    """Route WeasyPrint's drawing of margin boxes and its structure building through the
    wrappers below (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        try:
            import pydyf
            from weasyprint import draw
            from weasyprint.formatting_structure import boxes
            from weasyprint.pdf import tags

            build = tags._build_box_tree
            draw_context = draw.draw_stacking_context
        except (ImportError, AttributeError) as exc:  # pragma: no cover - pinned WeasyPrint
            raise EnvironmentProblem(
                f"this WeasyPrint has no structure builder briefgen knows ({exc}); "
                "install the release pyproject.toml names (pip install -e .)"
            ) from exc

        def with_scope(box: Any, *args: Any) -> Iterator[Any]:
            if isinstance(box, boxes.MarginBox):
                return  # drawn as an artifact: nothing of it belongs to the structure
            for element in build(box, *args):
                if element.get("S") == "/TH" and "Scope" not in element.get("A", {}):
                    cell = getattr(box, "element", None)
                    row = cell is not None and cell.attrib.get("scope") == "row"
                    attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                    attributes["Scope"] = "/Row" if row else "/Column"
                yield element

        def margins_as_artifacts(stream: Any, stacking_context: Any) -> None:
            box = stacking_context.box
            marks = getattr(stream, "_tags", None)
            if not isinstance(box, boxes.MarginBox) or marks is None:
                draw_context(stream, stacking_context)
                return
            properties = pydyf.Dictionary({"Type": "/Pagination"})
            if box.at_keyword.startswith("@top"):
                properties["Subtype"] = "/Header"
            elif box.at_keyword.startswith("@bottom"):
                properties["Subtype"] = "/Footer"
            pydyf.Stream.begin_marked_content(stream, "Artifact", properties)
            stream._tags = None  # no marked content of its own inside the artifact
            try:
                draw_context(stream, stacking_context)
            finally:
                stream._tags = marks
                pydyf.Stream.end_marked_content(stream)

        tags._build_box_tree = with_scope  # the builder calls itself by this name
        draw.draw_stacking_context = margins_as_artifacts  # and so does the drawing
        _installed = True
