from __future__ import annotations

import pytest

from pipeline.clean import clean
from pipeline.load import load_bytes, load_file
from pipeline.segment import SectionKind, segment

from .conftest import gold_for, gold_pages


def seg_of(path):
    return segment(clean(load_file(path)))


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_one_section_per_partnership_in_gold(path):
    assert len(seg_of(path).sections) == len(gold_for(path)["partnerships"])


def test_html_and_text_forms_of_the_seed_segment_alike(seed_html, seed_txt):
    a, b = segment(clean(seed_html)), segment(clean(seed_txt))
    assert [s.name_text for s in a.sections] == [s.name_text for s in b.sections]
    assert [len(s.blocks) for s in a.sections] == [len(s.blocks) for s in b.sections]
    assert [x.text for x in a.statements] == [x.text for x in b.statements]


def test_page_statements_are_outside_sections(seed_html):
    segmentation = segment(clean(seed_html))
    intro = " ".join(b.text for b in segmentation.statements)
    assert "Koordynatorem" in intro
    assert all("Koordynatorem" not in b.text for s in segmentation.sections for b in s.blocks)


def section_names(source: str, kind: str = "html") -> list[str]:
    page = load_bytes(source.encode(), name="t", kind=kind)
    return [s.name_text for s in segment(clean(page)).sections]


def test_a_lower_heading_stays_inside_a_higher_section():
    source = (
        "<main><h1>Partnerstwo lokalne „Nad Wisłą”</h1><h2>Historia</h2><p>Powstało w 2010 r.</p>"
        "<h2>Obszar</h2><p>Ulice: Długa, Krótka.</p></main>"
    )
    page = load_bytes(source.encode(), name="t", kind="html")
    (section,) = segment(clean(page)).sections
    assert section.name_text == "Nad Wisłą"
    assert [b.text for b in section.blocks][-1] == "Ulice: Długa, Krótka."


def test_a_heading_of_the_same_rank_ends_a_section():
    source = (
        "<main><h3>Partnerstwo „Pierwsze”</h3><p>A.</p><h3>Kontakt</h3><p>B.</p>"
        "<h3>Partnerstwo „Drugie”</h3><p>C.</p></main>"
    )
    page = load_bytes(source.encode(), name="t", kind="html")
    segmentation = segment(clean(page))
    assert [[b.text for b in s.blocks] for s in segmentation.sections] == [["A."], ["C."]]
    assert [b.text for b in segmentation.statements] == ["Kontakt", "B."]


def test_table_rows_with_a_name_column_are_sections():
    source = (
        "<table><tr><th>Nazwa</th><th>Rok</th></tr>"
        "<tr><td>„Zielony Zakątek”<br>(dawniej „Zakątek”)</td><td>2015</td></tr>"
        "<tr><td>Razem</td><td>2016</td></tr></table>"
    )
    page = load_bytes(source.encode(), name="t", kind="html")
    sections = segment(clean(page)).sections
    assert [s.name_text for s in sections] == ["Zielony Zakątek", "Razem"]
    assert all(s.kind is SectionKind.TABLE_ROW for s in sections)


def test_a_table_without_a_name_column_is_not_partnerships():
    source = "<table><tr><th>Godziny</th></tr><tr><td>„Poniedziałek”</td></tr></table>"
    assert section_names(source) == []


def test_passing_mentions_are_not_sections():
    source = (
        "<main><h1>Piknik już w sobotę!</h1><p>Organizatorami są Partnerstwo „Jedno” "
        "oraz Partnerstwo „Drugie”.</p><p>Partnerstwo „Jedno” zaprasza do namiotu.</p></main>"
    )
    assert section_names(source) == []


def test_a_defining_paragraph_starts_a_section_when_there_are_no_headings():
    source = "<main><p>Partnerstwo „Stare Miasto” powstało w 2012 roku z inicjatywy X.</p></main>"
    assert section_names(source) == ["Stare Miasto"]


def test_plain_text_heading_lines():
    source = "Nasze partnerstwa\n\nPartnerstwo Nowe Osiedle\n\nPowstało w 2019 r.\n"
    assert section_names(source, kind="text") == ["Nowe Osiedle"]
