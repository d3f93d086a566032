"""Street normalizer: splitting street lists and canonicalising each street."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize.streets import (
    KIND_IN_NAME,
    STREET_TYPES,
    TITLES,
    NotAStreetError,
    normalize_street,
    normalize_street_list,
    split_street_list,
)

# (item as written, name, street_type, title)
ITEMS = [
    # Warsaw (the dev corpus)
    ("Broniewskiego", "Broniewskiego", "ulica", None),
    ("Słowackiego", "Słowackiego", "ulica", None),
    ("Mickiewicza", "Mickiewicza", "ulica", None),
    ("Krasińskiego", "Krasińskiego", "ulica", None),
    ("Kondratowicza", "Kondratowicza", "ulica", None),
    ("Lindego", "Lindego", "ulica", None),
    ("Reymonta", "Reymonta", "ulica", None),
    ("Conrada", "Conrada", "ulica", None),
    ("Popiełuszki", "Popiełuszki", "ulica", None),
    ("Nocznickiego", "Nocznickiego", "ulica", None),
    ("Potockiej", "Potocka", "ulica", None),
    ("Włościańską", "Włościańska", "ulica", None),
    ("Marymoncką", "Marymoncka", "ulica", None),
    ("Wólczyńskiej", "Wólczyńska", "ulica", None),
    ("Połczyńskiej", "Połczyńska", "ulica", None),
    ("Szamockiej", "Szamocka", "ulica", None),
    ("Cierlickiej", "Cierlicka", "ulica", None),
    ("Rembielińska", "Rembielińska", "ulica", None),
    ("Bazyliańskiej", "Bazyliańska", "ulica", None),
    ("Powązkowska", "Powązkowska", "ulica", None),
    ("Targowa", "Targowa", "ulica", None),
    ("ul. Regulska", "Regulska", "ulica", None),
    ("Gen. Zajączka", "Zajączka", "ulica", "gen."),
    ("ul. gen. Sosnkowskiego", "Sosnkowskiego", "ulica", "gen."),
    ("ks. Popiełuszki", "Popiełuszki", "ulica", "ks."),
    ("ul. Księdza Jerzego Popiełuszki", "Jerzego Popiełuszki", "ulica", "ks."),
    ("al. Armii Krajowej", "Armii Krajowej", "aleja", None),
    ("al. Solidarności", "Solidarności", "aleja", None),
    ("al. Jana Pawła II", "Jana Pawła II", "aleja", None),
    ("Al. Jerozolimskie", "Jerozolimskie", "aleja", None),
    ("Alei Jerozolimskich", "Jerozolimskie", "aleja", None),
    ("Alei Ujazdowskich", "Ujazdowskie", "aleja", None),
    ("Marii Skłodowskiej-Curie", "Marii Skłodowskiej-Curie", "ulica", None),
    ("ul. Dzieci Warszawy", "Dzieci Warszawy", "ulica", None),
    ("ul. Orląt Lwowskich", "Orląt Lwowskich", "ulica", None),
    ("Trasy AK", "Trasa AK", "trasa", None),
    ("Trasą AK", "Trasa AK", "trasa", None),
    ("Trasy Łazienkowskiej", "Trasa Łazienkowska", "trasa", None),
    ("Wybrzeże Gdyńskie", "Wybrzeże Gdyńskie", "wybrzeże", None),
    ("Wybrzeżu Gdyńskim", "Wybrzeże Gdyńskie", "wybrzeże", None),
    ("ul. Wybrzeże Kościuszkowskie", "Wybrzeże Kościuszkowskie", "wybrzeże", None),
    ("Placu Wilsona", "plac Wilsona", "plac", None),
    ("pl. Wilsona", "plac Wilsona", "plac", None),
    ("Placu Bankowego", "plac Bankowy", "plac", None),
    ("Placu Słowackiego", "plac Słowackiego", "plac", None),  # a surname, not 'słowacki'
    ("Ronda ONZ", "rondo ONZ", "rondo", None),
    ("rondo Dmowskiego", "rondo Dmowskiego", "rondo", None),
    ("os. Tysiąclecia", "osiedle Tysiąclecia", "osiedle", None),
    ("Nowym Świecie", "Nowy Świat", "ulica", None),
    ("ul. Brzeska 12", "Brzeska", "ulica", None),
    ("ul. 11 Listopada 12/14", "11 Listopada", "ulica", None),
    ("ul. Marszałkowska nr 7a", "Marszałkowska", "ulica", None),
    ("al. marsz. Józefa Piłsudskiego", "Józefa Piłsudskiego", "aleja", "marsz."),
    ("ul. Kard. Wyszyńskiego", "Wyszyńskiego", "ulica", "kard."),
    ("ul.Potockiej", "Potocka", "ulica", None),
    ("ulicami Potocką", "Potocka", "ulica", None),
    ("ul. potockiej", "Potocka", "ulica", None),
    ("Zapolskiej", "Zapolskiej", "ulica", None),  # only a surname in the dictionary
    # Łódź
    ("Zgierską", "Zgierska", "ulica", None),
    ("Aleksandrowską", "Aleksandrowska", "ulica", None),
    ("Wojska Polskiego", "Wojska Polskiego", "ulica", None),
    ("Limanowskiego", "Limanowskiego", "ulica", None),
    ("ul. Piotrkowska 104", "Piotrkowska", "ulica", None),
    ("al. Kościuszki", "Kościuszki", "aleja", None),
    # Kraków
    ("ul. Floriańska", "Floriańska", "ulica", None),
    ("Rynku Głównego", "Rynek Główny", "rynek", None),
    ("al. Mickiewicza", "Mickiewicza", "aleja", None),
    ("ul. Świętego Jana", "Jana", "ulica", "św."),
    # Gdańsk
    ("ul. Długiej", "Długa", "ulica", None),
    ("al. Grunwaldzką", "Grunwaldzka", "aleja", None),
    ("ul. Mariacką", "Mariacka", "ulica", None),
    # Wrocław
    ("ul. Świdnickiej", "Świdnicka", "ulica", None),
    ("Placu Grunwaldzkim", "plac Grunwaldzki", "plac", None),
    ("Mostem Grunwaldzkim", "most Grunwaldzki", "most", None),
    # Poznań
    ("ul. Półwiejską", "Półwiejska", "ulica", None),
    ("ul. Święty Marcin", "Święty Marcin", "ulica", None),  # nominative: a name, no title
    ("os. Rusa", "osiedle Rusa", "osiedle", None),
]


@pytest.mark.parametrize(("surface", "name", "street_type", "title"), ITEMS)
def test_item(surface: str, name: str, street_type: str, title: str | None) -> None:
    s = normalize_street(surface)
    assert (s.name, s.street_type, s.title) == (name, street_type, title)
    assert s.certain
    assert surface[s.start : s.end] == s.surface


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Brzozodolskiej", "Brzozodolska"),  # unknown to Morfeusz: the ending rule
        ("Brzozodolską", "Brzozodolska"),
        ("Kwiatoszowej", "Kwiatoszowa"),
        ("Zielonoborskiej", "Zielonoborska"),
        ("Gniazdowniej", "Gniazdownia"),
        ("ul. Ogarna", "Ogarna"),  # Gdańsk; unknown, already nominative
    ],
)
def test_unknown_adjective_falls_back_and_is_uncertain(surface: str, name: str) -> None:
    s = normalize_street(surface)
    assert s.name == name
    assert not s.certain


def test_default_type_is_used_without_type_word() -> None:
    s = normalize_street("Armii Krajowej", default_type="aleja")
    assert (s.name, s.street_type) == ("Armii Krajowej", "aleja")
    assert normalize_street("ul. Targowa", default_type="aleja").street_type == "ulica"
    with pytest.raises(ValueError):
        normalize_street("Targowa", default_type="autostrada")


@pytest.mark.parametrize("junk", ["ul.", "Gen.", "ul. 12", " , ", "Placu", "03-737 Warszawa", "…"])
def test_junk_item_raises(junk: str) -> None:
    with pytest.raises(NotAStreetError):
        normalize_street(junk)


def _names(text: str) -> list[str]:
    return [s.name for s in normalize_street_list(text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Broniewskiego/Krasińskiego/Powązkowska/ al. Armii Krajowej.\u00a0\u00a0 Zapraszamy!",
            ["Broniewskiego", "Krasińskiego", "Powązkowska", "Armii Krajowej"],
        ),
        (
            "Krajewskiego, Gen. Zajączka, Mickiewicza, Mierosławskiego, Czarnieckiego, "
            "Krasińskiego, Wybrzeże Gdyńskie.",
            [
                "Krajewskiego",
                "Zajączka",
                "Mickiewicza",
                "Mierosławskiego",
                "Czarnieckiego",
                "Krasińskiego",
                "Wybrzeże Gdyńskie",
            ],
        ),
        (
            "Mickiewicza, Trasy AK, Słowackiego, Potockiej, w tym Park Kaskada.",
            ["Mickiewicza", "Trasa AK", "Słowackiego", "Potocka"],
        ),
        (
            "Włościańską, Słowackiego, Popiełuszki i Broniewskiego.",
            ["Włościańska", "Słowackiego", "Popiełuszki", "Broniewskiego"],
        ),
        (
            "Marymoncką, Żeromskiego, Kasprowicza i Lindego. Najważniejsze wspólne przedsięwzięcia",
            ["Marymoncka", "Żeromskiego", "Kasprowicza", "Lindego"],
        ),
        (
            "Kondratowicza – Rembielińska – Wysockiego – Bazyliańska.",
            ["Kondratowicza", "Rembielińska", "Wysockiego", "Bazyliańska"],
        ),
        (
            "al. Solidarności, ul. Targowa, ul. Ząbkowska, ul. Inżynierska. Swoim zasięgiem",
            ["Solidarności", "Targowa", "Ząbkowska", "Inżynierska"],
        ),
        (
            "Zgierska - Limanowskiego oraz Wojska Polskiego",
            ["Zgierska", "Limanowskiego", "Wojska Polskiego"],
        ),
        ("Piotrkowska a Kościuszki", ["Piotrkowska", "Kościuszki"]),
        ("Targowa\u00a0i\u00a0Ząbkowska", ["Targowa", "Ząbkowska"]),
        ("Targowa;\nZąbkowska\n— Okrzei", ["Targowa", "Ząbkowska", "Okrzei"]),
        ("ograniczony ulicami: Broniewskiego, Krasińskiego", ["Broniewskiego", "Krasińskiego"]),
        ("Zgierską (od nr 5 do 40), Limanowskiego", ["Zgierska", "Limanowskiego"]),
        ("Zgierską, Limanowskiego) i dalej Okólną", ["Zgierska", "Limanowskiego"]),
        ("ul. J. Kilińskiego, ul. Długa", ["J. Kilińskiego", "Długa"]),
        ("ul. Brzeska 12, 03-737 Warszawa", ["Brzeska"]),
        ("ul. Regulska,", ["Regulska"]),
        ("ul. Orląt Lwowskich.", ["Orląt Lwowskich"]),
        ("Połczyńskiej", ["Połczyńska"]),
        ("  \u00a0", []),
        ("", []),
    ],
)
def test_list(text: str, names: list[str]) -> None:
    assert _names(text) == names


def test_list_spans_are_exact_and_stripped() -> None:
    text = "ulicami:\u00a0 Gen. Zajączka /  al. Armii Krajowej – Trasy AK i Placu Wilsona."
    streets = normalize_street_list(text)
    assert [s.surface for s in streets] == [
        "Gen. Zajączka",
        "al. Armii Krajowej",
        "Trasy AK",
        "Placu Wilsona",
    ]
    for s in streets:
        assert text[s.start : s.end] == s.surface
    assert split_street_list(text)[0] == (0, len("ulicami"))


def test_li_item_with_trailing_punctuation() -> None:
    for text, surface in [("ul. Regulska,", "ul. Regulska"), ("ul. Dzieci Warszawy.", None)]:
        s = normalize_street(text)
        assert s.surface == (surface or text[:-1])
        assert (s.start, s.end) == (0, len(s.surface))


def test_dot_after_abbreviation_or_initial_does_not_end_list() -> None:
    assert split_street_list("ul. J. Słowackiego. Dalej") == [(0, len("ul. J. Słowackiego"))]
    assert split_street_list("pl. Wilsona") == [(0, 11)]


def test_resources_cover_contract_forms() -> None:
    for form in [
        "ul.",
        "ul",
        "ulica",
        "ulicy",
        "ulicę",
        "al.",
        "aleja",
        "alei",
        "aleję",
        "Al.",
        "pl.",
        "plac",
        "placu",
        "rondo",
        "ronda",
        "trasa",
        "trasy",
        "wybrzeże",
        "wybrzeża",
        "skwer",
        "skweru",
        "bulwar",
        "os.",
        "osiedle",
    ]:
        assert form in STREET_TYPES, form
    assert STREET_TYPES["Placu"] == "plac" and STREET_TYPES["ul"] == "ulica"
    assert TITLES["Gen."] == TITLES["generała"] == "gen."
    assert TITLES["księdza"] == "ks." and TITLES["Świętej"] == "św."
    assert KIND_IN_NAME["ulica"] is None and KIND_IN_NAME["plac"] == "plac"
    assert "Króla".lower() not in {t.lower() for t in TITLES}


# --- properties --------------------------------------------------------------------------

_TYPE_OR_TITLE = {k.lower() for k in STREET_TYPES} | {k.lower() for k in TITLES}
_KEPT = {v.lower() for v in KIND_IN_NAME.values() if v}
_POLISH = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ"
_word = st.text(_POLISH, min_size=1, max_size=12)
_piece = st.one_of(
    _word,
    st.sampled_from([*STREET_TYPES, *TITLES, "Potockiej", "Armii", "Krajowej", "12", "7a"]),
    st.sampled_from(
        [
            ",",
            ";",
            "/",
            " – ",
            " - ",
            " i ",
            " oraz ",
            " a ",
            ".",
            "(",
            ")",
            "\n",
            "\u00a0",
            "12/14",
            "-",
            ":",
            "…",
            "„",
            "”",
            " ",
        ]
    ),
)
_polishish = st.lists(_piece, max_size=14).map(" ".join)


def _check(text: str) -> None:
    for s in normalize_street_list(text):
        assert s.name.strip() and s.name == s.name.strip()
        first = s.name.split()[0].lower()
        assert first not in _TYPE_OR_TITLE or first in _KEPT, s
        assert text[s.start : s.end] == s.surface
        assert s.surface == s.surface.strip()
        assert s.street_type in KIND_IN_NAME


@settings(max_examples=400, deadline=None)
@given(_polishish)
def test_property_polishish_lists(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_property_any_text(text: str) -> None:
    _check(text)


def test_a_lower_case_word_after_a_title_is_no_street():
    import pytest as _pytest

    from pipeline.normalize.streets import NotAStreetError, normalize_street

    with _pytest.raises(NotAStreetError):
        normalize_street("Abp Adm w 1890 roku")
    assert normalize_street("gen. Andersa").name == "Andersa"
