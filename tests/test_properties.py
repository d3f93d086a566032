"""Property tests (hypothesis): the early stages and the normalizers hold their promises for
any input — HTML-ish soup with unclosed tags, entities, NULs and control characters, and
Polish-ish text with dates, numbers, street and organization words, quotes and NBSPs.

Budgets stay moderate (``max_examples`` 200) so ``make test`` stays fast; ``make fuzz``
is the long run.
"""

from __future__ import annotations

import os

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.clean import Document, clean, normalize_spaces
from pipeline.load import LoadError, Page, decode, load_bytes
from pipeline.normalize.dates import Precision, find_dates
from pipeline.normalize.names import canonical_name, tidy
from pipeline.normalize.orgs import to_nominative
from pipeline.normalize.streets import KIND_IN_NAME, STREET_TYPES, TITLES, normalize_street_list

#: ``PROPERTY_EXAMPLES=5000 pytest tests/test_properties.py`` for a longer search.
SETTINGS = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "200")),
    deadline=None,  # the first Morfeusz call of a process is slow
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- strategies ---------------------------------------------------------------------------

POLISH_WORDS = """Partnerstwo partnerstwa lokalne powstało powstały zawiązało w we z ze i oraz
do od na roku r. rok maju maja listopadzie października marzec III XII latach jesienią dnia
inicjatywy porozumieniu Ośrodka Ośrodek Pomocy Społecznej Dzielnicy Żoliborz Żoliborzu
Fundacji Fundacja Stowarzyszenia BORIS Szkoły Podstawowej nr 55 Gimnazjum Biblioteki
Publicznej Wypożyczalnią Specjalnym Ośrodkiem Szkolno - Wychowawczym OPS ZGN ul. al. pl.
ulica ulicami Alei Placu Trasy AK Armii Krajowej gen. ks. św. Zajączka Słowackiego Potockiej
Włościańską Wybrzeże Gdyńskie Mickiewicza Krasińskiego Rudawkę Zatrasie Park Kaskada
obejmuje ograniczony rejon obszarze ulic Zapraszamy Wstecz zmieniło nazwę dawniej obecnie
Źdźbło ŻÓŁW gęślą jaźń""".split()
PUNCTUATION = [*",.;:!?()/–—-", "„", "”", '"', "«", "»", "‚", "‘", "’", "…"]
SPACES = [" ", " ", " ", "\u00a0", "\n", "\t", "\u2009", "\u202f", "\u200b"]
MONTHS = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września".split()


def _date_text() -> st.SearchStrategy[str]:
    day, month = st.integers(0, 32), st.integers(0, 13)
    year = st.integers(1890, 2110)
    return st.one_of(
        st.builds(lambda d, m, y: f"{d}.{m:02d}.{y}", day, month, year),
        st.builds(lambda d, m, y: f"{y}-{m:02d}-{d:02d}", day, month, year),
        st.builds(lambda d, m, y: f"{d} {m} {y} r.", day, st.sampled_from(MONTHS), year),
        st.builds(lambda m, y: f"{m:02d}/{y}", month, year),
        st.builds(lambda a, b: f"w latach {a}–{b}", year, year),
        st.builds(lambda y: f"w {y} roku", year),
        year.map(str),
    )


WORD = st.one_of(
    st.sampled_from(POLISH_WORDS),
    st.integers(0, 3000).map(str),
    _date_text(),
    st.text(alphabet="aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄCĆEĘŁNŃOÓSŚZŹŻ-'", min_size=1, max_size=12),
)
TOKEN = st.one_of(WORD, WORD, st.sampled_from(PUNCTUATION))

#: Polish-ish text: words, numbers, dates, punctuation, quotes and odd spaces.
polish_text = st.lists(st.tuples(TOKEN, st.sampled_from(SPACES)), max_size=30).map(
    lambda parts: "".join(t + s for t, s in parts)
)

