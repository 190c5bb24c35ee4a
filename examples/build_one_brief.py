"""Build one brief from the repository's seeds into a folder, as PDF and DOCX.

Run from the repository root:  python examples/build_one_brief.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import briefgen

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main(out_dir: Path) -> None:
    seeds = briefgen.load_seeds(SEEDS)
    brief = briefgen.get_brief(seeds, "us-fullstack-export-korea")
    for fmt in ("pdf", "docx"):
        path = briefgen.write(brief, out_dir / f"{brief.id}.{fmt}")
        print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
