"""``make bench``: how fast briefgen is, how its cost grows, and how it compares.

Measures on this machine, in one run, on the repository's example content:

* briefgen beside Typst on the same content (``bench/typst_brief.py``), for the 2-page brief
  and the 6-page digest: warm in-process PDF and Typst's in-process compile, whole processes
  for both, PDF sizes, seconds per page, and the ratios against the targets;
* one brief rendered in-process, warm: PDF, DOCX, HTML, HWPX (median of several runs);
* cold command lines: ``briefgen --help``, one brief as PDF, one brief as PDF + DOCX, all
  briefs with ``--jobs 1`` and ``2``; the no-change rebuild; the peak memory of a full build;
* the preview loop of ``briefgen serve``: from saving a seed file to the rebuilt page, and a
  PDF downloaded after an edit;
* batches of 10, 50 and 200 briefs generated from the seeds (cost per brief, jobs 1 vs 2);
* pandoc for DOCX and WeasyPrint with fontTools instead of HarfBuzz subsetting.

Writes ``bench/RESULTS.md``. Timings are reported, never asserted: the test suite has none.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
RESULTS = ROOT / "bench" / "RESULTS.md"
BRIEF = "kr-us-tariff-tech-alliance"  # two pages of Korean (three with its chart)
DIGEST = "ai-policy-digest"  # six pages (seven with its charts)

TARGETS = {
    "ratio_brief": 2.0,  # warm PDF ÷ Typst's in-process compile, 2-page brief
    "ratio_digest": 4.0,  # the same for the 6-page digest
    "size_kb": 80.0,  # the 2-page example's PDF
    "cold_pdf": 1.0,  # `briefgen build BRIEF --format pdf` from a cold process
    "batch_200": 0.2,  # seconds per brief, 200 briefs, --jobs 2
    "peak_rss_mb": 300.0,
}
PYTHON = sys.executable
CLI = [PYTHON, "-m", "briefgen"]


BEST: dict[str, float] = {}
"""The fastest run of each repeated measurement, reported beside the median."""


def median_time(action: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def record(m: dict[str, float], key: str, times: list[float]) -> None:
    m[key] = statistics.median(times)
    BEST[key] = min(times)


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]


def timed(command: list[str], runs: int, setup: Callable[[], None] | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        run(command)
        times.append(time.perf_counter() - start)
    return times


def peak_rss_mb(command: list[str]) -> float:
    """Max RSS of ``command`` and its children, measured in a fresh wrapper process."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    kilobytes = int(run([PYTHON, "-c", probe, *command]).stdout)
    return kilobytes / 1024


def generated_seeds(folder: Path, count: int) -> Path:
    """A seed folder with the real sources and ``count`` briefs cycling through the real ones."""
    import tomllib

    shutil.copytree(SEEDS / "sources", folder / "sources")
    (folder / "briefs").mkdir()
    templates = sorted((SEEDS / "briefs").glob("*.toml"))
    for number in range(count):
        text = templates[number % len(templates)].read_text(encoding="utf-8")
        original = tomllib.loads(text)
        text = text.replace(f'id = "{original["id"]}"', f'id = "batch-{number:03d}"', 1)
        text = text.replace(
            f'short_title = "{original["short_title"]}"',
            f'short_title = "{original["short_title"]}-{number:03d}"',
            1,
        )
        (folder / "briefs" / f"batch-{number:03d}.toml").write_text(text, encoding="utf-8")
    return folder


def environment() -> dict[str, str]:
    from importlib.metadata import version

    from briefgen.doctor import run_checks
    from briefgen.theme import load_theme

    checks = {c.name: c.detail for c in run_checks(load_theme())}
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    pandoc = (
        run(["pandoc", "--version"]).stdout.decode().splitlines()[0]
        if shutil.which("pandoc")
        else "not installed"
    )
    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, {memory:.0f} GiB",
        "python": platform.python_version(),
        "briefgen": checks["briefgen"],
        "WeasyPrint": checks["WeasyPrint"],
        "Pango": checks["Pango"],
        "HarfBuzz": f"{checks['HarfBuzz']} (subsetting: {checks['HarfBuzz subsetting']})",
        "python-docx": version("python-docx"),
        "PDF Hangul font": checks["PDF Hangul font"],
        "typst (PyPI)": version("typst"),
        "pandoc": pandoc,
    }


