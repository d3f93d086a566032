"""Founders, members, coordinators and abbreviation definitions (pipeline.extract.organizations).

Gold pages: every founder / listed partner / coordinator the gold names is found (compared in
the nominative, with page-defined abbreviations resolved), nothing else is, and every span
is exact.  Then sentences of our own — other cities, verb forms and word orders — and
negatives that must give nothing.
"""

from __future__ import annotations

import re

import pytest

from pipeline.clean import clean
from pipeline.extract.organizations import (
    OrgRole,
    abbreviation_definitions,
    coordinators,
    founders,
    members,
    page_coordinators,
)
from pipeline.load import load_file
from pipeline.normalize.orgs import expand_abbreviation, to_nominative
from pipeline.segment import Segmentation, segment

from .conftest import accepted, gold_for, gold_pages


def _seg(path) -> Segmentation:
    return segment(clean(load_file(path)))


def _plain(name: str) -> str:
    """Quotes are optional in gold names; spacing is not significant."""
    return " ".join(re.sub(r"[„”\"«»]", " ", name).split())


def _aliases(s: Segmentation) -> dict[str, str]:
    """Abbreviations the page defines -> the nominative of their long form."""
    t = s.document.text
    return {
        a.short: _plain(to_nominative(t[a.long_start : a.long_end]).name)
        for a in abbreviation_definitions(s)
    }


def _canon(name: str, aliases: dict[str, str]) -> str:
    return aliases.get(name, _plain(name))


def _nominative(m, aliases) -> str:
    if m.surface in aliases:
        return aliases[m.surface]
    return _canon(to_nominative(m.surface, case_hint=m.case_hint).name, aliases)


def _assert_same(found, gold_entries, aliases):
    """Each gold entry (a name or a list of alternatives) matched once; nothing extra."""
    names = [_nominative(m, aliases) for m in found]
    wanted = [{_canon(a, aliases) for a in accepted(g)} for g in gold_entries]
    assert len(names) == len(wanted), (names, gold_entries)
    for alternatives in wanted:
        assert alternatives & set(names), (alternatives, names)


def _grounded(s: Segmentation, mentions):
    for m in mentions:
        assert s.document.text[m.start : m.end] == m.surface
        assert m.surface == m.surface.strip(" ,;.")
        if m.successor:
            assert m.successor[0] < m.successor[1]


PAGES = gold_pages()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_founders_match_gold(path):
    gold, s = gold_for(path), _seg(path)
    aliases = _aliases(s)
    assert len(s.sections) == len(gold["partnerships"])
    for section, partnership in zip(s.sections, gold["partnerships"], strict=True):
        found = founders(section, s)
        _grounded(s, found)
        _assert_same(found, partnership["founders"], aliases)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_founder_roles_match_gold(path):
    gold, s = gold_for(path), _seg(path)
    aliases = _aliases(s)
    for section, partnership in zip(s.sections, gold["partnerships"], strict=True):
        roles = partnership.get("founder_roles")
        if not roles:
            continue
        found = founders(section, s)
        initiators = {_nominative(m, aliases) for m in found if m.role is OrgRole.INITIATOR}
        assert initiators == {_canon(a, aliases) for a in roles["initiator"]}
        assert all(m.case_hint == "gen" for m in found if m.role is OrgRole.INITIATOR)
        others = [m for m in found if m.role is not OrgRole.INITIATOR]
        assert others and all(m.role is OrgRole.PARTNER for m in others)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_successors_match_gold(path):
    gold, s = gold_for(path), _seg(path)
    expected = {
        o["name"]: o["succeeded_by"] for o in gold.get("organizations", []) if "succeeded_by" in o
    }
    aliases = _aliases(s)
    got = {}
    for section in s.sections:
        for m in founders(section, s):
            if m.successor:
                text = s.document.text[m.successor[0] : m.successor[1]]
                got[_nominative(m, aliases)] = expand_abbreviation(text) or text
    assert got == expected


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_members_match_gold(path):
    gold, s = gold_for(path), _seg(path)
    aliases = _aliases(s)
    for section, partnership in zip(s.sections, gold["partnerships"], strict=True):
        found = members(section, s)
        _grounded(s, found)
        assert all(m.role is OrgRole.MEMBER and m.case_hint == "nom" for m in found)
        _assert_same(found, partnership.get("partners", []), aliases)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_coordinator_matches_gold(path):
    gold, s = gold_for(path), _seg(path)
    aliases = _aliases(s)
    found = page_coordinators(s) + [m for sec in s.sections for m in coordinators(sec, s)]
    _grounded(s, found)
    names = {_nominative(m, aliases) for m in found}
    if gold["coordinator"] is None:
        assert names == set()
    else:
        assert names and names <= {_canon(a, aliases) for a in accepted(gold["coordinator"])}
    for former in gold.get("former_coordinators", []):
        assert not names & {_canon(a, aliases) for a in accepted(former["organization"])}


