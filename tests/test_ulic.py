"""TERYT ULIC: a user-supplied street register matched against our canonical streets."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.extract.page import page_facts
from pipeline.ids import IdMinter
from pipeline.load import load_file
from pipeline.normalize.ulic import UlicError, city_prefix, load_ulic
from pipeline.resolve import resolve
from pipeline.segment import segment

from .conftest import DATA, PAGES

FIXTURE = DATA / "teryt" / "ULIC_fixture.csv"
HEADER = "WOJ;POW;GMI;RODZ_GMI;SYM;SYM_UL;CECHA;NAZWA_1;NAZWA_2;STAN_NA\n"


@pytest.fixture(scope="module")
def index():
    return load_ulic(FIXTURE)


@pytest.mark.parametrize(
    ("prefix", "street_type", "name", "sym_ul", "full_name"),
    [
        ("1465", "ulica", "Słowackiego", "20437", "ul. Juliusza Słowackiego"),
        ("1465", "aleja", "Armii Krajowej", "00526", "al. Armii Krajowej"),
        ("1465", "ulica", "Zajączka", "25616", "ul. gen. Józefa Zajączka"),
        ("1465", "ulica", "Skłodowskiej-Curie", "19924", "ul. Marii Skłodowskiej-Curie"),
        ("1465", "ulica", "Marii Skłodowskiej - Curie", "19924", "ul. Marii Skłodowskiej-Curie"),
        ("1465", "plac", "plac Wilsona", "22778", "pl. Thomasa Woodrowa Wilsona"),
        ("1465", "wybrzeże", "Wybrzeże Gdyńskie", "24127", "wyb. Gdyńskie"),
        ("146519", "ulica", "Potocka", "17227", "ul. Potocka"),
        ("1465198", "ulica", "potocka", "17227", "ul. Potocka"),
        ("1061", "aleja", "Piłsudskiego", "16612", "al. marsz. Józefa Piłsudskiego"),
        ("1261", "aleja", "Słowackiego", "20438", "al. Juliusza Słowackiego"),
    ],
)
def test_match(index, prefix, street_type, name, sym_ul, full_name):
    found = index.match(prefix, street_type, name)
    assert found is not None
    assert (found.sym_ul, found.full_name) == (sym_ul, full_name)


def test_one_street_through_several_dzielnice_is_one_match(index):
    # al. Armii Krajowej is listed under Żoliborz and Bielany with one SYM_UL
    found = index.match("1465", "aleja", "Armii Krajowej")
    assert found is not None and found.sym_ul == "00526"
    assert index.match("146504", "aleja", "Armii Krajowej") is not None


@pytest.mark.parametrize(
    ("prefix", "street_type", "name"),
    [
        ("1465", "ulica", "Marszałkowska"),  # not in the file
        ("1061", "ulica", "Słowackiego"),  # not in Łódź
        ("146504", "ulica", "Potocka"),  # Żoliborz's, not Bielany's
        ("1465", "ulica", "Juliusza"),  # NAZWA_2 alone is no name
    ],
)
def test_no_match(index, prefix, street_type, name):
    assert index.match(prefix, street_type, name) is None


@pytest.mark.parametrize(
    ("prefix", "street_type", "name"),
    [
        ("1465", "aleja", "Słowackiego"),  # Warsaw's is an ulica
        ("1261", "ulica", "Słowackiego"),  # Kraków's is an aleja
        ("1465", "plac", "Potocka"),
        ("1465", "ulica", "Gdyńskie"),  # a wybrzeże
    ],
)
def test_type_mismatch(index, prefix, street_type, name):
    assert index.match(prefix, street_type, name) is None


def test_without_bom(tmp_path):
    path = tmp_path / "ULIC.csv"
    path.write_text(HEADER + "10;61;02;9;0957650;25900;ul.;Zgierska;;2024-01-01\n", "utf-8")
    found = load_ulic(path).match("1061", "ulica", "Zgierska")
    assert found is not None and found.sym_ul == "25900"


@pytest.mark.parametrize(
    ("content", "where", "says"),
    [
        (HEADER + "14;65;19;8;0918123;20437;ul.;Słowackiego\n", ":2:", "8 fields"),
        (
            HEADER
            + "14;65;19;8;0918123;20437;ul.;Słowackiego;Juliusza;2024-01-01\n"
            + "14;65;19;8;0918123;2043x;ul.;Mickiewicza;Adama;2024-01-01\n",
            ":3:",
            "SYM_UL",
        ),
        (HEADER + "14;65;19;8;0918123;20437;ul.;;Juliusza;2024-01-01\n", ":2:", "NAZWA_1"),
        ("WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n02;;;;X;y;2024-01-01\n", ":1:", "header"),
        ("", ":1:", "header"),
    ],
)
def test_broken_file_names_file_and_line(tmp_path, content, where, says):
    path = tmp_path / "broken.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(UlicError) as err:
        load_ulic(path)
    message = str(err.value)
    assert message.startswith(f"{path}{where}")
    assert says in message


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "cp1250.csv"
    path.write_bytes(
        (HEADER + "14;65;19;8;0918123;20437;ul.;Słowackiego;;2024-01-01\n").encode("cp1250")
    )
    with pytest.raises(UlicError, match=r"cp1250\.csv:2: not UTF-8"):
        load_ulic(path)


def test_missing_file(tmp_path):
    with pytest.raises(UlicError, match="cannot read"):
        load_ulic(tmp_path / "nope.csv")


def test_resolve_gives_matched_streets_their_code_and_official_name(index):
    seg = segment(clean(load_file(PAGES / "partnerstwa-lokalne-zoliborz.txt")))
    page = seg.document.page
    facts = page_facts(seg, page_name=page.name, url=page.url, retrieved=page.retrieved)
    minter = IdMinter("https://example.org/id/")
    plain = resolve(facts, seg.document, minter=minter)
    coded = resolve(facts, seg.document, minter=minter, ulic=index)
    assert all(s.teryt_sym_ul is None for s in plain.streets)
    by_name = {s.name.value: s for s in coded.streets}
    slowackiego = by_name["Słowackiego"]
    assert slowackiego.teryt_sym_ul == "20437"
    assert "ul. Juliusza Słowackiego" in {a.value for a in slowackiego.alternate_names}
    assert by_name["Armii Krajowej"].teryt_sym_ul == "00526"
    assert by_name["Broniewskiego"].teryt_sym_ul is None  # not in the fixture
    assert [s.id for s in plain.streets] == [s.id for s in coded.streets]


@pytest.mark.parametrize(
    ("terc", "prefix"),
    [("1465011", "1465"), ("2261011", "2261"), ("1421021", "142102"), ("1465198", "1465")],
)
def test_city_prefix(terc, prefix):
    assert city_prefix(terc) == prefix
