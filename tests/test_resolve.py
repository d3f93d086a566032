from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.clean import Block, Document, Role
from pipeline.ids import IdMinter
from pipeline.load import Page
from pipeline.normalize.facts import (
    AbbreviationFact,
    DistrictFact,
    OrgFact,
    PageFacts,
    PartnershipFacts,
    RenameFact,
    StreetFact,
)
from pipeline.normalize.facts import Role as FounderRole
from pipeline.resolve import resolve

EV = ((0, 1),)
MINT = IdMinter("https://example.org/id/")
TEXT = "x"
DOC = Document(
    page=Page(
        name="p",
        kind="text",
        text=TEXT,
        charset="utf-8",
        charset_source="default",
        url=None,
        retrieved=None,
        source="p",
    ),
    text=TEXT,
    blocks=(Block(role=Role.PARAGRAPH, start=0, end=1, text="x"),),
)


def org(surface, case=None, role=None, successor=None):
    return OrgFact(surface=surface, spans=EV, case_hint=case, role=role, successor=successor)


def page(*partnerships, coordinators=(), abbreviations=()):
    return resolve(
        PageFacts(
            page_name="p",
            url=None,
            retrieved=None,
            partnerships=tuple(partnerships),
            coordinators=tuple(coordinators),
            abbreviations=tuple(abbreviations),
        ),
        DOC,
        minter=MINT,
    )


def section(name="Nad Wisłą", **kw):
    return PartnershipFacts(name=name, name_spans=EV, **kw)


def names(records):
    return {o.name.value: sorted(a.value for a in o.alternate_names) for o in records.organizations}


def test_a_short_form_joins_the_one_longer_name_it_begins():
    records = page(
        section(founders=(org("Ośrodka Pomocy Społecznej", "gen", FounderRole.INITIATOR),)),
        coordinators=(org("Ośrodek Pomocy Społecznej Dzielnicy Wola", "nom"),),
    )
    assert names(records) == {
        "Ośrodek Pomocy Społecznej Dzielnicy Wola": ["Ośrodek Pomocy Społecznej"]
    }
    (p,) = records.partnerships
    assert p.founders[0].id == p.coordinator.id
    assert p.founders[0].role.value == "initiator"


def test_a_common_abbreviation_joins_its_full_name_across_sections():
    records = page(
        section(
            "A",
            founders=(org("Zakładem Gospodarowania Nieruchomościami dla Dzielnicy Wola", "inst"),),
        ),
        section("B", founders=(org("ZGN", "gen"),)),
    )
    assert names(records) == {"Zakład Gospodarowania Nieruchomościami dla Dzielnicy Wola": ["ZGN"]}
    a, b = records.partnerships
    assert a.founders[0].id == b.founders[0].id


def test_an_abbreviation_defined_on_the_page():
    records = page(
        section(founders=(org("MOPS", "gen"),)),
        abbreviations=(
            AbbreviationFact(
                short="MOPS",
                long_surface="Miejskiego Ośrodka Pomocy Społecznej w Lublinie",
                spans=EV,
            ),
        ),
    )
    assert names(records) == {"Miejski Ośrodek Pomocy Społecznej w Lublinie": ["MOPS"]}


def test_successor_and_parent():
    records = page(
        section(
            founders=(
                org("Gimnazjum nr 12", "gen", successor=org("SP nr 300")),
                org("Wypożyczalnią nr 5 Biblioteki Publicznej w Dzielnicy Wola", "inst"),
            )
        )
    )
    by_name = {o.name.value: o for o in records.organizations}
    school = by_name["Gimnazjum nr 12"]
    assert by_name["Szkoła Podstawowa nr 300"].id == school.succeeded_by
    branch = by_name["Wypożyczalnia nr 5 Biblioteki Publicznej w Dzielnicy Wola"]
    assert by_name["Biblioteka Publiczna w Dzielnicy Wola"].id == branch.parent


def test_the_same_organization_has_the_same_id_on_two_pages():
    a = page(section(founders=(org("Fundacji Rozwoju Pragi", "gen"),)))
    b = page(section("Inne", founders=(org("Fundacją Rozwoju Pragi", "inst"),)))
    assert a.organizations[0].id == b.organizations[0].id


def test_renames_become_renaming_nodes_and_alternate_names():
    records = page(
        section(
            "Nowa Nazwa",
            renames=(
                RenameFact(old="Stara Nazwa", new="Środkowa", date="2014", spans=EV),
                RenameFact(old="Środkowa", new=None, date="2019-01", spans=EV),
            ),
        )
    )
    (p,) = records.partnerships
    assert sorted(a.value for a in p.alternate_names) == ["Stara Nazwa", "Środkowa"]
    chain = [(r.old_name.value, r.new_name.value, r.date.iso) for r in records.renamings]
    assert sorted(chain) == [
        ("Stara Nazwa", "Środkowa", "2014"),
        ("Środkowa", "Nowa Nazwa", "2019-01"),
    ]


def test_a_street_in_two_partnerships_is_one_node():
    s1 = StreetFact(
        name="Długa", street_type="ulica", title=None, surface="Długiej", certain=True, spans=EV
    )
    s2 = StreetFact(
        name="Długa", street_type="ulica", title=None, surface="Długa", certain=True, spans=EV
    )
    records = page(section("A", streets=(s1,)), section("B", streets=(s2,)))
    (street,) = records.streets
    assert [a.value for a in street.alternate_names] == ["Długiej"]
    a, b = records.partnerships
    assert a.area.bounded_by[0].id == b.area.bounded_by[0].id == street.id


def _street(street_type="ulica"):
    return StreetFact(
        name="Długa", street_type=street_type, title=None, surface="Długa", certain=True, spans=EV
    )


@pytest.mark.parametrize(
    ("sections", "where"),
    [
        ((section(founding_date="2014-13"),), ("partnerships", 0, "founding_date", "iso")),
        ((section(ordinal=-1, ordinal_spans=EV),), ("partnerships", 0, "founding_ordinal")),
        (
            (section(founders=(OrgFact(surface="Fundacja Wola", spans=((1, 0),)),)),),
            ("partnerships", 0, "founders", 0, "evidence", 0, "end"),
        ),
        ((section(streets=(_street("ścieżka"),)),), ("streets", 0, "street_type")),
        (
            (section(renames=(RenameFact(old="Stara Nazwa", new=None, date="2014-1", spans=EV),)),),
            ("renamings", 0, "date", "iso"),
        ),
    ],
)
def test_invalid_facts_fail_validation_at_their_record(sections, where):
    """Records are built as plain data and validated once per page: still every field."""
    with pytest.raises(ValidationError) as err:
        page(*sections)
    assert err.value.errors()[0]["loc"][: len(where)] == where


def test_an_untidy_district_name_fails_validation():
    facts = PageFacts(
        page_name="p",
        url=None,
        retrieved=None,
        district=DistrictFact(
            name="Stare\u00a0Miasto", terc=None, city=None, city_terc=None, spans=EV
        ),
    )
    with pytest.raises(ValidationError, match="untidy"):
        resolve(facts, DOC, minter=MINT)
