"""The locale object (briefgen.locales) decides every language tag, mark and date pattern: a
stand-in language, patched in, shows up in every format's metadata and text."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace

import pypdf
import pytest
from lxml import etree

import briefgen
from briefgen import locales
from briefgen.display import display
from briefgen.locales import KOREAN, LANGUAGES, Marks, locale_of
from briefgen.theme import load_theme

BRIEF = "kr-us-tariff-tech-alliance"  # it has quotes, sources with titles, charts
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HH = "{http://www.hancom.co.kr/hwpml/2011/head}"
STAND_IN = replace(
    KOREAN,
    tag="en-GB",
    lcid=2057,
    marks=Marks(
        quote=("«", "»"), inner_quote=("‹", "›"), title=("《", "》"), periodical=("〈", "〉")
    ),
)
"""Not a language briefgen ships: a Korean brief tagged and punctuated otherwise, to see that
nothing in the writers still says "ko" or “ on its own."""


def _forget_locales() -> None:
    """Drop what is cached per theme and so per locale (a patched language is still the
    default theme's)."""
    from briefgen.writers import docx

    locale_of.cache_clear()
    docx._styled_template.cache_clear()


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[briefgen.Theme]:
    _forget_locales()
    monkeypatch.setitem(LANGUAGES, "ko-KR", STAND_IN)
    yield load_theme()
    monkeypatch.undo()
    _forget_locales()


def _part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def it_writes_the_locale_s_language_tag_in_every_format(stand_in, briefs) -> None:
    brief = briefs[BRIEF]
    html = briefgen.render(brief, "html", stand_in).decode()
    assert re.search(r'<html lang="en">', html)
    pdf = pypdf.PdfReader(io.BytesIO(briefgen.render(brief, "pdf", stand_in)))
    assert pdf.trailer["/Root"]["/Lang"] == "en"
    docx = briefgen.render(brief, "docx", stand_in)
    lang = _part(docx, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-GB"
    assert lang.get(f"{W}eastAsia") == "ko-KR"  # East Asian text is Hangul in any edition
    core = _part(docx, "docProps/core.xml")
    assert core.find("{http://purl.org/dc/elements/1.1/}language").text == "en-GB"
    chart = _part(docx, "word/charts/chart1.xml")
    assert (
        chart.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}lang").get("val")
        == "en-GB"
    )
    hwpx = briefgen.render(brief, "hwpx", stand_in)
    styles = list(_part(hwpx, "Contents/header.xml").iter(f"{HH}style"))
    ours = [s for s in styles if s.get("name") in ("Title", "Summary", "Key Point")]
    assert {s.get("langID") for s in ours} == {"2057"}
    package = _part(hwpx, "Contents/content.hpf")
    assert package.find(".//{http://www.idpf.org/2007/opf/}language").text == "en"


def it_takes_quotation_marks_and_reference_brackets_from_the_locale(stand_in, briefs) -> None:
    doc = display(briefs[BRIEF], stand_in)
    quotes = [q.text for s in doc.sections for q in s.quotations]
    assert quotes
    assert all(q.startswith("«") and q.endswith("»") for q in quotes)
    assert not any("“" in q or "”" in q for q in quotes)
    references = [source.reference for s in doc.sections for source in s.sources]
    assert any("《" in r for r in references)
    assert not any("「" in r for r in references)


def it_writes_korean_by_default(briefs, theme) -> None:
    locale = locale_of(theme)
    assert locale.tag == "ko-KR"
    assert locale.language.lcid == 1042
    doc = display(briefs[BRIEF], theme)
    assert all(q.text.startswith("“") for s in doc.sections for q in s.quotations)
    assert doc.date_text == "2025.\u00a010.\u00a029."


def it_does_not_double_marks_and_turns_inner_ones() -> None:
    locale = locale_of(load_theme())
    assert locale.quoted("“이미 따옴표”") == "“이미 따옴표”"
    assert locale.quoted("그는 “혁신”을 말했다") == "“그는 ‘혁신’을 말했다”"
    assert locale.titled("「제목」 부록") == "「제목」 부록"
    assert locale.periodical("『매체』") == "『매체』"


def it_refuses_a_language_briefgen_does_not_ship(tmp_path) -> None:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text(
        'organisation = "시험"\n[fonts]\nbody = ["Noto Sans CJK KR"]\n'
        '[locale]\nlanguage = "fr-FR"\n',
        encoding="utf-8",
    )
    with pytest.raises(briefgen.ThemeError) as raised:
        load_theme(folder)
    assert "theme.toml:5: locale.language" in str(raised.value)
    assert "ko-KR" in str(raised.value)
    assert locales.LANGUAGES.keys() == {"ko-KR"}
