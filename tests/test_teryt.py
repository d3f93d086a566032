"""TERYT TERC: the register's index, the page's district and city, and their records."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.extract.page import page_facts
from pipeline.extract.place import derives_from, page_place
from pipeline.ids import IdMinter
from pipeline.load import load_bytes, load_file
from pipeline.normalize import teryt
from pipeline.normalize.teryt import lookup_city, lookup_district, units
from pipeline.resolve import resolve
from pipeline.segment import segment

from .conftest import PAGES, ROOT, gold_for, gold_pages

SHARED_TERC = ROOT.parent / "shared" / "data" / "teryt" / teryt.TERC_FILE
PACKAGED_TERC = ROOT / "pipeline" / "resources" / "teryt" / teryt.TERC_FILE

# --------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_TERC.exists(), reason="../shared is not beside the project")
def test_packaged_register_is_the_shared_file_unchanged():
    assert PACKAGED_TERC.read_bytes() == SHARED_TERC.read_bytes()


def test_register_is_read_once():
    assert teryt._get() is teryt._get()
    assert units() is units()


def test_bom_does_not_spoil_the_first_unit():
    first = units()[0]
    assert (first.name, first.terc, first.kind) == ("DOLNOŚLĄSKIE", "02", "województwo")


def test_every_dzielnica_and_delegatura_is_indexed():
    kinds = [u.kind for u in units()]
    assert kinds.count("dzielnica") == 18
    assert kinds.count("delegatura") == 19
    assert all(u.city is not None for u in units() if u.kind in ("dzielnica", "delegatura"))


@pytest.mark.parametrize(
    ("name", "city", "terc", "city_name", "city_terc"),
    [
        ("Żoliborz", None, "1465198", "Warszawa", "1465011"),
        ("żoliborz", "Warszawa", "1465198", "Warszawa", "1465011"),
        ("Praga-Północ", None, "1465088", "Warszawa", "1465011"),
        ("Praga - Północ", None, "1465088", "Warszawa", "1465011"),
        ("Praga Północ", None, "1465088", "Warszawa", "1465011"),
        ("Bałuty", None, "1061029", "Łódź", "1061011"),
        ("Łódź-Bałuty", None, "1061029", "Łódź", "1061011"),
        ("Nowa Huta", None, "1261039", "Kraków", "1261011"),
        ("Śródmieście", "Kraków", "1261059", "Kraków", "1261011"),
        ("Psie Pole", None, "0264049", "Wrocław", "0264011"),
    ],
)
def test_lookup_district(name, city, terc, city_name, city_terc):
    unit = lookup_district(name, city)
    assert unit is not None
    assert unit.terc == terc
    assert unit.city is not None
    assert (unit.city.name, unit.city.terc) == (city_name, city_terc)


def test_delegatura_is_named_by_its_district_part():
    unit = lookup_district("Łódź-Bałuty")
    assert unit is not None
    assert (unit.name, unit.official_name, unit.kind) == ("Bałuty", "Łódź-Bałuty", "delegatura")


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("Śródmieście", None),  # Warszawa, Łódź, Kraków and Wrocław each have one
        ("Wrzeszcz", None),  # Gdańsk has no districts in TERC
        ("Bielany", "Kraków"),  # Warsaw's, not Kraków's
        ("Warszawa", None),  # a city, not a district
    ],
)
def test_lookup_district_unknown_or_ambiguous(name, city):
    assert lookup_district(name, city) is None


@pytest.mark.parametrize(
    ("name", "terc", "kind"),
    [
        ("Gdańsk", "2261011", "miasto na prawach powiatu"),  # its gmina miejska's code
        ("Warszawa", "1465011", "miasto na prawach powiatu"),  # no gmina row: 01/1
        ("Łódź", "1061011", "miasto na prawach powiatu"),
        ("lublin", "0663011", "miasto na prawach powiatu"),
        ("Pruszków", "1421021", "gmina miejska"),
    ],
)
def test_lookup_city(name, terc, kind):
    unit = lookup_city(name)
    assert unit is not None
    assert (unit.terc, unit.kind) == (terc, kind)


def test_lookup_city_unknown():
    assert lookup_city("Żoliborz") is None
    assert lookup_city("Atlantyda") is None


# --------------------------------------------------------------------------------------
# Adjectives derived from place names
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("adjective", "name"),
    [
        ("żoliborskich", "Żoliborz"),
        ("bielańskie", "Bielany"),
        ("bałuckie", "Bałuty"),
        ("ursuski", "Ursus"),
        ("targówecka", "Targówek"),
        ("Wrzeszczańskie", "Wrzeszcz"),
        ("nadodrzański", "Nadodrze"),
        ("mokotowskiego", "Mokotów"),
        ("jeżyckiej", "Jeżyce"),
        ("łódzkie", "Łódź"),
        ("praskich", "Praga"),
        ("ochocki", "Ochota"),
        ("widzewskim", "Widzew"),
    ],
)
def test_adjective_derives_from_place(adjective, name):
    assert derives_from(adjective, name)


@pytest.mark.parametrize(
    ("adjective", "name"),
    [
        ("warszawski", "Wola"),
        ("polski", "Polesie"),
        ("bielańskie", "Bemowo"),
        ("żoliborskich", "Żoliborz Dolny"),  # several words: not derived this way
        ("zielony", "Zielonka"),  # no -ski/-cki adjective
    ],
)
def test_adjective_does_not_derive_from_other_place(adjective, name):
    assert not derives_from(adjective, name)


# --------------------------------------------------------------------------------------
# The page's district and city
# --------------------------------------------------------------------------------------

TERC_OF_GOLD = {
    "partnerstwa-lokalne-zoliborz": ("1465198", "1465011"),
    "zoliborz-piknik-aktualnosc": ("1465198", "1465011"),
    "bielany-partnerstwa": ("1465048", "1465011"),
    "lodz-baluty-partnerstwa": ("1061029", "1061011"),
    "praga-polnoc-partnerstwo": ("1465088", "1465011"),
    "targowek-partnerstwo": ("1465118", "1465011"),
    "ursus-partnerstwa": ("1465128", "1465011"),
    "own-krakow-nowa-huta": ("1261039", "1261011"),
    "own-gdansk-wrzeszcz": (None, "2261011"),
    "own-wroclaw-nadodrze": (None, "0264011"),
    "own-poznan-jezyce": ("3064039", "3064011"),
    "own-lublin-czechow": (None, "0663011"),
    "own-lodz-widzew": ("1061069", "1061011"),
    "own-warszawa-mokotow": ("1465058", "1465011"),
    "own-ochota-szczesliwice": ("1465068", "1465011"),
}


def _segmentation(path: Path):
    return segment(clean(load_file(path)))


def _text_page(text: str):
    return segment(clean(load_bytes(text.encode("utf-8"), name="t", kind="text")))


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_page_place_matches_gold(path):
    gold = gold_for(path)["place"]
    found = page_place(_segmentation(path))
    assert found is not None
    assert (found.district, found.city) == (gold["district"], gold["city"])
    terc, city_terc = TERC_OF_GOLD[path.stem]
    assert (found.district_unit.terc if found.district_unit else None) == terc
    assert found.city_unit is not None and found.city_unit.terc == city_terc


def test_every_gold_page_has_its_terc_expected():
    assert {p.stem for p in gold_pages()} == set(TERC_OF_GOLD)


def test_seed_mentions_are_grounded():
    seg = _segmentation(PAGES / "partnerstwa-lokalne-zoliborz.txt")
    found = page_place(seg)
    assert found is not None
    quotes = [seg.document.text[s:e] for s, e in found.district_spans]
    assert {"Żoliborzu", "Żoliborz", "żoliborskich"} <= set(quotes)
    assert [seg.document.text[s:e] for s, e in found.city_spans] == ["Warszawy"]
    assert found.city_source == "text"


def test_city_implied_by_a_warsaw_dzielnica():
    found = page_place(_text_page("Partnerstwa lokalne na Targówku.\n\nDziałamy na Targówku."))
    assert found is not None
    assert (found.district, found.city, found.city_source) == ("Targówek", "Warszawa", "district")
    assert found.city_spans == ()


def test_district_and_city_from_a_delegatura_name():
    found = page_place(_text_page("Urząd Miasta Łodzi, Delegatura Łódź-Bałuty zaprasza."))
    assert found is not None
    assert (found.district, found.city) == ("Bałuty", "Łódź")
    assert found.district_unit is not None and found.district_unit.terc == "1061029"


def test_district_in_the_dzielnica_phrase():
    found = page_place(_text_page("Partnerstwo działa w dzielnicy Ursus od 2010 roku."))
    assert found is not None and found.district_unit is not None
    assert found.district_unit.terc == "1465128"


def test_adjective_alone_names_the_district():
    found = page_place(_text_page("Bielańskie szkoły i bielańskie biblioteki współpracują."))
    assert found is not None
    assert found.district == "Bielany"


def test_most_named_district_wins():
    text = "Na Bielanach i na Żoliborzu. Żoliborskie szkoły. Ośrodek na Żoliborzu."
    found = page_place(_text_page(text))
    assert found is not None
    assert found.district == "Żoliborz"


def test_tie_goes_to_the_first_mention():
    found = page_place(_text_page("Działamy na Bielanach oraz na Żoliborzu."))
    assert found is not None
    assert found.district == "Bielany"


def test_a_street_named_after_a_district_is_not_a_mention():
    assert page_place(_text_page("Spotkanie przy ul. Mokotowskiej 12 i al. Żoliborskiej.")) is None


def test_district_not_in_terc_keeps_its_name():
    # "Czechowie" may be Czechów or Czechowo: the form the page also writes wins
    found = page_place(_text_page("Partnerstwa na Czechowie. Dom „Czechów” w Lublinie."))
    assert found is not None
    assert (found.district, found.district_unit, found.city) == ("Czechów", None, "Lublin")


def test_district_of_another_city_than_terc_knows():
    found = page_place(_text_page("Partnerstwo działa na Bielanach w Krakowie."))
    assert found is not None
    assert (found.district, found.city) == ("Bielany", "Kraków")
    assert found.district_unit is None


def test_city_from_the_postal_address_when_the_text_names_none():
    html = (
        "<html><body><main><h1>Partnerstwa lokalne we Wrzeszczu</h1>"
        "<p>Rada Dzielnicy Wrzeszcz Górny działa we Wrzeszczu.</p></main>"
        "<footer><p>ul. Grażyny 10, 80-219 Gdańsk</p></footer></body></html>"
    )
    seg = segment(clean(load_bytes(html.encode(), name="t", kind="html")))
    assert "Gdańsk" not in seg.document.text
    found = page_place(seg)
    assert found is not None
    assert (found.district, found.city, found.city_source) == ("Wrzeszcz", "Gdańsk", "address")


def test_page_without_a_place():
    assert page_place(_text_page("Zapraszamy wszystkich sąsiadów na piknik.")) is None


# --------------------------------------------------------------------------------------
# Facts and records
# --------------------------------------------------------------------------------------


def _records(path: Path):
    seg = _segmentation(path)
    page = seg.document.page
    facts = page_facts(seg, page_name=page.name, url=page.url, retrieved=page.retrieved)
    return facts, resolve(facts, seg.document, minter=IdMinter("https://example.org/id/"))


def test_seed_district_fact_and_records():
    facts, records = _records(PAGES / "partnerstwa-lokalne-zoliborz.txt")
    d = facts.district
    assert d is not None
    assert (d.name, d.terc, d.city, d.city_terc) == ("Żoliborz", "1465198", "Warszawa", "1465011")
    by_id = {x.id: x for x in records.districts}
    zoliborz = by_id["https://example.org/id/district/warszawa/zoliborz"]
    warszawa = by_id["https://example.org/id/city/warszawa"]
    assert (zoliborz.terc, zoliborz.contained_in) == ("1465198", warszawa.id)
    assert (warszawa.terc, warszawa.contained_in) == ("1465011", None)
    assert zoliborz.name.evidence and all(
        e.quote.lower().startswith("żolibor") for e in zoliborz.name.evidence
    )
    areas = [p.area for p in records.partnerships if p.area is not None]
    assert areas and all(a.district == zoliborz.id for a in areas)
    assert records.streets
    assert all("/street/warszawa/" in s.id for s in records.streets)


def test_district_without_terc_in_records():
    _facts, records = _records(PAGES / "own-gdansk-wrzeszcz.html")
    by_name = {d.name.value: d for d in records.districts}
    assert by_name["Wrzeszcz"].terc is None
    assert by_name["Wrzeszcz"].contained_in == by_name["Gdańsk"].id
    assert by_name["Gdańsk"].terc == "2261011"
    assert all("/street/gdansk/" in s.id for s in records.streets)
