"""Founding facts: when a partnership was founded, its founding ordinal, and how many
partnerships a page says there are.

**Founding date** (:func:`founding_date`).  A date expression (``pipeline.normalize.dates``)
counts when a founding trigger stands in the same sentence (``resources/founding_triggers.txt``,
matched through Morfeusz lemmas, so every tense and gender works):

* an intransitive founding verb in any form: ``powstało``, ``powstaje``, ``powstanie``;
* a transitive one as a passive participle (``zostało zawiązane``, ``powołane zostało``,
  ``partnerstwo …, założone w 2005 r.`` — a bare participle only where it qualifies the
  partnership, not ``Stowarzyszenie X, założone w 1998 r.``), impersonal (``założono``),
  or active with ``je`` as its object (``Założyły je w 2009 r. …``);
* a reflexive founding verb: ``zawiązało się``;
* ``działać`` / ``funkcjonować`` / ``istnieć`` next to ``od`` + date: ``działa od 2009
  roku``, ``Od 2010 roku działa … partnerstwo`` (not ``od 2019 r. działa jako „X”``,
  a rename);
* a verb with its object: ``Porozumienie o współpracy podpisano``, ``rozpoczęło działalność``;
* a table cell whose column header is about founding (``Rok powstania``, ``Data
  założenia``, ``Od kiedy``); the cell must be one date (:func:`parse_date`).

The verb must fit a neuter singular subject (``partnerstwo``, ``porozumienie``): a
feminine ``powstała`` speaks of a school or a foundation.  A sentence counts first when it
names the partnership (a nominative ``Partnerstwo``/``Porozumienie`` or the section's name),
else when it has no other subject (no nominative noun agreeing with the verb outside
quotes), else not at all; the first such sentence of the section wins.  The date paired
with a trigger is the nearest one after it (else before it); ranges, ``do``/``przed``/``po``
dates and, except after ``działa``, ``od`` dates are never founding dates.

**Ordinal** (:func:`founding_ordinal`): ``jako pierwsze``, ``jako czwarte … partnerstwo``
(an ordinal adjective of ``resources/ordinals.txt`` fitting a neuter singular), and an
ordinal or ``najstarszy`` before a singular ``partnerstwo`` in the same case (``było drugim
partnerstwem``, ``jest najstarszym partnerstwem lokalnym``: the oldest is the first).

**Stated count** (:func:`stated_partnership_count`): a cardinal (digits, or a Morfeusz
``num`` reading whose lemma is in ``ordinals.txt``) before a plural ``partnerstwo``, with
adjectives between (``czterech dzielnicowych partnerstw``, ``trzy takie partnerstwa``), in
a sentence that says they exist or are coordinated (``[count]`` lemmas: ``działają``,
``funkcjonują``, ``koordynator``); so ``Organizatorami pikniku są dwa partnerstwa`` is no
count of a district's partnerships.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from operator import attrgetter

import regex

from pipeline.clean import Block, Role
from pipeline.extract.context import AnalysedBlock, analyse_block, block_dates, per_block
from pipeline.morphology import Reading
from pipeline.normalize.dates import DateMention, DateValue, find_dates, single_date
from pipeline.segment import Section, Segmentation
from pipeline.words import Word, analyse_words
from pipeline.words import lemmas as _lemmas_of
from pipeline.words import readings as _readings_of

__all__ = [
    "FoundingDate",
    "IntMention",
    "founding_date",
    "founding_ordinal",
    "stated_partnership_count",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class FoundingDate:
    value: DateValue
    start: int  # page span of the date expression
    end: int
    text: str
    trigger_start: int  # page span of the words that make it a founding (a table cell: itself)
    trigger_end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class IntMention:
    value: int
    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- resources


def _resource_lines(name: str) -> list[str]:
    path = resources.files("pipeline").joinpath(f"resources/{name}")
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def _load_triggers() -> dict[str, tuple[tuple[str, ...], ...]]:
    groups: dict[str, list[tuple[str, ...]]] = {}
    current = None
    for line in _resource_lines("founding_triggers.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1], [])
        elif current is not None:
            current.append(tuple(line.split()))
    return {k: tuple(v) for k, v in groups.items()}


def _load_numerals() -> tuple[dict[str, int], dict[str, int]]:
    ordinals: dict[str, int] = {}
    cardinals: dict[str, int] = {}
    for line in _resource_lines("ordinals.txt"):
        ordinal, value, cardinal = line.split()
        ordinals[ordinal] = int(value)
        if cardinal != "-":
            cardinals[cardinal] = int(value)
    return ordinals, cardinals


_TRIGGERS = _load_triggers()


def _lemmas(group: str) -> frozenset[str]:
    return frozenset(entry[0] for entry in _TRIGGERS[group] if len(entry) == 1)


_INTRANSITIVE, _TRANSITIVE = _lemmas("intransitive"), _lemmas("transitive")
_REFLEXIVE, _SINCE = _lemmas("reflexive"), _lemmas("since")
_SUBJECT, _COUNT = _lemmas("subject"), _lemmas("count")
_OBJECT = tuple((verb, noun) for verb, noun in _TRIGGERS["object"])
_COLUMN = _TRIGGERS["column"]
_ORDINALS, _CARDINALS = _load_numerals()

_FINITE = frozenset({"fin", "praet", "bedzie", "inf", "pcon", "pant"})
_VERBAL = _FINITE | {"imps", "ppas", "pact"}
_AUX = frozenset({"zostać", "być"})
_NOT_BEFORE_SUBJECT = frozenset({"ADP", "NOUN", "PROPN"})
_NOUN = frozenset({"subst", "depr"})
_HYPHENS = frozenset({"-", "‐", "–"})
_BAD_PREPOSITIONS = frozenset({"do", "aż do", "przed", "po"})
#: Dates never paired with a trigger (:func:`_date_for`): ranges, 'do'/'przed'/'po' dates
#: and 'od' dates ('działa od <date>' finds its own, :func:`_since_date`).
_UNUSABLE_QUALIFIERS = frozenset({"range", "until", "before", "after", "since"})
#: A sentence ends at . ! ? … followed by a capital, a digit, a quote or the end.
_SENTENCE_END = regex.compile(r"[.!?…]+(?=\s+[\p{Lu}\p{N}„\"«]|\s*$)")
_QUOTED = regex.compile(r"„[^”\"]*[”\"]|«[^»]*»|\"[^\"]*\"")
#: What a partnership as a subject agrees with (used where no verb is at hand).
_NEUTER_SG = Reading(form="", lemma="", tag="praet:sg:n:perf")
_BETWEEN_SINCE = frozenset({"już", "nieprzerwanie", "stale", "aktywnie", "formalnie"})
#: Every verb lemma some trigger of :func:`_triggers` starts from.
_TRIGGER_VERBS = _INTRANSITIVE | _TRANSITIVE | _REFLEXIVE | _SINCE | {v for v, _ in _OBJECT}


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True, slots=True)
class _Verb:
    """A founding verb form's readings (of _TRIGGER_VERBS, in _VERBAL), grouped by the
    trigger each can start (see :func:`_triggers`); what of a reading alone decides it
    (its lemma, part of speech, :func:`_fits`) is decided once per form."""

    intransitive: Reading | None  # the first of _INTRANSITIVE that _fits: 'powstało'
    transitive: tuple[Reading, ...]  # of _TRANSITIVE: 'zawiązane', 'założono', 'założyły'
    reflexive: Reading | None  # the first finite one of _REFLEXIVE that _fits: 'zawiązało'
    since: Reading | None  # the first of _SINCE that _fits: 'działa'
    objects: tuple[tuple[str, Reading], ...]  # (noun, the verb's first reading), in _OBJECT order


def _read_verb(readings: tuple[Reading, ...]) -> _Verb | None:
    if not readings:
        return None
    return _Verb(
        intransitive=next((r for r in _among(readings, _INTRANSITIVE) if _fits(r)), None),
        transitive=tuple(_among(readings, _TRANSITIVE)),
        reflexive=next((r for r in _among(readings, _REFLEXIVE, _FINITE) if _fits(r)), None),
        since=next((r for r in _among(readings, _SINCE) if _fits(r)), None),
        objects=tuple(
            (noun, r)
            for verb, noun in _OBJECT
            if (r := next((r for r in readings if r.lemma == verb), None)) is not None
        ),
    )


@dataclass(frozen=True, slots=True)
class _Form:
    """What this module reads from a word form alone: computed once per form for the
    whole run (kept in ``TokenAnalysis.memo``), so the scans below skip plain words."""

    verb: _Verb | None  # a founding verb
    nom_ordinal: int | None  # _ordinal_value(word, "nom")
    inst_ordinal: int | None  # _ordinal_value(word, "inst")
    ordinal: bool  # either of the two is a number
    count: bool  # a [count] lemma: 'działają', 'koordynator'
    numeral: bool  # digits or a cardinal's reading: _cardinal_value can be a number
    subject: bool  # a nominative singular partnership noun ([subject]: 'Partnerstwo')


#: The form of most words: none of the above.
_PLAIN = _Form(
    verb=None,
    nom_ordinal=None,
    inst_ordinal=None,
    ordinal=False,
    count=False,
    numeral=False,
    subject=False,
)


def _form(word: Word) -> _Form:
    """The word's :class:`_Form` (memoised per form)."""
    memo = word.analysis.memo
    form = memo.get("founding.form")
    if form is None:
        form = memo["founding.form"] = _read_form(word)
    return form