REQUIRED_ABBREVIATIONS = {
    "praga-polnoc-partnerstwo": {
        "OPS": "Ośrodka Pomocy Społecznej Dzielnicy Praga-Północ",
        "PKI": "Fundacji „Praska Kuźnia Inicjatyw”",
        "SP 127": "Szkoła Podstawowa nr 127",
    },
    "lodz-baluty-partnerstwa": {"BCIL": "Bałuckie Centrum Inicjatyw Lokalnych"},
}


def _gold_name_groups(value):
    """Every set of names the gold says are one organization."""
    if isinstance(value, dict):
        if isinstance(value.get("name"), str) and "alternate_names" in value:
            yield {value["name"], *value["alternate_names"]}
        for v in value.values():
            yield from _gold_name_groups(v)
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            yield set(value)
        for v in value:
            yield from _gold_name_groups(v)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_abbreviation_definitions_on_gold_pages(path):
    s = _seg(path)
    t = s.document.text
    found = abbreviation_definitions(s)
    got = {a.short: t[a.long_start : a.long_end] for a in found}
    for short, long in REQUIRED_ABBREVIATIONS.get(path.stem, {}).items():
        assert got.get(short) == long
    groups = [{_plain(n) for n in g} for g in _gold_name_groups(gold_for(path))]
    for a in found:
        assert t[a.short_start : a.short_end] == a.short
        long = _plain(to_nominative(t[a.long_start : a.long_end]).name)
        assert any(a.short in g and long in g for g in groups), (a.short, long)


# ---------------------------------------------------------------------------------------
# Our own sentences
# ---------------------------------------------------------------------------------------


def _page(tmp_path, body: str, intro: str = "") -> Segmentation:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body><article><h1>Partnerstwa lokalne</h1>"
        f"{intro}<h2>Partnerstwo „Testowe”</h2>{body}</article></body></html>",
        encoding="utf-8",
    )
    s = segment(clean(load_file(path)))
    assert len(s.sections) == 1
    return s


def _founders(tmp_path, body):
    s = _page(tmp_path, body)
    found = founders(s.sections[0], s)
    _grounded(s, found)
    return [(m.surface, m.role.value, m.case_hint) for m in found]


