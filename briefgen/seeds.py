"""Load and validate the curated seed data, reporting every problem at once.

Layout of a seed folder (TOML, UTF-8; see ``seeds/FORMAT.md``)::

    seeds/
      sources/<id>.toml   one curated Source per file
      briefs/<id>.toml    one BriefSpec per file

:func:`load_seeds` reads every file, validates each against the models, then checks what spans
files (unique ids, citations that resolve, selections that select something). It never stops
at the first problem: it collects them all, each with file, line where known, field path and a
plain-language message, and raises one :class:`~briefgen.errors.SeedError` carrying the list.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.errors import Problem, SeedError
from briefgen.models import BriefSpec, CitedItem, Event, Figure, Quote, Selection, Source
from briefgen.tomlpos import field_lines, locate

logger = logging.getLogger(__name__)

SOURCES_DIR = "sources"
BRIEFS_DIR = "briefs"
MAX_FILE_BYTES = 2 * 1024 * 1024
"""Seed files are hand-written text; anything larger is a mistake (a pasted dump, a binary)."""

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")
R = TypeVar("R", Source, BriefSpec)

_KNOWN_FIELDS = sorted(
    {
        name
        for model in (Source, BriefSpec, Selection, CitedItem, Figure, Event, Quote)
        for name in model.model_fields
    }
    | {"from"}
)


@dataclass(frozen=True)
class SeedSet:
    """Validated seed data: sources and brief definitions by id, and the file of each."""

    sources: Mapping[str, Source]
    briefs: Mapping[str, BriefSpec]
    files: Mapping[tuple[str, str], Path] = field(default_factory=dict)

    def source_file(self, source_id: str) -> Path | None:
        """The file a source was read from, if it came from a file."""
        return self.files.get(("source", source_id))

    def brief_file(self, brief_id: str) -> Path | None:
        """The file a brief definition was read from, if it came from a file."""
        return self.files.get(("brief", brief_id))


def load_seeds(folder: Path | str) -> SeedSet:
    """Read and validate every seed file under ``folder``; raise SeedError listing all problems."""
    folder = Path(folder)
    problems: list[Problem] = []
    if not folder.is_dir():
        raise SeedError([Problem(file=str(folder), message="seed folder not found")])
    # Ids of files that failed validation still count as existing, so a reference to them
    # does not add a second, misleading problem.
    invalid_ids: set[str] = set()
    sources = _load_kind(folder, SOURCES_DIR, Source, problems, invalid_ids)
    briefs = _load_kind(folder, BRIEFS_DIR, BriefSpec, problems, set())
    if not sources and not any(p.file.startswith(str(folder / SOURCES_DIR)) for p in problems):
        problems.append(
            Problem(file=str(folder / SOURCES_DIR), message="no source files (*.toml) found")
        )
    source_map = _unique(sources, "source", problems)
    brief_map = _unique(briefs, "brief", problems)
    known = set(source_map) | invalid_ids
    for loaded in sources:
        _check_source_citations(loaded, known, problems)
    for loaded in briefs:
        _check_brief_references(loaded, known, source_map, problems)
    if problems:
        raise SeedError(problems)
    files = {("source", s.model.id): s.path for s in sources}
    files |= {("brief", b.model.id): b.path for b in briefs}
    logger.debug("loaded %d sources and %d briefs from %s", len(source_map), len(brief_map), folder)
    return SeedSet(
        sources={k: v.model for k, v in source_map.items()},
        briefs={k: v.model for k, v in brief_map.items()},
        files=files,
    )


# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Loaded(Generic[T]):
    model: T
    path: Path
    text: str

    @cached_property
    def lines(self) -> dict[tuple[str | int, ...], int]:
        """Field path → line, computed only when a problem needs locating."""
        return field_lines(self.text)

    def problem(self, loc: Sequence[str | int], message: str, hint: str = "") -> Problem:
        return Problem(
            file=str(self.path),
            line=locate(self.lines, loc),
            field=format_path(loc),
            message=message,
            hint=hint,
        )


def _load_kind(
    folder: Path, subdir: str, model: type[M], problems: list[Problem], invalid_ids: set[str]
) -> list[_Loaded[M]]:
    loaded = []
    for path in sorted((folder / subdir).glob("*.toml")):
        result = _load_file(path, model, problems, invalid_ids)
        if result is not None:
            loaded.append(result)
    return loaded


def _load_file(
    path: Path, model: type[M], problems: list[Problem], invalid_ids: set[str]
) -> _Loaded[M] | None:
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file=file, message=f"cannot read the file: {exc.strerror or exc}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                file=file,
                message=f"the file is {len(raw) / 1_048_576:.1f} MB; seed files are limited to "
                f"{MAX_FILE_BYTES // 1_048_576} MB",
                hint="a seed file holds curated notes, not a document dump",
            )
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                file=file,
                line=line,
                message=f"not UTF-8 text (byte 0x{raw[exc.start]:02X})",
                hint="save the file with UTF-8 encoding",
            )
        )
        return None
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(_toml_problem(file, exc))
        return None
    except RecursionError:
        problems.append(Problem(file=file, message="data is nested too deeply to be a seed file"))
        return None
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        if isinstance(data.get("id"), str):
            invalid_ids.add(data["id"])
        holder = _Loaded(model=None, path=path, text=text)
        problems.extend(_validation_problems(holder, exc))
        return None
    except RecursionError:
        problems.append(Problem(file=file, message="data is nested too deeply to be a seed file"))
        return None
    return _Loaded(model=instance, path=path, text=text)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def _toml_problem(file: str, exc: tomllib.TOMLDecodeError) -> Problem:
    message = str(exc)
    line = None
    position = _TOML_POSITION.search(message)
    if position:
        line = int(position.group(1))
        message = message[: position.start()]
    message = _TOML_END.sub("", message)
    return Problem(
        file=file,
        line=line,
        message=f"not valid TOML: {message[:1].lower()}{message[1:]}",
        hint='check quotes, brackets and "key = value" on that line',
    )


def format_path(loc: Sequence[str | int]) -> str:
    """Write a field path the way curators read it: ``key_points[2].cites``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _validation_problems(holder: _Loaded[Any], exc: ValidationError) -> Iterable[Problem]:
    for error in exc.errors(include_url=False):
        loc = [p for p in error["loc"] if p not in ("function-after[clean_text(), str]",)]
        message, hint = _plain_message(error, loc)
        yield holder.problem(loc, message, hint)