#: Every lemma some field of :class:`_Form` asks about: a form with none of them (and not
#: in digits) is _PLAIN, known without reading its readings one by one.
_FORM_LEMMAS = _TRIGGER_VERBS.union(_ORDINALS, ["stary"], _COUNT, _CARDINALS, _SUBJECT)


def _read_form(word: Word) -> _Form:
    if _lemmas_of(word).isdisjoint(_FORM_LEMMAS) and not word.text.isdigit():
        return _PLAIN  # most words: no reading of theirs can set a field
    nom_ordinal, inst_ordinal = _ordinal_value(word, "nom"), _ordinal_value(word, "inst")
    form = _Form(
        verb=_read_verb(tuple(_readings(word, _TRIGGER_VERBS, _VERBAL))),
        nom_ordinal=nom_ordinal,
        inst_ordinal=inst_ordinal,
        ordinal=nom_ordinal is not None or inst_ordinal is not None,
        count=not _lemmas_of(word).isdisjoint(_COUNT),
        numeral=word.text.isdigit() or any(_is_cardinal(r) for r in _readings_of(word)),
        subject=any(r.case == "nom" and r.number == "sg" for r in _readings(word, _SUBJECT, _NOUN)),
    )
    return _PLAIN if form == _PLAIN else form  # one _PLAIN: _sentences tests identity


