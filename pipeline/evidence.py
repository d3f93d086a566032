"""Evidence: for every fact of a page, where it was read — for editors and their tools.

``NAME.evidence.json`` sits beside ``NAME.jsonld``.  It is kept apart so that the JSON-LD's
diff moves only when facts move (spans shift whenever unrelated text does).  Format,
version 1::

    {"version": 1, "page": <page @id>, "name": <file stem>, "text": <the page's text>,
     "facts": [{"node", "property", "value", "label", "quote", "start", "end",
                "element", "source", "override"}, ...],
     "flags": [{"code", "message", "node", "evidence": [{"start", "end", "quote"}]}],
     "overrides": [...]}

``value`` is the value as the JSON-LD writes it (a literal's string, or the @id of the node
referred to, whose name is then ``label``).  A page fact has ``text[start:end] == quote``
and the XPath of the HTML element it sits in; an editor's fact has ``source: "editor"`` and
the override that made it.  Facts are sorted by (node, property, value, start); a fact read
at several places appears once per place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.emit import dumps
from pipeline.records import Evidence, FounderRole, PageRecords, Text

VERSION = 1

Fact = dict[str, Any]


def _facts(node: str, prop: str, value: str, evidence: Iterable[Evidence], label=None):
    for ev in evidence:
        yield {
            "node": node,
            "property": prop,
            "value": value,
            "label": label,
            "quote": ev.quote,
            "start": ev.start,
            "end": ev.end,
            "element": ev.element,
            "source": ev.source,
            "override": None,
        }


def _texts(node: str, prop: str, texts: Iterable[Text]) -> Iterator[Fact]:
    for t in texts:
        yield from _facts(node, prop, t.value, t.evidence)


def page_facts(records: PageRecords) -> list[Fact]:
    """Every grounded fact of the records, one entry per span it was read from."""
    names = {o.id: o.name.value for o in records.organizations}
    names |= {s.id: s.name.value for s in records.streets}
    names |= {p.id: p.name.value for p in records.places}
    names |= {d.id: d.name.value for d in records.districts}
    out: list[Fact] = []
    for p in records.partnerships:
        out += _texts(p.id, "schema:name", [p.name])
        out += _texts(p.id, "schema:alternateName", p.alternate_names)
        if p.founding_date:
            out += _facts(
                p.id, "schema:foundingDate", p.founding_date.iso, p.founding_date.evidence
            )
        if p.founding_ordinal:
            out += _facts(
                p.id,
                "lp:foundingOrdinal",
                str(p.founding_ordinal.value),
                p.founding_ordinal.evidence,
            )
        for ref in p.founders:
            out += _facts(p.id, "schema:founder", ref.id, ref.evidence, names.get(ref.id))
            if ref.role is FounderRole.INITIATOR:
                out += _facts(p.id, "lp:initiator", ref.id, ref.evidence, names.get(ref.id))
        if p.coordinator:
            c = p.coordinator
            out += _facts(p.id, "lp:coordinator", c.id, c.evidence, names.get(c.id))
        for ref in p.members:
            out += _facts(p.id, "schema:member", ref.id, ref.evidence, names.get(ref.id))
        if p.area is not None:
            for place in p.area.places:
                out += _facts(
                    p.area.id, "schema:containsPlace", place.id, place.evidence, names.get(place.id)
                )
            for street in p.area.bounded_by:
                out += _facts(
                    p.area.id, "lp:boundedBy", street.id, street.evidence, names.get(street.id)
                )
    for r in records.renamings:
        out += _texts(r.id, "lp:oldName", [r.old_name])
        out += _texts(r.id, "lp:newName", [r.new_name])
        if r.date:
            out += _facts(r.id, "dct:date", r.date.iso, r.date.evidence)
    for o in records.organizations:
        out += _texts(o.id, "schema:name", [o.name])
        out += _texts(o.id, "schema:alternateName", o.alternate_names)
    for s in records.streets:
        out += _texts(s.id, "schema:name", [s.name])
        out += _facts(s.id, "lp:streetType", s.street_type.value, s.name.evidence)
        if s.title:
            out += _facts(s.id, "lp:title", s.title, s.name.evidence)
        out += _texts(s.id, "schema:alternateName", s.alternate_names)
    for pl in records.places:
        out += _texts(pl.id, "schema:name", [pl.name])
    for d in records.districts:
        out += _texts(d.id, "schema:name", [d.name])
        if d.terc:
            out += _facts(d.id, "lp:terytTerc", d.terc, d.name.evidence)
    return out


def _sort_key(f: Fact) -> tuple:
    return (
        f["node"],
        f["property"],
        f["value"],
        f["start"] if f["start"] is not None else -1,
        f["source"],
    )


def build_evidence(
    records: PageRecords,
    text: str,
    *,
    editor_facts: Iterable[Fact] = (),
    overrides: Iterable[dict] = (),
) -> dict[str, Any]:
    """The evidence document of one page (records already carry their review flags)."""
    facts = {tuple(sorted(f.items())): f for f in (*page_facts(records), *editor_facts)}
    return {
        "version": VERSION,
        "page": records.page.id,
        "name": records.page.name,
        "text": text,
        "facts": sorted(facts.values(), key=_sort_key),
        "flags": [
            {
                "code": f.code,
                "message": f.message,
                "node": f.node,
                "evidence": [
                    {"start": e.start, "end": e.end, "quote": e.quote} for e in f.evidence
                ],
            }
            for f in records.flags
        ],
        "overrides": list(overrides),
    }


def evidence_json(evidence: dict[str, Any]) -> str:
    """Deterministic text of an evidence document."""
    return dumps(evidence)
