"""Small PDFs: the Korean font embeds as a compact copy (briefgen.compactfont), with exactly the
glyphs, positions and text the full font gives."""

from __future__ import annotations

import io
import logging
import os

import pdfplumber
import pypdf
import pytest

import briefgen
from briefgen import compactfont
from briefgen.writers import pdf as pdf_writer

from .conftest import SEEDS, minimal_source, run_cli, untraced

TARIFF = "kr-us-tariff-tech-alliance"


def embedded_fonts(pdf: bytes) -> dict[str, int]:
    """Base font name → size of its decompressed font program, for every embedded font."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = {}
    for page in reader.pages:
        for ref in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = ref.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                for key in ("/FontFile3", "/FontFile2", "/FontFile"):
                    if key in descriptor:
                        data = descriptor[key].get_object().get_data()
                        found[str(font["/BaseFont"]).split("+", 1)[-1]] = len(data)
    return found


def glyphs(pdf: bytes) -> list[tuple[int, str, float, float, float]]:
    """Every character drawn: page, text, position and size."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            (page.page_number, c["text"], round(c["x0"], 2), round(c["top"], 2), c["size"])
            for page in document.pages
            for c in page.chars
        ]


def it_makes_the_two_page_example_small(briefs, theme) -> None:
    pdf = briefgen.render(briefs[TARIFF], "pdf", theme)
    assert len(pdf) <= 80 * 1024, len(pdf)
    fonts = embedded_fonts(pdf)
    assert set(fonts) == {
        "Noto-Sans-CJK-KR-briefgen-Hangul",
        "Noto-Sans-CJK-KR-briefgen-Hangul-Bold",
    }
    assert all(size < 120_000 for size in fonts.values()), fonts  # 760 KB each before


def it_sets_every_glyph_where_the_full_font_does(briefs, theme, monkeypatch) -> None:
    """Same text, same positions, same sizes, page by page: line breaks and spacing are those
    of the original font (layout tables and metrics are copied whole)."""
    brief = briefs["us-fullstack-export-korea"]  # 8 pages, charts, footnotes, bold, Hanja
    compact = briefgen.render(brief, "pdf", theme)
    monkeypatch.setattr(pdf_writer, "compact_faces", lambda families, parts=(): ())
    full = briefgen.render(brief, "pdf", theme)
    assert glyphs(compact) == glyphs(full)
    assert len(compact) < len(full) * 0.6, (len(compact), len(full))


def it_embeds_the_hanja_part_only_for_a_brief_with_hanja(briefs, theme) -> None:
    with_hanja = embedded_fonts(briefgen.render(briefs["us-ai-exports-comments"], "pdf", theme))
    assert "Noto-Sans-CJK-KR-briefgen-Hanja" in with_hanja  # 美 in a source's title
    assert not any("Hanja" in name for name in embedded_fonts(
        briefgen.render(briefs[TARIFF], "pdf", theme)))  # fmt: skip


def brief_summarising(summary: str) -> briefgen.Brief:
    """A one-source brief whose summary is ``summary``."""
    spec = {"id": "b", "title": "시험", "date": "2026-01-10", "sources": ["s"]}
    source = minimal_source(summary=summary)
    return briefgen.assemble(briefgen.BriefSpec.model_validate(spec), {"s": source})


def it_falls_back_to_the_theme_font_outside_the_repertoire(briefs, theme) -> None:
    """똠 is not among the 2,350 syllables of KS X 1001: the theme's own font sets it."""
    assert ord("똠") not in compactfont.hangul_repertoire()
    pdf = briefgen.render(brief_summarising("똠양꿍 가게가 늘었다."), "pdf", theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = [c for page in document.pages for c in page.chars]
    (ttom,) = [c for c in chars if c["text"] == "똠"]
    assert ttom["fontname"].endswith("+Noto-Sans-CJK-KR")
    assert "똠양꿍" in "".join(c["text"] for c in chars)
    assert any(c["fontname"].endswith("briefgen-Hangul") for c in chars if c["text"] == "양")


def it_builds_with_the_full_font_when_the_cache_cannot_be_written(
    briefs, theme, tmp_path, monkeypatch, caplog
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(blocked))
    monkeypatch.setattr(compactfont, "_warned", False)
    compactfont.compact_faces.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="briefgen.compactfont"):
            pdf = briefgen.render(briefs[TARIFF], "pdf", theme)
    finally:
        compactfont.compact_faces.cache_clear()
    assert "cannot prepare the compact Korean font" in caplog.text
    caplog.clear()  # the warning is expected here
    assert set(embedded_fonts(pdf)) == {"Noto-Sans-CJK-KR", "Noto-Sans-CJK-KR-Bold"}


