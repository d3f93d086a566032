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

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Literal

import regex

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
    return _Triggers({k: frozenset(v) for k, v in words.items()}, kinds)


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


# --- token helpers -----------------------------------------------------------------------


def _lemmas(token: Word) -> frozenset[str]:
    return lower_lemmas(token)


def _has(token: Word, category: str) -> bool:
    return bool(_lemmas(token) & _triggers()[category])


def _sentences(doc: Words) -> Iterable[tuple[int, int]]:
    start = 0
    for t in doc:
        if t.text in _SENTENCE_END:
            yield start, t.i + 1
            start = t.i + 1
    if start < len(doc):
        yield start, len(doc)


def _is_area_cell(block: Block) -> bool:
    return (
        block.cell is not None
        and bool(block.cell.header)
        and bool(_AREA_HEADER.search(block.cell.header or ""))
    )


def _capitalised(token: Word) -> bool:
    return token.text[:1].isupper() and token.is_alpha


def _typed_street(token: Word) -> bool:
    kind = STREET_TYPES.get(token.text) or STREET_TYPES.get(token.text.lower())
    t = _triggers()
    return kind is not None and kind not in t["landmark_noun"] | t["settlement_noun"]


# --- bounding streets --------------------------------------------------------------------


@per_block
def _block_list_starts(block: Block) -> tuple[int, ...]:
    """Where the block's lists of bounding streets begin (both extractors need them)."""
    return tuple(_street_list_starts(analyse_block(block)))


@per_block
def _block_street_spans(block: Block) -> tuple[tuple[int, int], ...]:
    """Norm-text spans of the bounding streets a block lists."""
    text = analyse_block(block).norm.text
    return tuple(
        (a, b) for offset in _block_list_starts(block) for _, a, b in _read_streets(text, offset)
    )


def _street_list_starts(ab: AnalysedBlock) -> list[int]:
    """Offsets in ``ab.norm.text`` where a list of bounding streets begins."""
    doc, starts = ab.doc, []
    area_cell = _is_area_cell(ab.block)
    for s, e in _sentences(doc):
        for i in range(s, e):
            tok = doc[i]
            nxt = doc[i + 1] if i + 1 < e else None
            colon_next = nxt is not None and nxt.text in _COLON
            after = (nxt.idx + len(nxt)) if colon_next and nxt is not None else tok.idx + len(tok)
            if _plural_street_noun(tok):
                if (
                    not colon_next
                    and nxt is not None
                    and i + 2 < e
                    and doc[i + 2].text in _COLON
                    and any(r.is_adj for r in _readings_of(nxt))
                ):  # 'ulice graniczne:'
                    colon_next, after = True, doc[i + 2].idx + 1
                before = doc[max(s, i - 3) : i]
                if colon_next or any(
                    _has(b, "area_noun") or _has(b, "between") or _has(b, "bounding_verb")
                    for b in before
                ):
                    starts.append(after)
            elif tok.text in _COLON and (nxt is None or _typed_street(nxt)):
                if area_cell or any(_has(b, "boundary_noun") for b in doc[s:i]):
                    starts.append(tok.idx + 1)
            elif _has(tok, "between") or _verb_of(tok, "bounding_verb"):
                k = i + 1 if nxt is not None and nxt.lower_ == "przez" else i  # 'wyznaczony przez'
                if k + 1 < e and _typed_street(doc[k + 1]) and not _plural_street_noun(doc[k + 1]):
                    starts.append(doc[k + 1].idx)
    return starts


def _plural_street_noun(token: Word) -> bool:
    if token.text.endswith("."):
        return False  # 'ul.' is one street, not a list
    nouns = _triggers()["street_noun"]
    return any(r.lemma in nouns and r.number == "pl" and r.is_noun for r in _readings_of(token))


def _first_lemmas(item: str) -> frozenset[str]:
    word = item.split()[0].strip(".,;:") if item.split() else ""
    return frozenset(r.lemma.lower() for r in shared_morphology().analyse(word))


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


