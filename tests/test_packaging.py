"""The wheel is complete: installed into a clean virtual environment, it renders from elsewhere."""

from __future__ import annotations

import os
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


def _clean_environment(home: Path) -> dict[str, str]:
    """What a new user's shell has: no PYTHONPATH, no virtual environment of ours on PATH, no
    PYTHON* settings; only the machine's package-index settings (PIP_*, proxies) carry over."""
    ours = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p != ours)
    kept = {
        name: value
        for name, value in os.environ.items()
        if name.startswith("PIP_") or name.lower() in ("http_proxy", "https_proxy", "no_proxy")
    }
    return kept | {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8"}


def it_renders_a_brief_from_a_clean_venv_outside_the_repository(wheel, tmp_path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    clean = _clean_environment(tmp_path)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        env=clean,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    location = subprocess.run(
        [str(python), "-c", "import briefgen.resources as r; print(r.templates_dir())"],
        cwd=elsewhere,
        env=clean,
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
        env=clean,
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
