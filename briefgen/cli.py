"""The command line: ``briefgen build | list | validate | schema | doctor``.

Exit codes: 0 success; 1 content, environment or build errors; 2 usage errors (argparse).
Results go to stdout, messages to stderr. Errors from briefgen's exception tree are printed as
plain messages, never as tracebacks. Heavy libraries (WeasyPrint, python-docx, pydantic) are
imported inside the commands that need them, so ``briefgen --help`` starts quickly.

Logging: warnings and errors from briefgen and WeasyPrint go to stderr; ``--quiet`` keeps only
errors, ``--verbose`` adds progress and debug lines.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.writers import PDF_VARIANTS

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

logger = logging.getLogger("briefgen.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    _configure_logging(args.quiet, args.verbose)
    command: Callable[[argparse.Namespace], int] = args.command
    from briefgen.errors import BriefgenError, SeedError

    try:
        return command(args)
    except SeedError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        count = len(exc.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return EXIT_FAILURE
    except BriefgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    noise = common.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    noise.add_argument(
        "-v", "--verbose", action="store_true", help="print progress and debug lines"
    )

    seeds = argparse.ArgumentParser(add_help=False)
    seeds.add_argument(
        "--seeds",
        type=Path,
        default=Path("seeds"),
        metavar="DIR",
        help="seed folder with sources/ and briefs/ (default: ./seeds)",
    )

    parser = argparse.ArgumentParser(
        prog="briefgen",
        description="Build policy briefs (PDF, DOCX, HTML) from curated seed data.",
        epilog="Exit codes: 0 success, 1 content or build errors, 2 usage errors. "
        "Every command takes -q/--quiet and -v/--verbose.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    build = sub.add_parser(
        "build",
        parents=[common, seeds],
        help="render briefs into an output folder",
        description="Render briefs into an output folder (all briefs when none is named). "
        "Outputs that are up to date are not rendered again. A file someone changed after "
        "briefgen wrote it is never overwritten: the new build is written beside it as "
        "NAME.new.EXT (use --force to overwrite). The folder's manifest.json records every "
        "output with its SHA-256 and the hash of its inputs.",
    )
    build.add_argument("briefs", nargs="*", metavar="BRIEF", help="brief ids (default: all)")
    build.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="output folder (default: ./out)",
    )
    build.add_argument(
        "--format",
        default="pdf,docx",
        metavar="LIST",
        type=_formats,
        help="comma-separated formats: pdf, docx, html (default: pdf,docx)",
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=1,
        metavar="N",
        help=f"render in N parallel processes (this machine has {os.cpu_count()} CPUs)",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="rebuild everything and overwrite outputs even if someone changed them",
    )
    build.add_argument(
        "--name-pattern",
        default="{date}_{name}",
        type=_name_pattern,
        metavar="PATTERN",
        help="file name pattern with {date}, {id}, {name} (short title) and {title} "
        "(default: {date}_{name})",
    )
    build.add_argument(
        "--pdf-variant",
        default="pdf/ua-1",
        choices=PDF_VARIANTS,
        help="PDF conformance: tagged PDF/UA-1 (default) or archival PDF/A",
    )
    build.add_argument(
        "--theme",
        type=Path,
        default=None,
        metavar="DIR",
        help="theme folder (default: the packaged theme)",
    )
    build.set_defaults(command=_cmd_build)

    listing = sub.add_parser(
        "list",
        parents=[common, seeds],
        help="list the briefs and sources",
        description="List the briefs and sources defined in the seeds.",
    )
    listing.set_defaults(command=_cmd_list)

    validate = sub.add_parser(
        "validate",
        parents=[common, seeds],
        help="check every seed file and report all problems",
        description="Check every seed file and report every problem at once.",
    )
    validate.set_defaults(command=_cmd_validate)

    schema = sub.add_parser(
        "schema",
        parents=[common],
        help="print the JSON Schema of seed files",
        description="Print the JSON Schema of seed files (generated from the models).",
    )
    schema.add_argument(
        "kind",
        nargs="?",
        choices=("source", "brief"),
        help="one schema only (default: both, keyed by kind)",
    )
    schema.set_defaults(command=_cmd_schema)

    doctor = sub.add_parser(
        "doctor",
        parents=[common],
        help="check fonts, Pango and HarfBuzz; suggest fixes",
        description="Report what renders Korean briefs here and how to fix what is missing. "
        "Exits 1 when briefs could not be rendered correctly.",
    )
    doctor.add_argument(
        "--theme",
        type=Path,
        default=None,
        metavar="DIR",
        help="theme folder (default: the packaged theme)",
    )
    doctor.set_defaults(command=_cmd_doctor)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _name_pattern(value: str) -> str:
    from briefgen.names import check_pattern

    try:
        return check_pattern(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _formats(value: str) -> tuple[str, ...]:
    from briefgen.writers import FORMATS

    formats = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    return formats


def _configure_logging(quiet: bool, verbose: bool) -> None:
    """Send briefgen's and WeasyPrint's records to stderr at the chosen level.

    A root handler is added only when none exists (an embedding program or pytest may have
    configured logging already); propagation is left alone.
    """
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(format="%(levelname)s: %(name)s: %(message)s", stream=sys.stderr)
    for name in ("briefgen", "weasyprint"):
        logging.getLogger(name).setLevel(level)


def _cmd_build(args: argparse.Namespace) -> int:
    from briefgen.api import build
    from briefgen.seeds import load_seeds
    from briefgen.theme import load_theme

    seeds = load_seeds(args.seeds)
    theme = load_theme(args.theme)
    ids = args.briefs or sorted(seeds.briefs)
    with _progress_bar(len(ids) * len(args.format), enabled=not args.quiet) as progress:
        report = build(
            seeds,
            args.out,
            ids,
            args.format,
            theme,
            pattern=args.name_pattern,
            pdf_variant=args.pdf_variant,
            jobs=args.jobs,
            force=args.force,
            progress=progress,
        )
    for output in report.outputs:
        if output.rendered:
            print(output.written)
    for output in report.outputs:
        if output.status == "kept":
            print(f"warning: {output.message}", file=sys.stderr)
        elif output.status == "failed":
            print(f"error: {output.brief} ({output.format}): {output.message}", file=sys.stderr)
    if not args.quiet or not report.ok:
        print(report.summary(), file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILURE


@contextmanager
def _progress_bar(total: int, *, enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar on stderr for multi-output builds on a terminal; nothing otherwise."""
    if not (enabled and total > 1 and sys.stderr.isatty()):
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, unit="file", file=sys.stderr, leave=False) as bar:

        def advance(output: Any) -> None:
            bar.set_postfix_str(f"{output.brief}.{output.format}", refresh=False)
            bar.update()

        yield advance


