"""Real processes the tests drive: the preview server from the command line, LibreOffice
converting DOCX files to PDF."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def start_preview(
    seeds: Path, *, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    """``python -m briefgen serve`` on a free port, and the address it says it serves."""
    process = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "serve", "--seeds", str(seeds), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = process.stdout.readline() if process.stdout else ""
    assert line.startswith("previewing "), line
    return process, line.split(" at ", 1)[1].split()[0]


def libreoffice_pdfs(documents: Sequence[Path], folder: Path) -> Path:
    """Convert ``documents`` to PDF with LibreOffice (one run, a private profile) into
    ``folder``; each PDF is named after its document."""
    subprocess.run(
        ["soffice", "--headless", "--norestore",
         f"-env:UserInstallation={(folder / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(folder), *map(str, documents)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return folder
