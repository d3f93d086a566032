"""Fuzzing: ``pipeline.run.extract_page`` on arbitrary bytes never fails but as documented.

The only errors allowed are :class:`pipeline.load.LoadError` and
:class:`pipeline.run.PageError`; anything else — and a case taking longer than
``FUZZ_MAX_SECONDS`` (a hang) — is a finding: the run stops and shows the input.

The first byte of a case chooses the kind (odd: text page, even: HTML page); the rest is
the page.  Two engines:

- ``atheris`` (coverage-guided libFuzzer, when the package imports): seeded with every page
  of ``tests/data/pages`` (copied to ``$TMPDIR/fuzz-corpus-extract``, which libFuzzer grows
  and later runs start from);
  a crashing input is written as ``crash-*`` (a hang as ``timeout-*``) in
  ``$TMPDIR/fuzz-findings/``; libFuzzer prints a status line as the corpus grows;
- ``hypothesis`` (otherwise, or ``FUZZ_ENGINE=hypothesis``): random bytes, and the
  HTML-ish and Polish-ish text of ``tests/test_properties.py``; the failing input is shrunk.

Usage: ``python fuzz/fuzz_extract.py [RUNS]`` (default ``$FUZZ_RUNS`` or 100,000); progress
is printed as it goes.  Not a pytest module: ``make fuzz`` runs it, outside ``make test``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the tests' strategies; the package itself is installed

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("FUZZ_RUNS", "100000"))
MAX_SECONDS = float(os.environ.get("FUZZ_MAX_SECONDS", "60"))
ENGINE = os.environ.get("FUZZ_ENGINE", "auto")  # auto | atheris | hypothesis
MAX_LEN = 16_384
PROGRESS_EVERY = 1_000


def one_input(data: bytes) -> None:
    """One case: raises only for a finding."""
    from pipeline.load import LoadError
    from pipeline.run import PageError, extract_page

    kind = "text" if data[:1] and data[0] & 1 else "html"
    try:
        extract_page(data[1:], name="fuzz", kind=kind)
    except (LoadError, PageError):
        pass


def one_limited_input(data: bytes) -> None:
    """One case under the per-case limit (:mod:`pipeline.limits`): a hang is a finding."""
    from pipeline.limits import time_limit

    with time_limit(MAX_SECONDS, "fuzz case"):
        one_input(data)


def _seed_corpus() -> Path:
    """$TMPDIR/fuzz-corpus-extract: the seeds, and what earlier runs added (kept between runs)."""
    folder = Path(tempfile.gettempdir()) / "fuzz-corpus-extract"
    folder.mkdir(exist_ok=True)
    pages = ROOT / "tests" / "data" / "pages"
    for path in sorted(pages.iterdir()):
        if path.suffix in (".html", ".txt"):
            kind = b"\x01" if path.suffix == ".txt" else b"\x00"
            (folder / path.name).write_bytes(kind + path.read_bytes()[: MAX_LEN - 1])
    return folder


def run_atheris(runs: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["pipeline"]):
        import pipeline.run  # noqa: F401 - instrumented before first use

    corpus = _seed_corpus()
    findings = Path(tempfile.gettempdir()) / "fuzz-findings"
    findings.mkdir(exist_ok=True)
    print(f"atheris: {runs} runs, seed corpus {corpus}, findings to {findings}/", flush=True)
    # libFuzzer keeps its own SIGALRM tick: it, not pipeline.limits, watches for hangs
    args = [sys.argv[0], f"-runs={runs}", f"-max_len={MAX_LEN}", f"-timeout={MAX_SECONDS:.0f}"]
    args += ["-print_final_stats=1", "-rss_limit_mb=8192", f"-artifact_prefix={findings}/"]
    args += [str(corpus)]
    atheris.Setup(args, one_input)
    atheris.Fuzz()  # exits the process


def run_hypothesis(runs: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_properties import htmlish, polish_text

    cases = st.one_of(
        st.binary(max_size=MAX_LEN),
        htmlish.map(lambda t: b"\x00" + t.encode("utf-8", "surrogatepass")),
        polish_text.map(lambda t: b"\x01" + t.encode("utf-8")),
    )
    count, started = 0, time.monotonic()

    @settings(
        max_examples=runs, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=cases)
    def fuzz(data: bytes) -> None:
        nonlocal count
        count += 1
        if count % PROGRESS_EVERY == 0:
            rate = count / (time.monotonic() - started)
            print(f"hypothesis: {count} cases, {rate:.0f}/s", flush=True)
        one_limited_input(data)

    print(f"hypothesis: up to {runs} cases", flush=True)
    fuzz()
    print(f"hypothesis: {count} cases in {time.monotonic() - started:.0f} s, no finding")


def main() -> None:
    engine = ENGINE
    if engine == "auto":
        try:
            import atheris  # noqa: F401
        except ImportError:
            engine = "hypothesis"
        else:
            engine = "atheris"
    (run_atheris if engine == "atheris" else run_hypothesis)(RUNS)


if __name__ == "__main__":
    main()
