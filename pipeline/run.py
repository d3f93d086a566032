"""Wiring: one page through every stage, and a batch of pages to an output folder.

``extract_page`` is the library entry point (no global state besides the per-process
Morfeusz/spaCy singletons, which are read-only); ``run`` is what the command line calls.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from pipeline.catalog import CatalogConfig, CatalogEntry, build_catalog
from pipeline.clean import Document, clean
from pipeline.emit import to_jsonld
from pipeline.evidence import build_evidence, evidence_json
from pipeline.extract.page import page_facts
from pipeline.flags import review_flags
from pipeline.ids import DEFAULT_BASE_IRI, IdMinter
from pipeline.load import (
    DEFAULT_MAX_BYTES,
    PAGE_SUFFIXES,
    LoadError,
    Page,
    is_page_file,
    load_bytes,
    load_file,
)
from pipeline.normalize.ulic import UlicIndex
from pipeline.records import PageRecords
from pipeline.resolve import resolve
from pipeline.segment import Segmentation, segment


class PageError(Exception):
    """A page produced no output. ``str(err)`` is one line naming the page and the reason."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PageResult:
    name: str
    records: PageRecords  # with their review flags
    jsonld: str
    evidence: dict  # pipeline.evidence's document: every fact's quote and span, the flags
    document: Document
    segmentation: Segmentation


def process(page: Page, *, minter: IdMinter, ulic: UlicIndex | None = None) -> PageResult:
    """Every stage after loading."""
    document = clean(page)
    segmentation = segment(document)
    facts = page_facts(segmentation, page_name=page.name, url=page.url, retrieved=page.retrieved)
    records = resolve(facts, document, minter=minter, ulic=ulic)
    records = records.model_copy(update={"flags": review_flags(records)})
    return PageResult(
        name=page.name,
        records=records,
        jsonld=to_jsonld(records),
        evidence=build_evidence(records, document.text),
        document=document,
        segmentation=segmentation,
    )


def extract_page(
    data: bytes,
    *,
    name: str,
    kind: str = "html",
    url: str | None = None,
    retrieved: str | None = None,
    base_iri: str = DEFAULT_BASE_IRI,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ulic: UlicIndex | None = None,
) -> PageResult:
    """One page's bytes -> records and JSON-LD.  Raises LoadError or PageError.

    ``ulic``: a TERYT ULIC street register (:func:`pipeline.normalize.ulic.load_ulic`);
    with it, streets get their SYM_UL code and official name.
    """
    page = load_bytes(data, name=name, kind=kind, url=url, retrieved=retrieved, max_bytes=max_bytes)
    return _process_checked(page, IdMinter(base_iri), ulic)


def _process_checked(page: Page, minter: IdMinter, ulic: UlicIndex | None = None) -> PageResult:
    try:
        return process(page, minter=minter, ulic=ulic)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        raise PageError(f"{page.source}: invalid records: {where}: {first['msg']}") from err
    except RecursionError as err:
        raise PageError(f"{page.source}: page nests too deeply to analyse") from err


# --------------------------------------------------------------------------------------
# Batch runs
# --------------------------------------------------------------------------------------


#: Output forms: file suffix per --format value.
FORMAT_SUFFIXES = {"jsonld": ".jsonld", "nquads": ".nq", "turtle": ".ttl"}
CATALOG_FILE = "catalog.jsonld"
EVIDENCE_SUFFIX = ".evidence.json"
CSV_FILE = "partnerships.csv"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    base_iri: str = DEFAULT_BASE_IRI
    max_bytes: int = DEFAULT_MAX_BYTES
    formats: tuple[str, ...] = ("jsonld",)  # any of FORMAT_SUFFIXES
    shacl: bool = False  # validate every document with the SHACL shapes before writing
    catalog: CatalogConfig | None = field(default_factory=CatalogConfig)  # None: no catalog
    csv: bool = True  # DIR/partnerships.csv
    ulic: UlicIndex | None = None  # a TERYT ULIC register: streets get SYM_UL codes