FOUNDER_CASES = [
    (
        "<p>Partnerstwo założyli w 2015 roku Fundacja Dobre Sąsiedztwo i Miejski Ośrodek Pomocy "
        "Społecznej w Gdańsku.</p>",
        [
            ("Fundacja Dobre Sąsiedztwo", "founder", "nom"),
            ("Miejski Ośrodek Pomocy Społecznej w Gdańsku", "founder", "nom"),
        ],
    ),
    (
        "<p>W 2012 r. Ośrodek Pomocy Społecznej Dzielnicy Wola i Stowarzyszenie „Pod Wolą” "
        "zawiązały partnerstwo.</p>",
        [
            ("Ośrodek Pomocy Społecznej Dzielnicy Wola", "founder", "nom"),
            ("Stowarzyszenie „Pod Wolą”", "founder", "nom"),
        ],
    ),
    (
        "<p>Partnerstwo zostało założone przez Fundację Rozwoju Nadodrza oraz Dom Kultury "
        "„Zamek”.</p>",
        [
            ("Fundację Rozwoju Nadodrza", "founder", "acc"),
            ("Dom Kultury „Zamek”", "founder", "acc"),
        ],
    ),
    (
        "<p>Inicjatorem partnerstwa był Miejski Ośrodek Pomocy Rodzinie w Krakowie.</p>",
        [("Miejski Ośrodek Pomocy Rodzinie w Krakowie", "founder", "nom")],
    ),
    (  # residents are no organization; 'św.' stays inside the name
        "<p>Partnerstwo zawiązano w 2014 r. z inicjatywy Centrum Aktywności Lokalnej "
        "„Sąsiedzi”, Parafii św. Jana oraz aktywnych mieszkańców osiedla.</p>",
        [
            ("Centrum Aktywności Lokalnej „Sąsiedzi”", "initiator", "gen"),
            ("Parafii św. Jana", "initiator", "gen"),
        ],
    ),
    (  # 'na rzecz' inside a name; the list stops at the verb
        "<p>Z inicjatywy Rady Osiedla Wrzeszcz i Fundacji na rzecz Rozwoju Gdańska powstało "
        "partnerstwo, które działa do dziś.</p>",
        [
            ("Rady Osiedla Wrzeszcz", "initiator", "gen"),
            ("Fundacji na rzecz Rozwoju Gdańska", "initiator", "gen"),
        ],
    ),
    (
        "<p>Założycielami są: Gminny Ośrodek Kultury, Szkoła Podstawowa nr 5 im. Jana Pawła II; "
        "Koło Gospodyń Wiejskich „Razem”.</p>",
        [
            ("Gminny Ośrodek Kultury", "founder", "nom"),
            ("Szkoła Podstawowa nr 5 im. Jana Pawła II", "founder", "nom"),
            ("Koło Gospodyń Wiejskich „Razem”", "founder", "nom"),
        ],
    ),
    (
        "<p>Od samego początku do porozumienia należały również Przedszkole nr 12 i Fundacja "
        "Ad Astra.</p>",
        [("Przedszkole nr 12", "partner", "nom"), ("Fundacja Ad Astra", "partner", "nom")],
    ),
    (
        "<p>Partnerstwo jest wspólną inicjatywą Fundacji Przystań i Urzędu Miasta Sopotu, które "
        "powołały je w 2013 roku.</p>",
        [
            ("Fundacji Przystań", "initiator", "gen"),
            ("Urzędu Miasta Sopotu", "initiator", "gen"),
        ],
    ),
    (
        "<p>Partnerstwo powstało z inicjatywy Domu Kultury „Świt” we współpracy ze Strażą "
        "Miejską oraz Parafią Ewangelicką.</p>",
        [
            ("Domu Kultury „Świt”", "initiator", "gen"),
            ("Strażą Miejską", "partner", "inst"),
            ("Parafią Ewangelicką", "partner", "inst"),
        ],
    ),
    (
        "<p>Spółdzielnia Mieszkaniowa „Słoneczna” utworzyła je razem z Klubem Sportowym "
        "Orlęta.</p>",
        [
            ("Spółdzielnia Mieszkaniowa „Słoneczna”", "founder", "nom"),
            ("Klubem Sportowym Orlęta", "founder", "inst"),
        ],
    ),
    (
        "<p>Partnerstwo zostało utworzone 3 kwietnia 2017 r. przez Fundację Wspólny Dom w "
        "porozumieniu z Parafią Rzymskokatolicką św. Anny.</p>",
        [
            ("Fundację Wspólny Dom", "founder", "acc"),
            ("Parafią Rzymskokatolicką św. Anny", "founder", "inst"),
        ],
    ),
    (
        "<p>Było to pierwsze partnerstwo w gminie. Założyły je: Gminna Biblioteka Publiczna "
        "oraz Ochotnicza Straż Pożarna w Lipnie.</p>",
        [
            ("Gminna Biblioteka Publiczna", "founder", "nom"),
            ("Ochotnicza Straż Pożarna w Lipnie", "founder", "nom"),
        ],
    ),
    (
        "<p>Umowę o utworzeniu partnerstwa podpisały w 2013 roku Towarzystwo Przyjaciół "
        "Ziemi Kłodzkiej i Zespół Szkół nr 1.</p>",
        [
            ("Towarzystwo Przyjaciół Ziemi Kłodzkiej", "founder", "nom"),
            ("Zespół Szkół nr 1", "founder", "nom"),
        ],
    ),
    (  # the missing comma: a second organization head noun in the nominative
        "<table><tr><th>Nazwa</th><th>Założyciele</th></tr>"
        "<tr><td>„Testowe”</td><td>Fundacja Pomocy Dzieciom Miejska Biblioteka Publiczna, "
        "Rada Rodziców przy Gimnazjum nr 2</td></tr></table>",
        [
            ("Fundacja Pomocy Dzieciom", "founder", "nom"),
            ("Miejska Biblioteka Publiczna", "founder", "nom"),
            ("Rada Rodziców przy Gimnazjum nr 2", "founder", "nom"),
        ],
    ),
]


