"""The theme: one definition of the house style shared by the PDF, HTML and DOCX writers.

A theme is a folder holding ``theme.toml`` (organisation, fonts, sizes, colours, date style,
section labels, the style book, house templates, and the publication settings: series and
number format, ISSN, logo, colophon, licence, when a brief gets a contents list, how it cites),
optionally ``brief.css`` (the print layout's structure; the default theme's when absent) and
any assets the CSS, the logo or the templates settings refer to. The default
theme is the package's ``styles/`` folder. Writers read every font, colour, size and label from a
:class:`Theme`; none is written into code.

A theme may come from anyone, so every file briefgen reads from it — ``theme.toml``, the
stylesheet, images and fonts — goes through :meth:`Theme.read_file`: the path must resolve
inside the theme folder (a symbolic link out of it is refused), be a regular file (never a
FIFO or device) and stay under a size limit; only the file types in :data:`ASSET_SUFFIXES` are
theme files at all. Text that reaches documents (organisation, labels, font names) is checked
like seed text, and every problem is reported with file, line and field.
"""

from __future__ import annotations

import os
import re
import string
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from briefgen import formatting
from briefgen.errors import Problem, ThemeError
from briefgen.files import UnreadableFile, read_limited
from briefgen.models import CitationStyle, Issn, Url
from briefgen.resources import styles_dir
from briefgen.stylebook import Border, RoleStyle, Styles, with_default_styles

