"""One brief, the same in every format: the key points with the number printed before each,
the timeline and the figures are read back from the PDF (its tag structure), the DOCX (as
LibreOffice prints it), the HTML and the HWPX (an independent parser), and compared with each
other and with what the display stage decided — same text, same numbers, same order.

Run on every example and on a large seed set (``tests/bigseeds.py``: 36 key points, 34 events
of every date precision, 42 figures).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import html as lxml_html

import briefgen
from briefgen.display import Document, display

from .bigseeds import BRIEF_ID, write_big_seeds
from .conftest import SEEDS

EXAMPLES = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))
_INVISIBLE = re.compile(r"[\s\u00a0\u00ad\u200b\u2060]+")
_MARKERS = re.compile(r"(\[\^?\d+(, ?\d+)*\])+$")  # trailing [1][3], [1, 3] or [^4]


def flat(text: str) -> str:
    """Text without spaces and invisible joiners: what every format must agree on."""
    return _INVISIBLE.sub("", text)


@dataclass
class Content:
    """What a format shows of a brief's lists and tables, flattened."""

    key_points: list[tuple[int, str]]
    events: list[tuple[str, str]]
    figures: list[tuple[str, str, str]]


def expected(doc: Document) -> Content:
    """What the display stage decided, the same for every writer."""
    content = Content([], [], [])
    for section in doc.sections:
        for group in section.groups:
            for number, item in enumerate(group.items, start=group.start):
                content.key_points.append((number, flat(item.text)))
        if section.kind == "timeline":
            content.events = [(flat(r.cells[0]), flat(r.cells[1])) for r in section.rows]
        if section.kind == "figures":
            content.figures = [tuple(flat(c) for c in r.cells[:3]) for r in section.rows]
    return content


# --- PDF: the tagged structure (L/LI/Lbl/LBody, Table/TR/TD) ---------------------------------


def read_pdf(pdf: bytes, doc: Document) -> Content:
    labels = {s.kind: s.heading for s in doc.sections}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        marked: dict[tuple[int, int], str] = {}
        for page in document.pages:
            for char in page.chars:
                if char.get("mcid") is not None:
                    key = (page.page_number, char["mcid"])
                    marked[key] = marked.get(key, "") + char["text"]
        tree = document.structure_tree

    def text(node: dict[str, Any]) -> str:
        if node.get("type") in ("Link", "Note", "Reference"):  # citation markers, footnotes
            return ""
        own = "".join(marked.get((node.get("page_number"), m), "") for m in node.get("mcids") or [])
        return own + "".join(text(child) for child in node.get("children", []))

    def walk(node: dict[str, Any]):
        yield node
        for child in node.get("children", []):
            yield from walk(child)

    content = Content([], [], [])
    tables = {flat(labels[kind]) for kind in ("timeline", "figures") if kind in labels}
    heading = None
    for node in (n for root in tree for n in walk(root)):
        kind = node.get("type")
        if kind == "H2":
            heading = flat(text(node))
        elif kind == "LI" and heading == flat(labels.get("key_points", "")):
            parts = {child.get("type"): text(child) for child in node.get("children", [])}
            number = int(flat(parts.get("Lbl", "")).rstrip("."))
            content.key_points.append((number, flat(parts.get("LBody", ""))))
        elif kind == "TR" and heading in tables:
            # a cell names its column header (id "<table>-<row>-<column>"); WeasyPrint leaves
            # empty cells out of the structure, so place each cell by its header
            placed = {
                int(cell["attributes"]["Headers"][0].decode().rsplit("-", 1)[1]): flat(text(cell))
                for cell in node.get("children", [])
                if cell.get("type") == "TD"
            }
            if not placed:
                continue  # the header row
            cells = [placed.get(column, "") for column in range(4)]
            if heading == flat(labels["timeline"]):
                content.events.append((cells[0], cells[1]))
            else:
                content.figures.append((cells[0], cells[1], cells[2]))
    return content


# --- DOCX: as LibreOffice prints it (list numbers included) ----------------------------------


def read_docx_text(text: str, doc: Document) -> Content:
    lines = [line.strip().lstrip("\ufeff") for line in text.splitlines()]
    labels = {s.kind: s.heading for s in doc.sections}
    content = Content([], [], [])
    order = [s.heading for s in doc.sections]

    def region(kind: str, header_cells: int = 0) -> list[str]:
        """The lines under a heading up to the next one (after a table's header row, whose
        "출처" is also the sources list's heading)."""
        if kind not in labels:
            return []
        start = max(i for i, line in enumerate(lines) if line == labels[kind])  # not the contents
        following = order[order.index(labels[kind]) + 1 :][:1]
        first = start + 1 + header_cells
        end = next((i for i in range(first, len(lines)) if lines[i] in following), len(lines))
        return lines[first:end]

    for line in region("key_points"):
        match = re.match(r"^(\d+)\.\s+(.*)$", line)
        if match:
            body = _MARKERS.sub("", flat(match.group(2)))
            content.key_points.append((int(match.group(1)), body))
    for kind, width in (("timeline", 3), ("figures", 4)):
        cells = region(kind, header_cells=width)  # one cell per line
        rows = [cells[i : i + width] for i in range(0, len(cells) - width + 1, width)]
        for row in rows:
            if kind == "timeline":
                content.events.append((flat(row[0]), flat(row[1])))
            else:
                content.figures.append((flat(row[0]), flat(row[1]), flat(row[2])))
    return content


