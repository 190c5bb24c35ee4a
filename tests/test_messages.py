"""Plain-language messages for every kind of mistake, checked one by one (fast, in-process)."""

from __future__ import annotations

import json
import os

import pytest

from briefgen.errors import DeliveryError, SeedError
from briefgen.files import UnreadableFile, megabytes, read_limited
from briefgen.manifest import parse
from briefgen.seeds import load_seeds

from .conftest import VALID_BRIEF, VALID_SOURCE, VALID_SOURCE_BETA, SeedFactory


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("", 'kind = "blog"\n'), "kind: must be one of 'news', 'analysis', 'report'"),
        (("", '[[figures]]\nlabel = "x"\nvalue = nan\nunit = "%"\n'), "must be a finite"),
        (("", '[[figures]]\nlabel = "x"\nvalue = "many"\nunit = "%"\n'), "must be a number"),
        (('tags = ["ai-policy"]', 'tags = "ai"'), "tags: must be a list [...], not text"),
        (('tags = ["ai-policy"]', "tags = [1]"), "tags[0]: must be text, not a number"),
        (('summary = "첫 문장이다. 둘째 문장이다."', "summary = []"), "summary: needs at least 1"),
        (("", '[[quotes]]\ntext = "말"\n'), "quotes[0].speaker: required field is missing"),
        (('[[events]]\ndate = "2025-10"\ntext = "10월의 일"\n', 'events = "x"\n'), "events: must"),
        (("", '[[events]]\ndate = 2025-10-29T10:00:00\ntext = "일"\n'), "without a time"),
        (("", '[[events]]\ndate = "어제"\ntext = "일"\n'), '"어제" is not a date'),
        (("", '[[events]]\ndate = 5\ntext = "일"\n'), 'must be a date written "YYYY-MM-DD"'),
        (
            ("", f'date_note = "{"가" * 501}"\n'),
            "date_note: is too long: 501 characters, at most 500",
        ),
        (('title = "알파 보고서"', f'title = "{"가" * 301}"'), "301 characters, at most 300"),
        (
            ('tags = ["ai-policy"]', f"tags = {[f't{i}' for i in range(21)]}"),
            "at most 20 items, has 21",
        ),
        (("", '[[events]]\ndate = "2025--01"\ntext = "일"\n'), "is not a date"),
        (
            ("", '[[quotes]]\ntext = "말"\nspeaker = "누구"\nkind = "news"\n'),
            "quotes[0].kind: unknown field (keys below a [[quotes]] header belong to it: "
            "move 'kind' above the first [[quotes]])",
        ),
    ],
)
def it_words_each_mistake_plainly(make_seeds: SeedFactory, change, expected) -> None:
    old, new = change
    if old:
        text = VALID_SOURCE.replace(old, new)
    else:  # a table goes at the end; a plain key must come before the first [table] header
        text = VALID_SOURCE + new if new.startswith("[[") else new + VALID_SOURCE
    assert text != VALID_SOURCE
    folder = make_seeds({"alpha": text, "beta": VALID_SOURCE_BETA}, {"both": VALID_BRIEF})
    with pytest.raises(SeedError) as caught:
        load_seeds(folder)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages
    assert all("alpha.toml" in m for m in messages), messages  # no follow-on problems elsewhere


def it_reports_a_broken_source_once_not_again_where_a_brief_uses_it(make_seeds) -> None:
    folder = make_seeds(
        {"alpha": VALID_SOURCE.replace('title = "알파 보고서"', 'title = "알파'), "beta": ""},
        {"both": VALID_BRIEF},
    )
    (folder / "sources" / "beta.toml").write_text(VALID_SOURCE_BETA, encoding="utf-8")
    with pytest.raises(SeedError) as caught:
        load_seeds(folder)
    (problem,) = caught.value.problems
    assert "alpha.toml:2: not valid TOML" in str(problem)


def it_reports_a_missing_seed_folder(tmp_path) -> None:
    with pytest.raises(SeedError, match="seed folder not found"):
        load_seeds(tmp_path / "nowhere")


def it_reports_an_empty_seed_folder(tmp_path) -> None:
    (tmp_path / "sources").mkdir()
    with pytest.raises(SeedError, match="no source files"):
        load_seeds(tmp_path)


