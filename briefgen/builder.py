"""Build a set of briefs into an output folder: incremental, parallel, and safe for shared drives.

The whole pipeline, in order:

1. assemble every requested brief (seeds were validated when loaded);
2. name each output (:mod:`briefgen.names`) and hash its inputs (the assembled brief, the
   theme and templates, the format and options, the versions of briefgen and its renderers);
3. lock the folder, clear what a killed build left and read the manifest
   (:mod:`briefgen.delivery`, :mod:`briefgen.manifest`);
4. decide per output: **unchanged** (same inputs, file as briefgen left it: nothing to do),
   **build**, or **kept** (see below);
5. render what is needed in guarded worker processes (:mod:`briefgen.workers`: a time and
   memory limit per output); deliver each file as it is ready: stage it durably, record it in
   the manifest, look again at what is at its name, then rename it into place;
6. report what happened to every output.

What is never lost. An output name holding something briefgen cannot prove it wrote — a file
changed after briefgen wrote it, a file briefgen never wrote, a symbolic link (even a dangling
one), a folder, a FIFO or device, an unreadable file — is **kept**: the new build goes beside
it as ``NAME.new.EXT`` (or ``NAME.new-2.EXT`` … when that name is not briefgen's either, or is
another output's name in this build). ``force`` overwrites regular files only, and never
records a person's version as briefgen's own. A file edited *while* briefgen renders it is
found by the last look before the rename and kept the same way. The manifest's ``previous``
only ever holds hashes of files briefgen wrote.

A brief that fails to render (an error, over its limits, a killed worker) is reported as
failed; every other output is still delivered.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefgen.delivery import FileState, OutputFolder, open_output_folder
from briefgen.errors import BriefgenError, DeliveryError
from briefgen.manifest import Entry, sha256_bytes
from briefgen.models import Brief
from briefgen.names import DEFAULT_PATTERN, output_stem
from briefgen.resources import templates_dir
from briefgen.theme import Theme, load_theme, theme_files
from briefgen.workers import RenderLimits, Task, render_guarded
from briefgen.writers import (
    DEFAULT_FORMATS,
    REGISTRY,
    Format,
    PdfVariant,
    RenderOptions,
    check_formats,
)

logger = logging.getLogger(__name__)

Status = Literal["built", "unchanged", "kept", "failed"]

SIDE_NAMES = 9
"""How many names beside a kept file are tried: NAME.new.EXT, NAME.new-2.EXT … NAME.new-9.EXT."""


@dataclass(frozen=True, slots=True)
class Output:
    """What happened to one output file."""

    brief: str
    format: str
    path: Path
    status: Status
    written: Path | None = None
    """The file holding this build: ``path``, or the file beside it when ``path`` was kept."""
    message: str = ""
    rendered: bool = False
    """True when the file was rendered and written by this build."""


@dataclass
class BuildReport:
    """Every output of a build, and where they are."""

    folder: Path
    outputs: list[Output] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many outputs ended with ``status``."""
        return sum(1 for o in self.outputs if o.status == status)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return self.count("failed") == 0

    def summary(self) -> str:
        """One line: ``built 2, unchanged 12, kept 0, failed 0 in out/``."""
        counts = ", ".join(f"{s} {self.count(s)}" for s in ("built", "unchanged", "kept", "failed"))
        return f"{counts} in {self.folder}"


@dataclass(frozen=True, slots=True)
class _Planned:
    brief: Brief
    fmt: str
    path: Path
    inputs: str


@dataclass(frozen=True, slots=True)
class _Job:
    """An output to render, and where it will go."""

    planned: _Planned
    target: str
    """The name to write: the output's own, or a side name beside a kept file."""
    seen: FileState
    """What was at ``target`` when the decision was made; checked again before the rename."""
    ours: bool
    """True when ``seen`` is a file briefgen wrote (its hash may go into ``previous``)."""
    why_kept: str = ""
    """Empty when ``target`` is the output's own name; else why that name was kept."""


def build_briefs(
    briefs: Sequence[Brief],
    folder: Path | str,
    *,
    formats: Iterable[str] = DEFAULT_FORMATS,
    theme: Theme | None = None,
    pattern: str = DEFAULT_PATTERN,
    pdf_variant: PdfVariant = "pdf/ua-1",
    jobs: int = 1,
    force: bool = False,
    limits: RenderLimits | None = None,
    progress: Callable[[Output], None] | None = None,
) -> BuildReport:
    """Render ``briefs`` into ``folder`` in every format, skipping what is up to date."""
    folder = Path(folder)
    theme = theme or load_theme()
    formats = check_formats(formats)  # before anything is written
    options = RenderOptions(theme=theme, pdf_variant=pdf_variant)
    planned = _plan(briefs, formats, folder, pattern, options)
    report = BuildReport(folder)

    def done(output: Output) -> None:
        report.outputs.append(output)
        if progress:
            progress(output)

    with open_output_folder(folder) as out:
        names = _Names(out, {p.path.name for p in planned})
        todo: list[_Job] = []
        for item in planned:
            decision = _decide(out, names, item, force)
            if isinstance(decision, Output):
                done(decision)
            else:
                todo.append(decision)
        tasks = [Task(job.planned.brief, job.planned.fmt, options) for job in todo]
        for job, result in render_guarded(todo, tasks, jobs, limits or RenderLimits()):
            done(_deliver(out, names, job, result))
        out.save_manifest()
    return report


