"""Command line: parses arguments and calls the pipeline; nothing else lives here."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Polish pages about local partnerships -> grounded JSON-LD.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract pages (files or folders) to JSON-LD")
    ex.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    ex.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    ex.add_argument(
        "--base-iri",
        default=_env("PIPELINE_BASE_IRI"),
        help="base of node IRIs (default: $PIPELINE_BASE_IRI or the project's w3id base)",
    )
    ex.add_argument(
        "--max-bytes", type=int, default=None, help="largest input accepted (default 20 MB)"
    )
    ex.add_argument(
        "--max-seconds",
        type=float,
        default=None,
        help="longest time one page may take (default 120); 0: no limit",
    )
    ex.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=["jsonld", "nquads", "turtle"],
        help="output form; repeat for several (default jsonld); N-Quads and Turtle are "
        "canonical and sorted",
    )
    ex.add_argument(
        "--shacl", action="store_true", help="check every page with the SHACL shapes first"
    )
    ex.add_argument("--no-catalog", action="store_true", help="do not write DIR/catalog.jsonld")
    ex.add_argument("--no-csv", action="store_true", help="do not write DIR/partnerships.csv")
    cat = ex.add_argument_group("catalog (DCAT-AP)")
    cat.add_argument(
        "--download-base",
        default=_env("PIPELINE_DOWNLOAD_BASE"),
        help="URL the output files are published under ($PIPELINE_DOWNLOAD_BASE)",
    )
    cat.add_argument("--publisher-name", default=_env("PIPELINE_PUBLISHER_NAME"))
    cat.add_argument("--publisher-iri", default=_env("PIPELINE_PUBLISHER_IRI"))
    cat.add_argument("--license", default=_env("PIPELINE_LICENSE"), help="licence IRI")
    ex.add_argument(
        "--teryt-ulic",
        type=Path,
        default=None,
        metavar="PATH",
        help="GUS TERYT ULIC register (CSV: WOJ;POW;GMI;RODZ_GMI;SYM;SYM_UL;CECHA;NAZWA_1;"
        "NAZWA_2;STAN_NA): streets get lp:terytSymUl and their official name",
    )
    ex.add_argument(
        "-j", "--jobs", type=int, default=None, help="worker processes (default: the cores)"
    )
    ex.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="where unchanged pages' results are kept (default .cache/pipeline)",
    )
    ex.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    ex.add_argument("--force", action="store_true", help="extract every page again")
    ex.add_argument(
        "--overrides",
        type=Path,
        default=Path("overrides"),
        metavar="DIR",
        help="editors' corrections, DIR/NAME.yaml (default: overrides/)",
    )
    ex.add_argument("--no-overrides", action="store_true", help="apply no corrections")
    ex.add_argument(
        "--fsync",
        action="store_true",
        help="flush every file to the disk before renaming it into place: safe against a "
        "power cut, about 0.7 ms slower a page (files are always written whole: temporary "
        "file, then rename)",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary line")

    sub.add_parser(
        "diff",
        help="what changed between two outputs (files or folders), by node: "
        "diff OLD NEW | diff --git-head DIR  [--json] [--color auto|always|never]",
    )
    rv = sub.add_parser(
        "review",
        help="one self-contained HTML review page per page: highlighted evidence beside the "
        "records (PATH: pages or folders of pages, or an output folder)",
    )
    rv.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    rv.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    va = sub.add_parser("validate", help="check JSON-LD files with SHACL and the JSON Schema")
    va.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    return parser


@contextmanager
def _importing(module: str) -> Iterator[None]:
    """Import ``module`` (the pipeline behind a command) for a quick start.

    - The pipeline does no linear algebra, yet numpy (which spaCy imports) starts a pool of
      BLAS threads, whose waiting spins on the other cores: up to 0.1 s of CPU at every
      start, taken from whatever else runs.  So, unless the user has chosen (or numpy is
      loaded already), OpenBLAS is told to keep to one thread.
    - The first import (spaCy, numpy, the pydantic models, the pipeline's own modules)
      makes some 170 000 objects that live as long as the process.  The cyclic garbage
      collector would walk them over and over while they are made, and again on every later
      full collection, freeing nothing: about 0.1 s of a one-page run.  So it is paused
      meanwhile, and what was imported is then frozen (:func:`gc.freeze`: left out of every
      later collection).  Only on the first import, and only when collection is on; a
      page's own garbage is collected as always.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if module in sys.modules or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _catalog_config(args: argparse.Namespace, base_iri: str):
    from pipeline.catalog import CatalogConfig

    given = {
        "download_base": args.download_base,
        "publisher_name": args.publisher_name,
        "publisher_iri": args.publisher_iri,
        "license": args.license,
    }
    return CatalogConfig(base_iri=base_iri, **{k: v for k, v in given.items() if v})


def _extract(args: argparse.Namespace) -> int:
    with _importing("pipeline.batch"):
        from pipeline.batch import (
            DEFAULT_MAX_SECONDS,
            RunOptions,
            default_jobs,
            file_fingerprint,
            run,
        )
    from pipeline.ids import DEFAULT_BASE_IRI
    from pipeline.load import DEFAULT_MAX_BYTES

    def report(message: str) -> None:
        print(f"error: {message}", file=sys.stderr, flush=True)

    base_iri = args.base_iri or DEFAULT_BASE_IRI
    ulic = None
    if args.teryt_ulic is not None:
        from pipeline.normalize.ulic import UlicError, load_ulic

        try:
            ulic = load_ulic(args.teryt_ulic)
        except (UlicError, OSError) as err:
            report(f"{args.teryt_ulic}: {err}" if isinstance(err, OSError) else str(err))
            return 2
    options = RunOptions(
        base_iri=base_iri,
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        formats=tuple(dict.fromkeys(args.formats or ["jsonld"])),
        shacl=args.shacl,
        catalog=None if args.no_catalog else _catalog_config(args, base_iri),
        csv=not args.no_csv,
        ulic=ulic,
        ulic_fingerprint=file_fingerprint(args.teryt_ulic) if ulic is not None else "-",
        jobs=args.jobs or default_jobs(),
        cache_dir=None if args.no_cache else (args.cache_dir or Path(".cache/pipeline")),
        force=args.force,
        overrides_dir=None if args.no_overrides else args.overrides,
        max_seconds=DEFAULT_MAX_SECONDS if args.max_seconds is None else (args.max_seconds or None),
        fsync=args.fsync,
    )

    def warn(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    summary = run(
        args.paths,
        args.output,
        options=options,
        on_error=report,
        on_warning=warn,
        progress=not args.quiet,
    )
    if not args.quiet:
        print(
            f"{summary.pages} pages ({summary.cached} unchanged, from the cache), "
            f"{len(summary.written)} files written, {summary.partnerships} partnerships, "
            f"{summary.flags} review flags, {len(summary.failures)} failed, "
            f"{summary.seconds:.1f} s",
            file=sys.stderr,
        )
    return 1 if summary.failures else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["diff"]:  # its own parser: python -m pipeline diff OLD NEW | --git-head DIR
        with _importing("pipeline.diff"):
            from pipeline.diff import main as diff

        return diff(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "extract":
        return _extract(args)
    if args.command == "review":
        with _importing("pipeline.review"):
            from pipeline.review import main as review

        return review(args.paths, args.output)
    if args.command == "validate":
        with _importing("pipeline.validate"):
            from pipeline.validate import main as validate

        return validate(args.paths)
    return 2


if __name__ == "__main__":
    sys.exit(main())
