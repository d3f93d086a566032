"""Editors' overrides (pipeline/overrides.py) on a copy of the seed's committed output."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.emit import dumps
from pipeline.jsonld import JsonLdDocument
from pipeline.overrides import (
    Override,
    OverrideError,
    apply_overrides,
    check_overrides,
    editor_facts,
    find_overrides,
    load_overrides,
    override_report,
    reconcile_facts,
)

from .conftest import ROOT

OUTPUT = ROOT / "output" / "partnerstwa-lokalne-zoliborz.jsonld"
ID = "https://w3id.org/partnerstwa-lokalne/id/"
RUDAWKA = ID + "partnership/dla-rudawki-i-zatrasia"
SADY = ID + "partnership/sady-zoliborskie"
MARYMONT = ID + "partnership/marymont-kaskada"
OFICERSKI = ID + "partnership/zoliborz-oficerski"
OPS = ID + "organization/osrodek-pomocy-spolecznej-dzielnicy-zoliborz"
BORIS = ID + "organization/stowarzyszenie-boris"
GIMNAZJUM = ID + "organization/gimnazjum-nr-55"
SP392 = ID + "organization/szkola-podstawowa-nr-392"
WYPOZYCZALNIA = (
    ID + "organization/wypozyczalnia-nr-111-biblioteki-publicznej-dla-dzielnicy-zoliborz"
)
BIBLIOTEKA = ID + "organization/biblioteka-publiczna-dla-dzielnicy-zoliborz"
SRC = "overrides/partnerstwa-lokalne-zoliborz.yaml"


@pytest.fixture
def doc() -> dict:
    return json.loads(OUTPUT.read_text("utf-8"))


def node(document: dict, iri: str) -> dict:
    (found,) = [n for n in document["@graph"] if n["@id"] == iri]
    return found


def has_node(document: dict, iri: str) -> bool:
    return any(n["@id"] == iri for n in document["@graph"])


def refs_to(document: dict, iri: str) -> list[tuple[str, str]]:
    out = []
    for n in document["@graph"]:
        for prop, value in n.items():
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, dict) and v.get("@id") == iri and prop != "@id":
                    out.append((n["@id"], prop))
    return out


def ov(operation: str, index: int = 1, **kw) -> Override:
    return Override(operation=operation, index=index, **kw)


def apply(doc: dict, *overrides: Override):
    return apply_overrides(doc, list(overrides), source=SRC)


# --------------------------------------------------------------------------------------
# set
# --------------------------------------------------------------------------------------


def test_set_name_of_a_node_given_by_its_name(doc):
    before = copy.deepcopy(doc)
    out = apply(
        doc,
        ov(
            "set",
            node="Dla Rudawki i Zatrasia",
            property="schema:name",
            value="Dla Zatrasia i Rudawki",
        ),
    )
    p = node(out.document, RUDAWKA)
    assert p["schema:name"] == "Dla Zatrasia i Rudawki"
    # the new name was an alternate name: a current name is never also an alternate one
    assert p["schema:alternateName"] == ["Nasz Żoliborz IV"]
    assert doc == before  # the input is not modified
    head = out.changes[0]
    assert (head.node, head.property, head.value, head.operation, head.source) == (
        RUDAWKA,
        "schema:name",
        "Dla Zatrasia i Rudawki",
        "set",
        SRC + "#1",
    )
    (entry,) = override_report(out.changes, out.stale)
    assert entry["message"] == (
        "schema:name: set to 'Dla Zatrasia i Rudawki', replacing 'Dla Rudawki i Zatrasia'"
    )
    removed = {(c.property, c.value) for c in out.changes if c.removed}
    assert removed == {
        ("schema:name", "Dla Rudawki i Zatrasia"),
        ("schema:alternateName", "Dla Zatrasia i Rudawki"),
    }


@pytest.mark.parametrize(
    ("value", "xsd"),
    [("2014", "xsd:gYear"), ("2014-11", "xsd:gYearMonth"), ("2014-11-05", "xsd:date")],
)
def test_set_date_is_typed_by_its_precision(doc, value, xsd):
    out = apply(doc, ov("set", node=SADY, property="schema:foundingDate", value=value))
    assert node(out.document, SADY)["schema:foundingDate"] == {"@type": xsd, "@value": value}


def test_set_renaming_date_and_ordinal(doc):
    renaming = ID + "renaming/dla-rudawki-i-zatrasia/nasz-zoliborz-iv-dla-zatrasia-i-rudawki"
    out = apply(
        doc,
        ov("set", 1, node=renaming, property="dct:date", value="2017-09"),
        ov("set", 2, node="Sady Żoliborskie", property="lp:foundingOrdinal", value="5"),
    )
    assert node(out.document, renaming)["dct:date"] == {
        "@type": "xsd:gYearMonth",
        "@value": "2017-09",
    }
    assert node(out.document, SADY)["lp:foundingOrdinal"] == 5
    assert [c.value for c in out.changes if not c.removed] == ["2017-09", "5"]


def test_set_a_reference_by_the_name_of_a_node(doc):
    out = apply(
        doc,
        ov("set", node="Marymont-Kaskada", property="lp:coordinator", value="Stowarzyszenie BORIS"),
    )
    assert node(out.document, MARYMONT)["lp:coordinator"] == {"@id": BORIS}
    assert out.changes[0].label == "Stowarzyszenie BORIS"
    assert out.changes[0].value == BORIS


def test_set_replaces_every_value_of_a_list_property(doc):
    out = apply(
        doc,
        ov(
            "set",
            node="partnership/marymont-kaskada",
            property="schema:founder",
            value=("Stowarzyszenie BORIS", OPS),
        ),
    )
    assert node(out.document, MARYMONT)["schema:founder"] == [{"@id": OPS}, {"@id": BORIS}]


def test_set_the_kind_of_an_organization(doc):
    out = apply(doc, ov("set", node="Ognisko Marymont", property="@type", value="schema:NGO"))
    assert node(out.document, ID + "organization/ognisko-marymont")["@type"] == "schema:NGO"


# --------------------------------------------------------------------------------------
# add / remove
# --------------------------------------------------------------------------------------


def test_add_appends_and_keeps_the_list_sorted_as_emit_does(doc):
    out = apply(
        doc,
        ov("add", node="Marymont-Kaskada", property="schema:founder", value="Stowarzyszenie BORIS"),
    )
    founders = node(out.document, MARYMONT)["schema:founder"]
    assert {"@id": BORIS} in founders
    assert founders == sorted(founders, key=lambda v: json.dumps(v, sort_keys=True))
    assert len(founders) == len(node(doc, MARYMONT)["schema:founder"]) + 1


def test_add_an_alternate_name(doc):
    out = apply(
        doc, ov("add", node="Sady Żoliborskie", property="schema:alternateName", value="Sady")
    )
    assert node(out.document, SADY)["schema:alternateName"] == ["Sady"]


def test_add_to_a_property_that_holds_one_value_is_an_error(doc):
    with pytest.raises(OverrideError, match=r"zoliborz\.yaml#1: add: .*lp:coordinator.*use set"):
        apply(doc, ov("add", node=SADY, property="lp:coordinator", value="Stowarzyszenie BORIS"))


def test_remove_a_bounding_street_given_by_its_name(doc):
    area = ID + "area/sady-zoliborskie"
    street = ID + "street/warszawa/ulica-wloscianska"
    out = apply(
        doc,
        ov("remove", node="area/sady-zoliborskie", property="lp:boundedBy", value="Włościańska"),
    )
    assert {"@id": street} not in node(out.document, area)["lp:boundedBy"]
    assert len(node(out.document, area)["lp:boundedBy"]) == 3
    assert out.changes[0].removed and out.changes[0].label == "Włościańska"


def test_remove_the_last_value_leaves_the_property_out(doc):
    out = apply(doc, ov("remove", node=MARYMONT, property="lp:initiator", value=OPS))
    assert "lp:initiator" not in node(out.document, MARYMONT)
    out = apply(doc, ov("remove", node=SADY, property="schema:foundingDate", value="2014-10"))
    assert "schema:foundingDate" not in node(out.document, SADY)


# --------------------------------------------------------------------------------------
# merge / drop
# --------------------------------------------------------------------------------------


def test_merge_rewrites_every_reference_and_keeps_the_names(doc):
    assert refs_to(doc, GIMNAZJUM)
    out = apply(doc, ov("merge", node="Gimnazjum nr 55", into="Szkoła Podstawowa nr 392"))
    assert not has_node(out.document, GIMNAZJUM)
    assert refs_to(out.document, GIMNAZJUM) == []
    p = node(out.document, OFICERSKI)
    assert {"@id": SP392} in p["schema:founder"] and {"@id": SP392} in p["lp:initiator"]
    kept = node(out.document, SP392)
    assert kept["schema:name"] == "Szkoła Podstawowa nr 392"
    assert kept["schema:alternateName"] == ["Gimnazjum nr 55", "SP nr 392"]
    assert "lp:succeededBy" not in kept  # not its own successor
    assert out.changes[0].node == GIMNAZJUM and out.changes[0].value == SP392


def test_merge_moves_values_the_kept_node_lacks(doc):
    out = apply(doc, ov("merge", node=WYPOZYCZALNIA, into=BIBLIOTEKA))
    kept = node(out.document, BIBLIOTEKA)
    assert kept["schema:alternateName"] == [
        "Wypożyczalnia nr 111 Biblioteki Publicznej dla Dzielnicy Żoliborz"
    ]
    assert "schema:parentOrganization" not in kept  # it would point at itself
    assert {"@id": BIBLIOTEKA} in node(out.document, MARYMONT)["schema:founder"]


def test_drop_removes_the_node_and_every_reference_to_it(doc):
    out = apply(doc, ov("drop", node="Stowarzyszenie BORIS"))
    assert not has_node(out.document, BORIS)
    assert refs_to(out.document, BORIS) == []
    assert node(out.document, RUDAWKA)["schema:founder"] == [{"@id": OPS}]
    assert {(c.node, c.property) for c in out.changes if c.property} == {
        (RUDAWKA, "schema:founder"),
        (RUDAWKA, "lp:initiator"),
    }


def test_drop_a_partnership_takes_the_parts_only_it_held(doc):
    out = apply(doc, ov("drop", node="Marymont-Kaskada"))
    for gone in [
        MARYMONT,
        ID + "area/marymont-kaskada",
        ID + "place/park/park-kaskada",
        ID + "street/warszawa/trasa-ak",
    ]:
        assert not has_node(out.document, gone), gone
    # shared with other partnerships: kept
    for kept in [ID + "street/warszawa/ulica-mickiewicza", ID + "district/warszawa/zoliborz", OPS]:
        assert has_node(out.document, kept), kept


# --------------------------------------------------------------------------------------
# stale, invalid, idempotent
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        (
            ov("set", node=ID + "partnership/foo", property="schema:name", value="X"),
            "no node " + ID + "partnership/foo: the page no longer has it",
        ),
        (
            ov("set", node="Nasz Żoliborz", property="schema:name", value="X"),
            "no node Nasz Żoliborz",
        ),
        (
            ov("add", node=SADY, property="schema:member", value="Fundacja Nieobecna"),
            "no node to refer to Fundacja Nieobecna",
        ),
        (ov("remove", node=SADY, property="schema:founder", value=OPS), "has no schema:founder"),
        (
            ov("remove", node=SADY, property="schema:alternateName", value="Sady"),
            "nothing to remove",
        ),
        (ov("merge", node="Gimnazjum nr 56", into=SP392), "no node Gimnazjum nr 56"),
        (ov("merge", node=GIMNAZJUM, into="Szkoła nr 1"), "no node Szkoła nr 1"),
        (ov("drop", node="partnership/foo"), "no node partnership/foo"),
    ],
)
def test_an_override_that_no_longer_matches_is_stale(doc, override, reason):
    out = apply(doc, override)
    assert out.document == doc
    assert out.changes == []
    (stale,) = out.stale
    assert reason in stale.reason
    assert stale.warning.startswith(f"warning: {SRC}#1: ")
    (entry,) = override_report(out.changes, out.stale)
    assert entry["status"] == "stale" and entry["index"] == 1 and entry["file"] == SRC


def test_stale_warning_is_one_line_in_plain_words(doc):
    out = apply(doc, ov("drop", 3, node=ID + "partnership/foo"))
    assert out.stale[0].warning == (
        f"warning: {SRC}#3: no node {ID}partnership/foo: the page no longer has it"
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (ov("set", node=SADY, property="schema:foundingDate", value="październik"), "not a date"),
        (
            ov("set", node=SADY, property="lp:foundingOrdinal", value="czwarte"),
            "not a whole number",
        ),
        (ov("set", node=SADY, property="lp:foundingOrdinal", value=0), "invalid"),
        (
            ov("remove", node=SADY, property="schema:name", value="Sady Żoliborskie"),
            "invalid.*schema:name",
        ),
        (ov("set", node=SADY, property="lp:streetType", value="ulica"), "invalid.*lp:streetType"),
        (ov("set", node="Ognisko Marymont", property="@type", value="schema:Szkoła"), "invalid"),
        (ov("set", node=SADY, property="@type", value="schema:NGO"), "fixed"),
        (ov("merge", node=SP392, into="Szkoła Podstawowa nr 392"), "one node"),
        (
            ov(
                "drop",
                node="https://www.bpzoliborz.pl/bpzoliborz_nowy/index.php/120-wspolpraca/1108-partnerstwo-zoliborz",
            ),
            "invalid",
        ),
    ],
)
def test_an_override_that_would_make_the_document_invalid_is_an_error(doc, override, message):
    with pytest.raises(OverrideError, match=rf"^{SRC}#1: {override.operation}\b.*{message}"):
        apply(doc, override)


def test_an_ambiguous_name_is_an_error(doc):
    street = ID + "street/warszawa/ulica-broniewskiego"
    with pytest.raises(OverrideError, match=r"#2: .*'Mickiewicza' names 2 nodes"):
        apply(
            doc,
            ov("set", 1, node=street, property="schema:name", value="Mickiewicza"),
            ov("drop", 2, node="Mickiewicza"),
        )


def test_set_add_remove_are_idempotent(doc):
    overrides = [
        ov("set", 1, node=RUDAWKA, property="schema:name", value="Dla Zatrasia i Rudawki"),
        ov("set", 2, node=SADY, property="schema:foundingDate", value="2014-11"),
        ov("add", 3, node=SADY, property="schema:founder", value="Stowarzyszenie BORIS"),
        ov(
            "remove",
            4,
            node=ID + "area/sady-zoliborskie",
            property="lp:boundedBy",
            value="Włościańska",
        ),
    ]
    once = apply(doc, *overrides)
    twice = apply(once.document, *overrides)
    assert dumps(twice.document) == dumps(once.document)
    assert once.document != doc
    assert all(c.noop for c in twice.changes)
    assert [s.override.index for s in twice.stale] == [4]  # nothing left to remove
    report = override_report(twice.changes, twice.stale)
    assert [e["status"] for e in report] == ["applied", "applied", "applied", "stale"]
    assert report[0]["message"].startswith("already so")


def test_no_overrides_give_back_the_document_byte_for_byte(doc):
    out = apply(doc)
    assert dumps(out.document) == OUTPUT.read_text("utf-8")
    JsonLdDocument.model_validate(out.document)


def test_overrides_apply_in_file_order(doc):
    out = apply(
        doc,
        ov("add", 1, node=SADY, property="schema:alternateName", value="Sady"),
        ov("remove", 2, node=SADY, property="schema:alternateName", value="Sady"),
    )
    assert "schema:alternateName" not in node(out.document, SADY)
    assert out.stale == []
    # the other way round: the remove finds nothing (stale), then the add stays
    out = apply(
        doc,
        ov("remove", 1, node=SADY, property="schema:alternateName", value="Sady"),
        ov("add", 2, node=SADY, property="schema:alternateName", value="Sady"),
    )
    assert node(out.document, SADY)["schema:alternateName"] == ["Sady"]
    assert [s.override.index for s in out.stale] == [1]


# --------------------------------------------------------------------------------------
# files
# --------------------------------------------------------------------------------------

YAML_FILE = """\
# overrides/partnerstwa-lokalne-zoliborz.yaml
- set: {node: partnership/dla-rudawki-i-zatrasia, property: schema:name, value: "Dla Zatrasia i Rudawki"}
- set:
    node: Sady Żoliborskie
    property: schema:foundingDate
    value: 2014-11-05
    note: "strona podaje datę podpisania porozumienia"
