"""A large seed set for tests (fictional content, not a published example): six sources with
36 key points, 34 events of every date precision (ties, months and years among days) and 42
figures of every unit kind and magnitude, under a 120-character title.

Made deterministically from a few word lists, so a test reads back exactly what it wrote.
"""

from __future__ import annotations

from pathlib import Path

BRIEF_ID = "large-industrial-policy"
TITLE = (
    "반도체·배터리·바이오 산업 지원 정책의 국제 비교와 한국 제조업 공급망 재편에 관한 종합 "
    "검토: 미국 CHIPS Act 보조금과 IRA 세액공제, 유럽연합 핵심원자재법, 일본의 대규모 투자 "
    "지원과 인력 양성 정책을 중심으로"
)
assert 120 <= len(TITLE) <= 130, len(TITLE)

_ACTORS = [
    "산업통상자원부",
    "기획재정부",
    "미국 상무부",
    "유럽연합 집행위원회",
    "일본 경제산업성",
    "한국반도체산업협회",
]
_TOPICS = [
    "반도체 설비 투자",
    "이차전지 소재 공급망",
    "바이오 의약품 생산",
    "전력 인프라",
    "핵심 광물 비축",
    "전문 인력 양성",
]
_ACTIONS = [
    "세액공제를 확대하기로 했다",
    "보조금 지급 기준을 새로 내놓았다",
    "‘공급망 안정화’ 방안을 발표했다",
    "관련 법 개정안을 국회에 제출했다",
    "민관 협의체를 꾸려 첫 회의를 열었다",
    "지원 대상 기업 명단을 공개했다",
]

# (value, unit, approximate, up_to, note): every unit kind, every scale, signs, decimals, ranges
_FIGURES = [
    (15, "%", False, 25, None),
    (3.6e12, "KRW", True, None, "3년간"),
    (3.87e9, "USD", True, None, None),
    (7.1e6, "㎡", True, None, "부지 기준"),
    (2.15e6, "평", True, None, None),
    (150000, "명", False, None, None),
    (1400, "명", True, None, "연간"),
    (-3.2, "%p", False, None, "전년 대비"),
    (2023, "년", False, 2025, None),
    (52.7e9, "USD", False, None, "5년간 총액"),
    (4.75e9, "USD", False, None, None),
    (22.8e12, "KRW", False, None, None),
    (1.2e16, "KRW", False, None, "누적"),
    (61, "%", False, None, "2024년 기준"),
    (0.35, "kWh당", False, None, None),
    (3500, "MW", False, None, None),
    (2.4e6, "MWh", False, None, None),
    (150, "곳", True, None, None),
    (26, "%", True, None, None),
    (8800, "건", True, None, "의견 접수"),
    (39e9, "USD", False, None, "보조금 총액"),
    (100e9, "USD", False, 500e9, None),
    (12, "개국", False, None, None),
    (45, "%", False, None, "상한"),
    (2.5, "%", False, None, None),
    (20e9, "KRW", True, None, None),
    (310, "개사", False, None, None),
    (1.5e12, "JPY", False, None, None),
    (43e9, "EUR", False, None, "2030년까지"),
    (30, "%", False, 40, None),
    (6.2e6, "명", False, None, None),
    (75, "%", False, None, "국산화 목표"),
    (1.1e9, "USD", False, None, None),
    (10e12, "KRW", False, None, None),
    (5, "년", False, None, "지원 기간"),
    (18, "개", False, None, None),
    (350e9, "USD", False, None, "대미 투자 총액"),
    (200e9, "USD", False, None, "현금 투자분"),
    (20e9, "USD", False, None, "연간 한도"),
    (-1.4, "%", False, None, None),
    (120, "GW", False, None, None),
    (9.9, "%", False, None, None),
]
assert len(_FIGURES) == 42

# 34 events: days, months and years, with ties across sources and months among their days
_DATES = [
    "2023",
    "2023-08",
    "2023-08-09",
    "2024-03",
    "2024-03-20",
    "2024-03-20",
    "2024-04-29",
    "2024-06",
    "2024-09-04",
    "2024-09",
    "2024-09-04",
    "2024-12-31",
    "2025",
    "2025-01-15",
    "2025-02",
    "2025-02-03",
    "2025-03-10",
    "2025-03",
    "2025-04-02",
    "2025-05-21",
    "2025-06",
    "2025-07-04",
    "2025-07-23",
    "2025-08",
    "2025-08-07",
    "2025-09-04",
    "2025-09",
    "2025-10-29",
    "2025-10",
    "2025-11-14",
    "2025-12",
    "2026",
    "2026-01-02",
    "2026-01",
]
assert len(_DATES) == 34


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _source(index: int) -> str:
    actor, topic = _ACTORS[index], _TOPICS[index]
    points = [
        f"{_ACTORS[(index + k) % 6]}, {_TOPICS[(index + 2 * k) % 6]} 분야에서 "
        f"{_ACTIONS[(index + k) % 6]}. 지원 규모는 {10 * (k + 1) + index}개 사업에 걸쳐 있다."
        for k in range(6)
    ]
    lines = [
        f'id = "big-{index + 1}"',
        f"title = {_quoted(f'{topic} 지원 정책 동향 {index + 1}')}",
        f"publisher = {_quoted(actor)}",
        'kind = "report"',
        f'date = "2026-01-{10 + index:02d}"',
        f"summary = {_quoted(f'{actor}의 {topic} 지원 정책을 정리한 가상의 자료다.')}",
        "key_points = [" + ", ".join(_quoted(p) for p in points) + "]",
        "implications = ["
        + ", ".join(
            _quoted(f"한국은 {_TOPICS[(index + k) % 6]} 대응을 서둘러야 한다.") for k in (1, 2)
        )
        + "]",
        "",
    ]
    for number in range(index, len(_DATES), 6):  # every source gets about six events
        date = _DATES[number]
        text = (
            f"{_ACTORS[number % 6]}, {_TOPICS[(number + index) % 6]} 관련 조치 {number + 1}호 발표"
        )
        lines += ["[[events]]", f'date = "{date}"', f"text = {_quoted(text)}", ""]
    if index < 3:  # three sources report 14 figures each
        for number in range(index * 14, index * 14 + 14):
            value, unit, approximate, up_to, note = _FIGURES[number]
            label = f"{_TOPICS[number % 6]} 지표 {number + 1}"
            lines += ["[[figures]]", f"label = {_quoted(label)}", f"value = {value!r}"]
            lines.append(f"unit = {_quoted(unit)}")
            if approximate:
                lines.append("approximate = true")
            if up_to is not None:
                lines.append(f"up_to = {up_to!r}")
            if note:
                lines.append(f"note = {_quoted(note)}")
            lines.append("")
    return "\n".join(lines)


def write_big_seeds(folder: Path) -> Path:
    """Write the seed set into ``folder`` (``sources/`` and ``briefs/``); return the folder."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "briefs").mkdir(parents=True, exist_ok=True)
    for index in range(6):
        (folder / "sources" / f"big-{index + 1}.toml").write_text(_source(index), "utf-8")
    brief = "\n".join(
        [
            f'id = "{BRIEF_ID}"',
            f"title = {_quoted(TITLE)}",
            'date = "2026-02-01"',
            'number = "2026-99"',
            "sources = [" + ", ".join(f'"big-{i}"' for i in range(1, 7)) + "]",
            'blocks = ["summary", "key_points", "implications", "timeline", "figures", "sources"]',
            "",
        ]
    )
    (folder / "briefs" / f"{BRIEF_ID}.toml").write_text(brief, "utf-8")
    return folder
