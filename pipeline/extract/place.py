"""The district and city a page is about, resolved against TERYT TERC.

Read from the page's text only — its own statements first, then its sections — through
Morfeusz lemmas, so every inflected form counts:

* a **TERC district** (a Warsaw dzielnica, a city's delegatura) named anywhere, as a
  capitalised noun whose geographic-name lemma is the district's ("na Żoliborzu",
  "Dzielnicy Żoliborz", "na Bałutach", "Targówek"), words of a longer name agreeing one by
  one ("w Nowej Hucie", "Praga-Północ", "Praga Północ"), or the delegatura's own name
  ("Łódź-Bałuty", which names the city too);
* a **district TERC does not list** (Gdańsk, Lublin and the osiedla of every city have
  none) once the page introduces it: "na X" with X a geographic name in the locative —
  the Polish way of saying one lives in a district ("na Czechowie", "na lubelskim Czechowie
  i Kalinowszczyźnie") — or "dzielnica X" ("Rady Dzielnicy Wrzeszcz Górny" -> Wrzeszcz);
  it is then counted like a TERC district and keeps ``terc`` None;
* an **adjective derived from a district's name** ("żoliborskich", "bielańskie",
  "bałuckie", "Wrzeszczańskie Centrum Kultury") counts for that district, matched by the
  Polish derivation, never by a list (see :func:`derives_from`);
* a **city** named as a capitalised geographic noun that TERC knows as a city ("Łodzi",
  "m.st. Warszawy", "w Krakowie", "w Lublinie").

Words right after a street-type word ("ul. Mokotowska", "Park Praski", "osiedla Ołbin")
name streets and parks, not districts, and are skipped.  The district is the one named
most often (a tie: the one named first); the city is the mentioned city whose TERC
district it is, else the city a TERC district implies (a Warsaw dzielnica implies
Warszawa, "Widzew" Łódź), else the city named most often.  A page that names no city in
its text at all (its address lives in the footer, which the cleaner dropped) falls back to
the postal address in the page's source ("80-219 Gdańsk"): that city has no span.
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

import regex

from pipeline.clean import Block
from pipeline.extract.context import analyse_block
from pipeline.morphology import Reading, shared_morphology
from pipeline.normalize.streets import STREET_TYPES, TITLES
from pipeline.normalize.teryt import Unit, lookup_city, lookup_district, units
from pipeline.segment import Segmentation
from pipeline.words import Word
from pipeline.words import readings as _readings_of

__all__ = ["PlaceFinding", "derives_from", "page_place"]

Span = tuple[int, int]
_GEO = "nazwa_geograficzna"
_STREET_WORDS = frozenset(k.casefold() for k in STREET_TYPES)
_TITLE_WORDS = frozenset(k.casefold() for k in TITLES)
_HYPHENS = frozenset("-‐‑–")
_ADJECTIVE = regex.compile(
    r"^(?P<base>\p{L}+?)(?P<suffix>dzk|ck|sk)(?:i|iego|iemu|im|a|iej|ą|ie|ich|imi)$"
)
_POSTAL_CITY = regex.compile(
    r"\b\d{2}-\d{3}[ \u00a0]+(?P<city>\p{Lu}\p{Ll}+(?:[- ]\p{Lu}\p{Ll}+)*)"
)
_TAGS = regex.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceFinding:
    """The page's district (``None`` when it names none) and city, with their spans."""

    district: str | None
    district_unit: Unit | None  # the TERC unit, when TERC lists the district
    district_spans: tuple[Span, ...]
    city: str | None
    city_unit: Unit | None
    city_spans: tuple[Span, ...]
    city_source: Literal["text", "district", "address"] | None


# --------------------------------------------------------------------------------------
# Adjectives derived from place names
# --------------------------------------------------------------------------------------

#: Consonants a name's stem may end in before the -cki / -dzki / -ski suffix swallows them:
#: Bałuty -> bałucki, Targówek -> targówecki, Jeżyce -> jeżycki; Łódź -> łódzki; Ursus ->
#: ursuski, Żoliborz -> żoliborski, Praga -> praski, Gdańsk -> gdański.
_SWALLOWED = {
    "ck": ("", "k", "c", "t", "ć", "cz"),
    "dzk": ("", "d", "dź", "dz", "g"),
    "sk": ("", "s", "sz", "ś", "z", "ż", "rz", "g", "sk"),
}
#: Derivational infixes before the suffix: Wrzeszcz -> wrzeszczański, Nadodrze ->
#: nadodrzański, Czechów -> czechowski.
_INFIXES = ("an", "ow", "ew", "in", "yn")


