"""Renames of a partnership: gold pages, other wordings, and names that are not renames."""

from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.extract.renames import Rename, renames
from pipeline.load import load_bytes, load_file
from pipeline.segment import segment
from tests.conftest import gold_for, gold_pages

BANNED = (
    "zatrasi",
    "rudawk",
    "marymont",
    "kaskad",
    "oficersk",
    "boris",
    "nasz żoliborz",
    "potock",
    "włościańsk",
    "mierosławsk",
    "zajączk",
    "czarnieck",
    "krajewsk",
    "popiełuszk",
    "gimnazjum nr 55",
    "nr 392",
    "powązkowsk",
    "gdyńsk",
)


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _as_gold(r: Rename, current: str) -> dict:
    return {
        "date": r.date.iso if r.date else None,
        "from": _tidy(r.old.text),
        "to": _tidy(r.new.text) if r.new else current,
    }


def _check_spans(text: str, found: list[Rename]) -> None:
    for r in found:
        for n in (r.old, r.new):
            if n is not None:
                assert text[n.start : n.end] == n.text
                assert n.text == n.text.strip() and n.text[0] not in '„”"«»'
        if r.date is not None:
            assert r.date_start is not None and r.date_end is not None
            assert r.start <= r.date_start < r.date_end <= r.end


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_gold_renames(path):
    gold = gold_for(path)
    segmentation = segment(clean(load_file(path)))
    sections = segmentation.sections
    expected = gold.get("partnerships", [])
    assert len(sections) == len(expected)
    for section, partnership in zip(sections, expected, strict=True):
        found = renames(section, segmentation)
        _check_spans(segmentation.document.text, found)
        current = _tidy(section.name_text)
        assert [_as_gold(r, current) for r in found] == partnership["renames"]
        names = {_tidy(r.old.text) for r in found} | {_tidy(r.new.text) for r in found if r.new}
        assert names <= set(partnership["all_names"])
        # what is left is the current name as the heading gives it (normalized elsewhere)
        assert len(set(partnership["all_names"]) - names) <= 1


def _one(paragraphs: str, heading: str = "Partnerstwo „Nad Stawem”") -> list[Rename]:
    html = f"<main><h2>{heading}</h2>{paragraphs}</main>"
    segmentation = segment(clean(load_bytes(html.encode(), name="t", kind="html")))
    (section,) = segmentation.sections
    found = renames(section, segmentation)
    _check_spans(segmentation.document.text, found)
    return found


def _summary(found: list[Rename]) -> list[tuple[str, str | None, str | None]]:
    return [
        (r.old.text, r.new.text if r.new else None, r.date.iso if r.date else None) for r in found
    ]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        # founding name + rename, other verb forms and word orders
        (
            "<p>Partnerstwo zawiązano w 2009 r. pod nazwą „Razem dla Grochowa”. "
            "Nazwę zmieniło na „Nad Stawem” w marcu 2015 roku.</p>",
            [("Razem dla Grochowa", "Nad Stawem", "2015-03")],
        ),
        (
            '<p>Partnerstwo założone zostało w Gdańsku w 2012 roku pod nazwą "Sąsiedzi z Oruni".'
            ' W 2017 r. przemianowano je na "Oruński Krąg".</p>',
            [("Sąsiedzi z Oruni", "Oruński Krąg", "2017")],
        ),
        # the present name taken on a date, without quoting it; a founding name after a date
        (
            "<p>Partnerstwo powstało 4 maja 2011 r. jako „Sąsiedzi z Grochowa”; obecną nazwę "
            "przyjęło w 2016 r.</p>",
            [("Sąsiedzi z Grochowa", "Nad Stawem", "2016")],
        ),
        (
            "<p>Początkowo nosiło nazwę „Razem na Kozanowie”. Aktualną nazwę otrzymało we "
            "wrześniu 2020 roku.</p>",
            [("Razem na Kozanowie", "Nad Stawem", "2020-09")],
        ),
        # 'do' + date: the former name, until that date, to the current name
        (
            "<p>Do 2015 roku nosiło nazwę „Kraków Nowa Huta Razem”.</p>",
            [("Kraków Nowa Huta Razem", None, "2015")],
        ),
        (
            "<p>Partnerstwo „Nad Stawem” (do końca 2020 r. funkcjonowało jako „Zielone Bródno”)"
            " działa w Poznaniu.</p>",
            [("Zielone Bródno", "Nad Stawem", "2020")],
        ),
        # undated former names
        (
            "<p>Partnerstwo „Nad Stawem” (wcześniej: „Stawy Wrocławskie”) skupia 12 podmiotów.</p>",
            [("Stawy Wrocławskie", "Nad Stawem", None)],
        ),
        (
            "<p>Partnerstwo, dawniej znane jako «Lubelskie Podwórka», działa od 2011 r.</p>",
            [("Lubelskie Podwórka", None, None)],
        ),
        (
            "<p>Pierwotnie „Sąsiedzka Sieć Wawra”, partnerstwo skupia dziś 20 instytucji.</p>",
            [("Sąsiedzka Sieć Wawra", None, None)],
        ),
        (
            "<p>Wcześniej działaliśmy pod nazwą „Bemowo Blisko”.</p>",
            [("Bemowo Blisko", None, None)],
        ),
        # a change stated from -> to in one clause; a first-person verb
        (
            "<p>W 2021 r. zmieniliśmy nazwę z „Wola Sąsiedzka” na „Nad Stawem”.</p>",
            [("Wola Sąsiedzka", "Nad Stawem", "2021")],
        ),
        # 'od' + date: a new name; a chain of three names
        (
            "<p>Partnerstwo powstało we wrześniu 2008 r. pod nazwą „Ursynów Łączy”. "
            "Od 2013 r. nosiło nazwę „Ursynowskie Sąsiedztwo”, a od lutego 2020 r. "
            "funkcjonuje jako „Nad Stawem”.</p>",
            [
                ("Ursynów Łączy", "Ursynowskie Sąsiedztwo", "2013"),
                ("Ursynowskie Sąsiedztwo", "Nad Stawem", "2020-02"),
            ],
        ),
        # the date a few clauses before the change, across a verbless insertion
        (
            "<p>Partnerstwo utworzono w 2010 r. pod nazwą „Mokotów Dolny”. W 2016 roku, po "
            "przyjęciu nowej strategii, partnerstwo przyjęło nazwę „Nad Stawem”.</p>",
            [("Mokotów Dolny", "Nad Stawem", "2016")],
        ),
        # the chain is put in time order, whatever order the page tells it in
        (
            "<p>Od 2019 r. działa jako „Nad Stawem”. W latach 2012–2018 nosiło nazwę "
            "„Targówek Fabryczny”.</p>",
            [("Targówek Fabryczny", "Nad Stawem", "2019")],
        ),
        # a former name in apposition to the new one; 'nazywać się' in the next sentence
        (
            "<p>Od 2019 roku partnerstwo nosi nazwę „Nad Stawem”, wcześniej – „Sąsiedzi Bródna”.</p>",
            [("Sąsiedzi Bródna", "Nad Stawem", "2019")],
        ),
        (
            "<p>Partnerstwo zmieniło nazwę na „Nad Stawem” w 2019 roku. Wcześniej nazywało się "
            "„Katowickie Podwórka”.</p>",
            [("Katowickie Podwórka", "Nad Stawem", "2019")],
        ),
        # "poprzednia nazwa": a former name, leading to the current name of the heading
        (
            "<p>Poprzednia nazwa: „Rembertów dla Wszystkich”.</p>",
            [("Rembertów dla Wszystkich", None, None)],
        ),
    ],
)
def test_other_wordings(paragraphs, expected):
    assert _summary(_one(paragraphs)) == expected