def _plan(
    briefs: Sequence[Brief],
    formats: tuple[str, ...],
    folder: Path,
    pattern: str,
    options: RenderOptions,
) -> list[_Planned]:
    environment = environment_fingerprint(options.theme)
    fonts = ""
    if any(REGISTRY[fmt].fonts for fmt in formats):
        from briefgen.fonts import font_files_fingerprint

        fonts = font_files_fingerprint(options.theme.fonts.body)
    planned = []
    names: dict[str, str] = {}
    for brief in briefs:
        stem = output_stem(brief, pattern)
        for fmt in formats:
            name = f"{stem}{REGISTRY[fmt].extension}"
            if name.casefold() in names:
                raise DeliveryError(
                    f"briefs '{names[name.casefold()]}' and '{brief.id}' would both be written as "
                    f"{name}: give one a different short_title, or use a name pattern with {{id}}"
                )
            names[name.casefold()] = brief.id
            inputs = inputs_hash(brief, REGISTRY[fmt], options, environment, fonts)
            planned.append(_Planned(brief, fmt, folder / name, inputs))
    return planned


class _Names:
    """The names of this build: every output's own name, and the side names given out so far.

    Names are compared case-insensitively, as on Windows and macOS shares. A side name is
    never another output's own name, never one already given out, and never a file briefgen
    cannot prove it wrote as a side build of the same output.
    """

    def __init__(self, folder: OutputFolder, finals: set[str]) -> None:
        self._folder = folder
        self._taken = {name.casefold() for name in finals}

    def existing_side(self, item: _Planned) -> tuple[str, FileState] | None:
        """An earlier side build of ``item`` that is still as briefgen wrote it."""
        for name, entry in self._folder.manifest.side_builds(item.path.name):
            if name.casefold() in self._taken or entry.brief != item.brief.id:
                continue
            state = self._folder.state(name)
            if state.kind == "file" and state.sha256 == entry.sha256:
                self._taken.add(name.casefold())
                return name, state
        return None

    def side_job(self, item: _Planned, why_kept: str) -> _Job | None:
        """A job writing ``item`` under a free name beside its own, or None when none is."""
        free = self._free_side(item)
        if free is None:
            return None
        side, state = free
        return _Job(item, side, state, state.kind == "file", why_kept)

    def _free_side(self, item: _Planned) -> tuple[str, FileState] | None:
        """A name beside ``item``'s own that briefgen may write, and what is there now."""
        path = item.path
        for number in range(1, SIDE_NAMES + 1):
            name = f"{path.stem}.new{'' if number == 1 else f'-{number}'}{path.suffix}"
            if name.casefold() in self._taken:
                continue
            state = self._folder.state(name)
            entry = self._folder.manifest.get(name)
            mine = entry is None or entry.side_of == path.name
            if (state.kind == "missing" and mine) or (
                state.kind == "file"
                and entry is not None
                and entry.side_of == path.name
                and entry.describes(state.sha256)
            ):
                self._taken.add(name.casefold())
                return name, state
        return None


def _decide(folder: OutputFolder, names: _Names, item: _Planned, force: bool) -> _Job | Output:
    name = item.path.name
    state = folder.state(name)
    entry = folder.manifest.get(name)
    ours = state.kind == "file" and entry is not None and entry.describes(state.sha256)
    if state.kind == "missing" or ours or (force and state.kind == "file"):
        if (
            not force
            and entry is not None
            and entry.side_of is None
            and (entry.brief, entry.format, entry.inputs) == (item.brief.id, item.fmt, item.inputs)
            and state.sha256 == entry.sha256
        ):
            return Output(item.brief.id, item.fmt, item.path, "unchanged", item.path)
        return _Job(item, name, state, ours)
    why = _why_kept(state, entry is not None, force)
    existing = names.existing_side(item)
    if existing is not None:
        side, side_state = existing
        side_entry = folder.manifest.get(side)
        if not force and side_entry is not None and side_entry.inputs == item.inputs:
            message = _kept_message(item.path, side, why)
            return Output(item.brief.id, item.fmt, item.path, "kept", folder.path / side, message)
        return _Job(item, side, side_state, True, why)
    return names.side_job(item, why) or _no_side_name(item, why)