- add: {node: Sady Żoliborskie, property: lp:foundingOrdinal, value: 4}
- remove: {node: area/sady-zoliborskie, property: lp:boundedBy, value: Włościańska}
- merge: {node: Gimnazjum nr 55, into: Szkoła Podstawowa nr 392}
- drop: {node: Stowarzyszenie BORIS}
"""


def test_load_a_yaml_file_and_apply_it(tmp_path, doc):
    path = tmp_path / "partnerstwa-lokalne-zoliborz.yaml"
    path.write_text(YAML_FILE, "utf-8")
    overrides = load_overrides(path)
    assert [o.operation for o in overrides] == ["set", "set", "add", "remove", "merge", "drop"]
    assert [o.index for o in overrides] == [1, 2, 3, 4, 5, 6]
    assert overrides[1].value == "2014-11-05"  # a YAML date read back as its ISO text
    assert overrides[1].note == "strona podaje datę podpisania porozumienia"
    assert overrides[2].value == 4
    assert overrides[4].into == "Szkoła Podstawowa nr 392"
    out = apply_overrides(doc, overrides, source=SRC)
    assert out.stale == []
    assert node(out.document, SADY)["schema:foundingDate"] == {
        "@type": "xsd:date",
        "@value": "2014-11-05",
    }
    assert not has_node(out.document, BORIS) and not has_node(out.document, GIMNAZJUM)
    report = override_report(out.changes, out.stale)
    assert [(e["index"], e["status"]) for e in report] == [(i, "applied") for i in range(1, 7)]
    assert report[2]["message"].startswith("already so")  # the page already says 4


def test_load_the_same_in_json(tmp_path):
    yaml_path = tmp_path / "a.yaml"
    yaml_path.write_text(YAML_FILE, "utf-8")
    json_path = tmp_path / "a.json"
    data = yaml.safe_load(YAML_FILE)
    json_path.write_text(json.dumps(data, default=str, ensure_ascii=False), "utf-8")
    assert load_overrides(json_path) == load_overrides(yaml_path)


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "[]"])
def test_an_empty_file_has_no_overrides(tmp_path, text):
    path = tmp_path / "a.yaml"
    path.write_text(text, "utf-8")
    assert load_overrides(path) == []


@pytest.mark.parametrize(
    ("suffix", "text", "message"),
    [
        (".yaml", "- rename: {node: X}\n", r"#1: unknown operation 'rename'"),
        (
            ".yaml",
            "- drop: {node: X}\n- set: {node: X, property: schema:name}\n",
            r"#2: set: missing 'value'",
        ),
        (".yaml", "- drop: {node: 5}\n", r"#1: drop: node must be a non-empty text"),
        (".yaml", "- drop: {node: X, why: duplikat}\n", r"#1: drop: unknown key 'why'"),
        (
            ".yaml",
            "- set: {node: X, property: schema:nme, value: Y}\n",
            r"#1: set: unknown property 'schema:nme'",
        ),
        (
            ".yaml",
            "- add: {node: X, property: schema:alternateName, value: [A, B]}\n",
            r"#1: add: .*takes one value",
        ),
        (
            ".yaml",
            "- set: {node: X, property: schema:name, value: [A, B]}\n",
            r"#1: set: .*takes one value",
        ),
        (
            ".yaml",
            "- set: {node: X, property: schema:name, value: {a: 1}}\n",
            r"#1: set: schema:name: expected a text",
        ),
        (
            ".yaml",
            "- set: {node: X, property: schema:foundingDate, value: październik}\n",
            r"#1: set: .*not a date",
        ),
        (
            ".yaml",
            "- set: {node: X, property: schema:name, value: true}\n",
            r"#1: set: .*expected a text",
        ),
        (
            ".yaml",
            "- {drop: {node: X}, merge: {node: X, into: Y}}\n",
            r"#1: expected one operation",
        ),
        (".yaml", "- drop: X\n", r"#1: drop: expected a mapping"),
        (
            ".yaml",
            "- remove: {node: X, property: '@type', value: schema:NGO}\n",
            r"#1: remove: @type can only be set",
        ),
        (".yaml", "set: {node: X}\n", r": expected a list of corrections"),
        (
            ".yaml",
            '- set: {node: X, property: schema:name, value: "Y}\n',
            r": not valid YAML: line 2 column 1: .*quoted scalar started at line 1 column 48",
        ),
        (".json", '[{"drop": {"node": "X"}}, {"sett": {}}]', r"#2: unknown operation 'sett'"),
        (".json", '[{"drop": {"node": "X"}},]', r": not valid JSON: line 1"),
        (".json", '{"drop": {"node": "X"}}', r": expected a list of corrections"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_entry(tmp_path, suffix, text, message):
    path = tmp_path / f"partnerstwa-lokalne-zoliborz{suffix}"
    path.write_text(text, "utf-8")
    with pytest.raises(OverrideError, match=message) as err:
        load_overrides(path)
    assert str(err.value).startswith(str(path))


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes("- drop: {node: Łódź}\n".encode("iso-8859-2"))
    with pytest.raises(OverrideError, match=r"a\.yaml: not UTF-8"):
        load_overrides(path)


def test_find_overrides(tmp_path):
    assert find_overrides(tmp_path, "strona") is None
    assert find_overrides(tmp_path / "missing", "strona") is None
    (tmp_path / "strona.json").write_text("[]", "utf-8")
    assert find_overrides(tmp_path, "strona") == tmp_path / "strona.json"
    (tmp_path / "inna.yaml").write_text("[]", "utf-8")
    assert find_overrides(tmp_path, "strona") == tmp_path / "strona.json"
    (tmp_path / "strona.yaml").write_text("[]", "utf-8")
    with pytest.raises(OverrideError, match="keep one override file per page"):
        find_overrides(tmp_path, "strona")


_scalars = (
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False)
)
_data = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "set",
                    "add",
                    "remove",
                    "merge",
                    "drop",
                    "node",
                    "into",
                    "property",
                    "value",
                    "note",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(_data)
def test_any_file_loads_or_fails_with_an_override_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("o") / "a.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    try:
        overrides = load_overrides(path)
    except OverrideError as err:
        assert str(err).startswith(str(path))
        return
    assert all(isinstance(o, Override) for o in overrides)


# --------------------------------------------------------------------------------------
# evidence
# --------------------------------------------------------------------------------------


def test_editor_facts_follow_the_evidence_format(doc):
    out = apply(
        doc,
        ov("set", 1, node=SADY, property="lp:coordinator", value="Stowarzyszenie BORIS"),
        ov("add", 2, node=SADY, property="schema:alternateName", value="Sady"),
        ov("remove", 3, node=SADY, property="schema:alternateName", value="Sady"),
    )
    assert editor_facts(out.changes, out.document) == [
        {
            "node": SADY,
            "property": "lp:coordinator",
            "value": BORIS,
            "label": "Stowarzyszenie BORIS",
            "quote": None,
            "start": None,
            "end": None,
            "element": None,
            "source": "editor",
            "override": SRC + "#1",
        }
    ]
    # without the document: every value an override put in, sorted
    facts = editor_facts(out.changes)
    assert [(f["property"], f["value"]) for f in facts] == [
        ("lp:coordinator", BORIS),
        ("schema:alternateName", "Sady"),
    ]


def test_reconcile_facts_follows_merges_and_drops_replaced_values(doc):
    page_facts = [
        {
            "node": GIMNAZJUM,
            "property": "schema:name",
            "value": "Gimnazjum nr 55",
            "label": None,
            "quote": "Gimnazjum nr 55",
            "start": 50,
            "end": 65,
            "element": None,
            "source": "page",
            "override": None,
        },
        {
            "node": OFICERSKI,
            "property": "schema:founder",
            "value": GIMNAZJUM,
            "label": "Gimnazjum nr 55",
            "quote": "Gimnazjum nr 55",
            "start": 50,
            "end": 65,
            "element": None,
            "source": "page",
            "override": None,
        },
        {
            "node": SADY,
            "property": "schema:foundingDate",
            "value": "2014-10",
            "label": None,
            "quote": "w październiku 2014",
            "start": 10,
            "end": 29,
            "element": None,
            "source": "page",
            "override": None,
        },
        {
            "node": SADY,
            "property": "schema:name",
            "value": "Sady Żoliborskie",
            "label": None,
            "quote": "Sady Żoliborskie",
            "start": 5,
            "end": 21,
            "element": None,
            "source": "page",
            "override": None,
        },
    ]
    out = apply(
        doc,
        ov("merge", 1, node=GIMNAZJUM, into=SP392),
        ov("set", 2, node=SADY, property="schema:foundingDate", value="2014-11"),
    )
    facts = reconcile_facts(page_facts, out.document, out.changes)
    got = [(f["node"], f["property"], f["value"], f["source"]) for f in facts]
    assert (SP392, "schema:alternateName", "Gimnazjum nr 55", "page") in got
    assert (OFICERSKI, "schema:founder", SP392, "page") in got
    assert (OFICERSKI, "schema:founder", SP392, "editor") in got
    assert (SADY, "schema:foundingDate", "2014-10", "page") not in got
    assert (SADY, "schema:foundingDate", "2014-11", "editor") in got
    assert (SADY, "schema:name", "Sady Żoliborskie", "page") in got
    assert all(f["node"] != GIMNAZJUM for f in facts)
    founder = [f for f in facts if f["property"] == "schema:founder" and f["source"] == "page"]
    assert founder[0]["label"] == "Szkoła Podstawowa nr 392"
    keys = [
        (f["node"], f["property"], f["value"], f["start"] is None, f["start"] or 0) for f in facts
    ]
    assert keys == sorted(keys)
    assert page_facts[0]["node"] == GIMNAZJUM  # the input is not modified


def test_report_describes_each_applied_override(doc):
    out = apply(
        doc,
        ov("set", 1, node=SADY, property="schema:foundingDate", value="2014-11"),
        ov("merge", 2, node=GIMNAZJUM, into=SP392),
        ov("drop", 3, node=BORIS),
        ov("drop", 4, node="nic"),
    )
    report = override_report(out.changes, out.stale)
    assert [(e["index"], e["operation"], e["node"], e["status"]) for e in report] == [
        (1, "set", SADY, "applied"),
        (2, "merge", GIMNAZJUM, "applied"),
        (3, "drop", BORIS, "applied"),
        (4, "drop", "nic", "stale"),
    ]
    assert report[0]["message"] == "schema:foundingDate: set to '2014-11', replacing '2014-10'"
    assert report[1]["message"] == f"merged into {SP392}: 1 values moved, 2 references rewritten"
    assert report[2]["message"] == "dropped, with 2 references to it"
    assert set(report[0]) == {"file", "index", "operation", "node", "property", "status", "message"}


def test_check_overrides_reports_each_bad_file(tmp_path):
    (tmp_path / "README.md").write_text("# not an override file", "utf-8")
    (tmp_path / "dobra.yaml").write_text("- drop: {node: X}\n", "utf-8")
    (tmp_path / "zla.yaml").write_text("- skasuj: {node: X}\n", "utf-8")
    (tmp_path / "dwie.yaml").write_text("[]", "utf-8")
    (tmp_path / "dwie.json").write_text("[]", "utf-8")
    problems = check_overrides(tmp_path)
    assert len(problems) == 2
    assert problems[0].startswith("error: ") and "dwie" in problems[0]
    assert problems[1] == f"error: {tmp_path / 'zla.yaml'}#1: unknown operation 'skasuj' " + (
        "(expected set, add, remove, merge, drop)"
    )
    assert check_overrides(tmp_path / "nic") == []