@dataclass(frozen=True)  # no slots: ``quoted`` and ``dated`` are cached on the instance
class _Sentence:
    ab: AnalysedBlock
    first: int  # the block index of tokens[0]
    tokens: tuple[Word, ...]
    text: str  # white space normalised
    dates: tuple[DateMention, ...]  # offsets into ab.norm.text
    # What the extractors look for, from the tokens' forms (indexes into tokens):
    verbs: tuple[int, ...]  # founding verbs, where a trigger can start
    ordinals: tuple[int, ...]  # ordinal adjectives (or 'najstarszy'), nominative or instrumental
    numerals: tuple[int, ...]  # the words that can be a count (_Form.numeral), if the
    # sentence has a [count] lemma (else none: it states no count)
    subject: bool  # a nominative singular 'partnerstwo' / 'porozumienie'

    def page(self, start: int, end: int, document_text: str) -> tuple[int, int, str]:
        s, e = self.ab.page_span(start, end)
        return s, e, document_text[s:e]

    # Where a subject is looked for (:func:`_other_subject`), from the whole block: worked
    # out only for the few sentences that need them.

    @cached_property
    def quoted(self) -> frozenset[int]:
        """Indexes (into tokens) of the tokens inside quotes (not on them); a quote may
        open in an earlier sentence of the block."""
        text = self.ab.norm.text
        if "„" not in text and "«" not in text and '"' not in text:
            return frozenset()  # _QUOTED finds nothing
        quotes = [(a + 1, b - 1) for a, b in (m.span() for m in _QUOTED.finditer(text))]
        return self._starting_in(quotes)

    @cached_property
    def dated(self) -> frozenset[int]:
        """Indexes (into tokens) of the tokens inside a date expression."""
        return self._starting_in([(d.start, d.end) for d in self.dates])

    def _starting_in(self, spans: list[tuple[int, int]]) -> frozenset[int]:
        first = self.first
        return _starting_in(self.ab.doc.words, first, first + len(self.tokens), spans)


