# ruff: noqa: E501  (seed files as a curator writes them: one TOML string per line)
"""A seed set in the shape of real Korean legislative texts (fictional bills, our own words):
long bill titles that open with 「」 and nest 『』, article references, Hanja, 원 amounts and
head counts, two bills by the same author (정부), dates of every precision with a month-only
event before that month's dated ones, a web address full of percent escapes, the middle-dot
look-alikes real documents carry (․ ‧ ･) and a chart of head counts.

Two briefs: ``bill-digest`` cites in footnotes, ``bill-markers`` with [n] markers.
"""

from __future__ import annotations

from pathlib import Path

FOOTNOTES = "bill-digest"
MARKERS = "bill-markers"
ESCAPED_URL = (
    "https://likms.assembly.example/bill/%EB%B2%95%EB%A5%A0%EC%95%88/"
    "%ED%96%89%EC%A0%95%EC%A0%88%EC%B0%A8%EB%B2%95?billId=PRC_Z9Y8X7W6&ageFrom=18&ageTo=18"
)
LONG_TITLE = (
    "「행정절차법」 일부개정법률안(『국민참여 입법』 절차의 전자화와 입법예고 기간 연장, "
    "의견 제출자에 대한 처리 결과 통지 의무 신설 등에 관한 사항)"
)

_SOURCES = {
    "admin-procedure-bill": f'''
id = "admin-procedure-bill"
title = "{LONG_TITLE}"
author = "정부"
kind = "report"
publisher = "국회 의안정보시스템"
date = "2010-11-15"
url = "{ESCAPED_URL}"
summary = """정부는 입법예고 기간을 20일에서 40일로 늘리고 의견 제출자에게 처리 결과를 알리도록 하는 「행정절차법」 개정안을 2010. 11. 15. 국회에 제출했다. 1․2단계로 나누어 시행하며, 전자 입법예고는 중앙행정기관‧지방자치단체에 함께 적용한다."""
key_points = [
  "제41조제1항을 고쳐 입법예고 기간을 40일 이상으로 하되, 긴급한 경우에는 그 사유를 밝혀 줄일 수 있게 한다.",
  "의견 제출자에게는 제출된 의견의 처리 결과를 알려야 하며, 통지는 『전자관보』 또는 정보통신망으로 할 수 있다.",
  "법안은 행정(行政) 절차의 투명성을 높이는 것을 목적으로 하며, 소요 예산은 5년간 약 36억 원으로 추계되었다.",
  "개정안은 2010. 11. 15. 국회에 제출되었고, 1․2단계로 나누어 시행하며 전자 입법예고는 중앙행정기관‧지방자치단체에 함께 적용한다.",
]
implications = [
  "입법예고 기간 연장은 AI 관련 규제의 의견 수렴 기간에도 영향을 준다.",
  "처리 결과 통지 의무는 기업 의견서의 반영 여부를 확인할 근거가 된다.",
  {{ text = "두 정부안을 함께 보면 절차 규정과 처리 기준이 나란히 정비된다.", cites = ["privacy-bill"] }},
]

[[events]]
date = "2010-11"
text = "법제처 심사를 거쳐 개정안 입법예고"

[[events]]
date = "2010-11-15"
text = "정부, 개정안 국회 제출"

[[events]]
date = "2010-12-03"
text = "행정안전위원회 회부"

[[figures]]
label = "입법예고 기간"
value = 40
unit = "일"
note = "현행 20일"

[[figures]]
label = "의견 제출자"
value = 43899
unit = "명"
note = "2009년 입법예고 기준"

[[figures]]
label = "처리 결과 통지 대상 기관"
value = 796
unit = "곳"

[[figures]]
label = "온라인 의견 증가"
value = 10
unit = "배"
approximate = true
note = "5년 전 대비"

[[charts]]
id = "participants"
title = "입법예고 의견 제출자 수"
kind = "bar"
unit = "명"
categories = ["2007년", "2008년", "2009년"]
series = [{{ name = "의견 제출자", values = [796, 21185, 43899] }}]
''',
    "privacy-bill": '''
id = "privacy-bill"
title = "「개인정보 보호법」 일부개정법률안"
author = "정부"
kind = "report"
publisher = "국회 의안정보시스템"
date = "2011-03"
summary = """정부는 2011. 3. 「개인정보 보호법」 개정안을 제출해 공공기관･민간의 개인정보 처리 기준을 하나로 묶고, 과징금 상한을 매출액의 3%로 정했다."""
key_points = [
  "개인정보 처리자의 안전조치 의무를 제29조에 모아 규정하고, 공공기관･민간에 같은 기준을 적용한다.",
  "위반 시 과징금은 관련 매출액의 100분의 3 이하로 한다.",
  "시행일은 공포 후 6개월이 지난 날로 한다.",
]
implications = [
  "AI 학습 데이터의 개인정보 처리 기준과 맞물린다.",
  "과징금 상한은 국내 AI 기업의 규제 비용을 가늠하는 기준이 된다.",
]

[[events]]
date = "2011-03"
text = "정부, 개정안 국회 제출"
''',
    "member-bill": '''
id = "member-bill"
title = "「국회법」 일부개정법률안(의원 발의 법률안의 비용 추계서 첨부 의무와 예외 사유 정비)"
author = "유선호 의원 등 12인"
kind = "report"
publisher = "국회 의안정보시스템"
date = "2010"
url = "https://likms.assembly.example/bill/%EA%B5%AD%ED%9A%8C%EB%B2%95%EC%9D%BC%EB%B6%80%EA%B0%9C%EC%A0%95%EB%B2%95%EB%A5%A0%EC%95%88?billId=PRC_M1N2O3P4"
summary = """유선호 의원 등 12인은 의원 발의 법률안에 비용 추계서를 붙이도록 하되, 예외 사유를 법률에 정하는 「국회법」 개정안을 발의했다."""
key_points = [
  "제79조의2를 고쳐 비용 추계서 첨부 의무의 예외를 법률로 정한다.",
  "국회예산정책처가 추계를 맡고, 결과는 소관 위원회에 제출한다.",
  "발의 의원은 12인이며, 대표발의자는 유선호 의원이다.",
]
implications = [
  "AI 관련 법안의 재정 영향 검토 절차를 가늠하게 한다.",
  "비용 추계의 예외 사유가 넓으면 검토가 빠질 수 있다.",
]

[[events]]
date = "2010"
text = "유선호 의원 등 12인, 개정안 발의"
''',
}