def _plain_message(error: Any, loc: list[Any]) -> tuple[str, str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing", ""
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        close = difflib.get_close_matches(name, _KNOWN_FIELDS, n=1, cutoff=0.6)
        return "unknown field", f"did you mean '{close[0]}'?" if close else "remove it"
    if kind in {"string_type", "str_type"}:
        return f"must be text, not {_type_name(error.get('input'))}", ""
    if kind == "string_too_short":
        return "must not be empty", ""
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)", ""
    if kind == "string_pattern_mismatch":
        return (
            "is not a valid id",
            "use lower-case letters, digits and hyphens, e.g. kr-us-mou",
        )
    if kind == "too_short":
        if isinstance(error.get("input"), str):
            return "must not be empty", ""
        return f"needs at least {ctx.get('min_length')} items, has {ctx.get('actual_length')}", ""
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} items, has {ctx.get('actual_length')}", ""
    if kind in {"tuple_type", "list_type"}:
        return f"must be a list [...], not {_type_name(error.get('input'))}", ""
    if kind == "model_type":
        return f"must be a table, not {_type_name(error.get('input'))}", ""
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), ""
    if kind.startswith("decimal") or kind in {"float_parsing", "int_parsing"}:
        return "must be a number without units or separators, e.g. 350000000000", ""
    message = error["msg"]
    return message[:1].lower() + message[1:], ""


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _unique(loaded: list[_Loaded[R]], what: str, problems: list[Problem]) -> dict[str, _Loaded[R]]:
    by_id: dict[str, _Loaded[R]] = {}
    for item in loaded:
        first = by_id.get(item.model.id)
        if first is not None:
            problems.append(
                item.problem(
                    ("id",),
                    f"duplicate {what} id '{item.model.id}'",
                    f"already used in {first.path}",
                )
            )
            continue
        by_id[item.model.id] = item
    return by_id


def _unknown_source(
    item: _Loaded[Any], loc: tuple[str | int, ...], source_id: str, known: set[str]
) -> Problem:
    close = difflib.get_close_matches(source_id, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else "no source file defines this id"
    return item.problem(loc, f"unknown source '{source_id}'", hint)


def _check_source_citations(
    item: _Loaded[Source], known: set[str], problems: list[Problem]
) -> None:
    source = item.model
    for name in ("key_points", "implications", "figures", "events", "quotes"):
        for index, entry in enumerate(getattr(source, name)):
            for source_id in entry.cites:
                if source_id not in known:
                    problems.append(_unknown_source(item, (name, index, "cites"), source_id, known))


def _check_brief_references(
    item: _Loaded[BriefSpec],
    known: set[str],
    sources: Mapping[str, _Loaded[Source]],
    problems: list[Problem],
) -> None:
    spec = item.model
    for index, source_id in enumerate(spec.sources):
        if source_id not in known:
            problems.append(_unknown_source(item, ("sources", index), source_id, known))
    for index, entry in enumerate(spec.implications):
        for source_id in entry.cites:
            if source_id not in known:
                problems.append(
                    _unknown_source(item, ("implications", index, "cites"), source_id, known)
                )
    if spec.select is not None and not any(spec.select.matches(s.model) for s in sources.values()):
        tags = sorted({t for s in sources.values() for t in s.model.tags})
        problems.append(
            item.problem(
                ("select",),
                "selects no source",
                f"tags in use: {', '.join(tags)}" if tags else "no source has tags",
            )
        )
