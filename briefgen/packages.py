"""Reading ZIP packages (DOCX, HWPX) that come from outside: a house template is anyone's file.

The checks every such package gets before any XML of it is parsed: it is a ZIP archive, its
entries unpack to a bounded size (no "zip bomb"), no entry name leaves the package, and XML is
parsed without entities, DTDs or network access. The format's own checks (content types,
macros, styles) live in the format's XML module (:mod:`briefgen.writers.ooxml`,
:mod:`briefgen.writers.owpml`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from briefgen.errors import TemplateError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""The most a template may unpack to (Word's own templates unpack to a few megabytes)."""
MAX_ENTRIES = 5000


def open_package(data: bytes, *, kind: str) -> zipfile.ZipFile:
    """``data`` as a ZIP archive, or :class:`TemplateError` saying it is not a ``kind``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TemplateError(f"not a {kind} file (it is not a ZIP package)") from None
    if len(entries) > MAX_ENTRIES:
        raise TemplateError(f"not a {kind} file ({len(entries)} parts)")
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise TemplateError(f"unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB")
    for entry in entries:
        name = entry.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            raise TemplateError(f"holds a part named {name!r} outside the package")
    try:  # every entry unpacks, with its checksum right (encrypted or damaged ones do not)
        damaged = archive.testzip()
    except Exception as exc:  # zipfile's and zlib's errors: RuntimeError, zlib.error …
        raise TemplateError(f"a part cannot be unpacked ({exc or type(exc).__name__})") from None
    if damaged is not None:
        raise TemplateError(f"its part {damaged} is damaged")
    return archive


def repacked(
    archive: zipfile.ZipFile,
    replaced: dict[str, bytes],
    kept: Callable[[str], bool] = lambda name: True,
) -> bytes:
    """The package again with the parts of ``replaced`` changed and only the ``kept`` ones;
    a ``mimetype`` entry (HWPX, ODF) stays first and uncompressed."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(archive.infolist(), key=lambda i: i.filename != "mimetype"):
            if not kept(info.filename):
                continue
            body = replaced.get(info.filename) or archive.read(info)
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, body, compress_type=method)
    return output.getvalue()


def read_part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of part ``name`` (None when the package has none)."""
    try:
        return archive.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise TemplateError(f"its part {name} cannot be read ({exc})") from None


def parse_xml(data: bytes, *, part: str) -> Any:
    """An XML part's root element, parsed safely (no entities, DTD or network)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"its part {part} is not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise TemplateError(f"its part {part} declares a DTD, which Office documents never do")
    return root
