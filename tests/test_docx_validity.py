"""Every DOCX as an independent validator sees it: openxml-audit (PyPI, pure Python) checks each
part of the package — document, styles, settings, numbering, footnotes, chart parts — against
the Open XML schemas and Word's semantic rules, the checks Word's "unreadable content" comes
from. Run on every example and the large seed set; a planted fault proves it looks at charts.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openxml_audit import OpenXmlValidator

import briefgen

from .bigseeds import BRIEF_ID, write_big_seeds
from .conftest import SEEDS

EXAMPLES = sorted(p.stem for p in (SEEDS / "briefs").glob("*.toml"))


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator()


def problems(validator: OpenXmlValidator, data: bytes, folder) -> list[str]:
    path = folder / "brief.docx"
    path.write_bytes(data)
    result = validator.validate(path)
    return [f"{e.part_uri}: {e.description}" for e in result.errors]


@pytest.fixture(scope="module")
def big_brief(tmp_path_factory):
    seeds = briefgen.load_seeds(write_big_seeds(tmp_path_factory.mktemp("big")))
    return briefgen.assemble(seeds.briefs[BRIEF_ID], seeds.sources)


@pytest.mark.slow
@pytest.mark.parametrize("brief_id", [*EXAMPLES, BRIEF_ID])
def it_writes_docx_files_the_validator_accepts(
    validator, briefs, big_brief, theme, brief_id, tmp_path
) -> None:
    brief = big_brief if brief_id == BRIEF_ID else briefs[brief_id]
    found = problems(validator, briefgen.render(brief, "docx", theme), tmp_path)
    assert not found, "\n".join(found[:10])


def it_finds_a_negative_axis_id_in_a_chart_part(validator, briefs, theme, tmp_path) -> None:
    """python-pptx's negative axis ids, planted back: the check reads the chart parts."""
    data = briefgen.render(briefs["kr-us-tariff-tech-alliance"], "docx", theme)
    planted = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(planted, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/charts/chart1.xml":
                body = body.replace(b'<c:axId val="500000001"/>', b'<c:axId val="-2068027336"/>')
            target.writestr(info, body)
    found = problems(validator, planted.getvalue(), tmp_path)
    assert any("chart1.xml" in problem and "-2068027336" in problem for problem in found), found


def _with_chart_part(carrier: bytes, chart: bytes) -> bytes:
    """``carrier`` (a DOCX with a chart) with its first chart part replaced by ``chart``."""
    spliced = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(carrier)) as source, zipfile.ZipFile(spliced, "w") as target:
        for info in source.infolist():
            body = chart if info.filename == "word/charts/chart1.xml" else source.read(info)
            target.writestr(info, body)
    return spliced.getvalue()


@pytest.mark.slow
def it_writes_hwpx_chart_parts_the_validator_accepts(validator, briefs, theme, tmp_path) -> None:
    """An HWPX chart part is DrawingML chartML, the same schema as a DOCX's chart part: each one
    of every example is put in a DOCX's place and checked by the same validator (a package
    validator needs a package; the part's own content is what it reads)."""
    carrier = briefgen.render(briefs["kr-us-tariff-tech-alliance"], "docx", theme)
    checked = 0
    for brief_id in EXAMPLES:
        with zipfile.ZipFile(io.BytesIO(briefgen.render(briefs[brief_id], "hwpx", theme))) as hwpx:
            for name in sorted(n for n in hwpx.namelist() if n.startswith("Chart/")):
                part = hwpx.read(name)
                found = problems(validator, _with_chart_part(carrier, part), tmp_path)
                assert not found, f"{brief_id} {name}:\n" + "\n".join(found[:10])
                checked += 1
    assert checked >= 5
    planted = part.replace(b'<c:axId val="500000001"/>', b'<c:axId val="-2068027336"/>')
    assert planted != part
    found = problems(validator, _with_chart_part(carrier, planted), tmp_path)
    assert any("-2068027336" in problem for problem in found), "the splice is read"


def it_accepts_value_labels_with_their_own_number_formats(validator, theme, tmp_path) -> None:
    """Values with other decimals than most (``0.0796`` beside ``500``) get a ``c:dLbl`` of
    their own: placed and filled in schema order, for every kind that labels values."""
    from briefgen.models import BriefSpec

    from .conftest import minimal_source

    charts = [
        {
            "id": kind.replace("_", "-"),
            "kind": kind,
            "title": "소수 자릿수",
            "unit": "%",
            "categories": ["가", "나", "다"],
            "series": [
                {"name": "첫째", "values": [500, 0.0796, 2]},
                {"name": "둘째", "values": [3, 12.5, 0.0000001]},
            ],
        }
        for kind in ("bar", "horizontal_bar", "line")
    ]
    spec = BriefSpec(id="d", title="자릿수", date="2026-01-01", sources=("s",))
    brief = briefgen.assemble(spec, {"s": minimal_source(charts=charts)})
    data = briefgen.render(brief, "docx", theme)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(b"<c:dLbl>" in archive.read(f"word/charts/chart{n}.xml") for n in (1, 2, 3))
    found = problems(validator, data, tmp_path)
    assert not found, "\n".join(found[:10])
