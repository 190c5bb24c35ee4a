"""Make the example house templates of ``examples/house-theme`` (a fictional institute's).

An institution normally makes its template from a report it already has (see the README,
"Your own Word and 한글 templates"); this script makes ours from scratch, so the example is
reproducible and ours to ship. It uses only python-docx's and python-hwpx's public APIs:

* ``house.docx``: A4 with 25 mm margins, the institute's header line and a centred ``- N -``
  page number, Word's built-in 제목 1/제목 2 (Heading 1/2) in the house green, and a house
  style ``본문 요약`` (the summary) with a left rule;
* ``house.hwpx``: the same page, header and page number, 개요 1/개요 2 in the house green (not
  numbered, as this house wants) and a ``본문 요약`` style with a left rule.

Run: ``.venv/bin/python examples/make_house_templates.py``.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "house-theme"
INSTITUTE = "한빛정책연구원"
HEADER = f"{INSTITUTE} | 정책 브리프"
GREEN = "0B5345"


def make_docx() -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(25))
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "맑은 고딕"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "맑은 고딕")
    normal.font.size = Pt(10.5)
    for name, size in (("Heading 1", 14), ("Heading 2", 11.5)):
        heading = styles[name]
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = False
        heading.font.color.rgb = RGBColor.from_string(GREEN)
        heading.font.name = "맑은 고딕"
        heading.element.rPr.rFonts.set(qn("w:eastAsia"), "맑은 고딕")
    summary = styles.add_style("본문 요약", WD_STYLE_TYPE.PARAGRAPH)
    summary.base_style = normal
    summary.paragraph_format.left_indent = Mm(4)
    summary.paragraph_format.space_after = Pt(6)
    borders = OxmlElement("w:pBdr")  # a left rule in the house green
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", GREEN)):
        left.set(qn(key), value)
    borders.append(left)
    summary.element.get_or_add_pPr().append(borders)
    header = section.header.paragraphs[0]
    header.text = HEADER
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("- ")
    run = footer.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.text = text
            run._r.append(instr)
    footer.add_run(" -")
    document.add_paragraph("이 문서는 briefgen 예시 양식입니다. 본문은 빌드할 때 지워집니다.")
    buffer = io.BytesIO()
    document.core_properties.author = INSTITUTE
    document.save(buffer)
    return _stable(buffer.getvalue())


def make_hwpx() -> bytes:
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    unit = 7200 / 25.4
    document.set_page_size(width=round(210 * unit), height=round(297 * unit))
    document.set_page_margins(
        left=round(25 * unit), right=round(25 * unit), top=round(15 * unit),
        bottom=round(15 * unit), header=round(10 * unit), footer=round(10 * unit),
    )  # fmt: skip
    document.set_header_text(HEADER)
    document.set_page_number(format="page", align="CENTER", prefix="- ", suffix=" -")
    header = document.parts.headers[0]

    def green(size_pt: float) -> Callable[[Any], None]:
        def modify(element: Any) -> None:
            element.set("height", str(round(size_pt * 100)))
            element.set("textColor", f"#{GREEN}")
            if element.find("{*}bold") is None:
                element.find("{*}offset").addnext(
                    element.makeelement(element.tag.replace("charPr", "bold"), {})
                )

        return modify

    for name, size in (("개요 1", 14), ("개요 2", 11.5)):
        char = header.ensure_char_property(base_char_pr_id="0", modifier=green(size)).get("id")
        for style in header.element.iter("{*}style"):
            if style.get("name") == name:
                style.set("charPrIDRef", char)
                # this house numbers no headings (Hancom's 개요 styles number by default)
                style.set("paraPrIDRef", header.ensure_paragraph_format(
                    base_para_pr_id=style.get("paraPrIDRef"), heading={"type": "NONE"},
                    margins={"left": 0, "prev": round(5 * unit), "next": round(2 * unit)},
                ))  # fmt: skip
    rule = document.ensure_border_fill(
        border_color=f"#{GREEN}", border_width="1.0 mm", active_borders=["left"]
    )
    para = header.ensure_paragraph_format(
        base_para_pr_id="0",
        margins={"left": round(4 * unit), "next": round(2 * unit)},
        border={"borderFillIDRef": rule, "offsetLeft": round(3 * unit), "connect": "1"},
    )
    header.ensure_style("본문 요약", style_type="PARA", eng_name="House Summary",
                        para_pr_id_ref=para, char_pr_id_ref="0", lang_id=1042)  # fmt: skip
    header.mark_dirty()
    document.add_paragraph("이 문서는 briefgen 예시 양식입니다. 본문은 빌드할 때 지워집니다.")
    return _stable(document.to_bytes())


def _stable(data: bytes) -> bytes:
    """Every entry dated 2026-01-01: the same script makes the same bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename != "mimetype"):
            entry = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            entry.compress_type = (
                zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            )
            target.writestr(entry, source.read(info))
    return output.getvalue()


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        (HERE / "house.docx").write_bytes(make_docx())
        from briefgen.writers.owpml import stable_ids  # python-hwpx's random ids, made stable

        with stable_ids("house-template"):
            (HERE / "house.hwpx").write_bytes(make_hwpx())
    print(f"wrote {HERE / 'house.docx'} and {HERE / 'house.hwpx'}")


if __name__ == "__main__":
    main()