def it_serves_only_its_own_compact_fonts(theme) -> None:
    faces = compactfont.compact_faces(tuple(theme.fonts.body))
    fetcher = pdf_writer.make_theme_fetcher(theme, faces)
    response = fetcher.fetch(faces[0].url)
    assert response.read()[:4] == b"OTTO"
    for url in ("briefgen-font:Hanja-400", "briefgen-font:../../etc/passwd", "briefgen-font:"):
        with pytest.raises(ValueError, match="only theme files"):
            fetcher.fetch(url)
    with pytest.raises(ValueError, match="only theme files"):
        pdf_writer.make_theme_fetcher(theme).fetch(faces[0].url)  # none given: none served


def it_keeps_pdf_text_and_tags_with_compact_fonts(briefs, theme) -> None:
    pdf = briefgen.render(briefs[TARIFF], "pdf", theme)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
        assert document.structure_tree  # still tagged
    assert "한미 협상 타결" in text
    assert "\u2060" not in text


@pytest.mark.parametrize("text", ["力 A", "가 力 나", "美國 AI, “中”과 日."])
def it_sets_hanja_with_the_spaces_and_marks_beside_them(text, theme, monkeypatch) -> None:
    """The Hanja part carries spaces and punctuation too: Pango sets a space after a Hanja
    in the Hanja's face (found by the property test: it drew .notdef, and lost the Hanja)."""
    brief = brief_summarising(f"요약 {text} 끝.")
    compact = briefgen.render(brief, "pdf", theme)
    with pdfplumber.open(io.BytesIO(compact)) as document:
        extracted = "".join(c["text"] for page in document.pages for c in page.chars)
    assert text.replace(" ", "") in extracted.replace(" ", "")
    assert any("Hanja" in name for name in embedded_fonts(compact))
    monkeypatch.setattr(pdf_writer, "compact_faces", lambda families, parts=(): ())
    assert glyphs(compact) == glyphs(briefgen.render(brief, "pdf", theme))


def private_cache(tmp_path, monkeypatch, theme) -> tuple[compactfont.CompactFace, ...]:
    """The Hangul copies in a cache folder of the test's own (copied from the shared cache,
    which the first call fills), with ``compact_faces`` forgetting what it returned before."""
    import shutil

    compactfont.compact_faces.cache_clear()
    shared = compactfont.compact_faces(tuple(theme.fonts.body))
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path))
    folder = compactfont.cache_dir()
    folder.mkdir(parents=True)
    for face in shared:
        for path in (face.path, face.path.with_name(face.path.name + ".sha256")):
            shutil.copy(path, folder / path.name)
    compactfont.compact_faces.cache_clear()
    return compactfont.compact_faces(tuple(theme.fonts.body))


@pytest.fixture
def clear_faces():
    yield
    compactfont.compact_faces.cache_clear()


DAMAGES = ["truncated", "one byte changed", "empty", "record missing", "record wrong",
           "a symlink to another file"]  # fmt: skip