def measure() -> tuple[dict[str, float], dict[str, str]]:
    import briefgen

    m: dict[str, float] = {}
    seeds = briefgen.load_seeds(SEEDS)
    theme = briefgen.load_theme()
    charted = briefgen.get_brief(seeds, BRIEF)
    # The brief as it was before charts (and as Typst renders it): its chart left out.
    brief = charted.model_copy(
        update={"blocks": tuple(b for b in charted.blocks if b.kind != "charts")}
    )
    side_by_side(m, seeds, theme)
    preview_loop(m)
    for fmt in ("pdf", "docx", "html", "hwpx"):
        record(
            m,
            f"warm_{fmt}",
            median_time(lambda fmt=fmt: briefgen.render(brief, fmt, theme), runs=15),
        )
        print(f"warm {fmt}: {m[f'warm_{fmt}']:.3f} s", file=sys.stderr)
    for fmt in ("pdf", "docx"):
        record(
            m,
            f"warm_{fmt}_chart",
            median_time(lambda fmt=fmt: briefgen.render(charted, fmt, theme), runs=15),
        )
        print(f"warm {fmt} with its chart: {m[f'warm_{fmt}_chart']:.3f} s", file=sys.stderr)
    first_render = (
        "import sys, time, briefgen\n"
        f"b = briefgen.get_brief(briefgen.load_seeds({str(SEEDS)!r}), {BRIEF!r})\n"
        "if sys.argv[1] == 'plain':\n"
        "    b = b.model_copy(update={'blocks': tuple(x for x in b.blocks if x.kind != 'charts')})\n"
        "s = time.perf_counter(); briefgen.render(b, sys.argv[2]); print(time.perf_counter() - s)\n"
    )
    for variant in ("plain", "chart"):
        for fmt in ("pdf", "docx"):
            times = [
                float(run([PYTHON, "-c", first_render, variant, fmt]).stdout) for _ in range(5)
            ]
            record(m, f"first_{fmt}_{variant}", times)

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"

        def fresh() -> None:
            shutil.rmtree(out, ignore_errors=True)

        record(m, "help", timed([*CLI, "--help"], runs=11))
        one = [*CLI, "build", BRIEF, "--seeds", str(SEEDS), "--out", str(out), "-q"]
        record(m, "cold_one", timed(one, 5, fresh))
        record(m, "cold_pdf", timed([*one, "--format", "pdf"], 5, fresh))
        for jobs in (1, 2):
            command = [
                *CLI,
                "build",
                "--seeds",
                str(SEEDS),
                "--out",
                str(out),
                "-q",
                "--jobs",
                str(jobs),
            ]
            record(m, f"cold_all_j{jobs}", timed(command, 3, fresh))
        run([*CLI, "build", "--seeds", str(SEEDS), "--out", str(out), "-q"])
        record(
            m,
            "no_change",
            timed([*CLI, "build", "--seeds", str(SEEDS), "--out", str(out), "-q"], 11),
        )
        fresh()
        m["peak_rss_mb"] = peak_rss_mb(
            [*CLI, "build", "--seeds", str(SEEDS), "--out", str(out), "-q"]
        )
        print(f"CLI: {json.dumps({k: round(v, 3) for k, v in m.items()})}", file=sys.stderr)

        for count in (10, 50, 200):
            folder = generated_seeds(Path(tmp) / f"seeds-{count}", count)
            for jobs in (1, 2) if count == 50 else (2,):
                target = Path(tmp) / f"out-{count}-{jobs}"
                start = time.perf_counter()
                run(
                    [
                        *CLI,
                        "build",
                        "--seeds",
                        str(folder),
                        "--out",
                        str(target),
                        "-q",
                        "--jobs",
                        str(jobs),
                    ]
                )
                m[f"batch_{count}_j{jobs}"] = time.perf_counter() - start
                print(
                    f"batch {count} jobs {jobs}: {m[f'batch_{count}_j{jobs}']:.1f} s",
                    file=sys.stderr,
                )

        # Alternatives on the same brief.
        html = Path(tmp) / "brief.html"
        html.write_bytes(briefgen.render(brief, "html", theme))
        if shutil.which("pandoc"):
            pandoc = [
                "pandoc",
                "-f",
                "html",
                "-t",
                "docx",
                "-o",
                str(Path(tmp) / "p.docx"),
                str(html),
            ]
            record(m, "pandoc_docx", timed(pandoc, 7))
        no_subset = (
            "import logging, statistics, time, briefgen, weasyprint.pdf.fonts as f\n"
            "logging.getLogger('weasyprint').setLevel(logging.ERROR)\n"
            "f.harfbuzz_subset = None  # WeasyPrint then subsets with fontTools\n"
            f"b = briefgen.get_brief(briefgen.load_seeds({str(SEEDS)!r}), {BRIEF!r})\n"
            "briefgen.render(b, 'pdf')\n"
            "t = []\n"
            "for _ in range(3):\n"
            "    s = time.perf_counter(); briefgen.render(b, 'pdf'); t.append(time.perf_counter() - s)\n"
            "print(statistics.median(t))\n"
        )
        m["weasyprint_fonttools_pdf"] = float(run([PYTHON, "-c", no_subset]).stdout)
        print(f"fontTools subsetting: {m['weasyprint_fonttools_pdf']:.2f} s", file=sys.stderr)
    return m, environment()