class DescribeReadLimited:
    def it_reads_a_regular_file(self, tmp_path) -> None:
        (tmp_path / "a").write_bytes(b"abc")
        assert read_limited(tmp_path / "a", 3) == b"abc"

    def it_refuses_a_missing_file(self, tmp_path) -> None:
        with pytest.raises(UnreadableFile, match="file not found"):
            read_limited(tmp_path / "missing", 10)

    def it_refuses_a_link_when_asked_not_to_follow(self, tmp_path) -> None:
        (tmp_path / "a").write_bytes(b"abc")
        os.symlink(tmp_path / "a", tmp_path / "link")
        assert read_limited(tmp_path / "link", 10) == b"abc"
        with pytest.raises(UnreadableFile, match="a symbolic link, not a regular file"):
            read_limited(tmp_path / "link", 10, follow_symlinks=False)

    def it_refuses_a_file_over_the_limit_by_its_size(self, tmp_path) -> None:
        (tmp_path / "a").write_bytes(b"x" * 11)
        with pytest.raises(UnreadableFile) as caught:
            read_limited(tmp_path / "a", 10)
        assert caught.value.size == 11

    def it_writes_sizes_for_people(self) -> None:
        assert megabytes(2 * 1024 * 1024) == "2 MB"
        assert megabytes(int(10.5 * 1024 * 1024)) == "10.5 MB"


SHA = "0" * 64
GOOD_ENTRY = {"brief": "b", "format": "pdf", "sha256": SHA, "size": 1, "inputs": SHA}


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ([], "is a list, not an object"),
        ({**GOOD_ENTRY, "extra": 1}, "unknown fields ['extra']"),
        ({k: v for k, v in GOOD_ENTRY.items() if k != "size"}, "missing fields ['size']"),
        ({**GOOD_ENTRY, "size": "1"}, "size has the wrong type"),
        ({**GOOD_ENTRY, "size": True}, "size has the wrong type"),
        ({**GOOD_ENTRY, "size": -1}, "size is negative"),
        ({**GOOD_ENTRY, "sha256": "abc"}, "sha256 is not a SHA-256"),
        ({**GOOD_ENTRY, "previous": "xyz"}, "previous is not a SHA-256"),
        ({**GOOD_ENTRY, "side_of": "../x.pdf"}, "not a plain output file name"),
    ],
)
def it_refuses_a_manifest_entry_it_would_not_have_written(entry, reason) -> None:
    data = json.dumps({"format": "briefgen-manifest/2", "outputs": {"a.pdf": entry}}).encode()
    with pytest.raises(DeliveryError, match="is not a briefgen manifest") as caught:
        parse(data, "manifest.json")
    assert reason in str(caught.value)


@pytest.mark.parametrize("name", [".hidden.pdf", "a/b.pdf", "a\\b.pdf", "manifest.json", ""])
def it_refuses_names_that_are_not_plain_outputs(name) -> None:
    data = json.dumps({"format": "briefgen-manifest/2", "outputs": {name: GOOD_ENTRY}}).encode()
    with pytest.raises(DeliveryError, match="not a plain output file name"):
        parse(data, "manifest.json")


def it_reads_a_manifest_it_wrote() -> None:
    data = json.dumps(
        {"format": "briefgen-manifest/2", "outputs": {"a.pdf": {**GOOD_ENTRY, "side_of": None}}}
    ).encode()
    manifest = parse(data, "manifest.json")
    assert manifest.get("a.pdf").describes(SHA)
    assert not manifest.get("a.pdf").describes(None)
    assert parse(manifest.text().encode(), "m").text() == manifest.text()


def it_takes_a_realistic_date_note_of_several_hundred_characters(make_seeds) -> None:
    note = "기사 바이라인에는 날짜가 없고, " + "본문과 연합뉴스 보도를 대조해 확인함. " * 12
    assert 240 < len(note.strip()) < 500
    text = f'date_note = "{note}"\n' + VALID_SOURCE
    folder = make_seeds({"alpha": text, "beta": VALID_SOURCE_BETA}, {"both": VALID_BRIEF})
    assert load_seeds(folder).sources["alpha"].date_note == note.strip()