THEME_FILE = "theme.toml"
STYLESHEET = "brief.css"
ASSET_SUFFIXES = frozenset(
    {".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".otf", ".ttf", ".woff", ".woff2"}
)
"""The kinds of file a theme's stylesheet may use."""
TEMPLATE_SUFFIXES = frozenset({".docx", ".dotx", ".hwpx"})
"""The house templates' file types (``[templates]``), read only by the DOCX and HWPX writers;
no other file of the folder is ever read."""
MAX_THEME_FILE_BYTES = 10 * 1024 * 1024
MAX_THEME_FILES = 200


def _theme_text(value: str) -> str:
    """Theme text that reaches documents: NFC, one line, no invisible or non-characters."""
    value = unicodedata.normalize("NFC", value).strip()
    for char in value:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") or (category == "Cn" and char != " "):
            raise ValueError(
                f"contains U+{ord(char):04X}, which cannot be shown (a line break or an "
                f"invisible character); delete it"
            )
    return value


ThemeText = Annotated[
    str, AfterValidator(_theme_text), StringConstraints(min_length=1, max_length=200)
]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


FontName = Annotated[
    str,
    AfterValidator(_theme_text),
    StringConstraints(min_length=1, max_length=100, pattern=r'^[^"\\<>{};]+$'),
]


class Fonts(_Section):
    """Font families: a fallback chain for PDF/HTML and the names written into DOCX."""

    body: tuple[FontName, ...] = Field(min_length=1, max_length=20)
    docx_east_asia: FontName = "맑은 고딕"
    docx_latin: FontName = "맑은 고딕"
    hwpx_hangul: FontName = "함초롬돋움"
    hwpx_latin: FontName = "함초롬돋움"


class Sizes(_Section):
    """Type sizes in points and the line height as a multiple of the font size."""

    body_pt: float = Field(10.5, gt=4, lt=40)
    small_pt: float = Field(8.5, gt=4, lt=40)
    title_pt: float = Field(20, gt=4, lt=80)
    heading_pt: float = Field(13, gt=4, lt=60)
    line_height: float = Field(1.6, ge=1.0, le=3.0)
    heading_line_height: float = Field(1.35, ge=1.0, le=3.0)
    """Line height of the title and headings, a multiple of their size."""


Colour = str


Millimetres = Annotated[float, Field(gt=0, lt=200)]


A4_MM = (210.0, 297.0)
"""The page every format lays out (width, height)."""
MIN_TEXT_MM = (80.0, 120.0)
"""The smallest text block the margins may leave (width, height)."""


class Page(_Section):
    """The A4 page's margins in millimetres, for the PDF and the DOCX alike."""

    margin_top_mm: Millimetres = 22
    margin_bottom_mm: Millimetres = 20
    margin_left_mm: Millimetres = 20
    margin_right_mm: Millimetres = 20

    @model_validator(mode="after")
    def _room_for_text(self) -> Page:
        """Margins that leave a text block of at least :data:`MIN_TEXT_MM` on A4 (wider
        margins made WeasyPrint lay a brief out on 1,722 pages of nothing)."""
        width = A4_MM[0] - self.margin_left_mm - self.margin_right_mm
        height = A4_MM[1] - self.margin_top_mm - self.margin_bottom_mm
        if width < MIN_TEXT_MM[0] or height < MIN_TEXT_MM[1]:
            raise ValueError(
                f"the margins leave a text block of {width:g} × {height:g} mm on the "
                f"210 × 297 mm page; it needs at least {MIN_TEXT_MM[0]:g} × {MIN_TEXT_MM[1]:g} mm"
            )
        return self


class Docx(_Section):
    """Fixed table column widths in millimetres for Word and Hancom Office, one field per table
    block kind (``<kind>_columns_mm``), summing to the text width. Left out (the default),
    they are sized from each table's content: dates, values and markers never wrap, the text
    columns share the rest (a PDF sizes its columns from the content by itself)."""

    timeline_columns_mm: tuple[Millimetres, ...] | None = None
    figures_columns_mm: tuple[Millimetres, ...] | None = None

    def columns_mm(self, kind: str) -> tuple[float, ...] | None:
        """The column widths for tables of block ``kind``, if the theme gives them."""
        widths: tuple[float, ...] | None = getattr(self, f"{kind}_columns_mm", None)
        return widths


class Colours(_Section):
    """Colours as CSS hex strings (#rrggbb)."""

    text: Colour = Field("#1f2328", pattern=r"^#[0-9a-fA-F]{6}$")
    muted: Colour = Field("#5b6470", pattern=r"^#[0-9a-fA-F]{6}$")
    accent: Colour = Field("#1d4e89", pattern=r"^#[0-9a-fA-F]{6}$")
    accent_soft: Colour = Field("#eef3fa", pattern=r"^#[0-9a-fA-F]{6}$")
    highlight: Colour = Field("#a04a12", pattern=r"^#[0-9a-fA-F]{6}$")
    highlight_soft: Colour = Field("#fdf4ec", pattern=r"^#[0-9a-fA-F]{6}$")
    rule: Colour = Field("#c9d1dc", pattern=r"^#[0-9a-fA-F]{6}$")


_DATE_FIELDS = {"day": "yMd", "month": "yM", "year": "y"}
"""The pattern letters each precision must use (``E``, the weekday, is also allowed for a day;
``L`` is ``M`` standing alone)."""


def _date_pattern(precision: str) -> AfterValidator:
    def check(value: str) -> str:
        letters = set(re.sub(r"'[^']*'", "", value)) & set(string.ascii_letters)
        fields = {"M" if letter == "L" else letter for letter in letters}
        needed = set(_DATE_FIELDS[precision])
        allowed = needed | ({"E"} if precision == "day" else set())
        if fields - allowed or needed - fields:
            raise ValueError(
                f"a {precision} is written with the pattern letters "
                f"{', '.join(sorted(needed))} only (y year, M month, d day; text in 'quotes'), "
                f'e.g. "{getattr(formatting.SHORT_DATES, precision)}"'
            )
        return value

    return AfterValidator(check)


class DatePatterns(_Section):
    """How a date of each precision is written in one style: LDML date patterns (``y`` year,
    ``M`` month, ``MMMM`` its name, ``d`` day, ``E`` weekday; other text as it stands, ASCII
    letters in 'quotes')."""

    day: Annotated[ThemeText, _date_pattern("day")]
    month: Annotated[ThemeText, _date_pattern("month")]
    year: Annotated[ThemeText, _date_pattern("year")]

    def patterns(self) -> formatting.DatePatterns:
        return formatting.DatePatterns(self.day, self.month, self.year)


class Dates(_Section):
    """How dates are written: the style used (``short`` 2025. 10. 29., ``long`` 2025년 10월
    29일) and each style's pattern per precision. The patterns are a rule of Korean writing
    (한글 맞춤법 부록), held here rather than taken from CLDR, whose data changes between
    releases."""

    style: formatting.DateStyle = "short"
    short: DatePatterns = DatePatterns(**formatting.SHORT_DATES._asdict())
    long: DatePatterns = DatePatterns(**formatting.LONG_DATES._asdict())

    def patterns(self) -> formatting.DatePatterns:
        """The patterns of the chosen style."""
        return (self.short if self.style == "short" else self.long).patterns()


def _number_format(value: str) -> str:
    if value.count("{number}") != 1 or value.replace("{number}", "").count("{") + value.replace(
        "{number}", ""
    ).count("}"):
        raise ValueError('must hold {number} once and no other braces, e.g. "제{number}호"')
    return value


class Series(_Section):
    """The series a brief appears in: its name, how an issue number is written, its ISSN.
    A brief may name another series or ISSN; the number is always the brief's own."""

    name: ThemeText | None = None
    number_format: Annotated[ThemeText, AfterValidator(_number_format)] = "제{number}호"
    issn: Issn | None = None

    def issue(self, number: str) -> str:
        """``2026-03`` → ``제2026-03호``"""
        return self.number_format.replace("{number}", number)


ThemePath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=r"^[^\\:*?\"<>|\x00-\x1f]+$"),
]
"""A file of the theme, by its path relative to the theme folder (forward slashes)."""

_LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
_BITMAP_SUFFIXES = (".png", ".jpg", ".jpeg")


def _logo_file(value: str) -> str:
    if not value.lower().endswith(_LOGO_SUFFIXES):
        raise ValueError("a logo is an .svg, .png or .jpg file of the theme folder")
    return value


def _bitmap_file(value: str) -> str:
    if not value.lower().endswith(_BITMAP_SUFFIXES):
        raise ValueError("Word and Hancom Office need a bitmap: a .png or .jpg file")
    return value


class Logo(_Section):
    """The organisation's logo in the masthead. ``file`` (SVG or PNG/JPEG) is drawn in PDF and
    HTML; DOCX needs a bitmap: ``bitmap``, or ``file`` itself when that is a PNG/JPEG."""

    file: Annotated[ThemePath, AfterValidator(_logo_file)]
    bitmap: Annotated[ThemePath, AfterValidator(_bitmap_file)] | None = None
    height_mm: float = Field(9, gt=2, lt=40)

    @property
    def docx_file(self) -> str | None:
        """The image for Word documents, if the theme has one."""
        if self.bitmap is not None:
            return self.bitmap
        return self.file if self.file.lower().endswith(_BITMAP_SUFFIXES) else None


def _docx_template(value: str) -> str:
    if not value.lower().endswith((".docx", ".dotx")):
        raise ValueError("a house Word template is a .docx or .dotx file of the theme folder")
    return value


def _hwpx_template(value: str) -> str:
    if not value.lower().endswith(".hwpx"):
        raise ValueError("a house 한글 template is an .hwpx file of the theme folder")
    return value


class LocaleSettings(_Section):
    """``[locale]``: the language briefs are written in (:mod:`briefgen.locales`); the date
    patterns and labels of ``[dates]`` and ``[labels]`` are its own."""

    language: Literal["ko-KR"] = "ko-KR"


class Templates(_Section):
    """The institution's own Word and 한글 templates (:mod:`briefgen.housestyle`): their page
    setup, header and footer, fonts and named styles; ``[styles.<role>] docx_style`` /
    ``hwpx_style`` map a role to one of their styles."""

    docx: Annotated[ThemePath, AfterValidator(_docx_template)] | None = None
    hwpx: Annotated[ThemePath, AfterValidator(_hwpx_template)] | None = None


class Colophon(_Section):
    """The lines printed at the end of every brief: address, website and contact."""

    address: ThemeText | None = None
    website: Url | None = None
    """A web address (http or https): linked where the format has links."""
    contact: ThemeText | None = None


KOGL_TYPES = {
    1: "출처표시",
    2: "출처표시 + 상업적 이용금지",
    3: "출처표시 + 변경금지",
    4: "출처표시 + 상업적 이용금지 + 변경금지",
}
"""The four types of 공공누리 (KOGL), worded as kogl.or.kr words them."""


