"""Korean text rules as table tests with hand-written expectations: numbers and units, quotes
and apostrophes, web addresses, citation markers — and the same strings in every format."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import docx
import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import briefgen
from briefgen.errors import SeedError
from briefgen.formatting import format_amount
from briefgen.models import BriefSpec, Figure, Source
from briefgen.typography import (
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    join_words,
    strip_joiners,
    typeset,
)

from . import linecheck
from .conftest import minimal_source
from .docxtext import all_paragraphs

N = "\u00a0"  # the no-break space between a number and its unit

# value, unit, approximate, up_to, expected — written out by hand (N = no-break space)
NUMBERS = [
    # the cases reported in the issue
    ("26", "%", True, None, f"약{N}26%"),
    ("20.8", "%", True, None, f"약{N}20.8%"),
    ("100", "%", True, None, f"약{N}100%"),
    ("3600000000000", "KRW", True, None, f"약{N}3조{N}6,000억{N}원"),
    ("22800000000000", "KRW", True, None, f"약{N}22조{N}8,000억{N}원"),
    ("3870000000", "USD", True, None, f"약{N}38억{N}7,000만{N}달러"),
    ("49000", "KRW", True, None, f"약{N}4만{N}9,000{N}원"),
    ("150000", "명", False, None, f"15만{N}명"),
    ("7100000", "㎡", True, None, f"약{N}710만{N}㎡"),
    ("2150000", "평", True, None, f"약{N}215만{N}평"),
    ("33000000000000", "KRW", False, None, f"33조{N}원"),
    ("15", "%", False, "25", "15~25%"),
    # 여 only after a round count of people or things
    ("1400", "명", True, None, f"1,400여{N}명"),
    ("150", "곳", True, None, f"150여{N}곳"),
    ("150000", "명", True, None, f"15만여{N}명"),
    ("26", "명", True, None, f"약{N}26명"),
    ("1450", "명", True, None, f"약{N}1,450명"),
    ("12500", "명", True, None, f"약{N}1만{N}2,500명"),
    ("350000000000", "USD", True, None, f"약{N}3,500억{N}달러"),
    ("70", "분", True, None, f"약{N}70분"),
    # every scale: units, 만, 억, 조, 경
    ("9999", "건", False, None, "9,999건"),
    ("10000", "건", False, None, f"1만{N}건"),
    ("123456789", "KRW", False, None, f"1억{N}2,345만{N}6,789{N}원"),
    ("1200000000000", "USD", False, None, f"1조{N}2,000억{N}달러"),
    ("12000000000000000", "KRW", False, None, f"1경{N}2,000조{N}원"),
    ("3500", "MW", False, None, "3,500MW"),
    ("2400000", "MWh", False, None, f"240만{N}MWh"),
    # signs, decimals, rates
    ("-3.2", "%p", False, None, "-3.2%p"),
    ("0.5", "%p", True, None, f"약{N}0.5%p"),
    ("-350000000000", "USD", False, None, f"-3,500억{N}달러"),
    ("12.75", "%", False, None, "12.75%"),
    ("0.35", "kWh당", False, None, "0.35kWh당"),
    ("1.5", "배", False, None, "1.5배"),
    # ranges
    ("2023", "년", False, "2025", "2023~2025년"),
    ("300000000000", "USD", False, "500000000000", f"3,000억~5,000억{N}달러"),
    ("10", "%", True, "20", f"약{N}10~20%"),
    ("1000", "명", True, "2000", f"약{N}1,000~2,000명"),
    # a calendar year is not grouped; a count of years is
    ("2025", "년", False, None, "2025년"),
    ("10", "년", False, None, "10년"),
]


@pytest.mark.parametrize(("value", "unit", "approximate", "up_to", "expected"), NUMBERS)
def it_writes_numbers_as_korean_text_does(value, unit, approximate, up_to, expected) -> None:
    top = Decimal(up_to) if up_to is not None else None
    assert format_amount(Decimal(value), unit, approximate=approximate, up_to=top) == expected


def parse_amount(text: str) -> Decimal:
    """Read a formatted figure back (its first number, for a range)."""
    text = text.replace(N, " ").removeprefix("약 ").split("~")[0]
    text = re.sub(r"여(?= )", "", text)
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    total, found = Decimal(0), False
    scales = {"경": 10**16, "조": 10**12, "억": 10**8, "만": 10**4}
    for number, word in re.findall(r"([\d,]+(?:\.\d+)?)([경조억만]?)", text):
        if not number.replace(",", "").replace(".", "").isdigit():
            continue
        total += Decimal(number.replace(",", "")) * scales.get(word, 1)
        found = True
    assert found, text
    return sign * total


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=-(10**19), max_value=10**19, places=2, allow_nan=False),
    unit=st.sampled_from(["KRW", "USD", "명", "㎡", "%", "%p", "건", "MW"]),
    approximate=st.booleans(),
)
def it_never_changes_a_figure(value, unit, approximate) -> None:
    written = format_amount(value, unit, approximate=approximate)
    assert parse_amount(written) == value, written


@pytest.mark.parametrize(("word", "code"), [("원", "KRW"), ("달러", "USD"), ("엔", "JPY")])
def it_asks_for_iso_currency_codes(word, code) -> None:
    with pytest.raises(SeedError, match=f'unit = "{code}" \\(printed {word}\\)'):
        Figure(label="예산", value=1, unit=word)


def it_refuses_a_range_that_runs_down() -> None:
    with pytest.raises(SeedError, match="up_to must be larger"):
        Figure(label="세율", value=25, up_to=15, unit="%")


QUOTES = [
    ("\"'반도체 골든타임'이 왔다\"", "“‘반도체 골든타임’이 왔다”"),
    ("'24년 전망", "’24년 전망"),
    ("’24년 전망", "’24년 전망"),
    ('"미국의 "칩스법"은 바뀐다"', "“미국의 ‘칩스법’은 바뀐다”"),
    ("don't stop", "don’t stop"),
    ("America's CHIPS Act", "America’s CHIPS Act"),
    ("그는 '기술동맹'이라 했다", "그는 ‘기술동맹’이라 했다"),
    ('("인용")', "(“인용”)"),
    ('["괄호"]', "[“괄호”]"),
    ('「"표제"」', "「“표제”」"),
    ('"90\'s" 세대', "“90’s” 세대"),
    ('""', "“”"),
]


@pytest.mark.parametrize(("text", "expected"), QUOTES)
def it_curls_and_nests_quotes(text, expected) -> None:
    assert typeset(text) == expected


def it_nests_a_quote_inside_a_quotation(briefs, theme) -> None:
    source = _source(quotes=[{"text": '"칩스법"은 끝나지 않았다', "speaker": "홍길동"}])
    brief = briefgen.assemble(_spec(), {"s": source})
    html = briefgen.render(brief, "html", theme).decode()
    assert "“‘칩스법’은 끝나지 않았다”" in html


URL = "https://www.example.go.kr/%EB%B3%B4%EA%B3%A0%EC%84%9C?id=3&lang=ko"


def it_breaks_web_addresses_at_their_own_points() -> None:
    joined = join_words(f"자세한 내용은 홈페이지{URL} 참고")
    assert strip_joiners(joined) == f"자세한 내용은 홈페이지{URL} 참고"
    assert f"지{ZERO_WIDTH_SPACE}https:" in joined, "the address leaves the Korean word"
    for escape in re.findall(r"%[0-9A-F]{2}", URL):
        assert WORD_JOINER.join(escape) in joined, "never inside a %XX escape"
    for point in ("/", ".", "?", "&", "="):
        assert f"{point}{ZERO_WIDTH_SPACE}" in joined


def it_sorts_and_merges_citation_markers(theme) -> None:
    sources = {i: _source(id=i, title=f"자료 {i}") for i in ("a", "b", "c")}
    spec = _spec(
        sources=["a", "b", "c"],
        implications=[{"text": "세 자료가 모두 말한다.", "cites": ["c", "a", "b"]}],
    )
    brief = briefgen.assemble(spec, sources)
    html = briefgen.render(brief, "html", theme).decode()
    assert re.search(r">\[1\]</a><a [^>]*>\[2\]</a><a [^>]*>\[3\]</a>", html)
    merged = theme.model_copy(update={"citation_markers": "merged"})
    html = briefgen.render(brief, "html", merged).decode()
    assert ">[1, 2, 3]</a>" in html


# --- a seed set on another subject, through every format -------------------------------------

INDUSTRY_FIGURES = [
    ({"label": "반도체 투자 세액공제율", "value": 15, "up_to": 25, "unit": "%"}, "15~25%"),
    ({"label": "국가전략기술 지원 예산", "value": 3.6e12, "unit": "KRW", "approximate": True},
     f"약{N}3조{N}6,000억{N}원"),
    ({"label": "미국 보조금 총액", "value": 3.87e9, "unit": "USD", "approximate": True},
     f"약{N}38억{N}7,000만{N}달러"),
    ({"label": "산업단지 면적", "value": 7.1e6, "unit": "㎡", "approximate": True},
     f"약{N}710만{N}㎡"),
    ({"label": "부지 면적", "value": 2.15e6, "unit": "평", "approximate": True},
     f"약{N}215만{N}평"),
    ({"label": "신규 고용", "value": 150000, "unit": "명"}, f"15만{N}명"),
    ({"label": "설계 인력 양성", "value": 1400, "unit": "명", "approximate": True},
     f"1,400여{N}명"),
    ({"label": "점유율 변화", "value": -3.2, "unit": "%p"}, "-3.2%p"),
    ({"label": "지원 기간", "value": 2023, "up_to": 2025, "unit": "년"}, "2023~2025년"),
]  # fmt: skip


def _source(**fields: object) -> Source:
    return minimal_source(**fields)


def _spec(**fields: object) -> BriefSpec:
    data = {"id": "b", "title": "산업 정책 동향", "date": "2026-01-10", "sources": ["s"]}
    return BriefSpec.model_validate(data | fields)


@pytest.fixture(scope="module")
def industry(theme):
    source = _source(
        title="반도체 지원법 개정 논의",
        publisher="가상경제",
        url=URL,
        summary=(
            f"정부는 '24년 반도체 지원을 늘렸고, 자세한 내용은 누리집{URL}에 있다. "
            '업계는 "미국의 "칩스법"처럼 지원해야 한다"고 했다. 규모는 US$ 39 billion, '
            "공정은 2 nm 수준이다."
        ),
        figures=[figure for figure, _ in INDUSTRY_FIGURES],
        quotes=[{"text": "\"'반도체 골든타임'을 놓치면 안 된다\"", "speaker": "업계 관계자"}],
    )
    brief = briefgen.assemble(_spec(), {"s": source})
    return brief, {fmt: briefgen.render(brief, fmt, theme) for fmt in ("pdf", "docx", "html")}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text.replace(N, " "))


def it_prints_the_same_figures_in_every_format(industry, theme) -> None:
    brief, outputs = industry
    with pdfplumber.open(io.BytesIO(outputs["pdf"])) as pdf:
        pdf_text = "".join(page.extract_text(x_tolerance=1) or "" for page in pdf.pages)
    document = docx.Document(io.BytesIO(outputs["docx"]))
    docx_cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    html = outputs["html"].decode()
    hwpx = briefgen.render(brief, "hwpx", theme)
    with zipfile.ZipFile(io.BytesIO(hwpx)) as archive:
        hwpx_text = archive.read("Contents/section0.xml").decode()
    for _, expected in INDUSTRY_FIGURES:
        assert expected in docx_cells, expected
        assert f">{expected}</td>" in html, expected
        assert f"<hp:t>{expected}</hp:t>" in hwpx_text, expected
        assert _flat(expected) in _flat(pdf_text), expected
    for text in ("“‘반도체 골든타임’을 놓치면 안 된다”", "’24년", "“미국의 ‘칩스법’처럼"):
        assert _flat(text) in _flat(pdf_text), text
        assert text in "\n".join(p.text for p in all_paragraphs(document)), text
        assert text in html, text
    assert f"US${N}39{N}billion" in html
    assert f"2{N}nm" in html


def it_breaks_no_word_and_starts_no_line_wrong(industry) -> None:
    brief, outputs = industry
    html = briefgen.render(brief, "html").decode()
    findings = linecheck.check(outputs["pdf"], linecheck.html_text(html))
    assert findings == []
