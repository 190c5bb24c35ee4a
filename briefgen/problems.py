"""Turning what the parsers and pydantic report into plain-language :class:`Problem` records.

Seed files and the theme's ``theme.toml`` are both TOML validated by pydantic models; this
module is the one place that words their problems for the people who write them: file, line
(found by :mod:`briefgen.tomlpos`), field path as curators read it (``key_points[2].cites``),
a message without pydantic's jargon, and a hint where one helps.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from briefgen.errors import Problem

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")

LineFinder = Callable[[Sequence[str | int]], int | None]


def parse_toml(file: str, text: str) -> dict[str, Any] | Problem:
    """The data of a TOML document, or the one Problem that stops it from being read."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return toml_problem(file, exc)
    except RecursionError:
        return Problem(file=file, message="data is nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Problem(file=file, message=f"not valid TOML: {exc}".split(";")[0])


def toml_problem(file: str, exc: tomllib.TOMLDecodeError) -> Problem:
    """A TOML syntax error with its line."""
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


def validation_problems(
    file: str,
    exc: ValidationError,
    line_of: LineFinder,
    known_fields: Sequence[str] = (),
    data: Any = None,
) -> Iterable[Problem]:
    """One Problem per error pydantic found, located and worded plainly.

    Two of pydantic's reports are not what a curator wrote: a list whose item failed is also
    reported as too short (the failed item is not counted), and an item written as a plain
    string is located at its ``.text``. The first is dropped, the second located at the item
    (``data``, the parsed document, tells which items were plain strings).
    """
    errors = exc.errors(include_url=False)
    locations = [tuple(p for p in e["loc"] if not _is_validator_label(p)) for e in errors]
    for error, loc in zip(errors, locations, strict=True):
        if error["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in locations
        ):
            continue  # "needs at least 3 items, has 2" because one of the 3 is wrong
        if loc and loc[-1] == "text" and isinstance(_at(data, loc[:-1]), str):
            loc = loc[:-1]
        message, hint = plain_message(error, list(loc), known_fields)
        yield Problem(
            file=file, line=line_of(loc), field=format_path(loc), message=message, hint=hint
        )


def _at(data: Any, loc: Sequence[str | int]) -> Any:
    """The value at ``loc`` in parsed TOML data, or None."""
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_validator_label(part: str | int) -> bool:
    # pydantic puts the validator of an Annotated type into the location, e.g.
    # "function-after[clean_text(), str]": not a field a curator wrote.
    return isinstance(part, str) and part.startswith("function-")


def plain_message(error: Any, loc: list[Any], known_fields: Sequence[str] = ()) -> tuple[str, str]:
    """A pydantic error as (message, hint) in plain words."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required field is missing", ""
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        if name in known_fields and len(loc) > 1:
            # The TOML table trap: a key written below a [table] header belongs to the table.
            header = f"[[{loc[0]}]]" if isinstance(loc[1], int) else f"[{loc[0]}]"
            return "unknown field", (
                f"keys below a {header} header belong to it: move '{name}' above the first {header}"
            )
        others = [field for field in known_fields if field != name]
        close = difflib.get_close_matches(name, others, n=1, cutoff=0.6)
        return "unknown field", f"did you mean '{close[0]}'?" if close else "remove it"
    if kind in {"string_type", "str_type"}:
        return f"must be text, not {_type_name(error.get('input'))}", ""
    if kind == "string_too_short":
        return "must not be empty", ""
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length'):,} characters)", ""
    if kind == "string_pattern_mismatch":
        return (
            "is not a valid id",
            "use lower-case letters, digits and hyphens, e.g. kr-us-mou",
        )
    if kind == "too_short":
        if isinstance(error.get("input"), str):
            return "must not be empty", ""
        return f"needs at least {ctx.get('min_length')} items, has {ctx.get('actual_length')}", ""
    if kind == "too_long" and isinstance(error.get("input"), str):
        return (
            f"is too long: {ctx.get('actual_length'):,} characters, at most "
            f"{ctx.get('max_length'):,}",
            "",
        )
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} items, has {ctx.get('actual_length')}", ""
    if kind in {"tuple_type", "list_type"}:
        return f"must be a list [...], not {_type_name(error.get('input'))}", ""
    if kind == "model_type":
        return f"must be a table, not {_type_name(error.get('input'))}", ""
    if kind == "value_error":
        return str(ctx.get("error", error["msg"])), ""
    if kind == "finite_number":
        return "must be a finite number (not nan or inf)", ""
    if kind in _BOUNDS:
        key, wording = _BOUNDS[kind]
        return f"{wording} {ctx.get(key)} (it is {error.get('input')!r})", ""
    if kind.startswith("decimal") or kind in {"float_parsing", "int_parsing", "float_type"}:
        return "must be a number without units or separators, e.g. 350000000000", ""
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}", ""
    message = error["msg"]
    return message[:1].lower() + message[1:], ""


_BOUNDS = {
    "greater_than": ("gt", "must be more than"),
    "greater_than_equal": ("ge", "must be at least"),
    "less_than": ("lt", "must be less than"),
    "less_than_equal": ("le", "must be at most"),
}


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text"}
    names |= {list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)
