"""PDF/UA-1 details WeasyPrint 70 leaves out: pagination artifacts, header scopes, and the
text a space reads as.

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

**A space reads as a space.** A font's space glyph draws both U+0020 and the no-break space
U+00A0 that joins a number to its unit or the parts of a date; WeasyPrint's ``/ToUnicode`` map
gives a glyph the text of its first use, so a brief whose first space was a no-break one (the
date in the masthead, ``2026. 3. 2.``) made every space of the PDF extract, copy and search as
U+00A0 (``1\xa0/\xa03``). :func:`install` maps that glyph back to U+0020 before the fonts are
written; the no-break spaces only ever mattered for line breaking, done by then.

Any tagged document laid out in the process gets these, which is what PDF/UA asks of every
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
            import weasyprint.pdf as pdf_module
            from weasyprint import draw
            from weasyprint.formatting_structure import boxes
            from weasyprint.pdf import tags

            build = tags._build_box_tree
            draw_context = draw.draw_stacking_context
            build_fonts = pdf_module.build_fonts_dictionary
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

        def spaces_as_spaces(pdf: Any, fonts: Any, *args: Any, **kwargs: Any) -> Any:
            for font in fonts.values():
                mapping = font.to_unicode
                for glyph, text in mapping.items():
                    if text == "\u00a0":
                        mapping[glyph] = " "
            return build_fonts(pdf, fonts, *args, **kwargs)

        tags._build_box_tree = with_scope  # the builder calls itself by this name
        draw.draw_stacking_context = margins_as_artifacts  # and so does the drawing
        pdf_module.build_fonts_dictionary = spaces_as_spaces  # generate_pdf looks it up here
        _installed = True
