"""The validate engine: vocabulary, SHACL shapes, JSON Schema, and no network anywhere."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from pipeline.batch import run
from pipeline.ids import LP_NAMESPACE
from pipeline.validate import (
    Violation,
    expand,
    main,
    records_schema_or_none,
    shapes_and_vocabulary,
    to_graph,
    validate_document,
    validate_file,
)
from tests.conftest import PAGES, ROOT

OUTPUT_FILES = sorted((ROOT / "output").glob("*.jsonld"))
BASE = "https://w3id.org/partnerstwa-lokalne/id/"
UNDATED_RENAMING = "the page gives no date for this renaming"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails loudly."""

    def refuse(self, *args, **kwargs):
        raise OSError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield


@pytest.fixture(scope="module")
def page_outputs(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("validate-out")
    summary = run([PAGES], out)
    # the seed's .html and .txt share one output name: that is the one expected failure
    assert len(summary.failures) == 1 and "already written" in summary.failures[0]
    assert len(summary.written) >= 15
    return sorted(p for p in summary.written if p.suffix == ".jsonld")


def _seed() -> dict:
    return json.loads((ROOT / "output" / "partnerstwa-lokalne-zoliborz.jsonld").read_text("utf-8"))


def _nodes(doc: dict, type_: str) -> list[dict]:
    def types(n):
        t = n.get("@type", [])
        return t if isinstance(t, list) else [t]

    return [n for n in doc["@graph"] if type_ in types(n)]


def _errors(found: list[Violation]) -> list[Violation]:
    return [v for v in found if v.is_error]


def _shacl(doc: dict) -> list[Violation]:
    return validate_document(doc, name="broken.jsonld", json_schema=False)


def _minimal(founder_type: str) -> dict:
    page = BASE + "page/p"
    org = BASE + "organization/fundacja-a"
    return {
        "@context": _seed()["@context"],
        "@graph": [
            {"@id": page, "@type": "schema:WebPage"},
            {
                "@id": BASE + "partnership/x",
                "@type": ["lp:LocalPartnership", "schema:Organization"],
                "schema:name": "X",
                "schema:founder": {"@id": org},
                "prov:wasDerivedFrom": {"@id": page},
            },
            {
                "@id": org,
                "@type": founder_type,
                "schema:name": "Fundacja A",
                "prov:wasDerivedFrom": {"@id": page},
            },
        ],
    }


# --------------------------------------------------------------------------------------
# the network stays shut
# --------------------------------------------------------------------------------------


def test_socket_blocking_fixture_blocks(no_network):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(OSError, match="network access attempted"):
            s.connect(("192.0.2.1", 80))
    finally:
        s.close()


def test_a_remote_context_is_refused_and_named(no_network):
    doc = _seed()
    doc["@context"] = "https://example.org/context.jsonld"
    found = _shacl(doc)
    assert len(found) == 1 and found[0].is_error
    assert "refused to fetch https://example.org/context.jsonld" in str(found[0])


# --------------------------------------------------------------------------------------
# real outputs validate
# --------------------------------------------------------------------------------------


def test_committed_output_exists():
    assert OUTPUT_FILES, "output/ has no .jsonld file"


@pytest.mark.parametrize("path", OUTPUT_FILES, ids=lambda p: p.name)
def test_committed_output_has_no_violation(path, no_network):
    assert [str(v) for v in validate_file(path)] == []


def test_test_page_outputs_have_no_violation(page_outputs, no_network):
    warnings = []
    for path in page_outputs:
        found = validate_file(path)
        assert [str(v) for v in _errors(found)] == [], path.name
        warnings.extend(found)
    # the only thing reported is a renaming whose page gives no date (a warning)
    assert all(v.severity == "Warning" and v.expected == UNDATED_RENAMING for v in warnings)


def test_every_output_parses_to_rdf_from_its_expanded_form(page_outputs, no_network):
    from rdflib import RDF, URIRef

    partnership = URIRef(LP_NAMESPACE + "LocalPartnership")
    for path in [*OUTPUT_FILES, *page_outputs]:
        doc = json.loads(path.read_text("utf-8"))
        expanded = expand(doc)
        assert isinstance(expanded, list) and expanded
        graph = to_graph(expanded)
        in_rdf = set(graph.subjects(RDF.type, partnership))
        in_json = {n["@id"] for n in _nodes(doc, "lp:LocalPartnership")}
        assert {str(s) for s in in_rdf} == in_json, path.name
        assert len(graph) > len(doc["@graph"])


def test_json_schema_accepts_outputs_and_rejects_a_bad_document(page_outputs):
    schema = records_schema_or_none()
    if schema is None:
        pytest.skip("pipeline.schemas.records_schema() not available yet: JSON Schema unchecked")
    for path in [*OUTPUT_FILES, *page_outputs]:
        doc = json.loads(path.read_text("utf-8"))
        assert validate_document(doc, name=path.name, shacl=False) == [], path.name
    bad = _seed()
    p = _nodes(bad, "lp:LocalPartnership")[0]
    del p["schema:name"]
    p["schema:foundingDate"] = {"@value": "2011", "@type": "xsd:string"}
    found = validate_document(bad, name="bad.jsonld", shacl=False)
    assert {(v.node, v.property) for v in found} == {
        (p["@id"], "schema:name"),
        (p["@id"], "schema:foundingDate"),
    }
    assert all(v.is_error and "JSON Schema" in v.expected for v in found)
    bad["@graph"] = "not a list"
    (v,) = validate_document(bad, name="bad.jsonld", shacl=False)
    assert v.property == "/@graph" and v.node is None


# --------------------------------------------------------------------------------------
# hand-broken documents are rejected, naming the node and property
# --------------------------------------------------------------------------------------


def _only(found: list[Violation], node: str, prop: str) -> Violation:
    hits = [v for v in _errors(found) if v.node == node and v.property == prop]
    assert len(hits) == 1, [str(v) for v in found]
    return hits[0]


def test_partnership_without_a_name():
    doc = _seed()
    p = _nodes(doc, "lp:LocalPartnership")[0]
    del p["schema:name"]
    v = _only(_shacl(doc), p["@id"], "schema:name")
    assert "exactly one schema:name" in v.expected


def test_partnership_name_must_be_polish_text():
    doc = _seed()
    p = _nodes(doc, "lp:LocalPartnership")[0]
    p["schema:name"] = {"@value": p["schema:name"], "@language": "en"}
    v = _only(_shacl(doc), p["@id"], "schema:name")
    assert "language tag pl" in v.expected


def test_founding_date_typed_string():
    doc = _seed()
    p = _nodes(doc, "lp:LocalPartnership")[0]
    p["schema:foundingDate"] = {"@value": "2011", "@type": "xsd:string"}
    v = _only(_shacl(doc), p["@id"], "schema:foundingDate")
    assert v.value == '"2011"^^xsd:string'
    assert str(v) == (
        f"broken.jsonld: node …/{p['@id'][len(BASE) :]}, property schema:foundingDate: "
        'value "2011"^^xsd:string — expected a date typed xsd:gYear, xsd:gYearMonth or xsd:date'
    )


def test_founding_ordinal_must_be_at_least_one():
    doc = _seed()
    p = _nodes(doc, "lp:LocalPartnership")[0]
    p["lp:foundingOrdinal"] = 0
    _only(_shacl(doc), p["@id"], "lp:foundingOrdinal")


def test_founder_given_as_a_literal():
    doc = _seed()
    p = _nodes(doc, "lp:LocalPartnership")[0]
    p["schema:founder"] = "Ośrodek Pomocy Społecznej"
    v = _only(_shacl(doc), p["@id"], "schema:founder")
    assert v.value == '"Ośrodek Pomocy Społecznej"@pl'


def test_coordinator_pointing_at_a_street_is_not_an_organization():
    # a class range would make RDFS inference accept this; the vocabulary avoids that
    doc = _seed()
    p = _nodes(doc, "lp:LocalPartnership")[0]
    street = _nodes(doc, "lp:Street")[0]["@id"]
    p["lp:coordinator"] = {"@id": street}
    _only(_shacl(doc), p["@id"], "lp:coordinator")


def test_street_without_a_type():
    doc = _seed()
    s = _nodes(doc, "lp:Street")[0]
    del s["lp:streetType"]
    v = _only(_shacl(doc), s["@id"], "lp:streetType")
    assert "exactly one street type" in v.expected


def test_street_type_outside_the_list():
    doc = _seed()
    s = _nodes(doc, "lp:Street")[0]
    s["lp:streetType"] = "zaułek"
    v = _only(_shacl(doc), s["@id"], "lp:streetType")
    assert v.value == '"zaułek"@pl' and "ulica, aleja" in v.expected


def test_district_terc_must_have_seven_digits():
    doc = _seed()
    district = BASE + "district/zoliborz"
    doc["@graph"].append(
        {
            "@id": district,
            "@type": "schema:AdministrativeArea",
            "schema:name": "Żoliborz",
            "lp:terytTerc": "146519",
        }
    )
    _only(_shacl(doc), district, "lp:terytTerc")
    doc["@graph"][-1]["lp:terytTerc"] = "1465198"
    assert _errors(_shacl(doc)) == []


def test_page_url_must_be_an_iri():
    doc = _seed()
    page = _nodes(doc, "schema:WebPage")[0]
    page["schema:url"] = "https://example.org/strona"
    _only(_shacl(doc), page["@id"], "schema:url")


def test_renaming_without_a_date_is_a_warning_only():
    doc = _seed()
    doc["@graph"].append(
        {
            "@id": BASE + "renaming/x/a--b",
            "@type": "lp:Renaming",
            "lp:oldName": "A",
            "lp:newName": "B",
        }
    )
    found = _shacl(doc)
    assert _errors(found) == []
    (warning,) = found
    assert warning.severity == "Warning" and warning.property == "dct:date"
    assert str(warning).startswith("broken.jsonld: warning: node …/renaming/x/a--b")


def test_renaming_without_a_new_name_is_a_violation():
    doc = _seed()
    node = BASE + "renaming/x/a--b"
    doc["@graph"].append(
        {"@id": node, "@type": "lp:Renaming", "lp:oldName": "A", "dct:date": "2019"}
    )
    found = _shacl(doc)
    _only(found, node, "lp:newName")
    _only(found, node, "dct:date")  # an untyped date is not a date


# --------------------------------------------------------------------------------------
# the vocabulary gives subclass reasoning and documents every term
# --------------------------------------------------------------------------------------


def test_ngo_founder_satisfies_sh_class_organization():
    assert _shacl(_minimal("schema:NGO")) == []


def test_place_founder_does_not_satisfy_sh_class_organization():
    doc = _minimal("schema:Park")
    _only(_shacl(doc), BASE + "partnership/x", "schema:founder")


def _lp_terms_used(paths: list[Path]) -> set[str]:
    terms = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k.startswith("lp:"):
                    terms.add(k[3:])
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and x.startswith("lp:"):
            terms.add(x[3:])

    for path in paths:
        walk(json.loads(path.read_text("utf-8"))["@graph"])
    return terms


def test_every_lp_term_has_label_and_comment_in_polish_and_english(page_outputs):
    from rdflib import RDFS, URIRef

    _shapes, vocabulary = shapes_and_vocabulary()
    used = _lp_terms_used([*OUTPUT_FILES, *page_outputs])
    assert {"LocalPartnership", "Street", "streetType", "coordinator"} <= used
    required = used | {
        "Renaming", "Neighbourhood", "initiator", "boundedBy", "title", "foundingOrdinal",
        "oldName", "newName", "succeededBy", "terytTerc", "terytSymUl",
    }  # fmt: skip
    for term in sorted(required):
        iri = URIRef(LP_NAMESPACE + term)
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in vocabulary.objects(iri, prop)}
            assert {"pl", "en"} <= langs, f"lp:{term} lacks {prop} in pl or en"


