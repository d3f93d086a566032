"""Emit: validated records -> JSON-LD text, as CONTRACT.md says.

- the ``@context`` is inline (a consumer never needs the network);
- one ``@graph`` of nodes, sorted by ``@id``; every array sorted; keys sorted;
- plain literals carry ``@language: "pl"`` (the context's default language);
- typed literals for dates (``xsd:gYear`` / ``xsd:gYearMonth`` / ``xsd:date``);
- ``<``, ``>`` and ``&`` escaped as ``\\u003c`` …, so the document can be embedded in an
  HTML ``<script type="application/ld+json">`` element as it is;
- no timestamps, no random ids, no offsets: the same records give the same bytes.

Every node is built as its model in :mod:`pipeline.jsonld` (the schema of the document),
and the whole document is validated against those models before it is written.

Evidence (spans) is *not* written here: it lives beside the JSON-LD so that the JSON-LD's
diff moves only when facts move.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import orjson

from pipeline.jsonld import (
    CONTEXT,
    PARTNERSHIP_TYPES,
    AdministrativeAreaNode,
    AreaNode,
    DayLiteral,
    JsonLdDocument,
    OrganizationNode,
    PartnershipNode,
    PlaceNode,
    Ref,
    RenamingNode,
    StreetNode,
    TypedLiteral,
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


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _ref(iri: str | None) -> Ref | None:
    return Ref(id=iri) if iri else None


def _refs(iris: Iterable[str]) -> list[Ref] | None:
    """References sorted as their JSON text sorts; None (left out) when there are none."""
    ordered = sorted(iris, key=lambda iri: _json_key({"@id": iri}))
    return [Ref(id=iri) for iri in ordered] or None


def _date(d: DateValue | None) -> TypedLiteral | None:
    return TypedLiteral(value=d.iso, type=d.xsd_type) if d else None  # type: ignore[arg-type]


def _names(texts: tuple[Text, ...], exclude: str) -> list[str] | None:
    """The other names, sorted as their JSON text sorts; None when there are none."""
    return sorted({t.value for t in texts} - {exclude}, key=_json_key) or None


def _page(page: WebPage) -> WebPageNode:
    retrieved = DayLiteral(value=page.retrieved, type="xsd:date") if page.retrieved else None
    return WebPageNode(id=page.id, type="schema:WebPage", url=_ref(page.url), date=retrieved)


def _partnership(p: Partnership, page_id: str) -> list[_AnyNode]:
    node = PartnershipNode(
        id=p.id,
        type=tuple(PARTNERSHIP_TYPES),  # type: ignore[arg-type]
        name=p.name.value,
        alternate_name=_names(p.alternate_names, p.name.value),
        founding_date=_date(p.founding_date),
        founding_ordinal=p.founding_ordinal.value if p.founding_ordinal else None,
        founder=_refs(r.id for r in p.founders),
        # who took the initiative ("z inicjatywy X"); the other founders joined by agreement
        initiator=_refs(r.id for r in p.founders if r.role is FounderRole.INITIATOR),
        coordinator=_ref(p.coordinator.id) if p.coordinator else None,
        member=_refs(r.id for r in p.members),
        changed_by=_refs(p.renamings),
        area_served=_ref(p.area.id) if p.area else None,
        was_derived_from=Ref(id=page_id),
    )
    if p.area is None:
        return [node]
    area = AreaNode(
        id=p.area.id,
        type="schema:Place",
        contains_place=_refs(r.id for r in p.area.places),
        bounded_by=_refs(r.id for r in p.area.bounded_by),
        contained_in_place=_ref(p.area.district),
    )
    return [node, area]


def _nodes(records: PageRecords) -> list[_AnyNode]:
    page_id = records.page.id
    nodes: list[_AnyNode] = [_page(records.page)]
    for p in records.partnerships:
        nodes.extend(_partnership(p, page_id))
    nodes.extend(
        OrganizationNode(
            id=o.id,
            type=o.kind.value,
            name=o.name.value,
            alternate_name=_names(o.alternate_names, o.name.value),
            parent_organization=_ref(o.parent),
            succeeded_by=_ref(o.succeeded_by),
            was_derived_from=Ref(id=page_id),
        )
        for o in records.organizations
    )
    nodes.extend(
        RenamingNode(
            id=r.id,
            type="lp:Renaming",
            old_name=r.old_name.value,
            new_name=r.new_name.value,
            date=_date(r.date),
        )
        for r in records.renamings
    )
    nodes.extend(
        StreetNode(
            id=s.id,
            type="lp:Street",
            name=s.name.value,
            street_type=s.street_type.value,
            title=s.title or None,
            alternate_name=_names(s.alternate_names, s.name.value),
            teryt_sym_ul=s.teryt_sym_ul,
        )
        for s in records.streets
    )
    nodes.extend(
        PlaceNode(id=pl.id, type=pl.kind.value, name=pl.name.value) for pl in records.places
    )
    nodes.extend(
        AdministrativeAreaNode(
            id=d.id,
            type="schema:AdministrativeArea",
            name=d.name.value,
            teryt_terc=d.terc or None,
            contained_in_place=_ref(d.contained_in),
        )
        for d in records.districts
    )
    return nodes


def to_graph(records: PageRecords) -> list[Node]:
    """The ``@graph``: one JSON object per node, merged by ``@id``, sorted by ``@id``."""
    return _merge_by_id(
        n.model_dump(mode="json", by_alias=True, exclude_none=True) for n in _nodes(records)
    )


def _merge_by_id(graph: Iterable[Node]) -> list[Node]:
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


def to_document(records: PageRecords) -> JsonLdDocument:
    """The whole document, validated against the models of :mod:`pipeline.jsonld`."""
    return JsonLdDocument.model_validate({"@context": CONTEXT, "@graph": to_graph(records)})


def dumps(document: Any) -> str:
    """Deterministic JSON text, safe inside an HTML <script> element."""
    try:  # orjson writes the same bytes as the json call below, ten times faster
        text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:  # what it refuses (a lone surrogate, a huge int): json
        text = json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text + "\n"


def to_jsonld(records: PageRecords) -> str:
    return dumps(to_document(records).to_json_data())