def _fold(word: str) -> str:
    """Lower case, the vowel and softness alternations of derivation levelled: ó -> o,
    ń -> n (Bielany -> bielański, Targówek -> targówecki)."""
    return word.casefold().replace("ó", "o").replace("ń", "n")


def _name_stem(name: str) -> str:
    """'Bielany' -> 'bielan', 'Żoliborz' -> 'żoliborz', 'Jeżyce' -> 'jeżyc'."""
    folded = _fold(name)
    return folded[:-1] if len(folded) > 3 and folded[-1] in "aeiouy" else folded


def derives_from(adjective: str, name: str) -> bool:
    """Is ``adjective`` (any case form) the relational adjective of the place ``name``?

    Polish forms it from the name's stem (its final vowel dropped) with -ski, whose s
    merges with a stem-final sibilant ('Ursus' -> 'ursuski', 'Żoliborz' -> 'żoliborski')
    and turns a stem-final k, c, t into -cki ('Bałuty' -> 'bałucki', 'Targówek' ->
    'targówecki') and d, dź into -dzki ('Łódź' -> 'łódzki'), often with an infix -an-,
    -ow-, -in- ('Wrzeszcz' -> 'wrzeszczański', 'Czechów' -> 'czechowski'); ó and o, ń and n
    alternate.  One-word names only; irregular ones ('Lublin' -> 'lubelski') are missed.
    """
    if " " in name or any(h in name for h in _HYPHENS):
        return False
    return _name_stem(name) in _derived_stems(adjective)


def _derived_stems(adjective: str) -> frozenset[str]:
    """The name stems (:func:`_name_stem`) an adjective may derive from: 'bielańskie' ->
    {'bielan', 'bielans', …}; empty for a word that is no -ski / -cki / -dzki adjective."""
    m = _ADJECTIVE.match(adjective.casefold())
    if not m:
        return frozenset()
    base = _fold(m.group("base"))
    bases = {base} | {base[: -len(i)] for i in _INFIXES if base.endswith(i) and len(base) > 4}
    return frozenset(b + end for b in bases if len(b) >= 2 for end in _SWALLOWED[m.group("suffix")])


# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------


@cache
def _word_lemmas(word: str) -> frozenset[str]:
    """A name's word as a set of folded lemmas: 'Nowa' -> {'nowa', 'nowy'}."""
    found = {r.lemma.casefold() for r in shared_morphology().analyse(word) if r.pos != "ign"}
    return frozenset(found | {word.casefold()})


@dataclass(frozen=True, slots=True, eq=False)
class _Entry:
    """A TERC name to look for: its words as lemma sets, and what it names.  Each name has
    one entry (:func:`_gazetteer`), so entries are told apart by identity."""

    words: tuple[frozenset[str], ...]
    name: str
    kind: Literal["district", "city"]


@cache
def _gazetteer() -> dict[str, tuple[_Entry, ...]]:
    """TERC districts (and delegatury's full names) and cities, by their first word's lemmas."""
    entries: dict[str, _Entry] = {}
    for u in units():
        names: tuple[str, ...]
        if u.kind in ("dzielnica", "delegatura"):
            names, kind = (u.name, u.official_name), "district"
        elif u.kind in ("miasto na prawach powiatu", "gmina miejska", "miasto"):
            names, kind = (u.name,), "city"
        else:
            continue
        for name in filter(None, names):
            parts = regex.findall(r"[^\s\-‐‑–]+", name)
            # one word: its own lemma must be read ("Dębami" is no "Dąbie"); a longer name:
            # each word as any of its lemmas, for agreement ("Nowej Hucie")
            words = (
                tuple(_word_lemmas(w) for w in parts)
                if len(parts) > 1
                else (frozenset({name.casefold()}),)
            )
            entries.setdefault(name.casefold(), _Entry(words, name, kind))  # type: ignore[arg-type]
    index: dict[str, list[_Entry]] = {}
    for e in entries.values():
        for lemma in e.words[0]:
            index.setdefault(lemma, []).append(e)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _district_names() -> tuple[str, ...]:
    """One-word TERC district names, for adjectives ('bielański' -> Bielany)."""
    return tuple(
        dict.fromkeys(
            e.name
            for es in _gazetteer().values()
            for e in es
            if e.kind == "district" and len(e.words) == 1
        )
    )