def _read_streets(text: str, offset: int) -> list[tuple[StreetName, int, int]]:
    """Streets of the list starting at text[offset:], with spans in ``text``."""
    out: list[tuple[StreetName, int, int]] = []
    region = text[offset:]
    t = _triggers()
    stop_lemmas = t["landmark_noun"] | t["settlement_noun"]
    for a, b in split_street_list(region):
        item, clause = _cut_clause(region[a:b])
        if _first_lemmas(item) & stop_lemmas:
            break
        try:
            street = normalize_street(item, default_type="ulica")
        except NotAStreetError:
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

    def add(street: StreetName, start: int, end: int) -> None:
        if not any(m.start < end and start < m.end for m in found.values()):
            found[start] = StreetMention(street=street, start=start, end=end, text=page[start:end])

    blocks = section.blocks
    for index, block in enumerate(blocks):
        if block.role is Role.HEADING:
            continue
        ab = analyse_block(block)
        for offset in _block_list_starts(block):
            if _ONLY_PUNCT.fullmatch(ab.norm.text[offset:]):
                for item in _following_items(blocks, index):
                    norm = normalize_spaces(item.text, base=item.start)
                    streets = _read_streets(norm.text, 0)
                    if not streets:
                        break
                    for street, s, e in streets:
                        add(street, *norm.span(s, e))
                continue
            for street, s, e in _read_streets(ab.norm.text, offset):
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


def _nominative(words: list[str], cases: tuple[str, ...]) -> tuple[str, bool] | None:
    """A phrase of words (a hyphenated word counts as its parts) in the nominative.

    ``cases`` lists the cases the context allows, most likely first.  Returns None when
    the words cannot be read as one noun phrase in any of those cases.
    """
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


def _rejoin(words: list[str], parts: list[str]) -> str:
    it, out = iter(parts), []
    for w in words:
        out.append("-".join(next(it) for _ in w.split("-")))
    return " ".join(out)


# --- places ------------------------------------------------------------------------------

_ADJ_LIKE = regex.compile(
    r"\p{Lu}\p{Ll}*(?:sk|ck|dzk|ow|in|n)(?:i|y|a|e|iego|ego|iej|ej|ą|ym|im|ich|ych)"
)
_CELL_LEAD_END = frozenset({"–", "—", "-", ":", ","})
_VERB_POS = frozenset(
    {"fin", "praet", "inf", "impt", "imps", "pcon", "pant", "bedzie", "ppas", "pact", "winien"}
)
_MAX_WORDS = 4


def _verb_of(token: Word, category: str) -> bool:
    words = _triggers()[category]
    return any(r.lemma in words and r.pos in _VERB_POS for r in _readings_of(token))


def _noun_of(token: Word, category: str) -> bool:
    words = _triggers()[category]
    return token.text[:1].islower() and any(
        r.lemma in words and r.is_noun for r in _readings_of(token)
    )


def _landmark_lemma(token: Word) -> str | None:
    kinds = _triggers().landmark_kinds
    return next((r.lemma for r in _readings_of(token) if r.is_noun and r.lemma in kinds), None)


def _scope_start(doc: Words, s: int, e: int) -> int | None:
    """The sentence's first scope trigger: from it on, the sentence talks about the area."""
    for i in range(s, e):
        t = doc[i]
        if _verb_of(t, "scope_verb") or _verb_of(t, "bounding_verb") or _plural_street_noun(t):
            return i
        if _has(t, "scope_noun") and any(r.is_noun for r in _readings_of(t)):
            return i
        if _has(t, "area_noun") and (
            _label_end(doc, i, e) is not None or (i > s and _has(doc[i - 1], "possessive"))
        ):  # 'Obszar działania', 'naszym terenie'
            return i
    return None


def _label_end(doc: Words, i: int, e: int) -> int | None:
    """After an area noun: the end of its label ('Obszar działania:', 'Obszar to'), if any."""
    k = i + 1
    while k < e and _has(doc[k], "label_word"):
        k += 1
    if k < e and (doc[k].text in _COLON or doc[k].lower_ == "to"):
        return k + 1
    if k > i + 1 and "działanie" in _lemmas(doc[i + 1]):
        return i + 1  # 'Obszar działania obejmuje …' states the area, names nothing itself
    return None


def _run(doc: Words, i: int, e: int, *, landmarks: bool = False) -> int:
    """End of the capitalised name starting at token i (hyphenated words count as one);
    a landmark noun ends it unless ``landmarks`` ('osiedle Ogrody')."""
    j, words = i, 0
    while (
        j < e
        and _capitalised(doc[j])
        and words < _MAX_WORDS
        and not _typed_street(doc[j])
        and (landmarks or _landmark_lemma(doc[j]) is None)
    ):
        j, words = j + 1, words + 1
        if (
            j + 1 < e
            and doc[j].text == "-"
            and not doc[j - 1].whitespace_
            and not doc[j].whitespace_
            and _capitalised(doc[j + 1])
        ):
            j += 1
    return j