class Licence(_Section):
    """The licence line: a KOGL 공공누리 type (1–4), or a licence text of the theme's own."""

    kogl: Literal[1, 2, 3, 4] | None = None
    text: ThemeText | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Licence:
        if (self.kogl is None) == (self.text is None):
            raise ValueError('give either kogl = 1 … 4 or text = "…", not both or neither')
        return self

    @property
    def line(self) -> str:
        """The sentence printed in the colophon."""
        if self.text is not None:
            return self.text
        assert self.kogl is not None
        return (
            f"이 저작물은 공공누리 제{self.kogl}유형({KOGL_TYPES[self.kogl]}) 조건에 따라 "
            f"이용할 수 있습니다."
        )


HexColour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class Charts(_Section):
    """Charts: the series colours in order, and the size of the plot in millimetres (the
    same in the PDF and in Word)."""

    palette: tuple[HexColour, ...] = Field(
        ("#1d4e89", "#a04a12", "#6b9bd1", "#d9a066", "#5b6470", "#9cb8d9"),
        min_length=1,
        max_length=12,
    )
    width_mm: float = Field(160, gt=20, le=200)
    height_mm: float = Field(62, gt=20, le=250)


class Text(_Section):
    """Running text (summary, key points, implications, key messages, analyst sections, quotes):
    aligned left, or justified with no word gap wider than ``max_word_gap`` em (a line that
    would need more keeps the rest at its end; ``KOREAN_TYPOGRAPHY.md`` R7). Word and Hancom
    Office justify by their own rules, without that ceiling."""

    align: Literal["left", "justify"] = "left"
    max_word_gap: float = Field(0.5, ge=0.3, le=2.0)


class Contents(_Section):
    """When a brief that does not say gets a contents list: when it runs past this many pages."""

    longer_than_pages: int = Field(4, ge=1, le=500)


class Labels(_Section):
    """Section headings, table column headings and fixed words, in Korean by default."""

    key_messages: ThemeText = "핵심 메시지"
    contents: ThemeText = "목차"
    summary: ThemeText = "요약"
    charts: ThemeText = "주요 그림"
    key_points: ThemeText = "핵심 내용"
    implications: ThemeText = "한국에 대한 시사점"
    timeline: ThemeText = "주요 일지"
    figures: ThemeText = "주요 수치"
    quotes: ThemeText = "주요 발언"
    sources: ThemeText = "출처"
    column_date: ThemeText = "날짜"
    column_event: ThemeText = "내용"
    column_source: ThemeText = "출처"
    column_item: ThemeText = "항목"
    column_value: ThemeText = "수치"
    column_note: ThemeText = "비고"
    undated: ThemeText = "날짜 미상"
    figure: ThemeText = "그림"
    chart_unit: ThemeText = "단위"
    chart_note: ThemeText = "주"
    chart_source: ThemeText = "자료"
    accessed: ThemeText = "검색일"
    ibid: ThemeText = "위의 글"
    op_cit: ThemeText = "앞의 글"


