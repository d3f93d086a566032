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

from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from pipeline.emit import dumps
from pipeline.records import Evidence, FounderRole, PageRecords, Text

VERSION = 1

Fact = dict[str, Any]


#: The keys of a fact, in the order its dict has them.
_FIELDS = (
    "node",
    "property",
    "value",
    "label",
    "quote",
    "start",
    "end",
    "element",
    "source",
    "override",
)
_FIELD_SET = frozenset(_FIELDS)

Row = tuple[Any, ...]  # a fact's values in _FIELDS order: hashable, and cheaper than its dict


def _as_facts(rows: Iterable[Row]) -> list[Fact]:
    """Each row as its fact's dict."""
    return [
        {
            "node": node,
            "property": prop,
            "value": value,
            "label": label,
            "quote": quote,
            "start": start,
            "end": end,
            "element": element,
            "source": source,
            "override": override,
        }
        for node, prop, value, label, quote, start, end, element, source, override in rows
    ]


def page_facts(records: PageRecords) -> list[Fact]:
    """Every grounded fact of the records, one entry per span it was read from."""
    return _as_facts(_page_rows(records))


def _page_rows(records: PageRecords) -> list[Row]:
    """The page facts as rows, node by node: one per value that has evidence (or may have)
    and span it was read from."""
    names = {o.id: o.name.value for o in records.organizations}
    names |= {s.id: s.name.value for s in records.streets}
    names |= {p.id: p.name.value for p in records.places}
    names |= {d.id: d.name.value for d in records.districts}
    rows: list[Row] = []
    append = rows.append

    def add(
        node: str, prop: str, value: str, evidence: tuple[Evidence, ...], label: str | None = None
    ) -> None:
        """A value's rows: one per span it was read from."""
        for e in evidence:
            append((node, prop, value, label, e.quote, e.start, e.end, e.element, e.source, None))

    def add_texts(node: str, prop: str, texts: Iterable[Text]) -> None:
        for t in texts:
            add(node, prop, t.value, t.evidence)

    def add_ref(node: str, prop: str, ref_id: str, evidence: tuple[Evidence, ...]) -> None:
        add(node, prop, ref_id, evidence, names.get(ref_id))

    for p in records.partnerships:
        add(p.id, "schema:name", p.name.value, p.name.evidence)
        add_texts(p.id, "schema:alternateName", p.alternate_names)
        if p.founding_date:
            add(p.id, "schema:foundingDate", p.founding_date.iso, p.founding_date.evidence)
        if p.founding_ordinal:
            ordinal = p.founding_ordinal
            add(p.id, "lp:foundingOrdinal", str(ordinal.value), ordinal.evidence)
        for ref in p.founders:
            add_ref(p.id, "schema:founder", ref.id, ref.evidence)
            if ref.role is FounderRole.INITIATOR:
                add_ref(p.id, "lp:initiator", ref.id, ref.evidence)
        if p.coordinator:
            add_ref(p.id, "lp:coordinator", p.coordinator.id, p.coordinator.evidence)
        for ref in p.members:
            add_ref(p.id, "schema:member", ref.id, ref.evidence)
        if p.area is not None:
            area = p.area.id
            for place in p.area.places:
                add_ref(area, "schema:containsPlace", place.id, place.evidence)
            for street in p.area.bounded_by:
                add_ref(area, "lp:boundedBy", street.id, street.evidence)
    for r in records.renamings:
        add(r.id, "lp:oldName", r.old_name.value, r.old_name.evidence)
        add(r.id, "lp:newName", r.new_name.value, r.new_name.evidence)
        if r.date:
            add(r.id, "dct:date", r.date.iso, r.date.evidence)
    for o in records.organizations:
        add(o.id, "schema:name", o.name.value, o.name.evidence)
        add_texts(o.id, "schema:alternateName", o.alternate_names)
    for s in records.streets:
        add(s.id, "schema:name", s.name.value, s.name.evidence)
        add(s.id, "lp:streetType", s.street_type.value, s.name.evidence)
        if s.title:
            add(s.id, "lp:title", s.title, s.name.evidence)
        add_texts(s.id, "schema:alternateName", s.alternate_names)
    for pl in records.places:
        add(pl.id, "schema:name", pl.name.value, pl.name.evidence)
    for d in records.districts:
        add(d.id, "schema:name", d.name.value, d.name.evidence)
        if d.terc:
            add(d.id, "lp:terytTerc", d.terc, d.name.evidence)
    return rows


#: The order of the facts (:func:`_sort_key`) as a key of page rows: node, property, value,
#: start, source (a page fact's start is an :class:`Evidence`'s, never None).
_PAGE_ROW_ORDER = itemgetter(0, 1, 2, 5, 8)


def _sort_key(f: Fact) -> tuple:
    return (
        f["node"],
        f["property"],
        f["value"],
        f["start"] if f["start"] is not None else -1,
        f["source"],
    )


def _fact_values(fact: Fact) -> tuple:
    """What makes a fact itself: its values in _FIELDS order (its items, sorted by key, when
    it has other keys than a page fact)."""
    if fact.keys() == _FIELD_SET:
        return tuple(fact[k] for k in _FIELDS)
    return (tuple(sorted(fact.items())),)


def build_evidence(
    records: PageRecords,
    text: str,
    *,
    editor_facts: Iterable[Fact] = (),
    overrides: Iterable[dict] = (),
) -> dict[str, Any]:
    """The evidence document of one page (records already carry their review flags)."""
    # one fact per set of values (the last given, in the place of the first); a page
    # fact's dict is made only once it is known to be unique
    unique: dict[Row, Fact | None] = dict.fromkeys(_page_rows(records))
    editor = list(editor_facts)
    if not editor:  # the page's facts alone: sorted as rows (in the same order), then dicts
        facts = _as_facts(sorted(unique, key=_PAGE_ROW_ORDER))
    else:
        for f in editor:
            unique[_fact_values(f)] = f
        facts = [
            dict(zip(_FIELDS, row, strict=True)) if f is None else f for row, f in unique.items()
        ]
        facts.sort(key=_sort_key)
    return {
        "version": VERSION,
        "page": records.page.id,
        "name": records.page.name,
        "text": text,
        "facts": facts,
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
