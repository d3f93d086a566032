"""Tests for pipeline.normalize.dates: Polish date expressions -> ISO values with spans."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.morphology import Reading
from pipeline.normalize import dates
from pipeline.normalize.dates import (
    DateMention,
    DateValue,
    Precision,
    find_dates,
    month_number,
    parse_date,
)

Y, M, D = Precision.YEAR, Precision.MONTH, Precision.DAY
NBSP = "\u00a0"


def only(text: str) -> DateMention:
    mentions = find_dates(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --------------------------------------------------------------------------- positives

# (text, expected iso, expected precision, expected span text)
FIND_CASES = [
    # years
    ("Stowarzyszenie działa na Woli w 2011 roku i później.", "2011", Y, "w 2011 roku"),
    ("Klub sąsiedzki otwarto w 2011 r. przy ul. Górczewskiej.", "2011", Y, "w 2011 r."),
    ("Rada osiedla działa od 2009 roku.", "2009", Y, "od 2009 roku"),
    ("Projekt finansowano do 2016 r. ze środków miasta.", "2016", Y, "do 2016 r."),
    ("Sieć powstała jesienią 2016 roku w Gdańsku.", "2016", Y, "jesienią 2016 roku"),
    ("Pierwsze spotkanie odbyło się latem 2015 na Jeżycach.", "2015", Y, "latem 2015"),
    ("Wiosną 2014 r. dołączyła biblioteka.", "2014", Y, "Wiosną 2014 r."),
    ("Zimą 2013 zorganizowano kiermasz.", "2013", Y, "Zimą 2013"),
    ("Forum zawiązano na początku 2010 roku w Lublinie.", "2010", Y, "na początku 2010 roku"),
    ("Koordynatorem był ośrodek do końca 2014 r., potem fundacja.", "2014", Y, "do końca 2014 r."),
    ("Umowę podpisano w roku 2012 w Toruniu.", "2012", Y, "w roku 2012"),
    ("rok 2007 – pierwsze spotkanie w Opolu", "2007", Y, "rok 2007"),
    ("Gmina przystąpiła do sieci w połowie 2012 r.", "2012", Y, "w połowie 2012 r."),
    ("Od 2015r. koordynuje je dom kultury.", "2015", Y, "Od 2015r."),
    ("Było to przed 2010 rokiem na Ochocie.", "2010", Y, "przed 2010 rokiem"),
    ("Rok założenia: 2008", "2008", Y, "2008"),
    ("Klub Seniora (2011) w Rzeszowie", "2011", Y, "2011"),
    ("Mokotowska Sieć Sąsiedzka działa od 2009 i wciąż rośnie.", "2009", Y, "od 2009"),
    # month + year, month names in many cases
    ("Partnerstwo na Mokotowie powstało w maju 2013 roku.", "2013-05", M, "w maju 2013 roku"),
    ("Spotkanie zwołano we wrześniu 2014 r. w Bydgoszczy.", "2014-09", M, "we wrześniu 2014 r."),
    (
        "Sieć zawiązano w październiku 2014 z inicjatywy biblioteki.",
        "2014-10",
        M,
        "w październiku 2014",
    ),
    (
        "W listopadzie 2013 roku w Krakowie odbyło się forum.",
        "2013-11",
        M,
        "W listopadzie 2013 roku",
    ),
    ("Program działa od stycznia 2019 r. w Tychach.", "2019-01", M, "od stycznia 2019 r."),
    ("Nabór trwa do lutego 2020 w Sopocie.", "2020-02", M, "do lutego 2020"),
    ("maj 2013", "2013-05", M, "maj 2013"),
    ("Rada zebrała się w lutym 2020 r., tuż przed pandemią.", "2020-02", M, "w lutym 2020 r."),
    ("Pod koniec roku, a dokładniej majem 2013 się nie kończy", "2013-05", M, "majem 2013"),
    ("Wizyta w Kielcach (czerwiec 2016).", "2016-06", M, "czerwiec 2016"),
    ("w sierpniu 2021 r. w Elblągu", "2021-08", M, "w sierpniu 2021 r."),
    ("GRUDZIEŃ 2018", "2018-12", M, "GRUDZIEŃ 2018"),
    ("III 2012", "2012-03", M, "III 2012"),
    ("Termin: XI 2019 r.", "2019-11", M, "XI 2019 r."),
    ("03.2012", "2012-03", M, "03.2012"),
    ("Aktualizacja: 03/2012", "2012-03", M, "03/2012"),
    # full dates
    (
        "Porozumienie w Białymstoku podpisano 12 marca 2015 r. w ratuszu.",
        "2015-03-12",
        D,
        "12 marca 2015 r.",
    ),
    ("Sieć zawiązano 5 czerwca 2012 roku w Gnieźnie.", "2012-06-05", D, "5 czerwca 2012 roku"),
    ("Stan na 1 marca 2024 r.", "2024-03-01", D, "na 1 marca 2024 r."),
    ("Zespół na Bemowie zawiązano 22.10.2010 r. w klubie.", "2010-10-22", D, "22.10.2010 r."),
    ("data: 22.10.2010", "2010-10-22", D, "22.10.2010"),
    ("opublikowano 2010-10-22", "2010-10-22", D, "2010-10-22"),
    ("Uchwałę podjęto dnia 3 maja 2019 w Radomiu.", "2019-05-03", D, "dnia 3 maja 2019"),
    ("Stan na dzień 30 czerwca 2018 r.", "2018-06-30", D, "30 czerwca 2018 r."),
    ("Opublikowano: 10 marzec 2025", "2025-03-10", D, "10 marzec 2025"),
    ("Wpis z 3 V 2019 r. o festynie", "2019-05-03", D, "z 3 V 2019 r."),
    ("pon., 05.09.2016 - 10:12", "2016-09-05", D, "05.09.2016"),
    (
        "z dniem 1 stycznia 2020 r. zmienia się koordynator",
        "2020-01-01",
        D,
        "z dniem 1 stycznia 2020 r.",
    ),
    ("22. 10. 2010 r.", "2010-10-22", D, "22. 10. 2010 r."),
    ("29.02.2020", "2020-02-29", D, "29.02.2020"),
    ("w dniu 14 września 2016 r. w Nowej Hucie", "2016-09-14", D, "w dniu 14 września 2016 r."),
    ("<time>2025-03-10T09:30:00+01:00</time>", "2025-03-10", D, "2025-03-10"),
]


@pytest.mark.parametrize(("text", "iso", "precision", "span"), FIND_CASES)
def test_find_dates_value_precision_and_span(text, iso, precision, span):
    mention = only(text)
    assert mention.value.iso == iso
    assert mention.value.precision is precision
    assert mention.text == span
    assert text[mention.start : mention.end] == span


# --------------------------------------------------------------------------- negatives

NOT_DATES = [
    "tel. 22 555 01 23",
    "Kontakt: 22 555 2011 lub 22 555 2012",
    "00-950 Warszawa, ul. Brzeska 12",
    "01-957 Warszawa",
    "nr 111",
    "Uchwała nr 2011 Rady Dzielnicy",
    "Nr 2015",
    "poz. 2011",
    "godz. 16.00–19.30",
    "zniżka 1,5%",
    "start o 17.00",
    "SP 127 przy ul. Brzeska 12",
    "obszar Natura 2000",
    "Euro 2012 w Gdańsku",
    "do 2000 osób",
    "około 2000 mieszkańców",
    "kwota 2010 zł",
    "w 1899 r. i w 2101 r.",
    "1500",
    "31.02.2020",
    "29.02.2021",
    "31 kwietnia 2020",
    "14–12 marca 2015",
    "13.2012",
    "w maju",
    "Pani Anna Marzec prowadzi zajęcia.",
    "Spotkanie 12 marca o 18.00",
    "Uchwała XII/123/2011 Rady Miasta",
    "zdjęcie IMG_2043.jpg",
    "/wp-content/uploads/2021/03/logo.png",
    "Etap II 2012",
    "XIII 2012",
    "2019/2023",
    "2011,5",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text):
    assert find_dates(text) == []


def test_nr_before_a_year_with_suffix_blocks_it():
    assert find_dates("Zarządzenie nr 2011 r. w sprawie") == []


# --------------------------------------------------------------------------- NBSP, offsets


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (f"Sieć powstała w{NBSP}2011 roku.", f"w{NBSP}2011 roku"),
        (f"Sieć powstała w{NBSP}maju{NBSP}2013{NBSP}roku.", f"w{NBSP}maju{NBSP}2013{NBSP}roku"),
        ("Sieć powstała w\u20092011\u202froku.", "w\u20092011\u202froku"),
        (f"Od{NBSP}stycznia 2019{NBSP}r. działa klub.", f"Od{NBSP}stycznia 2019{NBSP}r."),
        (f"{NBSP}{NBSP}12{NBSP}marca{NBSP}2015", f"12{NBSP}marca{NBSP}2015"),
    ],
)
def test_spans_are_exact_offsets_with_odd_spaces(text, span):
    mention = only(text)
    assert mention.text == span
    assert mention.start == text.index(span)
    assert mention.end == mention.start + len(span)


def test_several_mentions_in_order_with_offsets():
    text = (
        "Sieć na Pradze działa od 2009 roku. W maju 2013 r. dołączyła szkoła, "
        "a 22.10.2015 podpisano porozumienie na lata 2016–2020."
    )
    mentions = find_dates(text)
    assert [m.text for m in mentions] == [
        "od 2009 roku",
        "W maju 2013 r.",
        "22.10.2015",
        "na lata 2016–2020",
    ]
    assert [m.value.iso for m in mentions] == ["2009", "2013-05", "2015-10-22", "2016"]
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_adjacent_mentions_do_not_steal_each_others_words():
    mentions = find_dates("od 2009 do 2016 r.")
    assert [(m.text, m.qualifier) for m in mentions] == [
        ("od 2009", "since"),
        ("do 2016 r.", "until"),
    ]


# --------------------------------------------------------------------------- lead words


@pytest.mark.parametrize(
    ("text", "preposition", "qualifier"),
    [
        ("w 2011 roku", "w", None),
        ("we wrześniu 2014 r.", "we", None),
        ("W 2018 roku", "w", None),
        ("od 2009 roku", "od", "since"),
        ("Od stycznia 2019 r.", "od", "since"),
        ("do 2016 r.", "do", "until"),
        ("do lutego 2020", "do", "until"),
        ("do końca 2014 r.", "do", "end"),
        ("z końcem 2014 roku", "z", "end"),
        ("na początku 2010 roku", "na", "beginning"),
        ("początek 2010", "początek", "beginning"),
        ("w połowie 2012 r.", "w", "middle"),
        ("jesienią 2016 roku", "jesienią", "season"),
        ("wiosną 2014", "wiosną", "season"),
        ("latem 2015", "latem", "season"),
        ("zimą 2013 r.", "zimą", "season"),
        ("przed 2010 r.", "przed", "before"),
        ("po 2015 roku", "po", "after"),
        ("z 2012 r.", "z", None),
        ("dnia 3 maja 2019", "dnia", None),
        ("rok 2007", "rok", None),
        ("z dniem 1 stycznia 2020 r.", "z", "since"),
        ("w latach 2019–2023", "w", "range"),
        ("12 marca 2015 r.", None, None),
        ("© 2016 Klub Sąsiedzki", "©", None),
    ],
)
def test_preposition_and_qualifier(text, preposition, qualifier):
    mention = only(text)
    assert mention.preposition == preposition
    assert mention.qualifier == qualifier


def test_season_has_year_precision():
    mention = only("jesienią 2016 roku")
    assert mention.value == DateValue(year=2016)
    assert mention.value.precision is Precision.YEAR


def test_trigger_is_the_words_before_the_expression_in_the_same_sentence():
    text = "Otwarto klub w Gdyni. Partnerstwo zostało zawiązane 22.10.2010 r. w Gdyni."
    mention = only(text)
    assert mention.trigger == ("partnerstwo", "zostało", "zawiązane")
    assert only("W 2018 roku sieć zmieniła nazwę.").trigger == ()
    assert only("Rok założenia: 2011").trigger == ("rok", "założenia")


# --------------------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    ("text", "span", "first", "last"),
    [
        ("strategia na lata 2019–2023.", "na lata 2019–2023", "2019", "2023"),
        ("w latach 2011 - 2015", "w latach 2011 - 2015", "2011", "2015"),
        ("w roku szkolnym 2019/2020", "w roku szkolnym 2019/2020", "2019", "2020"),
        ("2019/2020", "2019/2020", "2019", "2020"),
        ("Copyright © 2008-2018 Centrum", "© 2008-2018", "2008", "2018"),
        ("Festyn 12–14 marca 2015 w Płocku", "12–14 marca 2015", "2015-03-12", "2015-03-14"),
    ],
)
def test_range_is_one_mention_first_value_and_range_end(text, span, first, last):
    mention = only(text)
    assert mention.text == span
    assert mention.qualifier == "range"
    assert mention.value.iso == first
    assert mention.range_end is not None and mention.range_end.iso == last


def test_range_with_a_non_increasing_end_is_rejected():
    assert find_dates("w latach 2023–2019") == []


def test_non_range_mentions_have_no_range_end():
    assert only("w 2011 roku").range_end is None


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("cell", "iso"),
    [
        ("2008", "2008"),
        (" 2008 ", "2008"),
        ("2008 r.", "2008"),
        ("III 2012", "2012-03"),
        ("maj 2013", "2013-05"),
        ("Maj 2013 r.", "2013-05"),
        ("październik 2014", "2014-10"),
        ("03.2012", "2012-03"),
        ("12.03.2015", "2015-03-12"),
        ("12 marca 2015 r.", "2015-03-12"),
        ("2010-10-22", "2010-10-22"),
        ("rok 2007", "2007"),
        ("od 2009", "2009"),
        ("2008\n", "2008"),
    ],
)
def test_parse_date(cell, iso):
    value = parse_date(cell)
    assert value is not None and value.iso == iso


@pytest.mark.parametrize(
    "cell",
    [
        "",
        "   ",
        "1500",
        "2101",
        "12 marca",
        "marzec",
        "2019–2023",
        "2008, 2009",
        "Nowy Dwór 2008",
        "brak",
        "nr 2011",
        "31.02.2020",
        "2008 i dalej",
    ],
)
def test_parse_date_rejects(cell):
    assert parse_date(cell) is None


# --------------------------------------------------------------------------- month_number

MONTH_FORMS = {
    1: "styczeń stycznia styczniu",
    2: "luty lutego lutym",
    3: "marzec marca marcu Marca",
    4: "kwiecień kwietnia kwietniu",
    5: "maj maja maju majem MAJA",
    6: "czerwiec czerwca czerwcu",
    7: "lipiec lipca lipcu",
    8: "sierpień sierpnia sierpniu",
    9: "wrzesień września wrześniu WRZEŚNIA",
    10: "październik października październiku",
    11: "listopad listopada listopadzie",
    12: "grudzień grudnia grudniu",
}


@pytest.mark.parametrize(
    ("word", "number"),
    [(form, n) for n, forms in MONTH_FORMS.items() for form in forms.split()],
)
def test_month_number_any_case(word, number):
    assert month_number(word) == number


@pytest.mark.parametrize(
    "word",
    ["", "roku", "w", "majowy", "marcowy", "Kraków", "III", "12", "maj 2013", "mają", "xyz"],
)
def test_month_number_rejects_non_months(word):
    assert month_number(word) is None


def test_month_number_falls_back_to_the_resource_file(monkeypatch):
    class Unknown:
        def analyse(self, word):
            return (Reading(form=word, lemma=word, tag="ign"),)

    month_number.cache_clear()
    monkeypatch.setattr(dates, "shared_morphology", Unknown)
    try:
        assert month_number("Listopad") == 11  # a lemma itself, from months.txt
        assert month_number("listopadzie") is None  # inflection needs Morfeusz
    finally:
        month_number.cache_clear()


def test_months_resource_lists_twelve_lemmas_with_source():
    path = dates.resources.files("pipeline").joinpath("resources/months.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any("SGJP" in line for line in lines if line.startswith("#"))
    entries = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    assert [int(n) for _lemma, n in entries] == list(range(1, 13))
    assert all(not re.fullmatch(r"[IVX]+", lemma) for lemma, _n in entries)


@pytest.mark.parametrize("number", range(1, 13))
def test_roman_months_are_computed(number):
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    value = parse_date(f"{roman[number - 1]} 2012")
    assert value == DateValue(year=2012, month=number)


def test_month_word_needs_an_adjacent_year():
    assert find_dates("Zebranie w maju, a kolejne w czerwcu.") == []
    assert find_dates("Marzec i kwiecień to dobre miesiące.") == []


def test_only_the_month_next_to_the_year_is_reported():
    assert [m.text for m in find_dates("w maju i czerwcu 2013")] == ["czerwcu 2013"]


# --------------------------------------------------------------------------- DateValue


@pytest.mark.parametrize(
    ("value", "iso", "precision", "xsd"),
    [
        (DateValue(year=2011), "2011", Y, "xsd:gYear"),
        (DateValue(year=2013, month=5), "2013-05", M, "xsd:gYearMonth"),
        (DateValue(year=2012, month=6, day=5), "2012-06-05", D, "xsd:date"),
    ],
)
def test_date_value_properties(value, iso, precision, xsd):
    assert value.iso == iso
    assert value.precision is precision
    assert value.xsd_type == xsd


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": 2020, "month": 2, "day": 30},
        {"year": 2021, "month": 2, "day": 29},
        {"year": 2020, "month": 13},
        {"year": 2020, "month": 0},
        {"year": 2020, "day": 5},
    ],
)
def test_date_value_rejects_impossible_dates(kwargs):
    with pytest.raises(ValueError):
        DateValue(**kwargs)


def test_precision_values_are_strings():
    assert [str(p) for p in Precision] == ["year", "month", "day"]


# --------------------------------------------------------------------------- invariants

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO_LENGTH = {Precision.YEAR: 4, Precision.MONTH: 7, Precision.DAY: 10}

_FRAGMENTS = [
    *"w we od do końca na początku jesienią roku r. rok maju marca lutym Marzec".split(),
    *"III XII V nr ul. tel. © osób zł 2011 1999 2100 2101 1899 12 31 02".split(),
    *"03.2012 22.10.2010 2010-10-22 2019–2023 2019/2020 16.00 1,5% 01-957".split(),
    *[" ", "\u00a0", "\u2009", "\n", ".", ",", ":", "(", ")", "-", "–", "/"],
]


def _check_invariants(text: str) -> None:
    mentions = find_dates(text)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end
        previous_end = m.end
        assert text[m.start : m.end] == m.text
        assert ISO.match(m.value.iso)
        assert len(m.value.iso) == ISO_LENGTH[m.value.precision]
        assert 1900 <= m.value.year <= 2100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=25).map(" ".join))
def test_invariants_on_date_like_text(text):
    _check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_invariants_on_arbitrary_text(text):
    _check_invariants(text)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789 .-/:\u00a0rokuwmajIVX", max_size=40),
)
def test_invariants_on_digit_heavy_text(text):
    _check_invariants(text)
