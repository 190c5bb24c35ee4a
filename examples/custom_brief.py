"""Assemble a custom brief from sources picked in code, with its own title, and build it.

Run from the repository root:  python examples/custom_brief.py [OUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import briefgen

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(out_dir: Path) -> None:
    seeds = briefgen.load_seeds(SEEDS)
    # Every source tagged "semiconductor", whatever brief files say.
    picked = [s.id for s in seeds.sources.values() if "semiconductor" in s.tags]
    spec = briefgen.BriefSpec(
        id="semiconductor-watch",
        title="반도체 협력 동향",
        subtitle="AI 반도체 공급과 설계 인력 양성",
        short_title="반도체-협력-동향",
        date=dt.date(2026, 2, 10),
        number="2026-06",  # printed 이슈 브리프 제2026-06호 (the series comes from the theme)
        authors=(briefgen.Author(name="이하은", affiliation="반도체산업팀 연구원"),),
        sources=tuple(sorted(picked)),
        implications=("메모리 강점을 AI 공급망 협상에 활용할 전략이 필요하다.",),
    )
    brief = briefgen.assemble(spec, seeds.sources)
    report = briefgen.build_briefs([brief], out_dir, formats=("pdf", "docx", "html"))
    for output in report.outputs:
        print(output.written)
    print(report.summary(), file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