# --------------------------------------------------------------------------------------
# Word forms
# --------------------------------------------------------------------------------------

_MEMO = "place.form"  # the key of a form's _Form in its analysis' memo


@dataclass(slots=True, eq=False)
class _Form:
    """What the place scan needs to know of a word form, read from its text and readings
    alone: worked out once per form for the whole run (:func:`_form`).  Never changed once
    made; not frozen, since a frozen dataclass is slow to make (one is made per new form)."""

    capitalised: bool = False
    #: TERC names whose first word the form may be (capitalised forms only), in the order
    #: they are tried
    entries: tuple[_Entry, ...] = ()
    #: the form's folded lemmas and the folded form: what a word of a longer name agrees on
    keys: frozenset[str] = frozenset()
    adjectival: bool = False  # some reading is an adjective ("Leśne")
    #: a capitalised form's geographic-name lemmas (the form itself for an unknown word),
    #: folded, and those of its locative readings
    geo: frozenset[str] = frozenset()
    geo_folded: frozenset[str] = frozenset()
    geo_loc: frozenset[str] = frozenset()
    loc_adjective: bool = False  # some reading is a locative adjective ("lubelskim")
    adjective: str | None = None  # the lemma of a -ski / -cki / -dzki adjective
    adjective_district: str | None = None  # the TERC district that adjective derives from
    na: bool = False  # the preposition "na"
    district_word: bool = False  # a form of "dzielnica"
    street_word: bool = False  # "ul.", "park", "osiedla" …
    title_word: bool = False  # a title between a street word and its name ("al. gen. X")
    introduces: bool = False  # "na" or "dzielnica": may introduce a district (_introduced)
    scanned: bool = False  # may name a place or derive from one: the mention scan reads it


#: The facts of the many forms that have none (shared, so that memory stays small).
_PLAIN = _Form()


def _form(word: Word) -> _Form:
    """The :class:`_Form` of a word, memoised on its analysis (shared by the form)."""
    analysis = word.analysis
    found = analysis.memo.get(_MEMO)
    if found is None:
        found = analysis.memo[_MEMO] = _read_form(word.text, analysis.readings, analysis.lemmas)
    return found


def _read_form(text: str, readings: tuple[Reading, ...], lemmas: AbstractSet[str]) -> _Form:
    """The :class:`_Form` of the form ``text`` with its readings (whose lemmas are
    ``lemmas``)."""
    folded = text.casefold()
    capitalised = text[:1].isupper() and text[:1].isalpha()
    adjectival = any(r.is_adj for r in readings)
    adjective = _adjective_lemma(text, readings)
    na = folded == "na"
    district_word = "dzielnica" in lemmas
    street_word = folded in _STREET_WORDS
    title_word = folded in _TITLE_WORDS
    if not (
        capitalised
        or adjectival
        or adjective is not None
        or na
        or district_word
        or street_word
        or title_word
    ):
        return _PLAIN  # most forms: a lower-case word, no adjective, nothing to know
    entries: tuple[_Entry, ...] = ()
    keys: frozenset[str] = frozenset()
    geo: frozenset[str] = frozenset()
    geo_loc: frozenset[str] = frozenset()
    if capitalised:
        keys = frozenset({lemma.casefold() for lemma in lemmas} | {folded})
        gazetteer = _gazetteer()
        entries = tuple(dict.fromkeys(e for k in sorted(keys) for e in gazetteer.get(k, ())))
        if all(r.pos == "ign" for r in readings):
            geo = frozenset({text})
        else:
            geo = frozenset(r.lemma for r in readings if _GEO in r.names)
            geo_loc = frozenset(r.lemma for r in readings if _GEO in r.names and r.case == "loc")
    return _Form(  # never _PLAIN: some field above is set
        capitalised=capitalised,
        entries=entries,
        keys=keys,
        adjectival=adjectival,
        geo=geo,
        geo_folded=frozenset(lemma.casefold() for lemma in geo),
        geo_loc=geo_loc,
        loc_adjective=adjectival and any(r.is_adj and r.case == "loc" for r in readings),
        adjective=adjective,
        adjective_district=_district_of_adjective(adjective) if adjective is not None else None,
        na=na,
        district_word=district_word,
        street_word=street_word,
        title_word=title_word,
        introduces=na or district_word,
        scanned=bool(entries or geo or adjective is not None),
    )