@pytest.mark.parametrize(("body", "expected"), FOUNDER_CASES)
def test_founders_in_other_wordings(tmp_path, body, expected):
    path = tmp_path / "page.html"
    if body.startswith("<table>"):
        path.write_text(f"<html><body><article>{body}</article></body></html>", "utf-8")
        s = segment(clean(load_file(path)))
        found = [(m.surface, m.role.value, m.case_hint) for m in founders(s.sections[0], s)]
    else:
        found = _founders(tmp_path, body)
    assert found == expected


def test_successor_span(tmp_path):
    s = _page(
        tmp_path,
        "<p>Partnerstwo powstało w 2016 r. z inicjatywy Gimnazjum nr 7 (obecnie Liceum "
        "Ogólnokształcące nr 3) i Fundacji Lepszy Start.</p>",
    )
    found = founders(s.sections[0], s)
    assert [m.surface for m in found] == ["Gimnazjum nr 7", "Fundacji Lepszy Start"]
    a, e = found[0].successor
    assert s.document.text[a:e] == "Liceum Ogólnokształcące nr 3"
    assert found[1].successor is None


NO_FOUNDERS = [
    "<p>Z inicjatywy Klubu Seniora „Złota Jesień” zorganizowano festyn.</p>",  # no founding
    "<p>Partnerstwo powstało w 2010 r. w siedzibie Ośrodka Pomocy Społecznej. Mieszkańcy "
    "osiedla zawiązali je podczas spotkania.</p>",  # a place; residents
    "<p>Partnerstwo zostało zawiązane 3 maja 2011 r. w auli Szkoły Podstawowej nr 9.</p>",
    "<p>W 2019 roku do partnerstwa przystąpiła Fundacja „Późno”.</p>",  # a later joiner
    "<p>Partnerstwo powstało z inicjatywy mieszkańców ulicy Długiej.</p>",
    "<p>Pod porozumieniem podpisało się wtedy sześć podmiotów.</p>",
    "<p>Partnerstwo zawiązało się w lutym 2020 r. dzięki Urzędowi Gminy.</p>",
]


@pytest.mark.parametrize("body", NO_FOUNDERS)
def test_no_founders(tmp_path, body):
    assert _founders(tmp_path, body) == []


def test_member_list_with_semicolons_and_missing_comma(tmp_path):
    s = _page(
        tmp_path,
        "<p>Partnerzy: Miejski Ośrodek Sportu i Rekreacji, Fundacja Orła Białego Szkoła "
        "Podstawowa nr 12; Zespół Szkół nr 3 oraz Spółdzielnia Mieszkaniowa „Jedność”.</p>",
    )
    found = members(s.sections[0], s)
    _grounded(s, found)
    assert [m.surface for m in found] == [
        "Miejski Ośrodek Sportu i Rekreacji",
        "Fundacja Orła Białego",
        "Szkoła Podstawowa nr 12",
        "Zespół Szkół nr 3",
        "Spółdzielnia Mieszkaniowa „Jedność”",
    ]


def test_member_list_items_and_coordinator_mark(tmp_path):
    s = _page(
        tmp_path,
        "<p>W skład partnerstwa wchodzą:</p><ul><li>Miejska Biblioteka Publiczna – lider,</li>"
        "<li>Fundacja „Tęcza” (koordynator),</li><li>Szkoła Podstawowa nr 8.</li></ul>",
    )
    sec = s.sections[0]
    assert [m.surface for m in members(sec, s)] == [
        "Miejska Biblioteka Publiczna",
        "Fundacja „Tęcza”",
        "Szkoła Podstawowa nr 8",
    ]
    assert [m.surface for m in coordinators(sec, s)] == ["Fundacja „Tęcza”"]


def test_list_items_without_member_intro_are_not_members(tmp_path):
    s = _page(
        tmp_path,
        "<p>Granice obszaru wyznaczają ulice:</p><ul><li>ul. Długa,</li><li>Plac Zamkowy.</li></ul>"
        "<p>Partnerzy spotykają się w Domu Kultury „Orzeł”.</p>",
    )
    assert members(s.sections[0], s) == []