def preview_loop(m: dict[str, float]) -> None:
    """`briefgen serve`: the time from saving a seed file to the reloaded page, and a PDF
    downloaded after an edit from the warm process."""
    import urllib.request

    from briefgen import serve

    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        shutil.copytree(SEEDS, seeds)
        server = serve.start(seeds, None, port=0)
        try:
            url = f"{server.url}brief/{BRIEF}"

            def fetch(suffix: str = "") -> bytes:
                with urllib.request.urlopen(url + suffix, timeout=60) as response:
                    return bytes(response.read())

            fetch(".pdf")  # the process is warm from here on
            path = seeds / "sources" / f"{BRIEF}.toml"
            original = path.read_text(encoding="utf-8")
            edits, pdfs = [], []
            for number in range(7):
                marker = f"벤치마크 편집 {number}번째 문장이다."
                start = time.perf_counter()
                path.write_text(
                    original.replace("key_points = [", f'key_points = [\n  "{marker}",', 1),
                    encoding="utf-8",
                )
                while marker.encode() not in fetch():
                    time.sleep(0.01)
                edits.append(time.perf_counter() - start)
                start = time.perf_counter()
                fetch(".pdf")
                pdfs.append(time.perf_counter() - start)
            record(m, "preview_edit", edits)
            record(m, "preview_pdf", pdfs)
        finally:
            server.stop()
    print(
        f"preview: edit → page {m['preview_edit']:.3f} s, PDF {m['preview_pdf']:.3f} s",
        file=sys.stderr,
    )


FONTS: dict[str, str] = {}
"""The fonts each engine embedded, by measurement name (reported beside the times)."""


