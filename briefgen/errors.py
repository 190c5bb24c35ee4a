"""The one exception tree of briefgen.

Every error briefgen raises on purpose derives from :class:`BriefgenError`; errors from the
libraries we build on (tomllib, pydantic, Jinja2, WeasyPrint, python-docx, the OS) are wrapped
where they enter, with ``raise ... from``, so callers need to catch only this tree::

    BriefgenError
    ├── SeedError           seed files are unreadable or invalid (carries every Problem at once)
    ├── BriefNotFoundError  a brief id that no seed file defines
    ├── ThemeError          the theme definition or a theme file is missing, invalid or unsafe
    ├── OptionError         an argument is invalid (unknown format, bad name pattern); also a
    │                       ValueError, as such arguments were reported before
    ├── EnvironmentProblem  the machine cannot render correctly (no Pango, no Hangul font)
    │   └── FontNotFoundError
    ├── RenderError         a writer failed on valid input (a bug, a broken template, a render
    │                       over its time or memory limit)
    └── DeliveryError       an output could not be written (read-only or full folder, a file
                            in the way that briefgen did not write)

Messages are plain language for the people who write seeds and run builds; the command line
prints them without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class BriefgenError(Exception):
    """Base class of every error briefgen raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the seed data, located as precisely as the format allows."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return f"{text} ({self.hint})" if self.hint else text


class SeedError(BriefgenError):
    """Seed data could not be loaded; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the seed data:\n{lines}")


class BriefNotFoundError(BriefgenError):
    """A brief id was asked for that no seed file defines."""


class ThemeError(BriefgenError):
    """The theme definition or one of its files is missing, invalid or outside the theme."""


class TemplateError(ThemeError):
    """A house Word or 한글 template cannot be used: not that kind of file, macros, a link to an
    outside file, or a mapped style it does not have."""


class OptionError(BriefgenError, ValueError):
    """An argument given to briefgen is invalid: an unknown format, a bad file-name pattern."""


class EnvironmentProblem(BriefgenError):
    """This machine lacks something needed to render briefs correctly."""


class FontNotFoundError(EnvironmentProblem):
    """No installed font can set Hangul, so a PDF would show empty boxes (tofu)."""


class RenderError(BriefgenError):
    """A writer failed while rendering a valid brief."""


class DeliveryError(BriefgenError):
    """An output could not be written (read-only or full folder, missing permission, or a file
    in the way that briefgen did not write and will not overwrite)."""
