"""Evidence for editors: every value grounded verbatim, deterministic, flags attached."""

from __future__ import annotations

import json

import pytest

from .conftest import PAGES, accepted, gold_for, gold_pages, result_for


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_every_quote_is_verbatim_at_its_span(path):
    ev = result_for(path).evidence
    assert ev["facts"]
    for f in ev["facts"]:
        assert ev["text"][f["start"] : f["end"]] == f["quote"], f


def _grounded(ev, prop, values, *, by_label=False):
    """Facts of ``prop`` whose value (or label) is one of ``values``."""
    key = "label" if by_label else "value"
    return [f for f in ev["facts"] if f["property"] == prop and f[key] in values]


@pytest.mark.parametrize(
    "name", ["partnerstwa-lokalne-zoliborz.html", "partnerstwa-lokalne-zoliborz.txt"]
)
def test_every_gold_value_of_the_seed_has_evidence(name):
    path = PAGES / name
    ev = result_for(path).evidence
    gold = gold_for(path)
    names_of = {}
    for f in ev["facts"]:
        if f["property"] == "schema:name":
            names_of.setdefault(f["node"], f["value"])
    assert _grounded(ev, "lp:coordinator", accepted(gold["coordinator"]), by_label=True)
    for p in gold["partnerships"]:
        assert _grounded(ev, "schema:name", accepted(p["name"])) or _grounded(
            ev, "schema:alternateName", accepted(p["name"])
        ), p["name"]
        for n in p["all_names"]:
            assert _grounded(ev, "schema:name", {n}) or _grounded(
                ev, "schema:alternateName", {n}
            ), n
        assert _grounded(ev, "schema:foundingDate", {p["founding_date"]})
        if p["founding_ordinal"]:
            assert _grounded(ev, "lp:foundingOrdinal", {str(p["founding_ordinal"])})
        for founder in p["founders"]:
            assert _grounded(ev, "schema:founder", accepted(founder), by_label=True), founder
        for r in p["renames"]:
            assert _grounded(ev, "lp:oldName", {r["from"]}) and _grounded(
                ev, "lp:newName", {r["to"]}
            )
            assert _grounded(ev, "dct:date", {r["date"]})
        for place in p["neighbourhoods"] + p["landmarks"]:
            assert _grounded(ev, "schema:containsPlace", {place}, by_label=True), place
        for street in p["bounding_streets"]:
            assert _grounded(ev, "lp:boundedBy", accepted(street["name"]), by_label=True), street


def test_the_heading_vs_rename_flag_is_raised_on_the_seed():
    ev = result_for(PAGES / "partnerstwa-lokalne-zoliborz.html").evidence
    (flag,) = [f for f in ev["flags"] if f["code"] == "name-word-order"]
    assert (
        "Dla Rudawki i Zatrasia" in flag["message"] and "Dla Zatrasia i Rudawki" in flag["message"]
    )
    assert all(ev["text"][e["start"] : e["end"]] == e["quote"] for e in flag["evidence"])


def test_evidence_is_deterministic():
    a = result_for(PAGES / "bielany-partnerstwa.html").evidence
    b = result_for(PAGES / "bielany-partnerstwa.html").evidence
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    keys = [(f["node"], f["property"], f["value"], f["start"]) for f in a["facts"]]
    assert keys == sorted(keys)
