"""Founding dates, founding ordinals and stated partnership counts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.extract.founding import (
    founding_date,
    founding_ordinal,
    stated_partnership_count,
)
from pipeline.load import load_file
from pipeline.normalize.names import tidy
from pipeline.segment import Segmentation, segment
from tests.conftest import accepted, gold_for, gold_pages

GOLD_PAGES = gold_pages()
_COUNTER = itertools.count()


def _segmentation(path: Path) -> Segmentation:
    return segment(clean(load_file(path)))


def _key(name: str) -> str:
    return tidy(name).casefold()


def _gold_sections(path: Path):
    """(section, gold partnership) pairs, matched by name."""
    seg = _segmentation(path)
    gold = gold_for(path)
    by_name = {_key(s.name_text): s for s in seg.sections}
    pairs = []
    for partnership in gold["partnerships"]:
        names = {_key(n) for n in accepted(partnership["name"])}
        section = next((by_name[n] for n in names if n in by_name), None)
        assert section is not None, f"no section for {partnership['name']}"
        pairs.append((section, partnership))
    return seg, gold, pairs


# --------------------------------------------------------------------------- gold pages


@pytest.mark.parametrize("path", GOLD_PAGES, ids=lambda p: p.name)
def test_founding_dates_match_gold(path):
    seg, _gold, pairs = _gold_sections(path)
    text = seg.document.text
    for section, partnership in pairs:
        found = founding_date(section, seg)
        expected = partnership.get("founding_date")
        if expected is None:
            assert found is None
            continue
        assert found is not None, partnership["name"]
        assert found.value.iso == expected, partnership["name"]
        assert text[found.start : found.end] == found.text
        assert found.trigger_start < found.trigger_end
        assert section.blocks[0].start <= found.trigger_start


@pytest.mark.parametrize("path", GOLD_PAGES, ids=lambda p: p.name)
def test_no_founding_date_is_a_not_founding_date(path):
    seg = _segmentation(path)
    forbidden = set(gold_for(path).get("not_founding_dates", []))
    for section in seg.sections:
        found = founding_date(section, seg)
        assert found is None or found.value.iso not in forbidden


@pytest.mark.parametrize("path", GOLD_PAGES, ids=lambda p: p.name)
def test_founding_ordinals_match_gold(path):
    seg, _gold, pairs = _gold_sections(path)
    for section, partnership in pairs:
        found = founding_ordinal(section, seg)
        expected = partnership.get("founding_ordinal")
        assert (found.value if found else None) == expected, partnership["name"]
        if found:
            assert seg.document.text[found.start : found.end] == found.text


@pytest.mark.parametrize("path", GOLD_PAGES, ids=lambda p: p.name)
def test_stated_count_matches_gold(path):
    seg = _segmentation(path)
    found = stated_partnership_count(seg)
    assert (found.value if found else None) == gold_for(path).get("stated_partnership_count")
    if found:
        assert seg.document.text[found.start : found.end] == found.text


def test_table_cell_trigger_is_the_cell_itself():
    path = next(p for p in GOLD_PAGES if p.stem == "lodz-baluty-partnerstwa")
    seg = _segmentation(path)
    found = founding_date(seg.sections[1], seg)
    assert found is not None and found.value.precision == "month"
    cell = next(b for b in seg.sections[1].blocks if b.start == found.trigger_start)
    assert cell.cell is not None and found.trigger_end == cell.end


# --------------------------------------------------------------------------- own sentences


@pytest.fixture
def page(tmp_path):
    """Build a one-section HTML page: an intro (page statements) and a partnership."""

    def build(body: str, intro: str = "", heading: str = "Partnerstwo „Zielony Zakątek”"):
        path = tmp_path / f"page{next(_COUNTER)}.html"
        path.write_text(
            "<html><head><meta charset='utf-8'></head><body><main>"
            f"<h1>Partnerstwa lokalne</h1>{intro}<h2>{heading}</h2>{body}"
            "</main></body></html>",
            encoding="utf-8",
        )
        return _segmentation(path)

    return build


@pytest.mark.parametrize(
    ("body", "iso", "date_text", "trigger"),
    [
        (
            "Nasze partnerstwo zawiązane zostało 3 kwietnia 2019 roku w Krakowie.",
            "2019-04-03",
            "3 kwietnia 2019 roku",
            "zawiązane zostało",
        ),
        (
            "W 2014 roku powstało partnerstwo sąsiedzkie na Nowej Hucie.",
            "2014",
            "W 2014 roku",
            "powstało",
        ),
        (
            "Powstało we wrześniu 2010 r. jako drugie partnerstwo w Gdańsku.",
            "2010-09",
            "we wrześniu 2010 r.",
            "Powstało",
        ),
        (
            "Partnerstwo funkcjonuje nieprzerwanie od 2012 roku na Winogradach.",
            "2012",
            "od 2012 roku",
            "funkcjonuje",
        ),
        (
            "Umowę partnerską podpisano 1 lutego 2018 r. w Urzędzie Dzielnicy Wola.",
            "2018-02-01",
            "1 lutego 2018 r.",
            "Umowę partnerską podpisano",
        ),
        (
            "Partnerstwo rozpoczęło działalność na początku 2009 roku.",
            "2009",
            "na początku 2009 roku",
            "rozpoczęło działalność",
        ),
        ("Działamy od 2011 roku na Ochocie.", "2011", "od 2011 roku", "Działamy"),
        (
            "Od 2008 roku istnieje na Widzewie partnerstwo sąsiadów.",
            "2008",
            "Od 2008 roku",
            "istnieje",
        ),
        (
            "Było to trzecie partnerstwo na Ursynowie, zawiązane w 2014 r. przez mieszkańców.",
            "2014",
            "w 2014 r.",
            "zawiązane",
        ),
        (
            "Partnerstwo „Nowy Dwór”, utworzone w 2006 r., skupia sąsiadów z Bemowa.",
            "2006",
            "w 2006 r.",
            "utworzone",
        ),
        ("Założyły je w 2009 r. dwie fundacje z Nadodrza.", "2009", "w 2009 r.", "Założyły je"),
        (
            "Założone zimą 2005 r. partnerstwo skupia dziś dwadzieścia podmiotów.",
            "2005",
            "zimą 2005 r.",
            "Założone",
        ),
        (
            "Partnerstwo „Zielony Zakątek” zawiązało się 14.05.2016 r. z inicjatywy mieszkańców.",
            "2016-05-14",
            "14.05.2016 r.",
            "zawiązało się",
        ),
        (
            "Porozumienie partnerskie zawarto w marcu 2013 roku.",
            "2013-03",
            "w marcu 2013 roku",
            "Porozumienie partnerskie zawarto",
        ),
        (
            "Partnerstwo powstanie w styczniu 2027 roku.",
            "2027-01",
            "w styczniu 2027 roku",
            "powstanie",
        ),
        (
            "Partnerstwo zostało powołane do życia 2 VI 2021 r. przez radę dzielnicy.",
            "2021-06-02",
            "2 VI 2021 r.",
            "zostało powołane",
        ),
    ],
)
def test_founding_date_in_other_wordings(page, body, iso, date_text, trigger):
    seg = page(f"<p>{body}</p>")
    found = founding_date(seg.sections[0], seg)
    assert found is not None
    assert (found.value.iso, found.text) == (iso, date_text)
    assert seg.document.text[found.trigger_start : found.trigger_end] == trigger


def test_founding_date_first_sentence_about_the_partnership_wins(page):
    seg = page(
        "<p>Stowarzyszenie Sąsiadów powstało w 1998 roku. Partnerstwo powstało w 2011 r.,"
        " a w 2018 r. zmieniło nazwę.</p><p>Partnerstwo zostało zawiązane w 2012 r.</p>"
    )
    found = founding_date(seg.sections[0], seg)
    assert found is not None and found.value.iso == "2011"


def test_founding_column_of_a_table(tmp_path):
    path = tmp_path / "table.html"
    path.write_text(
        "<html><body><main><h1>Partnerstwa w Lublinie</h1><table>"
        "<tr><th>Nazwa partnerstwa</th><th>Data założenia</th><th>Uwagi</th></tr>"
        "<tr><td>„Czechów Razem”</td><td>maj 2013 r.</td><td>2019</td></tr>"
        "<tr><td>„Kalinowszczyzna”</td><td>wkrótce</td><td>2020</td></tr>"
        "</table></main></body></html>",
        encoding="utf-8",
    )
    seg = _segmentation(path)
    first, second = seg.sections
    found = founding_date(first, seg)
    assert found is not None and found.value.iso == "2013-05"
    assert founding_date(second, seg) is None  # 'Uwagi' is not a founding column


@pytest.mark.parametrize(
    "body",
    [
        "Szkoła Podstawowa nr 5 powstała w 1965 roku.",  # a feminine subject: not the partnership
        "Stowarzyszenie Mieszkańców powstało w 1998 roku.",  # another neuter subject
        "Partnerstwo tworzą Stowarzyszenie Sąsiadów, założone w 1998 r., i szkoła.",  # a member
        "Fundację Sąsiedzką założono w 1995 r.",  # impersonal with another object
        "Od 2015 r. partnerstwo działa jako „Nowy Zakątek”.",  # a rename
        "Partnerstwo działa od 2019 r. jako „Nowy Zakątek”.",  # a rename
        "W 2014 r. przyjęło nazwę „Stara Wola”, a od maja 2019 r. działa jako „Nowa Wola”.",
        "Partnerstwo powstało w latach 2010–2011.",  # a range
        "W 2018 roku do partnerstwa dołączyła Biblioteka Publiczna.",  # a join
        "Od 2016 r. rolę koordynatora pełni Fundacja Praska.",  # a coordinator change
        "Strategię partnerstwa przyjęto na lata 2019–2023.",  # a range
        "Festyn sąsiedzki zorganizowano w maju 2017 r.",  # an event
        "Obecnie (stan na 1 marca 2024 r.) partnerstwo tworzy dziewięć podmiotów.",  # stan na
        "Partnerstwo powstało z inicjatywy mieszkańców. W 2015 r. przyjęło nową nazwę.",
        "Do końca 2014 r. pracę partnerstwa koordynował Ośrodek Pomocy Społecznej.",
    ],
)
def test_no_founding_date(page, body):
    seg = page(f"<p>{body}</p>")
    assert founding_date(seg.sections[0], seg) is None


# --------------------------------------------------------------------------- ordinals


@pytest.mark.parametrize(
    ("body", "value", "text"),
    [
        ("Partnerstwo powstało w 2010 r. jako drugie partnerstwo w Gdańsku.", 2, "drugie"),
        ("Partnerstwo było trzecim partnerstwem lokalnym w Poznaniu.", 3, "trzecim"),
        ("Powstało jako piąte na Pradze-Południe.", 5, "piąte"),
        ("To najstarsze partnerstwo sąsiedzkie we Wrocławiu.", 1, "najstarsze"),
        ("Partnerstwo jest jedenastym partnerstwem w mieście.", 11, "jedenastym"),
    ],
)
def test_founding_ordinal(page, body, value, text):
    seg = page(f"<p>{body}</p>")
    found = founding_ordinal(seg.sections[0], seg)
    assert found is not None and (found.value, found.text) == (value, text)


@pytest.mark.parametrize(
    "body",
    [
        "Stowarzyszenie jako pierwsze dołączyło do partnerstwa w 2019 r.",  # its subject
        "Szkoła jako pierwsza podpisała porozumienie.",  # feminine: not the partnership
        "Pierwszym dużym wydarzeniem partnerstwa był festyn.",
        "W pierwszych latach partnerzy dbali o bezpieczeństwo.",
        "Zapraszamy na piąty piknik sąsiedzki, już po raz piąty.",
        "Partnerstwo jest jednym z najstarszych partnerstw w dzielnicy.",
        "Koordynator pierwszego partnerstwa w dzielnicy prowadzi warsztaty.",
    ],
)
def test_no_founding_ordinal(page, body):
    seg = page(f"<p>{body}</p>")
    assert founding_ordinal(seg.sections[0], seg) is None


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("intro", "value", "text"),
    [
        ("W Gdańsku funkcjonuje obecnie pięć partnerstw lokalnych.", 5, "pięć"),
        ("Na Mokotowie działa 6 partnerstw.", 6, "6"),
        ("Koordynatorką dwóch dzielnicowych partnerstw jest Fundacja Most.", 2, "dwóch"),
        ("Istnieje tu siedem sąsiedzkich partnerstw.", 7, "siedem"),
        ("Ośrodek koordynuje pracę dwunastu partnerstw lokalnych w Łodzi.", 12, "dwunastu"),
    ],
)
def test_stated_count(page, intro, value, text):
    seg = page("<p>Partnerstwo działa na osiedlu.</p>", intro=f"<p>{intro}</p>")
    found = stated_partnership_count(seg)
    assert found is not None and (found.value, found.text) == (value, text)
    assert seg.document.text[found.start : found.end] == text


@pytest.mark.parametrize(
    "intro",
    [
        "Organizatorami pikniku są dwa partnerstwa lokalne.",  # a count of organisers
        "Dwa partnerstwa zorganizowały festyn.",
        "Pracę wszystkich trzech koordynuje Centrum Inicjatyw.",  # no 'partnerstwo'
        "Pod porozumieniem podpisało się pięć podmiotów, które działają w dzielnicy.",
        "Fundacja wspiera oba partnerstwa działające na osiedlu.",  # 'oba' is no count
        "W dzielnicy działają dwie fundacje i trzy szkoły.",
    ],
)
def test_no_stated_count(page, intro):
    seg = page("<p>Partnerstwo działa na osiedlu.</p>", intro=f"<p>{intro}</p>")
    assert stated_partnership_count(seg) is None


def test_stated_count_from_the_lead_of_a_one_section_page(page):
    seg = page(
        "<p>W naszej dzielnicy działają cztery partnerstwa lokalne; to jedno z nich.</p>"
        "<h3>Historia</h3><p>Na osiedlu działają jeszcze trzy partnerstwa.</p>",
        heading="Partnerstwo „Zielony Zakątek”",
    )
    found = stated_partnership_count(seg)
    assert found is not None and found.value == 4