TAGS = """p div span h1 h2 h3 strong b em a ul ol li table tr td th br hr script style
noscript template article main nav header footer aside form img iframe svg title""".split()
ATTRIBUTES = [
    "",
    ' class="menu"',
    ' class="item-page"',
    " hidden",
    ' aria-hidden="true"',
    ' style="display:none"',
    ' href="javascript:history.back()"',
    ' alt="ops"',
    ' title="„Ukryte”"',
    " data-x='1'",
    ' role="navigation"',
    ' itemprop="articleBody"',
    " broken=",
    ' x="unclosed',
]
ENTITIES = ["&nbsp;", "&amp;", "&lt;", "&gt;", "&#8222;", "&#x201D;", "&#0;", "&bogus;", "&#xD800;"]
CONTROL = ["\x00", "\x01", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ufeff", "\r", "\r\n"]


def _tag(name: str, attributes: str, kind: int) -> str:
    return (f"<{name}{attributes}>", f"</{name}>", f"<{name}{attributes}", f"<{name}/>")[kind]


HTML_TOKEN = st.one_of(
    st.builds(_tag, st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES), st.integers(0, 3)),
    st.sampled_from(ENTITIES),
    st.sampled_from(CONTROL),
    st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "<", ">", "<?xml", "<!DOCTYPE html>"]),
    polish_text,
)

#: HTML-ish text: tags (open, close, unclosed, self-closing) with furniture attributes,
#: entities, comment and CDATA fragments, NUL and control characters, Polish text.
htmlish = st.lists(HTML_TOKEN, max_size=40).map("".join)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1250", "iso8859-2", "utf-32"]
page_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda text, enc: text.encode(enc, "replace"), htmlish, st.sampled_from(ENCODINGS)),
)


def _page(text: str, kind: str) -> Page:
    return Page(
        name="p",
        kind=kind,  # type: ignore[arg-type]
        text=text,
        charset="utf-8",
        charset_source="default",
        url=None,
        retrieved=None,
        source="p",
    )


# --- load -----------------------------------------------------------------------------------


@SETTINGS
@given(data=page_bytes, kind=st.sampled_from(["html", "text"]))
def test_decode_raises_nothing_but_load_error(data: bytes, kind: str) -> None:
    try:
        text, charset, how = decode(data, kind=kind)
    except LoadError as err:
        assert "\n" not in str(err)
        return
    assert "\r" not in text and not text.startswith("\ufeff")
    assert text.strip()
    assert how in ("bom", "declared", "detected", "default")
    " ".encode(charset)  # a real codec name


@SETTINGS
@given(data=page_bytes, kind=st.sampled_from(["html", "text"]))
def test_load_bytes_raises_nothing_but_load_error(data: bytes, kind: str) -> None:
    try:
        page = load_bytes(data, name="p", kind=kind, max_bytes=1500)
    except LoadError:
        return
    assert len(data) <= 1500
    assert page.kind == kind and page.name == "p"


# --- clean ----------------------------------------------------------------------------------


def _check_document(doc: Document) -> None:
    previous_end = 0
    for block in doc.blocks:
        assert block.text == doc.text[block.start : block.end]
        assert block.start < block.end  # no empty block
        assert block.start >= previous_end  # ordered, non-overlapping
        assert block.text.strip() == block.text or block.text.strip(" \u00a0") == block.text
        previous_end = block.end


@SETTINGS
@given(text=htmlish)
def test_clean_html_blocks_are_exact_ordered_spans(text: str) -> None:
    _check_document(clean(_page(text, "html")))


@SETTINGS
@given(text=st.one_of(polish_text, htmlish))
def test_clean_text_blocks_are_exact_ordered_spans(text: str) -> None:
    _check_document(clean(_page(text, "text")))


@SETTINGS
@given(text=st.one_of(polish_text, htmlish))
def test_normalize_spaces_maps_every_character_back(text: str) -> None:
    norm = normalize_spaces(text, 7)
    assert len(norm.offsets) == len(norm.text)
    for i, ch in enumerate(norm.text):
        original = text[norm.offsets[i] - 7]
        assert ch == original or (ch == " " and (original.isspace() or original in "\u200b"))
    assert list(norm.offsets) == sorted(set(norm.offsets))


