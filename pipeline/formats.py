"""Formats: the same graph in other forms — canonical N-Quads, Turtle, and a CSV table.

Every conversion is offline (a JSON-LD document that names a remote ``@context`` is refused,
never fetched) and deterministic (the same JSON-LD gives the same bytes on every run).

- :func:`to_nquads`: canonical N-Quads (RDF Dataset Canonicalization, URDNA2015), one
  statement per line, lines sorted;
- :func:`to_turtle`: Turtle from rdflib's serializer (subjects, predicates and objects
  sorted), with the prefixes ``schema org prov dct xsd lp`` (and ``dcat foaf`` for the
  catalog);
- :func:`partnerships_csv`: one row per partnership, UTF-8, ``\\n`` line ends, rows sorted by
  (page_url, name); several values in one cell are joined with ``" | "`` and sorted.

CSV columns:

| column | value |
|---|---|
| page_url | the page's URL (empty when the page has no sidecar URL) |
| partnership_id | the partnership's IRI |
| name | its current name |
| alternate_names | its other names (former names, variants) |
| founding_date | ISO date: `2011`, `2013-05` or `2012-06-05` |
| founding_date_precision | `year`, `month` or `day` |
| founding_ordinal | the order it was founded in, when the page states it (`4`) |
| founders | names of every founding organization (initiators included) |
| initiators | names of the founders that took the initiative ("z inicjatywy …") |
| coordinator | name of the current coordinator |
| members | names of the listed partners |
| renames | `old → new (date)`, in order of date; `(date)` left out when unknown |
| neighbourhoods | neighbourhoods of the area served |
| landmarks | parks, landmarks and other named places of the area served |
| bounding_streets | `type [title] name` (`ulica gen. Andersa`; a kept type: no type twice) |
| district | name of the district of the area served |
| district_terc | its TERYT TERC code |
| city | name of the city that contains the district |
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from typing import Any

from pipeline.emit import to_jsonld
from pipeline.ids import LP_NAMESPACE, slug
from pipeline.records import PageRecords

PREFIXES: dict[str, str] = {
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "lp": LP_NAMESPACE,
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

CSV_COLUMNS = (
    "page_url",
    "partnership_id",
    "name",
    "alternate_names",
    "founding_date",
    "founding_date_precision",
    "founding_ordinal",
    "founders",
    "initiators",
    "coordinator",
    "members",
    "renames",
    "neighbourhoods",
    "landmarks",
    "bounding_streets",
    "district",
    "district_terc",
    "city",
)
JOIN = " | "


class OfflineError(ValueError):
    """The JSON-LD needs a remote document (a context by URL); we never fetch one."""


def _refuse(url: str, options: Any = None) -> Any:
    raise OfflineError(f"refusing to load {url}: the pipeline never uses the network")


def _expand(jsonld_text: str) -> list[Any]:
    from pyld import jsonld

    try:
        return jsonld.expand(json.loads(jsonld_text), {"documentLoader": _refuse})
    except jsonld.JsonLdError as err:
        raise OfflineError(str(err)) from err


def to_nquads(jsonld_text: str) -> str:
    """Canonical N-Quads, lines sorted (blank nodes, if any, get canonical labels)."""
    from pyld import jsonld

    quads = jsonld.normalize(
        _expand(jsonld_text),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": _refuse,
        },
    )
    return "".join(sorted(line + "\n" for line in quads.splitlines() if line))


def to_graph(jsonld_text: str):
    """An rdflib Graph of the JSON-LD, parsed offline from its expanded form."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    with warnings.catch_warnings():  # rdflib's own JSON-LD parser uses its deprecated API
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        graph.parse(data=json.dumps(_expand(jsonld_text)), format="json-ld")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)
    return graph


def to_turtle(jsonld_text: str) -> str:
    """Turtle, sorted by rdflib's serializer; only the prefixes used are declared."""
    return to_graph(jsonld_text).serialize(format="turtle")


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------


def _joined(values) -> str:
    return JOIN.join(sorted(set(values)))


def partnerships_csv(records_list: list[PageRecords]) -> str:
    """One row per partnership of every page, ids resolved to names (see the table above):
    the records as :func:`pipeline.emit.to_jsonld` writes them, read by
    :func:`partnerships_csv_from_jsonld` — one reading of the table for both."""
    return partnerships_csv_from_jsonld([to_jsonld(r) for r in records_list])


def _plain(value: Any) -> str:
    """A JSON-LD literal as text (plain string, or a {"@value": …} object)."""
    return str(value["@value"]) if isinstance(value, dict) else str(value)


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _ids(node: dict, key: str) -> list[str]:
    return [v["@id"] for v in _list(node.get(key))]