COORDINATOR_CASES = [
    (
        "<p>Funkcję koordynatora pełni obecnie Dom Sąsiedzki „Pod Lipami”. Wcześniej "
        "koordynatorem był MOPS.</p>",
        ["Dom Sąsiedzki „Pod Lipami”"],
    ),
    (
        "<p>Stowarzyszenie „Nowe Podgórze” koordynuje pracę partnerstwa od 2016 roku.</p>",
        ["Stowarzyszenie „Nowe Podgórze”"],
    ),
    (
        "<p>Fundacja Wspólna Przestrzeń jest koordynatorem partnerstwa.</p>",
        ["Fundacja Wspólna Przestrzeń"],
    ),
    ("<p>Koordynatorem partnerstwa była do 2019 r. Fundacja „Nowa”.</p>", []),  # past
    ("<p>Partnerstwo wspiera Urząd Dzielnicy Mokotów.</p>", []),  # support
    (
        "<p>Koordynatorem partnerstwa jest Klub Sąsiedzki „Iskra”, prowadzony przez "
        "Stowarzyszenie Nowa Huta.</p>",
        ["Klub Sąsiedzki „Iskra”"],
    ),
]


@pytest.mark.parametrize(("body", "expected"), COORDINATOR_CASES)
def test_section_coordinators(tmp_path, body, expected):
    s = _page(tmp_path, body)
    found = coordinators(s.sections[0], s)
    _grounded(s, found)
    assert [m.surface for m in found] == expected
    assert all(m.role is OrgRole.COORDINATOR for m in found)


@pytest.mark.parametrize(
    ("intro", "expected"),
    [
        (
            "<p>Działania wszystkich pięciu partnerstw koordynuje Miejskie Centrum Wolontariatu "
            "w Lublinie.</p>",
            ["Miejskie Centrum Wolontariatu w Lublinie"],
        ),
        (
            "<p>Rolę koordynatora obu partnerstw pełni Centrum Usług Społecznych (CUS) z "
            "siedzibą przy ul. Polnej 3.</p>",
            ["Centrum Usług Społecznych"],
        ),
        ("<p>Do końca 2016 r. partnerstwa koordynował Dom Kultury Kadr.</p>", []),
        (
            "<p>Na Zabłociu działają dwa partnerstwa. Koordynuje je Fundacja „Most”, która "
            "prowadzi świetlicę.</p>",
            ["Fundacja „Most”"],
        ),
        (  # 'we coordinate': the organization the paragraph opens with
            "<p>Sądecki Dom Kultury (SDK) od lat wspiera mieszkańców. Dziś koordynujemy trzy "
            "partnerstwa lokalne.</p>",
            ["Sądecki Dom Kultury"],
        ),
        ("<p>Dziś koordynujemy trzy partnerstwa lokalne.</p>", []),
        (
            "<p>Z partnerstwami współpracuje Centrum Inicjatyw Obywatelskich (CIO).</p>",
            [],
        ),
    ],
)
def test_page_coordinators(tmp_path, intro, expected):
    s = _page(tmp_path, "<p>Partnerstwo działa od 2012 roku.</p>", intro=intro)
    assert [m.surface for m in page_coordinators(s)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<p>Partnerstwo zawiązały Miejski Ośrodek Pomocy Społecznej w Poznaniu (dalej: MOPS) "
            "oraz Centrum Inicjatyw Senioralnych (CIS).</p>",
            {
                "MOPS": "Miejski Ośrodek Pomocy Społecznej w Poznaniu",
                "CIS": "Centrum Inicjatyw Senioralnych",
            },
        ),
        (
            "<p>Umowę podpisał Zespół Szkół Ogólnokształcących nr 2 (zwany dalej „ZSO 2”).</p>",
            {"ZSO 2": "Zespół Szkół Ogólnokształcących nr 2"},
        ),
        (  # letters that are not the initials, a former name, a year: no definitions
            "<p>Fundacja Rozwoju Regionu (XYZ) i Klub „Sokół” (dawniej „Orzeł”) działają od "
            "lat (2015).</p>",
            {},
        ),
    ],
)
def test_abbreviation_definitions_in_other_wordings(tmp_path, body, expected):
    s = _page(tmp_path, body)
    t = s.document.text
    got = {a.short: t[a.long_start : a.long_end] for a in abbreviation_definitions(s)}
    assert got == expected
