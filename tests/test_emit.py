from __future__ import annotations

import json
import unicodedata

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.emit import CONTEXT, dumps, to_jsonld
from pipeline.ids import IdMinter, slug
from pipeline.records import DateValue, PageRecords, Partnership, Text, WebPage

from .conftest import page_files, result_for


def records(name: str = "Nad Wisłą", date: str | None = "2013-05") -> PageRecords:
    ids = IdMinter("https://example.org/id/")
    return PageRecords(
        page=WebPage(id=ids.page("strona", None), name="strona"),
        partnerships=(
            Partnership(
                id=ids.partnership(name),
                name=Text(value=name),
                founding_date=DateValue(iso=date) if date else None,
            ),
        ),
    )


def test_context_is_inline_and_literals_are_polish():
    doc = json.loads(to_jsonld(records()))
    assert doc["@context"] == CONTEXT
    assert doc["@context"]["@language"] == "pl"


def test_partnership_node_follows_the_contract():
    doc = json.loads(to_jsonld(records()))
    (node,) = [n for n in doc["@graph"] if "lp:LocalPartnership" in n.get("@type", [])]
    assert node["@id"] == "https://example.org/id/partnership/nad-wisla"
    assert "schema:Organization" in node["@type"]
    assert node["schema:name"] == "Nad Wisłą"
    assert node["schema:foundingDate"] == {"@value": "2013-05", "@type": "xsd:gYearMonth"}
    assert node["prov:wasDerivedFrom"] == {"@id": "https://example.org/id/page/strona"}


def test_date_precision_gives_the_datatype():
    for iso, xsd in [
        ("2011", "xsd:gYear"),
        ("2013-05", "xsd:gYearMonth"),
        ("2012-06-05", "xsd:date"),
    ]:
        assert DateValue(iso=iso).xsd_type == xsd


def test_output_is_byte_identical_and_sorted():
    a, b = to_jsonld(records()), to_jsonld(records())
    assert a == b
    graph = json.loads(a)["@graph"]
    assert [n["@id"] for n in graph] == sorted(n["@id"] for n in graph)


def test_markup_in_values_is_escaped_for_script_embedding():
    text = to_jsonld(records(name="A</script><b>&"))
    assert "</script>" not in text and "<" not in text and "&" not in text
    names = [n.get("schema:name") for n in json.loads(text)["@graph"]]
    assert "A</script><b>&" in names


def test_dumps_escapes_angle_brackets():
    assert dumps({"a": "<x>"}) == '{\n  "a": "\\u003cx\\u003e"\n}\n'


def test_slug_folds_polish_letters():
    assert slug("Łódź – Bałuty") == "lodz-baluty"
    assert slug("Źródło, Ślęża!") == "zrodlo-sleza"


def test_initiators_are_kept_apart_from_the_other_founders():
    from pipeline.records import FounderRole, Organization, OrgRef

    ids = IdMinter("https://example.org/id/")
    a, b = ids.organization("Fundacja A"), ids.organization("Szkoła B")
    recs = PageRecords(
        page=WebPage(id=ids.page("s", None), name="s"),
        partnerships=(
            Partnership(
                id=ids.partnership("X"),
                name=Text(value="X"),
                founders=(
                    OrgRef(id=a, role=FounderRole.INITIATOR),
                    OrgRef(id=b, role=FounderRole.PARTNER),
                ),
            ),
        ),
        organizations=(
            Organization(id=a, name=Text(value="Fundacja A")),
            Organization(id=b, name=Text(value="Szkoła B")),
        ),
    )
    node = next(
        n for n in json.loads(to_jsonld(recs))["@graph"] if n["@id"] == ids.partnership("X")
    )
    assert node["schema:founder"] == [{"@id": a}, {"@id": b}]
    assert node["lp:initiator"] == [{"@id": a}]