def _why_kept(state: FileState, recorded: bool, force: bool) -> str:
    if state.kind != "file":
        return f"it is {state.detail}, which briefgen never replaces"
    reason = "it was changed after briefgen wrote it" if recorded else "briefgen did not write it"
    return reason if force else f"{reason} (use --force to overwrite)"


def _kept_message(path: Path, side: str, why: str) -> str:
    return f"kept {path}: {why}; the new build is {side}"


def _no_side_name(item: _Planned, why: str) -> Output:
    message = (
        f"kept {item.path}: {why}; and no name beside it is free ({item.path.stem}.new"
        f"{item.path.suffix} to .new-{SIDE_NAMES}{item.path.suffix} hold files briefgen did "
        f"not write): move some of them away"
    )
    return Output(item.brief.id, item.fmt, item.path, "failed", None, message)


def _deliver(
    folder: OutputFolder, names: _Names, job: _Job, result: bytes | BriefgenError
) -> Output:
    item = job.planned
    if isinstance(result, BriefgenError):
        return Output(item.brief.id, item.fmt, item.path, "failed", None, str(result))
    digest = sha256_bytes(result)
    try:
        with folder.stage(result) as staged:
            for _ in range(SIDE_NAMES):
                side_of = item.path.name if job.why_kept else None
                previous = job.seen.sha256 if job.ours else None
                entry = Entry(
                    item.brief.id, item.fmt, digest, len(result), item.inputs, previous, side_of
                )
                before = folder.manifest.get(job.target)
                folder.manifest.record(job.target, entry)
                folder.save_manifest()  # before the rename: a killed build leaves a true manifest
                if folder.state(job.target).same_as(job.seen):
                    staged.commit(job.target)
                    break
                # Someone changed the file while briefgen was rendering: it is theirs now.
                folder.manifest.restore(job.target, before)
                logger.debug("%s changed during the build", job.target)
                why = job.why_kept or "it was changed while briefgen was building it"
                side_job = names.side_job(item, why)
                if side_job is None:
                    folder.save_manifest()
                    return _no_side_name(item, why)
                job = side_job
            else:
                return _no_side_name(item, job.why_kept)
    except DeliveryError as exc:
        return Output(item.brief.id, item.fmt, item.path, "failed", None, str(exc))
    written = folder.path / job.target
    if job.why_kept:
        message = _kept_message(item.path, job.target, job.why_kept)
        return Output(item.brief.id, item.fmt, item.path, "kept", written, message, rendered=True)
    _remove_side_builds(folder, item.path.name)
    return Output(item.brief.id, item.fmt, item.path, "built", written, rendered=True)


def _remove_side_builds(folder: OutputFolder, name: str) -> None:
    """After writing ``name`` itself, drop the builds briefgen wrote beside it earlier.

    A side build someone has changed since is theirs now: it stays, and leaves the manifest.
    """
    for side, entry in folder.manifest.side_builds(name):
        state = folder.state(side)
        if state.kind == "file" and entry.describes(state.sha256):
            try:
                (folder.path / side).unlink()
            except OSError as exc:
                logger.warning("could not remove the old build %s: %s", side, exc)
                continue
        folder.manifest.forget(side)


def inputs_hash(
    brief: Brief, fmt: Format, options: RenderOptions, environment: str, fonts: str = ""
) -> str:
    """Hash of everything an output is made from; equal hashes give byte-identical files.

    That is: briefgen's version, the theme and templates (``environment``), the versions of the
    packages the format's writer uses and of everything they require, the options that format
    depends on, for a format that lays text out the installed font files (``fonts``, from
    :func:`briefgen.fonts.font_files_fingerprint`) and the compact fonts' repertoire, and the
    brief.
    """
    from briefgen.compactfont import REPERTOIRE_VERSION

    digest = hashlib.sha256(environment.encode())
    digest.update(f"\0{fmt.name}".encode())
    for package in fmt.package_versions():
        digest.update(f"\0{package}".encode())
    digest.update("\0".join(("", *fmt.option_values(options), "")).encode())
    if fmt.fonts:
        digest.update(f"fonts {fonts} compact {REPERTOIRE_VERSION}\0".encode())
    digest.update(brief.model_dump_json().encode())
    return digest.hexdigest()


def environment_fingerprint(theme: Theme) -> str:
    """briefgen's version, and every file of the theme and templates.

    Computed once per build, never cached across builds: a long-lived process (a script, a
    preview server) sees an edited theme at its next build.
    """
    from briefgen import __version__

    digest = hashlib.sha256(f"briefgen {__version__}".encode())
    digest.update(theme.model_dump_json().encode())
    for name, data in theme_files(theme):
        digest.update(f"\0theme/{name}\0".encode() + data)
    templates = templates_dir()
    for path in sorted(p for p in templates.rglob("*.j2") if p.is_file()):
        digest.update(f"\0templates/{path.relative_to(templates).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
