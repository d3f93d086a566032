"""Batch runs: every page found in some paths to an output folder — in parallel, cached,
atomic, and with one bad page stopping nothing.

- ``jobs`` worker processes (default: the number of cores) each take whole pages; results
  come back in input order and only the parent writes, so the output of ``--jobs 8`` is
  byte-identical to ``--jobs 1``;
- an unchanged page is not extracted again: the cache (``.cache/pipeline/`` beside the
  output folder's parent by default, git-ignored) is keyed by the page's bytes, its
  sidecar, the options and a fingerprint of the pipeline's own code and resources, so any
  change to the code invalidates it; ``--force`` redoes everything; an entry is written
  atomically, so an interrupted run leaves a usable cache;
- every file is written to a temporary name and renamed (:func:`pipeline.run.write_atomic`),
  and with ``fsync`` also flushed to the disk first (``--fsync``: power-cut safe, slower);
- progress: a bar on a terminal, a plain line every ``LOG_EVERY`` pages otherwise.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from pipeline.catalog import CatalogConfig, CatalogEntry, build_catalog
from pipeline.emit import dumps
from pipeline.evidence import evidence_json
from pipeline.formats import csv_rows, partnerships_csv_from_rows
from pipeline.ids import DEFAULT_BASE_IRI, IdMinter
from pipeline.limits import PageTimeout, time_limit
from pipeline.load import DEFAULT_MAX_BYTES, LoadError, load_file
from pipeline.normalize.ulic import UlicIndex
from pipeline.run import PageError, PageResult, _process_checked, iter_inputs, write_atomic

FORMAT_SUFFIXES = {"jsonld": ".jsonld", "nquads": ".nq", "turtle": ".ttl"}
CATALOG_FILE = "catalog.jsonld"
EVIDENCE_SUFFIX = ".evidence.json"
CSV_FILE = "partnerships.csv"
#: Without a terminal, one progress line every this many pages.
LOG_EVERY = 100
#: The longest one page may take, by default (a 5 MB archive page takes about a minute).
DEFAULT_MAX_SECONDS = 120.0
#: Pages handed to a worker at a time (fewer round trips; still fine-grained).
CHUNK = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    base_iri: str = DEFAULT_BASE_IRI
    max_bytes: int = DEFAULT_MAX_BYTES
    formats: tuple[str, ...] = ("jsonld",)  # any of FORMAT_SUFFIXES
    shacl: bool = False  # validate every document with the SHACL shapes before writing
    catalog: CatalogConfig | None = field(default_factory=CatalogConfig)  # None: no catalog
    csv: bool = True  # DIR/partnerships.csv
    ulic: UlicIndex | None = None  # a TERYT ULIC register: streets get SYM_UL codes
    ulic_fingerprint: str = "-"  # a hash of that register's file, for the cache key
    jobs: int = 1  # worker processes
    cache_dir: Path | None = None  # None: no cache
    force: bool = False  # ignore cached results (and refresh them)
    overrides_dir: Path | None = None  # editors' corrections: DIR/NAME.yaml|.yml|.json
    max_seconds: float | None = DEFAULT_MAX_SECONDS  # per page; None: no limit
    fsync: bool = False  # flush every file to the disk before its rename (power-cut safe)


@dataclass(slots=True)
class RunSummary:
    pages: int = 0
    partnerships: int = 0
    flags: int = 0
    cached: int = 0
    seconds: float = 0.0
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class PageOutcome:
    """What a worker hands back for one page: its files, or why it has none.

    Only what the parent needs travels back (the catalog's and the CSV's values, and
    counts), not the records nor the document: pickling them cost more than reading them
    in the worker, and the parent shares the cores with the workers."""

    source: str
    files: dict[str, str] = field(default_factory=dict)  # output file name -> text
    partnerships: int = 0
    flags: int = 0
    failure: str | None = None
    cached: bool = False
    warnings: tuple[str, ...] = ()  # stale overrides: reported on every run
    written: tuple[str, ...] = ()  # the files (names) the worker wrote itself
    jsonld: str = ""  # the page's document as written (editors' corrections included)
    # what the catalog and the CSV need of that document, read in the worker
    catalog_entry: CatalogEntry | None = None
    csv_rows: tuple[dict[str, str], ...] = ()


# --------------------------------------------------------------------------------------
# One page (in a worker)
# --------------------------------------------------------------------------------------


def _shacl_problems(jsonld: str, source: Path) -> list[str]:
    from pipeline.validate import validate_document

    violations = validate_document(json.loads(jsonld), name=str(source), json_schema=False)
    return [str(v) for v in violations if v.is_error]


def page_files(result: PageResult, formats: tuple[str, ...]) -> dict[str, str]:
    """Every output file of one page (name -> text), in the forms asked for."""
    files: dict[str, str] = {}
    for fmt in formats:
        target = f"{result.name}{FORMAT_SUFFIXES[fmt]}"
        if fmt == "jsonld":
            files[target] = result.jsonld
            files[f"{result.name}{EVIDENCE_SUFFIX}"] = evidence_json(result.evidence)
        else:
            from pipeline import formats as rdf_forms

            convert = rdf_forms.to_nquads if fmt == "nquads" else rdf_forms.to_turtle
            files[target] = convert(result.jsonld)
    return files


def _may_have_overrides(directory: Path, page_name: str) -> bool:
    """Whether ``directory`` has a file named after the page (``NAME.*``).

    Only then is :mod:`pipeline.overrides` imported (with YAML: some 20 ms of a one-page
    run), most pages having no override file.  The folder is listed once for as long as it
    does not change (its modification time), not once per page.  A folder that cannot be
    listed may have one.
    """
    try:
        stamp = os.stat(directory).st_mtime_ns
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    if time.time_ns() - stamp < _RACY_NS:  # changed just now: maybe again within its tick
        names = _override_names(str(directory))
    else:
        names = _stable_override_names(str(directory), stamp)
    return names is None or page_name in names


#: A folder modified less than this long ago is listed again on every look: a file system
#: keeps modification times in coarse ticks, so a change right after a listing could leave
#: the time as it was (git's "racily clean" rule).
_RACY_NS = 2_000_000_000


@lru_cache(maxsize=8)
def _stable_override_names(directory: str, stamp: int) -> frozenset[str] | None:
    """:func:`_override_names` of a folder as it was at modification time ``stamp``."""
    return _override_names(directory)


def _override_names(directory: str) -> frozenset[str] | None:
    """Every NAME for which ``directory`` holds a file ``NAME.*`` (each part of a file name
    before one of its dots); None when it cannot be listed."""
    try:
        with os.scandir(directory) as entries:
            files = [entry.name for entry in entries]
    except NotADirectoryError:
        return frozenset()
    except OSError:
        return None
    names = set()
    for file in files:
        dot = file.find(".")
        while dot != -1:
            names.add(file[:dot])
            dot = file.find(".", dot + 1)
    return frozenset(names)


def _corrected(
    result: PageResult, overrides_dir: Path | None
) -> tuple[PageResult, tuple[str, ...]]:
    """The page with its editors' corrections applied (JSON-LD and evidence).

    A broken override file is the page's error (:class:`PageError`, with its message)."""
    if overrides_dir is None or not _may_have_overrides(overrides_dir, result.name):
        return result, ()
    from pipeline.overrides import (
        OverrideError,
        apply_overrides,
        find_overrides,
        load_overrides,
        override_report,
        reconcile_facts,
    )

    try:
        path = find_overrides(overrides_dir, result.name)
        if path is None:
            return result, ()
        applied = apply_overrides(
            json.loads(result.jsonld), load_overrides(path), source=path.as_posix()
        )
        evidence = dict(result.evidence)
        evidence["facts"] = reconcile_facts(evidence["facts"], applied.document, applied.changes)
        evidence["overrides"] = override_report(applied.changes, applied.stale)
    except OverrideError as err:
        raise PageError(str(err)) from err
    corrected = replace(result, jsonld=dumps(applied.document), evidence=evidence)
    return corrected, tuple(s.warning for s in applied.stale)


