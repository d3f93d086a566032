"""Emit: validated records -> JSON-LD text, as CONTRACT.md says.

- the ``@context`` is inline (a consumer never needs the network);
- one ``@graph`` of nodes, sorted by ``@id``; every array sorted; keys sorted;
- plain literals carry ``@language: "pl"`` (the context's default language);
- typed literals for dates (``xsd:gYear`` / ``xsd:gYearMonth`` / ``xsd:date``);
- ``<``, ``>`` and ``&`` escaped as ``\\u003c`` …, so the document can be embedded in an
  HTML ``<script type="application/ld+json">`` element as it is;
- no timestamps, no random ids, no offsets: the same records give the same bytes.

Every node is built as the JSON data of its model in :mod:`pipeline.jsonld` (the schema of
the document), and the whole document is validated against those models before it is
written: each node once, as part of the document.  When the document is invalid, the node
at fault is validated alone, so the error names the node's field as building that node by
field name would.

Evidence (spans) is *not* written here: it lives beside the JSON-LD so that the JSON-LD's
diff moves only when facts move.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any

import orjson
from pydantic import ValidationError

from pipeline.jsonld import (
    CONTEXT,
    PARTNERSHIP_TYPES,
    AdministrativeAreaNode,
    AreaNode,
    JsonLdDocument,
    OrganizationNode,
    PartnershipNode,
    PlaceNode,
    RenamingNode,
    StreetNode,
    WebPageNode,
)
from pipeline.records import (
    DateValue,
    FounderRole,
    PageRecords,
    Partnership,
    Text,
    WebPage,
)

__all__ = ["CONTEXT", "PARTNERSHIP_TYPES", "dumps", "to_document", "to_graph", "to_jsonld"]

Node = dict[str, Any]
_AnyNode = (
    PartnershipNode
    | AreaNode
    | OrganizationNode
    | RenamingNode
    | StreetNode
    | PlaceNode
    | AdministrativeAreaNode
    | WebPageNode
)
_NodeModel = type[_AnyNode]


def _node(properties: Node) -> Node:
    """A node as JSON data: a property whose value is None is absent, so left out."""
    return {key: value for key, value in properties.items() if value is not None}


def _ref(iri: str | None) -> Node | None:
    return {"@id": iri} if iri else None


def _refs(iris: Iterable[str]) -> list[Node] | None:
    """References sorted as their JSON text sorts; None (left out) when there are none.

    ``{"@id": IRI}`` texts differ only in the IRI's JSON string, and no JSON string is the
    beginning of another (its closing quote is its only unescaped one): they sort as the
    IRIs' JSON strings do, which ``encode_basestring`` writes (as ``json.dumps`` does).
    """
    ordered = sorted(iris, key=encode_basestring)
    return [{"@id": iri} for iri in ordered] or None


def _date(d: DateValue | None) -> Node | None:
    return {"@value": d.iso, "@type": d.xsd_type} if d else None


def _names(texts: tuple[Text, ...], exclude: str) -> list[str] | None:
    """The other names, sorted as their JSON text sorts; None when there are none."""
    # encode_basestring is what json.dumps(name, ensure_ascii=False) writes
    return sorted({t.value for t in texts} - {exclude}, key=encode_basestring) or None


def _page(page: WebPage) -> Node:
    retrieved = {"@value": page.retrieved, "@type": "xsd:date"} if page.retrieved else None
    return _node(
        {
            "@id": page.id,
            "@type": "schema:WebPage",
            "schema:url": _ref(page.url),
            "dct:date": retrieved,
        }
    )


def _partnership(p: Partnership, page_id: str) -> list[tuple[_NodeModel, Node]]:
    node = _node(
        {
            "@id": p.id,
            "@type": list(PARTNERSHIP_TYPES),
            "schema:name": p.name.value,
            "schema:alternateName": _names(p.alternate_names, p.name.value),
            "schema:foundingDate": _date(p.founding_date),
            "lp:foundingOrdinal": p.founding_ordinal.value if p.founding_ordinal else None,
            "schema:founder": _refs(r.id for r in p.founders),
            # who took the initiative ("z inicjatywy X"); the other founders joined by agreement
            "lp:initiator": _refs(r.id for r in p.founders if r.role is FounderRole.INITIATOR),
            "lp:coordinator": _ref(p.coordinator.id) if p.coordinator else None,
            "schema:member": _refs(r.id for r in p.members),
            "org:changedBy": _refs(p.renamings),
            "schema:areaServed": _ref(p.area.id) if p.area else None,
            "prov:wasDerivedFrom": {"@id": page_id},
        }
    )
    if p.area is None:
        return [(PartnershipNode, node)]
    area = _node(
        {
            "@id": p.area.id,
            "@type": "schema:Place",
            "schema:containsPlace": _refs(r.id for r in p.area.places),
            "lp:boundedBy": _refs(r.id for r in p.area.bounded_by),
            "schema:containedInPlace": _ref(p.area.district),
        }
    )
    return [(PartnershipNode, node), (AreaNode, area)]


def _nodes(records: PageRecords) -> list[tuple[_NodeModel, Node]]:
    """Every node as JSON data, with the model of :mod:`pipeline.jsonld` it must satisfy."""
    page_id = records.page.id
    nodes: list[tuple[_NodeModel, Node]] = [(WebPageNode, _page(records.page))]
    for p in records.partnerships:
        nodes.extend(_partnership(p, page_id))
    nodes.extend(
        (
            OrganizationNode,
            _node(
                {
                    "@id": o.id,
                    "@type": o.kind.value,
                    "schema:name": o.name.value,
                    "schema:alternateName": _names(o.alternate_names, o.name.value),
                    "schema:parentOrganization": _ref(o.parent),
                    "lp:succeededBy": _ref(o.succeeded_by),
                    "prov:wasDerivedFrom": {"@id": page_id},
                }
            ),
        )
        for o in records.organizations
    )
    nodes.extend(
        (
            RenamingNode,
            _node(
                {
                    "@id": r.id,
                    "@type": "lp:Renaming",
                    "lp:oldName": r.old_name.value,
                    "lp:newName": r.new_name.value,
                    "dct:date": _date(r.date),
                }
            ),
        )
        for r in records.renamings
    )
    nodes.extend(
        (
            StreetNode,
            _node(
                {
                    "@id": s.id,
                    "@type": "lp:Street",
                    "schema:name": s.name.value,
                    "lp:streetType": s.street_type.value,
                    "lp:title": s.title or None,
                    "schema:alternateName": _names(s.alternate_names, s.name.value),
                    "lp:terytSymUl": s.teryt_sym_ul,
                }
            ),
        )
        for s in records.streets
    )
    nodes.extend(
        (PlaceNode, {"@id": pl.id, "@type": pl.kind.value, "schema:name": pl.name.value})
        for pl in records.places
    )
    nodes.extend(
        (
            AdministrativeAreaNode,
            _node(
                {
                    "@id": d.id,
                    "@type": "schema:AdministrativeArea",
                    "schema:name": d.name.value,
                    "lp:terytTerc": d.terc or None,
                    "schema:containedInPlace": _ref(d.contained_in),
                }
            ),
        )
        for d in records.districts
    )
    return nodes


def to_graph(records: PageRecords) -> list[Node]:
    """The ``@graph``: one JSON object per node, merged by ``@id``, sorted by ``@id``."""
    return _merge_by_id(node for _, node in _nodes(records))


def _merge_by_id(graph: Iterable[Node]) -> list[Node]:
    """One node per @id (an area or place may be reached twice), sorted by @id."""
    merged: dict[str, Node] = {}
    for node in graph:
        have = merged.get(node["@id"])
        if have is None:  # the first node of its @id: a copy, which merging may change
            merged[node["@id"]] = dict(node)
            continue
        for key, value in node.items():
            if key in have and have[key] != value and isinstance(value, list):
                combined = have[key] + [v for v in value if v not in have[key]]
                have[key] = sorted(combined, key=lambda v: json.dumps(v, sort_keys=True))
            else:
                have.setdefault(key, value)
    return [merged[k] for k in sorted(merged)]


def _field_names(model: _NodeModel) -> dict[str, str]:
    """JSON-LD key -> field name of a node model."""
    return {field.serialization_alias or name: name for name, field in model.model_fields.items()}


def _raise_node_error(nodes: list[tuple[_NodeModel, Node]]) -> None:
    """Validate each node alone, by field name: raises the first node's error, if any."""
    for model, node in nodes:
        names = _field_names(model)
        model(**{names[key]: value for key, value in node.items()})


def to_document(records: PageRecords) -> JsonLdDocument:
    """The whole document, validated against the models of :mod:`pipeline.jsonld`."""
    nodes = _nodes(records)
    graph = _merge_by_id(node for _, node in nodes)
    try:
        return JsonLdDocument.model_validate({"@context": CONTEXT, "@graph": graph})
    except ValidationError:
        _raise_node_error(nodes)  # a node that is wrong by itself: its own error
        raise  # what only the whole document breaks


def dumps(document: Any) -> str:
    """Deterministic JSON text, safe inside an HTML <script> element."""
    try:  # orjson writes the same bytes as the json call below, ten times faster
        data = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # what it refuses (a lone surrogate, a huge int): json
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
        return _escape_markup(text) + "\n"
    # in UTF-8 an ASCII byte is only ever that character: replacing the bytes is replacing
    # the characters, and much faster on a text that is not all ASCII
    data = data.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
    return data.decode() + "\n"


def _escape_markup(text: str) -> str:
    """``<``, ``>`` and ``&`` as JSON escapes (the same characters inside a JSON string)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_jsonld(records: PageRecords) -> str:
    return dumps(to_document(records).to_json_data())