class Theme(BaseModel):
    """A loaded theme; ``folder`` is where its CSS and assets live."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    folder: Path
    organisation: ThemeText
    citations: CitationStyle = "markers"
    citation_markers: Literal["separate", "merged"] = "separate"
    """Several sources after one sentence: ``[1][3]`` (separate) or ``[1, 3]`` (merged)."""
    fonts: Fonts
    sizes: Sizes = Sizes()
    page: Page = Page()
    docx: Docx = Docx()
    colours: Colours = Colours()
    dates: Dates = Dates()
    labels: Labels = Labels()
    series: Series = Series()
    logo: Logo | None = None
    colophon: Colophon = Colophon()
    licence: Licence | None = None
    contents: Contents = Contents()
    charts: Charts = Charts()
    text: Text = Text()
    templates: Templates = Templates()
    locale: LocaleSettings = LocaleSettings()
    styles: Styles
    """The style book (:mod:`briefgen.stylebook`): the default theme's, with this theme's
    ``[styles]`` laid over it."""

    @model_validator(mode="before")
    @classmethod
    def _complete_styles(cls, data: object) -> object:
        if isinstance(data, dict):
            return {**data, "styles": with_default_styles(data.get("styles"))}
        return data

    @property
    def stylesheet(self) -> Path:
        """The print stylesheet of this theme: its own ``brief.css``, or the default theme's
        when the folder has none (the look is the style book's; ``brief.css`` holds only
        structure, so most themes need no copy of it)."""
        own = self.folder / STYLESHEET
        return own if os.path.lexists(own) else styles_dir() / STYLESHEET

    def read_file(self, name: str | Path) -> bytes:
        """The bytes of a file of this theme, by its path relative to (or inside) the folder.

        Raises :class:`ThemeError` unless the path resolves inside the theme folder, names a
        regular file of a theme file type (or ``theme.toml``) and is at most
        :data:`MAX_THEME_FILE_BYTES` large.
        """
        return _read_theme_file(self.folder, Path(name))

    def read_template(self, name: str | Path) -> bytes:
        """The bytes of a house template of this theme (:data:`TEMPLATE_SUFFIXES`), checked
        like every theme file."""
        return _read_theme_file(self.folder, Path(name), suffixes=TEMPLATE_SUFFIXES)

    def read_stylesheet(self) -> str:
        """The print stylesheet's text."""
        try:
            if self.stylesheet.parent != self.folder:
                return _read_theme_file(self.stylesheet.parent, Path(STYLESHEET)).decode("utf-8")
            return self.read_file(STYLESHEET).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ThemeError(f"{self.stylesheet}: not UTF-8 text") from exc

    def css_variables(self, *, first_families: tuple[str, ...] = ()) -> str:
        """The theme's settings as CSS custom properties, for ``brief.css`` to use;
        ``first_families`` go before the theme's font chain (the PDF's compact fonts)."""
        families = ", ".join(f'"{name}"' for name in (*first_families, *self.fonts.body))
        values = {
            "font-body": f"{families}, sans-serif",
            "size-body": f"{self.sizes.body_pt}pt",
            "size-small": f"{self.sizes.small_pt}pt",
            "size-title": f"{self.sizes.title_pt}pt",
            "size-heading": f"{self.sizes.heading_pt}pt",
            "line-height": str(self.sizes.line_height),
            "line-height-heading": str(self.sizes.heading_line_height),
            "text-align": self.text.align,
        }
        values |= {f"colour-{k.replace('_', '-')}": v for k, v in self.colours}
        if self.text.align == "justify":
            # read by briefgen.writers.justify while WeasyPrint sets each justified line
            values["briefgen-max-word-gap"] = f"{self.text.max_word_gap:g}"
        if self.logo is not None:
            values["logo-height"] = f"{self.logo.height_mm:g}mm"
        body = "".join(f"  --{name}: {value};\n" for name, value in values.items())
        page = self.page
        margins = (
            f"{page.margin_top_mm:g}mm {page.margin_right_mm:g}mm "
            f"{page.margin_bottom_mm:g}mm {page.margin_left_mm:g}mm"
        )
        # Custom properties do not reach @page (it is not an element): the margins are a rule.
        return f":root {{\n{body}}}\n@page {{ margin: {margins}; }}\n"


def load_theme(folder: Path | str | None = None) -> Theme:
    """Load the theme in ``folder`` (the packaged default theme when None).

    Raises :class:`ThemeError` listing every problem of ``theme.toml`` with line and field.
    """
    from briefgen.problems import parse_toml, validation_problems
    from briefgen.tomlpos import field_lines, locate

    folder = Path(folder) if folder is not None else styles_dir()
    if not folder.is_dir():
        raise ThemeError(f"theme folder {folder} not found")
    path = folder / THEME_FILE
    try:
        text = _read_theme_file(folder.resolve(), Path(THEME_FILE)).decode("utf-8")
    except UnicodeDecodeError:
        raise ThemeError(f"{path}: not UTF-8 text (save the file with UTF-8 encoding)") from None
    data = parse_toml(str(path), text.removeprefix("\ufeff"))
    if isinstance(data, Problem):
        raise ThemeError(str(data))
    if "folder" in data:
        raise ThemeError(f"{path}: folder: unknown field (remove it)")
    try:
        theme = Theme.model_validate({**data, "folder": folder.resolve()})
    except ValidationError as exc:
        lines = field_lines(text)
        sections = (Theme, Fonts, Sizes, Page, Docx, Colours, Dates, Labels, Series, Logo,
                    Colophon, Licence, Contents, Charts, Text, Templates, LocaleSettings,
                    Styles, RoleStyle, Border)  # fmt: skip
        known = sorted({name for section in sections for name in section.model_fields})
        problems = list(validation_problems(str(path), exc, lambda loc: locate(lines, loc), known))
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise ThemeError(f"{len(problems)} problem(s) in the theme:\n{listing}") from None
    from briefgen.stylebook import unknown_names

    lines = field_lines(text)
    colour_problems = [
        f"{path}:{locate(lines, loc)}: {'.'.join(loc)}: {message}"
        for loc, message in unknown_names(theme)
    ]
    if colour_problems:
        listing = "\n".join(f"  {problem}" for problem in colour_problems)
        raise ThemeError(f"{len(colour_problems)} problem(s) in the theme:\n{listing}")
    from briefgen.themecss import check_stylesheet

    check_stylesheet(theme)  # present, inside the folder, UTF-8, URLs to theme files only
    if theme.logo is not None:
        _check_logo(theme, theme.logo, lines_of=text)
    from briefgen.housestyle import check_templates

    check_templates(theme, lines)  # real DOCX/HWPX packages, no macros, mapped styles there
    return theme