def test_districts_are_administrative_areas_with_their_teryt_code():
    from pipeline.records import Area, District

    ids = IdMinter("https://example.org/id/")
    zoliborz, warszawa = ids.district("Żoliborz"), ids.district("Warszawa")
    recs = PageRecords(
        page=WebPage(id=ids.page("s", None), name="s", retrieved="2024-03-01"),
        partnerships=(
            Partnership(
                id=ids.partnership("X"),
                name=Text(value="X"),
                area=Area(id=ids.area("X"), district=zoliborz),
            ),
        ),
        districts=(
            District(
                id=zoliborz, name=Text(value="Żoliborz"), terc="1465198", contained_in=warszawa
            ),
            District(id=warszawa, name=Text(value="Warszawa")),
        ),
    )
    graph = {n["@id"]: n for n in json.loads(to_jsonld(recs))["@graph"]}
    assert graph[zoliborz] == {
        "@id": zoliborz,
        "@type": "schema:AdministrativeArea",
        "schema:name": "Żoliborz",
        "lp:terytTerc": "1465198",
        "schema:containedInPlace": {"@id": warszawa},
    }
    assert graph[warszawa] == {
        "@id": warszawa,
        "@type": "schema:AdministrativeArea",
        "schema:name": "Warszawa",
    }
    assert graph[ids.area("X")]["schema:containedInPlace"] == {"@id": zoliborz}
    assert graph[ids.page("s", None)]["dct:date"] == {"@value": "2024-03-01", "@type": "xsd:date"}


def test_to_document_gives_the_models_of_what_is_written():
    from pipeline.emit import to_document
    from pipeline.jsonld import JsonLdDocument, PartnershipNode

    doc = to_document(records())
    assert isinstance(doc, JsonLdDocument)
    assert [type(n) for n in doc.graph if isinstance(n, PartnershipNode)] == [PartnershipNode]
    assert dumps(doc.to_json_data()) == to_jsonld(records())


def test_every_page_is_written_as_its_validated_models_give_it():
    """to_jsonld writes the data it validated as it is: the models, dumped, give its text."""
    from pipeline.emit import to_document

    for path in page_files():
        recs = result_for(path).records
        assert dumps(to_document(recs).to_json_data()) == to_jsonld(recs), path.name


def test_emit_refuses_what_the_schema_forbids():
    import pytest
    from pydantic import ValidationError

    from pipeline.records import Count

    ids = IdMinter("https://example.org/id/")
    recs = PageRecords(
        page=WebPage(id=ids.page("s", None), name="s"),
        partnerships=(
            Partnership(
                id=ids.partnership("X"), name=Text(value="X"), founding_ordinal=Count(value=0)
            ),
        ),
    )
    with pytest.raises(ValidationError, match="founding_ordinal"):
        to_jsonld(recs)


_JSON_TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "<\u2028\u2029>", '\x00\x1f\x7f"\\/', "Żółć „cudzysłów”", "\U0001f600", "a\ud800b"]
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(_JSON)
def test_dumps_writes_what_the_standard_library_writes(value):
    """orjson (the fast path) and json (the reference, and the fallback) give the same text."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    reference = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assert dumps(value) == reference + "\n"


def _slug_of_the_whole_text(text: str) -> str:
    """The reference: fold the whole text at once."""
    fold = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D"})
    folded = unicodedata.normalize("NFKD", text.translate(fold))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return regex.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@settings(max_examples=1000, deadline=None)
@given(
    st.text() | st.sampled_from(["Ośrodek Pomocy Społecznej", "e\u0301\u0328ą", "İstanbul ΟΣ ß"])
)
def test_slug_folds_character_by_character_as_the_whole_text(text):
    assert slug(text) == _slug_of_the_whole_text(text)


def test_a_null_is_refused_under_every_key_of_the_document_models():
    """Only nodes have optional properties (and a check of null under their JSON-LD keys);
    every other model's fields are required and not nullable, so null is refused there too,
    under its JSON-LD key or its field name."""
    import pytest
    from pydantic import ValidationError

    from pipeline import jsonld

    valid = {
        jsonld.Ref: {"@id": "https://example.org/id/x"},
        jsonld.TypedLiteral: {"@value": "2011", "@type": "xsd:gYear"},
        jsonld.DayLiteral: {"@value": "2011-05-01", "@type": "xsd:date"},
        jsonld.Context: CONTEXT,
        jsonld.PlaceNode: {"@id": "x", "@type": "schema:Park", "schema:name": "Park"},
    }
    for model, data in valid.items():
        model.model_validate(data)
        names = {f.validation_alias or n: n for n, f in model.model_fields.items()}
        for key in data:
            with pytest.raises(ValidationError):
                model.model_validate({**data, key: None})
            by_name = {names[k]: v for k, v in data.items()}
            with pytest.raises(ValidationError):
                model.model_validate({**by_name, names[key]: None})
    node = {"@id": "x", "@type": "lp:Renaming", "lp:oldName": "A", "lp:newName": "B"}
    with pytest.raises(ValidationError, match="null is not a value: leave dct:date out"):
        jsonld.RenamingNode.model_validate({**node, "dct:date": None})
    jsonld.RenamingNode(id="x", type="lp:Renaming", old_name="A", new_name="B", date=None)
