from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import Role, clean, is_furniture_text, normalize_spaces
from pipeline.load import load_bytes

from .conftest import gold_for, gold_pages


def html(body: str, head: str = "") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def doc_of(source: str, kind: str = "html"):
    return clean(load_bytes(source.encode("utf-8"), name="t", kind=kind))


def texts(document) -> list[str]:
    return [b.text for b in document.blocks]


def test_every_block_is_its_own_span_of_the_page_text():
    for path in gold_pages():
        from pipeline.load import load_file

        document = clean(load_file(path))
        assert document.blocks, path
        for b in document.blocks:
            assert document.text[b.start : b.end] == b.text


@pytest.mark.parametrize("path", gold_pages(), ids=lambda p: p.name)
def test_no_furniture_string_survives_cleaning(path):
    from pipeline.load import load_file

    document = clean(load_file(path))
    kept = "\n".join(texts(document))
    for phrase in gold_for(path)["absent"]:
        if phrase in ("ops", "sady", "zatrasie"):  # alt words: must not stand glued
            assert f'"{phrase}' not in kept and f"”{phrase}" not in kept
            assert f"{phrase}Partnerstwo" not in kept
            continue
        assert phrase not in kept, (path.name, phrase)


def test_seed_html_roles_and_headings(seed_html):
    document = clean(seed_html)
    headings = [b.text for b in document.blocks if b.role is Role.HEADING]
    assert headings[0] == "PARTNERSTWA LOKALNE"
    assert 'Partnerstwo "Dla Rudawki i\u00a0Zatrasia"' in headings
    bold = [b for b in document.blocks if b.level == 7]
    assert len(bold) == 4 and all(b.bold for b in bold)
    assert all(b.element and b.element.startswith("/html/body") for b in document.blocks)


def test_text_page_glued_alt_words_are_cut(seed_txt):
    document = clean(seed_txt)
    headings = [b.text for b in document.blocks if b.role is Role.HEADING]
    assert 'Partnerstwo "Dla Rudawki i\u00a0Zatrasia"' in headings
    assert "Partnerstwo „ Marymont- Kaskada”" in headings
    assert "Partnerstwo „Sady Żoliborskie”" in headings
    assert document.text.startswith("Wstecz")  # the page text is the file, untouched
    assert "Wstecz" not in texts(document) and "Pin It" not in texts(document)


def test_closing_call_is_cut_from_the_end_of_a_paragraph(seed_txt):
    document = clean(seed_txt)
    area = next(b for b in document.blocks if "ograniczony ulicami" in b.text)
    assert area.text.endswith("Armii Krajowej.")


@pytest.mark.parametrize(
    "body",
    [
        "<script>document.write('Partnerstwo „X” powstało w 1999 roku')</script>",
        "<style>p::after{content:'Partnerstwo „X”'}</style>",
        "<!-- Partnerstwo „X” powstało w 1999 roku -->",
        "<noscript>Partnerstwo „X”</noscript>",
        "<template><p>Partnerstwo „X”</p></template>",
        "<p hidden>Partnerstwo „X”</p>",
        '<p aria-hidden="true">Partnerstwo „X”</p>',
        '<p style="display: none">Partnerstwo „X”</p>',
        '<nav><a href="/">Partnerstwo „X”</a></nav>',
        '<div class="cookie-notice">Partnerstwo „X”</div>',
        '<p><img alt="Partnerstwo „X”" src="x.png"></p>',
        '<p title="Partnerstwo „X”">Treść</p>',
    ],
)
def test_hidden_or_code_text_never_becomes_a_block(body):
    document = doc_of(html(f"<main>{body}<p>Treść strony.</p></main>"))
    assert "X" not in document.text


def test_br_is_a_line_break_and_whitespace_collapses():
    document = doc_of(
        html("<table><tr><th>Inicjatorzy</th></tr><tr><td>A\n  B<br>C</td></tr></table>")
    )
    cell = next(b for b in document.blocks if b.role is Role.TABLE_CELL and not b.cell.is_header)
    assert cell.text == "A B\nC"
    assert cell.cell.header == "Inicjatorzy"


