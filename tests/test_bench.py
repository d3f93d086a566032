"""The benchmark harness runs on a tiny corpus and prints every section.

Timing is never asserted: only that the harness runs, what it prints, and that the pages it
generates are real, varied and deterministic.
"""

from __future__ import annotations

import re
import shutil

from pipeline.bench import (
    SEED,
    Sample,
    corpus,
    large_page,
    main,
    trafilatura_input,
    variants,
    vary_numbers,
)
from pipeline.load import load_bytes
from pipeline.run import extract_page
from tests.conftest import PAGES

TINY = [
    f"{SEED}.html",
    f"{SEED}.meta.json",
    f"{SEED}.txt",
    "targowek-partnerstwo.txt",
    "targowek-partnerstwo.meta.json",
    "own-warszawa-mokotow.html",
    "own-warszawa-mokotow.meta.json",
]


def test_harness_prints_every_section_on_a_tiny_corpus(tmp_path, capsys):
    (tmp_path / "pages").mkdir()
    for name in TINY:
        shutil.copy(PAGES / name, tmp_path / "pages" / name)
    argv = [str(tmp_path), "--quick", "--sizes", "6000,12000"]
    argv += ["--flat-pages", "10", "--scaling-pages", "6", "--cold-runs", "1"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    for heading in ("1. Per page", "2. Memory", "3. Cold start", "4. Scaling"):
        assert heading in out
    rows = {line.split()[0]: line for line in out.splitlines() if "|" in line and line.split()}
    assert {"seed", "devcorpus", "own", "~6", "~12"} <= set(rows)
    assert re.search(r"^\s+seed\s+2\s+4 \|", rows["seed"])  # 2 pages x 2 quick repeats
    assert re.search(r"\d+\.\d\d×\s+≤ 1\.0× (met|MISSED)$", rows["devcorpus"])
    assert re.search(r"peak extracting one ~12 KB page .*\d+\s+≤ 300 MB (met|MISSED)", out)
    for mark in (1, 5, 10):
        assert re.search(rf"peak after {mark} varied pages\s+\d+", out)
    assert re.search(rf"{SEED}\.html\s+1(\s+\d+\.\d\d){{3}}\s+≤ 1\.0 s (met|MISSED)", out)
    assert "6 pages" in out
    assert re.search(r"^\s+2(\s+\d+\.\d){3}\s+\d+\.\d\d×\s+≥ 1\.8× (met|MISSED)$", out, re.M)
    assert out.count("load average") == 2  # at the start and at the end
    assert "exit " not in out  # every command-line run succeeded


def test_skip_options_leave_their_sections_out(tmp_path, capsys):
    (tmp_path / "pages").mkdir()
    shutil.copy(PAGES / f"{SEED}.html", tmp_path / "pages")
    argv = [str(tmp_path), "--quick", "--sizes", "6000", "--cold-runs", "1"]
    assert main([*argv, "--skip-memory", "--skip-scaling"]) == 0
    out = capsys.readouterr().out
    assert "2. Memory: skipped" in out and "4. Scaling: skipped" in out
    assert "peak after" not in out and "speedup" not in out


def test_varied_numbers_keep_markup_and_change_text():
    page = b'<meta charset="iso-8859-2"><p class="x1">W 2011 r., nr 9 &#8222;A&#8221; 111</p>'
    varied = vary_numbers(page, 3, markup=True)
    assert varied.startswith(b'<meta charset="iso-8859-2"><p class="x1">')
    assert b"W 2014 r., nr 12 &#8222;A&#8221; 114</p>" in varied
    assert vary_numbers(b"maj 2023, 28 dni", 1, markup=False) == b"maj 2000, 1 dni"


def test_variants_are_distinct_pages_that_still_extract():
    samples = [s for group in corpus(PAGES).values() for s in group]
    copies = variants(samples, 2 * len(samples))
    assert len({c.name for c in copies}) == len(copies)
    assert len({c.data for c in copies}) == len(copies)
    assert all(c.data != s.data for c, s in zip(copies[1:], samples[1:], strict=False))
    result = extract_page(copies[17].data, name=copies[17].name, kind=copies[17].kind)
    assert result.records.partnerships


def test_large_page_is_deterministic_html_with_the_seeds_furniture():
    seed = (PAGES / f"{SEED}.html").read_bytes()
    page = large_page(seed, 40_000)
    assert page == large_page(seed, 40_000)
    assert 40_000 <= len(page) < 40_000 + len(seed)
    assert page.startswith(seed[:200]) and page.endswith(seed[-200:])
    text = load_bytes(page, name="large", kind="html").text
    assert text.count("Sady Żoliborskie") >= 5
    assert "2011 roku" in text and "2012 roku" in text  # copies differ in their numbers


def test_trafilatura_gets_a_text_page_as_paragraphs():
    sample = Sample(name="t", kind="text", data="Żółw & kot\n\nDrugi <akapit>\n".encode())
    assert trafilatura_input(sample) == (
        "<html><body><p>Żółw &amp; kot</p><p>Drugi &lt;akapit&gt;</p></body></html>".encode()
    )
