"""The command line end to end: commands, outputs on stdout, messages on stderr, exit codes."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from briefgen.cli import main

from .conftest import SEEDS


def it_builds_the_named_briefs_in_the_chosen_formats(tmp_path, capsys) -> None:
    out = tmp_path / "out"
    args = ["build", "lee-son-asi-meeting", "--seeds", str(SEEDS), "--out", str(out)]
    code = main([*args, "--format", "html,docx"])
    captured = capsys.readouterr()
    assert code == 0
    stem = "2026-02-09_이재명-손정의-면담-ARM-MOU"
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        f"{stem}.docx",
        f"{stem}.html",
        "manifest.json",
    ]
    assert captured.out.split() == [str(out / f"{stem}.html"), str(out / f"{stem}.docx")]
    assert captured.err.strip() == f"built 2, unchanged 0, kept 0, failed 0 in {out}"
    assert "손정의" in (out / f"{stem}.html").read_text(encoding="utf-8")


def it_exits_2_on_usage_errors(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--format", "odt"])
    assert exit_.value.code == 2
    assert "unknown format odt" in capsys.readouterr().err


def it_exits_1_with_a_suggestion_for_an_unknown_brief(tmp_path, capsys) -> None:
    code = main(["build", "lee-son-asi-meetin", "--seeds", str(SEEDS), "--out", str(tmp_path)])
    assert code == 1
    assert (
        "no brief with id 'lee-son-asi-meetin' (did you mean 'lee-son-asi-meeting'?)"
        in capsys.readouterr().err
    )


def it_lists_briefs_and_sources(capsys) -> None:
    assert main(["list", "--seeds", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "ai-policy-digest" in out
    assert "AI 정책 동향 브리프" in out
    assert "us-ai-exports-comments" in out
    assert "(undated)" in out


def it_validates_the_shipped_seeds(capsys) -> None:
    assert main(["validate", "--seeds", str(SEEDS)]) == 0
    assert capsys.readouterr().out.strip() == "ok: 5 sources and 7 briefs valid"


def it_prints_json_schemas_generated_from_the_models(capsys) -> None:
    assert main(["schema"]) == 0
    schemas = json.loads(capsys.readouterr().out)
    source = schemas["source"]
    assert source["additionalProperties"] is False
    assert {"id", "title", "summary", "key_points", "implications"} <= set(source["required"])
    assert "key_points" in source["properties"]
    assert "date" in source["properties"]
    assert "from" in json.dumps(schemas["brief"])
    assert main(["schema", "brief"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "BriefSpec"


def it_has_help_for_every_command(capsys) -> None:
    for command in ("build", "list", "validate", "schema", "doctor"):
        with pytest.raises(SystemExit) as exit_:
            main([command, "--help"])
        assert exit_.value.code == 0
        assert f"usage: briefgen {command}" in capsys.readouterr().out


def it_exports_exactly_the_documented_public_api() -> None:
    import importlib
    import pkgutil
    import types

    import briefgen

    # Importing every submodule first: a module named like a public function would shadow it.
    for module in pkgutil.walk_packages(briefgen.__path__, "briefgen."):
        if module.name != "briefgen.__main__":
            importlib.import_module(module.name)
    for name in briefgen.__all__:
        assert not isinstance(getattr(briefgen, name), types.ModuleType), name
    assert set(briefgen.__all__) == set(briefgen._MODULE_OF) | {"__version__"}
    # Every briefgen.NAME the README shows is exported.
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"(?<![.\w-])briefgen\.([A-Za-z_]+)\b", readme))
    shown -= {"cli", "fonts", "display", "workers", "writers"}  # modules named in prose
    assert shown <= set(briefgen.__all__), shown - set(briefgen.__all__)


def it_shows_a_progress_bar_on_a_terminal(monkeypatch) -> None:
    import io

    from briefgen.builder import Output
    from briefgen.cli import _progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with _progress_bar(2, enabled=True) as advance:
        assert advance is not None
        advance(Output("lee-son-asi-meeting", "pdf", Path("x.pdf"), "built"))
    assert "lee-son-asi-meeting.pdf" in screen.getvalue()
    with _progress_bar(2, enabled=False) as advance:
        assert advance is None
