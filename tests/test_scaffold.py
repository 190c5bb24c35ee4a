"""``briefgen new``: seed files that explain every field and validate as written, a theme to
start from, the JSON Schema they point at, and nothing ever overwritten."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

import briefgen
from briefgen import scaffold
from briefgen.errors import OptionError
from briefgen.fieldhelp import FIELD_HELP
from briefgen.models import BriefSpec, Source
from briefgen.schema import seed_schemas

from .conftest import run_cli

HANGUL = re.compile(r"[가-힣]")
LATIN = re.compile(r"[A-Za-z]{3}")


def _properties(schema: dict) -> dict[str, dict]:
    """``Model.field`` → its schema, for the top level and every definition."""
    found = {}
    for name, definition in [("", schema), *schema.get("$defs", {}).items()]:
        model = name or schema["title"]
        for field, value in definition.get("properties", {}).items():
            found[f"{model}.{field}"] = value
    return found


def it_describes_every_field_in_korean_and_english() -> None:
    schemas = seed_schemas()
    properties = {**_properties(schemas["source"]), **_properties(schemas["brief"])}
    assert len(properties) >= 70
    for key, value in properties.items():
        description = value.get("description", "")
        assert HANGUL.search(description), (key, description)
        assert LATIN.search(description), (key, description)
    assert set(FIELD_HELP) == set(properties), "the help table and the models list the same fields"


def it_writes_a_source_that_validates_as_it_is(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    result = run_cli("new", "source", "demo", "--seeds", str(seeds))
    assert result.returncode == 0, result.stderr
    path = seeds / "sources" / "demo.toml"
    assert result.stdout.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../schema/source.schema.json\n")
    validated = run_cli("validate", "--seeds", str(seeds))
    assert validated.returncode == 0, validated.stderr
    assert "ok: 1 source and 0 briefs valid" in validated.stdout
    # every field is there, set or commented out, with its Korean and English help above it
    for field in Source.model_fields:
        name = Source.model_fields[field].alias or field
        assert re.search(rf"^(# )?{name} = ", text, re.M) or f"[[{name}]]" in text, name
        korean, english = FIELD_HELP[f"Source.{name}"]
        assert f"# {korean}\n# {english}\n" in text, name
    data = tomllib.loads(text)
    assert Source.model_validate(data).id == "demo"
    # the schema the first line names is the one `briefgen schema` prints
    schema = json.loads((seeds / "schema" / "source.schema.json").read_text(encoding="utf-8"))
    schema.pop("$comment")
    assert schema == seed_schemas()["source"]


def it_refuses_to_overwrite_anything(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    scaffold.new_source(seeds, "demo")
    path = seeds / "sources" / "demo.toml"
    path.write_text("# my own work\n", encoding="utf-8")
    result = run_cli("new", "source", "demo", "--seeds", str(seeds))
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "never overwrites" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == "# my own work\n"
    target = tmp_path / "elsewhere.txt"
    (seeds / "sources" / "link.toml").symlink_to(target)  # dangling: still not written through
    with pytest.raises(OptionError, match="already exists"):
        scaffold.new_source(seeds, "link")
    assert not target.exists()


def it_leaves_a_schema_file_it_did_not_write(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "schema").mkdir(parents=True)
    mine = seeds / "schema" / "source.schema.json"
    mine.write_text('{"title": "my own"}', encoding="utf-8")
    scaffold.new_source(seeds, "demo")
    assert mine.read_text(encoding="utf-8") == '{"title": "my own"}'
    assert (seeds / "schema" / "brief.schema.json").exists()


@pytest.mark.parametrize("name", ["Demo", "데모", "a_b", "-x", "x" * 65, "../up"])
def it_refuses_an_id_that_cannot_be_one(tmp_path, name) -> None:
    with pytest.raises(OptionError, match="lower-case letters, digits and hyphens"):
        scaffold.new_source(tmp_path, name)
    assert not (tmp_path / "sources").exists() or not any((tmp_path / "sources").iterdir())


def it_writes_a_brief_of_the_folders_sources(tmp_path, theme) -> None:
    seeds = tmp_path / "seeds"
    with pytest.raises(OptionError, match="briefgen new source"):
        scaffold.new_brief(seeds, "first")
    scaffold.new_source(seeds, "demo")
    path = scaffold.new_brief(seeds, "first")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ../schema/brief.schema.json\n")
    for field in BriefSpec.model_fields:
        name = BriefSpec.model_fields[field].alias or field
        assert re.search(rf"^(# )?(\[\[)?\[?{name}\]?\]?( = |$)", text, re.M), name
    loaded = briefgen.load_seeds(seeds)
    brief = briefgen.assemble(loaded.briefs["first"], loaded.sources)
    assert brief.sources.entries[0].id == "demo"
    assert b"%PDF" in briefgen.render(brief, "pdf", theme)[:8]


def it_starts_a_theme_from_the_default(tmp_path) -> None:
    target = tmp_path / "house"
    result = run_cli("new", "theme", str(target))
    assert result.returncode == 0, result.stderr
    theme = briefgen.load_theme(target)
    assert theme.organisation == briefgen.load_theme().organisation
    again = run_cli("new", "theme", str(target))
    assert again.returncode == 1
    assert "already exists" in again.stderr