_ADJECTIVE_STEM = regex.compile(r"(?:dzk|ck|sk)", regex.I)


def _adjective_lemma(text: str, readings: tuple[Reading, ...]) -> str | None:
    """The lemma of a form of a -ski / -cki / -dzki adjective ('bielańskie' -> 'bielański')."""
    if not _ADJECTIVE_STEM.search(text):
        return None  # every form of a -ski/-cki/-dzki adjective has its stem
    for r in readings:
        if r.is_adj and _ADJECTIVE.match(r.lemma.casefold()):
            return r.lemma
    folded = text.casefold()
    return folded if _ADJECTIVE.match(folded) else None


@cache
def _districts_by_stem() -> dict[str, tuple[int, str]]:
    """One-word TERC district names by their stem (:func:`_name_stem`), each with its
    position in :func:`_district_names` (the first, where several share a stem)."""
    by_stem: dict[str, tuple[int, str]] = {}
    for position, name in enumerate(_district_names()):
        if " " not in name and not any(h in name for h in _HYPHENS):
            by_stem.setdefault(_name_stem(name), (position, name))
    return by_stem


@lru_cache(maxsize=20_000)  # per adjective lemma; bounded
def _district_of_adjective(adjective: str) -> str | None:
    """The TERC district an adjective is derived from ('żoliborski' -> 'Żoliborz'): of
    those it :func:`derives_from`, the first of :func:`_district_names`."""
    by_stem = _districts_by_stem()
    found = [by_stem[stem] for stem in _derived_stems(adjective) if stem in by_stem]
    return min(found)[1] if found else None


@lru_cache(maxsize=20_000)  # per adjective lemma and name; bounded
def _derives(adjective: str, name: str) -> bool:
    """:func:`derives_from`, once per adjective and name (it matches regexes)."""
    return derives_from(adjective, name)


@lru_cache(maxsize=4096)  # per name; bounded
def _district_unit(name: str, city: str | None = None) -> Unit | None:
    """:func:`lookup_district`, once per name (it folds the name with regexes)."""
    return lookup_district(name, city)


@lru_cache(maxsize=4096)  # per name; bounded
def _city_unit(name: str) -> Unit | None:
    """:func:`lookup_city`, once per name (it folds the name with regexes)."""
    return lookup_city(name)


def _after_street_word(forms: list[_Form], i: int) -> bool:
    """Whether word ``i`` (of a block whose words' forms are ``forms``) follows a street
    word, maybe with a title between ('ul. Mokotowska', 'al. gen. X')."""
    j = i - 1
    if j >= 0 and forms[j].title_word:
        j -= 1
    return j >= 0 and forms[j].street_word


# --------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Tally:
    """Mentions per name, in reading order."""

    spans: dict[str, list[Span]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # folded -> as written in the name
    order: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, span: Span, position: int) -> None:
        key = name.casefold()
        spans = self.spans.get(key)
        if spans is None:  # its first mention
            self.names[key], self.order[key] = name, position
            spans = self.spans[key] = []
        spans.append(span)

    def best(self) -> str | None:
        if not self.spans:
            return None
        key = min(self.spans, key=lambda k: (-len(self.spans[k]), self.order[k]))
        return self.names[key]

    def ranked(self) -> list[str]:
        keys = sorted(self.spans, key=lambda k: (-len(self.spans[k]), self.order[k]))
        return [self.names[k] for k in keys]

    def of(self, name: str) -> tuple[Span, ...]:
        return tuple(sorted(set(self.spans.get(name.casefold(), ()))))


def _blocks(segmentation: Segmentation) -> Iterator[Block]:
    seen: set[tuple[int, int]] = set()
    ordered = list(segmentation.statements)
    for section in segmentation.sections:
        ordered += [section.heading, *section.blocks]
    for b in ordered:
        if (b.start, b.end) not in seen:
            seen.add((b.start, b.end))
            yield b