def test_vocabulary_states_the_hierarchy_the_shapes_rely_on():
    from rdflib import OWL, RDF, RDFS, Namespace, URIRef

    schema = Namespace("https://schema.org/")
    lp = Namespace(LP_NAMESPACE)
    _shapes, vocabulary = shapes_and_vocabulary()
    assert (URIRef(LP_NAMESPACE.rstrip("#")), RDF.type, OWL.Ontology) in vocabulary
    for sub, sup in [
        (lp.LocalPartnership, schema.Organization),
        (lp.Street, schema.Place),
        (lp.Neighbourhood, schema.Place),
        (schema.NGO, schema.Organization),
        (schema.Library, schema.Organization),
        (schema.Park, schema.Place),
        (schema.AdministrativeArea, schema.Place),
    ]:
        assert (sub, RDFS.subClassOf, sup) in vocabulary
    assert (lp.coordinator, RDFS.subPropertyOf, schema.member) in vocabulary
    assert (lp.initiator, RDFS.subPropertyOf, schema.founder) in vocabulary


# --------------------------------------------------------------------------------------
# the command-line engine
# --------------------------------------------------------------------------------------


def test_main_exit_status_and_lines(tmp_path, capsys, no_network):
    good = tmp_path / "good" / "a.jsonld"
    good.parent.mkdir()
    good.write_text(json.dumps(_seed()), encoding="utf-8")
    assert main([good.parent]) == 0

    warn = _seed()
    warn["@graph"].append(
        {"@id": BASE + "renaming/x/a--b", "@type": "lp:Renaming", "lp:oldName": "A",
         "lp:newName": "B"}
    )  # fmt: skip
    (tmp_path / "warn.jsonld").write_text(json.dumps(warn), encoding="utf-8")
    capsys.readouterr()
    assert main([tmp_path / "warn.jsonld"]) == 0
    assert "warning:" in capsys.readouterr().out

    bad = _seed()
    del _nodes(bad, "lp:LocalPartnership")[0]["schema:name"]
    (tmp_path / "bad.jsonld").write_text(json.dumps(bad), encoding="utf-8")
    assert main([tmp_path]) == 1  # the folder: good/a.jsonld, bad.jsonld, warn.jsonld
    out = capsys.readouterr().out
    assert "bad.jsonld: node" in out and "property schema:name" in out

    assert main([tmp_path / "missing.jsonld"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text("{not json", encoding="utf-8")
    (v,) = validate_file(path)
    assert v.is_error and v.expected.startswith("expected JSON")


def test_the_catalog_passes_validate_and_its_shapes_bite(tmp_path):
    import json

    from pipeline.batch import run
    from pipeline.validate import validate_document, validate_file

    run([ROOT / "raw"], tmp_path)
    catalog = tmp_path / "catalog.jsonld"
    assert [v for v in validate_file(catalog) if v.is_error] == []
    doc = json.loads(catalog.read_text("utf-8"))
    for node in doc["@graph"]:
        if node.get("@type") == "dcat:Catalog":
            del node["dct:title"]
        if node.get("@type") == "dcat:Distribution":
            del node["dcat:accessURL"]
    problems = [str(v) for v in validate_document(doc, name="catalog") if v.is_error]
    assert any("dct:title" in p for p in problems)
    assert any("accessURL" in p for p in problems)
