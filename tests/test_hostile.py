"""Hostile input: a folder of broken, odd and huge files never crashes a run or loses output.

One command-line run over a folder built here: empty and random files fail with one line
each, every other page (any charset, BOM, declaration, name, a truncated or deeply nested
page) is written, and every variant of the seed gives the seed's facts.  Also: the 5 MB
page, and :mod:`pipeline.limits`.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.limits import PageTimeout, time_limit

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
SEED_HTML = (PAGES / "partnerstwa-lokalne-zoliborz.html").read_text("utf-8")
SEED_TXT = (PAGES / "partnerstwa-lokalne-zoliborz.txt").read_text("utf-8")
SEED_OUTPUT = ROOT / "output" / "partnerstwa-lokalne-zoliborz.jsonld"
META_UTF8 = '<meta charset="utf-8" />'
ARTICLE_START = '<div itemprop="articleBody">'
ARTICLE_END = '<div class="pinterest-button">'
#: Where the truncated page is cut: inside the tag that opens the fourth partnership.
CUT_AT = SEED_HTML.index("<strong>Partnerstwo „Sady") + len("<str")


def partnership_facts(path: Path) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """name -> (founding date, sorted founder names) of every partnership in a JSON-LD file."""
    graph = json.loads(path.read_text("utf-8"))["@graph"]
    names = {node["@id"]: node.get("schema:name") for node in graph}
    facts = {}
    for node in graph:
        if "lp:LocalPartnership" not in node["@type"]:
            continue
        founders = node.get("schema:founder", [])
        founders = founders if isinstance(founders, list) else [founders]
        date = node.get("schema:foundingDate", {}).get("@value")
        facts[node["schema:name"]] = (date, tuple(sorted(names[f["@id"]] for f in founders)))
    return facts


SEED_FACTS = partnership_facts(SEED_OUTPUT)


def test_the_seed_output_is_what_the_comparisons_need() -> None:
    assert len(SEED_FACTS) == 4
    assert SEED_FACTS["Marymont-Kaskada"][0] == "2013-05"
    assert "Stowarzyszenie BORIS" in SEED_FACTS["Dla Rudawki i Zatrasia"][1]


def _declare(html: str, charset: str | None) -> str:
    return html.replace(META_UTF8, "" if charset is None else f'<meta charset="{charset}" />')


def _nested(depth: int) -> str:
    body = "<p><strong>Partnerstwo „Głębokie”</strong></p><p>Partnerstwo powstało w 2015 roku.</p>"
    return f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"


#: file name -> bytes; what must happen to each is in the sets below.
def hostile_files() -> dict[str, bytes]:
    rng = random.Random(20260101)
    cp1250, iso = "cp1250", "iso8859-2"
    files = {
        "empty.html": b"",
        "random.html": bytes(rng.randrange(256) for _ in range(4096)),
        "truncated.html": SEED_HTML[:CUT_AT].encode("utf-8"),
        "utf16-bom.html": SEED_HTML.encode("utf-16"),  # Python writes the BOM
        "cp1250-declared.html": _declare(SEED_HTML, "windows-1250").encode(cp1250),
        "cp1250-undeclared.html": _declare(SEED_HTML, None).encode(cp1250),
        "cp1250-wrong.html": _declare(SEED_HTML, "iso-8859-2").encode(cp1250),
        "cp1250-says-utf8.html": SEED_HTML.encode(cp1250),
        "iso88592-declared.html": _declare(SEED_HTML, "iso-8859-2").encode(
            iso,
            "xmlcharrefreplace",  # „ ” – are not in ISO-8859-2: sites write &#8222;
        ),
        "iso88592-undeclared.html": _declare(SEED_HTML, None).encode(iso, "xmlcharrefreplace"),
        "iso88592-wrong.html": _declare(SEED_HTML, "windows-1250").encode(iso, "xmlcharrefreplace"),
        "seed-cp1250.txt": SEED_TXT.encode(cp1250),
        "nested.html": _nested(20_000).encode("ascii", "xmlcharrefreplace"),
        "broken-sidecar.html": SEED_HTML.encode("utf-8"),
        "broken-sidecar.meta.json": b'{"url": "https://example.invalid/", ',
        "Strona [1] – Żoliborz.html": SEED_HTML.encode("utf-8"),
        "notatki.csv": "nazwa;rok\nPartnerstwo „X”;2011\n".encode(),
        "obraz.png": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)),
        ".DS_Store": b"\x00\x00\x00\x01Bud1" + bytes(64),
    }
    return files


MUST_FAIL = {"empty.html", "random.html", "broken-sidecar.html"}
SEED_VARIANTS = {
    "utf16-bom.html",
    "cp1250-declared.html",
    "cp1250-undeclared.html",
    "cp1250-wrong.html",
    "cp1250-says-utf8.html",
    "iso88592-declared.html",
    "iso88592-undeclared.html",
    "iso88592-wrong.html",
    "seed-cp1250.txt",
    "Strona [1] – Żoliborz.html",
}
GOOD = SEED_VARIANTS | {"truncated.html", "nested.html"}
NOT_PAGES = {"notatki.csv", "obraz.png", ".DS_Store", "broken-sidecar.meta.json"}


def extract(*args: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The command line, run in ``cwd``: a fresh folder, so no cache or editors' overrides
    of the project's own tree take part."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("hostile")
    pages, out = root / "pages", root / "out"
    pages.mkdir()
    for name, data in hostile_files().items():
        (pages / name).write_bytes(data)
    return pages, out, extract(pages, "-o", out, cwd=root)


def test_every_file_is_sorted_into_one_expectation() -> None:
    names = set(hostile_files())
    assert names == MUST_FAIL | GOOD | NOT_PAGES
    assert not MUST_FAIL & GOOD


def test_no_traceback_and_a_failing_exit_status(hostile) -> None:
    _, _, proc = hostile
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1, proc.stderr


def _failed_pages(stderr: str, pages: Path) -> list[str]:
    """The page each error line names (a sidecar's line names its page's sidecar)."""
    failed = []
    for line in stderr.splitlines():
        if not line.startswith("error: "):
            continue
        m = re.match(re.escape(f"error: {pages}/") + r"(.+?\.(?:html|txt|meta\.json)): ", line)
        assert m, f"an error line that names no file of the folder: {line!r}"
        failed.append(m.group(1).replace(".meta.json", ".html"))
    return failed


def test_error_lines_name_exactly_the_files_that_must_fail(hostile) -> None:
    pages, _, proc = hostile
    failed = _failed_pages(proc.stderr, pages)
    assert sorted(failed) == sorted(MUST_FAIL), proc.stderr
    assert "empty file" in proc.stderr
    assert "not a text page (binary data)" in proc.stderr
    assert "broken sidecar: invalid JSON" in proc.stderr


def test_every_good_page_is_written_and_parses(hostile) -> None:
    _, out, _ = hostile
    for name in GOOD:
        stem = Path(name).stem
        doc = json.loads((out / f"{stem}.jsonld").read_text("utf-8"))
        assert doc["@graph"], name
        json.loads((out / f"{stem}.evidence.json").read_text("utf-8"))
    for name in MUST_FAIL | NOT_PAGES:
        assert not (out / f"{Path(name).stem}.jsonld").exists(), name
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize("name", sorted(SEED_VARIANTS))
def test_every_seed_variant_gives_the_seeds_facts(hostile, name: str) -> None:
    _, out, _ = hostile
    assert partnership_facts(out / f"{Path(name).stem}.jsonld") == SEED_FACTS


def test_a_page_cut_mid_tag_keeps_what_comes_before_the_cut(hostile) -> None:
    _, out, _ = hostile
    facts = partnership_facts(out / "truncated.jsonld")
    before = {"Dla Rudawki i Zatrasia", "Marymont-Kaskada", "Żoliborz Oficerski"}
    assert before <= set(facts)
    assert {name: facts[name] for name in before} == {name: SEED_FACTS[name] for name in before}


def test_twenty_thousand_nested_elements_keep_their_text(hostile) -> None:
    _, out, _ = hostile
    evidence = json.loads((out / "nested.evidence.json").read_text("utf-8"))
    assert "Partnerstwo „Głębokie”" in evidence["text"]
    assert "Partnerstwo powstało w 2015 roku." in evidence["text"]


def test_non_page_files_are_skipped_without_a_word(hostile) -> None:
    _, _, proc = hostile
    for name in ("notatki.csv", "obraz.png", ".DS_Store"):
        assert name not in proc.stderr


# --- the 5 MB page -------------------------------------------------------------------

FIVE_MB = 5 * 1024 * 1024


def five_megabyte_page() -> bytes:
    """The seed with its article repeated until the page is over 5 MB."""
    start, end = SEED_HTML.index(ARTICLE_START), SEED_HTML.index(ARTICLE_END)
    article = SEED_HTML[start:end]
    copies = FIVE_MB // len(article.encode("utf-8")) + 1
    page = SEED_HTML[:start] + article * copies + SEED_HTML[end:]
    return page.encode("utf-8")


def _has_option(option: str, cwd: Path) -> bool:
    return option in extract("--help", cwd=cwd).stdout


#: The per-page limit given when the command line has ``--max-seconds``.
BIG_PAGE_LIMIT = 20


def test_a_five_megabyte_page_is_done_or_stopped_cleanly(tmp_path: Path) -> None:
    """Slow without a limit: about a minute on two cores (~5,400 sections at ~10 ms each).

    Without ``--max-seconds`` the page must be done in full, giving the seed's facts; with
    it, the page is either done in full or fails with one line naming it and the limit.
    """
    data = five_megabyte_page()
    assert len(data) > FIVE_MB
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.html").write_bytes(data)
    limit = ["--max-seconds", str(BIG_PAGE_LIMIT)] if _has_option("--max-seconds", tmp_path) else []
    started = time.monotonic()
    proc = extract(tmp_path / "in", "-o", tmp_path / "out", *limit, cwd=tmp_path)
    took = time.monotonic() - started
    print(f"5 MB page: {took:.1f} s")
    assert "Traceback" not in proc.stderr, proc.stderr
    if limit and proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
        assert errors == [
            f"error: {tmp_path / 'in' / 'big.html'}: took longer than {BIG_PAGE_LIMIT} s "
            f"(limit --max-seconds {BIG_PAGE_LIMIT})"
        ]
        assert took < BIG_PAGE_LIMIT + 30
        assert not (tmp_path / "out" / "big.jsonld").exists()
        return
    assert proc.returncode == 0, proc.stderr
    assert partnership_facts(tmp_path / "out" / "big.jsonld") == SEED_FACTS


# --- pipeline.limits -------------------------------------------------------------------


def _busy(seconds: float) -> int:
    """Pure Python work for about ``seconds`` (interruptible between bytecodes)."""
    n, until = 0, time.monotonic() + seconds
    while time.monotonic() < until:
        n += 1
    return n


def _timer_is_off() -> bool:
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_busy_loop_is_interrupted() -> None:
    handler = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    with pytest.raises(PageTimeout) as caught, time_limit(0.2, "raw/x.html"):
        _busy(5)
    assert time.monotonic() - started < 2
    assert str(caught.value) == "raw/x.html: took longer than 0.2 s (limit --max-seconds 0.2)"
    assert signal.getsignal(signal.SIGALRM) is handler
    assert _timer_is_off()


def test_work_within_the_limit_is_not_touched() -> None:
    with time_limit(5, "a"):
        assert _busy(0.05) > 0
    assert _timer_is_off()
    time.sleep(0.01)  # nothing left armed to fire later


def test_no_limit_when_none() -> None:
    handler = signal.getsignal(signal.SIGALRM)
    with time_limit(None, "a"):
        assert _timer_is_off()
        assert signal.getsignal(signal.SIGALRM) is handler
        _busy(0.05)


def test_a_limit_must_be_positive() -> None:
    for bad in (0, -1):
        with pytest.raises(ValueError), time_limit(bad, "a"):
            pass


def test_nested_inner_limit_fires_first() -> None:
    with time_limit(5, "outer"):
        with pytest.raises(PageTimeout, match=r"^inner: "), time_limit(0.1, "inner"):
            _busy(5)
        delay, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3 < delay <= 5  # the outer timer is armed again, less the time spent
    assert _timer_is_off()


def test_nested_inner_limit_never_extends_the_outer_one() -> None:
    started = time.monotonic()
    with pytest.raises(PageTimeout, match=r"^outer: "), time_limit(0.2, "outer"):
        with time_limit(10, "inner"):
            _busy(5)
    assert time.monotonic() - started < 2
    assert _timer_is_off()


def test_a_periodic_timer_ticks_on_inside_a_limit() -> None:
    """libFuzzer (atheris) keeps a 1 s SIGALRM tick: the limit must neither stop it nor be
    dropped by it."""
    ticks: list[float] = []

    def tick(signum, frame) -> None:
        ticks.append(time.monotonic())

    old = signal.signal(signal.SIGALRM, tick)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
        started = time.monotonic()
        with pytest.raises(PageTimeout), time_limit(0.5, "p"):
            _busy(3)
        took = time.monotonic() - started
        assert 0.45 < took < 1.5
        assert len(ticks) >= 5  # ticked on inside the limit
        assert signal.getsignal(signal.SIGALRM) is tick
        delay, interval = signal.getitimer(signal.ITIMER_REAL)
        assert interval == pytest.approx(0.05) and 0 < delay <= 0.05
        before = len(ticks)
        _busy(0.3)
        assert len(ticks) > before  # and after it
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_the_error_pickles_and_is_one_line() -> None:
    import pickle

    err = pickle.loads(pickle.dumps(PageTimeout("a\nb.html", 30)))
    assert str(err) == "a b.html: took longer than 30 s (limit --max-seconds 30)"


def test_outside_the_main_thread_there_is_no_limit() -> None:
    seen: list[object] = []

    def work() -> None:
        try:
            with time_limit(0.05, "t"):
                _busy(0.2)
            seen.append("done")
        except BaseException as err:
            seen.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == ["done"]
    assert _timer_is_off()