@per_block
def _block_sentences(block: Block) -> tuple[_Sentence, ...]:
    return tuple(_sentences(analyse_block(block)))


def _sentences(ab: AnalysedBlock) -> list[_Sentence]:
    """The block's sentences that can hold a fact of this module: a founding verb with a
    date, an ordinal, or a count word with a numeral.  The entry points read no other
    sentence, so the others are left out (and only the sentences holding a word that is
    not _PLAIN are looked at)."""
    words = ab.doc.words
    # (index, form) of the words that are not _PLAIN; the memo lookup is inlined (_form)
    found = [
        (i, f)
        for i, t in enumerate(words)
        if (f := t.analysis.memo.get("founding.form") or _form(t)) is not _PLAIN
    ]
    if not _may_hold_fact(found):
        return []  # no sentence can pass the test below
    text = ab.norm.text
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    # The found words of each sentence [bounds[k], bounds[k + 1]) that has any, by k (in
    # order: the words' offsets increase); an empty sentence (lo == hi) holds no word.
    by_sentence: dict[int, list[tuple[int, _Form]]] = {}
    for i, f in found:
        by_sentence.setdefault(bisect_right(bounds, words[i].idx) - 1, []).append((i, f))
    dates: tuple[DateMention, ...] | None = None  # the block's, once a sentence needs them
    out = []
    for k, in_sentence in by_sentence.items():
        # block indexes of the words a fact can start from
        verbs = [i for i, f in in_sentence if f.verb]
        ordinals = [i for i, f in in_sentence if f.ordinal]
        counted = any(f.count for _, f in in_sentence)
        numerals = [i for i, f in in_sentence if f.numeral] if counted else []
        if not verbs and not ordinals and not numerals:
            continue
        lo, hi = bounds[k], bounds[k + 1]
        if dates is None:
            dates = block_dates(text)
        inside = [d for d in dates if lo <= d.start < hi]
        if not inside and not ordinals and not numerals:
            continue  # a founding verb without a date
        # a sentence's tokens are a slice: those starting in [lo, hi)
        first, last = bisect_left(words, lo, key=_start), bisect_left(words, hi, key=_start)
        out.append(
            _Sentence(
                ab=ab,
                first=first,
                tokens=tuple(words[first:last]),
                text=text[lo:hi],
                dates=tuple(inside),
                verbs=tuple([i - first for i in verbs]),
                ordinals=tuple([i - first for i in ordinals]),
                numerals=tuple([i - first for i in numerals]),
                subject=any(f.subject for _, f in in_sentence),
            )
        )
    return out


