"""``briefgen doctor``: can this machine render Korean briefs correctly, and if not, how to fix it.

Checks, in order: WeasyPrint and Pango load; HarfBuzz and its subsetting library (without it
WeasyPrint subsets CJK fonts with fontTools: seconds instead of a fraction of a second per
brief); the font that will set Hangul in PDFs; the East Asian font DOCX files name. A check is
``ok``, a ``warning`` (briefs render, but slower or with a fallback) or an ``error`` (briefs would
come out wrong: then the command exits non-zero).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
from dataclasses import dataclass
from typing import Literal

from briefgen.errors import EnvironmentProblem, FontNotFoundError
from briefgen.fonts import (
    install_hint,
    is_installed,
    platform_fix,
    resolve_hangul_font,
    subsetting_active,
    subsetting_hint,
    weasyprint_bindings,
)
from briefgen.theme import Theme

Status = Literal["ok", "warning", "error"]


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the report."""

    name: str
    status: Status
    detail: str
    fix: str = ""


def run_checks(theme: Theme) -> list[Check]:
    """Run every check against ``theme`` and return the report."""
    from briefgen import __version__

    checks = [
        Check("Python", "ok", platform.python_version()),
        Check("briefgen", "ok", __version__),
    ]
    try:
        import weasyprint

        bindings = weasyprint_bindings()
    except (OSError, ImportError, EnvironmentProblem) as exc:
        fix = platform_fix(
            debian="sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
            macos="brew install pango",
            windows="install Pango through MSYS2 (see WeasyPrint's installation guide)",
        )
        checks.append(Check("WeasyPrint / Pango", "error", f"cannot load: {exc}", fix))
        return checks
    checks.append(Check("WeasyPrint", "ok", weasyprint.__version__))
    pango = bindings.pango.pango_version()
    checks.append(Check("Pango", "ok", f"{pango // 10000}.{pango // 100 % 100}.{pango % 100}"))
    checks.append(Check("HarfBuzz", "ok", _harfbuzz_version()))
    if subsetting_active():
        checks.append(Check("HarfBuzz subsetting", "ok", "active (fonts are subset by HarfBuzz)"))
    else:
        fix = subsetting_hint()
        checks.append(
            Check(
                "HarfBuzz subsetting",
                "warning",
                "missing: WeasyPrint falls back to fontTools, about 10 s per brief with a CJK font",
                fix,
            )
        )
    try:
        font = resolve_hangul_font(theme.fonts.body)
    except FontNotFoundError as exc:
        checks.append(
            Check("PDF Hangul font", "error", str(exc).split(". Fix:")[0], install_hint())
        )
    else:
        status: Status = "ok" if font.from_theme else "warning"
        fix = "" if font.from_theme else install_hint()
        checks.append(Check("PDF Hangul font", status, f"{font.family} ({font.file})", fix))
    checks.append(_docx_font_check(theme))
    checks.append(_hwpx_check(theme))
    checks.extend(_template_checks(theme))
    return checks


def _hwpx_check(theme: Theme) -> Check:
    """HWPX support: python-hwpx importable, and the Hangul face written into HWPX files."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("python-hwpx")
    except PackageNotFoundError:
        return Check("HWPX (python-hwpx)", "error", "not installed", "pip install python-hwpx")
    face = theme.fonts.hwpx_hangul
    here = "installed here" if is_installed(face) else "Hancom Office installs it"
    return Check("HWPX (python-hwpx)", "ok", f"{found}; Hangul face {face} ({here})")


def _template_checks(theme: Theme) -> list[Check]:
    """The theme's house templates (checked when the theme loaded) and what they map."""
    from briefgen.housestyle import mapped

    found = []
    for fmt, label in (("docx", "DOCX template"), ("hwpx", "HWPX template")):
        name = getattr(theme.templates, fmt)
        if name is not None:
            roles = mapped(theme, fmt)
            listed = ", ".join(f"{role} → {style}" for role, style in roles.items()) or "none"
            found.append(Check(label, "ok", f"{name}; roles in its styles: {listed}"))
    return found


def _docx_font_check(theme: Theme) -> Check:
    name = theme.fonts.docx_east_asia
    here = (
        "installed here"
        if is_installed(name)
        else ("not installed here; Word on Windows has it, LibreOffice substitutes a similar font")
    )
    return Check("DOCX East Asian font", "ok", f"{name} ({here})")


def _harfbuzz_version() -> str:
    name = ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0"
    try:
        library = ctypes.CDLL(name)
        library.hb_version_string.restype = ctypes.c_char_p
        return str(library.hb_version_string().decode())
    except (OSError, AttributeError):
        return "loaded (version unknown)"


def format_report(checks: list[Check]) -> str:
    """The report as aligned text lines, fixes indented under their check."""
    width = max(len(c.name) for c in checks)
    marks = {"ok": "ok  ", "warning": "WARN", "error": "FAIL"}
    lines = []
    for check in checks:
        lines.append(f"{marks[check.status]}  {check.name:<{width}}  {check.detail}")
        if check.fix:
            lines.append(f"      {'':<{width}}  fix: {check.fix}")
    return "\n".join(lines)


def healthy(checks: list[Check]) -> bool:
    """False when any check failed: briefs would not render correctly."""
    return all(c.status != "error" for c in checks)
