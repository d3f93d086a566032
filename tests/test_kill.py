"""Crash safety: a run killed with SIGKILL at any moment leaves only complete outputs.

A folder of ~60 pages (the test pages under other names) is extracted once; then the same
command is started again over that output and killed at several moments, from start-up to
the middle of writing.  After every kill each output parses and is byte-identical to the
first run's (an output is the old file or the new one, never half of either), temporary
files are the only extra files and never carry an output's name, and a last, normal run
exits 0 and gives the first run's outputs again.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
COPIES = 4
#: Fixed kill moments (s) plus these fractions of the first run's duration.
KILL_AT = (0.3, 0.8, 1.5, 3.0)
KILL_FRACTIONS = (0.35, 0.5, 0.65, 0.8, 0.9)
TEMPORARY = re.compile(r"^\..+\.tmp$")
OUTPUT_SUFFIXES = (".jsonld", ".evidence.json", ".csv", ".nq", ".ttl")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _copy_pages(dest: Path) -> int:
    """Every test page COPIES times under new names (sidecars too); how many pages."""
    dest.mkdir()
    count = 0
    for path in sorted(PAGES.iterdir()):
        if path.name.endswith(".meta.json"):
            continue
        for n in range(COPIES):
            stem = f"kopia{n}-{path.stem}-{path.suffix[1:]}"  # the seed's .html and .txt differ
            shutil.copyfile(path, dest / f"{stem}{path.suffix}")
            sidecar = path.with_name(f"{path.stem}.meta.json")
            if sidecar.exists():
                shutil.copyfile(sidecar, dest / f"{stem}.meta.json")
            count += 1
    return count


def _command(pages: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", str(pages), "-o", str(out), "-q"]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not TEMPORARY.match(p.name)}


def _inodes(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in out.iterdir() if not TEMPORARY.match(p.name)}


def _check_parses(path: Path) -> None:
    text = path.read_text("utf-8")
    if path.name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(text)))
        assert rows and len({len(r) for r in rows}) == 1, path.name
    else:
        assert path.name.endswith((".jsonld", ".json")), path.name
        json.loads(text)


def _kill_at(cmd: list[str], cwd: Path, seconds: float) -> float | None:
    """Start ``cmd``, SIGKILL it after ``seconds``; None when it was still running then,
    else how long it took (it ended before the kill)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        proc.wait(timeout=seconds)
        return time.monotonic() - started
    except subprocess.TimeoutExpired:
        proc.kill()  # the run itself, as the OOM killer or a power cut would
        proc.wait()
        return None
    finally:
        try:  # its worker processes, if any: they are in the group it leads
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def test_sigkill_at_any_moment_leaves_only_complete_outputs(tmp_path: Path) -> None:
    pages, out = tmp_path / "pages", tmp_path / "out"
    n_pages = _copy_pages(pages)
    assert n_pages >= 60
    first_cwd = tmp_path / "run-first"
    first_cwd.mkdir()

    started = time.monotonic()
    first = subprocess.run(_command(pages, out), cwd=first_cwd, capture_output=True, text=True)
    duration = time.monotonic() - started
    assert "Traceback" not in first.stderr, first.stderr
    assert first.returncode == 0, first.stderr
    expected = _snapshot(out)
    assert sum(name.endswith(".jsonld") for name in expected) >= n_pages - COPIES  # the catalog
    assert {"catalog.jsonld", "partnerships.csv"} <= set(expected)

    # Kill moments: fixed ones, and fractions of the first run's duration.  On a busy
    # machine a run's duration varies a lot; when most kills came after the run had ended,
    # a second round uses fractions of the shortest run seen, so that kills still land
    # while the run works (and while it writes).
    moments = sorted({*KILL_AT, *(round(f * duration, 2) for f in KILL_FRACTIONS)})
    landed = tried = mid_write = 0
    for round_ in range(2):
        shortest = duration
        for i, moment in enumerate(moments):
            before = _inodes(out)
            cwd = tmp_path / f"run-{round_}-{i}"  # a fresh cache each time: the run really works
            cwd.mkdir()
            took = _kill_at(_command(pages, out), cwd, moment)
            tried += 1
            if took is None:
                landed += 1
            else:
                shortest = min(shortest, took)
            after = _inodes(out)
            replaced = {name for name in after if after[name] != before.get(name)}
            if replaced and replaced != set(after):
                mid_write += 1
            for path in out.iterdir():
                if TEMPORARY.match(path.name):
                    continue  # a SIGKILL may leave one; it never has an output's name
                assert not path.name.endswith(".tmp"), path.name
                _check_parses(path)
            assert _snapshot(out) == expected, f"killed at {moment} s"
        if landed >= tried // 2 and mid_write >= 1:
            break
        moments = sorted({round(f * shortest, 2) for f in KILL_FRACTIONS})

    assert landed >= tried // 2, f"the run ended before most kills ({duration:.1f} s)"
    assert mid_write >= 1, f"no kill landed while outputs were being replaced: {moments}"

    # A normal run afterwards (in the last killed run's folder: its cache was cut short too)
    final = subprocess.run(
        _command(pages, out),
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in final.stderr, final.stderr
    assert final.returncode == first.returncode, final.stderr
    assert _snapshot(out) == expected
    leftovers = [p.name for p in out.iterdir() if TEMPORARY.match(p.name)]
    assert not [n for n in leftovers if n.endswith(OUTPUT_SUFFIXES)]
    print(
        f"first run {duration:.1f} s, {n_pages} pages; {tried} kills: {landed} while running,"
        f" {mid_write} mid-write; {len(leftovers)} temporary files left"
    )
