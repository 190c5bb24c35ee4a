"""The theme: one definition of the house style shared by the PDF, HTML and DOCX writers.

A theme is a folder holding ``theme.toml`` (organisation, fonts, sizes, colours, date style and
section labels), ``brief.css`` (the print layout) and any assets the CSS refers to. The default
theme is the package's ``styles/`` folder. Writers read every font, colour, size and label from a
:class:`Theme`; none is written into code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from briefgen.errors import ThemeError
from briefgen.resources import styles_dir

THEME_FILE = "theme.toml"
STYLESHEET = "brief.css"


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


FontName = Annotated[str, StringConstraints(min_length=1, pattern=r'^[^"\\<>{};]+$')]


class Fonts(_Section):
    """Font families: a fallback chain for PDF/HTML and the names written into DOCX."""

    body: tuple[FontName, ...] = Field(min_length=1)
    docx_east_asia: FontName = "맑은 고딕"
    docx_latin: FontName = "맑은 고딕"


class Sizes(_Section):
    """Type sizes in points and the line height as a multiple of the font size."""

    body_pt: float = Field(10.5, gt=4, lt=40)
    small_pt: float = Field(8.5, gt=4, lt=40)
    title_pt: float = Field(20, gt=4, lt=80)
    heading_pt: float = Field(13, gt=4, lt=60)
    line_height: float = Field(1.6, ge=1.0, le=3.0)


Colour = str


class Colours(_Section):
    """Colours as CSS hex strings (#rrggbb)."""

    text: Colour = Field("#1f2328", pattern=r"^#[0-9a-fA-F]{6}$")
    muted: Colour = Field("#5b6470", pattern=r"^#[0-9a-fA-F]{6}$")
    accent: Colour = Field("#1d4e89", pattern=r"^#[0-9a-fA-F]{6}$")
    accent_soft: Colour = Field("#eef3fa", pattern=r"^#[0-9a-fA-F]{6}$")
    highlight: Colour = Field("#a04a12", pattern=r"^#[0-9a-fA-F]{6}$")
    highlight_soft: Colour = Field("#fdf4ec", pattern=r"^#[0-9a-fA-F]{6}$")
    rule: Colour = Field("#c9d1dc", pattern=r"^#[0-9a-fA-F]{6}$")


class Dates(_Section):
    """How dates are written: ``short`` is 2025. 10. 29., ``long`` is 2025년 10월 29일."""

    style: Literal["short", "long"] = "short"


class Labels(_Section):
    """Section headings, table column headings and fixed words, in Korean by default."""

    summary: str = "요약"
    key_points: str = "핵심 내용"
    implications: str = "한국에 대한 시사점"
    timeline: str = "주요 일지"
    figures: str = "주요 수치"
    quotes: str = "주요 발언"
    sources: str = "출처"
    column_date: str = "날짜"
    column_event: str = "내용"
    column_source: str = "출처"
    column_item: str = "항목"
    column_value: str = "수치"
    column_note: str = "비고"
    undated: str = "날짜 미상"


class Theme(BaseModel):
    """A loaded theme; ``folder`` is where its CSS and assets live."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    folder: Path
    organisation: str = Field(min_length=1)
    fonts: Fonts
    sizes: Sizes = Sizes()
    colours: Colours = Colours()
    dates: Dates = Dates()
    labels: Labels = Labels()

    @property
    def stylesheet(self) -> Path:
        """The print stylesheet of this theme."""
        return self.folder / STYLESHEET

    def css_variables(self) -> str:
        """The theme's settings as CSS custom properties, for ``brief.css`` to use."""
        families = ", ".join(f'"{name}"' for name in self.fonts.body)
        values = {
            "font-body": f"{families}, sans-serif",
            "size-body": f"{self.sizes.body_pt}pt",
            "size-small": f"{self.sizes.small_pt}pt",
            "size-title": f"{self.sizes.title_pt}pt",
            "size-heading": f"{self.sizes.heading_pt}pt",
            "line-height": str(self.sizes.line_height),
        }
        values |= {f"colour-{k.replace('_', '-')}": v for k, v in self.colours}
        body = "".join(f"  --{name}: {value};\n" for name, value in values.items())
        return f":root {{\n{body}}}\n"


def load_theme(folder: Path | str | None = None) -> Theme:
    """Load the theme in ``folder`` (the packaged default theme when None)."""
    folder = Path(folder) if folder is not None else styles_dir()
    path = folder / THEME_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ThemeError(f"cannot read theme file {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: not valid TOML: {exc}") from exc
    try:
        theme = Theme.model_validate({**data, "folder": folder.resolve()})
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ThemeError(f"{path}: {details}") from exc
    if not theme.stylesheet.is_file():
        raise ThemeError(f"theme folder {folder} has no {STYLESHEET}")
    return theme
