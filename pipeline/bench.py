"""Benchmark: how long one page takes, per corpus, and the cold start of the CLI.

``python -m pipeline.bench [DIR]`` (``make bench``; default ``tests/data``).  Timing is
measured here and only here — never in a test.  Each page is run ``--repeat`` times with
the per-block analysis cache emptied before every run, so a page is timed as a page the
process has not seen (Morfeusz's per-word cache stays warm, as it does in a long run).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.extract.context import clear_caches
from pipeline.load import is_page_file
from pipeline.run import extract_page


def _groups(pages: Path) -> dict[str, list[Path]]:
    groups: dict[str, list[Path]] = {"seed": [], "devcorpus": [], "own": []}
    for p in sorted(pages.iterdir()):
        if not is_page_file(p):
            continue
        key = (
            "seed"
            if p.stem == "partnerstwa-lokalne-zoliborz"
            else ("own" if p.stem.startswith("own-") else "devcorpus")
        )
        groups[key].append(p)
    return groups


def _time_page(path: Path, repeat: int) -> list[float]:
    data = path.read_bytes()
    kind = "text" if path.suffix == ".txt" else "html"
    out = []
    for _ in range(repeat):
        clear_caches()
        t = time.perf_counter()
        extract_page(data, name=path.stem, kind=kind)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _cold_start(page: Path, runs: int) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "pipeline", "extract", str(page), "-o", tmp, "-q"],
                check=True,
            )
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench")
    parser.add_argument("directory", nargs="?", default="tests/data", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args(argv)
    groups = _groups(args.directory / "pages")
    first = next(p for ps in groups.values() for p in ps)
    _time_page(first, 1)  # start-up (spaCy, Morfeusz) is not a page's cost
    print(f"{'corpus':10s} {'pages':>5s} {'median ms':>10s} {'p95 ms':>8s} {'pages/s':>8s}")
    for name, pages in groups.items():
        times = [t for p in pages for t in _time_page(p, args.repeat)]
        if not times:
            continue
        median = statistics.median(times)
        print(
            f"{name:10s} {len(pages):5d} {median:10.1f} {_percentile(times, 0.95):8.1f}"
            f" {1000 / median:8.1f}"
        )
    cold = _cold_start(first, args.cold_runs)
    print(f"cold start of `python -m pipeline extract` on one page: {cold:.2f} s (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