def process_path(item: Path, options: RunOptions) -> PageOutcome:
    """Load, extract and render one page; never raises (a failure is a value)."""
    source = str(item)
    key = None
    if options.cache_dir is not None:
        try:
            key = cache_key(item, options)
        except Exception:  # one bad page must not stop the run
            key = None  # an unreadable page or override file: the run below says why
        if key is not None and not options.force:
            hit = _read_cache(options.cache_dir, key, source)
            if hit is not None:
                return hit
    try:
        with time_limit(options.max_seconds, source):
            page = load_file(item, max_bytes=options.max_bytes)
            result = _process_checked(page, IdMinter(options.base_iri), options.ulic)
            result, warnings = _corrected(result, options.overrides_dir)
            problems = _shacl_problems(result.jsonld, item) if options.shacl else []
            files = page_files(result, options.formats)
    except (LoadError, PageError, PageTimeout) as err:
        return PageOutcome(source=source, failure=str(err))
    except Exception as err:  # one bad page must not stop the run
        return PageOutcome(
            source=source, failure=f"{item}: internal error: {type(err).__name__}: {err}"
        )
    if problems:
        return PageOutcome(
            source=source,
            failure=f"{item}: not written, SHACL: {problems[0]} ({len(problems)} in all)",
        )
    outcome = PageOutcome(
        source=source,
        files=files,
        partnerships=len(result.records.partnerships),
        flags=len(result.records.flags),
        warnings=warnings,
        jsonld=result.jsonld,
    )
    if key is not None and options.cache_dir is not None:
        _write_cache(options.cache_dir, key, outcome, fsync=options.fsync)
    return outcome