def _runs(doc: Words, i: int, e: int, *, landmarks: bool = False) -> list[tuple[int, int]]:
    """Coordinated names from token i: 'Gołąbki i Szamoty', 'X, Y oraz Z'."""
    out: list[tuple[int, int]] = []
    while i < e:
        j = _run(doc, i, e, landmarks=landmarks)
        if j == i:
            break
        out.append((i, j))
        if j + 1 < e and doc[j].text in _CONJUNCTIONS and _capitalised(doc[j + 1]):
            i = j + 1
        else:
            break
    return out


def _words(doc: Words, i: int, j: int) -> list[str]:
    return doc[i:j].text.split(" ")


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
    def __init__(self, ab: AnalysedBlock, page: str) -> None:
        self.ab, self.page = ab, page
        self.found: dict[int, PlaceMention] = {}
        self.used: set[int] = set()  # tokens already inside a name
        # tokens inside a bounding street ('ul. Nowe Ogrody' is no garden)
        streets = _block_street_spans(ab.block)
        self.used.update(t.i for t in ab.doc if any(a <= t.idx < b for a, b in streets))

    def add(self, i: int, j: int, name: str, kind: PlaceKind, certain: bool) -> None:
        doc = self.ab.doc
        if self.used & set(range(i, j)):
            return
        self.used.update(range(i, j))
        start, end = self.ab.page_span(doc[i].idx, doc[j - 1].idx + len(doc[j - 1]))
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
            got = (" ".join(words), True) if frozen else _nominative(words, cases)
            if got is None and need == "any":
                got = (" ".join(words), False)
            if got is not None:
                self.add(i, j, got[0], "neighbourhood", got[1])

    def landmark(self, h: int, s: int, e: int) -> None:
        doc = self.ab.doc
        if h in self.used:
            return
        head = doc[h]
        pre = (
            h - 1 if h - 1 >= s and _capitalised(doc[h - 1]) and _adjective_like(doc[h - 1]) else h
        )
        post = _run(doc, h + 1, e) if h + 1 < e else h + 1
        if pre == h and post == h + 1 and not head.text[:1].isupper():
            return  # 'w parku': no name
        got = _landmark_nominative(doc, pre, h, post)
        if got is not None:
            lemma = _landmark_lemma(head) or ""
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


def _sentence_places(col: _Collector, s: int, e: int, scope: int, area_cell: bool) -> None:
    doc = col.ab.doc
    if area_cell and s == 0:  # 'Stare Bałuty – obszar …', 'Julianów – teren …'
        j = _run(doc, 0, e)
        if 0 < j < e and doc[j].text in _CELL_LEAD_END:
            col.neighbourhoods([(0, j)], ("nom",), need="any")
    for i in range(scope, e):
        t = doc[i]
        nxt = i + 1
        if _landmark_lemma(t) is not None:
            col.landmark(i, s, e)
        elif _noun_of(t, "settlement_noun"):
            runs = _runs(doc, nxt, e, landmarks=True)
            plural = len(runs) > 1 or not any(
                r.number == "sg" for r in _readings_of(t) if r.is_noun
            )
            if plural:
                col.neighbourhoods(runs, _pl_cases(t) or ("nom",), need="any")
            else:
                col.neighbourhoods(runs, ("nom",), frozen=True, need="any")
        elif (
            _has(t, "area_noun")
            and (k := _label_end(doc, i, e)) is not None
            and k > i + 1
            and doc[k - 1].text in (":", "to")
        ):  # 'Obszar działania to Sielce'
            col.neighbourhoods(_runs(doc, k, e), ("nom",), need="any")
        elif _noun_of(t, "part_noun"):
            col.neighbourhoods(_runs(doc, nxt, e), ("gen",), need="not_org")
        elif t.text.lower() in ("na", "w") and i > s and _verb_of(doc[i - 1], "locative_verb"):
            col.neighbourhoods(_runs(doc, nxt, e), ("loc",))
        elif _verb_of(t, "scope_verb") and not _verb_of(t, "locative_verb"):
            while nxt < e and _lemmas(doc[nxt]) & _triggers()["filler"]:
                nxt += 1
            col.neighbourhoods(_runs(doc, nxt, e), ("acc",), need="not_org")


def places(section: Section, segmentation: Segmentation) -> list[PlaceMention]:
    """Neighbourhoods and landmarks named as the section's area, in page order."""
    page = segmentation.document.text
    found: dict[int, PlaceMention] = {}
    for block in section.blocks:
        if block.role is Role.HEADING:
            continue
        ab = analyse_block(block)
        col = _Collector(ab, page)
        area_cell = _is_area_cell(block)
        for s, e in _sentences(ab.doc):
            scope = s if area_cell else _scope_start(ab.doc, s, e)
            if scope is not None:
                _sentence_places(col, s, e, scope, area_cell)
        found.update(col.found)
    return [found[k] for k in sorted(found)]
