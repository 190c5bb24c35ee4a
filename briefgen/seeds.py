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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from briefgen.errors import Problem, SeedError
from briefgen.files import UnreadableFile, read_limited
from briefgen.models import (
    MAX_SOURCES_PER_BRIEF,
    Author,
    BriefSpec,
    CitedItem,
    EditorSection,
    Event,
    Figure,
    Quote,
    Selection,
    Source,
)
from briefgen.problems import format_path, parse_toml, validation_problems
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
        for model in (
            Source,
            BriefSpec,
            Selection,
            CitedItem,
            Figure,
            Event,
            Quote,
            Author,
            EditorSection,
        )
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
    for source in sources:
        _check_source_citations(source, known, problems)
    for brief in briefs:
        _check_brief_references(brief, known, source_map, problems)
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

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """The line of field ``loc``, or of its nearest enclosing field."""
        return locate(self.lines, loc)

    def problem(self, loc: Sequence[str | int], message: str, hint: str = "") -> Problem:
        return Problem(
            file=str(self.path),
            line=self.line_of(loc),
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
    """Read and validate one file; on any problem record it and return None.

    A file that cannot be read or parsed still counts as defining the id its name gives
    (``<id>.toml``), so briefs citing it get no second, misleading "unknown source" problem.
    """
    count = len(problems)
    loaded = _read_and_validate(path, model, problems, invalid_ids)
    if loaded is None and len(problems) > count:
        invalid_ids.add(path.stem)
    return loaded


def _read_and_validate(
    path: Path, model: type[M], problems: list[Problem], invalid_ids: set[str]
) -> _Loaded[M] | None:
    file = str(path)
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        if exc.size is None:
            problems.append(Problem(file=file, message=exc.reason))
        else:
            problems.append(
                Problem(
                    file=file,
                    message=f"the file is {exc.size / 1_048_576:.1f} MB; seed files are limited "
                    f"to {MAX_FILE_BYTES // 1_048_576} MB",
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
    data = parse_toml(file, text)
    if isinstance(data, Problem):
        problems.append(data)
        return None
    try:
        instance = model.model_validate(data)
    except ValidationError as exc:
        if isinstance(data.get("id"), str):
            invalid_ids.add(data["id"])
        holder = _Loaded(model=None, path=path, text=text)
        problems.extend(validation_problems(file, exc, holder.line_of, _KNOWN_FIELDS, data))
        return None
    except RecursionError:
        problems.append(Problem(file=file, message="data is nested too deeply to be a seed file"))
        return None
    return _Loaded(model=instance, path=path, text=text)


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
    for name, entries in item.model:  # every list of cited items, whatever its block kind
        if not isinstance(entries, tuple):
            continue
        for index, entry in enumerate(entries):
            for source_id in getattr(entry, "cites", ()):
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
    cited: list[tuple[tuple[str | int, ...], CitedItem]] = [
        (("implications", index), entry) for index, entry in enumerate(spec.implications)
    ]
    cited += [(("key_messages", index), entry) for index, entry in enumerate(spec.key_messages)]
    cited += [
        (("sections", number, "paragraphs", index), paragraph)
        for number, section in enumerate(spec.sections)
        for index, paragraph in enumerate(section.paragraphs)
    ]
    for loc, entry in cited:
        for source_id in entry.cites:
            if source_id not in known:
                problems.append(_unknown_source(item, (*loc, "cites"), source_id, known))
    if spec.select is None:
        return
    selected = {s.model.id for s in sources.values() if spec.select.matches(s.model)}
    if not selected:
        tags = sorted({t for s in sources.values() for t in s.model.tags})
        problems.append(
            item.problem(
                ("select",),
                "selects no source",
                f"tags in use: {', '.join(tags)}" if tags else "no source has tags",
            )
        )
    elif len(selected | set(spec.sources)) > MAX_SOURCES_PER_BRIEF:
        problems.append(
            item.problem(
                ("select",),
                f"brings the brief to {len(selected | set(spec.sources))} sources; a brief "
                f"holds at most {MAX_SOURCES_PER_BRIEF}",
                "narrow the selection with more tags, from or until",
            )
        )