def _may_hold_fact(found: list[tuple[int, _Form]]) -> bool:
    """Some sentence of these words can pass :func:`_sentences`' test: a founding verb or
    an ordinal, or both a count word and a numeral, among them."""
    counted = numbered = False
    for _, f in found:
        if f.verb or f.ordinal:
            return True
        counted = counted or f.count
        numbered = numbered or f.numeral
    return counted and numbered


#: A word's start in its block's text: the key the word lists are bisected by.
_start = attrgetter("idx")


def _starting_in(
    words: list[Word], first: int, last: int, spans: list[tuple[int, int]]
) -> frozenset[int]:
    """Indexes, counted from token ``first``, of the tokens ``first``..``last - 1`` of
    ``words`` (the block's) that start inside one of ``spans`` (character offsets [lo, hi))."""
    inside: set[int] = set()
    for lo, hi in spans:
        inside.update(
            range(
                max(first, bisect_left(words, lo, key=_start)) - first,
                min(last, bisect_left(words, hi, key=_start)) - first,
            )
        )
    return frozenset(inside)


# --------------------------------------------------------------------------- token tests


def _readings(token: Word, lemmas: frozenset[str] | str, pos: frozenset[str]) -> list[Reading]:
    wanted = {lemmas} if isinstance(lemmas, str) else lemmas
    return [r for r in _readings_of(token) if r.lemma in wanted and r.pos in pos]


def _fits(r: Reading) -> bool:
    """The verb form can have a neuter singular subject (or is impersonal)."""
    if r.pos == "fin" and ":pri" in r.tag:
        return True  # 'działamy od 2009 roku': the partnership speaks of itself
    return r.number in (None, "sg") and r.gender in (None, "n")


def _is_word(token: Word, word: str) -> bool:
    return token.lower_ == word


def _subject_named(sentence: _Sentence, section: Section) -> bool:
    """The sentence names the partnership: 'Partnerstwo …', 'Porozumienie …', its name."""
    if sentence.subject:
        return True  # known from the forms: the name need not be looked for
    name = " ".join(section.name_text.split())
    return bool(name) and name.casefold() in sentence.text.casefold()


def _other_subject(sentence: _Sentence, verb: Reading | None, skip: range) -> bool:
    """A nominative noun outside quotes and dates that agrees with the verb (for an
    impersonal 'założono', an accusative object: 'Fundację założono w 1998 r.')."""
    if verb is None or verb.pos == "inf":
        return False
    tokens = sentence.tokens
    if verb.pos == "imps" and any(_is_word(t, "je") for t in tokens):
        return False  # 'utworzono je': the partnership is the object
    case = "acc" if verb.pos == "imps" else "nom"
    for i, t in enumerate(tokens):
        if i in skip or i in sentence.quoted or i in sentence.dated:
            continue
        k = i - 1
        while k >= 0 and tokens[k].analysis.pos == "ADJ":
            k -= 1
        if k >= 0 and (
            _is_word(tokens[k], "jako")
            or tokens[k].analysis.pos in _NOT_BEFORE_SUBJECT
            or (tokens[k].text in _HYPHENS and not tokens[k].whitespace_)
        ):
            # 'jako inicjatywa' is a predicate, 'z inicjatywy' an adjunct, 'Dzielnicy Wola'
            # an attribute, 'Bielsko-Biała' the half of a compound: none is a subject
            continue
        for r in _readings_of(t):
            if r.pos in _NOUN and r.case == case and r.lemma not in _SUBJECT:
                if case == "acc" or (
                    r.number == (verb.number or r.number)
                    and (verb.gender is None or r.gender == verb.gender)
                ):
                    return True
    return False


# --------------------------------------------------------------------------- triggers


@dataclass(frozen=True, slots=True)
class _Trigger:
    first: int  # token indexes, inclusive
    last: int
    verb: Reading | None
    since: DateMention | None = None  # 'działa od <date>': the date is fixed


