"""Command line: parses arguments and calls the pipeline; nothing else lives here."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


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
        default=os.environ.get("PIPELINE_BASE_IRI"),
        help="base of node IRIs (default: $PIPELINE_BASE_IRI or the project's w3id base)",
    )
    ex.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="largest input accepted, in bytes (default 20 MB)",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    return parser


def _extract(args: argparse.Namespace) -> int:
    from pipeline.ids import DEFAULT_BASE_IRI
    from pipeline.load import DEFAULT_MAX_BYTES
    from pipeline.run import run

    def report(message: str) -> None:
        print(f"error: {message}", file=sys.stderr, flush=True)

    summary = run(
        args.paths,
        args.output,
        base_iri=args.base_iri or DEFAULT_BASE_IRI,
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        on_error=report,
    )
    if not args.quiet:
        print(
            f"{summary.pages} pages, {len(summary.written)} written, "
            f"{summary.partnerships} partnerships, {len(summary.failures)} failed",
            file=sys.stderr,
        )
    return 1 if summary.failures else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "extract":
        return _extract(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
