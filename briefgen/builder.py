"""Build a set of briefs into an output folder: incremental, parallel, and safe for shared drives.

The whole pipeline, in order:

1. assemble every requested brief (seeds were validated when loaded);
2. name each output (:mod:`briefgen.names`) and hash its inputs (the assembled brief, the
   theme and templates, the format and options, the versions of briefgen and its renderers);
3. lock the folder and read its manifest (:mod:`briefgen.manifest`);
4. decide per output: **unchanged** (same inputs, file as briefgen left it: nothing to do),
   **build**, or **kept** — the file there was changed after briefgen wrote it, or briefgen
   never wrote it: it is left alone and the new build goes beside it as ``<name>.new.<ext>``
   (``force`` overwrites instead);
5. render what is needed, in ``jobs`` worker processes; each file is staged durably, recorded
   in the manifest, then renamed into place, so a killed build leaves only whole files and a
   manifest that matches them;
6. report what happened to every output.

A brief that fails to render is reported as failed; the others are still built.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from briefgen.delivery import remove_stale_temporaries, staged
from briefgen.errors import BriefgenError, DeliveryError
from briefgen.manifest import Entry, Manifest, file_sha256, locked_manifest
from briefgen.models import Brief
from briefgen.names import DEFAULT_PATTERN, output_stem
from briefgen.resources import templates_dir
from briefgen.theme import Theme, load_theme
from briefgen.writers import FORMATS, PdfVariant, RenderOptions, render

logger = logging.getLogger(__name__)

Status = Literal["built", "unchanged", "kept", "failed"]

DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "docx")


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
class _Job:
    brief: Brief
    fmt: str
    path: Path
    target: Path
    inputs: str
    kept: bool


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
    progress: Callable[[Output], None] | None = None,
) -> BuildReport:
    """Render ``briefs`` into ``folder`` in every format, skipping what is up to date."""
    folder = Path(folder)
    theme = theme or load_theme()
    formats = tuple(dict.fromkeys(formats))
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:  # before anything is written (and without importing the renderers)
        raise ValueError(f"unknown format {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    options = RenderOptions(theme=theme, pdf_variant=pdf_variant)
    planned = _plan(briefs, formats, folder, pattern, options)
    report = BuildReport(folder)
    with locked_manifest(folder) as manifest:
        remove_stale_temporaries(folder)
        todo = []
        for brief, fmt, path, inputs in planned:
            job = _decide(manifest, brief, fmt, path, inputs, force)
            if isinstance(job, Output):
                report.outputs.append(job)
                if progress:
                    progress(job)
            else:
                todo.append(job)
        for job, result in _render_all(todo, options, jobs):
            output = _deliver(manifest, job, result)
            report.outputs.append(output)
            if progress:
                progress(output)
        manifest.save()
    return report


def _plan(
    briefs: Sequence[Brief],
    formats: tuple[str, ...],
    folder: Path,
    pattern: str,
    options: RenderOptions,
) -> list[tuple[Brief, str, Path, str]]:
    planned = []
    names: dict[str, str] = {}
    for brief in briefs:
        stem = output_stem(brief, pattern)
        for fmt in formats:
            name = f"{stem}.{fmt}"
            if name.casefold() in names:
                raise DeliveryError(
                    f"briefs '{names[name.casefold()]}' and '{brief.id}' would both be written as "
                    f"{name}: give one a different short_title, or use a name pattern with {{id}}"
                )
            names[name.casefold()] = brief.id
            planned.append((brief, fmt, folder / name, inputs_hash(brief, fmt, options)))
    return planned


def _decide(
    manifest: Manifest, brief: Brief, fmt: str, path: Path, inputs: str, force: bool
) -> _Job | Output:
    if force:
        return _Job(brief, fmt, path, path, inputs, kept=False)
    target, kept = path, False
    digest = file_sha256(path) if path.exists() else None
    if digest is not None:
        entry = manifest.get(path.name)
        if entry is None or not entry.describes(digest):
            target, kept = path.with_name(f"{path.stem}.new{path.suffix}"), True
            digest = file_sha256(target) if target.exists() else None
    entry = manifest.get(target.name)
    if entry is not None and entry.inputs == inputs and digest == entry.sha256:
        status: Status = "kept" if kept else "unchanged"
        return Output(
            brief.id, fmt, path, status, target, _kept_message(path, target) if kept else ""
        )
    return _Job(brief, fmt, path, target, inputs, kept)


def _kept_message(path: Path, target: Path) -> str:
    return (
        f"kept {path}: it was changed after briefgen wrote it (or briefgen did not write it); "
        f"the new build is {target.name} (use --force to overwrite)"
    )


def _render_all(
    todo: list[_Job], options: RenderOptions, jobs: int
) -> Iterable[tuple[_Job, bytes | BriefgenError]]:
    if jobs <= 1 or len(todo) <= 1:
        for job in todo:
            yield job, _render_safely(job.brief, job.fmt, options)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
        futures: list[tuple[_Job, Future[bytes | BriefgenError]]] = [
            (job, pool.submit(_render_safely, job.brief, job.fmt, options)) for job in todo
        ]
        for job, future in futures:
            yield job, future.result()


def _render_safely(brief: Brief, fmt: str, options: RenderOptions) -> bytes | BriefgenError:
    """Render, returning briefgen's own errors as values (they cross process boundaries)."""
    try:
        return render(brief, fmt, options)
    except BriefgenError as exc:
        return exc
    finally:
        if fmt == "pdf":
            # WeasyPrint's layout tree is full of reference cycles holding tens of MB each;
            # collecting them now keeps a long batch at ~180 MB instead of ~300 MB and rising.
            gc.collect()


