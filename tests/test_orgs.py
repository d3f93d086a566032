"""Organization names back to the nominative; abbreviations; 'does this name an organization'."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalize.orgs import (
    ABBREVIATIONS,
    ORG_HEADS,
    OrgName,
    expand_abbreviation,
    looks_like_org,
    to_nominative,
)

# (surface, expected nominative, head lemma, case the surface was in)
NOMINATIVE = [
    (
        "Wypożyczalnią nr 111 Biblioteki Publicznej dla Dzielnicy Żoliborz",
        "Wypożyczalnia nr 111 Biblioteki Publicznej dla Dzielnicy Żoliborz",
        "wypożyczalnia",
        "inst",
    ),
    (
        "Specjalnym Ośrodkiem Szkolno - Wychowawczym nr 9",
        "Specjalny Ośrodek Szkolno-Wychowawczy nr 9",
        "ośrodek",
        "inst",
    ),
    ("Miejskim Przedszkolem nr 87", "Miejskie Przedszkole nr 87", "przedszkole", "inst"),
    ("Polskim Związkiem Wędkarskim", "Polski Związek Wędkarski", "związek", "inst"),
    ("Ośrodka Pomocy Społecznej", "Ośrodek Pomocy Społecznej", "ośrodek", "gen"),
    (
        "Ośrodka Pomocy Społecznej Dzielnicy Praga-Północ",
        "Ośrodek Pomocy Społecznej Dzielnicy Praga-Północ",
        "ośrodek",
        "gen",
    ),
    (
        "Zakładem Gospodarowania Nieruchomościami dla Dzielnicy Bemowo",
        "Zakład Gospodarowania Nieruchomościami dla Dzielnicy Bemowo",
        "zakład",
        "inst",
    ),
    ("Stowarzyszenia BORIS", "Stowarzyszenie BORIS", "stowarzyszenie", "gen"),
    ("Ogniskiem Praga", "Ognisko Praga", "ognisko", "inst"),
    ("Burmistrza Dzielnicy Wola", "Burmistrz Dzielnicy Wola", "burmistrz", "gen"),
    ("Klubu Sąsiedzkiego „Pod Kasztanami”", "Klub Sąsiedzki „Pod Kasztanami”", "klub", "gen"),
    (
        "Uniwersytetu Trzeciego Wieku „Aktywni Seniorzy”",
        "Uniwersytet Trzeciego Wieku „Aktywni Seniorzy”",
        "uniwersytet",
        "gen",
    ),
    (
        "Fundacją „Przestrzeń dla Sąsiadów”",
        "Fundacja „Przestrzeń dla Sąsiadów”",
        "fundacja",
        "inst",
    ),
    ("Fundacji Rozwoju Teofilowa", "Fundacja Rozwoju Teofilowa", "fundacja", "gen"),
    (
        "Rada Rodziców przy Szkole Podstawowej nr 137",
        "Rada Rodziców przy Szkole Podstawowej nr 137",
        "rada",
        "nom",
    ),
    (
        "Spółdzielni Mieszkaniowej „Wrzos”",
        "Spółdzielnia Mieszkaniowa „Wrzos”",
        "spółdzielnia",
        "gen",
    ),
    ("Szkoły Podstawowej nr 421", "Szkoła Podstawowa nr 421", "szkoła", "gen"),
    ("Gimnazjum nr 55", "Gimnazjum nr 55", "gimnazjum", "nom"),
    (
        "Przedszkola nr 385 „Leśne Skrzaty”",
        "Przedszkole nr 385 „Leśne Skrzaty”",
        "przedszkole",
        "gen",
    ),
    (
        "Bielańskiego Centrum Integracji Społecznej",
        "Bielańskie Centrum Integracji Społecznej",
        "centrum",
        "gen",
    ),
    ("Ursuskiej Sieci Sąsiedzkiej", "Ursuska Sieć Sąsiedzka", "sieć", "gen"),
    (
        "Bałuckiego Centrum Inicjatyw Lokalnych",
        "Bałuckie Centrum Inicjatyw Lokalnych",
        "centrum",
        "gen",
    ),
    (
        "Stowarzyszenie Mieszkańców Osiedla Niedźwiadek",
        "Stowarzyszenie Mieszkańców Osiedla Niedźwiadek",
        "stowarzyszenie",
        "nom",
    ),
    (
        "Stowarzyszeniem Mieszkańców Osiedla Niedźwiadek",
        "Stowarzyszenie Mieszkańców Osiedla Niedźwiadek",
        "stowarzyszenie",
        "inst",
    ),
    # more cities and institution types
    (
        "Biblioteki Publicznej Dzielnicy Żoliborz",
        "Biblioteka Publiczna Dzielnicy Żoliborz",
        "biblioteka",
        "gen",
    ),
    ("Ochotniczej Straży Pożarnej w Wawrze", "Ochotnicza Straż Pożarna w Wawrze", "straż", "gen"),
    ("Warsztatami Terapii Zajęciowej", "Warsztaty Terapii Zajęciowej", "warsztaty", "inst"),
    ("Młodzieżowym Domem Kultury „Bielany”", "Młodzieżowy Dom Kultury „Bielany”", "dom", "inst"),
    ("Zespołem Szkolno-Przedszkolnym nr 3", "Zespół Szkolno-Przedszkolny nr 3", "zespół", "inst"),
    (
        "Stołecznym Centrum Opiekuńczo - Leczniczym",
        "Stołeczne Centrum Opiekuńczo-Lecznicze",
        "centrum",
        "inst",
    ),
    ("Kołem Gospodyń Wiejskich w Wilkowie", "Koło Gospodyń Wiejskich w Wilkowie", "koło", "inst"),
    (
        "Komendą Rejonową Policji Warszawa IV",
        "Komenda Rejonowa Policji Warszawa IV",
        "komenda",
        "inst",
    ),
    (
        "Parafią Rzymskokatolicką pw. św. Anny",
        "Parafia Rzymskokatolicka pw. św. Anny",
        "parafia",
        "inst",
    ),
    ("Towarzystwem Przyjaciół Dzieci", "Towarzystwo Przyjaciół Dzieci", "towarzystwo", "inst"),
    (
        "Miejską Biblioteką Publiczną im. Juliana Tuwima w Łodzi",
        "Miejska Biblioteka Publiczna im. Juliana Tuwima w Łodzi",
        "biblioteka",
        "inst",
    ),
    ("Domu Pomocy Społecznej „Leonia”", "Dom Pomocy Społecznej „Leonia”", "dom", "gen"),
    ("Prezydentem Miasta Krakowa", "Prezydent Miasta Krakowa", "prezydent", "inst"),
    ("Wolskiego Centrum Kultury", "Wolskie Centrum Kultury", "centrum", "gen"),
    (
        "Caritasem Archidiecezji Warszawskiej",
        "Caritas Archidiecezji Warszawskiej",
        "Caritas",
        "inst",
    ),
    (
        "Teatrem Powszechnym im. Zygmunta Hübnera",
        "Teatr Powszechny im. Zygmunta Hübnera",
        "teatr",
        "inst",
    ),
    ("Klubem Sportowym Polonia Warszawa", "Klub Sportowy Polonia Warszawa", "klub", "inst"),
    (
        "Poradnią Psychologiczno-Pedagogiczną nr 5",
        "Poradnia Psychologiczno-Pedagogiczna nr 5",
        "poradnia",
        "inst",
    ),
    (
        "Liceum Ogólnokształcącym im. Stefana Batorego",
        "Liceum Ogólnokształcące im. Stefana Batorego",
        "liceum",
        "inst",
    ),
    ("Politechniką Łódzką", "Politechnika Łódzka", "politechnika", "inst"),
    ("Uniwersytetem Łódzkim", "Uniwersytet Łódzki", "uniwersytet", "inst"),
    ("Świetlicą Środowiskową „Promyk”", "Świetlica Środowiskowa „Promyk”", "świetlica", "inst"),
    ("Bankiem Żywności w Łodzi", "Bank Żywności w Łodzi", "bank", "inst"),
    ("Hufcem ZHP Warszawa-Mokotów", "Hufiec ZHP Warszawa-Mokotów", "hufiec", "inst"),
    (
        "Mokotowskim Stowarzyszeniem Sąsiedzkim",
        "Mokotowskie Stowarzyszenie Sąsiedzkie",
        "stowarzyszenie",
        "inst",
    ),
    (
        "Wrocławskim Centrum Rozwoju Społecznego",
        "Wrocławskie Centrum Rozwoju Społecznego",
        "centrum",
        "inst",
    ),
    (
        "Gdańską Fundacją Innowacji Społecznej",
        "Gdańska Fundacja Innowacji Społecznej",
        "fundacja",
        "inst",
    ),
    (
        "Tarchomińskiego Stowarzyszenia Kultury",
        "Tarchomińskie Stowarzyszenie Kultury",
        "stowarzyszenie",
        "gen",
    ),
    ("Warszawskich Zakładów Mięsnych", "Warszawskie Zakłady Mięsne", "zakład", "gen"),
    ("Żłobkiem Miejskim nr 2", "Żłobek Miejski nr 2", "żłobek", "inst"),
    ("Filią nr 3 Wypożyczalni", "Filia nr 3 Wypożyczalni", "filia", "inst"),
    ("Radą Seniorów Dzielnicy Ursynów", "Rada Seniorów Dzielnicy Ursynów", "rada", "inst"),
    ("Zgromadzeniem Sióstr Felicjanek", "Zgromadzenie Sióstr Felicjanek", "zgromadzenie", "inst"),
    (
        "Szkołą Podstawową z Oddziałami Integracyjnymi nr 1",
        "Szkoła Podstawowa z Oddziałami Integracyjnymi nr 1",
        "szkoła",
        "inst",
    ),
    ("Szkoły nr 5", "Szkoła nr 5", "szkoła", "gen"),  # singular beats the plural nominative
    (
        "Grupą nieformalną Sąsiedzi z Jelonek",  # not an org head: the first common noun
        "Grupa nieformalna Sąsiedzi z Jelonek",
        "grupa",
        "inst",
    ),
]


@pytest.mark.parametrize(("surface", "expected", "lemma", "case"), NOMINATIVE)
def test_to_nominative(surface: str, expected: str, lemma: str, case: str) -> None:
    out = to_nominative(surface)
    assert isinstance(out, OrgName)
    assert out.name == expected
    assert out.surface == surface
    assert out.head_lemma == lemma
    assert out.case == case
    assert out.certain


@pytest.mark.parametrize(("surface", "_expected", "_lemma", "_case"), NOMINATIVE)
def test_idempotent(surface: str, _expected: str, _lemma: str, _case: str) -> None:
    once = to_nominative(surface).name
    again = to_nominative(once)
    assert again.name == once
    assert again.case in ("nom", None) or again.name == once


@pytest.mark.parametrize(
    ("surface", "hint", "expected", "case"),
    [
        ("Fundacji", "dat", "Fundacja", "dat"),
        ("Fundacji", "loc", "Fundacja", "loc"),
        ("Fundacji", None, "Fundacja", "gen"),  # gen is the likeliest of gen/dat/loc
        ("Sieci Sąsiedzkiej", "loc", "Sieć Sąsiedzka", "loc"),
        ("Stowarzyszeniu Przyjaciół Szkoły", "dat", "Stowarzyszenie Przyjaciół Szkoły", "dat"),
        ("Gimnazjum nr 55", "gen", "Gimnazjum nr 55", "gen"),
        ("Centrum Kultury Wilanów", "inst", "Centrum Kultury Wilanów", "inst"),
        ("Centrum Kultury Wilanów", None, "Centrum Kultury Wilanów", "nom"),
        # a wrong hint never turns the nominative 'Rada' into the surname 'Rado'
        ("Rada Rodziców", "gen", "Rada Rodziców", "nom"),
        ("Ośrodka Pomocy Społecznej", "inst", "Ośrodek Pomocy Społecznej", "gen"),
    ],
)
def test_case_hint(surface: str, hint: str | None, expected: str, case: str) -> None:
    out = to_nominative(surface, case_hint=hint)
    assert (out.name, out.case) == (expected, case)


def test_unknown_case_hint_is_an_error() -> None:
    with pytest.raises(ValueError):
        to_nominative("Fundacji", case_hint="genitive")


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("OŚRODKA POMOCY SPOŁECZNEJ", "OŚRODEK POMOCY SPOŁECZNEJ"),  # ALL-CAPS stays ALL-CAPS
        ("spółdzielni mieszkaniowej", "spółdzielnia mieszkaniowa"),  # lower case stays lower
        ("Szkoły podstawowej nr 5", "Szkoła podstawowa nr 5"),
        ("Fundacji „FUNDACJI”", "Fundacja „FUNDACJI”"),  # the quoted part is never touched
    ],
)
def test_capitalization_preserved(surface: str, expected: str) -> None:
    assert to_nominative(surface).name == expected


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Ośrodkiem\u00a0Pomocy   Społecznej", "Ośrodek Pomocy Społecznej"),
        ("  Fundacją\t„Przestrzeń dla Sąsiadów” ", "Fundacja „Przestrzeń dla Sąsiadów”"),
        ("Zespołem Szkolno -Przedszkolnym", "Zespół Szkolno-Przedszkolny"),
        # a dash between nouns is not a broken compound adjective
        ("Ośrodkiem Pomocy Społecznej - Praga", "Ośrodek Pomocy Społecznej - Praga"),
    ],
)
def test_whitespace_and_hyphens(surface: str, expected: str) -> None:
    assert to_nominative(surface).name == expected


@pytest.mark.parametrize(
    ("surface", "expected", "certain", "lemma"),
    [
        ("OPS-em Targówek", "OPS Targówek", True, "ośrodek"),  # case ending of an acronym dropped
        ("ZGN", "ZGN", True, "zakład"),
        ("BCIL", "BCIL", False, None),  # an unknown acronym: nominative, but unverified
        ("BORIS Stowarzyszeniem", "BORIS Stowarzyszenie", False, "stowarzyszenie"),
        ("1. Fundacją X", "1. Fundacja X", False, "fundacja"),  # head found by the fallback
        ("„Przestrzeń”", "„Przestrzeń”", False, None),
        ("Xyzzyqw Plumbob", "Xyzzyqw Plumbob", False, None),
    ],
)
def test_uncertain_and_acronyms(
    surface: str, expected: str, certain: bool, lemma: str | None
) -> None:
    out = to_nominative(surface)
    assert (out.name, out.certain, out.head_lemma) == (expected, certain, lemma)


def test_empty() -> None:
    out = to_nominative("")
    assert out.name == "" and out.head_lemma is None and not out.certain


@pytest.mark.parametrize(
    "surface",
    [
        "BCIL",
        "ZGN Targówek",
        "Fundacja X",
        "OPS-u",
        "MOSiR",
        "Szkoła Podstawowa nr 5",
        "Ursuska Sieć Sąsiedzka",
        "Rada Osiedla",
        "Caritas",
        "DOM KULTURY",
        "Bałuckie Centrum Inicjatyw Lokalnych",
        "Polski Związek Wędkarski",
        "Komisariat Policji",
        "Ochotnicza Straż Pożarna",
        "Miejska Biblioteka Publiczna",
    ],
)
def test_looks_like_org(surface: str) -> None:
    assert looks_like_org(surface)


@pytest.mark.parametrize(
    "surface",
    [
        "mieszkańcy",
        "aktywni mieszkańcy",
        "Park Kaskada",
        "osiedle Wrzeciono",
        "KRS",
        "II",
        "NIP",
        "szkoła",
        "Dzielnica Wola",
        "Jan Kowalski",
        "mieszkańcy Szkoły",
        "Plac Zabaw",
        "",
        "„Pod Kasztanami”",
    ],
)
def test_not_an_org(surface: str) -> None:
    assert not looks_like_org(surface)


def test_page_defined_abbreviation() -> None:
    defined = {"BCIL": "Bałuckie Centrum Inicjatyw Lokalnych"}
    assert (
        expand_abbreviation("BCIL", abbreviations=defined) == "Bałuckie Centrum Inicjatyw Lokalnych"
    )
    assert expand_abbreviation("BCIL") is None
    assert looks_like_org("Bcil", abbreviations={"Bcil": "x"})


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("SP nr 84", "Szkoła Podstawowa nr 84"),
        ("SP 127", "Szkoła Podstawowa 127"),  # the number is kept as written, no 'nr' invented
        ("OPS Targówek", "Ośrodek Pomocy Społecznej Targówek"),
        ("ZGN", "Zakład Gospodarowania Nieruchomościami"),
        (
            "ZGN-em dla Dzielnicy Bemowo",
            "Zakład Gospodarowania Nieruchomościami dla Dzielnicy Bemowo",
        ),
        ("MOSiR-u", "Miejski Ośrodek Sportu i Rekreacji"),
        ("SOSW nr 9", "Specjalny Ośrodek Szkolno-Wychowawczy nr 9"),
        ("MDK", "Młodzieżowy Dom Kultury"),
        ("UTW", "Uniwersytet Trzeciego Wieku"),
        ("OSP", "Ochotnicza Straż Pożarna"),
        ("MBP", "Miejska Biblioteka Publiczna"),
        ("Fundacja X", None),
        ("XYZ", None),
        ("KRS", None),
        ("", None),
    ],
)
def test_expand_abbreviation(surface: str, expected: str | None) -> None:
    assert expand_abbreviation(surface) == expected


def test_resources_loaded() -> None:
    for lemma in (
        "ośrodek",
        "stowarzyszenie",
        "fundacja",
        "szkoła",
        "zakład",
        "wypożyczalnia",
        "przedszkole",
        "burmistrz",
        "ognisko",
        "caritas",
        "komenda",
        "kuratorium",
    ):
        assert lemma in ORG_HEADS
    assert not {"gmina", "park", "osiedle", "mieszkaniec"} & ORG_HEADS
    assert ABBREVIATIONS["OPS"] == "Ośrodek Pomocy Społecznej"
    assert ABBREVIATIONS["CAL"] == "Centrum Aktywności Lokalnej"
    assert "KRS" not in ABBREVIATIONS


def test_every_abbreviation_expands_to_a_nominative_org() -> None:
    for abbr, expansion in ABBREVIATIONS.items():
        assert looks_like_org(expansion), abbr
        assert to_nominative(expansion).name == expansion, abbr


_POLISHISH = st.text(
    alphabet="aąbcćdeęfghijklłmnńoóprsśtuwyzźż"
    + "AĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ"
    + '0123456789 -„”".,()\u00a0',
    max_size=60,
)
_WORDS = st.lists(
    st.sampled_from(
        [
            "Fundacji",
            "Ośrodka",
            "Pomocy",
            "Społecznej",
            "nr",
            "12",
            "„",
            "”",
            "dla",
            "Dzielnicy",
            "Miejskim",
            "Szkolno",
            "-",
            "Wychowawczym",
            "Bałuckiego",
            "OPS-u",
            "BORIS",
            "Trzeciego",
            "Wieku",
            "Przedszkolem",
            "z",
            "im.",
            "Rady",
        ]
    ),
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_POLISHISH, _WORDS), st.sampled_from([None, "gen", "inst", "dat", "nom"]))
def test_never_raises(surface: str, hint: str | None) -> None:
    out = to_nominative(surface, case_hint=hint)
    assert out.surface == surface
    if surface.strip():
        assert out.name.strip()
        assert out.name == " ".join(out.name.split())
    looks_like_org(surface)
    expand_abbreviation(surface)
