"""Injection: code, hidden text and attributes never become facts; markup in a name is text.

Every hiding place holds a full, well-formed statement ("Partnerstwo „Ukryte” powstało w
1999 roku z inicjatywy Fundacji Ukrytej") next to a visible partnership; neither the
JSON-LD nor the evidence file of the page may contain "Ukryt" or 1999, while the visible
partnership is read in full.
"""

from __future__ import annotations

import json

import pytest

from pipeline.evidence import evidence_json
from pipeline.run import PageResult, extract_page

SECRET = "Partnerstwo „Ukryte” powstało w 1999 roku z inicjatywy Fundacji Ukrytej."
HIDDEN_HEADING = "Partnerstwo „Ukryte”"
SECRET_BLOCK = f"<h2>{HIDDEN_HEADING}</h2><p>{SECRET}</p>"

VISIBLE = """<h2>Partnerstwo „Jawne”</h2>
<p>Partnerstwo powstało w 2012 roku z inicjatywy Fundacji Jawnej.</p>"""

#: name -> HTML placed in the article beside the visible partnership.
HIDING_PLACES = {
    "script": f"<script>var s = '{SECRET}'; document.write('<p>{SECRET}</p>');</script>",
    "script-json": f'<script type="application/ld+json">{{"name": "{SECRET}"}}</script>',
    "style": f'<style>p::after {{ content: "{SECRET}"; }}</style>',
    "comment": f"<!-- {SECRET_BLOCK} -->",
    "conditional-comment": f"<!--[if lt IE 9]>{SECRET_BLOCK}<![endif]-->",
    "noscript": f"<noscript>{SECRET_BLOCK}</noscript>",
    "template": f"<template>{SECRET_BLOCK}</template>",
    "hidden": f"<div hidden>{SECRET_BLOCK}</div>",
    "hidden-heading": f"<h2 hidden>{HIDDEN_HEADING}</h2><p hidden>{SECRET}</p>",
    "aria-hidden": f'<div aria-hidden="true">{SECRET_BLOCK}</div>',
    "aria-hidden-caps": f'<section aria-hidden="TRUE">{SECRET_BLOCK}</section>',
    "display-none": f'<div style="display:none">{SECRET_BLOCK}</div>',
    "display-none-spaced": f'<div style="color: red; DISPLAY : None;">{SECRET_BLOCK}</div>',
    "visibility-hidden": f'<p style="visibility: hidden">{SECRET}</p>',
    "title-attribute": f'<p title="{SECRET}">Zapraszamy do współpracy.</p>',
    "alt-attribute": f'<p><img src="x.jpg" alt="{SECRET}">Zdjęcie z festynu.</p>',
    "data-attribute": f'<p data-opis="{SECRET}" data-name="{HIDDEN_HEADING}">Galeria.</p>',
    "textarea": f"<textarea>{SECRET}</textarea>",
    "select": f"<select><option>{SECRET}</option></select>",
    "svg": f"<svg><text>{SECRET}</text></svg>",
    "iframe": f"<iframe>{SECRET_BLOCK}</iframe>",
}


def page(hiding: str, *, head: str = "") -> bytes:
    return f"""<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>{SECRET}</title><meta name="description" content="{SECRET}">{head}</head>
<body><main><article>
{VISIBLE}
{hiding}
<p>Partnerzy spotykają się co miesiąc.</p>
</article></main></body></html>""".encode()


def _run(data: bytes) -> tuple[PageResult, str, str]:
    result = extract_page(data, name="strona", url="https://example.invalid/p")
    return result, result.jsonld, evidence_json(result.evidence)


def _partnerships(jsonld: str) -> dict[str, dict]:
    graph = json.loads(jsonld)["@graph"]
    return {n["schema:name"]: n for n in graph if "lp:LocalPartnership" in n["@type"]}


def _names(jsonld: str) -> set[str]:
    return {n["schema:name"] for n in json.loads(jsonld)["@graph"] if "schema:name" in n}


def test_the_visible_partnership_alone_is_read_in_full() -> None:
    _, jsonld, evidence = _run(page(""))
    found = _partnerships(jsonld)
    assert set(found) == {"Jawne"}
    assert found["Jawne"]["schema:foundingDate"] == {"@type": "xsd:gYear", "@value": "2012"}
    assert "Fundacja Jawna" in _names(jsonld)
    assert "Ukryt" not in jsonld + evidence and "1999" not in jsonld + evidence
    assert "Ukryt" in SECRET  # the checks below look for something that is there to find


def test_an_unhidden_secret_would_be_read() -> None:
    """The same statement in plain sight is a fact: the hiding, not the wording, stops it."""
    _, jsonld, _ = _run(page(SECRET_BLOCK))
    assert "Ukryte" in _partnerships(jsonld)
    assert "1999" in jsonld


@pytest.mark.parametrize("place", sorted(HIDING_PLACES))
def test_nothing_hidden_becomes_a_fact(place: str) -> None:
    result, jsonld, evidence = _run(page(HIDING_PLACES[place]))
    assert set(_partnerships(jsonld)) == {"Jawne"}
    for text in (jsonld, evidence, result.document.text):
        assert "Ukryt" not in text, place
        assert "1999" not in text, place


def test_every_hiding_place_at_once() -> None:
    result, jsonld, evidence = _run(page("\n".join(HIDING_PLACES.values())))
    assert set(_partnerships(jsonld)) == {"Jawne"}
    for text in (jsonld, evidence, result.document.text):
        assert "Ukryt" not in text and "1999" not in text


def test_nothing_hidden_in_the_head_becomes_a_fact() -> None:
    head = f"<script>{SECRET}</script><style>/* {SECRET} */</style><noscript>{SECRET}</noscript>"
    _, jsonld, evidence = _run(page("", head=head))
    assert "Ukryt" not in jsonld + evidence and "1999" not in jsonld + evidence


# --- markup inside a name stays text ----------------------------------------------------

CODE_NAME = "Dom </script> & Ogród"


def test_a_name_with_a_closing_script_tag_round_trips_as_text() -> None:
    html = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><article>
<h2>Partnerstwo „Dom &lt;/script&gt; &amp; Ogród”</h2>
<p>Partnerstwo powstało w 2016 roku z inicjatywy Fundacji Jawnej.</p>
</article></body></html>""".encode()
    result, jsonld, evidence = _run(html)
    assert CODE_NAME in result.document.text
    assert CODE_NAME in _partnerships(jsonld)  # json.loads gives the name back
    for raw in (jsonld, evidence):
        assert "</script>" not in raw
        assert "<" not in raw and ">" not in raw and "&" not in raw
        assert "\\u003c/script\\u003e" in raw
        assert "\\u0026" in raw
    assert any(f["quote"] == CODE_NAME for f in json.loads(evidence)["facts"])


def test_entities_that_spell_tags_never_become_elements() -> None:
    """`&lt;script&gt;` is text: it is read as text, not run or dropped as an element."""
    html = page("<p>Uwaga: &lt;script&gt;alert(1)&lt;/script&gt; to tylko tekst.</p>")
    result, jsonld, _ = _run(html)
    assert "<script>alert(1)</script> to tylko tekst." in result.document.text
    assert "<" not in jsonld
