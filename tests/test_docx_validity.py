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