# --- HTML ------------------------------------------------------------------------------------


def read_html(page: bytes) -> Content:
    tree = lxml_html.fromstring(page)
    for noise in tree.xpath('//a[contains(@class, "cite")] | //*[contains(@class, "footnote")]'):
        noise.drop_tree()
    content = Content([], [], [])
    for ol in tree.xpath('//ol[contains(@class, "key-points")]'):
        start = int(ol.get("start", "1"))
        for offset, li in enumerate(ol.xpath("./li")):
            content.key_points.append((start + offset, flat(li.text_content())))
    for kind in ("timeline", "figures"):
        for tr in tree.xpath(f'//section[contains(@class, "{kind}")]//tbody/tr'):
            cells = [flat(td.text_content()) for td in tr.xpath("./td")]
            if kind == "timeline":
                content.events.append((cells[0], cells[1]))
            else:
                content.figures.append((cells[0], cells[1], cells[2]))
    return content


# --- HWPX: an independent parser ---------------------------------------------------------------


def read_hwpx(path: Path, doc: Document) -> Content:
    import hwp_hwpx_parser

    labels = {s.kind: s.heading for s in doc.sections}
    with hwp_hwpx_parser.Reader(str(path)) as reader:
        lines = [line.strip() for line in reader.text.splitlines()]
        tables = [table.rows for table in reader.get_tables()]
    content = Content([], [], [])
    if "key_points" in labels:
        start = max(i for i, line in enumerate(lines) if line == labels["key_points"])
        for line in lines[start + 1 :]:
            match = re.match(r"^(\d+)\.\s+(.*)$", line)
            if match:
                body = _MARKERS.sub("", flat(match.group(2)))
                content.key_points.append((int(match.group(1)), body))
            elif line in labels.values():
                break
    for rows in tables:
        header = [flat(cell) for cell in rows[0]]
        if header == [flat(c.label) for c in _columns(doc, "timeline")]:
            content.events += [(flat(r[0]), flat(r[1])) for r in rows[1:]]
        elif header == [flat(c.label) for c in _columns(doc, "figures")]:
            content.figures += [(flat(r[0]), flat(r[1]), flat(r[2])) for r in rows[1:]]
    return content


def _columns(doc: Document, kind: str):
    return next((s.columns for s in doc.sections if s.kind == kind), ())


# --- the comparison ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_brief(tmp_path_factory):
    seeds = briefgen.load_seeds(write_big_seeds(tmp_path_factory.mktemp("big")))
    return briefgen.assemble(seeds.briefs[BRIEF_ID], seeds.sources)


@pytest.fixture(scope="module")
def every_brief(briefs, big_brief):
    return {**briefs, BRIEF_ID: big_brief}


@pytest.fixture(scope="module")
def docx_texts(every_brief, theme, tmp_path_factory) -> dict[str, str]:
    """Each brief's DOCX as LibreOffice prints it to text (one soffice run for all)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is installed by make test")
    folder = tmp_path_factory.mktemp("docx")
    paths = []
    for brief_id, brief in every_brief.items():
        path = folder / f"{brief_id}.docx"
        path.write_bytes(briefgen.render(brief, "docx", theme))
        paths.append(str(path))
    subprocess.run(
        ["soffice", "--headless", "--norestore",
         f"-env:UserInstallation={(folder / 'profile').as_uri()}",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(folder / "txt"), *paths],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return {
        brief_id: (folder / "txt" / f"{brief_id}.txt").read_text(encoding="utf-8")
        for brief_id in every_brief
    }


def it_builds_the_large_seed_set_as_the_issue_asks(big_brief, theme) -> None:
    content = expected(display(big_brief, theme))
    assert len(content.key_points) >= 30
    assert len(content.events) >= 30
    assert len(content.figures) >= 40
    assert len(big_brief.title) >= 120


@pytest.mark.slow
@pytest.mark.parametrize("brief_id", [*EXAMPLES, BRIEF_ID])
def it_prints_the_same_points_events_and_figures_in_every_format(
    every_brief, theme, docx_texts, brief_id, tmp_path
) -> None:
    brief = every_brief[brief_id]
    doc = display(brief, theme)
    truth = expected(doc)
    hwpx = tmp_path / "brief.hwpx"
    hwpx.write_bytes(briefgen.render(brief, "hwpx", theme))
    formats = {
        "pdf": read_pdf(briefgen.render(brief, "pdf", theme), doc),
        "docx": read_docx_text(docx_texts[brief_id], doc),
        "html": read_html(briefgen.render(brief, "html", theme)),
        "hwpx": read_hwpx(hwpx, doc),
    }
    for name, content in formats.items():
        for field in ("key_points", "events", "figures"):
            got, want = getattr(content, field), getattr(truth, field)
            mismatch = next(
                (i for i, pair in enumerate(zip(got, want, strict=False)) if pair[0] != pair[1]),
                None,
            )
            assert len(got) == len(want), f"{name} {field}: {len(got)} read, {len(want)} expected"
            assert mismatch is None, (
                f"{name} {field}[{mismatch}]: {got[mismatch]} != {want[mismatch]}"
            )
    numbers = [number for number, _ in truth.key_points]
    assert numbers == list(range(1, len(numbers) + 1)), "straight through, across source groups"
