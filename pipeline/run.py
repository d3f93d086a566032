"""Wiring: one page through every stage.

``extract_page`` is the library entry point (no global state besides the per-process
Morfeusz/spaCy singletons, which are read-only); :mod:`pipeline.batch` runs many pages.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pipeline.clean import Document, clean
from pipeline.emit import to_jsonld
from pipeline.evidence import build_evidence
from pipeline.extract.page import page_facts
from pipeline.flags import review_flags
from pipeline.ids import DEFAULT_BASE_IRI, IdMinter
from pipeline.load import (
    DEFAULT_MAX_BYTES,
    PAGE_SUFFIXES,
    Page,
    is_page_file,
    load_bytes,
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


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str, *, fsync: bool = False) -> None:
    """Write to a temporary file in the same folder, then rename: never half-written.

    The rename is atomic, so a killed or interrupted run leaves either the old file or the
    new one, never a part.  ``fsync`` also flushes the data to the disk before the rename,
    so that a power cut or a kernel crash cannot leave the new name on an empty file; it
    costs a disk round trip per file (about 0.35 ms here, 0.7 ms of a page's two files),
    which is why it is asked for (``extract --fsync``) rather than always done.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for everyone
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