@pytest.mark.parametrize(
    "paragraphs",
    [
        # quoted names of other things: organizations, a kindergarten, events, projects
        "<p>Partnerstwo powstało w 2011 r. z inicjatywy Fundacji „Praska Kuźnia Inicjatyw”.</p>",
        "<p>W 2018 roku do partnerstwa dołączyło Przedszkole nr 385 „Leśne Skrzaty” "
        "(dawniej „Smerfy”).</p>",
        "<p>Najważniejszym wydarzeniem jest festyn „Dzień Sąsiada”, w 2019 r. "
        "organizowany pod nazwą „Święto Ulicy”.</p>",
        "<p>W 2017 r. Fundacja „Otwarte Drzwi” zmieniła nazwę na „Otwarte Serca”.</p>",
        "<p>Partnerstwo współpracuje z Klubem „Pod Lipą”, który wcześniej działał jako "
        "„Pod Dębem”.</p>",
        "<p>Projekt „Aktywni Razem” realizowany był do 2016 r. jako „Aktywni Sąsiedzi”.</p>",
        "<p>Projekt „Aktywni Razem” do 2016 r. działał jako „Aktywni Sąsiedzi”.</p>",
        "<p>Klub Seniora „Pod Lipą” (wcześniej „Pod Dębem”) prowadzi zajęcia.</p>",
        "<p>Partnerzy: Spółdzielnia Socjalna „Smaki”, dawniej „Praskie Smaki”; SP nr 4.</p>",
        # the founding name is the current name: nothing was renamed
        "<p>Partnerstwo powstało w 2014 r. pod nazwą „Nad Stawem”.</p>",
        # a rename without any quoted name, or a change nobody says the old name of
        "<p>Działalność rozszerzono, co znalazło odzwierciedlenie w nowej nazwie.</p>",
        "<p>Ostatnia zmiana nazwy wiązała się z przyjęciem nowej strategii.</p>",
        # a quote that is no name (lower case) and a slogan
        "<p>Hasłem partnerstwa jest „Razem raźniej”, a wcześniej „razem łatwiej”.</p>",
    ],
)
def test_not_renames(paragraphs):
    assert _one(paragraphs) == []


def test_founding_name_with_an_unchanged_heading_is_one_rename_to_the_current_name():
    (r,) = _one("<p>Partnerstwo powstało w 2010 r. pod nazwą „Sąsiedzi Ochoty”.</p>")
    assert (r.old.text, r.new, r.date) == ("Sąsiedzi Ochoty", None, None)


def test_spaces_inside_quotes_are_kept_but_not_at_the_edges():
    (r,) = _one("<p>Partnerstwo działało dawniej pod nazwą „ Bielany\u00a0Razem ”.</p>")
    assert r.old.text == "Bielany\u00a0Razem"


def test_dates_keep_their_page_span_and_precision():
    found = _one(
        "<p>Partnerstwo „Nad Stawem” (do\u00a0listopada 2017\u00a0r. działało jako "
        "„Stare Bielany”) jest najstarsze.</p>"
    )
    (r,) = found
    assert r.date is not None and r.date.iso == "2017-11"
    assert r.new is not None and r.new.text == "Nad Stawem"


def test_the_pipeline_holds_no_facts_of_the_seed_page():
    from pathlib import Path

    root = Path(__file__).parent.parent / "pipeline"
    for path in [root / "extract" / "renames.py", root / "resources" / "rename_triggers.txt"]:
        text = path.read_text("utf-8").lower()
        assert not [w for w in BANNED if w in text], path
