"""The HTML as Chromium lays it out: the charts' data tables, there for screen readers, are
never drawn over the page (they covered the notes and the next block), and no table has an
empty header cell (axe's ``empty-table-header``)."""

from __future__ import annotations

import json

import pytest

import briefgen

from .browser import Chromium
from .conftest import SEEDS

WITH_CHARTS = ["ai-action-plan-analysis", "ai-policy-digest", "kr-us-tariff-tech-alliance",
               "us-fullstack-export-korea"]  # fmt: skip

# For each chart table: scroll it into view, then ask Chromium what is drawn at 11 × 11 points
# over the table's own box (which a table keeps whatever size its wrapper has).
_HITS = """
(() => Array.from(document.querySelectorAll('table.chart-data, .chart-data table')).map((table) => {
  table.scrollIntoView({block: 'center'});
  const box = table.getBoundingClientRect();
  let points = 0, hits = 0;
  for (let i = 0; i <= 10; i++) {
    for (let j = 0; j <= 10; j++) {
      const x = box.left + (box.width - 1) * i / 10, y = box.top + (box.height - 1) * j / 10;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      points += 1;
      const found = document.elementFromPoint(x, y);
      if (found && found.closest('.chart-data')) hits += 1;
    }
  }
  return {points, hits, width: box.width, height: box.height,
          rows: table.rows.length, read: table.innerText.length};
}))()
"""
_EMPTY_HEADERS = """
Array.from(document.querySelectorAll('th')).filter((th) => !th.textContent.trim()).length
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium = Chromium(tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.close()


@pytest.mark.slow
@pytest.mark.parametrize("brief_id", WITH_CHARTS)
def it_never_draws_a_charts_data_table_over_the_page(browser, brief_id, tmp_path) -> None:
    seeds = briefgen.load_seeds(SEEDS)
    page = tmp_path / "brief.html"
    page.write_bytes(briefgen.render(briefgen.get_brief(seeds, brief_id), "html"))
    browser.open(page.as_uri())
    tables = browser.evaluate(_HITS)
    assert isinstance(tables, list)
    assert tables, "no chart data table: the check would prove nothing"
    for table in tables:
        assert table["rows"] >= 2, "the values are still there to read"
        assert table["read"] > 0
        assert table["width"] > 50, "the table keeps its own box"
        assert table["height"] > 20
        assert table["points"] > 0, json.dumps(table)
        assert table["hits"] == 0, f"{table['hits']} of {table['points']} points hit the table"
    assert browser.evaluate(_EMPTY_HEADERS) == 0