@dataclass(slots=True)
class RunSummary:
    pages: int = 0
    partnerships: int = 0
    flags: int = 0
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path | str]:
    """Page files named or found (recursively, sorted) in folders.

    A folder's non-page files are skipped; a named file that is not a page, or a path that
    does not exist, is yielded as an error message.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                (p for p in path.rglob("*") if p.is_file() and is_page_file(p)),
                key=lambda p: str(p),
            )
        elif path.is_file():
            if is_page_file(path):
                yield path
            else:
                yield f"{path}: not a page file (expected {', '.join(sorted(PAGE_SUFFIXES))})"
        else:
            yield f"{path}: no such file or folder"


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename: never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _shacl_problems(jsonld: str, source: Path) -> list[str]:
    import json

    from pipeline.validate import validate_document

    violations = validate_document(json.loads(jsonld), name=str(source), json_schema=False)
    return [str(v) for v in violations if v.is_error]


def _page_files(result: PageResult, out_dir: Path, formats: tuple[str, ...]) -> dict[Path, str]:
    """Every output file of one page and its text, in the forms asked for."""
    files: dict[Path, str] = {}
    for fmt in formats:
        target = out_dir / f"{result.name}{FORMAT_SUFFIXES[fmt]}"
        if fmt == "jsonld":
            files[target] = result.jsonld
            files[out_dir / f"{result.name}{EVIDENCE_SUFFIX}"] = evidence_json(result.evidence)
        else:
            from pipeline import formats as rdf_forms

            convert = rdf_forms.to_nquads if fmt == "nquads" else rdf_forms.to_turtle
            files[target] = convert(result.jsonld)
    return files


def run(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    options: RunOptions | None = None,
    on_error=None,
) -> RunSummary:
    """Extract every page found in ``paths`` into ``out_dir``; one bad page stops nothing."""
    options = options or RunOptions()
    minter = IdMinter(options.base_iri)
    summary = RunSummary()
    claimed: dict[str, Path] = {}
    entries: list[CatalogEntry] = []
    all_records: list[PageRecords] = []

    def fail(message: str) -> None:
        summary.failures.append(message)
        if on_error is not None:
            on_error(message)

    for item in iter_inputs(paths):
        if isinstance(item, str):
            fail(item)
            continue
        summary.pages += 1
        if item.stem in claimed:
            fail(f"{item}: {out_dir / item.stem}.* is already written from {claimed[item.stem]}")
            continue
        claimed[item.stem] = item
        try:
            page = load_file(item, max_bytes=options.max_bytes)
            result = _process_checked(page, minter, options.ulic)
            problems = _shacl_problems(result.jsonld, item) if options.shacl else []
            files = _page_files(result, out_dir, options.formats)
        except (LoadError, PageError) as err:
            fail(str(err))
            continue
        except Exception as err:  # one bad page must not stop the run
            fail(f"{item}: internal error: {type(err).__name__}: {err}")
            continue
        if problems:
            fail(f"{item}: not written, SHACL: {problems[0]} ({len(problems)} in all)")
            continue
        for target, text in files.items():
            write_atomic(target, text)
            summary.written.append(target)
        summary.partnerships += len(result.records.partnerships)
        summary.flags += len(result.records.flags)
        entries.append(
            CatalogEntry.from_records(
                f"{result.name}{FORMAT_SUFFIXES[options.formats[0]]}",
                result.records,
                other_files=[t.name for t in files if not t.name.endswith(EVIDENCE_SUFFIX)][1:],
            )
        )
        all_records.append(result.records)
    if options.csv and all_records:
        from pipeline.formats import partnerships_csv

        write_atomic(out_dir / CSV_FILE, partnerships_csv(all_records))
        summary.written.append(out_dir / CSV_FILE)
        entries.append(CatalogEntry(file_name=CSV_FILE))
    if options.catalog is not None and entries:
        write_atomic(out_dir / CATALOG_FILE, build_catalog(entries, config=options.catalog))
        summary.written.append(out_dir / CATALOG_FILE)
    return summary
