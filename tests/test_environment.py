"""Fonts, doctor and the no-tofu rule, checked against the real fontconfig of this machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.fonts import resolve_hangul_font

from .conftest import SEEDS, run_cli


def it_picks_noto_sans_cjk_kr_by_default(theme) -> None:
    font = resolve_hangul_font(theme.fonts.body)
    assert font.family == "Noto Sans CJK KR"
    assert Path(font.file).name.startswith("NotoSansCJK")


def it_falls_back_along_the_chain_when_a_font_is_missing() -> None:
    font = resolve_hangul_font(["No Such Font KR", "NanumGothic"])
    assert (font.family, font.requested) == ("NanumGothic", "NanumGothic")


@pytest.mark.expected_logs
def it_does_not_count_a_substituted_font_as_installed(caplog) -> None:
    # fontconfig answers every query with *some* font; a Latin font is not a Hangul font.
    font = resolve_hangul_font(["DejaVu Sans"])
    assert font.requested == "sans-serif"
    assert not font.from_theme
    (record,) = caplog.records
    assert "none of the theme's fonts (DejaVu Sans) is installed" in record.getMessage()


def it_reports_the_setup_in_doctor() -> None:
    result = run_cli("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HarfBuzz subsetting   active" in result.stdout
    assert "PDF Hangul font       Noto Sans CJK KR (/" in result.stdout
    assert "DOCX East Asian font  맑은 고딕" in result.stdout
    assert "Pango" in result.stdout
    assert "WeasyPrint" in result.stdout


@pytest.fixture
def no_korean_fonts(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig sees only Latin fonts (or none)."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for latin in Path("/usr/share/fonts/truetype/dejavu").glob("DejaVuSans.ttf"):
        (fonts / latin.name).write_bytes(latin.read_bytes())
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?><fontconfig><dir>{fonts}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def it_fails_doctor_with_a_fix_when_no_font_covers_hangul(no_korean_fonts) -> None:
    result = run_cli("doctor", env=no_korean_fonts)
    assert result.returncode == 1
    assert "FAIL  PDF Hangul font" in result.stdout
    assert "fix: sudo apt-get install fonts-noto-cjk" in result.stdout


def it_refuses_to_render_tofu(no_korean_fonts, tmp_path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "build",
        "kr-us-tariff-tech-alliance",
        "--seeds",
        str(SEEDS),
        "--out",
        str(out),
        "--format",
        "pdf",
        env=no_korean_fonts,
    )
    assert result.returncode == 1
    assert "no installed font can set Hangul" in result.stderr
    assert "fonts-noto-cjk" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not [p for p in out.iterdir() if p.suffix == ".pdf"]
    assert not (out / "manifest.json").exists()


def it_raises_font_not_found_from_the_library(no_korean_fonts) -> None:
    code = (
        "import briefgen, sys\n"
        "try:\n    briefgen.fonts.resolve_hangul_font(['Noto Sans CJK KR'])\n"
        "except briefgen.FontNotFoundError as e:\n    print('raised:', e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import briefgen.fonts\n" + code],
        capture_output=True,
        text=True,
        env=no_korean_fonts,
        check=True,
    )
    assert result.stdout.startswith("raised: no installed font can set Hangul")
