"""The DCAT-AP catalog of the output files (pipeline/catalog.py)."""

from __future__ import annotations

import json
import socket

import pytest

from pipeline.catalog import (
    CatalogConfig,
    CatalogEntry,
    build_catalog,
    entries_from_dir,
    temporal_bounds,
)
from pipeline.emit import to_jsonld
from pipeline.ids import IdMinter
from pipeline.records import (
    Area,
    DateValue,
    District,
    PageRecords,
    Partnership,
    Text,
    WebPage,
)

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
IDS = IdMinter()
WARSZAWA = District(id=IDS.district("Warszawa"), name=Text(value="Warszawa"), terc="1465011")
ZOLIBORZ = District(
    id=IDS.district("Żoliborz"),
    name=Text(value="Żoliborz"),
    terc="1465198",
    contained_in=WARSZAWA.id,
)
BIELANY = District(
    id=IDS.district("Bielany"),
    name=Text(value="Bielany"),
    terc="1465028",
    contained_in=WARSZAWA.id,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def entries() -> list[CatalogEntry]:
    return [
        CatalogEntry(
            file_name="partnerstwa-lokalne-zoliborz.jsonld",
            districts=(ZOLIBORZ, WARSZAWA),
            founding_dates=("2013-05", "2011", "2014-10", "2013-11"),
            retrieved="2026-11-20",
            page_url="https://example.org/zoliborz",
        ),
        CatalogEntry(
            file_name="bielany-partnerstwa.jsonld",
            districts=(BIELANY, WARSZAWA),
            founding_dates=("2009",),
            retrieved="2026-11-26",
        ),
        CatalogEntry(file_name="zoliborz-piknik-aktualnosc.jsonld", districts=(ZOLIBORZ,)),
    ]


def graph_of(text: str) -> dict[str, dict]:
    return {n["@id"]: n for n in json.loads(text)["@graph"]}


def typed(nodes: dict[str, dict], rdf_type: str) -> list[dict]:
    return [n for n in nodes.values() if rdf_type in _types(n)]


def _types(node: dict) -> list[str]:
    t = node.get("@type", [])
    return [t] if isinstance(t, str) else t


def _ids(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v["@id"] for v in values]


def test_every_output_file_is_listed_exactly_once():
    es = entries()
    es[0] = CatalogEntry(
        file_name=es[0].file_name,
        founding_dates=es[0].founding_dates,
        other_files=("partnerstwa-lokalne-zoliborz.ttl", "partnerstwa-lokalne-zoliborz.csv"),
    )
    nodes = graph_of(build_catalog(es, config=CatalogConfig()))
    dists = typed(nodes, "dcat:Distribution")
    titles = sorted(d["dct:title"] for d in dists)
    assert titles == sorted(
        [
            "partnerstwa-lokalne-zoliborz.jsonld",
            "partnerstwa-lokalne-zoliborz.ttl",
            "partnerstwa-lokalne-zoliborz.csv",
            "bielany-partnerstwa.jsonld",
            "zoliborz-piknik-aktualnosc.jsonld",
        ]
    )
    (dataset,) = typed(nodes, "dcat:Dataset")  # one dataset, a distribution per file
    (catalog,) = typed(nodes, "dcat:Catalog")
    assert _ids(catalog["dcat:dataset"]) == [dataset["@id"]]
    listed = _ids(dataset["dcat:distribution"])
    assert sorted(listed) == sorted(d["@id"] for d in dists)
    assert len(listed) == len(set(listed)) == 5


def test_a_file_listed_twice_is_an_error():
    es = entries()
    with pytest.raises(ValueError, match="more than once"):
        build_catalog([*es, es[1]], config=CatalogConfig())


def test_distribution_properties():
    nodes = graph_of(build_catalog(entries(), config=CatalogConfig()))
    (dist,) = [
        d
        for d in typed(nodes, "dcat:Distribution")
        if d["dct:title"] == "bielany-partnerstwa.jsonld"
    ]
    url = "https://w3id.org/partnerstwa-lokalne/data/bielany-partnerstwa.jsonld"
    assert dist["dcat:downloadURL"] == {"@id": url}
    assert dist["dcat:accessURL"] == {"@id": url}
    assert dist["dcat:mediaType"] == {
        "@id": "https://www.iana.org/assignments/media-types/application/ld+json"
    }
    assert dist["dct:format"] == {
        "@id": "http://publications.europa.eu/resource/authority/file-type/JSON_LD"
    }
    assert sorted(_ids(dist["dct:conformsTo"])) == [
        "https://w3id.org/partnerstwa-lokalne/schemas/v1/records.schema.json",
        "https://w3id.org/partnerstwa-lokalne/schemas/v1/shapes.ttl",
    ]


def test_unknown_file_format_is_refused():
    with pytest.raises(ValueError, match="no known format"):
        build_catalog([CatalogEntry(file_name="x.xlsx")], config=CatalogConfig())


def test_same_inputs_give_the_same_bytes_in_any_order():
    a = build_catalog(entries(), config=CatalogConfig())
    b = build_catalog(entries(), config=CatalogConfig())
    c = build_catalog(list(reversed(entries())), config=CatalogConfig())
    assert a == b == c
    assert a.endswith("}\n")


def test_modified_is_the_newest_retrieval_date():
    nodes = graph_of(build_catalog(entries(), config=CatalogConfig()))
    (catalog,) = typed(nodes, "dcat:Catalog")
    assert catalog["dct:modified"] == {"@value": "2026-11-26", "@type": "xsd:date"}
    (dataset,) = typed(nodes, "dcat:Dataset")
    assert dataset["dct:modified"] == {"@value": "2026-11-26", "@type": "xsd:date"}


def test_modified_is_absent_without_retrieval_dates():
    es = [CatalogEntry(file_name="a.jsonld"), CatalogEntry(file_name="b.jsonld")]
    text = build_catalog(es, config=CatalogConfig())
    assert "dct:modified" not in text
    assert "xsd:date" not in text


def test_temporal_spans_the_founding_dates():
    nodes = graph_of(build_catalog(entries(), config=CatalogConfig()))
    (dataset,) = typed(nodes, "dcat:Dataset")
    period = nodes[dataset["dct:temporal"]["@id"]]
    assert "dct:PeriodOfTime" in _types(period)
    assert period["dcat:startDate"] == {"@value": "2009", "@type": "xsd:gYear"}
    assert period["dcat:endDate"] == {"@value": "2014-10", "@type": "xsd:gYearMonth"}
    only_news = build_catalog([entries()[2]], config=CatalogConfig())
    assert "dct:temporal" not in only_news


def test_temporal_bounds_respect_precision():
    # a year starts before its months and ends after them
    assert temporal_bounds(["2011-05", "2011", "2010-12-31"]) == ("2010-12-31", "2011")
    assert temporal_bounds(["2012-06-05", "2012-06"]) == ("2012-06", "2012-06")
    assert temporal_bounds([]) is None


def test_spatial_reuses_district_ids_with_terc_codes():
    nodes = graph_of(build_catalog(entries(), config=CatalogConfig()))
    (dataset,) = typed(nodes, "dcat:Dataset")
    # the districts covered; the city that contains them is not listed itself
    assert sorted(_ids(dataset["dct:spatial"])) == sorted([BIELANY.id, ZOLIBORZ.id])
    district = nodes[BIELANY.id]
    assert "dct:Location" in _types(district)
    assert district["lp:terytTerc"] == "1465028"
    assert district["schema:containedInPlace"] == {"@id": WARSZAWA.id}
    assert nodes[WARSZAWA.id]["lp:terytTerc"] == "1465011"
    (catalog,) = typed(nodes, "dcat:Catalog")
    assert sorted(_ids(catalog["dct:spatial"])) == sorted([BIELANY.id, ZOLIBORZ.id])


def test_no_districts_no_spatial():
    text = build_catalog([CatalogEntry(file_name="a.jsonld")], config=CatalogConfig())
    assert "dct:spatial" not in text


def test_config_overrides():
    config = CatalogConfig(
        download_base="https://dane.example.pl/pliki",
        base_iri="https://example.pl/id",
        catalog_iri="https://example.pl/katalog",
        publisher_name="Urząd Dzielnicy Żoliborz",
        publisher_iri="https://example.pl/urzad",
        license="http://creativecommons.org/publicdomain/zero/1.0/",
        themes=("http://publications.europa.eu/resource/authority/data-theme/GOVE",),
    )
    text = build_catalog(entries(), config=config)
    nodes = graph_of(text)
    (catalog,) = typed(nodes, "dcat:Catalog")
    assert catalog["@id"] == "https://example.pl/katalog"
    assert catalog["dct:publisher"] == {"@id": "https://example.pl/urzad"}
    assert nodes["https://example.pl/urzad"]["foaf:name"] == "Urząd Dzielnicy Żoliborz"
    assert catalog["dct:license"] == {"@id": config.license}
    assert all(
        d["@id"].startswith("https://example.pl/id/dataset/") for d in typed(nodes, "dcat:Dataset")
    )
    urls = [d["dcat:downloadURL"]["@id"] for d in typed(nodes, "dcat:Distribution")]
    assert "https://dane.example.pl/pliki/bielany-partnerstwa.jsonld" in urls
    for dataset in typed(nodes, "dcat:Dataset"):
        assert _ids(dataset["dcat:theme"]) == [config.themes[0]]
    for default in ["placeholder", "by/4.0", "w3id.org/partnerstwa-lokalne/data/", "SOCI"]:
        assert default not in text


def test_defaults_mark_the_publisher_as_a_placeholder():
    nodes = graph_of(build_catalog(entries(), config=CatalogConfig()))
    (catalog,) = typed(nodes, "dcat:Catalog")
    publisher = nodes[catalog["dct:publisher"]["@id"]]
    assert "placeholder" in publisher["foaf:name"]
    assert catalog["dct:license"] == {"@id": "http://creativecommons.org/licenses/by/4.0/"}


def test_titles_and_keywords_in_polish_and_english():
    nodes = graph_of(build_catalog(entries(), config=CatalogConfig()))
    for node in [*typed(nodes, "dcat:Catalog"), *typed(nodes, "dcat:Dataset")]:
        for key in ["dct:title", "dct:description"]:
            assert sorted(v["@language"] for v in node[key]) == ["en", "pl"], key
    for dataset in typed(nodes, "dcat:Dataset"):
        keywords = {(k["@language"], k["@value"]) for k in dataset["dcat:keyword"]}
        assert ("pl", "partnerstwa lokalne") in keywords
        assert ("en", "local partnerships") in keywords


def _refuse_loader(url, options=None):
    raise RuntimeError(f"no network: {url}")


def _rdf(text: str):
    from pyld import jsonld
    from rdflib import Graph

    expanded = jsonld.expand(json.loads(text), {"documentLoader": _refuse_loader})
    return Graph().parse(data=json.dumps(expanded), format="json-ld")


def test_catalog_parses_offline_and_has_the_dcat_ap_mandatory_properties():
    from rdflib import RDF, BNode, URIRef

    g = _rdf(build_catalog(entries(), config=CatalogConfig()))

    def u(ns: str, local: str) -> URIRef:
        return URIRef(ns + local)

    catalogs = list(g.subjects(RDF.type, u(DCAT, "Catalog")))
    datasets = list(g.subjects(RDF.type, u(DCAT, "Dataset")))
    dists = list(g.subjects(RDF.type, u(DCAT, "Distribution")))
    assert len(catalogs) == 1 and len(datasets) == 1 and len(dists) == 3
    for prop in [u(DCT, "title"), u(DCT, "description"), u(DCT, "publisher"), u(DCAT, "dataset")]:
        assert g.value(catalogs[0], prop) is not None, prop
    for d in datasets:
        for prop in [u(DCT, "title"), u(DCT, "description")]:
            assert {lit.language for lit in g.objects(d, prop)} == {"pl", "en"}
    for d in dists:
        assert g.value(d, u(DCAT, "accessURL")) == g.value(d, u(DCAT, "downloadURL")) is not None
    publisher = g.value(catalogs[0], u(DCT, "publisher"))
    assert g.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name")) is not None
    assert not any(isinstance(t, BNode) for t in g.all_nodes())


def _records(retrieved: str | None = "2026-11-20") -> PageRecords:
    return PageRecords(
        page=WebPage(
            id="https://example.org/strona",
            url="https://example.org/strona",
            retrieved=retrieved,
            name="strona",
        ),
        partnerships=(
            Partnership(
                id=IDS.partnership("A"),
                name=Text(value="A"),
                founding_date=DateValue(iso="2013-05"),
                area=Area(id=IDS.area("A"), district=ZOLIBORZ.id),
            ),
            Partnership(
                id=IDS.partnership("B"), name=Text(value="B"), founding_date=DateValue(iso="2011")
            ),
        ),
        districts=(ZOLIBORZ, WARSZAWA),
    )


def test_entry_from_records_and_from_its_jsonld_agree():
    records = _records()
    a = CatalogEntry.from_records("strona.jsonld", records)
    b = CatalogEntry.from_jsonld("strona.jsonld", to_jsonld(records))
    assert a.retrieved == b.retrieved == "2026-11-20"
    assert a.page_url == b.page_url == "https://example.org/strona"
    assert sorted(a.founding_dates) == sorted(b.founding_dates) == ["2011", "2013-05"]
    assert sorted(d.id for d in a.districts) == sorted(d.id for d in b.districts)
    assert {d.terc for d in b.districts} == {"1465198", "1465011"}
    assert build_catalog([a], config=CatalogConfig()) == build_catalog([b], config=CatalogConfig())


def test_entries_from_dir_skips_the_excluded(tmp_path):
    (tmp_path / "strona.jsonld").write_text(to_jsonld(_records()), "utf-8")
    (tmp_path / "inna.jsonld").write_text(to_jsonld(_records(None)), "utf-8")
    (tmp_path / "catalog.jsonld").write_text("{}", "utf-8")
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    found = entries_from_dir(tmp_path, exclude=["catalog.jsonld"])
    assert [e.file_name for e in found] == ["inna.jsonld", "strona.jsonld"]
    assert [e.retrieved for e in found] == [None, "2026-11-20"]
