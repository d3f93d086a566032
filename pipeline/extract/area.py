"""The area a partnership serves: bounding streets, neighbourhoods and landmarks.

**Bounding streets** are read only after an area trigger (lemmas in
``resources/area_triggers.txt``, every inflected form through Morfeusz):

* a plural street noun after an area noun, a preposition "between" or a bounding verb:
  "w obszarze / rejonie / granicach / obrębie ulic", "pomiędzy ulicami", "ograniczony
  ulicami", "Granice wyznaczają ulice" — or followed by a colon ("ulice:", "ulice
  graniczne:");
* a typed street right after such a preposition or verb: "teren pomiędzy al. X, ul. Y",
  "ograniczony al. X", "w obszarze wyznaczonym przez ul. X";
* a colon followed by a typed street ("al. X, ul. Y") when a boundary noun stands earlier
  in the sentence ("Granice obszaru wyznaczają: al. …") or in a table cell whose column
  says it holds the area ("Obszar działania", "Teren");
* when nothing follows the trigger in its block, the list items right after it.

The list is split and canonicalised by :mod:`pipeline.normalize.streets` and ends at the
end of the sentence, at an item that is no street (", w tym …", a clause), at a landmark or
an estate ("oraz Park …"), or where a lower-case word starts a clause ("… wraz z").
Addresses (venues, seats, contact details) carry no trigger, so they are never read.

**Places** are read in a sentence after a scope trigger ("obejmuje", "działa", "zasięgiem",
"Obszar działania", "Obszar:", "na naszym terenie", a bounding-street trigger) or anywhere
in an area table cell, never inside a bounding street ("ul. Nowe Ogrody"):

* neighbourhoods: "osiedle / osiedla X (i Y)", "część / serce / teren X" (genitive),
  "działa na / w X" (locative), "obejmuje X" (accusative), "Obszar działania to X",
  "Obszar: X", and the lead of an area cell ("X – obszar …", "X, w obrębie …");
* landmarks: a capitalised phrase around a landmark noun ("Park Źródliska", "Parkiem
  Młocińskim", "teren Parku Praskiego", "Bałucki Rynek").

A name goes to the nominative from Morfeusz readings: the phrase's words must agree in case,
number and gender (geographic-name readings preferred, the case the context governs
first); nouns and agreeing adjectives are regenerated in the nominative, keeping the number
(plurale tantum "Młocin" -> "Młociny").  A singular "osiedle X" takes its name frozen in the
nominative, as Polish does ("na osiedlu Niedźwiadek").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from operator import attrgetter
from typing import Literal, NamedTuple

import regex

from pipeline.caches import page_cache
from pipeline.clean import Block, Role, normalize_spaces
from pipeline.extract.context import AnalysedBlock, analyse_block, per_block
from pipeline.morphology import ADJ_POS, NOUN_POS, Reading, shared_morphology
from pipeline.normalize.orgs import looks_like_org
from pipeline.normalize.streets import (
    STREET_TYPES,
    TITLES,
    NotAStreetError,
    StreetName,
    normalize_street,
    split_street_list,
)
from pipeline.segment import Section, Segmentation
from pipeline.words import Word, Words, lower_lemmas
from pipeline.words import readings as _readings_of

__all__ = ["PlaceMention", "StreetMention", "bounding_streets", "places"]

PlaceKind = Literal["neighbourhood", "park", "landmark"]


@dataclass(frozen=True, slots=True, kw_only=True)
class StreetMention:
    street: StreetName  # canonical (name, street_type, title, certain)
    start: int  # page span of the item as written
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceMention:
    name: str  # nominative: 'Chomiczówka', 'Stare Bielany', 'Park Młociński'
    kind: PlaceKind
    start: int  # page span as written: 'Chomiczówce', 'Parkiem Młocińskim'
    end: int
    text: str
    certain: bool  # the nominative was established by morphology


# --- resources ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Triggers:
    words: dict[str, frozenset[str]]  # category -> lemmas
    landmark_kinds: dict[str, PlaceKind]  # landmark noun -> kind
    place_nouns: frozenset[str]  # landmark and settlement nouns: they end a street list
    categories: dict[str, frozenset[str]]  # lemma -> the categories it is in
    lemmas: frozenset[str]  # every trigger lemma (all lower-case)

    def __getitem__(self, category: str) -> frozenset[str]:
        return self.words.get(category, frozenset())


@cache
def _triggers() -> _Triggers:
    text = (files("pipeline") / "resources" / "area_triggers.txt").read_text("utf-8")
    words: dict[str, set[str]] = {}
    kinds: dict[str, PlaceKind] = {}
    for line in text.splitlines():
        cols = line.split("#", 1)[0].split()
        if len(cols) >= 2:
            words.setdefault(cols[0], set()).add(cols[1])
            if cols[0] == "landmark_noun":
                kinds[cols[1]] = "park" if cols[2:] == ["park"] else "landmark"
    place_nouns = frozenset(words.get("landmark_noun", set()) | words.get("settlement_noun", set()))
    categories: dict[str, set[str]] = {}
    for category, lemmas in words.items():
        for lemma in lemmas:
            categories.setdefault(lemma, set()).add(category)
    return _Triggers(
        {k: frozenset(v) for k, v in words.items()},
        kinds,
        place_nouns,
        {k: frozenset(v) for k, v in categories.items()},
        frozenset(categories),
    )


#: Column headers of a table cell that holds the area.
_AREA_HEADER = regex.compile(r"obszar|teren|zasięg|granic|rejon|lokalizacj", regex.I)
_SENTENCE_END = frozenset({".", "!", "?", "…"})
_COLON = frozenset({":"})
_CONJUNCTIONS = frozenset({"i", "oraz", ","})
_GEO = ("nazwa_geograficzna", "człon_nazwy_geograficznej")
#: Lower-case words that may stand inside a street's name ("Jana z Kolna").
_NAME_PARTICLES = frozenset({"z", "ze", "nad", "pod", "w", "na", "de", "von", "van", "i"})
_LOWER_WORD = regex.compile(r"(?<![\p{L}.])\p{Ll}[\p{L}]*\.?")
_ONLY_PUNCT = regex.compile(r"[\s\p{P}]*")


_VERB_POS = frozenset(
    {"fin", "praet", "inf", "impt", "imps", "pcon", "pant", "bedzie", "ppas", "pact", "winien"}
)
#: Verbs whose forms start the part of a sentence that talks about the area.
_SCOPE_VERBS = frozenset({"scope_verb", "bounding_verb"})


# --- what the module reads off one word form ---------------------------------------------


class _Form(NamedTuple):
    """What this module reads off a word form: its text and readings alone, never its
    neighbours.  Computed once per form for the whole run (kept in the analysis's memo),
    so the scans test a field instead of walking every token's readings again."""

    has: frozenset[str]  # trigger categories among the form's lemmas ('obszarze' -> area_noun …)
    verb_of: frozenset[str]  # categories the form is a verb form of ('obejmuje' -> scope_verb)
    noun_of: frozenset[str]  # categories a lower-case form is a noun of ('części' -> part_noun)
    is_noun: bool  # some reading is a noun
    is_adj: bool  # some reading is an adjective
    plural_street_noun: bool  # 'ulice', 'ulicami' (never 'ul.', one street)
    typed_street: bool  # a street type that starts a street ('ul.', 'al.', 'Placu')
    capitalised: bool  # alphabetic, first letter upper-case
    landmark_lemma: str | None  # the landmark noun it is a form of ('Parkiem' -> 'park')
    #: It may start a list of bounding streets: a plural street noun, 'between', a bounding
    #: verb or a boundary noun (see :func:`_street_list_starts`).
    may_start_list: bool
    #: It may be a sentence's scope trigger (see :func:`_scope_start`).
    may_start_scope: bool
    #: :func:`_street_list_starts` looks at it: it may start a list, or it is a colon.
    list_mark: bool
    #: :func:`_sentence_places` looks at it: a landmark, settlement, area or part noun, a
    #: scope verb, or 'na' / 'w' (after a locative verb).
    place_mark: bool
    ends_sentence: bool  # '.', '!', '?', '…'
    marked: bool  # any of the four above: a block's scans look at it
    triggers: bool  # may_start_list or may_start_scope: a block without is not read


_FORM_MEMO = "area.form"


def _form(token: Word) -> _Form:
    """The token's :class:`_Form`, from its analysis's per-form memo."""
    memo = token.analysis.memo
    form = memo.get(_FORM_MEMO)
    if form is None:
        form = memo[_FORM_MEMO] = _read_form(token)
    return form


_NO_CATEGORIES: frozenset[str] = frozenset()


def _categories(lemmas: Iterable[str]) -> frozenset[str]:
    """The trigger categories the lemmas are in."""
    of_lemma = _triggers().categories
    found = [of_lemma[lemma] for lemma in lemmas if lemma in of_lemma]
    return frozenset().union(*found) if found else _NO_CATEGORIES


def _read_form(token: Word) -> _Form:
    t = _triggers()
    text, analysis = token.text, token.analysis
    readings = analysis.readings
    # what every form has, whether or not a lemma of its is a trigger
    street_type = STREET_TYPES.get(text) or STREET_TYPES.get(text.lower())
    typed_street = street_type is not None and street_type not in t.place_nouns
    capitalised = text[:1].isupper() and text.isalpha()
    is_adj = any(r.is_adj for r in readings)
    colon = text in _COLON
    locative_preposition = text.lower() in ("na", "w")
    ends_sentence = text in _SENTENCE_END
    if analysis.lower_lemmas.isdisjoint(t.lemmas):
        # Most forms: no lemma is a trigger (every trigger lemma is lower-case, so a
        # reading's lemma in the list is among the lower-case lemmas too).
        return _plain_form(
            is_noun=any(r.is_noun for r in readings),
            is_adj=is_adj,
            typed_street=typed_street,
            capitalised=capitalised,
            colon=colon,
            locative_preposition=locative_preposition,
            ends_sentence=ends_sentence,
        )
    nouns = [r for r in readings if r.is_noun]
    street_nouns = t["street_noun"]
    has = _categories(lower_lemmas(token))
    verb_of = _categories([r.lemma for r in readings if r.pos in _VERB_POS])
    plural_street_noun = not text.endswith(".") and any(  # 'ul.' is one street, not a list
        r.lemma in street_nouns and r.number == "pl" for r in nouns
    )
    noun_of = _categories([r.lemma for r in nouns]) if text[:1].islower() else _NO_CATEGORIES
    landmark_lemma = next((r.lemma for r in nouns if r.lemma in t.landmark_kinds), None)
    may_start_list = (
        plural_street_noun
        or "bounding_verb" in verb_of
        or not has.isdisjoint(("between", "boundary_noun"))
    )
    list_mark = may_start_list or colon
    may_start_scope = (
        plural_street_noun
        or not verb_of.isdisjoint(_SCOPE_VERBS)
        or not has.isdisjoint(("scope_noun", "area_noun"))
    )
    place_mark = (
        landmark_lemma is not None
        or not noun_of.isdisjoint(("settlement_noun", "part_noun"))
        or "area_noun" in has
        or "scope_verb" in verb_of
        or locative_preposition
    )
    return _Form(
        has=has,
        verb_of=verb_of,
        noun_of=noun_of,
        is_noun=bool(nouns),
        is_adj=is_adj,
        plural_street_noun=plural_street_noun,
        typed_street=typed_street,
        capitalised=capitalised,
        landmark_lemma=landmark_lemma,
        may_start_list=may_start_list,
        may_start_scope=may_start_scope,
        list_mark=list_mark,
        place_mark=place_mark,
        ends_sentence=ends_sentence,
        marked=list_mark or may_start_scope or place_mark or ends_sentence,
        triggers=may_start_list or may_start_scope,
    )


@lru_cache(maxsize=128)  # per combination of its seven flags: bounded
def _plain_form(
    *,
    is_noun: bool,
    is_adj: bool,
    typed_street: bool,
    capitalised: bool,
    colon: bool,
    locative_preposition: bool,
    ends_sentence: bool,
) -> _Form:
    """The :class:`_Form` of a form none of whose lemmas is a trigger (shared by every
    such form with the same flags): ``colon`` ':', ``locative_preposition`` 'na' / 'w'."""
    return _Form(
        has=_NO_CATEGORIES,
        verb_of=_NO_CATEGORIES,
        noun_of=_NO_CATEGORIES,
        is_noun=is_noun,
        is_adj=is_adj,
        plural_street_noun=False,
        typed_street=typed_street,
        capitalised=capitalised,
        landmark_lemma=None,
        may_start_list=False,
        may_start_scope=False,
        list_mark=colon,
        place_mark=locative_preposition,
        ends_sentence=ends_sentence,
        marked=colon or locative_preposition or ends_sentence,
        triggers=False,
    )


class _BlockWords(NamedTuple):
    """A block's analysis and the forms of its words, read once for both extractors, with
    the words each scan looks at (the indexes of the forms marked for it, ascending)."""

    ab: AnalysedBlock
    forms: tuple[_Form, ...]  # of ``ab.doc``'s words, in order; left empty when not read
    #: Word ranges [s, e) of its sentences; left empty when neither extractor reads it.
    sentences: tuple[tuple[int, int], ...]
    area_cell: bool  # a table cell whose column holds the area
    #: A list of bounding streets can begin in it (a block without is not scanned).
    may_list_streets: bool
    #: Some sentence of it can have a scope trigger (a block without names no place).
    may_state_scope: bool
    list_marks: list[int]  # _Form.list_mark
    scope_marks: list[int]  # _Form.may_start_scope
    place_marks: list[int]  # _Form.place_mark


_TRIGGERS = attrgetter("triggers")


@per_block
def _block_words(block: Block) -> _BlockWords:
    """The block's :class:`_BlockWords`.  Most blocks can hold neither a list of bounding
    streets nor a scope trigger: they are told apart first, and neither their forms nor
    their sentences are kept."""
    ab = analyse_block(block)
    area_cell = _is_area_cell(block)
    # _form(), with its memo read inline: a block's words are mostly known forms
    forms = [w.analysis.memo.get(_FORM_MEMO) or _form(w) for w in ab.doc.words]
    if not area_cell and not any(map(_TRIGGERS, forms)):
        return _BlockWords(
            ab=ab,
            forms=(),
            sentences=(),
            area_cell=False,
            may_list_streets=False,
            may_state_scope=False,
            list_marks=[],
            scope_marks=[],
            place_marks=[],
        )
    may_list_streets = area_cell
    list_marks: list[int] = []
    scope_marks: list[int] = []
    place_marks: list[int] = []
    ends: list[int] = []  # of sentences
    for i in [i for i, form in enumerate(forms) if form.marked]:  # what the scans look at
        form = forms[i]
        if form.list_mark:
            list_marks.append(i)
            may_list_streets = may_list_streets or form.may_start_list
        if form.may_start_scope:
            scope_marks.append(i)
        if form.place_mark:
            place_marks.append(i)
        if form.ends_sentence:
            ends.append(i + 1)
    return _BlockWords(  # read: it is an area cell, or some trigger marks it
        ab=ab,
        forms=tuple(forms),
        sentences=tuple(_sentences(ends, len(forms))),
        area_cell=area_cell,
        may_list_streets=may_list_streets,
        may_state_scope=bool(scope_marks),
        list_marks=list_marks,
        scope_marks=scope_marks,
        place_marks=place_marks,
    )


def _marks_in(marks: list[int], s: int, e: int) -> list[int]:
    """The marked word indexes (``marks``, ascending) in [s, e)."""
    return marks[bisect_left(marks, s) : bisect_left(marks, e)]


def _marked_sentences(
    marks: list[int], sentences: tuple[tuple[int, int], ...]
) -> Iterator[tuple[int, int, list[int]]]:
    """The sentences [s, e) that hold some of the marked words (``marks``, ascending), each
    with those words."""
    k, n = 0, len(marks)
    for s, e in sentences:
        if k == n:
            return
        j = k
        while j < n and marks[j] < e:
            j += 1
        if j > k:
            yield s, e, marks[k:j]
            k = j


# --- token helpers -----------------------------------------------------------------------


def _lemmas(token: Word) -> frozenset[str]:
    return lower_lemmas(token)


def _sentences(ends: list[int], length: int) -> Iterable[tuple[int, int]]:
    """Word ranges [start, end) of the sentences of a text of ``length`` words, the word
    before each of ``ends`` (ascending) a '.', '!', '?' or '…'."""
    start = 0
    for end in ends:
        yield start, end
        start = end
    if start < length:
        yield start, length


def _is_area_cell(block: Block) -> bool:
    return block.cell is not None and bool(block.cell.header) and _is_area_header(block.cell.header)


@page_cache(1024)  # per column header (a page's own text): a column's cells share it
def _is_area_header(header: str) -> bool:
    return bool(_AREA_HEADER.search(header))


# --- bounding streets --------------------------------------------------------------------

#: A street of a list and its span: (street, start, end).
_Street = tuple[StreetName, int, int]


@per_block
def _block_streets(block: Block) -> tuple[tuple[int, tuple[_Street, ...]], ...]:
    """The block's lists of bounding streets: where each begins in the block's norm text,
    and its streets with their spans there (both extractors need them)."""
    bw = _block_words(block)
    if not bw.may_list_streets:
        return ()
    text = bw.ab.norm.text
    return tuple((offset, tuple(_read_streets(text, offset))) for offset in _street_list_starts(bw))


#: Categories of the words before a plural street noun that make it start a list.
_LIST_LEAD = frozenset({"area_noun", "between", "bounding_verb"})


def _street_list_starts(bw: _BlockWords) -> list[int]:
    """Offsets in the block's norm text where a list of bounding streets begins."""
    words, forms, area_cell, starts = bw.ab.doc.words, bw.forms, bw.area_cell, []
    for s, e, marks in _marked_sentences(bw.list_marks, bw.sentences):
        for i in marks:  # the other words start nothing
            tok, form = words[i], forms[i]
            if form.plural_street_noun:
                nxt = words[i + 1] if i + 1 < e else None
                colon_next = nxt is not None and nxt.text in _COLON
                after = (
                    (nxt.idx + len(nxt.text))
                    if colon_next and nxt is not None
                    else tok.idx + len(tok.text)
                )
                if (
                    not colon_next
                    and nxt is not None
                    and i + 2 < e
                    and words[i + 2].text in _COLON
                    and forms[i + 1].is_adj
                ):  # 'ulice graniczne:'
                    colon_next, after = True, words[i + 2].idx + 1
                if colon_next or any(
                    not forms[b].has.isdisjoint(_LIST_LEAD) for b in range(max(s, i - 3), i)
                ):
                    starts.append(after)
            elif tok.text in _COLON and (i + 1 >= e or forms[i + 1].typed_street):
                if area_cell or any("boundary_noun" in forms[b].has for b in range(s, i)):
                    starts.append(tok.idx + 1)
            elif "between" in form.has or "bounding_verb" in form.verb_of:
                # 'wyznaczony przez'
                k = i + 1 if i + 1 < e and words[i + 1].lower_ == "przez" else i
                if k + 1 < e and forms[k + 1].typed_street and not forms[k + 1].plural_street_noun:
                    starts.append(words[k + 1].idx)
    return starts


def _starts_with_place_noun(item: str) -> bool:
    """Whether the item's first word is a landmark's or a settlement's noun ('Parkiem …')."""
    words = item.split(maxsplit=1)
    return _is_place_noun(words[0].strip(".,;:") if words else "")


@lru_cache(maxsize=20_000)  # per word form; bounded
def _is_place_noun(word: str) -> bool:
    """Whether a lemma of the word is a landmark or settlement noun."""
    place_nouns = _triggers().place_nouns
    return any(r.lemma.lower() in place_nouns for r in shared_morphology().analyse(word))


def _cut_clause(item: str) -> tuple[str, bool]:
    """An item up to a lower-case word that starts a clause ('Lindego wraz z …')."""
    for m in _LOWER_WORD.finditer(item):
        word = m.group()
        if word in _NAME_PARTICLES or word in STREET_TYPES or word in TITLES:
            continue
        if m.start() == 0:
            return item, False  # 'w tym …', 'ul.' …: normalize_street decides
        return item[: m.start()].rstrip(" ,;"), True
    return item, False


def _list_item(written: str) -> tuple[StreetName | None, bool]:
    """One item of a street list: its street (spans relative to ``written``), None where
    the list ends instead (a landmark or an estate, no street), and whether a clause
    that ends the list follows the street ('Lindego wraz z …').

    Most items are one word ('Mickiewicza'), read once per word for the whole run; a
    longer item is the page's own text, read once per page."""
    return _one_word_item(written) if written.isalpha() else _phrase_item(written)


@lru_cache(maxsize=20_000)  # per word form; bounded
def _one_word_item(word: str) -> tuple[StreetName | None, bool]:
    """:func:`_list_item` of a one-word item."""
    return _read_item(word)


@page_cache(20_000)  # per item as written (a page's own text); bounded
def _phrase_item(written: str) -> tuple[StreetName | None, bool]:
    """:func:`_list_item` of an item of several words (or of other characters)."""
    return _read_item(written)


def _read_item(written: str) -> tuple[StreetName | None, bool]:
    """:func:`_list_item`, uncached."""
    item, clause = _cut_clause(written)
    if _starts_with_place_noun(item):
        return None, clause
    try:
        return normalize_street(item, default_type="ulica"), clause
    except NotAStreetError:
        return None, clause


def _read_streets(text: str, offset: int) -> list[_Street]:
    """Streets of the list starting at text[offset:], with spans in ``text``."""
    out: list[_Street] = []
    region = text[offset:]
    for a, b in split_street_list(region):
        street, clause = _list_item(region[a:b])
        if street is None:
            break
        start = offset + a + street.start
        out.append((street, start, start + len(street.surface)))
        if clause:
            break
    return out


def _following_items(blocks: tuple[Block, ...], index: int) -> list[Block]:
    items = []
    for block in blocks[index + 1 :]:
        if block.role is not Role.LIST_ITEM:
            break
        items.append(block)
    return items


def bounding_streets(section: Section, segmentation: Segmentation) -> list[StreetMention]:
    """The streets that bound the section's area, in page order, each span as written."""
    page = segmentation.document.text
    found: dict[int, StreetMention] = {}
    # The spans found, sorted.  They do not overlap and none is empty, so their ends are
    # sorted too: a span overlaps one of them iff it overlaps the last that starts before
    # its end.
    starts: list[int] = []
    ends: list[int] = []

    def add(street: StreetName, start: int, end: int) -> None:
        i = bisect_left(starts, end)
        if i and start < ends[i - 1]:
            return
        found[start] = StreetMention(street=street, start=start, end=end, text=page[start:end])
        k = bisect_left(starts, start, 0, i)
        starts.insert(k, start)
        ends.insert(k, end)

    blocks = section.blocks
    for index, block in enumerate(blocks):
        if block.role is Role.HEADING:
            continue
        lists = _block_streets(block)
        if not lists:
            continue
        ab = analyse_block(block)
        for offset, listed in lists:
            if _ONLY_PUNCT.fullmatch(ab.norm.text, offset):
                for item in _following_items(blocks, index):
                    norm = normalize_spaces(item.text, base=item.start)
                    streets = _read_streets(norm.text, 0)
                    if not streets:
                        break
                    for street, s, e in streets:
                        add(street, *norm.span(s, e))
                continue
            for street, s, e in listed:
                add(street, *ab.page_span(s, e))
    return [found[k] for k in sorted(found)]


# --- nominative of a name phrase ---------------------------------------------------------


def _is_geo(r: Reading) -> bool:
    return any(n in _GEO for n in r.names)


def _match_case(new: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return new.upper()
    return new[:1].upper() + new[1:] if like[:1].isupper() else new


def _nominative_word(word: str, r: Reading, gender: str | None) -> str | None:
    if r.case == "nom":
        return word
    morph = shared_morphology()
    if r.is_adj:
        form = morph.inflect(
            r.lemma, case="nom", number=r.number or "sg", gender=gender or r.gender, pos=ADJ_POS
        )
    else:
        form = morph.inflect(
            r.lemma, case="nom", number=r.number or "sg", gender=r.gender, pos=NOUN_POS
        )
    if form is None:
        return None
    if word[1:].islower():  # the dictionary's odd inner capitals ('podKępie') are not ours
        form = form[:1] + form[1:].lower()
    return _match_case(form, word)


def _unknown_certain(word: str, cases: tuple[str, ...]) -> bool:
    """An unknown word kept as written: certain when it must be a nominative form."""
    if cases[:1] == ("nom",) and len(cases) == 1:
        return True
    return set(cases) <= {"nom", "acc"} and not word.endswith("ę")


def _nominative(words: tuple[str, ...], cases: tuple[str, ...]) -> tuple[str, bool] | None:
    """A phrase of words (a hyphenated word counts as its parts) in the nominative.

    ``cases`` lists the cases the context allows, most likely first.  Returns None when
    the words cannot be read as one noun phrase in any of those cases.  Most names are one
    word ('Chomiczówce'), read once per word for the whole run; a longer name is the page's
    own text, read once per page.
    """
    if len(words) == 1:
        return _word_nominative(words[0], cases)
    return _phrase_nominative(words, cases)


@lru_cache(maxsize=20_000)  # per word form (and cases); bounded
def _word_nominative(word: str, cases: tuple[str, ...]) -> tuple[str, bool] | None:
    """:func:`_nominative` of a one-word name."""
    return _read_nominative((word,), cases)


@page_cache(20_000)  # per name as written (a page's own text); bounded
def _phrase_nominative(words: tuple[str, ...], cases: tuple[str, ...]) -> tuple[str, bool] | None:
    """:func:`_nominative` of a name of several words."""
    return _read_nominative(words, cases)


def _read_nominative(words: tuple[str, ...], cases: tuple[str, ...]) -> tuple[str, bool] | None:
    """:func:`_nominative`, uncached."""
    parts = [p for w in words for p in w.split("-")]
    readings = [
        tuple(r for r in shared_morphology().analyse(p) if r.is_noun or r.is_adj) for p in parts
    ]
    best: tuple[tuple[int, int, int], list[Reading | None], str] | None = None
    for rank, case in enumerate(cases):
        keys = {(r.number, r.gender) for rs in readings for r in rs if r.case == case}
        for number, gender in keys:
            chosen: list[Reading | None] = []
            for rs in readings:
                fits = [
                    r
                    for r in rs
                    if (r.case, r.number) == (case, number) and _same_gender(r.gender, gender)
                ]
                if rs and not fits:
                    break
                fits.sort(key=lambda r: (not _is_geo(r), not r.is_noun))
                chosen.append(fits[0] if fits else None)
            else:
                if not any(r is not None and r.is_noun for r in chosen):
                    continue
                score = (rank, -sum(r is not None and _is_geo(r) for r in chosen), number != "sg")
                if best is None or score < best[0]:
                    best = (score, chosen, gender or "")
    if best is None:
        if all(not rs for rs in readings):  # wholly unknown: keep as written
            return " ".join(words), _unknown_certain(words[-1], cases)
        return None
    _, chosen, gender = best
    out, certain = [], True
    for part, r in zip(parts, chosen, strict=True):
        if r is None:
            out.append(part)
            certain &= _unknown_certain(part, cases)
            continue
        form = _nominative_word(part, r, gender)
        if form is None:
            return None
        out.append(form)
    return _rejoin(words, out), certain


def _same_gender(a: str | None, b: str | None) -> bool:
    return a == b or (a or "")[:1] == (b or "")[:1] == "n"


def _rejoin(words: tuple[str, ...], parts: list[str]) -> str:
    it, out = iter(parts), []
    for w in words:
        out.append("-".join(next(it) for _ in w.split("-")))
    return " ".join(out)


# --- places ------------------------------------------------------------------------------

_ADJ_LIKE = regex.compile(
    r"\p{Lu}\p{Ll}*(?:sk|ck|dzk|ow|in|n)(?:i|y|a|e|iego|ego|iej|ej|ą|ym|im|ich|ych)"
)
_CELL_LEAD_END = frozenset({"–", "—", "-", ":", ","})
_MAX_WORDS = 4


def _landmark_lemma(token: Word) -> str | None:
    return _form(token).landmark_lemma


def _scope_start(bw: _BlockWords, s: int, e: int, marks: list[int]) -> int | None:
    """The first scope trigger of the block's sentence [s, e), of its words ``marks`` (its
    scope marks: the others are no trigger): from it on, the sentence talks about the
    area."""
    forms = bw.forms
    for i in marks:
        f = forms[i]
        if f.plural_street_noun or not f.verb_of.isdisjoint(_SCOPE_VERBS):
            return i
        if "scope_noun" in f.has and f.is_noun:
            return i
        if "area_noun" in f.has and (
            _label_end(bw, i, e) is not None or (i > s and "possessive" in forms[i - 1].has)
        ):  # 'Obszar działania', 'naszym terenie'
            return i
    return None


def _label_end(bw: _BlockWords, i: int, e: int) -> int | None:
    """After an area noun (the block's word i): the end of its label ('Obszar działania:',
    'Obszar to'), if any, before e."""
    words, forms, k = bw.ab.doc.words, bw.forms, i + 1
    while k < e and "label_word" in forms[k].has:
        k += 1
    if k < e and (words[k].text in _COLON or words[k].lower_ == "to"):
        return k + 1
    if k > i + 1 and "działanie" in _lemmas(words[i + 1]):
        return i + 1  # 'Obszar działania obejmuje …' states the area, names nothing itself
    return None


def _run(bw: _BlockWords, i: int, e: int, *, landmarks: bool = False) -> int:
    """End (before e) of the capitalised name starting at the block's token i (hyphenated
    words count as one); a landmark noun ends it unless ``landmarks`` ('osiedle Ogrody')."""
    tokens, forms, j, words = bw.ab.doc.words, bw.forms, i, 0
    while j < e and words < _MAX_WORDS:
        form = forms[j]
        if (
            not form.capitalised
            or form.typed_street
            or (not landmarks and form.landmark_lemma is not None)
        ):
            break
        j, words = j + 1, words + 1
        if (
            j + 1 < e
            and tokens[j].text == "-"
            and not tokens[j - 1].whitespace_
            and not tokens[j].whitespace_
            and forms[j + 1].capitalised
        ):
            j += 1
    return j


def _runs(bw: _BlockWords, i: int, e: int, *, landmarks: bool = False) -> list[tuple[int, int]]:
    """Coordinated names from the block's token i: 'Gołąbki i Szamoty', 'X, Y oraz Z'."""
    out: list[tuple[int, int]] = []
    while i < e:
        j = _run(bw, i, e, landmarks=landmarks)
        if j == i:
            break
        out.append((i, j))
        if j + 1 < e and bw.ab.doc.words[j].text in _CONJUNCTIONS and bw.forms[j + 1].capitalised:
            i = j + 1
        else:
            break
    return out


def _words(doc: Words, i: int, j: int) -> list[str]:
    """The words i..j-1 (i < j) of the doc as written, split at its spaces."""
    words = doc.words
    return doc.text[words[i].idx : words[j - 1].idx + len(words[j - 1].text)].split(" ")


def _geo_or_unknown(words: list[str]) -> bool:
    morph = shared_morphology()
    for part in (p for w in words for p in w.split("-")):
        rs = morph.analyse(part)
        if rs[0].tag == "ign" or any(_is_geo(r) for r in rs):
            return True
    return False


def _acceptable(words: list[str], need: str) -> bool:
    """'geo': a name Morfeusz knows as geographic, or does not know; 'not_org': anything
    but an organization's name; 'any': the context alone says it is a place."""
    if need == "geo":
        return _geo_or_unknown(words)
    if need == "not_org":
        return _geo_or_unknown(words) or not looks_like_org(" ".join(words))
    return True


class _Collector:
    """The places named in one block (of its :class:`_BlockWords`)."""

    def __init__(self, bw: _BlockWords, page: str) -> None:
        ab = bw.ab
        self.bw, self.ab, self.page = bw, ab, page
        self.found: dict[int, PlaceMention] = {}
        self._used: set[int] | None = None

    @property
    def used(self) -> set[int]:
        """Tokens already inside a name or inside a bounding street ('ul. Nowe Ogrody' is no
        garden): those are found when a name is first tried (most blocks name none)."""
        if self._used is None:
            self._used = set()
            ab = self.ab
            streets = [(a, b) for _, listed in _block_streets(ab.block) for _, a, b in listed]
            if streets:
                starts = [t.idx for t in ab.doc.words]  # ascending
                for a, b in streets:
                    self._used.update(range(bisect_left(starts, a), bisect_left(starts, b)))
        return self._used

    def add(self, i: int, j: int, name: str, kind: PlaceKind, certain: bool) -> None:
        words = self.ab.doc.words
        if self.used & set(range(i, j)):
            return
        self.used.update(range(i, j))
        start, end = self.ab.page_span(words[i].idx, words[j - 1].idx + len(words[j - 1].text))
        self.found.setdefault(
            start,
            PlaceMention(
                name=name,
                kind=kind,
                start=start,
                end=end,
                text=self.page[start:end],
                certain=certain,
            ),
        )

    def neighbourhoods(
        self,
        runs: list[tuple[int, int]],
        cases: tuple[str, ...],
        *,
        frozen: bool = False,
        need: str = "geo",
    ) -> None:
        """``need``: see :func:`_acceptable`.  Where the context alone says it is a place,
        a name whose case we cannot undo is kept as written, uncertain."""
        for i, j in runs:
            words = _words(self.ab.doc, i, j)
            if not _acceptable(words, need):
                continue
            got = (" ".join(words), True) if frozen else _nominative(tuple(words), cases)
            if got is None and need == "any":
                got = (" ".join(words), False)
            if got is not None:
                self.add(i, j, got[0], "neighbourhood", got[1])

    def landmark(self, h: int, s: int, e: int) -> None:
        doc, forms = self.ab.doc, self.bw.forms
        if h in self.used:
            return
        head = doc.words[h]
        pre = (
            h - 1
            if h - 1 >= s and forms[h - 1].capitalised and _adjective_like(doc.words[h - 1])
            else h
        )
        post = _run(self.bw, h + 1, e) if h + 1 < e else h + 1
        if pre == h and post == h + 1 and not head.text[:1].isupper():
            return  # 'w parku': no name
        got = _landmark_nominative(doc, pre, h, post)
        if got is not None:
            lemma = forms[h].landmark_lemma or ""
            self.add(pre, post, got[0], _triggers().landmark_kinds[lemma], got[1])


_MASC_NEUT_ADJ = regex.compile(
    r"(?P<stem>\p{Lu}\p{Ll}*?(?P<last>\p{Ll}))(?:iego|ego|iemu|emu|im|ym)"
)


def _guess_adjective(token: Word, head: Reading) -> str | None:
    """Nominative of a masculine/neuter adjective Morfeusz does not know, by its ending."""
    if any(r.is_adj for r in _readings_of(token)) or head.number != "sg" or head.gender == "f":
        return None
    m = _MASC_NEUT_ADJ.fullmatch(token.text)
    if m is None:
        return None
    soft = m["last"] in "kg"
    if (head.gender or "").startswith("n"):
        return m["stem"] + ("ie" if soft else "e")
    return m["stem"] + ("i" if soft else "y")


def _adjective_like(token: Word) -> bool:
    return any(r.is_adj for r in _readings_of(token)) or bool(_ADJ_LIKE.fullmatch(token.text))


def _landmark_nominative(doc: Words, pre: int, h: int, post: int) -> tuple[str, bool] | None:
    """'Bałucki Rynek', 'Parkiem Młocińskim' -> nominative; names after the head that do not
    agree with it ('Park Źródliska', 'Park Pole Mokotowskie') stay as written."""
    lemma = _landmark_lemma(doc[h])
    heads = [r for r in _readings_of(doc[h]) if r.is_noun and r.lemma == lemma]
    heads.sort(key=lambda r: (r.case != "nom", r.number != "sg"))
    best: tuple[int, list[str], bool] | None = None
    for hr in heads:
        form = _nominative_word(doc[h].text, hr, hr.gender)
        if form is None:
            continue
        names, agree, certain = [], 0, True
        for k in [*range(pre, h), *range(h + 1, post)]:
            word = doc[k].text
            fit = next(
                (
                    r
                    for r in _readings_of(doc[k])
                    if r.is_adj
                    and r.case == hr.case
                    and r.number == hr.number
                    and _same_gender(r.gender, hr.gender)
                ),
                None,
            )
            if fit is not None:
                agree += 1
                names.append(_nominative_word(word, fit, hr.gender) or word)
            elif hr.case != "nom" and (guess := _guess_adjective(doc[k], hr)) is not None:
                names.append(guess)  # 'Parkiem Sołackim': an adjective Morfeusz lacks
                certain = False
            else:
                names.append(word)
                certain &= k > h or hr.case == "nom"
        names.insert(h - pre, form)
        if best is None or agree > best[0]:
            best = (agree, names, certain)
    return (" ".join(best[1]), best[2]) if best else None


def _pl_cases(token: Word) -> tuple[str, ...]:
    cases = [r.case for r in _readings_of(token) if r.is_noun and r.number == "pl" and r.case]
    return tuple(dict.fromkeys(c for c in cases if c != "voc"))


def _sentence_places(col: _Collector, s: int, e: int, scope: int) -> None:
    """Places named in the sentence [s, e) of the collector's block from its scope trigger
    on."""
    bw = col.bw
    words, forms = bw.ab.doc.words, bw.forms
    if bw.area_cell and s == 0:  # 'Stare Bałuty – obszar …', 'Julianów – teren …'
        j = _run(bw, 0, e)
        if 0 < j < e and words[j].text in _CELL_LEAD_END:
            col.neighbourhoods([(0, j)], ("nom",), need="any")
    for i in _marks_in(bw.place_marks, scope, e):  # the others name nothing
        t, f = words[i], forms[i]
        nxt = i + 1
        if f.landmark_lemma is not None:
            col.landmark(i, s, e)
        elif "settlement_noun" in f.noun_of:
            runs = _runs(bw, nxt, e, landmarks=True)
            plural = len(runs) > 1 or not any(
                r.number == "sg" for r in _readings_of(t) if r.is_noun
            )
            if plural:
                col.neighbourhoods(runs, _pl_cases(t) or ("nom",), need="any")
            else:
                col.neighbourhoods(runs, ("nom",), frozen=True, need="any")
        elif (
            "area_noun" in f.has
            and (k := _label_end(bw, i, e)) is not None
            and k > i + 1
            and words[k - 1].text in (":", "to")
        ):  # 'Obszar działania to Sielce'
            col.neighbourhoods(_runs(bw, k, e), ("nom",), need="any")
        elif "part_noun" in f.noun_of:
            col.neighbourhoods(_runs(bw, nxt, e), ("gen",), need="not_org")
        elif t.lower_ in ("na", "w") and i > s and "locative_verb" in forms[i - 1].verb_of:
            col.neighbourhoods(_runs(bw, nxt, e), ("loc",))
        elif "scope_verb" in f.verb_of and "locative_verb" not in f.verb_of:
            while nxt < e and "filler" in forms[nxt].has:
                nxt += 1
            col.neighbourhoods(_runs(bw, nxt, e), ("acc",), need="not_org")


def places(section: Section, segmentation: Segmentation) -> list[PlaceMention]:
    """Neighbourhoods and landmarks named as the section's area, in page order."""
    page = segmentation.document.text
    found: dict[int, PlaceMention] = {}
    for block in section.blocks:
        if block.role is Role.HEADING:
            continue
        bw = _block_words(block)
        area_cell = bw.area_cell
        if not area_cell and not bw.may_state_scope:
            continue  # no sentence of it names the area
        col = _Collector(bw, page)
        if area_cell:  # every sentence of it states the area
            for s, e in bw.sentences:
                _sentence_places(col, s, e, s)
        else:  # a sentence without a scope mark has no scope trigger
            for s, e, marks in _marked_sentences(bw.scope_marks, bw.sentences):
                scope = _scope_start(bw, s, e, marks)
                if scope is not None:
                    _sentence_places(col, s, e, scope)
        found.update(col.found)
    return [found[k] for k in sorted(found)]
