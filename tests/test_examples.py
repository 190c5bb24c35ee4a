"""The example scripts run as users would run them and produce real briefs."""

from __future__ import annotations

import subprocess
import sys

import docx

from .conftest import ROOT


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
        docx.Document(str(docx_path)).paragraphs[1].text == "미국 AI 풀스택 수출 전략과 한국의 대응"
    )
