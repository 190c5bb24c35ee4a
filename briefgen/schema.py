"""JSON Schema of the seed file formats, generated from the models (never written by hand).

Editors that understand JSON Schema for TOML (e.g. Taplo / Even Better TOML with a
``#:schema`` line) can then complete and check seed files as curators type.
"""

from __future__ import annotations

from typing import Any

from briefgen.fieldhelp import described
from briefgen.models import BriefSpec, Source

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def seed_schemas() -> dict[str, dict[str, Any]]:
    """The schemas of source files and brief files, keyed ``source`` and ``brief``."""
    result = {}
    for kind, model in (("source", Source), ("brief", BriefSpec)):
        schema = model.model_json_schema(by_alias=True, mode="validation")
        _describe(model.__name__, schema)
        for name, definition in schema.get("$defs", {}).items():
            _describe(name, definition)
        result[kind] = {"$schema": SCHEMA_DIALECT, **schema}
    return result


def _describe(model: str, schema: dict[str, Any]) -> None:
    """Give every property its Korean and English help (:mod:`briefgen.fieldhelp`)."""
    for field, definition in schema.get("properties", {}).items():
        definition["description"] = described(model, field)
