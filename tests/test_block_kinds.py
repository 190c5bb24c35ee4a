"""Block kinds are declared once: every kind the model allows has its view, its template, its
DOCX method and its theme label, so a new kind that a writer forgets fails here, not in print."""

from __future__ import annotations

import typing

import pytest

from briefgen.display import HEADED_BY_CONTENT, VIEWS
from briefgen.models import Block
from briefgen.resources import templates_dir
from briefgen.theme import Labels
from briefgen.writers import REGISTRY
from briefgen.writers.docx import _SectionWriter
from briefgen.writers.hwpx import _SectionWriter as _HwpxSectionWriter


def _kinds() -> list[str]:
    union = typing.get_args(typing.get_args(Block)[0])
    return [model.model_fields["kind"].default for model in union]


KINDS = _kinds()


def it_knows_the_kinds_of_the_model() -> None:
    assert KINDS == [
        "key_messages", "contents", "section", "summary", "charts", "key_points",
        "implications", "timeline", "figures", "quotes", "sources",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def it_has_everything_a_block_kind_needs(kind) -> None:
    assert kind in VIEWS, "display.VIEWS shows it"
    assert (templates_dir() / "blocks" / f"{kind}.html.j2").is_file(), "HTML/PDF template"
    assert callable(getattr(_SectionWriter, kind, None)), "DOCX method"
    assert callable(getattr(_HwpxSectionWriter, kind, None)), "HWPX method"
    if kind not in HEADED_BY_CONTENT:
        assert kind in Labels.model_fields, "section heading in the theme"


def it_declares_nothing_the_model_lacks() -> None:
    assert sorted(VIEWS) == sorted(KINDS)
    templates = sorted(
        p.name.removesuffix(".html.j2") for p in (templates_dir() / "blocks").iterdir()
    )
    assert templates == sorted(KINDS)


def it_describes_every_format_fully() -> None:
    for name, entry in REGISTRY.items():
        assert entry.name == name
        assert entry.extension == f".{name}"
        assert "/" in entry.media_type
        assert callable(entry.load())
        assert entry.packages, "packages that change its output go into the cache key"


def it_takes_page_margins_and_docx_columns_from_the_theme(tmp_path, briefs) -> None:
    """Layout numbers live in the theme, and both writers follow them."""
    import io
    import shutil

    import docx
    import pdfplumber

    import briefgen

    from .conftest import ROOT

    theme_dir = tmp_path / "theme"
    shutil.copytree(ROOT / "styles", theme_dir)
    toml = (theme_dir / "theme.toml").read_text(encoding="utf-8")
    toml = toml.replace("margin_left_mm = 20", "margin_left_mm = 40")
    toml = toml.replace(
        "# timeline_columns_mm = [28, 127, 15]", "timeline_columns_mm = [40, 95, 15]"
    )
    (theme_dir / "theme.toml").write_text(toml, encoding="utf-8")
    theme = briefgen.load_theme(theme_dir)
    brief = briefs["lee-son-asi-meeting"]

    document = docx.Document(io.BytesIO(briefgen.render(brief, "docx", theme)))
    assert round(document.sections[0].left_margin.mm) == 40
    (table,) = [t for t in document.tables if t.rows[0].cells[0].text == "날짜"]
    assert [round(c.width.mm) for c in table.rows[1].cells] == [40, 95, 15]

    with pdfplumber.open(io.BytesIO(briefgen.render(brief, "pdf", theme))) as pdf:
        left_edge_mm = min(c["x0"] for c in pdf.pages[0].chars) * 25.4 / 72
    assert 39.5 <= left_edge_mm <= 41
