"""The committed schemas/v1 files: fresh, well-formed, and true of every output."""

from __future__ import annotations

import copy
import json
from typing import get_args

import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from pipeline import emit, jsonld, schemas
from pipeline.ids import LP_NAMESPACE, IdMinter
from pipeline.load import load_file
from pipeline.records import OrgKind, PlaceKind, StreetType
from pipeline.run import process

from .conftest import ROOT, page_files

PAGE_IDS = [p.name for p in page_files()]
ORG = "https://example.org/id/organization/a"
PAGE = "https://example.org/strona"


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """Every test page (both forms of the seed) through the pipeline: name -> JSON-LD text."""
    minter = IdMinter()
    return {p.name: process(load_file(p), minter=minter).jsonld for p in page_files()}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(schemas.records_schema())


def minimal() -> dict:
    """A small valid document: a page, a partnership, an organization."""
    return {
        "@context": dict(emit.CONTEXT),
        "@graph": [
            {"@id": PAGE, "@type": "schema:WebPage", "schema:url": {"@id": PAGE}},
            {
                "@id": "https://example.org/id/partnership/x",
                "@type": list(emit.PARTNERSHIP_TYPES),
                "schema:name": "X",
                "schema:foundingDate": {"@value": "2013-05", "@type": "xsd:gYearMonth"},
                "schema:founder": [{"@id": ORG}],
                "prov:wasDerivedFrom": {"@id": PAGE},
            },
            {
                "@id": ORG,
                "@type": "schema:NGO",
                "schema:name": "Fundacja A",
                "prov:wasDerivedFrom": {"@id": PAGE},
            },
        ],
    }


def partnership(doc: dict) -> dict:
    return doc["@graph"][1]


# --- the committed files --------------------------------------------------------------


def test_committed_files_equal_a_fresh_generation():
    root = ROOT / "schemas"
    for name, text in schemas.generate().items():
        path = root / name
        assert path.exists(), f"{path} is missing: run `make schemas`"
        assert path.read_text("utf-8") == text, f"{path} is stale: run `make schemas`"


def test_records_schema_names_its_dialect_and_id():
    schema = schemas.records_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://w3id.org/partnerstwa-lokalne/schemas/v1/records.schema.json"
    Draft202012Validator.check_schema(schema)


def test_schema_allows_no_null_anywhere():
    # emit leaves an absent property out; it never writes null
    text = (ROOT / "schemas" / schemas.RECORDS_SCHEMA_FILE).read_text("utf-8")
    assert '"null"' not in text
    assert "default" not in json.dumps(schemas.records_schema()["$defs"]["PartnershipNode"])


def test_context_file_is_the_inline_context_of_every_output(outputs):
    committed = json.loads((ROOT / "schemas" / schemas.CONTEXT_FILE).read_text("utf-8"))
    assert committed == {"@context": emit.CONTEXT}
    assert committed["@context"]["lp"] == LP_NAMESPACE
    for name, text in outputs.items():
        assert json.loads(text)["@context"] == committed["@context"], name


def test_schema_dir_is_overridable_and_write_fills_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_SCHEMAS", str(tmp_path))
    assert schemas.schema_dir() == tmp_path
    with pytest.raises(FileNotFoundError):
        schemas.records_schema()
    written = schemas.write()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "v1/context.jsonld",
        "v1/records.schema.json",
    ]
    assert schemas.records_schema()["$id"].endswith("/v1/records.schema.json")


def test_default_schema_dir_is_the_repositorys(monkeypatch):
    monkeypatch.delenv("PIPELINE_SCHEMAS", raising=False)
    assert schemas.schema_dir() == ROOT / "schemas"


# --- every output fits ----------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_IDS)
def test_every_output_validates_against_the_schema(outputs, validator, name):
    errors = [e.message for e in validator.iter_errors(json.loads(outputs[name]))]
    assert errors == [], errors[:3]


@pytest.mark.parametrize("name", PAGE_IDS)
def test_every_output_round_trips_through_the_models(outputs, name):
    text = outputs[name]
    document = jsonld.JsonLdDocument.model_validate_json(text)
    assert emit.dumps(document.to_json_data()) == text


def test_the_outputs_use_every_main_node_kind(outputs):
    kinds = {
        jsonld.node_kind(node) for text in outputs.values() for node in json.loads(text)["@graph"]
    }
    # districts are not emitted by any page yet; they are covered by the contract test below
    assert kinds >= {"page", "partnership", "area", "organization", "renaming", "street", "place"}


