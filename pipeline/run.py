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

from pipeline.clean import Document, clean
from pipeline.emit import to_jsonld
from pipeline.extract.page import page_facts
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
from pipeline.records import PageRecords
from pipeline.resolve import resolve
from pipeline.segment import Segmentation, segment


class PageError(Exception):
    """A page produced no output. ``str(err)`` is one line naming the page and the reason."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PageResult:
    name: str
    records: PageRecords
    jsonld: str
    document: Document
    segmentation: Segmentation


def process(page: Page, *, minter: IdMinter) -> PageResult:
    """Every stage after loading."""
    document = clean(page)
    segmentation = segment(document)
    facts = page_facts(segmentation, page_name=page.name, url=page.url, retrieved=page.retrieved)
    records = resolve(facts, document, minter=minter)
    return PageResult(
        name=page.name,
        records=records,
        jsonld=to_jsonld(records),
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
) -> PageResult:
    """One page's bytes -> records and JSON-LD.  Raises LoadError or PageError."""
    page = load_bytes(data, name=name, kind=kind, url=url, retrieved=retrieved, max_bytes=max_bytes)
    return _process_checked(page, IdMinter(base_iri))


def _process_checked(page: Page, minter: IdMinter) -> PageResult:
    try:
        return process(page, minter=minter)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        raise PageError(f"{page.source}: invalid records: {where}: {first['msg']}") from err
    except RecursionError as err:
        raise PageError(f"{page.source}: page nests too deeply to analyse") from err


# --------------------------------------------------------------------------------------
# Batch runs
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class RunSummary:
    pages: int = 0
    partnerships: int = 0
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


def run(
    paths: Iterable[Path],
    out_dir: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error=None,
) -> RunSummary:
    minter = IdMinter(base_iri)
    summary = RunSummary()
    claimed: dict[str, Path] = {}

    def fail(message: str) -> None:
        summary.failures.append(message)
        if on_error is not None:
            on_error(message)

    for item in iter_inputs(paths):
        if isinstance(item, str):
            fail(item)
            continue
        summary.pages += 1
        target = out_dir / f"{item.stem}.jsonld"
        if item.stem in claimed:
            fail(f"{item}: {target} is already written from {claimed[item.stem]}")
            continue
        claimed[item.stem] = item
        try:
            result = _process_checked(load_file(item, max_bytes=max_bytes), minter)
        except (LoadError, PageError) as err:
            fail(str(err))
            continue
        except Exception as err:
            fail(f"{item}: internal error: {type(err).__name__}: {err}")
            continue
        write_atomic(target, result.jsonld)
        summary.written.append(target)
        summary.partnerships += len(result.records.partnerships)
    return summary