def _triggers(sentence: _Sentence) -> list[_Trigger]:
    tokens = sentence.tokens
    found: list[_Trigger] = []

    def near(i: int, test) -> int | None:
        return next((j for j in range(max(0, i - 2), min(len(tokens), i + 3)) if test(j)), None)

    for i in sentence.verbs:  # every trigger starts from a founding verb
        verb = _form(tokens[i]).verb
        assert verb is not None  # sentence.verbs: the words whose form has one
        # 'powstało', 'powstaje'
        if (r := verb.intransitive) is not None:
            found.append(_Trigger(i, i, r))
        # '(zostało) zawiązane', 'założono'; 'założyły je' (the founders are the subject)
        for r in verb.transitive:
            if (r.pos == "ppas" and _fits(r)) or r.pos == "imps":
                aux = near(i, lambda j: bool(_readings(tokens[j], _AUX, _FINITE)))
                if aux is None and not _modifies_partnership(sentence, i):
                    break  # 'Stowarzyszenie X, założone w 1998 r.' describes a member
                lo, hi = (i, i) if aux is None else (min(i, aux), max(i, aux))
                found.append(_Trigger(lo, hi, r))
                break
            if r.pos in _FINITE and (j := near(i, lambda j: tokens[j].lower_ == "je")) is not None:
                found.append(_Trigger(min(i, j), max(i, j), None))
                break
        # 'zawiązało się'
        if (r := verb.reflexive) is not None and (
            j := near(i, lambda j: tokens[j].lower_ == "się")
        ) is not None:
            found.append(_Trigger(min(i, j), max(i, j), r))
        # 'działa od 2009 roku'
        if (r := verb.since) is not None and (date := _since_date(sentence, i)) is not None:
            found.append(_Trigger(i, i, r, since=date))
        # 'Porozumienie o współpracy podpisano', 'rozpoczęło działalność'
        for noun, r in verb.objects:
            for j in range(max(0, i - 6), min(len(tokens), i + 7)):
                if _readings(tokens[j], noun, _NOUN):
                    found.append(_Trigger(min(i, j), max(i, j), r))
                    break
    return found


def _among(
    readings: tuple[Reading, ...], lemmas: frozenset[str], pos: frozenset[str] = _VERBAL
) -> list[Reading]:
    """The readings of one of ``lemmas`` in one of the parts of speech ``pos``."""
    return [r for r in readings if r.lemma in lemmas and r.pos in pos]


def _modifies_partnership(sentence: _Sentence, i: int) -> bool:
    """A participle without 'zostać' founds only the partnership it qualifies: the nearest
    noun before it that agrees with it names the partnership ('drugie partnerstwo lokalne
    na Mokotowie, zawiązane w …'), or no noun before it agrees ('Założone w 2005 r.
    partnerstwo …'); 'Stowarzyszenie Sąsiadów, założone w 1998 r.' describes a member."""
    forms = {
        (r.case, r.number, r.gender)
        for r in _readings_of(sentence.tokens[i])
        if r.pos == "ppas" and r.lemma in _TRANSITIVE and _fits(r)
    }
    for k in range(i - 1, -1, -1):
        if k in sentence.quoted:
            continue
        nouns = [r for r in _readings_of(sentence.tokens[k]) if r.pos in _NOUN]
        if any((r.case, r.number, r.gender) in forms for r in nouns):
            return any(r.lemma in _SUBJECT for r in nouns)
    return True


def _since_date(sentence: _Sentence, i: int) -> DateMention | None:
    """The 'od' date right after the verb at token i ('działa (już) od 2009 roku') or right
    before it ('Od 2010 roku działa w X partnerstwo'), unless a name follows them ('od
    stycznia 2019 r. działa jako „X”', 'działa od 2019 r. pod nazwą' report a rename)."""
    tokens = sentence.tokens
    verb = tokens[i]
    j = i + 1
    while j < len(tokens) and tokens[j].lower_ in _BETWEEN_SINCE:
        j += 1
    after = next((d for d in sentence.dates if j < len(tokens) and d.start == tokens[j].idx), None)
    before = next((d for d in sentence.dates if i > 0 and d.end == _end(tokens[i - 1])), None)
    date = after or before
    if date is None or date.preposition not in ("od", "począwszy od"):
        return None
    rest = [t for t in tokens if t.idx >= max(date.end, _end(verb))]
    if rest and rest[0].lower_ in ("jako", "pod"):
        return None
    return date


