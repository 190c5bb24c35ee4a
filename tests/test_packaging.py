"""The wheel is complete: installed into a clean virtual environment, it renders from elsewhere."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
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
    assert "briefgen/_data/FORMAT.md" in names
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
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ],
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
    stem = "2025-10-29_한미-협상타결-기술동맹"
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
    assert "한미 협상 타결과 기술 동맹" in text


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_top_level(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"briefgen", "__future__"}


def it_declares_every_package_it_imports() -> None:
    """A package imported only because another one happens to require it today breaks on
    the day that one stops (fontTools, lxml, markupsafe and cycler were undeclared)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _canonical(re.match(r"[A-Za-z0-9._-]+", requirement).group())
        for requirement in project["dependencies"]
    }
    owners = importlib.metadata.packages_distributions()
    imported = _imported_top_level(ROOT / "briefgen")
    assert imported >= {"weasyprint", "docx", "fontTools", "lxml", "markupsafe", "cycler"}
    undeclared = {
        module: owners.get(module)
        for module in imported
        if not {_canonical(d) for d in owners.get(module, [module])} & declared
    }
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


_LOADED_BY_WRITER = """
import importlib.metadata, json, sys
import briefgen
from briefgen.writers import get_format
seeds = briefgen.load_seeds(sys.argv[1])
brief = briefgen.get_brief(seeds, "us-fullstack-export-korea")  # charts, footnotes, logo
theme = briefgen.load_theme()
before = set(sys.modules)
briefgen.render(brief, sys.argv[2], theme)
owners = importlib.metadata.packages_distributions()
loaded = {name.split(".")[0] for name in set(sys.modules) - before}
print(json.dumps(sorted({d for name in loaded for d in owners.get(name, [])})))
"""


_NOT_OUTPUT = {"briefgen", "platformdirs", "filelock"}
"""Loaded while rendering but never a byte of the output: where the font cache lives, its lock."""


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "hwpx"])
def it_keys_each_format_on_every_package_its_writer_loads(fmt) -> None:
    """An output is rendered again when any package its writer runs changes version (HWPX's
    charts come from python-pptx, which its key left out)."""
    from briefgen.writers import get_format

    result = subprocess.run(
        [sys.executable, "-c", _LOADED_BY_WRITER, str(SEEDS), fmt],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    loaded = {_canonical(name) for name in json.loads(result.stdout)} - _NOT_OUTPUT
    keyed = {entry.split(" ")[0] for entry in get_format(fmt).package_versions()}
    assert loaded, "the render loaded nothing: the check would prove nothing"
    assert loaded <= keyed, f"loaded by the {fmt} writer but not in its key: {loaded - keyed}"


def it_reads_versions_and_requirements_as_importlib_metadata_does() -> None:
    """The cache key's quick METADATA reader agrees with the standard library on every
    installed distribution."""
    from briefgen.writers import _installed

    installed = _installed()
    assert len(installed) > 30
    for dist in importlib.metadata.distributions():
        info = installed[_canonical(dist.metadata["Name"])]
        if info.version != dist.version:  # a second copy further down the path
            continue
        assert set(info.requires) == set(dist.requires or ()), dist.metadata["Name"]
    for name in ("weasyprint", "python-docx", "matplotlib"):
        assert installed[name].version == importlib.metadata.version(name)


@pytest.mark.parametrize("name", ["README.md", "seeds/FORMAT.md"])
def it_keeps_every_heading_of_the_docs_outside_code_blocks(name: str) -> None:
    """An unclosed or stray fence swallows the text after it (FORMAT.md once hid "A brief"):
    every ``## …`` line is a heading to a Markdown parser, none is inside a code block."""
    from markdown_it import MarkdownIt

    text = (ROOT / name).read_text(encoding="utf-8")
    tokens = MarkdownIt().parse(text)
    headings = {
        t.map[0] + 1 for t in tokens if t.type == "heading_open" and t.map and t.tag != "h1"
    }
    written = {n for n, line in enumerate(text.splitlines(), 1) if re.match(r"#{2,6} \S", line)}
    assert written == headings
    assert not [t.map for t in tokens if t.type == "fence" and re.search(r"^## ", t.content, re.M)]
