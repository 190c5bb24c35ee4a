"""Loading seed files: every problem at once, each with file, line, field and a plain message."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from briefgen.errors import SeedError
from briefgen.seeds import load_seeds

from .conftest import VALID_BRIEF, VALID_SOURCE, VALID_SOURCE_BETA, SeedFactory


def problems_of(folder) -> list[str]:
    with pytest.raises(SeedError) as error:
        load_seeds(folder)
    return [str(p) for p in error.value.problems]


def it_loads_valid_seeds(make_seeds: SeedFactory) -> None:
    seeds = load_seeds(
        make_seeds({"alpha": VALID_SOURCE, "beta": VALID_SOURCE_BETA}, {"both": VALID_BRIEF})
    )
    assert sorted(seeds.sources) == ["alpha", "beta"]
    assert seeds.briefs["both"].sources == ("alpha", "beta")
    assert seeds.source_file("alpha").name == "alpha.toml"


def it_reports_a_typo_in_a_field_name_with_its_line_and_a_suggestion(
    make_seeds: SeedFactory,
) -> None:
    text = VALID_SOURCE.replace("key_points =", "key_pionts =")
    folder = make_seeds({"alpha": text, "beta": VALID_SOURCE_BETA})
    found = problems_of(folder)
    assert (
        f"{folder}/sources/alpha.toml:7: key_pionts: unknown field (did you mean 'key_points'?)"
        in found
    )
    assert f"{folder}/sources/alpha.toml: key_points: required field is missing" in found


def it_reports_an_unknown_citation_with_the_closest_id(make_seeds: SeedFactory) -> None:
    folder = make_seeds(
        {"alpha": VALID_SOURCE.replace('"beta"]', '"betta"]'), "beta": VALID_SOURCE_BETA}
    )
    assert problems_of(folder) == [
        f"{folder}/sources/alpha.toml:10: key_points[2].cites: unknown source 'betta' "
        "(did you mean 'beta'?)"
    ]


def it_reports_every_problem_in_every_file_at_once(make_seeds: SeedFactory) -> None:
    broken_alpha = VALID_SOURCE.replace('date = "2025-10-29"', 'date = "2025-02-30"').replace(
        'title = "알파 보고서"', "title = 42"
    )
    broken_beta = VALID_SOURCE_BETA.replace("summary =", "summray =")
    brief = VALID_BRIEF.replace('"beta"]', '"gamma"]')
    folder = make_seeds({"alpha": broken_alpha, "beta": broken_beta}, {"both": brief})
    found = problems_of(folder)
    assert f"{folder}/sources/alpha.toml:2: title: must be text, not a number" in found
    assert f'{folder}/sources/alpha.toml:4: date: "2025-02-30" is not a real calendar date' in found
    assert any("beta.toml:5: summray: unknown field (did you mean 'summary'?)" in p for p in found)
    assert any("both.toml:4: sources[1]: unknown source 'gamma'" in p for p in found)
    assert len(found) == 5  # the four above and beta's missing summary


def it_reports_invalid_toml_with_its_line(make_seeds: SeedFactory) -> None:
    folder = make_seeds(
        {"alpha": VALID_SOURCE.replace('publisher = "알파신문"', "publisher = 알파신문")}
    )
    (problem,) = problems_of(folder)
    assert problem.startswith(f"{folder}/sources/alpha.toml:3: not valid TOML: invalid value")


def it_reports_duplicate_ids_and_where_the_first_one_is(make_seeds: SeedFactory) -> None:
    folder = make_seeds(
        {"alpha": VALID_SOURCE, "alpha-copy": VALID_SOURCE, "beta": VALID_SOURCE_BETA}
    )
    (problem,) = problems_of(folder)
    assert problem == (
        f"{folder}/sources/alpha.toml:1: id: duplicate source id 'alpha' "
        f"(already used in {folder}/sources/alpha-copy.toml)"
    )


def it_refuses_text_that_is_not_utf8_and_oversized_files(make_seeds: SeedFactory) -> None:
    folder = make_seeds({"beta": VALID_SOURCE_BETA})
    (folder / "sources" / "latin1.toml").write_bytes('title = "caf\xe9"\n'.encode("latin-1"))
    (folder / "sources" / "huge.toml").write_bytes(b"# padding\n" * 1_100_000)
    found = problems_of(folder)
    assert any("huge.toml: the file is 10.5 MB; seed files are limited to 2 MB" in p for p in found)
    assert (
        f"{folder}/sources/latin1.toml:1: not UTF-8 text (byte 0xE9) "
        "(save the file with UTF-8 encoding)" in found
    )


def it_normalises_nfd_text_read_from_files(make_seeds: SeedFactory) -> None:
    nfd = unicodedata.normalize("NFD", VALID_SOURCE)
    seeds = load_seeds(make_seeds({"alpha": nfd, "beta": VALID_SOURCE_BETA}))
    assert seeds.sources["alpha"].title == "알파 보고서"


def it_reports_a_selection_that_selects_nothing(make_seeds: SeedFactory) -> None:
    brief = 'id = "b"\ntitle = "t"\ndate = 2026-01-01\n\n[select]\ntags = ["nope"]\n'
    folder = make_seeds({"alpha": VALID_SOURCE, "beta": VALID_SOURCE_BETA}, {"b": brief})
    (problem,) = problems_of(folder)
    assert (
        problem
        == f"{folder}/briefs/b.toml:5: select: selects no source (tags in use: ai-policy, other)"
    )


def it_explains_the_toml_table_trap(make_seeds: SeedFactory) -> None:
    # A key written below [select] belongs to the table: the message names the full path.
    brief = (
        'id = "b"\ntitle = "t"\ndate = 2026-01-01\n\n[select]\ntags = ["other"]\nsummary = "x"\n'
    )
    folder = make_seeds({"alpha": VALID_SOURCE, "beta": VALID_SOURCE_BETA}, {"b": brief})
    (problem,) = problems_of(folder)
    assert (
        problem
        == f"{folder}/briefs/b.toml:7: select.summary: unknown field (keys below a [select] "
        "header belong to it: move 'summary' above the first [select])"
    )


def it_validates_on_the_command_line_without_a_traceback(make_seeds: SeedFactory) -> None:
    folder = make_seeds(
        {"alpha": VALID_SOURCE.replace("key_points =", "key_pionts ="), "beta": VALID_SOURCE_BETA}
    )
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "validate", "--seeds", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "alpha.toml:7: key_pionts: unknown field (did you mean 'key_points'?)" in result.stderr
    assert result.stderr.rstrip().endswith("2 problems found.")
    assert result.stdout == ""


def it_reports_one_empty_key_point_once_and_where_it_was_written(
    make_seeds: SeedFactory,
) -> None:
    broken = VALID_SOURCE.replace('"첫째 핵심이다.",', '"",')
    folder = make_seeds({"alpha": broken, "beta": VALID_SOURCE_BETA}, {"both": VALID_BRIEF})
    assert problems_of(folder) == [
        f"{folder}/sources/alpha.toml:8: key_points[0]: must not be empty"
    ]


def it_still_reports_a_list_that_is_really_too_short(make_seeds: SeedFactory) -> None:
    broken = VALID_SOURCE.replace('  "첫째 핵심이다.",\n', "")
    folder = make_seeds({"alpha": broken, "beta": VALID_SOURCE_BETA}, {"both": VALID_BRIEF})
    assert problems_of(folder) == [
        f"{folder}/sources/alpha.toml:7: key_points: needs at least 3 items, has 2"
    ]
