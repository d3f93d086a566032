"""End to end, per gold page: what the pipeline writes against what a perfect run writes."""

from __future__ import annotations

import gc
import json

import pytest

from pipeline.batch import run
from pipeline.caches import clear_page_caches

from .conftest import ROOT, accepted, gold_for, gold_pages, page_files, result_for


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from all_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from all_strings(v)


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_partnership_names_match_gold(path):
    gold = gold_for(path)
    names = sorted(p.name.value for p in result_for(path).records.partnerships)
    assert len(names) == len(gold["partnerships"])
    for expected in gold["partnerships"]:
        assert accepted(expected["name"]) & set(names), expected["name"]


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_no_furniture_in_any_value(path):
    doc = json.loads(result_for(path).jsonld)
    values = [
        s for node in doc["@graph"] for k, v in node.items() if k != "@id" for s in all_strings(v)
    ]
    for phrase in gold_for(path)["absent"]:
        for value in values:
            if value.startswith("http"):
                continue
            assert phrase not in value.split() and phrase not in value, (phrase, value)


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_every_name_is_grounded_verbatim(path):
    result = result_for(path)
    for p in result.records.partnerships:
        assert p.name.evidence
        for ev in p.name.evidence:
            assert result.document.text[ev.start : ev.end] == ev.quote


def test_seed_html_and_text_give_the_same_records():
    from .conftest import PAGES

    a = result_for(PAGES / "partnerstwa-lokalne-zoliborz.html")
    b = result_for(PAGES / "partnerstwa-lokalne-zoliborz.txt")
    assert a.jsonld == b.jsonld


def test_committed_output_equals_a_fresh_run(tmp_path):
    summary = run([ROOT / "raw"], tmp_path)
    assert not summary.failures
    committed = ROOT / "output"
    for written in summary.written:
        assert (committed / written.name).read_bytes() == written.read_bytes(), written.name


@pytest.mark.parametrize("path", page_files(), ids=lambda p: p.name)
def test_a_page_leaves_no_cyclic_garbage(path):
    """Everything a page makes is freed by reference counting: garbage in cycles would make
    the collector run (and walk the young objects) every few pages of a batch."""
    result_for(path)  # the words learnt: what is made below is the page's own
    clear_page_caches()
    gc.collect()
    gc.disable()
    try:
        result_for(path)
        clear_page_caches()  # what the page's caches held is dropped too
        assert gc.collect() == 0
    finally:
        gc.enable()
