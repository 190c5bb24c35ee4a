"""What every seed field means, in Korean and English: one table for the JSON Schema's
descriptions (editor completion) and the comments of the files ``briefgen new`` writes.

Keys are ``Model.field`` for the seed models (:class:`~briefgen.models.Source`,
:class:`~briefgen.models.BriefSpec` and the tables inside them); ``tests/test_scaffold.py``
checks that every field of the generated schema has both texts here.
"""

from __future__ import annotations

FIELD_HELP: dict[str, tuple[str, str]] = {
    # --- a source file ------------------------------------------------------------------
    "Source.id": ("자료 식별자: 영문 소문자·숫자·하이픈, 파일 이름과 같게", "the source's id: lower-case letters, digits and hyphens, as in the file name"),
    "Source.title": ("자료의 원래 제목 (제목이 없는 자료는 내용을 알리는 제목과 title_descriptive = true)", "the document's own title (for a document without one, a describing title and title_descriptive = true)"),
    "Source.title_descriptive": ("자료에 제목이 없어 title이 내용을 설명하는 제목일 때 true: 「」 대신 [ ] 안에 적힘", "true when the document has no title and `title` describes it: printed in [ ], not in 「」"),
    "Source.publisher": ("매체·발행 기관 (자료에 적힌 경우만)", "outlet or publisher, only where the document names it"),
    "Source.author": ("저자 또는 부서 (자료에 적힌 경우만)", "author or desk, only where named"),
    "Source.kind": ("자료 종류: news, analysis, report, statement, other", "kind of document: news, analysis, report, statement or other"),
    "Source.date": ("발행일: \"YYYY-MM-DD\", 모르면 \"YYYY-MM\" 또는 \"YYYY\"", "publication date: \"YYYY-MM-DD\", or \"YYYY-MM\" / \"YYYY\" when that is all we know"),
    "Source.date_note": ("날짜를 어떻게 확인했는지, 또는 왜 없는지 (500자 이내)", "how the date was established, or why it is missing (≤ 500 characters)"),
    "Source.url": ("자료의 웹 주소 (http/https, 선택)", "the document's web address (http/https, optional)"),
    "Source.accessed": ("웹 주소를 확인한 날 (검색일, url과 함께)", "when the address was checked (검색일; needs url)"),
    "Source.tags": ("브리프가 자료를 고를 때 쓰는 태그", "tags briefs select sources by"),
    "Source.summary": ("우리말로 쓴 두세 문장의 요약 (빈 줄로 문단 구분)", "a summary in our own words, 2–4 sentences (a blank line starts a paragraph)"),
    "Source.key_points": ("핵심 내용 3~7개, 완결된 문장으로", "3–7 key points, complete sentences"),
    "Source.implications": ("한국에 대한 시사점 2~5개", "2–5 implications for Korea"),
    "Source.figures": ("자료가 밝힌 주요 수치", "numbers the source reports"),
    "Source.events": ("날짜가 있는 사건 (모든 자료의 일지로 합쳐짐)", "dated events, merged into one timeline across sources"),
    "Source.quotes": ("짧은 인용문 5개 이내, 한 문장씩", "at most 5 short quotes, one sentence each"),
    "Source.charts": ("자료가 실제로 밝힌 숫자로 그린 그림 10개 이내", "at most 10 charts, from numbers the document actually gives"),
    # --- items of lists -----------------------------------------------------------------
    "CitedItem.text": ("문장", "the sentence"),
    "CitedItem.cites": ("근거로 삼는 다른 자료의 식별자", "ids of other sources the sentence rests on"),
    "Figure.label": ("수치의 이름", "what the number is"),
    "Figure.value": ("단위 없는 숫자 그대로 (3,500억은 350_000_000_000)", "the plain number, unscaled (3,500억 is 350_000_000_000)"),
    "Figure.up_to": ("범위의 끝 값 (15~25%의 25), value보다 커야 함", "the end of a range (25 in 15~25%), larger than value"),
    "Figure.unit": ("단위: 통화는 ISO 코드(USD, KRW), %, %p, 명·건·개, ㎡·MW 등", "unit: an ISO currency code (USD, KRW), %, %p, a counter (명, 건, 개) or a measure (㎡, MW)"),
    "Figure.approximate": ("어림수면 true (약 26%, 1,400여 명)", "true for approximate numbers (약 26%, 1,400여 명)"),
    "Figure.note": ("비고 (예: 2024년 기준, 연간)", "a qualifier, e.g. 2024년 기준, 연간"),
    "Figure.cites": ("이 수치를 함께 밝힌 다른 자료", "other sources that give the number too"),
    "Event.date": ("날짜: \"YYYY-MM-DD\", \"YYYY-MM\" 또는 \"YYYY\"", "date: \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\""),
    "Event.text": ("무슨 일이 있었는지", "what happened"),
    "Event.cites": ("이 사건을 함께 다룬 다른 자료", "other sources that report the event"),
    "Quote.text": ("인용문 (한 문장, 따옴표 없이)", "the quote (one sentence, without quotation marks)"),
    "Quote.speaker": ("말한 사람", "who said it"),
    "Quote.role": ("말한 사람의 직함 (선택)", "the speaker's position (optional)"),
    "Quote.cites": ("이 인용을 함께 실은 다른 자료", "other sources that carry the quote"),
    "Chart.id": ("그림 식별자 (브리프 안에서 하나뿐)", "the chart's id, unique within a brief"),
    "Chart.title": ("그림 제목 (그림 N. 다음에 인쇄)", "the chart's title, printed after 그림 N."),
    "Chart.kind": ("그림 종류: bar, horizontal_bar, stacked_bar, line", "kind: bar, horizontal_bar, stacked_bar or line"),
    "Chart.categories": ("항목 이름 (24개 이내, 중복 없이)", "category names (at most 24, each once)"),
    "Chart.series": ("계열 6개 이내, 항목마다 숫자 하나", "at most 6 series, one number per category"),
    "Chart.unit": ("단위: ISO 통화 코드, %, %p 또는 명·건·개 등", "unit: an ISO currency code, %, %p or a counter word"),
    "Chart.scale": ("축의 단위: 만, 억, 조 (선택, 생략하면 숫자에 맞게 고름)", "the axis scale: 만, 억 or 조 (optional; chosen from the numbers when left out)"),
    "Chart.note": ("그림 아래 주: 문장 (선택)", "a note under the chart, 주: … (optional)"),
    "Chart.source_line": ("자료: 줄 (선택, 생략하면 인용한 자료)", "the 자료: line (optional; the cited sources when left out)"),
    "Chart.cites": ("숫자의 출처인 다른 자료", "other sources the numbers come from"),
    "ChartSeries.name": ("계열 이름 (범례)", "the series' name (legend)"),
    "ChartSeries.values": ("항목 순서대로 단위 없는 숫자", "unscaled numbers, one per category, in order"),
    # --- a brief file -------------------------------------------------------------------
    "BriefSpec.id": ("브리프 식별자: 영문 소문자·숫자·하이픈, 파일 이름과 같게", "the brief's id: lower-case letters, digits and hyphens, as in the file name"),
    "BriefSpec.title": ("브리프 제목", "the brief's title"),
    "BriefSpec.subtitle": ("부제 (선택)", "subtitle (optional)"),
    "BriefSpec.short_title": ("짧은 제목: 파일 이름과, 제목이 길 때 머리말에 씀 (선택)", "short title for file names, and the running header when the title is too long (optional)"),
    "BriefSpec.date": ("발행일 (\"YYYY-MM-DD\")", "the issue date (\"YYYY-MM-DD\")"),
    "BriefSpec.series": ("총서 이름 (선택, 생략하면 테마의 총서)", "the series (optional; the theme's by default)"),
    "BriefSpec.number": ("호수: 이슈 브리프 제2026-04호의 2026-04", "the issue number: 2026-04 in 이슈 브리프 제2026-04호"),
    "BriefSpec.issn": ("ISSN (선택, 검증 숫자 확인)", "the ISSN (optional; its check digit is verified)"),
    "BriefSpec.authors": ("저자, 순서대로 ([[authors]] 표마다 한 명)", "the authors, in order (one [[authors]] table each)"),
    "BriefSpec.keywords": ("문서 정보의 주제어 (선택, 생략하면 자료의 태그)", "keywords for the document's metadata (optional; the sources' tags by default)"),
    "BriefSpec.sources": ("늘 싣는 자료의 식별자, 순서대로", "ids of the sources always included, in order"),
    "BriefSpec.select": ("태그와 기간으로 자료 고르기 (선택, 파일 맨 끝에)", "select sources by tag and date range (optional; last in the file)"),
    "BriefSpec.key_messages": ("맨 위 상자에 실을 핵심 메시지 2~5개 (선택)", "2–5 key messages in a box at the top (optional)"),
    "BriefSpec.summary": ("편집자 요약 (선택, 없으면 각 자료의 요약)", "the editor's summary (optional; each source's summary otherwise)"),
    "BriefSpec.sections": ("분석가가 직접 쓴 절", "the analyst's own sections"),
    "BriefSpec.implications": ("편집자의 시사점 (선택, 자료의 시사점보다 먼저)", "the editor's implications (optional; before the sources')"),
    "BriefSpec.charts": ("편집자가 만든 그림 (자료 인용이나 source_line 필수)", "the editor's own charts (each needs cites or source_line)"),
    "BriefSpec.blocks": ("실을 블록과 순서 (선택): 기본 이름과 절 식별자", "which blocks appear and in what order (optional): built-in names and section ids"),
    "BriefSpec.contents": ("목차: true 늘, false 없음, 생략하면 테마가 정한 쪽수를 넘을 때", "contents list: true always, false never, left out when the brief runs past the theme's page count"),
    "BriefSpec.citations": ("출처 표시: markers([1]) 또는 footnotes(각주)", "how sources are cited: markers ([1]) or footnotes"),
    "Author.name": ("이름", "name"),
    "Author.affiliation": ("소속과 직위 (선택)", "affiliation and position (optional)"),
    "Author.email": ("전자우편 주소 (선택)", "e-mail address (optional)"),
    "EditorSection.id": ("절 식별자 (blocks에서 쓰는 이름)", "the section's id (its name in blocks)"),
    "EditorSection.heading": ("절 제목", "the section's heading"),
    "EditorSection.paragraphs": ("문단들 (자료를 근거로 하면 cites)", "its paragraphs (with cites where they rest on sources)"),
    "Selection.tags": ("이 태그 가운데 하나라도 있는 자료", "sources with any of these tags"),
    "Selection.from": ("이 날짜 이후에 발행된 자료 (\"YYYY-MM\" 등)", "published from this date on (\"YYYY-MM\" etc.)"),
    "Selection.until": ("이 날짜까지 발행된 자료", "published up to this date"),
}  # fmt: skip


def described(model: str, field: str) -> str:
    """The field's help as one line: Korean, then English."""
    korean, english = FIELD_HELP[f"{model}.{field}"]
    return f"{korean} — {english}"