def _end(token: Word) -> int:
    return token.idx + len(token.text)


def _date_for(sentence: _Sentence, trigger: _Trigger) -> DateMention | None:
    """The first usable date after the trigger, else the last one before it."""
    if trigger.since is not None:
        return trigger.since
    start = sentence.tokens[trigger.first].idx
    last = sentence.tokens[trigger.last]
    end = last.idx + len(last.text)
    before = None
    for d in sentence.dates:  # in order: the first one after the trigger wins
        if d.qualifier in _UNUSABLE_QUALIFIERS or d.preposition in _BAD_PREPOSITIONS:
            continue
        if d.start >= end:
            return d
        if d.end <= start:
            before = d
    return before


# --------------------------------------------------------------------------- founding date


@lru_cache(maxsize=256)
def _founding_column(header: str) -> bool:
    """The column header speaks of founding ('Rok powstania', 'Data założenia', 'Od kiedy')."""
    tokens = analyse_words(" ".join(header.split())).words
    for entry in _COLUMN:
        for i in range(len(tokens) - len(entry) + 1):
            if all(
                lemma in _lemmas_of(tokens[i + k]) or tokens[i + k].lower_ == lemma
                for k, lemma in enumerate(entry)
            ):
                return True
    return False


def _cell_date(block: Block) -> FoundingDate | None:
    if block.cell is None or not block.cell.header or not _founding_column(block.cell.header):
        return None
    text = block.text
    mentions = find_dates(text)
    if len(mentions) != 1:
        return None
    stripped = text.strip()  # parse_date(text), without parsing the same text twice:
    value = single_date(stripped, mentions if stripped == text else find_dates(stripped))
    if value is None:
        return None
    m = mentions[0]
    return FoundingDate(
        value=value,
        start=block.start + m.start,
        end=block.start + m.end,
        text=m.text,
        trigger_start=block.start,
        trigger_end=block.end,
    )


def founding_date(section: Section, segmentation: Segmentation) -> FoundingDate | None:
    """The partnership's founding date, from its section (see the module docstring)."""
    text = segmentation.document.text
    best: tuple[int, FoundingDate] | None = None
    for block in section.blocks:
        if block.role is Role.TABLE_CELL and (cell := _cell_date(block)) is not None:
            return cell
        for sentence in _block_sentences(block):
            if not sentence.dates or not sentence.verbs:
                continue  # no date to pair, or no founding verb to pair it with
            named = None  # whether the sentence names the partnership, once it matters
            for trigger in _triggers(sentence):
                date = _date_for(sentence, trigger)
                if date is None:
                    continue
                if named is None:
                    named = _subject_named(sentence, section)
                if named:
                    rank = 0
                elif not _other_subject(
                    sentence, trigger.verb, range(trigger.first, trigger.last + 1)
                ):
                    rank = 1
                else:
                    continue
                first, last = sentence.tokens[trigger.first], sentence.tokens[trigger.last]
                ts, te, _ = sentence.page(first.idx, last.idx + len(last.text), text)
                ds, de, dtext = sentence.page(date.start, date.end, text)
                found = FoundingDate(
                    value=date.value, start=ds, end=de, text=dtext, trigger_start=ts, trigger_end=te
                )
                if rank == 0:
                    return found
                if best is None:
                    best = (rank, found)
    return best[1] if best else None


# --------------------------------------------------------------------------- ordinal