def _introduced(words: list[Word], forms: list[_Form], i: int) -> Iterator[AbstractSet[str]]:
    """Names (a word's lemmas) that word ``i`` introduces as districts: 'na X (i Y)',
    'dzielnica X'.  ``forms`` are the forms of the block's ``words``."""
    n, form = len(words), forms[i]
    if form.na:
        j = i + 1
        while j < n:
            following = forms[j]
            if following.capitalised or not following.loc_adjective:
                break
            j += 1  # "na lubelskim Czechowie"
        while j < n:
            found = frozenset() if _after_street_word(forms, j) else forms[j].geo_loc
            if not found:
                break
            yield found
            if j + 2 < n and words[j + 1].text in ("i", "oraz"):
                j += 2  # "na Nadodrzu i Ołbinie"
                continue
            break
    elif form.district_word and i + 1 < n:
        nxt = words[i + 1]
        found = forms[i + 1].geo
        if found:
            nominative = {r.lemma for r in _readings_of(nxt) if r.case == "nom"} & found
            yield nominative or found


def _word_agrees(form: _Form, want: frozenset[str], entry: _Entry) -> bool:
    if not form.capitalised:
        return False
    if len(entry.words) > 1:  # a word of a longer name: any reading agrees ("Nowej Hucie")
        return not form.keys.isdisjoint(want)
    if entry.kind == "city" and form.adjectival:
        return False  # "Leśne Skrzaty" is no mention of the town Leśna
    return not form.geo_folded.isdisjoint(want)


def _match(words: list[Word], forms: list[_Form], i: int) -> tuple[_Entry, int] | None:
    """The longest TERC name starting at word ``i``: (entry, end word index).  ``forms``
    are the forms of the block's ``words``."""
    n = len(words)
    best: tuple[_Entry, int] | None = None
    for entry in forms[i].entries:
        j = i
        for k, want in enumerate(entry.words):
            if k and j < n and words[j].text in _HYPHENS:
                j += 1
            if j >= n or not _word_agrees(forms[j], want, entry):
                break
            j += 1
        else:
            if best is None or j > best[1] or (j == best[1] and entry.kind == "district"):
                best = (entry, j)
    return best


def _pick(found: AbstractSet[str], words: set[str]) -> str:
    """Of a word's lemmas, the one the page also writes as it is ('Czechów', not 'Czechowo')."""
    return sorted(found & words or found)[0]