# --- dates ----------------------------------------------------------------------------------

ISO = {
    Precision.YEAR: regex.compile(r"\d{4}"),
    Precision.MONTH: regex.compile(r"\d{4}-\d{2}"),
    Precision.DAY: regex.compile(r"\d{4}-\d{2}-\d{2}"),
}
XSD = {Precision.YEAR: "xsd:gYear", Precision.MONTH: "xsd:gYearMonth", Precision.DAY: "xsd:date"}


@SETTINGS
@given(text=polish_text)
def test_find_dates_spans_are_exact_and_precision_agrees_with_iso(text: str) -> None:
    taken = 0
    for m in find_dates(text):
        assert text[m.start : m.end] == m.text
        assert taken <= m.start < m.end  # in order, non-overlapping
        taken = m.end
        value = m.value
        assert ISO[value.precision].fullmatch(value.iso)
        assert value.xsd_type == XSD[value.precision]
        assert 1900 <= value.year <= 2100
        if m.range_end is not None:
            assert m.qualifier == "range" and m.range_end.precision is Precision.YEAR


# --- streets --------------------------------------------------------------------------------

TITLE_FORMS = frozenset(TITLES.values())
_TYPE_OR_TITLE = {k.lower() for k in (*STREET_TYPES, *TITLES)}
STREET_ITEM = st.lists(
    st.one_of(
        st.sampled_from(sorted(STREET_TYPES)),
        st.sampled_from(sorted(TITLES)),
        WORD,
        st.sampled_from(["12", "7a", "12/14", "03-737", "(róg)", "i", "oraz", "/", ",", "."]),
    ),
    max_size=6,
).map(" ".join)
street_list = st.lists(
    st.tuples(STREET_ITEM, st.sampled_from([", ", "/", " i ", "; ", " oraz ", "\n", " - "])),
    max_size=6,
).map(lambda parts: "".join(a + b for a, b in parts))


@SETTINGS
@given(text=st.one_of(street_list, polish_text))
def test_normalize_street_list_names_are_clean(text: str) -> None:
    for street in normalize_street_list(text):
        assert street.name.strip() == street.name and street.name
        assert text[street.start : street.end] == street.surface
        words = street.name.split(" ")
        kept = KIND_IN_NAME[street.street_type]
        if kept is not None and words[0] == kept and len(words) > 1:
            words = words[1:]  # the kind's own noun ('plac Wilsona', 'Trasa AK')
        assert words[0].lower() not in _TYPE_OR_TITLE, street
        titles = street.title.split(" ") if street.title else []
        assert all(t in TITLE_FORMS for t in titles), street  # 'gen.', 'abp adm.'
        assert len(set(titles)) == len(titles)


# --- names ----------------------------------------------------------------------------------

QUOTE_MARKS = '"„”“«»‚‘’‹›‟‛〝〞〟＂'
name_text = st.lists(
    st.one_of(WORD, st.sampled_from(list(QUOTE_MARKS)), st.sampled_from(SPACES)), max_size=12
).map("".join)


@SETTINGS
@given(text=st.one_of(name_text, polish_text), shouting=st.booleans())
def test_canonical_name_and_tidy_are_idempotent_and_unquoted(text: str, shouting: bool) -> None:
    once = tidy(text)
    assert tidy(once) == once
    assert not any(q in once for q in QUOTE_MARKS)
    name = canonical_name(text, shouting=shouting)
    assert canonical_name(name, shouting=shouting) == name
    assert not any(q in name for q in QUOTE_MARKS)
    assert name == name.strip() and "  " not in name


# --- organizations --------------------------------------------------------------------------


@SETTINGS
@given(text=st.one_of(name_text, polish_text))
def test_to_nominative_never_raises_and_keeps_a_name(text: str) -> None:
    org = to_nominative(text)
    assert org.surface == text
    if text.split():
        assert org.name.strip(), repr(text)
    assert org.name == " ".join(org.name.split())