def _deliver(manifest: Manifest, job: _Job, result: bytes | BriefgenError) -> Output:
    if isinstance(result, BriefgenError):
        logger.debug("rendering %s as %s failed", job.brief.id, job.fmt, exc_info=result)
        return Output(job.brief.id, job.fmt, job.path, "failed", None, str(result))
    digest = hashlib.sha256(result).hexdigest()
    replaced = file_sha256(job.target) if job.target.exists() else None
    entry = Entry(job.brief.id, job.fmt, digest, len(result), job.inputs, replaced)
    try:
        with staged(job.target, result):
            manifest.record(job.target.name, entry)
            manifest.save()  # before the rename: a killed build leaves a true manifest
    except DeliveryError as exc:
        return Output(job.brief.id, job.fmt, job.path, "failed", None, str(exc))
    if job.kept:
        message = _kept_message(job.path, job.target)
        return Output(job.brief.id, job.fmt, job.path, "kept", job.target, message, rendered=True)
    _remove_side_build(manifest, job.path)
    return Output(job.brief.id, job.fmt, job.path, "built", job.target, rendered=True)


def _remove_side_build(manifest: Manifest, path: Path) -> None:
    """After writing ``path`` itself, drop an earlier ``.new`` build beside it, if ours."""
    beside = path.with_name(f"{path.stem}.new{path.suffix}")
    entry = manifest.get(beside.name)
    if entry is not None and beside.exists() and file_sha256(beside) == entry.sha256:
        beside.unlink()
        manifest.forget(beside.name)


def inputs_hash(brief: Brief, fmt: str, options: RenderOptions) -> str:
    """Hash of everything an output is made from; equal hashes give byte-identical files."""
    digest = hashlib.sha256()
    digest.update(_environment_fingerprint(options.theme.folder).encode())
    digest.update(f"\0{fmt}\0{options.pdf_variant if fmt == 'pdf' else ''}\0".encode())
    digest.update(brief.model_dump_json().encode())
    return digest.hexdigest()


@cache
def _environment_fingerprint(theme_folder: Path) -> str:
    """Versions of briefgen and its renderers, and every file of the theme and templates."""
    from importlib.metadata import PackageNotFoundError, version

    from briefgen import __version__

    digest = hashlib.sha256(f"briefgen {__version__}".encode())
    for package in ("weasyprint", "python-docx", "jinja2", "babel", "pydyf"):
        try:
            digest.update(f"\0{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"\0{package} -".encode())
    for root in (theme_folder, templates_dir()):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