def _check_logo(theme: Theme, logo: Logo, *, lines_of: str) -> None:
    """The logo files exist in the theme folder and are images of the type their name says."""
    from briefgen.tomlpos import field_lines, locate

    lines = field_lines(lines_of)
    for field_name in ("file", "bitmap"):
        name = getattr(logo, field_name)
        if name is None:
            continue
        where = f"{theme.folder / THEME_FILE}:{locate(lines, ('logo', field_name))}"
        try:
            data = theme.read_file(name)
        except ThemeError as exc:
            raise ThemeError(f"{where}: logo.{field_name}: {exc}") from None
        if not _looks_like(name, data):
            raise ThemeError(
                f"{where}: logo.{field_name}: {name} is not a {Path(name).suffix[1:].upper()} image"
            )
        suffix = Path(name).suffix.lower().lstrip(".")
        if suffix in ("png", "jpg", "jpeg"):
            from briefgen.images import ImageProblem, bitmap_size

            try:
                bitmap_size(data, suffix)
            except ImageProblem as exc:
                raise ThemeError(f"{where}: logo.{field_name}: {name}: {exc}") from None


def _looks_like(name: str, data: bytes) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096]


def theme_files(theme: Theme) -> Iterator[tuple[str, bytes]]:
    """Every file of the theme (``theme.toml``, files of :data:`ASSET_SUFFIXES` and the
    templates ``[templates]`` names), sorted.

    Hidden files and folders are skipped, and so is anything else: an output folder inside
    the theme folder does not make its outputs part of the theme.
    """
    root = theme.folder
    templates = [
        Path(os.path.normpath(name)).as_posix()
        for name in (theme.templates.docx, theme.templates.hwpx)
        if name
    ]
    names = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in files:
            relative = (Path(folder) / name).relative_to(root)
            if not name.startswith(".") and (
                relative.suffix.lower() in ASSET_SUFFIXES
                or relative.as_posix() in (THEME_FILE, *templates)
            ):
                names.append(relative)
        if len(names) > MAX_THEME_FILES:
            raise ThemeError(
                f"theme folder {root} holds more than {MAX_THEME_FILES} theme files; "
                f"keep only what the theme uses"
            )
    for relative in sorted(names):
        yield (
            relative.as_posix(),
            _read_theme_file(root, relative, suffixes=ASSET_SUFFIXES | TEMPLATE_SUFFIXES),
        )


def _read_theme_file(
    root: Path, relative: Path, *, suffixes: frozenset[str] = ASSET_SUFFIXES
) -> bytes:
    root = root.resolve()
    path = relative if relative.is_absolute() else root / relative
    shown = path
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ThemeError(f"theme file {shown} not found") from None
    if not resolved.is_relative_to(root):
        raise ThemeError(
            f"theme file {shown} leads outside the theme folder (to {resolved}); a theme may "
            f"only use its own files"
        )
    inside = resolved.relative_to(root)
    if inside.suffix.lower() not in suffixes and inside.as_posix() != THEME_FILE:
        raise ThemeError(
            f"theme file {shown}: a theme may only use {', '.join(sorted(suffixes))} "
            f"files and {THEME_FILE}"
        )
    try:
        return read_limited(resolved, MAX_THEME_FILE_BYTES)
    except UnreadableFile as exc:
        raise ThemeError(f"theme file {shown}: {exc.reason}") from None