def test_every_contract_fact_is_representable(validator):
    doc = minimal()
    district = "https://example.org/id/district/zoliborz"
    city = "https://example.org/id/district/warszawa"
    street = "https://example.org/id/street/warszawa/ulica-potocka"
    doc["@graph"][0]["dct:date"] = {"@value": "2024-03-01", "@type": "xsd:date"}
    partnership(doc).update(
        {
            "schema:alternateName": ["Dawna nazwa"],
            "lp:foundingOrdinal": 4,
            "lp:initiator": [{"@id": ORG}],
            "lp:coordinator": {"@id": ORG},
            "schema:member": [{"@id": ORG}],
            "org:changedBy": [{"@id": "https://example.org/id/renaming/x"}],
            "schema:areaServed": {"@id": "https://example.org/id/area/x"},
        }
    )
    doc["@graph"][2].update(
        {
            "schema:alternateName": ["FA"],
            "schema:parentOrganization": {"@id": ORG},
            "lp:succeededBy": {"@id": ORG},
        }
    )
    doc["@graph"] += [
        {
            "@id": "https://example.org/id/area/x",
            "@type": "schema:Place",
            "schema:containsPlace": [{"@id": "https://example.org/id/place/park/kaskada"}],
            "lp:boundedBy": [{"@id": street}],
            "schema:containedInPlace": {"@id": district},
        },
        {
            "@id": "https://example.org/id/place/park/kaskada",
            "@type": "schema:Park",
            "schema:name": "Park Kaskada",
        },
        {
            "@id": "https://example.org/id/renaming/x",
            "@type": "lp:Renaming",
            "lp:oldName": "Dawna nazwa",
            "lp:newName": "X",
            "dct:date": {"@value": "2011", "@type": "xsd:gYear"},
        },
        {
            "@id": street,
            "@type": "lp:Street",
            "schema:name": "Potocka",
            "lp:streetType": "ulica",
            "lp:title": "gen.",
            "lp:terytSymUl": "17154",
            "schema:alternateName": ["Potockiej"],
        },
        {
            "@id": district,
            "@type": "schema:AdministrativeArea",
            "schema:name": "Żoliborz",
            "lp:terytTerc": "1465198",
            "schema:containedInPlace": {"@id": city},
        },
        {"@id": city, "@type": "schema:AdministrativeArea", "schema:name": "Warszawa"},
    ]
    assert list(validator.iter_errors(doc)) == []
    model = jsonld.JsonLdDocument.model_validate(doc)
    assert model.to_json_data() == doc
    assert [jsonld.node_kind(n) for n in doc["@graph"]][3:] == [
        "area",
        "place",
        "renaming",
        "street",
        "administrative-area",
        "administrative-area",
    ]


# --- hand-broken documents are rejected -----------------------------------------------


def _partnership_without_name(doc):
    del partnership(doc)["schema:name"]


def _founding_date_as_string(doc):
    partnership(doc)["schema:foundingDate"] = {"@value": "2013-05", "@type": "xsd:string"}


def _precision_not_matching_datatype(doc):
    partnership(doc)["schema:foundingDate"] = {"@value": "2013-05", "@type": "xsd:gYear"}


def _unknown_property(doc):
    partnership(doc)["schema:foo"] = "bar"


def _founder_as_string(doc):
    partnership(doc)["schema:founder"] = ["Fundacja A"]


def _founder_not_a_list(doc):
    partnership(doc)["schema:founder"] = {"@id": ORG}


def _null_property(doc):
    partnership(doc)["lp:coordinator"] = None


def _empty_list(doc):
    partnership(doc)["schema:member"] = []


def _partnership_without_local_partnership_type(doc):
    partnership(doc)["@type"] = ["schema:Organization"]


def _organization_of_unknown_type(doc):
    doc["@graph"][2]["@type"] = "schema:Person"


def _organization_without_provenance(doc):
    del doc["@graph"][2]["prov:wasDerivedFrom"]


def _wrong_language(doc):
    doc["@context"]["@language"] = "en"


def _wrong_lp_namespace(doc):
    doc["@context"]["lp"] = "https://example.org/vocab#"


def _ordinal_zero(doc):
    partnership(doc)["lp:foundingOrdinal"] = 0


def _bad_terc(doc):
    doc["@graph"].append(
        {
            "@id": "https://example.org/id/district/d",
            "@type": "schema:AdministrativeArea",
            "schema:name": "D",
            "lp:terytTerc": "14-65",
        }
    )


def _page_date_of_month_precision(doc):
    doc["@graph"][0]["dct:date"] = {"@value": "2024-03", "@type": "xsd:gYearMonth"}


def _named_area_with_streets(doc):
    doc["@graph"].append(
        {
            "@id": "https://example.org/id/area/y",
            "@type": "schema:Place",
            "schema:name": "Y",
            "lp:boundedBy": [{"@id": "https://example.org/id/street/s"}],
        }
    )


def _empty_graph(doc):
    doc["@graph"] = []


BREAKAGES = [
    _partnership_without_name,
    _founding_date_as_string,
    _precision_not_matching_datatype,
    _unknown_property,
    _founder_as_string,
    _founder_not_a_list,
    _null_property,
    _empty_list,
    _partnership_without_local_partnership_type,
    _organization_of_unknown_type,
    _organization_without_provenance,
    _wrong_language,
    _wrong_lp_namespace,
    _ordinal_zero,
    _bad_terc,
    _page_date_of_month_precision,
    _named_area_with_streets,
    _empty_graph,
]


def test_the_unbroken_document_is_valid(validator):
    assert list(validator.iter_errors(minimal())) == []
    jsonld.JsonLdDocument.model_validate(minimal())


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_broken_documents_are_rejected_by_schema_and_models(validator, breakage):
    doc = copy.deepcopy(minimal())
    breakage(doc)
    assert not validator.is_valid(doc)
    with pytest.raises(ValidationError):
        jsonld.JsonLdDocument.model_validate(doc)


# --- the models agree with the records ------------------------------------------------


def test_node_types_are_the_records_kinds():
    assert set(get_args(jsonld.OrganizationType)) == {k.value for k in OrgKind}
    assert set(get_args(jsonld.PlaceType)) == {k.value for k in PlaceKind}
    assert set(get_args(jsonld.StreetType)) == {k.value for k in StreetType}


def test_context_model_accepts_exactly_the_emitted_context():
    assert jsonld.Context.model_validate(emit.CONTEXT).model_dump(by_alias=True) == emit.CONTEXT
    assert emit.CONTEXT["lp"] == LP_NAMESPACE
