"""The command line: ``briefgen build | list | validate | new | serve | schema | doctor``.

Exit codes: 0 success; 1 content, environment or build errors; 2 usage errors (argparse).
Results go to stdout, messages to stderr. Errors from briefgen's exception tree are printed as
plain messages, never as tracebacks. Heavy libraries (WeasyPrint, python-docx, pydantic) are
imported inside the commands that need them, so ``briefgen --help`` starts quickly.

Logging: warnings and errors from briefgen and WeasyPrint go to stderr; ``--quiet`` keeps only
errors, ``--verbose`` adds progress and debug lines.

Everything printed passes through :func:`printable`: control characters that came from seed
keys, file names or folder names (a terminal escape sequence, a bell) are shown escaped
(``\x1b``), never sent to the terminal. A closed pipe (``briefgen schema | head``) ends the
command quietly.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.workers import RenderLimits
from briefgen.writers import DEFAULT_FORMATS, PDF_VARIANTS, REGISTRY

_DEFAULT_LIMITS = RenderLimits()
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

logger = logging.getLogger("briefgen.cli")


# C0 and C1 controls (but newline) and the bidi controls that could disguise text on screen.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` with control characters escaped, safe to show on a terminal."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(text))


def out(text: object) -> None:
    """Print a result line on stdout."""
    print(printable(text))


def err(text: object) -> None:
    """Print a message line on stderr."""
    print(printable(text), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    _configure_logging(args.quiet, args.verbose)
    command: Callable[[argparse.Namespace], int] = args.command
    from briefgen.errors import BriefgenError, SeedError

    try:
        code = command(args)
        sys.stdout.flush()
        return code
    except SeedError as exc:
        for problem in exc.problems:
            err(problem)
        count = len(exc.problems)
        err(f"{_count(count, 'problem')} found.")
        return EXIT_FAILURE
    except BriefgenError as exc:
        err(f"error: {exc}")
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, and keep Python from complaining
        # again when it flushes stdout on exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except KeyboardInterrupt:
        err("interrupted")
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
        default=",".join(DEFAULT_FORMATS),
        metavar="LIST",
        type=_formats,
        help="comma-separated formats: "
        + ", ".join(f"{f.name} ({f.description})" for f in REGISTRY.values())
        + f" (default: {','.join(DEFAULT_FORMATS)})",
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
    _limit_options(build)
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

    new = sub.add_parser(
        "new",
        parents=[common, seeds],
        help="start a source, a brief or a theme from a file that explains every field",
        description="Write a new seed file with every field explained in Korean and English "
        "and placeholder values that validate as they are (new source ID, new brief ID), or "
        "copy the default theme into a new folder to start a house style (new theme DIR). "
        "Never overwrites anything; prints the path it wrote.",
    )
    new.add_argument("what", choices=("source", "brief", "theme"), help="what to start")
    new.add_argument("name", metavar="ID|DIR", help="the new id (source, brief) or folder (theme)")
    new.set_defaults(command=_cmd_new)

    serve = sub.add_parser(
        "serve",
        parents=[common, seeds],
        help="preview every brief in the browser, rebuilt and reloaded on every edit",
        description="Serve every brief as an HTML preview at http://127.0.0.1:PORT/brief/ID "
        "(an index at /). Every change to the seeds or the theme rebuilds the preview, and "
        "open pages reload by themselves; seed errors show in the page as file:line messages. "
        "Each page links to its PDF, DOCX and HWPX, built from the current files. Stop with "
        "Ctrl-C.",
    )
    serve.add_argument(
        "--theme", type=Path, default=None, metavar="DIR", help="theme folder (default: packaged)"
    )
    serve.add_argument(
        "--port",
        type=_bounded(0, 65535),
        default=8000,
        help="port (default: 8000; 0 picks one)",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="one address to listen on (default: 127.0.0.1, this computer only); not 0.0.0.0",
    )
    _limit_options(serve)
    serve.set_defaults(command=_cmd_serve)

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


def _limit_options(parser: argparse.ArgumentParser) -> None:
    """``--time-limit`` and ``--memory-limit``: what one output may cost in a worker."""
    from briefgen.workers import MAX_MEMORY_MB, MAX_SECONDS, MIN_MEMORY_MB

    parser.add_argument(
        "--time-limit",
        type=_bounded(1, MAX_SECONDS),
        default=int(_DEFAULT_LIMITS.seconds),
        metavar="SECONDS",
        help="stop rendering one output after this many seconds and report it as failed "
        f"(default: {_DEFAULT_LIMITS.seconds:g}; at most {MAX_SECONDS})",
    )
    parser.add_argument(
        "--memory-limit",
        type=_bounded(MIN_MEMORY_MB, MAX_MEMORY_MB),
        default=_DEFAULT_LIMITS.memory_mb,
        metavar="MB",
        help="memory one output may use while rendering, in MB "
        f"(default: {_DEFAULT_LIMITS.memory_mb}; {MIN_MEMORY_MB} to {MAX_MEMORY_MB})",
    )


def _bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, or a usage error."""

    def whole_number(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = low - 1
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(
                f"expected a whole number from {low} to {high}, got {value!r}"
            )
        return number

    return whole_number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def _name_pattern(value: str) -> str:
    from briefgen.errors import OptionError
    from briefgen.names import check_pattern

    try:
        return check_pattern(value)
    except OptionError as exc:
        raise argparse.ArgumentTypeError(printable(exc)) from None


def _formats(value: str) -> tuple[str, ...]:
    from briefgen.errors import OptionError
    from briefgen.writers import check_formats

    try:
        return check_formats(f.strip().lower() for f in value.split(",") if f.strip())
    except OptionError as exc:
        raise argparse.ArgumentTypeError(printable(exc)) from None


def _configure_logging(quiet: bool, verbose: bool) -> None:
    """Send briefgen's and WeasyPrint's records to stderr at the chosen level.

    A root handler is added only when none exists (an embedding program or pytest may have
    configured logging already); propagation is left alone.
    """
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.WARNING
    if not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_PrintableFormatter("%(levelname)s: %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
    for name in ("briefgen", "weasyprint"):
        logging.getLogger(name).setLevel(level)


class _PrintableFormatter(logging.Formatter):
    """Log lines with control characters escaped, like every other line the CLI prints."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


def _cmd_build(args: argparse.Namespace) -> int:
    from briefgen import workers

    limits = RenderLimits(seconds=args.time_limit, memory_mb=args.memory_limit)
    # Workers load the writers on the other core while this process reads the seeds.
    workers.prestart(args.jobs, limits, args.format)
    try:
        return _build(args, limits)
    finally:
        workers.stop_prestarted()


def _build(args: argparse.Namespace, limits: RenderLimits) -> int:
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
            limits=limits,
            progress=progress,
        )
    for output in report.outputs:
        if output.rendered:
            out(output.written)
    for output in report.outputs:
        if output.status == "kept":
            err(f"warning: {output.message}")
        elif output.status == "failed":
            err(f"error: {output.brief} ({output.format}): {output.message}")
    if not args.quiet or not report.ok:
        err(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILURE


@contextmanager
def _progress_bar(total: int, *, enabled: bool) -> Iterator[Callable[[Any], None] | None]:
    """A progress bar on stderr for multi-output builds on a terminal; nothing otherwise."""
    if not (enabled and total > 1 and sys.stderr.isatty()):
        yield None
        return
    from tqdm import tqdm

    # One redraw per finished file: renders take far longer than a redraw.
    with tqdm(total=total, unit="file", file=sys.stderr, leave=False, mininterval=0) as bar:

        def advance(output: Any) -> None:
            bar.set_postfix_str(f"{output.brief}.{output.format}", refresh=False)
            bar.update()

        yield advance


def _cmd_list(args: argparse.Namespace) -> int:
    from briefgen.seeds import load_seeds

    seeds = load_seeds(args.seeds)
    # One id column as wide as the longest id (ids reach 64 characters): dates line up.
    width = max((len(i) for i in (*seeds.briefs, *seeds.sources)), default=0)
    out("briefs:")
    for brief_id, spec in sorted(seeds.briefs.items()):
        out(f"  {brief_id:<{width}}  {spec.date!s:<10}  {spec.title}")
    out("sources:")
    for source_id, source in sorted(seeds.sources.items()):
        out(f"  {source_id:<{width}}  {source.date or '(undated)'!s:<10}  {source.title}")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from briefgen.assembly import assemble
    from briefgen.seeds import load_seeds

    seeds = load_seeds(args.seeds)
    for spec in seeds.briefs.values():
        assemble(spec, seeds.sources)
    out(
        f"ok: {_count(len(seeds.sources), 'source')} and {_count(len(seeds.briefs), 'brief')} valid"
    )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    import json

    from briefgen.schema import seed_schemas

    schemas = seed_schemas()
    document = schemas[args.kind] if args.kind else schemas
    print(json.dumps(document, ensure_ascii=False, indent=2))  # JSON escapes controls itself
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from briefgen import scaffold

    if args.what == "theme":
        out(scaffold.new_theme(Path(args.name)))
    elif args.what == "source":
        out(scaffold.new_source(args.seeds, args.name))
    else:
        out(scaffold.new_brief(args.seeds, args.name))
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from briefgen import serve

    if not args.seeds.is_dir():
        err(f"error: seed folder {args.seeds} not found (use --seeds DIR, or `briefgen new`)")
        return EXIT_FAILURE
    from briefgen.errors import OptionError

    limits = RenderLimits(seconds=args.time_limit, memory_mb=args.memory_limit)
    try:
        server = serve.start(args.seeds, args.theme, host=args.host, port=args.port, limits=limits)
    except OptionError as exc:
        err(f"error: {printable(exc)}")
        return EXIT_USAGE
    except OSError as exc:
        err(f"error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_FAILURE
    try:
        # Ctrl-C (and a process manager's SIGTERM) stop the preview even when the process was
        # started with SIGINT ignored, as a shell script's background job or a test runner's
        # worker is: Python then installs no KeyboardInterrupt handler of its own.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        out(f"previewing {args.seeds} at {server.url} (Ctrl-C stops)")
        sys.stdout.flush()
        serve.wait_for_interrupt()
    except KeyboardInterrupt:
        pass
    finally:
        stopped = server.stop()  # also when Ctrl-C comes before the wait
    if not stopped:
        # A thread still inside an import can hang the interpreter's exit (seen once in CI,
        # under load): Ctrl-C must end the preview all the same.
        logger.debug("a preview thread did not end; leaving without waiting for it")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_OK)
    return EXIT_OK


def _cmd_doctor(args: argparse.Namespace) -> int:
    from briefgen.doctor import format_report, healthy, run_checks
    from briefgen.theme import load_theme

    checks = run_checks(load_theme(args.theme))
    out(format_report(checks))
    if not healthy(checks):
        err("briefs cannot be rendered correctly here: apply the fixes above")
        return EXIT_FAILURE
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    """``1 source``, ``2 sources``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