def _types(node: dict) -> list[str]:
    return _list(node.get("@type"))


def _graph_rows(document: dict) -> list[dict[str, str]]:
    """The CSV rows of one JSON-LD document as emitted (editors' corrections included)."""
    nodes = {n["@id"]: n for n in document.get("@graph", [])}

    def name(i: str) -> str:
        return _plain(nodes[i]["schema:name"]) if i in nodes and "schema:name" in nodes[i] else i

    page: dict[str, Any] = next((n for n in nodes.values() if "schema:WebPage" in _types(n)), {})
    page_url = (page.get("schema:url") or {}).get("@id", "")
    rows = []
    for p in (n for n in nodes.values() if "lp:LocalPartnership" in _types(n)):
        row = dict.fromkeys(CSV_COLUMNS, "")
        row["page_url"] = page_url
        row["partnership_id"] = p["@id"]
        row["name"] = _plain(p["schema:name"])
        row["alternate_names"] = _joined(
            a for a in map(_plain, _list(p.get("schema:alternateName"))) if a != row["name"]
        )
        if "schema:foundingDate" in p:
            iso = _plain(p["schema:foundingDate"])
            row["founding_date"] = iso
            row["founding_date_precision"] = {4: "year", 7: "month", 10: "day"}[len(iso)]
        if "lp:foundingOrdinal" in p:
            row["founding_ordinal"] = _plain(p["lp:foundingOrdinal"])
        row["founders"] = _joined(name(i) for i in _ids(p, "schema:founder"))
        row["initiators"] = _joined(name(i) for i in _ids(p, "lp:initiator"))
        row["coordinator"] = _joined(name(i) for i in _ids(p, "lp:coordinator"))
        row["members"] = _joined(name(i) for i in _ids(p, "schema:member"))
        renames = sorted(
            (nodes[i] for i in _ids(p, "org:changedBy") if i in nodes),
            key=lambda r: (
                _plain(r["dct:date"]) if "dct:date" in r else "9999",
                _plain(r["lp:oldName"]),
                _plain(r["lp:newName"]),
            ),
        )
        row["renames"] = JOIN.join(
            f"{_plain(r['lp:oldName'])} → {_plain(r['lp:newName'])}"
            + (f" ({_plain(r['dct:date'])})" if "dct:date" in r else "")
            for r in renames
        )
        area = nodes.get(next(iter(_ids(p, "schema:areaServed")), ""), {})
        places = [nodes[i] for i in _ids(area, "schema:containsPlace") if i in nodes]
        row["neighbourhoods"] = _joined(
            _plain(pl["schema:name"]) for pl in places if "lp:Neighbourhood" in _types(pl)
        )
        row["landmarks"] = _joined(
            _plain(pl["schema:name"]) for pl in places if "lp:Neighbourhood" not in _types(pl)
        )
        streets = []
        for i in _ids(area, "lp:boundedBy"):
            s = nodes.get(i)
            if s is None:
                continue
            street_name, kind = _plain(s["schema:name"]), _plain(s["lp:streetType"])
            parts = [_plain(s["lp:title"]), street_name] if "lp:title" in s else [street_name]
            if kind != "inne" and not slug(street_name).startswith(slug(kind)):
                parts.insert(0, kind)
            streets.append(" ".join(parts))
        row["bounding_streets"] = _joined(streets)
        district = nodes.get(next(iter(_ids(area, "schema:containedInPlace")), ""))
        if district is not None:
            row["district"] = _plain(district["schema:name"])
            row["district_terc"] = _plain(district.get("lp:terytTerc", ""))
            city = nodes.get(next(iter(_ids(district, "schema:containedInPlace")), ""))
            row["city"] = _plain(city["schema:name"]) if city else ""
        rows.append(row)
    return rows


def partnerships_csv_from_jsonld(documents: list[str]) -> str:
    """The same table as :func:`partnerships_csv`, read from the JSON-LD documents as they
    are written — so editors' corrections (overrides) are in it."""
    return partnerships_csv_from_rows(
        [row for text in documents for row in csv_rows(json.loads(text))]
    )


def csv_rows(document: dict) -> list[dict[str, str]]:
    """The table's rows of one JSON-LD document (parsed), in no particular order."""
    return _graph_rows(document)


def partnerships_csv_from_rows(rows: list[dict[str, str]]) -> str:
    """The table of the rows of every page's document (:func:`csv_rows`), sorted."""
    rows = sorted(rows, key=lambda row: (row["page_url"], row["name"], row["partnership_id"]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