def _scan(segmentation: Segmentation) -> tuple[_Tally, _Tally, _Tally]:
    """Mentions of TERC districts, of other introduced districts, and of cities."""
    analysed = [analyse_block(b) for b in _blocks(segmentation)]
    # The forms of every block's words, read once (_form, its memo read inline): both passes
    # below look at them.
    block_forms = [
        [w.analysis.memo.get(_MEMO) or _form(w) for w in ab.doc.words] for ab in analysed
    ]
    # What the page introduces as districts, and which words the mention scan must read:
    # most words can neither name a place nor derive from one (their form is _PLAIN).
    found_names: list[AbstractSet[str]] = []
    specials: list[list[int]] = []  # per block, the indexes of its words not _PLAIN
    to_read: list[list[int]] = []  # per block, the indexes of those words
    for ab, forms in zip(analysed, block_forms, strict=True):
        words = ab.doc.words
        special = [i for i, form in enumerate(forms) if form is not _PLAIN]
        specials.append(special)
        to_read.append([i for i in special if forms[i].scanned])
        for i in [i for i in special if forms[i].introduces]:
            found_names += _introduced(words, forms, i)
    introduced: list[str] = []
    # the page's words as written, read when first needed: those not _PLAIN, which hold
    # every word written like a capitalised name (it is capitalised), and all of them
    special_texts: set[str] | None = None
    all_texts: set[str] | None = None
    for found in found_names:
        if len(found) == 1:
            (name,) = found
        elif all(n[:1].isupper() and n[:1].isalpha() for n in found):
            if special_texts is None:
                special_texts = set()
                for ab, special in zip(analysed, specials, strict=True):
                    words = ab.doc.words
                    special_texts.update([words[i].text for i in special])
            name = _pick(found, special_texts)
        else:
            if all_texts is None:
                all_texts = {w.text for ab in analysed for w in ab.doc.words}
            name = _pick(found, all_texts)
        if name not in introduced:
            introduced.append(name)
    extra = [
        n
        for n in introduced
        if _city_unit(n) is None
        and not any(e.name == n for e in _gazetteer().get(n.casefold(), ()))
    ]
    terc, other, cities = _Tally(), _Tally(), _Tally()
    # A mention's position counts the words up to it in reading order, a name of several
    # words as one (as a word-by-word walk that jumps over the names it finds would).
    read = 0  # words of the blocks before, so counted
    for ab, forms, indexes in zip(analysed, block_forms, to_read, strict=True):
        words = ab.doc.words
        inside = 0  # words of this block inside names already read (after their first)
        resume = 0  # the word after the last name read
        for i in indexes:
            if i < resume:
                continue
            position = read + i + 1 - inside
            if _after_street_word(forms, i):
                continue
            form = forms[i]
            hit = _match(words, forms, i) if form.entries else None  # no entry, no name
            if hit is not None:
                entry, end = hit
                span = ab.page_span(words[i].idx, words[end - 1].idx + len(words[end - 1].text))
                unit = _district_unit(entry.name) if entry.kind == "district" else None
                if entry.kind == "city":
                    city = _city_unit(entry.name)
                    if city is not None:
                        cities.add(city.name, span, position)
                elif unit is not None and unit.city and unit.official_name == entry.name:
                    terc.add(unit.name, span, position)  # "Łódź-Bałuty": both
                    cities.add(unit.city.name, span, position)
                else:
                    terc.add(entry.name, span, position)
                inside += end - i - 1
                resume = end
                continue
            # one word: an introduced district's name, or an adjective derived from one
            geo = form.geo
            tally, named = other, None
            if extra and geo:
                named = next((n for n in extra if n in geo), None)
            if named is None and (adj := form.adjective) is not None:
                if extra:
                    named = next((n for n in extra if _derives(adj, n)), None)
                if named is None:
                    tally, named = terc, form.adjective_district
            if named:
                word = words[i]
                tally.add(named, ab.page_span(word.idx, word.idx + len(word.text)), position)
        read += len(words) - inside
    return terc, other, cities


def _address_city(segmentation: Segmentation) -> str | None:
    """The city of the postal addresses in the page's source ('80-219 Gdańsk')."""
    source = _TAGS.sub(" ", segmentation.document.page.text)
    tally = _Tally()
    for k, m in enumerate(_POSTAL_CITY.finditer(source)):
        unit = _city_unit(m.group("city"))
        if unit is not None:
            tally.add(unit.name, (m.start("city"), m.end("city")), k)
    return tally.best()


def page_place(segmentation: Segmentation) -> PlaceFinding | None:
    """The district and city the page is about; ``None`` when it names neither."""
    terc, other, cities = _scan(segmentation)
    # A district TERC lists wins over an osiedle the page names more often ("Targówek"
    # over "Podgrodzie"); other names count only where the page names no TERC district.
    districts = terc if terc.spans else other
    district = districts.best()
    named_cities = cities.ranked()
    unit: Unit | None = None
    city: str | None = None
    source: Literal["text", "district", "address"] | None = None
    if district is not None:
        unit = next(
            (u for c in named_cities if (u := _district_unit(district, c)) is not None), None
        )
        if unit is not None:
            city, source = unit.city.name if unit.city else None, "text"
        elif named_cities:
            city, source = named_cities[0], "text"
        else:
            unit = _district_unit(district)
            if unit is not None and unit.city is not None:
                city, source = unit.city.name, "district"
    elif named_cities:
        city, source = named_cities[0], "text"
    if city is None:
        city = _address_city(segmentation)
        source = "address" if city else None
        if city is not None and district is not None:
            unit = _district_unit(district, city)
    if district is None and city is None:
        return None
    return PlaceFinding(
        district=unit.name if unit else district,
        district_unit=unit,
        district_spans=districts.of(district) if district else (),
        city=city,
        city_unit=_city_unit(city) if city else None,
        city_spans=cities.of(city) if city and source == "text" else (),
        city_source=source,
    )
