"""Review flags, each on a page made to raise it (and pages that must not)."""

from __future__ import annotations

from pipeline.run import extract_page

from .conftest import PAGES


def flags_of(html: str, retrieved: str | None = None) -> dict[str, list[str]]:
    result = extract_page(html.encode(), name="t", kind="html", retrieved=retrieved)
    out: dict[str, list[str]] = {}
    for f in result.records.flags:
        out.setdefault(f.code, []).append(f.message)
    return out


def test_count_mismatch():
    html = (
        "<main><p>Na Woli działają trzy partnerstwa lokalne.</p>"
        "<h2>Partnerstwo „Jedno”</h2><p>Partnerstwo powstało w 2012 roku.</p>"
        "<h2>Partnerstwo „Drugie”</h2><p>Partnerstwo powstało w 2014 roku.</p></main>"
    )
    assert "count-mismatch" in flags_of(html)
    assert "3" in flags_of(html)["count-mismatch"][0] and "2" in flags_of(html)["count-mismatch"][0]


def test_dates_before_1989_and_after_retrieval():
    html = (
        "<main><h2>Partnerstwo „Stare”</h2><p>Partnerstwo powstało w 1975 roku.</p>"
        "<h2>Partnerstwo „Nowe”</h2><p>Partnerstwo powstało w maju 2031 roku.</p></main>"
    )
    assert len(flags_of(html, retrieved="2026-11-20")["date-out-of-range"]) == 2
    # without a retrieval date the future is not judged (no wall clock): only 1975
    assert len(flags_of(html)["date-out-of-range"]) == 1


def test_street_spelled_differently_in_two_lists():
    html = (
        "<main><h2>Partnerstwo „Pierwsze”</h2><p>Obejmuje obszar w granicach ulic: Długiej, "
        "Krótkiej i Polnej.</p><h2>Partnerstwo „Drugie”</h2><p>Obejmuje obszar w granicach "
        "ulic: Polna, Leśna i Ogrodowa.</p></main>"
    )
    (message,) = flags_of(html)["street-spelling"]
    assert "Polna" in message and "„Polnej”" in message


def test_quiet_pages_raise_no_flags():
    result = extract_page((PAGES / "ursus-partnerstwa.html").read_bytes(), name="u")
    assert [f.code for f in result.records.flags] == []
