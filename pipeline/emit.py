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
    Area,
    DateValue,
    District,
    FounderRole,
    Organization,
    PageRecords,
    Partnership,
    Place,
    Renaming,
    Street,
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


# Each node is built with its required properties; an optional property is added only when
# it has a value (the document leaves an absent property out, never writes null).  An
# optional reference whose IRI is None or empty is absent.


def _refs(iris: Iterable[str]) -> list[Node]:
    """References sorted as their JSON text sorts.

    ``{"@id": IRI}`` texts differ only in the IRI's JSON string, and no JSON string is the
    beginning of another (its closing quote is its only unescaped one): they sort as the
    IRIs' JSON strings do, which ``encode_basestring`` writes (as ``json.dumps`` does).
    """
    ordered = list(iris)
    if len(ordered) > 1:
        ordered.sort(key=encode_basestring)
    return [{"@id": iri} for iri in ordered]


def _date(d: DateValue) -> Node:
    return {"@value": d.iso, "@type": d.xsd_type}


def _names(texts: tuple[Text, ...], exclude: str) -> list[str]:
    """The other names, sorted as their JSON text sorts (empty when there are none)."""
    if not texts:
        return []
    names = {t.value for t in texts}
    names.discard(exclude)
    # encode_basestring is what json.dumps(name, ensure_ascii=False) writes
    return sorted(names, key=encode_basestring)


def _page(page: WebPage) -> Node:
    node: Node = {"@id": page.id, "@type": "schema:WebPage"}
    if page.url:
        node["schema:url"] = {"@id": page.url}
    if page.retrieved:
        node["dct:date"] = {"@value": page.retrieved, "@type": "xsd:date"}
    return node


def _partnership(p: Partnership, page_id: str) -> Node:
    node: Node = {
        "@id": p.id,
        "@type": list(PARTNERSHIP_TYPES),
        "schema:name": p.name.value,
        "prov:wasDerivedFrom": {"@id": page_id},
    }
    if names := _names(p.alternate_names, p.name.value):
        node["schema:alternateName"] = names
    if p.founding_date:
        node["schema:foundingDate"] = _date(p.founding_date)
    if p.founding_ordinal:
        node["lp:foundingOrdinal"] = p.founding_ordinal.value
    if p.founders:
        node["schema:founder"] = _refs([r.id for r in p.founders])
        # who took the initiative ("z inicjatywy X"); the other founders joined by agreement
        if initiators := [r.id for r in p.founders if r.role is FounderRole.INITIATOR]:
            node["lp:initiator"] = _refs(initiators)
    if p.coordinator and p.coordinator.id:
        node["lp:coordinator"] = {"@id": p.coordinator.id}
    if p.members:
        node["schema:member"] = _refs([r.id for r in p.members])
    if p.renamings:
        node["org:changedBy"] = _refs(p.renamings)
    if p.area and p.area.id:
        node["schema:areaServed"] = {"@id": p.area.id}
    return node


def _area(area: Area) -> Node:
    node: Node = {"@id": area.id, "@type": "schema:Place"}
    if area.places:
        node["schema:containsPlace"] = _refs([r.id for r in area.places])
    if area.bounded_by:
        node["lp:boundedBy"] = _refs([r.id for r in area.bounded_by])
    if area.district:
        node["schema:containedInPlace"] = {"@id": area.district}
    return node


def _organization(o: Organization, page_id: str) -> Node:
    node: Node = {
        "@id": o.id,
        "@type": o.kind.value,
        "schema:name": o.name.value,
        "prov:wasDerivedFrom": {"@id": page_id},
    }
    if names := _names(o.alternate_names, o.name.value):
        node["schema:alternateName"] = names
    if o.parent:
        node["schema:parentOrganization"] = {"@id": o.parent}
    if o.succeeded_by:
        node["lp:succeededBy"] = {"@id": o.succeeded_by}
    return node


def _renaming(r: Renaming) -> Node:
    node: Node = {
        "@id": r.id,
        "@type": "lp:Renaming",
        "lp:oldName": r.old_name.value,
        "lp:newName": r.new_name.value,
    }
    if r.date:
        node["dct:date"] = _date(r.date)
    return node


def _street(s: Street) -> Node:
    node: Node = {
        "@id": s.id,
        "@type": "lp:Street",
        "schema:name": s.name.value,
        "lp:streetType": s.street_type.value,
    }
    if s.title:
        node["lp:title"] = s.title
    if names := _names(s.alternate_names, s.name.value):
        node["schema:alternateName"] = names
    if s.teryt_sym_ul is not None:
        node["lp:terytSymUl"] = s.teryt_sym_ul
    return node


def _place(pl: Place) -> Node:
    return {"@id": pl.id, "@type": pl.kind.value, "schema:name": pl.name.value}


def _district(d: District) -> Node:
    node: Node = {"@id": d.id, "@type": "schema:AdministrativeArea", "schema:name": d.name.value}
    if d.terc:
        node["lp:terytTerc"] = d.terc
    if d.contained_in:
        node["schema:containedInPlace"] = {"@id": d.contained_in}
    return node


def _nodes(records: PageRecords) -> list[tuple[_NodeModel, Node]]:
    """Every node as JSON data, with the model of :mod:`pipeline.jsonld` it must satisfy."""
    page_id = records.page.id
    nodes: list[tuple[_NodeModel, Node]] = [(WebPageNode, _page(records.page))]
    for p in records.partnerships:
        nodes.append((PartnershipNode, _partnership(p, page_id)))
        if p.area is not None:
            nodes.append((AreaNode, _area(p.area)))
    nodes += [(OrganizationNode, _organization(o, page_id)) for o in records.organizations]
    nodes += [(RenamingNode, _renaming(r)) for r in records.renamings]
    nodes += [(StreetNode, _street(s)) for s in records.streets]
    nodes += [(PlaceNode, _place(pl)) for pl in records.places]
    nodes += [(AdministrativeAreaNode, _district(d)) for d in records.districts]
    return nodes


def to_graph(records: PageRecords) -> list[Node]:
    """The ``@graph``: one JSON object per node, merged by ``@id``, sorted by ``@id``."""
    return _merge_by_id(node for _, node in _nodes(records))


def _merge_by_id(graph: Iterable[Node]) -> list[Node]:
    """One node per @id (an area or place may be reached twice), sorted by @id."""
    merged: dict[str, Node] = {}
    copied: set[str] = set()  # the @ids whose node is a copy, which merging may change
    for node in graph:
        iri = node["@id"]
        have = merged.get(iri)
        if have is None:  # the first node of its @id: kept as it is, unless another comes
            merged[iri] = node
            continue
        if iri not in copied:
            have = merged[iri] = dict(have)
            copied.add(iri)
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
    return _validated_document(records)[0]


def _validated_document(records: PageRecords) -> tuple[JsonLdDocument, Node]:
    """The document's models and the JSON data they were validated from.

    The models take the data as it is (no property is null, no value needs converting), so
    their :meth:`~pipeline.jsonld.JsonLdDocument.to_json_data` gives the same JSON back: the
    data is written without dumping the models again.
    """
    nodes = _nodes(records)
    data = {"@context": CONTEXT, "@graph": _merge_by_id(node for _, node in nodes)}
    try:
        return JsonLdDocument.model_validate(data), data
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
    """The page's JSON-LD text: the document's data, once validated, as JSON."""
    return dumps(_validated_document(records)[1])
