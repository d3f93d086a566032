"""Other forms of the same graph (pipeline/formats.py): N-Quads, Turtle, CSV."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys

import pytest

from pipeline.catalog import CatalogConfig, CatalogEntry, build_catalog
from pipeline.formats import (
    CSV_COLUMNS,
    OfflineError,
    partnerships_csv,
    to_nquads,
    to_turtle,
)
from pipeline.ids import IdMinter
from pipeline.load import load_file
from pipeline.records import (
    Area,
    District,
    FounderRole,
    NodeRef,
    Organization,
    OrgRef,
    PageRecords,
    Partnership,
    Place,
    PlaceKind,
    Street,
    StreetType,
    Text,
    WebPage,
)
from pipeline.run import extract_page, process

from .conftest import PAGES, ROOT, accepted, gold_for

SEED = PAGES / "partnerstwa-lokalne-zoliborz.html"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def seed():
    return process(load_file(SEED), minter=IdMinter())


def _refuse_loader(url, options=None):
    raise RuntimeError(f"no network: {url}")


def _graph_from_jsonld(text: str):
    """The reference reading: pyld expands offline, rdflib reads the expanded form."""
    from pyld import jsonld
    from rdflib import Graph

    expanded = jsonld.expand(json.loads(text), {"documentLoader": _refuse_loader})
    return Graph().parse(data=json.dumps(expanded), format="json-ld")


def _graph_from_nquads(text: str):
    """Our N-Quads name no graph, so each line is also N-Triples (a fourth term would fail)."""
    from rdflib import Graph

    return Graph().parse(data=text, format="nt")


# --------------------------------------------------------------------------------------
# N-Quads
# --------------------------------------------------------------------------------------


def test_seed_nquads_are_the_same_triples_as_the_jsonld(seed):
    from rdflib.compare import isomorphic

    nq = to_nquads(seed.jsonld)
    expected = _graph_from_jsonld(seed.jsonld)
    got = _graph_from_nquads(nq)
    assert len(expected) > 100
    assert len(got) == len(expected) == len(nq.splitlines())
    assert isomorphic(got, expected)


def test_nquads_are_sorted_without_blank_nodes_and_byte_identical(seed):
    nq = to_nquads(seed.jsonld)
    lines = nq.splitlines()
    assert lines == sorted(lines)
    assert nq.endswith(" .\n")
    assert "_:" not in nq
    assert '"Marymont-Kaskada"@pl' in nq
    assert '"2013-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' in nq
    assert to_nquads(seed.jsonld) == nq


def test_blank_nodes_get_canonical_labels():
    ctx = {"schema": "https://schema.org/"}
    a = {
        "@context": ctx,
        "@graph": [
            {"@id": "_:x", "schema:name": "A", "schema:knows": {"@id": "_:y"}},
            {"@id": "_:y", "schema:name": "B"},
        ],
    }
    b = {
        "@context": ctx,
        "@graph": [
            {"@id": "_:q", "schema:name": "B"},
            {"@id": "_:p", "schema:name": "A", "schema:knows": {"@id": "_:q"}},
        ],
    }
    na, nb = to_nquads(json.dumps(a)), to_nquads(json.dumps(b))
    assert na == nb
    assert "_:c14n0" in na


def test_a_remote_context_is_refused_not_fetched():
    doc = json.dumps({"@context": "https://schema.org/", "name": "x"})
    with pytest.raises(OfflineError):
        to_nquads(doc)
    with pytest.raises(OfflineError):
        to_turtle(doc)


# --------------------------------------------------------------------------------------
# Turtle
# --------------------------------------------------------------------------------------


def test_turtle_parses_to_the_same_graph(seed):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    ttl = to_turtle(seed.jsonld)
    g = Graph().parse(data=ttl, format="turtle")
    assert isomorphic(g, _graph_from_jsonld(seed.jsonld))
    for prefix in ["schema", "org", "prov", "dct", "xsd", "lp"]:
        assert f"@prefix {prefix}: " in ttl
    assert "lp:LocalPartnership" in ttl
    assert to_turtle(seed.jsonld) == ttl


def test_catalog_converts_too():
    from rdflib import Graph

    text = build_catalog(
        [CatalogEntry(file_name="a.jsonld", founding_dates=("2011",), retrieved="2026-11-20")],
        config=CatalogConfig(),
    )
    ttl = to_turtle(text)
    assert "@prefix dcat: " in ttl and "dcat:Catalog" in ttl
    assert len(Graph().parse(data=ttl, format="turtle")) == len(to_nquads(text).splitlines())


_SCRIPT = """
import sys
from pipeline.formats import to_nquads, to_turtle
text = open(sys.argv[1], encoding="utf-8").read()
sys.stdout.write(to_nquads(text) + "=====\\n" + to_turtle(text))
"""


def test_byte_identical_across_processes_and_hash_seeds(seed, tmp_path):
    path = tmp_path / "seed.jsonld"
    path.write_text(seed.jsonld, "utf-8")
    outputs = set()
    for hash_seed in ["1", "2"]:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert outputs.pop().decode("utf-8") == to_nquads(seed.jsonld) + "=====\n" + to_turtle(
        seed.jsonld
    )


# --------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_seed_csv_has_the_gold_partnerships(seed):
    text = partnerships_csv([seed.records])
    assert "\r" not in text
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    rows = _rows(text)
    gold = gold_for(SEED)["partnerships"]
    assert len(rows) == len(gold) == 4
    for g in gold:
        (row,) = [r for r in rows if r["name"] in accepted(g["name"])]
        assert row["founding_date"] == g["founding_date"]
        assert (
            row["founding_date_precision"]
            == {4: "year", 7: "month", 10: "day"}[len(g["founding_date"])]
        )
        founders = [f for f in row["founders"].split(" | ") if f]
        assert len(founders) == len(g["founders"]), row["name"]
        for expected in g["founders"]:
            assert accepted(expected) & set(founders), (row["name"], expected)
        assert row["founding_ordinal"] == (
            str(g["founding_ordinal"]) if g["founding_ordinal"] else ""
        )
        assert row["page_url"].startswith("https://www.bpzoliborz.pl/")
        assert row["coordinator"] == "Ośrodek Pomocy Społecznej Dzielnicy Żoliborz"
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)


def test_seed_csv_resolves_renames_places_and_streets(seed):
    rows = {r["name"]: r for r in _rows(partnerships_csv([seed.records]))}
    rudawka = next(r for n, r in rows.items() if "Rudawki" in n)
    assert rudawka["renames"] == "Nasz Żoliborz IV → Dla Zatrasia i Rudawki (2018)"
    assert rudawka["neighbourhoods"] == "Rudawka | Zatrasie"
    assert "aleja Armii Krajowej" in rudawka["bounding_streets"].split(" | ")
    assert "ulica gen. Zajączka" in rows["Żoliborz Oficerski"]["bounding_streets"].split(" | ")
    assert "Wybrzeże Gdyńskie" in rows["Żoliborz Oficerski"]["bounding_streets"].split(" | ")
    kaskada = rows["Marymont-Kaskada"]
    assert kaskada["landmarks"] == "Park Kaskada"
    assert "Trasa AK" in kaskada["bounding_streets"].split(" | ")
    assert kaskada["initiators"] == "Ośrodek Pomocy Społecznej Dzielnicy Żoliborz"
    assert partnerships_csv([seed.records]) == partnerships_csv([seed.records])


def _page(url: str, name: str) -> PageRecords:
    ids = IdMinter("https://example.org/id/")
    city = District(id=ids.district("Kraków"), name=Text(value="Kraków"), terc="1261011")
    district = District(
        id=ids.district("Nowa Huta"),
        name=Text(value="Nowa Huta"),
        terc="1261069",
        contained_in=city.id,
    )
    org = Organization(id=ids.organization("Dom Kultury"), name=Text(value="Dom Kultury"))
    ngo = Organization(id=ids.organization("Fundacja Z"), name=Text(value="Fundacja Z"))
    street = Street(
        id=ids.street("Kraków", "aleja", "Róż"),
        name=Text(value="Róż"),
        street_type=StreetType.ALEJA,
    )
    park = Place(
        id=ids.place("park", "Park Lotników"), name=Text(value="Park Lotników"), kind=PlaceKind.PARK
    )
    return PageRecords(
        page=WebPage(id=url, url=url, name="strona"),
        partnerships=(
            Partnership(
                id=ids.partnership(name),
                name=Text(value=name),
                alternate_names=(Text(value=name), Text(value="Zeta"), Text(value="Alfa")),
                founders=(OrgRef(id=ngo.id), OrgRef(id=org.id, role=FounderRole.INITIATOR)),
                members=(OrgRef(id=ngo.id),),
                area=Area(
                    id=ids.area(name),
                    district=district.id,
                    places=(NodeRef(id=park.id),),
                    bounded_by=(NodeRef(id=street.id),),
                ),
            ),
        ),
        organizations=(org, ngo),
        streets=(street,),
        places=(park,),
        districts=(district, city),
    )


def test_csv_rows_sorted_by_page_then_name_and_ids_resolved():
    pages = [
        _page("https://b.example/", "Alfa"),
        _page("https://a.example/", "Omega"),
        _page("https://a.example/x", "Beta"),
    ]
    rows = _rows(partnerships_csv(pages))
    assert [(r["page_url"], r["name"]) for r in rows] == [
        ("https://a.example/", "Omega"),
        ("https://a.example/x", "Beta"),
        ("https://b.example/", "Alfa"),
    ]
    row = rows[0]
    assert row["alternate_names"] == "Alfa | Zeta"  # sorted, the current name left out
    assert row["founders"] == "Dom Kultury | Fundacja Z"
    assert row["initiators"] == "Dom Kultury"
    assert row["members"] == "Fundacja Z"
    assert row["coordinator"] == ""
    assert row["landmarks"] == "Park Lotników" and row["neighbourhoods"] == ""
    assert row["bounding_streets"] == "aleja Róż"
    assert (row["district"], row["district_terc"], row["city"]) == (
        "Nowa Huta",
        "1261069",
        "Kraków",
    )


def test_csv_of_no_pages_is_just_the_header():
    assert partnerships_csv([]) == ",".join(CSV_COLUMNS) + "\n"


def test_the_csv_from_the_documents_equals_the_csv_from_the_records():
    from pipeline.formats import partnerships_csv_from_jsonld

    results = []
    for path in sorted(PAGES.glob("*.html")):
        results.append(
            extract_page(path.read_bytes(), name=path.stem, url=f"https://x/{path.stem}")
        )
    by_records = partnerships_csv([r.records for r in results])
    by_documents = partnerships_csv_from_jsonld([r.jsonld for r in results])
    assert by_documents == by_records
    assert by_documents.count("\n") > 10