def _ordinal_value(token: Word, case: str | None = None) -> int | None:
    for r in _readings_of(token):
        if r.pos == "adj" and (case is None or r.case == case) and r.number == "sg":
            if r.lemma in _ORDINALS and r.gender in (None, "n"):
                return _ORDINALS[r.lemma]
            if r.lemma == "stary" and r.degree == "sup" and r.gender in (None, "n"):
                return 1  # 'najstarsze partnerstwo' is the first one founded
    return None


def _ordinal_in(sentence: _Sentence, section: Section) -> tuple[int, Word] | None:
    tokens = sentence.tokens
    for i in sentence.ordinals:
        t = tokens[i]
        form = _form(t)
        # 'jako pierwsze', 'jako czwarte sąsiedzkie partnerstwo'
        if i > 0 and _is_word(tokens[i - 1], "jako"):
            value = form.nom_ordinal
            if value is not None and (
                _subject_named(sentence, section)
                or not _other_subject(sentence, _NEUTER_SG, range(i - 1, i + 1))  # subjectless
            ):
                return value, t
        # 'było drugim partnerstwem', 'jest najstarszym partnerstwem lokalnym'
        for case, value in (("inst", form.inst_ordinal), ("nom", form.nom_ordinal)):
            if value is None:
                continue
            j = i + 1
            while j < len(tokens) and tokens[j].analysis.pos == "ADJ" and j - i <= 3:
                j += 1
            if j < len(tokens) and any(
                r.case == case and r.number == "sg"
                for r in _readings(tokens[j], "partnerstwo", _NOUN)
            ):
                return value, t
    return None


def founding_ordinal(section: Section, segmentation: Segmentation) -> IntMention | None:
    """Which partnership of its area this one was (1 = the first / the oldest)."""
    text = segmentation.document.text
    for block in section.blocks:
        for sentence in _block_sentences(block):
            if not sentence.ordinals:
                continue
            found = _ordinal_in(sentence, section)
            if found is not None:
                value, token = found
                s, e, t = sentence.page(token.idx, token.idx + len(token.text), text)
                return IntMention(value=value, start=s, end=e, text=t)
    return None


# --------------------------------------------------------------------------- count


def _is_cardinal(r: Reading) -> bool:
    return r.pos == "num" and r.lemma in _CARDINALS and r.gender in (None, "n")


def _cardinal_value(token: Word) -> int | None:
    """The cardinal a word spells (memoised per form: most words spell none)."""
    memo = token.analysis.memo
    if "founding.cardinal" not in memo:
        memo["founding.cardinal"] = _read_cardinal(token)
    return memo["founding.cardinal"]


def _read_cardinal(token: Word) -> int | None:
    if token.text.isdigit():
        value = int(token.text)
        return value if 2 <= value < 1000 else None
    for r in _readings_of(token):
        if _is_cardinal(r):
            return _CARDINALS[r.lemma]
    return None


def _count_in(sentence: _Sentence) -> tuple[int, Word] | None:
    tokens = sentence.tokens
    for i in sentence.numerals:
        t = tokens[i]
        value = _cardinal_value(t)
        if value is None:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j].analysis.pos == "ADJ" and j - i <= 3:
            j += 1
        if j < len(tokens) and any(
            r.number == "pl" for r in _readings(tokens[j], "partnerstwo", _NOUN)
        ):
            return value, t
    return None


def stated_partnership_count(segmentation: Segmentation) -> IntMention | None:
    """How many partnerships the page says there are, from its own statements (and, on a
    page with one section, from that section's lead: the blocks before its first heading)."""
    blocks = list(segmentation.statements)
    if len(segmentation.sections) == 1:
        for block in segmentation.sections[0].blocks:
            if block.role is Role.HEADING:
                break
            blocks.append(block)
    text = segmentation.document.text
    for block in blocks:
        for sentence in _block_sentences(block):
            found = _count_in(sentence)
            if found is not None:
                value, token = found
                s, e, t = sentence.page(token.idx, token.idx + len(token.text), text)
                return IntMention(value=value, start=s, end=e, text=t)
    return None
