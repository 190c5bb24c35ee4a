"""The wheel is complete: installed into a clean virtual environment, it renders from elsewhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (path,) = dist.glob("briefgen-*.whl")
    return path


def it_ships_templates_styles_and_type_information(wheel) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "briefgen/py.typed" in names
    assert "briefgen/_data/templates/brief.html.j2" in names
    assert "briefgen/_data/templates/blocks/key_points.html.j2" in names
    assert "briefgen/_data/styles/brief.css" in names
    assert "briefgen/_data/styles/theme.toml" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "briefgen = briefgen.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def it_renders_a_brief_from_a_clean_venv_outside_the_repository(wheel, tmp_path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    location = subprocess.run(
        [str(python), "-c", "import briefgen.resources as r; print(r.templates_dir())"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert location.startswith(str(env_dir)), location
    result = subprocess.run(
        [
            str(env_dir / "bin" / "briefgen"),
            "build",
            "kr-us-tariff-tech-alliance",
            "--seeds",
            str(SEEDS),
            "--out",
            "out",
            "--format",
            "pdf,docx,html",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = elsewhere / "out"
    stem = "2025-10-29_한미-관세협상-기술동맹"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        f"{stem}.docx",
        f"{stem}.html",
        f"{stem}.pdf",
        "manifest.json",
    ]
    text = subprocess.run(
        ["pdftotext", str(out / f"{stem}.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "한미 관세 협상 타결과 기술 동맹" in text
