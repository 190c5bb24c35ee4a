"""The example scripts run as users would run them and produce real briefs."""

from __future__ import annotations

import subprocess
import sys

import docx

from .conftest import ROOT
from .docxtext import all_paragraphs


def it_builds_one_brief_with_the_public_api(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "build_one_brief.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pdf, docx_path = (
        tmp_path / "us-fullstack-export-korea.pdf",
        tmp_path / "us-fullstack-export-korea.docx",
    )
    assert result.stdout.split() == [str(pdf), str(docx_path)]
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert (
        all_paragraphs(docx.Document(str(docx_path)))[1].text
        == "미국 AI 풀스택 수출 전략과 한국의 대응"
    )


def it_builds_a_custom_brief_assembled_in_code(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "custom_brief.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    stem = "2026-02-10_반도체-협력-동향"
    assert result.stdout.split() == [
        str(tmp_path / f"{stem}.{ext}") for ext in ("pdf", "docx", "html")
    ]
    document = docx.Document(str(tmp_path / f"{stem}.docx"))
    texts = [p.text for p in all_paragraphs(document)]
    assert texts[1] == "반도체 협력 동향"
    assert (
        "메모리 강점을 AI 공급망 협상에 활용할 전략이 필요하다.[1]" not in texts
    )  # editor's: no cite
    assert "메모리 강점을 AI 공급망 협상에 활용할 전략이 필요하다." in texts
