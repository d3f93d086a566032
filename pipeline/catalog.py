"""Catalog: the pipeline's output files -> one DCAT-AP ``dcat:Catalog`` as JSON-LD text.

One ``dcat:Dataset`` per output file (one page's facts), each with one
``dcat:Distribution`` for that file, and more distributions when the same graph is also
written in other forms (``CatalogEntry.other_files``: ``.nq``, ``.ttl``, ``.csv``).

What is written, and where it comes from:

- catalog: ``dct:title`` / ``dct:description`` (pl and en), ``dct:publisher``,
  ``dcat:dataset``, ``dct:license``, ``dct:language``, ``dcat:themeTaxonomy``,
  ``dct:spatial`` (every district covered), ``dct:modified`` (the newest retrieval date);
- dataset: ``dct:title`` / ``dct:description`` (pl and en), ``dcat:keyword`` (pl and en),
  ``dcat:theme``, ``dct:spatial`` (the page's districts, with their TERC codes, under the
  ids the page's records use), ``dct:temporal`` (earliest .. latest founding date),
  ``dct:modified`` (the page's retrieval date), ``dct:publisher``, ``dct:license``,
  ``dct:language``, ``prov:wasDerivedFrom`` (the page), ``dcat:distribution``;
- distribution: ``dcat:accessURL`` = ``dcat:downloadURL`` (base + file name),
  ``dcat:mediaType``, ``dct:format``, ``dct:conformsTo``, ``dct:license``, ``dct:title``.

Deterministic: no wall clock (a date is only ever a page's retrieval date, and is left out
when no page has one), no blank nodes (a period of time gets an IRI), sorted output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.emit import dumps
from pipeline.ids import DEFAULT_BASE_IRI, LP_NAMESPACE, slug
from pipeline.records import DateValue, District, PageRecords, Text

DCAT = "http://www.w3.org/ns/dcat#"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
POLISH = "http://publications.europa.eu/resource/authority/language/POL"
SCHEMAS = "https://w3id.org/partnerstwa-lokalne/schemas/v1/"
RECORDS_SCHEMA = SCHEMAS + "records.schema.json"
SHAPES = SCHEMAS + "shapes.ttl"

#: Marked as a placeholder on purpose: a real catalog must name its real publisher.
PLACEHOLDER_PUBLISHER_NAME = "Partnerstwa lokalne – open data project [placeholder publisher]"
PLACEHOLDER_PUBLISHER_IRI = DEFAULT_BASE_IRI + "agent/placeholder-publisher"

CONTEXT: dict[str, Any] = {
    "dcat": DCAT,
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "lp": LP_NAMESPACE,
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: file suffix -> (IANA media type, EU file type, the schemas the file conforms to)
FORMATS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    ".jsonld": ("application/ld+json", "JSON_LD", (RECORDS_SCHEMA, SHAPES)),
    ".nq": ("application/n-quads", "RDF_N_QUADS", (SHAPES,)),
    ".ttl": ("text/turtle", "RDF_TURTLE", (SHAPES,)),
    ".csv": ("text/csv", "CSV", ()),
}

KEYWORDS: dict[str, tuple[str, ...]] = {
    "pl": (
        "partnerstwa lokalne",
        "organizacje pozarządowe",
        "współpraca lokalna",
        "pomoc społeczna",
        "samorząd",
    ),
    "en": (
        "local partnerships",
        "non-governmental organisations",
        "local cooperation",
        "social welfare",
        "local government",
    ),
}

Node = dict[str, Any]

#: The one dataset the catalog describes (its IRI is ``{base}dataset/partnerstwa-lokalne``).
DATASET_NAME = "partnerstwa-lokalne"


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogConfig:
    """Everything a deployment may override (the lead exposes these as options / env)."""

    download_base: str = "https://w3id.org/partnerstwa-lokalne/data/"
    base_iri: str = DEFAULT_BASE_IRI
    catalog_iri: str | None = None  # default: base_iri + "catalog"
    publisher_name: str = PLACEHOLDER_PUBLISHER_NAME
    publisher_iri: str = PLACEHOLDER_PUBLISHER_IRI
    license: str = "http://creativecommons.org/licenses/by/4.0/"
    themes: tuple[str, ...] = (EU_THEME + "SOCI", EU_THEME + "GOVE")

    def _base(self) -> str:
        return self.base_iri if self.base_iri.endswith(("/", "#")) else self.base_iri + "/"

    def catalog(self) -> str:
        return self.catalog_iri or self._base() + "catalog"

    def dataset(self, file_name: str) -> str:
        return self._base() + "dataset/" + slug(PurePosixPath(file_name).stem)

    def distribution(self, file_name: str) -> str:
        return self._base() + "distribution/" + slug(file_name)

    def period(self, start: str, end: str) -> str:
        return self._base() + f"period/{start}--{end}"

    def download_url(self, file_name: str) -> str:
        base = self.download_base
        return (base if base.endswith("/") else base + "/") + file_name


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogEntry:
    """What the catalog needs to know about one output file."""

    file_name: str  # "partnerstwa-lokalne-zoliborz.jsonld"
    districts: tuple[District, ...] = ()
    founding_dates: tuple[str, ...] = ()  # ISO, any precision: "2011", "2013-05"
    retrieved: str | None = None  # the page's retrieval date, YYYY-MM-DD
    page_url: str | None = None
    other_files: tuple[str, ...] = field(default=())  # the same graph in other forms

    @classmethod
    def from_records(
        cls, file_name: str, records: PageRecords, other_files: Iterable[str] = ()
    ) -> CatalogEntry:
        return cls(
            file_name=file_name,
            districts=tuple(records.districts),
            founding_dates=tuple(
                p.founding_date.iso for p in records.partnerships if p.founding_date
            ),
            retrieved=records.page.retrieved,
            page_url=records.page.url,
            other_files=tuple(other_files),
        )

    @classmethod
    def from_jsonld(cls, file_name: str, text: str) -> CatalogEntry:
        """Read back a file written by :func:`pipeline.emit.to_jsonld` (compact form)."""
        return cls.from_document(file_name, json.loads(text))

    @classmethod
    def from_document(cls, file_name: str, document: dict) -> CatalogEntry:
        """:meth:`from_jsonld` of the document already parsed."""
        graph = document.get("@graph", [])
        dates, districts, retrieved, url = [], [], None, None
        for node in graph:
            types = node.get("@type", [])
            types = [types] if isinstance(types, str) else types
            if "schema:WebPage" in types:
                retrieved = (node.get("dct:date") or {}).get("@value")
                url = (node.get("schema:url") or {}).get("@id")
            if "lp:LocalPartnership" in types and "schema:foundingDate" in node:
                dates.append(node["schema:foundingDate"]["@value"])
            if "schema:AdministrativeArea" in types:
                districts.append(
                    District(
                        id=node["@id"],
                        name=Text(value=_plain(node["schema:name"])),
                        terc=_plain(node["lp:terytTerc"]) if "lp:terytTerc" in node else None,
                        contained_in=(node.get("schema:containedInPlace") or {}).get("@id"),
                    )
                )
        return cls(
            file_name=file_name,
            districts=tuple(districts),
            founding_dates=tuple(dates),
            retrieved=retrieved,
            page_url=url,
        )


def entries_from_dir(directory: Path, *, exclude: Iterable[str] = ()) -> list[CatalogEntry]:
    """Every ``*.jsonld`` page output in a folder (sorted), except the names excluded
    (the catalog itself when it is written to the same folder)."""
    skip = set(exclude)
    return [
        CatalogEntry.from_jsonld(p.name, p.read_text("utf-8"))
        for p in sorted(directory.glob("*.jsonld"))
        if p.name not in skip
    ]


def _plain(value: Any) -> str:
    return value["@value"] if isinstance(value, dict) else str(value)


def _lang(text: str, lang: str) -> Node:
    return {"@value": text, "@language": lang}


def _ref(iri: str) -> Node:
    return {"@id": iri}


def _refs(iris: Iterable[str]) -> list[Node]:
    return [_ref(i) for i in sorted(set(iris))]


def _xsd_date(iso: str) -> Node:
    return {"@value": iso, "@type": "xsd:date"}


def _typed(iso: str) -> Node:
    return {"@value": iso, "@type": DateValue(iso=iso).xsd_type}


def _earliest(iso: str) -> str:
    return iso + "-00-00"[len(iso) - 4 :]


def _latest(iso: str) -> str:
    return iso + "-99-99"[len(iso) - 4 :]


def temporal_bounds(dates: Iterable[str]) -> tuple[str, str] | None:
    """(earliest, latest) of ISO dates of mixed precision; ``2011`` ends after ``2011-05``."""
    dates = sorted(set(dates))
    if not dates:
        return None
    return min(dates, key=_earliest), max(dates, key=_latest)


def _spatial(districts: Iterable[District]) -> list[str]:
    """The most specific areas: a city that contains another listed district is left out."""
    districts = list(districts)
    containers = {d.contained_in for d in districts if d.contained_in}
    return sorted({d.id for d in districts if d.id not in containers})


def _district_node(d: District) -> Node:
    node: Node = {
        "@id": d.id,
        "@type": ["dct:Location", "schema:AdministrativeArea"],
        "schema:name": _lang(d.name.value, "pl"),
    }
    if d.terc:
        node["lp:terytTerc"] = d.terc
    if d.contained_in:
        node["schema:containedInPlace"] = _ref(d.contained_in)
    return node


def _distribution(file_name: str, config: CatalogConfig) -> Node:
    suffix = PurePosixPath(file_name).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{file_name}: no known format for {suffix!r}")
    media_type, file_type, conforms = FORMATS[suffix]
    url = config.download_url(file_name)
    node: Node = {
        "@id": config.distribution(file_name),
        "@type": "dcat:Distribution",
        "dcat:accessURL": _ref(url),
        "dcat:downloadURL": _ref(url),
        "dcat:mediaType": _ref(IANA + media_type),
        "dct:format": _ref(EU_FILE_TYPE + file_type),
        "dct:license": _ref(config.license),
        "dct:title": file_name,
    }
    if conforms:
        node["dct:conformsTo"] = _refs(conforms)
    return node


def _dataset(outputs: list[CatalogEntry], config: CatalogConfig) -> list[Node]:
    """The one dataset: every output file is one of its distributions."""
    districts = [d for e in outputs for d in e.districts]
    spatial = _spatial(districts)
    names = sorted({d.name.value for d in districts if d.id in spatial})
    files = [f for e in outputs for f in (e.file_name, *e.other_files)]
    node: Node = {
        "@id": config.dataset(DATASET_NAME),
        "@type": "dcat:Dataset",
        "dct:title": [
            _lang("Partnerstwa lokalne", "pl"),
            _lang("Local partnerships", "en"),
        ],
        "dct:description": [
            _lang(
                "Partnerstwa lokalne (ich nazwy, daty założenia, założyciele, koordynatorzy, "
                "członkowie, zmiany nazw i obszary działania) odczytane ze stron urzędów "
                "dzielnic, bibliotek i ośrodków pomocy społecznej; każda wartość jest "
                "ugruntowana w tekście strony, z której pochodzi.",
                "pl",
            ),
            _lang(
                "Local partnerships (names, founding dates, founders, coordinators, members, "
                "renamings and areas served) read from the pages of district offices, "
                "libraries and social-welfare centres; every value is grounded in the text "
                "of the page it came from.",
                "en",
            ),
        ],
        "dcat:keyword": sorted(
            [_lang(k, lang) for lang, words in KEYWORDS.items() for k in words]
            + [_lang(n, "pl") for n in names],
            key=lambda v: (v["@language"], v["@value"]),
        ),
        "dcat:theme": _refs(config.themes),
        "dct:language": _ref(POLISH),
        "dct:license": _ref(config.license),
        "dct:publisher": _ref(config.publisher_iri),
        "dcat:distribution": _refs(config.distribution(f) for f in files),
    }
    nodes = [node, *(_distribution(f, config) for f in files)]
    pages = sorted({e.page_url for e in outputs if e.page_url})
    if pages:
        node["prov:wasDerivedFrom"] = _refs(pages)
    retrieved = [e.retrieved for e in outputs if e.retrieved]
    if retrieved:
        node["dct:modified"] = _xsd_date(max(retrieved))
    if spatial:
        node["dct:spatial"] = _refs(spatial)
        nodes.extend(_district_node(d) for d in districts)
    bounds = temporal_bounds(date for e in outputs for date in e.founding_dates)
    if bounds:
        period = config.period(*bounds)
        node["dct:temporal"] = _ref(period)
        nodes.append(
            {
                "@id": period,
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": _typed(bounds[0]),
                "dcat:endDate": _typed(bounds[1]),
            }
        )
    return nodes


def build_catalog(outputs: list[CatalogEntry], *, config: CatalogConfig | None = None) -> str:
    """The DCAT-AP catalog of the given output files, as deterministic JSON-LD text:
    one dataset, one distribution per output file."""
    config = config or CatalogConfig()
    files = [f for e in outputs for f in (e.file_name, *e.other_files)]
    duplicates = sorted({f for f in files if files.count(f) > 1})
    if duplicates:
        raise ValueError(f"file listed more than once: {', '.join(duplicates)}")
    catalog: Node = {
        "@id": config.catalog(),
        "@type": "dcat:Catalog",
        "dct:title": [
            _lang("Partnerstwa lokalne: dane otwarte", "pl"),
            _lang("Local partnerships: open data", "en"),
        ],
        "dct:description": [
            _lang(
                "Partnerstwa lokalne instytucji publicznych, organizacji pozarządowych, szkół "
                "i mieszkańców, odczytane ze stron urzędów, bibliotek i ośrodków pomocy "
                "społecznej, jako JSON-LD ugruntowany w tekście stron.",
                "pl",
            ),
            _lang(
                "Local partnerships of public institutions, NGOs, schools and residents, read "
                "from the pages of Polish district offices, libraries and social-welfare "
                "centres, as JSON-LD grounded in the pages' text.",
                "en",
            ),
        ],
        "dct:publisher": _ref(config.publisher_iri),
        "dct:license": _ref(config.license),
        "dct:language": _ref(POLISH),
        "dcat:themeTaxonomy": _ref(EU_THEME.rstrip("/")),
        "dcat:dataset": _ref(config.dataset(DATASET_NAME)),
    }
    publisher: Node = {
        "@id": config.publisher_iri,
        "@type": "foaf:Agent",
        "foaf:name": config.publisher_name,
    }
    graph = [catalog, publisher, *_dataset(outputs, config)]
    spatial = _spatial(d for e in outputs for d in e.districts)
    if spatial:
        catalog["dct:spatial"] = _refs(spatial)
    retrieved = [e.retrieved for e in outputs if e.retrieved]
    if retrieved:
        catalog["dct:modified"] = _xsd_date(max(retrieved))
    return dumps({"@context": CONTEXT, "@graph": _merge(graph)})


def _merge(graph: list[Node]) -> list[Node]:
    """One node per @id (a district shared by two pages is written once), sorted by @id.

    Properties are united; lists are merged; when two pages disagree on a single value the
    smallest is kept, so the result does not depend on the order of the inputs.
    """
    merged: dict[str, Node] = {}
    for node in graph:
        have = merged.setdefault(node["@id"], {})
        for key, value in node.items():
            if key not in have or have[key] == value:
                have[key] = value
            elif isinstance(value, list) and isinstance(have[key], list):
                both = have[key] + [v for v in value if v not in have[key]]
                have[key] = sorted(both, key=_order)
            else:
                have[key] = min(have[key], value, key=_order)
    return [merged[k] for k in sorted(merged)]


def _order(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
