"""A theme's stylesheet made safe to put in a page: it stays CSS and uses only the theme's files.

A theme is a folder people copy from colleagues, so its ``brief.css`` is input like any other.
Pasted raw into ``<style>``, a ``</style><script>`` in it would end the style element and run
script in the HTML preview, and a ``url(https://…)`` would make a "self-contained" HTML page
fetch from the network. Here the stylesheet is read with **tinycss2** (WeasyPrint's own CSS
tokenizer) and:

* every URL it names — ``url(…)``, the strings of ``image-set()`` — must be a ``data:`` URL or a
  file of the theme folder (checked by :meth:`Theme.read_file`: inside the folder, a theme file
  type, size-limited); anything else (``https:``, ``//host``, ``file:``, a path out of the
  folder) is a :class:`ThemeError` with the stylesheet's line. ``@import`` is refused: a
  theme's stylesheet is one file;
* for the HTML page, theme files are inlined as ``data:`` URLs (the page stays one file); the
  PDF keeps the relative URLs, which its fetcher serves from the theme folder;
* no ``<`` is left in the text (:func:`css_text` writes it as the CSS escape ``\\3c ``, which
  means the same character wherever CSS allows one), so nothing can close the ``<style>``.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Iterator
from typing import Any

from briefgen.errors import ThemeError
from briefgen.theme import STYLESHEET, Theme

_URL_LISTS = frozenset({"image-set", "-webkit-image-set"})
"""Functions whose string arguments are URLs."""


def css_text(css: str) -> str:
    """``css`` with every ``<`` written as a CSS escape: it cannot end a ``<style>`` element
    (or open a comment of the HTML around it) and still means what it meant."""
    return css.replace("<", "\\3c ")


def check_stylesheet(theme: Theme) -> None:
    """Raise :class:`ThemeError` unless every URL of the theme's stylesheet is a theme file
    or a ``data:`` URL (each is read once, so a missing file is reported with its line)."""
    page_stylesheet(theme, inline=False)


def page_stylesheet(theme: Theme, *, inline: bool) -> str:
    """The theme's stylesheet for a page: URLs checked, theme files inlined when ``inline``
    (the HTML page), every ``<`` escaped. Raises :class:`ThemeError`."""
    import tinycss2

    text = theme.read_stylesheet()
    nodes = tinycss2.parse_component_value_list(text, skip_comments=False)
    replaced = list(_checked(nodes, theme, inline=inline))
    return css_text(tinycss2.serialize(replaced))


def _checked(nodes: list[Any], theme: Theme, *, inline: bool) -> Iterator[Any]:
    """The nodes with their URLs checked and, when ``inline``, replaced by ``data:`` URLs."""
    from tinycss2 import ast
    from tinycss2.serializer import serialize_string_value, serialize_url

    for node in nodes:
        if isinstance(node, ast.AtKeywordToken) and node.lower_value == "import":
            raise _refused(theme, node, "@import", "a theme's stylesheet is one file")
        if isinstance(node, ast.URLToken):
            url = _url(node.value, node, theme, inline=inline)
            if url != node.value:
                node = ast.URLToken(
                    node.source_line, node.source_column, url, f"url({serialize_url(url)})"
                )
        elif isinstance(node, ast.FunctionBlock) and (
            node.lower_name == "url" or node.lower_name in _URL_LISTS
        ):
            if node.lower_name == "url" and not any(
                isinstance(a, ast.StringToken) for a in node.arguments
            ):
                raise _refused(theme, node, "url()", "give a file name in the parentheses")
            arguments = []
            for argument in node.arguments:
                if isinstance(argument, ast.StringToken):
                    url = _url(argument.value, argument, theme, inline=inline)
                    if url != argument.value:
                        argument = ast.StringToken(
                            argument.source_line,
                            argument.source_column,
                            url,
                            f'"{serialize_string_value(url)}"',
                        )
                arguments.append(argument)
            node.arguments = arguments
        elif isinstance(node, ast.FunctionBlock):
            node.arguments = list(_checked(node.arguments, theme, inline=inline))
        elif isinstance(
            node, (ast.CurlyBracketsBlock, ast.SquareBracketsBlock, ast.ParenthesesBlock)
        ):
            node.content = list(_checked(node.content, theme, inline=inline))
        yield node


def _url(value: str, node: Any, theme: Theme, *, inline: bool) -> str:
    """A URL of the stylesheet: kept (``data:``), a theme file (inlined or kept), or refused."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(value.strip())
    if parts.scheme.lower() == "data":
        return value
    if parts.scheme or parts.netloc or value.strip().startswith(("/", "\\")):
        raise _refused(theme, node, f"url({value})", "a theme may only use its own files")
    if not parts.path:
        return value  # a fragment (#id) names something in the page
    try:
        data = theme.read_file(unquote(parts.path))
    except ThemeError as exc:
        raise _refused(theme, node, f"url({value})", str(exc)) from None
    if not inline:
        return value
    mime = mimetypes.guess_type(parts.path)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _refused(theme: Theme, node: Any, what: str, reason: str) -> ThemeError:
    return ThemeError(f"{theme.folder / STYLESHEET}:{node.source_line}: {what}: {reason}")