def test_text_around_a_nested_block_keeps_document_order():
    document = doc_of(html("<div>przed<p>środek</p>po</div>"))
    assert texts(document) == ["przed", "środek", "po"]


def test_deep_nesting_does_not_recurse():
    depth = 1_500  # deeper than Python's recursion limit
    source = html("<div>" * depth + "<p>Głęboko.</p>" + "</div>" * depth)
    document = doc_of(source)
    assert "Głęboko." in document.text


def test_absurd_nesting_loses_no_text():
    # libxml2 stops building the tree at depth 2048 and drops the rest of the page: the
    # cleaner flattens such a page and parses it again
    depth = 20_000
    source = html(
        "<p>Na wierzchu.</p>"
        + "<div>" * depth
        + "<p>Głęboko.</p>"
        + "</div>" * depth
        + "<p>Po.</p>"
    )
    assert texts(doc_of(source)) == ["Na wierzchu.", "Głęboko.", "Po."]


def test_menus_of_links_are_dropped_but_a_single_link_stays():
    document = doc_of(
        html(
            '<p><a href="/">Start</a> | <a href="/o">O nas</a></p><ul><li><a href="/f">Fundacja X</a></li></ul>'
        )
    )
    assert texts(document) == ["Fundacja X"]


def test_text_page_menu_and_contact_blocks_are_dropped():
    source = (
        "Strona główna\nO nas\nKontakt\nSzukaj…\n\nPARTNERSTWO „NOWE”\n\n"
        "Partnerstwo powstało w 2010 roku.\n\nFundacja X\nul. Długa 1, 00-001 Warszawa\ntel. 22 000 00 00\n"
    )
    document = doc_of(source, kind="text")
    assert texts(document) == ["PARTNERSTWO „NOWE”", "Partnerstwo powstało w 2010 roku."]


def test_normalize_spaces_maps_back_to_page_offsets():
    text = "w\u00a0maju   2013\nroku"
    norm = normalize_spaces(text, base=100)
    assert norm.text == "w maju 2013 roku"
    s, e = norm.span(norm.text.index("2013"), norm.text.index("2013") + 4)
    assert (s - 100, e - 100) == (text.index("2013"), text.index("2013") + 4)
    s, e = norm.span(0, len(norm.text))
    assert (s, e) == (100, 100 + len(text))


def test_empty_or_markupless_html_gives_no_blocks():
    assert doc_of("<html></html>").blocks == ()


def _joined(fragments: list[str]) -> st.SearchStrategy[str]:
    """Texts of up to eight of these fragments, one after another."""
    return st.lists(st.sampled_from(fragments), max_size=8).map("".join)


_ONE_FURNITURE_PATTERN = regex.compile(  # the single pattern the split ones replace
    r"""^(?:©|\(c\)|copyright\b)
      |wszelkie\ prawa\ zastrzeżone
      |^jesteś\ tutaj\b
      |^ostatni[aey]?\ (?:modyfikacj|aktualizacj)
      |^(?:informacje\ |dane\ )?(?:według\ |wg\ )?stan(?:u)?\ na\ (?:dzień\ )?\d
      |^(?:opublikowano|autor|napisane\ przez)\b
      |\bcookies?\b
      |^udostępnij\b
      |^(?:deklaracja\ dostępności|polityka\ prywatności)\b
    """,
    regex.I | regex.X,
)
_FRAGMENTS = [
    "© 2024",
    "Copyright",
    "Wszelkie prawa ZASTRZEŻONE",
    "jesteś tutaj",
    "Ostatnia modyfikacja",
    "stan na 2023",
    "wg stanu na dzień 1",
    "Autor:",
    "COOKIES",
    "cookie",
    "Udostępnij",
    "polityka prywatności",
    "drukuj",
    "wstecz",
    "do góry",
    "|",
    " ",
    "\u00a0",
    "«",
    "Partnerstwo",
    "x" * 30,
    "Ż",
    "ſ",
    "K",
    ".",
    "!",
    "\n",
]