def damage_copy(face: compactfont.CompactFace, damage: str, tmp_path) -> bytes:
    """Damage ``face``'s cached copy as ``damage`` says; return its good bytes."""
    good = face.path.read_bytes()
    record = face.path.with_name(face.path.name + ".sha256")
    if damage == "truncated":
        face.path.write_bytes(good[: len(good) // 2])
    elif damage == "one byte changed":
        face.path.write_bytes(good[:1000] + bytes([good[1000] ^ 1]) + good[1001:])
    elif damage == "empty":
        face.path.write_bytes(b"")
    elif damage == "record missing":
        record.unlink()
    elif damage == "record wrong":
        record.write_text("0" * 64 + "\n")
    else:
        secret = tmp_path / "secret.otf"
        secret.write_bytes(good)  # even the right bytes, through a link, are not the cache's
        face.path.unlink()
        face.path.symlink_to(secret)
    return good


@pytest.mark.parametrize("damage", DAMAGES)
def it_never_trusts_a_damaged_cached_copy(damage, theme, tmp_path, monkeypatch, clear_faces):
    (regular, *_) = private_cache(tmp_path / "cache", monkeypatch, theme)
    assert compactfont._intact(regular.path) == regular.sha256
    damage_copy(regular, damage, tmp_path)
    assert compactfont._intact(regular.path) is None


@pytest.fixture
def tiny_copies(theme, tmp_path, monkeypatch, clear_faces) -> tuple[compactfont.CompactFace, ...]:
    """Compact copies of a few characters only, in a cache of the test's own: quick to make
    again (the real repertoire takes seconds, and several times that under coverage)."""
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(compactfont.PARTS, "Hangul", lambda: frozenset(map(ord, "가나다 AB.")))
    compactfont.compact_faces.cache_clear()
    return compactfont.compact_faces(tuple(theme.fonts.body))


def it_makes_a_damaged_cached_copy_again_before_using_it(theme, tmp_path, tiny_copies) -> None:
    (regular, *_) = tiny_copies
    good = damage_copy(regular, "a symlink to another file", tmp_path)
    compactfont.compact_faces.cache_clear()
    (again, *_) = compactfont.compact_faces(tuple(theme.fonts.body))
    assert again.path == regular.path
    assert not again.path.is_symlink()
    assert again.read() == good  # made again: the same bytes, wherever and whenever made
    assert (tmp_path / "secret.otf").read_bytes() == good  # the link's target left alone
    assert again.path.with_name(again.path.name + ".sha256").read_text().strip() == again.sha256


@pytest.mark.expected_logs
def it_never_hands_weasyprint_a_copy_damaged_after_it_was_checked(tiny_copies, caplog) -> None:
    (regular, *_) = tiny_copies
    good = regular.read()
    regular.path.write_bytes(good[:4096])  # damaged while a long-lived process holds the face
    with caplog.at_level(logging.WARNING, logger="briefgen.compactfont"):
        assert regular.read() == good
    assert "is damaged; making it again" in caplog.text


def it_builds_the_same_pdf_after_the_cache_was_damaged(
    theme, tmp_path, monkeypatch, clear_faces
) -> None:
    """Today's fault: a damaged regular copy set every body text in bold, and repairing the
    cache left that PDF "unchanged". Now the copy is checked and made again, and the PDF is
    the same as before the damage."""
    private_cache(tmp_path / "cache", monkeypatch, theme)
    env = untraced({**os.environ, "BRIEFGEN_CACHE_DIR": str(tmp_path / "cache")})
    args = ("build", TARIFF, "--seeds", str(SEEDS), "--format", "pdf", "--quiet")
    first = run_cli(*args, "--out", str(tmp_path / "first"), env=env)
    assert first.returncode == 0, first.stderr
    (regular,) = (tmp_path / "cache" / "fonts").glob("*Regular*Hangul*.otf")
    regular.write_bytes(regular.read_bytes()[:50_000])
    second = run_cli(*args, "--out", str(tmp_path / "second"), env=env)
    assert second.returncode == 0, second.stderr
    (one,) = (tmp_path / "first").glob("*.pdf")
    (two,) = (tmp_path / "second").glob("*.pdf")
    assert one.read_bytes() == two.read_bytes()
    assert not any("Bold" in c["fontname"] for c in _body_chars(two.read_bytes()))


def _body_chars(pdf: bytes) -> list[dict]:
    """The characters of the summary's paragraph (body text, set in the regular weight)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = document.pages[0].chars
    sizes = sorted({round(c["size"], 1) for c in chars})
    body = [c for c in chars if round(c["size"], 1) == sizes[len(sizes) // 2]]
    return [c for c in body if "\uac00" <= c["text"] <= "\ud7a3"][:40]
