"""Find the line of a field in TOML text, so seed errors can say where to look.

``tomllib`` returns plain data without positions. This module re-reads the text with a small
scanner that understands what seed files use — ``[table]`` and ``[[array.of.tables]]`` headers,
``key = value`` lines, inline and multi-line arrays and strings — and maps each field path (as
pydantic reports it, e.g. ``("key_points", 2, "cites")``) to the line where it starts. It only
locates; it never decides validity, and an unknown path simply has no line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*=\s*')


def field_lines(text: str) -> dict[Path, int]:
    """Map every field path found in ``text`` to its 1-based line number."""
    lines = text.splitlines()
    positions: dict[Path, int] = {}
    table: Path = ()
    array_counts: dict[Path, int] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        header = _HEADER.match(line)
        if header:
            name = tuple(_unquote(part) for part in header.group(2).split("."))
            if header.group(1) == "[[":
                count = array_counts.get(name, 0)
                array_counts[name] = count + 1
                table = (*name, count)
            else:
                table = name
            positions.setdefault(table, index + 1)
            index += 1
            continue
        key = _KEY.match(line)
        if key:
            path = (*table, _unquote(key.group(1)))
            positions.setdefault(path, index + 1)
            index = _scan_value(lines, index, key.end(), path, positions)
            continue
        index += 1
    return positions


def locate(positions: dict[Path, int], path: Sequence[str | int]) -> int | None:
    """The line of ``path``, or of its nearest enclosing field that has one."""
    path = tuple(path)
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return None


def _unquote(key: str) -> str:
    key = key.strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _scan_value(
    lines: list[str], index: int, column: int, path: Path, positions: dict[Path, int]
) -> int:
    """Skip over the value starting at ``lines[index][column:]``; record array element lines.

    Returns the index of the first line after the value.
    """
    depth = 0
    element = 0
    expecting_element = False
    quote = ""
    while index < len(lines):
        text = lines[index]
        col = column
        column = 0
        while col < len(text):
            char = text[col]
            if quote:
                if text.startswith(quote, col) and (len(quote) == 3 or text[col - 1] != "\\"):
                    col += len(quote)
                    quote = ""
                    continue
                if len(quote) == 1 and char == "\\":
                    col += 2
                    continue
                col += 1
                continue
            if char == "#":
                break
            if char.isspace():
                col += 1
                continue
            if depth == 1 and expecting_element and char not in ",]":
                positions.setdefault((*path, element), index + 1)
                expecting_element = False
            if text.startswith('"""', col) or text.startswith("'''", col):
                quote = text[col : col + 3]
                col += 3
                continue
            if char in "\"'":
                quote = char
            elif char in "[{":
                depth += 1
                if depth == 1 and char == "[":
                    expecting_element = True
            elif char in "]}":
                depth -= 1
            elif char == "," and depth == 1:
                element += 1
                expecting_element = True
            col += 1
        index += 1
        if depth <= 0 and not quote:
            return index
    return index
