"""Emit: validated records -> JSON-LD text, as CONTRACT.md says.

- the ``@context`` is inline (a consumer never needs the network);
- one ``@graph`` of nodes, sorted by ``@id``; every array sorted; keys sorted;
- plain literals carry ``@language: "pl"`` (the context's default language);
- typed literals for dates (``xsd:gYear`` / ``xsd:gYearMonth`` / ``xsd:date``);
- ``<``, ``>`` and ``&`` escaped as ``\\u003c`` …, so the document can be embedded in an
  HTML ``<script type="application/ld+json">`` element as it is;
- no timestamps, no random ids, no offsets: the same records give the same bytes.

Evidence (spans) is *not* written here: it lives beside the JSON-LD so that the JSON-LD's
diff moves only when facts move.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.ids import LP_NAMESPACE
from pipeline.records import DateValue, FounderRole, PageRecords, Partnership, Text

CONTEXT: dict[str, Any] = {
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "lp": LP_NAMESPACE,
    "@language": "pl",
}

PARTNERSHIP_TYPES = [
    "lp:LocalPartnership",
    "org:OrganizationalCollaboration",
    "schema:Organization",
]

Node = dict[str, Any]


def _ref(iri: str) -> Node:
    return {"@id": iri}


def _date(d: DateValue) -> Node:
    return {"@value": d.iso, "@type": d.xsd_type}


def _names(texts: tuple[Text, ...], exclude: str) -> list[str]:
    return sorted({t.value for t in texts} - {exclude})


def _put(node: Node, key: str, value: Any) -> None:
    """Set a property unless it is empty; lists are sorted for determinism."""
    if value is None or value == [] or value == ():
        return
    if isinstance(value, list):
        value = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    node[key] = value


def _partnership(p: Partnership, page_id: str) -> list[Node]:
    node: Node = {"@id": p.id, "@type": PARTNERSHIP_TYPES, "schema:name": p.name.value}
    _put(node, "schema:alternateName", _names(p.alternate_names, p.name.value))
    if p.founding_date:
        node["schema:foundingDate"] = _date(p.founding_date)
    if p.founding_ordinal:
        node["lp:foundingOrdinal"] = p.founding_ordinal.value
    _put(node, "schema:founder", [_ref(r.id) for r in p.founders])
    # who took the initiative ("z inicjatywy X"); the other founders joined by agreement
    _put(node, "lp:initiator", [_ref(r.id) for r in p.founders if r.role is FounderRole.INITIATOR])
    if p.coordinator:
        node["lp:coordinator"] = _ref(p.coordinator.id)
    _put(node, "schema:member", [_ref(r.id) for r in p.members])
    _put(node, "org:changedBy", [_ref(r) for r in p.renamings])
    node["prov:wasDerivedFrom"] = _ref(page_id)
    nodes = [node]
    if p.area is not None:
        node["schema:areaServed"] = _ref(p.area.id)
        area: Node = {"@id": p.area.id, "@type": "schema:Place"}
        _put(area, "schema:containsPlace", [_ref(r.id) for r in p.area.places])
        _put(area, "lp:boundedBy", [_ref(r.id) for r in p.area.bounded_by])
        if p.area.district:
            area["schema:containedInPlace"] = _ref(p.area.district)
        nodes.append(area)
    return nodes


def to_graph(records: PageRecords) -> list[Node]:
    page = records.page
    page_node: Node = {"@id": page.id, "@type": "schema:WebPage"}
    if page.url:
        page_node["schema:url"] = _ref(page.url)
    if page.retrieved:
        page_node["dct:date"] = {"@value": page.retrieved, "@type": "xsd:date"}
    graph = [page_node]
    for p in records.partnerships:
        graph.extend(_partnership(p, page.id))
    for o in records.organizations:
        node: Node = {"@id": o.id, "@type": o.kind.value, "schema:name": o.name.value}
        _put(node, "schema:alternateName", _names(o.alternate_names, o.name.value))
        if o.parent:
            node["schema:parentOrganization"] = _ref(o.parent)
        if o.succeeded_by:
            node["lp:succeededBy"] = _ref(o.succeeded_by)
        node["prov:wasDerivedFrom"] = _ref(page.id)
        graph.append(node)
    for r in records.renamings:
        node = {
            "@id": r.id,
            "@type": "lp:Renaming",
            "lp:oldName": r.old_name.value,
            "lp:newName": r.new_name.value,
        }
        if r.date:
            node["dct:date"] = _date(r.date)
        graph.append(node)
    for s in records.streets:
        node = {
            "@id": s.id,
            "@type": "lp:Street",
            "schema:name": s.name.value,
            "lp:streetType": s.street_type.value,
        }
        if s.title:
            node["lp:title"] = s.title
        _put(node, "schema:alternateName", _names(s.alternate_names, s.name.value))
        graph.append(node)
    for pl in records.places:
        graph.append({"@id": pl.id, "@type": pl.kind.value, "schema:name": pl.name.value})
    for d in records.districts:
        node = {"@id": d.id, "@type": "schema:AdministrativeArea", "schema:name": d.name.value}
        if d.terc:
            node["lp:terytTerc"] = d.terc
        if d.contained_in:
            node["schema:containedInPlace"] = _ref(d.contained_in)
        graph.append(node)
    return _merge_by_id(graph)


def _merge_by_id(graph: list[Node]) -> list[Node]:
    """One node per @id (an area or place may be reached twice), sorted by @id."""
    merged: dict[str, Node] = {}
    for node in graph:
        have = merged.setdefault(node["@id"], {})
        for key, value in node.items():
            if key in have and have[key] != value and isinstance(value, list):
                combined = have[key] + [v for v in value if v not in have[key]]
                have[key] = sorted(combined, key=lambda v: json.dumps(v, sort_keys=True))
            else:
                have.setdefault(key, value)
    return [merged[k] for k in sorted(merged)]


def dumps(document: Any) -> str:
    """Deterministic JSON text, safe inside an HTML <script> element."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"


def to_jsonld(records: PageRecords) -> str:
    return dumps({"@context": CONTEXT, "@graph": to_graph(records)})