def _cmd_list(args: argparse.Namespace) -> int:
    from briefgen.seeds import load_seeds

    seeds = load_seeds(args.seeds)
    print("briefs:")
    for brief_id, spec in sorted(seeds.briefs.items()):
        print(f"  {brief_id:<30} {spec.date}  {spec.title}")
    print("sources:")
    for source_id, source in sorted(seeds.sources.items()):
        print(f"  {source_id:<30} {source.date or '(undated)'!s:<10}  {source.title}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from briefgen.assembly import assemble
    from briefgen.seeds import load_seeds

    seeds = load_seeds(args.seeds)
    for spec in seeds.briefs.values():
        assemble(spec, seeds.sources)
    print(f"ok: {len(seeds.sources)} sources and {len(seeds.briefs)} briefs are valid")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from briefgen.schema import seed_schemas

    schemas = seed_schemas()
    document = schemas[args.kind] if args.kind else schemas
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_doctor(args: argparse.Namespace) -> int:
    from briefgen.doctor import format_report, healthy, run_checks
    from briefgen.theme import load_theme

    checks = run_checks(load_theme(args.theme))
    print(format_report(checks))
    if not healthy(checks):
        print("briefs cannot be rendered correctly here: apply the fixes above", file=sys.stderr)
        return EXIT_FAILURE
    return EXIT_OK