# --------------------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------------------


@cache
def code_fingerprint() -> str:
    """A hash of the pipeline's own code and resources: a new version invalidates the cache."""
    digest = hashlib.sha256()
    root = resources.files("pipeline")
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                if entry.name != "__pycache__":
                    stack.append(entry)
            elif entry.name.endswith((".py", ".txt", ".csv", ".json", ".md")):
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(str(entry).rsplit("pipeline", 1)[-1].encode())
        digest.update(entry.read_bytes())
    return digest.hexdigest()


def cache_key(item: Path, options: RunOptions) -> str:
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(item.name.encode())
    digest.update(item.read_bytes())
    sidecar = item.with_name(item.stem + ".meta.json")
    digest.update(sidecar.read_bytes() if sidecar.exists() else b"-")
    settings = (options.base_iri, options.max_bytes, options.formats, options.shacl)
    digest.update(repr(settings).encode())
    corrections = None
    if options.overrides_dir and _may_have_overrides(options.overrides_dir, item.stem):
        from pipeline.overrides import find_overrides

        corrections = find_overrides(options.overrides_dir, item.stem)
    digest.update(corrections.read_bytes() if corrections is not None else b"-")
    digest.update(options.ulic_fingerprint.encode())
    return digest.hexdigest()


def _cache_file(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.json"


def _read_cache(cache_dir: Path, key: str, source: str) -> PageOutcome | None:
    try:
        data = json.loads(_cache_file(cache_dir, key).read_text("utf-8"))
        return PageOutcome(
            source=source,
            files=data["files"],
            partnerships=int(data["partnerships"]),
            flags=int(data["flags"]),
            cached=True,
            warnings=tuple(data["warnings"]),
            jsonld=data["jsonld"],
        )
    except (OSError, ValueError, KeyError):
        return None  # missing or damaged: extract again


def _write_cache(cache_dir: Path, key: str, outcome: PageOutcome, *, fsync: bool) -> None:
    data = {
        "files": outcome.files,
        "partnerships": outcome.partnerships,
        "flags": outcome.flags,
        "warnings": list(outcome.warnings),
        "jsonld": outcome.jsonld,
    }
    try:
        write_atomic(_cache_file(cache_dir, key), json.dumps(data, ensure_ascii=False), fsync=fsync)
    except OSError:
        pass  # a cache that cannot be written is only a slower next run


# --------------------------------------------------------------------------------------
# Many pages
# --------------------------------------------------------------------------------------


class _Progress:
    """A bar on a terminal (tqdm), else a plain line every LOG_EVERY pages."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.bar = total, 0, None
        self.enabled = enabled
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="page", file=sys.stderr, leave=False)

    def step(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.enabled and self.done % LOG_EVERY == 0:
            print(f"progress: {self.done}/{self.total} pages", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def process_and_write(item: Path, options: RunOptions, out_dir: Path) -> PageOutcome:
    """One page, its files written (atomically) where it was processed: in a worker, so
    that writing is as parallel as extraction; the texts do not travel back."""
    outcome = process_path(item, options)
    for name, text in outcome.files.items():
        write_atomic(out_dir / name, text, fsync=options.fsync)
    written = tuple(outcome.files)
    if outcome.failure is not None:
        return replace(outcome, files={}, written=written)
    # the catalog and the CSV read the document as written (corrections included); read
    # here, in the worker, so that only their few values travel back, not the document
    document = json.loads(outcome.jsonld)
    names = [n for n in written if not n.endswith(EVIDENCE_SUFFIX)]
    entry = CatalogEntry.from_document(names[0], document)
    return replace(
        outcome,
        files={},
        written=written,
        jsonld="",
        catalog_entry=replace(entry, other_files=tuple(names[1:])),
        csv_rows=tuple(csv_rows(document)) if options.csv else (),
    )


_worker_run: tuple[RunOptions, Path] | None = None  # a worker's options and output folder


def _set_worker_run(options: RunOptions, out_dir: Path) -> None:
    global _worker_run
    _worker_run = (options, out_dir)


def _process_in_worker(item: Path) -> PageOutcome:
    assert _worker_run is not None, "the pool's initializer sets the worker's run"
    return process_and_write(item, *_worker_run)


def _warm_up() -> None:
    """Load Morfeusz, spaCy and the registers once, before the workers are forked: each
    worker then starts with them in memory instead of loading them again."""
    from pipeline.run import extract_page

    extract_page(
        "<h2>Partnerstwo „Rozgrzewka”</h2><p>Powstało w 2010 r. na Woli.</p>".encode(),
        name="warm-up",
    )


#: The young generation's collection threshold during a run (Python's default is 700).  A
#: page makes tens of thousands of short-lived objects, nearly all freed by reference
#: counting; collecting every 700 allocations cost about 6 % of a page (0.37 ms of a devcorpus
#: page), every 7,000 about 2 % (0.12 ms).  The older generations keep their thresholds.
BATCH_GC_THRESHOLD = 7000


@contextmanager
def batch_collection() -> Iterator[None]:
    """The garbage collector as a run of many pages wants it: what is loaded so far (the
    dictionaries, the registers, the code) frozen out of every later collection, and young
    collections ten times rarer; the thresholds are restored afterwards."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(old[0], BATCH_GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _outcomes(items: list[Path], options: RunOptions, out_dir: Path) -> Iterator[PageOutcome]:
    if options.jobs <= 1 or len(items) <= 1:
        with batch_collection():
            for item in items:
                yield process_and_write(item, options, out_dir)
        return
    import multiprocessing  # only here: a one-process run does without
    from concurrent.futures import ProcessPoolExecutor

    _warm_up()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with (
        batch_collection(),  # before the fork: the workers inherit it, frozen pages shared
        ProcessPoolExecutor(
            max_workers=options.jobs,
            mp_context=context,
            initializer=_set_worker_run,  # the options go to each worker once, not per page
            initargs=(options, out_dir),
        ) as pool,
    ):
        yield from pool.map(_process_in_worker, items, chunksize=CHUNK)


def run(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    options: RunOptions | None = None,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    progress: bool = False,
) -> RunSummary:
    """Extract every page found in ``paths`` into ``out_dir``; one bad page stops nothing."""
    started = time.perf_counter()
    options = options or RunOptions()
    summary = RunSummary()
    entries: list[CatalogEntry] = []
    rows: list[dict[str, str]] = []  # the CSV's, page by page
    pages_written = 0

    def fail(message: str) -> None:
        summary.failures.append(message)
        if on_error is not None:
            on_error(message)

    items: list[Path] = []
    claimed: dict[str, Path] = {}
    for item in iter_inputs(paths):
        if isinstance(item, str):
            fail(item)
        elif item.stem in claimed:
            summary.pages += 1
            fail(f"{item}: {out_dir / item.stem}.* is already written from {claimed[item.stem]}")
        else:
            claimed[item.stem] = item
            items.append(item)
    summary.pages += len(items)
    bar = _Progress(len(items), progress)
    try:
        for outcome in _outcomes(items, options, out_dir):
            bar.step()
            for warning in outcome.warnings:
                summary.warnings.append(warning)
                if on_warning is not None:
                    on_warning(warning)
            if outcome.failure is not None:
                fail(outcome.failure)
                continue
            summary.written.extend(out_dir / name for name in outcome.written)
            summary.cached += outcome.cached
            summary.partnerships += outcome.partnerships
            summary.flags += outcome.flags
            if outcome.catalog_entry is not None:
                entries.append(outcome.catalog_entry)
            rows.extend(outcome.csv_rows)
            pages_written += 1
    finally:
        bar.close()
    if options.csv and pages_written:
        write_atomic(out_dir / CSV_FILE, partnerships_csv_from_rows(rows), fsync=options.fsync)
        summary.written.append(out_dir / CSV_FILE)
        entries.append(CatalogEntry(file_name=CSV_FILE))
    if options.catalog is not None and entries:
        catalog = build_catalog(entries, config=options.catalog)
        write_atomic(out_dir / CATALOG_FILE, catalog, fsync=options.fsync)
        summary.written.append(out_dir / CATALOG_FILE)
    summary.seconds = time.perf_counter() - started
    return summary


def default_jobs() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def file_fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