_BRIEF = '''
id = "{id}"
title = "「행정절차법」 등 입법 절차 개정안 검토: 입법예고 기간 연장과 의견 처리 결과 통지"
date = "2026-03-02"
{short_title}sources = ["admin-procedure-bill", "privacy-bill", "member-bill"]
citations = "{citations}"
blocks = ["summary", "charts", "key_points", "implications", "timeline", "figures", "sources"]
summary = """세 개정안은 입법예고와 의견 처리 절차를 손본다. 「행정절차법」 개정안의 전문은 {url} 에서 볼 수 있다."""
'''


def write_real_text_seeds(folder: Path) -> Path:
    """Write the seed set into ``folder`` (``sources/`` and ``briefs/``); return the folder."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "briefs").mkdir(parents=True, exist_ok=True)
    for name, text in _SOURCES.items():
        (folder / "sources" / f"{name}.toml").write_text(text.lstrip(), "utf-8")
    for brief_id, citations in ((FOOTNOTES, "footnotes"), (MARKERS, "markers")):
        short = 'short_title = "입법-절차-개정안-표시"\n' if brief_id == MARKERS else ""
        text = _BRIEF.format(id=brief_id, citations=citations, url=ESCAPED_URL, short_title=short)
        (folder / "briefs" / f"{brief_id}.toml").write_text(text.lstrip(), "utf-8")
    return folder