@settings(max_examples=2000, deadline=None)
@given(_joined(_FRAGMENTS))
def test_furniture_lines_are_what_the_single_pattern_found(text):
    from pipeline.clean import _furniture_key, furniture_phrases, is_furniture_line

    assert is_furniture_line(text.strip()) == bool(_ONE_FURNITURE_PATTERN.search(text.strip()))
    whole = _furniture_key(text) in furniture_phrases()
    assert is_furniture_text(text) == (
        whole
        or bool(_ONE_FURNITURE_PATTERN.search(text.strip()))
        or (
            "|" in text
            and bool(parts := [p for p in map(_furniture_key, text.split("|")) if p])
            and all(p in furniture_phrases() for p in parts)
        )
    )


def test_the_letter_count_pattern_strips_what_the_furniture_key_strips():
    # _longer_than_any_phrase spells regex's \s out for re: the same characters must count
    import re

    from pipeline.clean import _FURNITURE_STRIP_CHARS, _FURNITURE_STRIP_SPELLED_OUT

    stripped = regex.compile(f"[{_FURNITURE_STRIP_CHARS}]")
    spelled_out = re.compile(f"[{_FURNITURE_STRIP_SPELLED_OUT}]")  # as clean compiles it
    for code in range(0x3100):  # every white space character lies below U+3100
        char = chr(code)
        assert bool(stripped.match(char)) == bool(spelled_out.match(char)), hex(code)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \u00a0\u001c\u2003|.:!…«ab1Ż\n", max_size=60))
def test_a_phrase_may_only_be_a_text_with_few_letters(text):
    from pipeline.clean import _FURNITURE_STRIP, _longest_phrase, _may_be_a_phrase

    letters = len(_FURNITURE_STRIP.sub("", text))
    assert _may_be_a_phrase(text) == (letters <= _longest_phrase())


def test_every_data_cell_of_a_column_gets_its_header_and_no_other_cell_does():
    document = doc_of(
        html(
            "<table><tr><th>Nazwa</th><td>pusta</td></tr>"
            "<tr><td>„A”</td><td>2011</td></tr><tr><td>B</td></tr></table>"
            "<table><tr><td>bez nagłówka</td></tr></table>"
        )
    )
    cells = [(b.text, b.cell.header, b.cell.is_header) for b in document.blocks]
    assert cells == [
        ("Nazwa", None, True),
        ("pusta", None, False),
        ("„A”", "Nazwa", False),
        ("2011", None, False),
        ("B", "Nazwa", False),
        ("bez nagłówka", None, False),
    ]


_CONTACT_FRAGMENTS = [
    "00-950",
    "12-34",
    "tel.",
    "TEL.",
    "Tel",
    "e-mail",
    "E-MAIL",
    "email",
    "MAİL",
    "@",
    "fax",
    "FAX",
    "www.",
    "WWW.",
    "http://",
    "HTTPS://",
    "czynne",
    "CZYNNE",
    "İ",
    "ı",
    "ſ",
    "K",
    " ",
    "ab",
    "1",
    "-",
    ".",
    ":",
    "/",
]


@settings(max_examples=2000, deadline=None)
@given(_joined(_CONTACT_FRAGMENTS))
def test_the_contact_line_prefilter_passes_every_line_the_pattern_finds(line):
    # _is_contact_line searches _CONTACT_LINE only in lines holding one of _CONTACT_SIGNS:
    # a pattern alternative without its sign there would be skipped silently
    from pipeline.clean import _CONTACT_LINE, _is_contact_line

    assert _is_contact_line(line) == bool(_CONTACT_LINE.search(line))