def embedded_font_names(pdf: bytes) -> str:
    """The base names of the fonts a PDF embeds, subset tags removed."""
    import io

    import pypdf

    names = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(str(ref.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return ", ".join(sorted(names))


def side_by_side(m: dict[str, float], seeds: object, theme: object) -> None:
    """briefgen and Typst on the same content, for the 2-page brief and the 6-page digest.

    Typst runs as a Typst user runs it: with the system's fonts (the same Noto Sans CJK KR
    fontconfig gives briefgen), tagged (its default), each ``typst.compile`` a new compiler as
    ``typst compile`` is (a reused ``typst.Compiler`` answers an unchanged document from its
    memo in 2 ms, which measures nothing). The first version passed ``font_paths=[<the Noto folder>]``, which makes Typst
    parse that folder's 2 × 19 MB collections on every compile (0.17 s instead of 0.06 s)."""
    import io

    import pypdf
    import typst
    from typst_brief import brief_to_typst

    import briefgen
    from briefgen.typography import typeset_brief

    with tempfile.TemporaryDirectory() as tmp:
        for name, brief_id in (("brief", BRIEF), ("digest", DIGEST)):
            charted = briefgen.get_brief(seeds, brief_id)  # type: ignore[arg-type]
            # Typst's version has no charts: both are measured on the same content.
            brief = charted.model_copy(
                update={"blocks": tuple(b for b in charted.blocks if b.kind != "charts")}
            )
            pdf = briefgen.render(brief, "pdf", theme)  # type: ignore[arg-type]
            m[f"{name}_pages"] = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
            m[f"{name}_kb"] = len(pdf) / 1024
            FONTS[f"{name}_briefgen"] = embedded_font_names(pdf)
            charted_pdf = briefgen.render(charted, "pdf", theme)  # type: ignore[arg-type]
            m[f"{name}_chart_kb"] = len(charted_pdf) / 1024
            m[f"{name}_chart_pages"] = len(pypdf.PdfReader(io.BytesIO(charted_pdf)).pages)
            record(
                m,
                f"{name}_briefgen",
                median_time(lambda b=brief: briefgen.render(b, "pdf", theme), runs=9),  # type: ignore[arg-type]
            )
            source = Path(tmp) / f"{name}.typ"
            source.write_text(brief_to_typst(typeset_brief(brief), theme), encoding="utf-8")  # type: ignore[arg-type]
            output = typst.compile(str(source))
            m[f"{name}_typst_kb"] = len(output) / 1024
            m[f"{name}_typst_pages"] = len(pypdf.PdfReader(io.BytesIO(output)).pages)
            FONTS[f"{name}_typst"] = embedded_font_names(output)
            record(m, f"{name}_typst", median_time(lambda s=source: typst.compile(str(s)), 9))
            # Whole processes: start-up, imports and fonts included.
            whole_briefgen = (
                "import sys, briefgen\n"
                f"b = briefgen.get_brief(briefgen.load_seeds({str(SEEDS)!r}), {brief_id!r})\n"
                "b = b.model_copy(update={'blocks': tuple(x for x in b.blocks "
                "if x.kind != 'charts')})\n"
                "briefgen.render(b, 'pdf')\n"
            )
            record(m, f"{name}_briefgen_process", timed([PYTHON, "-c", whole_briefgen], 5))
            whole_typst = f"import typst; typst.compile({str(source)!r})"
            record(m, f"{name}_typst_process", timed([PYTHON, "-c", whole_typst], 5))
            print(
                f"{name}: briefgen {m[f'{name}_briefgen']:.3f} s / Typst "
                f"{m[f'{name}_typst']:.3f} s; {m[f'{name}_kb']:.0f} KB / "
                f"{m[f'{name}_typst_kb']:.0f} KB",
                file=sys.stderr,
            )


def report(m: dict[str, float], env: dict[str, str]) -> str:
    def row(label: str, key: str, target: float | None = None) -> str:
        value, best = m[key], BEST.get(key)
        verdict = "" if target is None else ("met" if value <= target else "**missed**")
        aim = "" if target is None else f"≤ {target:g} s"
        fastest = "" if best is None else f"{best:.3f} s"
        return f"| {label} | {value:.3f} s | {fastest} | {aim} | {verdict} |"

    s = lambda v: f"{v:.3f} s"  # noqa: E731
    lines = [
        "# briefgen benchmark results",
        "",
        "Generated by `make bench` (`bench/run.py`); do not edit by hand. Medians of repeated runs",
        "unless noted. Cold = a new `python -m briefgen` process; warm = in-process, after one",
        "render to load fonts and modules.",
        "",
        "## Machine and versions",
        "",
        *[f"- **{k}**: {v}" for k, v in env.items()],
        "",
        *side_by_side_report(m),
        "## briefgen",
        "",
        "| measure | median | fastest | target | |",
        "|---|---|---|---|---|",
        row(f"PDF, one 2-page brief ({BRIEF}, its chart left out), warm", "warm_pdf", 0.5),
        row("DOCX, same brief, warm", "warm_docx", 0.1),
        row("HTML, same brief, warm", "warm_html"),
        row("HWPX, same brief, warm", "warm_hwpx"),
        row("`briefgen --help` (start-up)", "help", 0.3),
        row("cold build, one brief, `--format pdf`", "cold_pdf", TARGETS["cold_pdf"]),
        row("cold build, one brief (PDF + DOCX)", "cold_one"),
        row("cold build, all 7 briefs (14 files), `--jobs 1`", "cold_all_j1"),
        row("cold build, all 7 briefs (14 files), `--jobs 2`", "cold_all_j2"),
        row("no-change rebuild of all briefs", "no_change", 0.5),
        row("`briefgen serve`: save a seed file → preview page rebuilt", "preview_edit"),
        row("`briefgen serve`: PDF downloaded after an edit (warm process)", "preview_pdf"),
        f"| peak memory (max RSS) of a full build, `--jobs 1` | {m['peak_rss_mb']:.0f} MB | | "
        f"≤ {TARGETS['peak_rss_mb']:g} MB | "
        f"{'met' if m['peak_rss_mb'] <= TARGETS['peak_rss_mb'] else '**missed**'} |",
        "",
        "## Scaling (generated batches, PDF + DOCX per brief, one run each)",
        "",
        "| briefs | jobs | total | per brief |",
        "|---|---|---|---|",
    ]
    for count in (10, 50, 200):
        for jobs in (1, 2):
            key = f"batch_{count}_j{jobs}"
            if key in m:
                lines.append(f"| {count} | {jobs} | {m[key]:.1f} s | {m[key] / count:.3f} s |")
    per_brief = m["batch_200_j2"] / 200
    lines += [
        "",
        f"200 briefs with `--jobs 2`: {per_brief:.3f} s per brief against a target of "
        f"{TARGETS['batch_200']:g} s — {verdict(per_brief, TARGETS['batch_200'])}.",
    ]
    speedup = m["batch_50_j1"] / m["batch_50_j2"]
    lines += [
        "",
        "## Charts",
        "",
        "The same brief with its chart (matplotlib SVG in the PDF, a native chart with python-pptx",
        "and XlsxWriter in the DOCX) and without it. A brief without charts imports none of them.",
        "",
        "| | without chart | with chart | extra |",
        "|---|---|---|---|",
    ]
    for fmt, name in (("pdf", "PDF"), ("docx", "DOCX")):
        plain, chart = m[f"warm_{fmt}"], m[f"warm_{fmt}_chart"]
        lines.append(f"| {name}, warm | {s(plain)} | {s(chart)} | +{s(chart - plain)} |")
    for fmt, name in (("pdf", "PDF"), ("docx", "DOCX")):
        plain, chart = m[f"first_{fmt}_plain"], m[f"first_{fmt}_chart"]
        lines.append(
            f"| {name}, first render in a new process | {s(plain)} | {s(chart)} | "
            f"+{s(chart - plain)} |"
        )
    lines += [
        "",
        f"`--jobs 2` on 50 briefs: {speedup:.2f}× the throughput of `--jobs 1` (target: close to 2×).",
        "",
        "## Alternatives on the same brief",
        "",
        "| tool | time | briefgen | ratio (alternative ÷ briefgen) |",
        "|---|---|---|---|",
    ]
    if "pandoc_docx" in m:
        lines.append(
            f"| pandoc, HTML → DOCX (own process) | {s(m['pandoc_docx'])} | {s(m['warm_docx'])} | {m['pandoc_docx'] / m['warm_docx']:.2f} |"
        )
    lines += [
        f"| WeasyPrint with fontTools subsetting (no libharfbuzz-subset) | {s(m['weasyprint_fonttools_pdf'])} | {s(m['warm_pdf'])} | {m['weasyprint_fonttools_pdf'] / m['warm_pdf']:.1f} |",
        "",
        "pandoc runs as its own process, so its time includes start-up; python-docx's is",
        "in-process.",
        "",
    ]
    notes = RESULTS.parent / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines)


def verdict(value: float, target: float) -> str:
    """``met``, or by how much the target is missed."""
    if value <= target:
        return "met"
    return f"**missed** by {value - target:.3g} ({value / target:.2f}× the target)"


def side_by_side_report(m: dict[str, float]) -> list[str]:
    lines = [
        "## Beside Typst (same content, charts left out; Typst 0.15 through its Python binding)",
        "",
        "| | 2-page brief | 6-page digest |",
        "|---|---|---|",
    ]

    def both(label: str, cell: Callable[[str], str]) -> None:
        lines.append(f"| {label} | {cell('brief')} | {cell('digest')} |")

    both(
        "pages (briefgen / Typst)", lambda n: f"{m[n + '_pages']:.0f} / {m[n + '_typst_pages']:.0f}"
    )
    both("briefgen, warm PDF (median)", lambda n: f"{m[n + '_briefgen']:.3f} s")
    both("Typst, in-process `typst.compile` (median)", lambda n: f"{m[n + '_typst']:.3f} s")
    both("**ratio** briefgen ÷ Typst", lambda n: f"{m[n + '_briefgen'] / m[n + '_typst']:.2f}×")
    both("target", lambda n: f"≤ {TARGETS['ratio_' + n]:g}×")
    both(
        "",
        lambda n: verdict(m[n + "_briefgen"] / m[n + "_typst"], TARGETS["ratio_" + n]),
    )
    both("briefgen, seconds per page", lambda n: f"{m[n + '_briefgen'] / m[n + '_pages']:.3f} s")
    both("Typst, seconds per page", lambda n: f"{m[n + '_typst'] / m[n + '_typst_pages']:.3f} s")
    both("briefgen, whole process", lambda n: f"{m[n + '_briefgen_process']:.3f} s")
    both("Typst, whole process (Python + binding)", lambda n: f"{m[n + '_typst_process']:.3f} s")
    both("fonts embedded, briefgen", lambda n: FONTS[n + "_briefgen"])
    both("fonts embedded, Typst (system fonts)", lambda n: FONTS[n + "_typst"])
    both("PDF size, briefgen", lambda n: f"{m[n + '_kb']:.0f} KB")
    both("PDF size, Typst", lambda n: f"{m[n + '_typst_kb']:.0f} KB")
    both(
        "PDF size, briefgen with its charts",
        lambda n: f"{m[n + '_chart_kb']:.0f} KB ({m[n + '_chart_pages']:.0f} pages)",
    )
    size = m["brief_chart_kb"]
    lines += [
        "",
        f"The 2-page example as published (with its chart): {size:.0f} KB against a target of "
        f"{TARGETS['size_kb']:g} KB — {verdict(size, TARGETS['size_kb'])}. Cold one-brief PDF "
        f"build: {m['cold_pdf']:.2f} s against {TARGETS['cold_pdf']:g} s — "
        f"{verdict(m['cold_pdf'], TARGETS['cold_pdf'])} (Typst's whole process on the 2-page "
        f"content: {m['brief_typst_process']:.2f} s).",
        "",
        "Typst's version of a brief is the same text (`bench/typst_brief.py`), tagged (Typst's",
        "default), without briefgen's word-unit line breaking, running header, footnotes, contents",
        "list or charts. Typst uses the system's fonts, as its users do (the same Noto Sans CJK KR",
        "file fontconfig gives briefgen).",
        "",
    ]
    return lines


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    measurements, env = measure()
    RESULTS.write_text(report(measurements, env), encoding="utf-8")
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
