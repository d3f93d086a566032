"""Organizations in a partnership's life: founders, members, the coordinator, abbreviations.

What is recognised (trigger words are lemmas from ``resources/org_triggers.txt``, so every
inflected form counts; organization names are read as lists of capitalised name words):

* founders — "z inicjatywy A, B (obecnie C) oraz D" / "jako inicjatywa A" (INITIATOR, gen)
  when the sentence states a founding ("powstało", "zawiązano" …), followed optionally by
  "w porozumieniu z / wspólnie z B, C i D" (PARTNER, inst); "Inicjatorami (partnerstwa)
  byli: A, B" / "Założycielem był A" (FOUNDER, nom); "Założyły je A oraz B", "A założyło
  je wspólnie z B" (FOUNDER, nom + inst); "zostało założone przez A" (FOUNDER, acc);
  "Do porozumienia od początku przystąpiły A oraz B" (PARTNER, nom); table cells under a
  header such as "Inicjatorzy" / "Założyciele" (FOUNDER, nom; items split on line breaks,
  semicolons and commas);
* members — "Partnerzy: A, B; C", "W skład partnerstwa wchodzą: …", and "… tworzą:"
  followed by list items ("PKI – koordynator," gives PKI, and makes it the coordinator);
  table cells under "Partnerzy" / "Członkowie";
* coordinators — present tense only: "Koordynatorem (…) jest X", "Rolę koordynatora pełni
  X", "X pełni rolę koordynatora", "Pracę … koordynuje X", "X koordynuje …"; a past tense
  ("koordynował OPS") names a former coordinator and is skipped;
* abbreviation definitions — "X (dalej: OPS)", "X (zwany dalej „OPS”)", "X (w skrócie:
  OPS)", and "X (BCIL)" when the letters of BCIL are the initials of X.

A list of names stops at the end of the sentence or at a clause boundary (a comma or a
conjunction followed by a lower-case word, a spaced dash, a lower-case word). It is split
on ",", ";", "oraz", and on "i" when what follows is itself an organization; never inside
quotes, and not before a complement attached by "dla", "przy", "w", "nr" …
("Rada Rodziców przy Szkole Podstawowej nr 137" is one name).  In nominative lists two
names with no comma between them are split before a second organization head noun in the
nominative ("… Teofilowa Szkoła Podstawowa …").  Residents and other non-organizations
are dropped (:func:`pipeline.normalize.orgs.looks_like_org`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import regex

from pipeline.analyse import load_abbreviations
from pipeline.clean import Block, Role, normalize_spaces
from pipeline.extract.context import block_dates, per_block
from pipeline.morphology import Reading, shared_morphology
from pipeline.normalize.orgs import ORG_HEADS, looks_like_org
from pipeline.segment import Section, Segmentation

_RESOURCE = Path(__file__).resolve().parent.parent / "resources" / "org_triggers.txt"


class OrgRole(StrEnum):
    INITIATOR = "initiator"
    PARTNER = "partner"
    FOUNDER = "founder"
    COORDINATOR = "coordinator"
    MEMBER = "member"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrgMention:
    surface: str  # the organization as written, exact page span
    start: int
    end: int
    case_hint: str | None  # the case the context demands: 'gen', 'inst', 'nom', 'acc'
    role: OrgRole
    successor: tuple[int, int] | None = None  # "X" of "A (obecnie X)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Abbreviation:
    short: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def _load_triggers() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for raw in _RESOURCE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            category, _, value = line.partition("\t")
            table.setdefault(category, set()).add(value.strip())
    return {k: frozenset(v) for k, v in table.items()}


TRIGGERS = _load_triggers()
_WITH = tuple(tuple(p.split()) for p in sorted(TRIGGERS["with"], key=len, reverse=True))
_WITH_LONGEST = max(len(p) for p in _WITH)
#: The lemmas each kind of statement turns on: a block with none of them states none.
_FOUNDER_TRIGGERS = (
    TRIGGERS["initiative"]
    | TRIGGERS["founder_noun"]
    | TRIGGERS["founder_verb"]
    | TRIGGERS["sign_verb"]
    | TRIGGERS["join_verb"]
)
_MEMBER_TRIGGERS = TRIGGERS["member_noun"] | TRIGGERS["member_verb"]
_COORDINATOR_TRIGGERS = (
    TRIGGERS["coordinator_noun"] | TRIGGERS["role_verb"] | TRIGGERS["coordinator_verb"]
)

_ABBRS = sorted({a.lower() for a in load_abbreviations()}, key=len, reverse=True)
#: An abbreviation is letters and periods and ends with its period ("m.st.", "ul."): the
#: tokenizer's look-ahead for one and :func:`_trigger_lemmas` rely on it.
if not all(regex.fullmatch(r"[\p{L}.]*\.", a) for a in _ABBRS):
    raise ValueError("an abbreviation must be letters and periods ending with a period")
#: A word as the tokenizer reads it.
_WORD = r"\p{L}[\p{L}\p{M}'’]*"
#: Abbreviations that may stand inside a name ("im.", "św.", "m.st.", "gen.").
_NAME_ABBRS = frozenset(
    "im. św. m.st. gen. ks. prof. dr. bp. abp. kard. płk. ppłk. mjr. kpt. por. ppor. "
    "marsz. hab. inż. mgr. sp. o.o.".split()
)
#: Only abbreviations are matched ignoring case (no other part of the pattern has a letter
#: whose case matters, and matching it all so costs time).  The look-ahead spares the long
#: alternation at the many words no period follows: an abbreviation is letters and periods
#: ending with a period, so one can start only where the letters that follow end at a period.
_TOKEN = regex.compile(
    r"(?P<quote>[„«“\"][^„«»”“\"]*[”»“\"])"
    r"|(?P<paren>\([^()]*\))"
    r"|(?P<abbr>(?=\p{L}*+\.)(?<!\p{L})(?i:"
    + "|".join(regex.escape(a) for a in _ABBRS)
    + r")(?!\p{L}))"
    r"|(?P<num>\d+(?:[./]\d+)*)"
    r"|(?P<word>" + _WORD + ")"
    r"|(?P<punct>\S)"
)
_WORDS = regex.compile(_WORD)
_PAREN = regex.compile(r"\([^()]*\)")  # the tokenizer's parenthesis
#: Lower-case words that attach a complement inside a name when a name word follows.
_CONNECTORS = frozenset({"dla", "przy", "w", "we", "na", "pod", "nad", "im"})
_SEPARATORS = frozenset({"oraz", "i", "a także"})
_PRONOUNS = frozenset({"je", "go", "ją", "ich"})
_SKIPPABLE = frozenset({"także", "również", "też", "wówczas", "wtedy", "obecnie", "nadal"})
_CLAUSE_END = frozenset({".", ":", ";", "–", "—", "!", "?"})
_OBECNIE = regex.compile(r"^\(\s*obecnie\s*:?\s*(?P<x>[^()]+?)\s*\)$", regex.I)
_DEFINED = regex.compile(
    r"^\(\s*(?:(?:zwan\p{L}*\s+)?dalej|w\s+skrócie|skrót)\s*(?:jako\s*)?[:\-–]?\s*"
    r"[„\"]?(?P<x>[^()„”\"]+?)[”\"]?\s*\)$",
    regex.I,
)
_BARE = regex.compile(r"^\(\s*(?P<x>\p{Lu}[\p{Lu}\p{Ll}]*\p{Lu}(?:\s+(?:nr\s+)?\d+)?)\s*\)$")


class _Tok(NamedTuple):  # a named tuple: a page has thousands, made faster than a dataclass
    kind: str
    start: int  # offsets in the normalised text
    end: int
    text: str


@dataclass(slots=True)
class _Text:
    """A normalised piece of a block, its tokens and a way back to page offsets."""

    text: str
    offsets: tuple[int, ...]
    end: int
    toks: list[_Tok]
    page_text: str
    _date_ends: dict[int, int] | None = field(default=None, repr=False, compare=False)
    _sentence_ends: list[int] | None = field(default=None, repr=False, compare=False)

    def page(self, s: int, e: int) -> tuple[int, int]:
        return self.offsets[s], self.offsets[e - 1] + 1

    def dates(self) -> dict[int, int]:
        """Start -> end (normalised offsets) of the date expressions in the piece (found
        once per text: a block's piece is its normalised text, whose dates the founding
        and rename extractors ask for too)."""
        if self._date_ends is None:
            self._date_ends = {d.start: d.end for d in block_dates(self.text)}
        return self._date_ends

    def sentence(self, k: int) -> tuple[int, int]:
        """Token range [start, end) of the sentence around token ``k``: from just past the
        last '.', '!' or '?' token before it to the first one at or after it (or the ends
        of the piece).  Those tokens are found once per piece."""
        ends = self._sentence_ends
        if ends is None:
            ends = self._sentence_ends = [
                i for i, t in enumerate(self.toks) if t.kind == "punct" and t.text in ".!?"
            ]
        i = bisect_left(ends, k)  # ends[i] is the first sentence end at or after k
        return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else len(self.toks))


class _Item(NamedTuple):  # a named tuple, like _Tok: made for every name of a list
    first: int  # token indexes, inclusive
    last: int
    successor: tuple[int, int] | None  # normalised offsets


# ---------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _readings(word: str) -> tuple[Reading, ...]:
    morph = shared_morphology()
    found = morph.analyse(word)
    if all(r.pos == "ign" for r in found) and word[:1].isupper():
        found = morph.analyse(word.lower())
    return tuple(r for r in found if r.pos != "ign")


_NO_LEMMAS: frozenset[str] = frozenset()


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _form_lemmas(word: str) -> frozenset[str]:
    return frozenset(r.lemma.lower() for r in _readings(word))


def _lemmas(tok: _Tok) -> frozenset[str]:
    return _form_lemmas(tok.text) if tok.kind == "word" else _NO_LEMMAS


def _has(tok: _Tok, category: str) -> bool:
    return bool(_lemmas(tok) & TRIGGERS[category])


@lru_cache(maxsize=50_000)  # per token text; bounded so memory stays flat
def _is_acronym(text: str) -> bool:
    caps = sum(ch.isupper() for ch in text)
    return len(text) >= 2 and caps >= 2 and text[0].isupper()


def _function_word(text: str) -> bool:
    """A capitalised preposition, conjunction or particle ('W', 'Do', 'Oraz')."""
    rs = _readings(text)
    return bool(rs) and all(r.pos in {"prep", "conj", "comp", "qub", "part", "adv"} for r in rs)


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _capitalised_content_word(text: str) -> bool:
    return text[0].isupper() and not _function_word(text)


def _name_word(tok: _Tok) -> bool:
    return tok.kind == "word" and _capitalised_content_word(tok.text)


def _org_noun_nominative(tok: _Tok) -> bool:
    """An organization head noun in the nominative singular that cannot be a genitive."""
    return _org_noun_nominative_form(tok.text)


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _org_noun_nominative_form(text: str) -> bool:
    rs = [r for r in _readings(text) if r.pos == "subst" and r.lemma.lower() in ORG_HEADS]
    return any(r.case == "nom" and r.number == "sg" for r in rs) and not any(
        r.case == "gen" for r in _readings(text) if r.pos in {"subst", "adj"}
    )


def _nominative_adj(tok: _Tok) -> bool:
    return tok.kind == "word" and _nominative_adj_form(tok.text)


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _nominative_adj_form(text: str) -> bool:
    return any(r.is_adj and r.case == "nom" for r in _readings(text))


def _verb_tense(tok: _Tok, lemmas: frozenset[str]) -> frozenset[str]:
    """The verbal parts of speech the token has for these lemmas ('fin', 'praet', 'ppas')."""
    return _verb_tense_form(tok.text, lemmas)


@lru_cache(maxsize=50_000)  # per word form (and one of a few sets of lemmas); bounded
def _verb_tense_form(text: str, lemmas: frozenset[str]) -> frozenset[str]:
    return frozenset(r.pos for r in _readings(text) if r.lemma.lower() in lemmas)


# ---------------------------------------------------------------------------------------
# Texts and lists of names
# ---------------------------------------------------------------------------------------


def _texts(block: Block, page_text: str) -> tuple[_Text, ...]:
    """The block as normalised text; a table cell line by line (a line break separates).

    Cached per block: every entry point reads the same blocks (the pieces are not changed).
    """
    return _block_texts(block.text, block.start, block.role is Role.TABLE_CELL, page_text)


@per_block  # keyed by what the pieces depend on: strings hash faster than a Block
def _block_texts(text: str, start: int, line_by_line: bool, page_text: str) -> tuple[_Text, ...]:
    pieces = [(text, start)]
    if line_by_line:
        pieces, pos = [], 0
        for line in text.split("\n"):
            pieces.append((line, start + pos))
            pos += len(line) + 1
    out = []
    for piece, base in pieces:
        if piece.strip():
            norm = normalize_spaces(piece, base=base)
            out.append(_Text(norm.text, norm.offsets, norm.end, _tokenize(norm.text), page_text))
    return tuple(out)


#: Stands among a written word's trigger lemmas (:func:`_written_word_triggers`) for a
#: founder verb in a form that can state a founding: :func:`_founding_verb` reads only the
#: finite, past and passive forms ('założyły', 'założone'), not 'zawiązania', 'założyć'.
_TENSED_FOUNDER_VERB = "<founder verb: fin/praet/ppas>"
_FOUNDING_TENSES = frozenset({"fin", "praet", "ppas"})
#: What a block must have for :func:`_founders_in` to find a founder in it: a founder noun
#: or a founder verb in one of those forms; or 'inicjatywa' and a founding event, a signing
#: verb and an agreement, a joining verb and 'od początku' (each pair must share a
#: sentence, so a fortiori the block).
_FOUNDER_CUES = (
    (TRIGGERS["founder_noun"] | {_TENSED_FOUNDER_VERB},),
    (TRIGGERS["initiative"], TRIGGERS["event"]),
    (TRIGGERS["sign_verb"], TRIGGERS["agreement"]),
    (TRIGGERS["join_verb"], TRIGGERS["from_start"]),
)
#: What a block must have for :func:`_coordinators_in` to find a coordinator in it: a
#: coordinator noun or verb ('pełni rolę' names one only with the noun in its sentence).
_COORDINATOR_CUES = TRIGGERS["coordinator_noun"] | TRIGGERS["coordinator_verb"]
#: Every trigger lemma a block is asked about (:func:`_may_mention`, :func:`_may_state_founders`).
_MENTION_TRIGGERS = frozenset().union(
    _COORDINATOR_TRIGGERS,
    _MEMBER_TRIGGERS,
    TRIGGERS["founder_verb"],
    *(lemmas for cue in _FOUNDER_CUES for lemmas in cue),
) - {_TENSED_FOUNDER_VERB}


@lru_cache(maxsize=50_000)  # per written word; bounded so memory stays flat
def _written_word_triggers(written: str) -> frozenset[str]:
    """The trigger lemmas of the words in a written word (a run of non-space characters:
    'Partnerzy:', '„Razem”'); and :data:`_TENSED_FOUNDER_VERB` when one of them is a
    founder verb in a finite, past or passive form."""
    words = _WORDS.findall(written)
    lemmas = frozenset().union(*map(_form_lemmas, words)) & _MENTION_TRIGGERS
    verbs = TRIGGERS["founder_verb"]
    if not lemmas.isdisjoint(verbs) and any(
        _verb_tense_form(w, verbs) & _FOUNDING_TENSES for w in words
    ):
        lemmas |= {_TENSED_FOUNDER_VERB}
    return lemmas


@per_block
def _trigger_lemmas(text: str) -> frozenset[str]:
    """The trigger lemmas (:data:`_MENTION_TRIGGERS`) of the words in ``text``, found
    without tokenizing it (with :data:`_TENSED_FOUNDER_VERB` when a founder verb in a
    finite, past or passive form is among them).

    They include those of every word token, as ``_WORDS`` finds every word token: a run it
    finds starts at a letter, and a letter outside a word token is inside a quote, a
    parenthesis or an abbreviation, which end in a quote mark, a parenthesis, a period — so
    no run starts before a word token and runs into it.  (It finds the words inside quotes
    and parentheses too.)  A run has no white space in it, so the runs of the text are
    those of its written words, whose lemmas are looked up once per written word.  A block
    with no trigger lemma here has none in its tokens: the extractors pass it over
    untokenized.
    """
    return frozenset().union(*map(_written_word_triggers, text.split()))


def _may_mention(block: Block, triggers: frozenset[str]) -> bool:
    """Could a word of the block have one of the trigger lemmas (``triggers`` is a subset
    of :data:`_MENTION_TRIGGERS`)?"""
    return not _trigger_lemmas(block.text).isdisjoint(triggers)


def _may_state_founders(block: Block) -> bool:
    """Could the block state founders: has it the lemmas of one of :data:`_FOUNDER_CUES`?

    (Its founder verbs count only in the forms :func:`_founding_verb` reads: a block whose
    only founder word is 'zawiązania' or 'założyć' states no founder.)"""
    lemmas = _trigger_lemmas(block.text)
    if not lemmas:
        return False  # most blocks
    return any(all(not lemmas.isdisjoint(c) for c in cue) for cue in _FOUNDER_CUES)


def _tokenize(text: str) -> list[_Tok]:
    r"""The tokens ``_TOKEN.finditer(text)`` finds in a normalised text (its white space is
    single spaces), most of them without the pattern.

    Most written words are all letters ('Partnerstwo') or all digits ('2013'): where no
    quote or parenthesis token runs on over it, such a word is one token, a word or a
    number (no quote, parenthesis or abbreviation starts with it, and the word or number
    alternative takes all of it; ``str.isalpha`` and ``str.isdecimal`` accept no character
    that ``\p{L}`` and ``\d`` do not).  Most of the others ('OPS,', 'r.', '2013r.') open
    no quote or parenthesis: their tokens are those of the word alone
    (:func:`_written_word_tokens`, once per written word).  The pattern is searched for in
    the text only from a word that opens a quote or a parenthesis, or inside one.
    """
    new = tuple.__new__  # what _Tok(...) calls, without its Python-level __new__
    search = _TOKEN.search
    toks: list[_Tok] = []
    pos = 0  # where the pattern would be searched from next: the end of the last token
    start = 0  # of the written word
    for written in text.split(" "):
        end = start + len(written)
        if pos <= start and written.isalpha():
            toks.append(new(_Tok, ("word", start, end, written)))
            pos = end
        elif pos <= start and written.isdecimal():
            toks.append(new(_Tok, ("num", start, end, written)))
            pos = end
        elif pos <= start and (found := _written_word_tokens(written)) is not None:
            for kind, s, e, tok_text in found:
                toks.append(new(_Tok, (kind, start + s, start + e, tok_text)))
            pos = end
        else:
            while pos < end and (m := search(text, pos)) is not None:
                toks.append(new(_Tok, (m.lastgroup or "punct", m.start(), m.end(), m.group())))
                pos = m.end()
        start = end + 1
    return toks


#: The characters a quote or a parenthesis token starts with (``_TOKEN``).
_SPAN_OPENERS = '„«“"('


@lru_cache(maxsize=50_000)  # per written word; bounded so memory stays flat
def _written_word_tokens(written: str) -> tuple[tuple[str, int, int, str], ...] | None:
    r"""The tokens (kind, start, end, text; offsets in the word) of a written word that
    opens no quote or parenthesis, as :func:`_tokenize` finds them in a text where no quote
    or parenthesis runs on over the word; None for a word that opens one.

    Such tokens never run past the word: only a quote or a parenthesis takes in a space.
    So they are the tokens of the word alone: the pattern's look-behind at its start and
    look-ahead at its end see no letter and no period, in the text (a space) as here (the
    ends of the string); and as ``\S`` takes any character the other alternatives leave,
    they cover the word.
    """
    if any(c in written for c in _SPAN_OPENERS):
        return None
    return tuple(
        (m.lastgroup or "punct", m.start(), m.end(), m.group()) for m in _TOKEN.finditer(written)
    )


def _starts_name(toks: list[_Tok], i: int) -> bool:
    if i >= len(toks):
        return False
    t = toks[i]
    if t.kind != "word":
        return t.kind == "quote"
    if _capitalised_content_word(t.text):
        return True
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return (
        not _form_lemmas(t.text).isdisjoint(ORG_HEADS)
        and nxt is not None
        and (nxt.kind == "quote" or _name_word(nxt))
    )  # 'chór „Żoliborskie Słowiki”'


def _scan_item(toks: list[_Tok], i: int, *, allow_and: bool = True) -> int:
    """Index of the last token of the name starting at ``i``."""
    last, j, n = i, i + 1, len(toks)
    while j < n:
        t = toks[j]
        kind, text = t.kind, t.text
        if kind == "quote" or (
            kind == "word" and (_capitalised_content_word(text) or _is_acronym(text))
        ):  # a name word, the most common case: nothing else need be looked at
            last = j
            j += 1
            continue
        prev = toks[j - 1]
        nxt = toks[j + 1] if j + 1 < n else None
        low = text.lower()
        if kind == "num" and (
            prev.text.lower() in {"nr", "nr.", "no"} or (_name_word(prev) and len(text) <= 3)
        ):
            last = j
        elif low in {"nr", "nr.", "no"} and nxt is not None and nxt.kind == "num":
            pass
        elif (
            kind == "abbr" and low in _NAME_ABBRS and nxt is not None and _starts_name(toks, j + 1)
        ):
            pass
        elif (
            low in _CONNECTORS
            and nxt is not None
            and (nxt.kind == "quote" or _name_word(nxt) or nxt.text.lower() in _NAME_ABBRS)
        ):
            pass
        elif low == "na" and nxt is not None and nxt.text.lower() == "rzecz":
            j += 1  # 'Fundacja na rzecz …'
        elif text in "-‐" and nxt is not None and (nxt.kind == "word"):
            spaced = t.start > prev.end and nxt.start > t.end
            if spaced and not prev.text.lower().endswith("o"):
                break
        elif low == "i" and allow_and and _starts_name(toks, j + 1):
            right_end = _scan_item(toks, j + 1, allow_and=False)
            if _is_org(toks, j + 1, right_end):
                break
        else:
            break
        j += 1
    return last


def _is_org(toks: list[_Tok], first: int, last: int) -> bool:
    return _is_acronym(toks[first].text) or looks_like_org(
        " ".join([t.text for t in toks[first : last + 1]])
    )


def _orgs(toks: list[_Tok], items: list[_Item]) -> list[_Item]:
    return [it for it in items if _is_org(toks, it.first, it.last)]


def _split_missing_comma(toks: list[_Tok], item: _Item) -> list[_Item]:
    """'Fundacja Rozwoju Teofilowa Szkoła Podstawowa' -> two names (nominative lists)."""
    for k in range(item.first + 1, item.last + 1):
        t, prev = toks[k], toks[k - 1]
        if not _name_word(t) or prev.kind != "word" or not prev.text[0].isupper():
            continue
        if not _org_noun_nominative(t):
            continue
        s = k
        while s > item.first and _name_word(toks[s - 1]) and _nominative_adj(toks[s - 1]):
            s -= 1
        if s > item.first:
            left = _Item(item.first, s - 1, None)
            return [left, *_split_missing_comma(toks, _Item(s, item.last, item.successor))]
    return [item]


def _parse_list(toks: list[_Tok], i: int, *, nominative: bool = False) -> tuple[list[_Item], int]:
    """The coordinated names starting at token ``i``; and the index just past the list."""
    items: list[_Item] = []
    n = len(toks)
    while i < n and _starts_name(toks, i):
        last = _scan_item(toks, i)
        successor, j = None, last + 1
        while j < n and toks[j].kind == "paren":  # '(obecnie X)', '(dalej: X)', '(BCIL)'
            m = _OBECNIE.match(toks[j].text)
            if m:
                successor = (toks[j].start + m.start("x"), toks[j].start + m.end("x"))
            j += 1
        item = _Item(i, last, successor)
        items.extend(_split_missing_comma(toks, item) if nominative else [item])
        if j < n and (toks[j].text in {",", ";"} or toks[j].text.lower() in _SEPARATORS):
            k = j + 1
            if toks[j].text == "," and k < n and toks[k].text.lower() in _SEPARATORS:
                k += 1
            if _starts_name(toks, k):
                i = k
                continue
        return items, j
    return items, i


def _mentions(
    piece: _Text, items: Iterable[_Item], role: OrgRole, case: str | None
) -> list[OrgMention]:
    """Page mentions of the items that name organizations."""
    out = []
    toks = piece.toks
    for it in items:
        if not _is_org(toks, it.first, it.last) or "partnerstwo" in _lemmas(toks[it.first]):
            continue
        s, e = piece.page(toks[it.first].start, toks[it.last].end)
        succ = piece.page(*it.successor) if it.successor else None
        out.append(
            OrgMention(
                surface=piece.page_text[s:e],
                start=s,
                end=e,
                case_hint=case,
                role=role,
                successor=succ,
            )
        )
    return out


# ---------------------------------------------------------------------------------------
# Positions in a sentence
# ---------------------------------------------------------------------------------------


def _clause_start(toks: list[_Tok], k: int) -> int:
    s = k
    while s > 0 and not (toks[s - 1].kind == "punct" and toks[s - 1].text in _CLAUSE_END):
        s -= 1
    return s


def _skip(toks: list[_Tok], j: int, words: frozenset[str], piece: _Text | None = None) -> int:
    """Past the words in ``words`` and (given the piece) dates: 'je także', 'w 2015 roku'."""
    dates = piece.dates() if piece is not None else {}
    while j < len(toks):
        if toks[j].text.lower() in words:
            j += 1
        elif toks[j].start in dates:
            end = dates[toks[j].start]
            while j < len(toks) and toks[j].start < end:
                j += 1
        else:
            break
    return j


def _with_phrase(toks: list[_Tok], j: int) -> int | None:
    """Index after "w porozumieniu z" / "wspólnie z" … starting at ``j`` (a comma allowed)."""
    if j < len(toks) and toks[j].text == ",":
        j += 1
    words = tuple(t.text.lower() for t in toks[j : j + _WITH_LONGEST])
    for phrase in _WITH:
        if words[: len(phrase)] == phrase:
            return j + len(phrase)
    return None


def _subject_before(toks: list[_Tok], k: int) -> list[_Item]:
    """The list of names that ends right before token ``k`` within its clause."""
    for s in range(_clause_start(toks, k), k):
        if _starts_name(toks, s):
            items, end = _parse_list(toks, s, nominative=True)
            if items and end == k:
                return items
    return []


def _first_person_plural(tok: _Tok) -> bool:
    return any(r.pos == "fin" and ":pl:pri" in r.tag for r in _readings(tok.text))


def _present(tok: _Tok, lemmas: frozenset[str]) -> bool:
    return "fin" in _verb_tense(tok, lemmas)


# ---------------------------------------------------------------------------------------
# Founders
# ---------------------------------------------------------------------------------------

_FOUNDER_GAP = frozenset({"partnerstwo", "porozumienie", "być", "zostać", "ten", "lokalny"})


def _header_kind(block: Block) -> str | None:
    """What the header of the block's table cell announces: 'founder', 'member' or None."""
    if block.cell is None or block.cell.is_header or not block.cell.header:
        return None
    return _header_text_kind(block.cell.header)


@per_block  # the cells of a column share their header
def _header_text_kind(header: str) -> str | None:
    toks = [m.group() for m in _TOKEN.finditer(header)]
    lemmas = set().union(*(_form_lemmas(w) for w in toks if w.isalpha()))
    if lemmas & TRIGGERS["founder_noun"]:
        return "founder"
    if lemmas & TRIGGERS["member_noun"]:
        return "member"
    return None


def _cell_items(piece: _Text) -> list[_Item]:
    first = next((i for i in range(len(piece.toks)) if _starts_name(piece.toks, i)), None)
    return [] if first is None else _parse_list(piece.toks, first, nominative=True)[0]


def _founders_in(piece: _Text) -> list[OrgMention]:
    toks, out = piece.toks, []
    for k, t in enumerate(toks):
        if t.kind != "word":
            continue
        lemmas = _form_lemmas(t.text)
        if lemmas.isdisjoint(_FOUNDER_TRIGGERS):
            continue
        if lemmas & TRIGGERS["initiative"]:
            s0, s1 = piece.sentence(k)
            if not any(_has(x, "event") for x in toks[s0:s1]):
                continue
            items, j = _parse_list(toks, k + 1)
            out += _mentions(piece, items, OrgRole.INITIATOR, "gen")
            w = _with_phrase(toks, j) if items else None
            if w is not None:
                out += _mentions(piece, _parse_list(toks, w)[0], OrgRole.PARTNER, "inst")
        elif lemmas & TRIGGERS["founder_noun"]:
            j = k + 1
            while (
                j < len(toks)
                and j - k <= 4
                and (_lemmas(toks[j]) & _FOUNDER_GAP or toks[j].text.lower() in _SKIPPABLE)
            ):
                j += 1
            if j < len(toks) and toks[j].text == ":":
                j += 1
            items, _ = _parse_list(toks, j, nominative=True)
            out += _mentions(piece, items, OrgRole.FOUNDER, "nom")
        elif lemmas & TRIGGERS["founder_verb"]:
            out += _founding_verb(piece, k)
        elif lemmas & TRIGGERS["sign_verb"]:
            s0, s1 = piece.sentence(k)
            if any(_has(x, "agreement") for x in toks[s0:s1]):
                out += _founding_verb(piece, k, TRIGGERS["sign_verb"])
        elif lemmas & TRIGGERS["join_verb"]:
            s0, s1 = piece.sentence(k)
            from_start = any(
                toks[i].text.lower() == "od"
                and _has(toks[_skip(toks, i + 1, frozenset({"samego", "samej"}))], "from_start")
                for i in range(s0, s1 - 2)
            )
            if from_start:
                j = _skip(toks, k + 1, _SKIPPABLE, piece)
                items, _ = _parse_list(toks, j, nominative=True)
                out += _mentions(piece, items, OrgRole.PARTNER, "nom")
    return out


def _founding_verb(
    piece: _Text, k: int, verbs: frozenset[str] = TRIGGERS["founder_verb"]
) -> list[OrgMention]:
    """'Założyły je A oraz B', 'A założyło je wspólnie z B', 'założone przez A'."""
    toks, out = piece.toks, []
    tense = _verb_tense(toks[k], verbs)
    j = k + 1
    if j < len(toks) and toks[j].text.lower() == "się":
        return []
    if "ppas" in tense:
        j = _skip(toks, j, _SKIPPABLE, piece)
        if j < len(toks) and toks[j].text.lower() == "przez":
            items, end = _parse_list(toks, j + 1)
            out += _mentions(piece, items, OrgRole.FOUNDER, "acc")
            w = _with_phrase(toks, end) if items else None
            if w is not None:
                out += _mentions(piece, _parse_list(toks, w)[0], OrgRole.FOUNDER, "inst")
        return out
    if not tense & {"fin", "praet"}:
        return []
    j = _skip(toks, j, _PRONOUNS | _SKIPPABLE | {":"}, piece)
    items, end = _parse_list(toks, j, nominative=True)
    if _orgs(toks, items):
        w = _with_phrase(toks, end)
    else:
        items, w = _orgs(toks, _subject_before(toks, k)), _with_phrase(toks, j)
    out += _mentions(piece, items, OrgRole.FOUNDER, "nom")
    if items and w is not None:
        out += _mentions(piece, _parse_list(toks, w)[0], OrgRole.FOUNDER, "inst")
    return out


def _unique(mentions: Iterable[OrgMention]) -> list[OrgMention]:
    seen: dict[tuple[int, int], OrgMention] = {}
    for m in mentions:
        seen.setdefault((m.start, m.end), m)
    return sorted(seen.values(), key=lambda m: m.start)


def founders(section: Section, segmentation: Segmentation) -> list[OrgMention]:
    """Who founded the section's partnership (initiators, co-founders, founding signatories)."""
    text, out = segmentation.document.text, []
    for block in section.blocks:
        header = _header_kind(block)
        if header == "founder":
            for piece in _texts(block, text):
                out += _mentions(piece, _cell_items(piece), OrgRole.FOUNDER, "nom")
        elif header is None and _may_state_founders(block):
            for piece in _texts(block, text):
                out += _founders_in(piece)
    return _unique(out)


# ---------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------


def _introduces_members(toks: list[_Tok], k: int) -> bool:
    """Is the clause ending at token ``k`` (a colon) 'Partnerzy' / 'partnerstwo tworzą'?"""
    return any(
        _has(t, "member_noun") or _has(t, "member_verb") for t in toks[_clause_start(toks, k) : k]
    )


def _following_items(blocks: tuple[Block, ...], idx: int) -> list[Block]:
    """The list items right after block ``idx`` (past paragraphs ending with a colon)."""
    j = idx + 1
    while j < len(blocks) and blocks[j].role is Role.PARAGRAPH and blocks[j].text.endswith(":"):
        j += 1
    items = []
    while j < len(blocks) and blocks[j].role is Role.LIST_ITEM:
        items.append(blocks[j])
        j += 1
    return items


def _inline_members(piece: _Text) -> tuple[list[OrgMention], bool]:
    """'Partnerzy: A, B; C' in a paragraph; and whether a member colon ends the piece."""
    toks, out, intro = piece.toks, [], False
    for k, t in enumerate(toks):
        if t.kind == "punct" and t.text == ":" and _introduces_members(toks, k):
            if k == len(toks) - 1:
                intro = True
            else:
                out += _mentions(
                    piece, _parse_list(toks, k + 1, nominative=True)[0], OrgRole.MEMBER, "nom"
                )
    return out, intro


@per_block  # members() and coordinators() both read a section's lists
def _listed(section: Section, text: str) -> tuple[tuple[OrgMention, bool], ...]:
    """Listed members, each with 'the list marks it as the coordinator'."""
    out: list[tuple[OrgMention, bool]] = []
    blocks = section.blocks
    for idx, block in enumerate(blocks):
        header = _header_kind(block)
        intro = False
        if header == "member":
            for piece in _texts(block, text):
                out += [
                    (m, False) for m in _mentions(piece, _cell_items(piece), OrgRole.MEMBER, "nom")
                ]
        elif block.role is Role.HEADING:  # 'Członkowie partnerstwa'
            intro = _may_mention(block, TRIGGERS["member_noun"]) and any(
                _has(t, "member_noun") for p in _texts(block, text) for t in p.toks
            )
        elif (
            block.role is not Role.LIST_ITEM
            and ":" in block.text  # :func:`_inline_members` reads the names after a colon
            and _may_mention(block, _MEMBER_TRIGGERS)
        ):
            for piece in _texts(block, text):
                found, ends_with_colon = _inline_members(piece)
                out += [(m, False) for m in found]
                intro = intro or ends_with_colon
        for item in _following_items(blocks, idx) if intro else []:
            for piece in _texts(item, text):
                names = _parse_list(piece.toks, 0, nominative=True)[0]
                rest = piece.toks[names[-1].last + 1 :] if names else []
                coordinator = any(_mentions_coordinator(t) for t in rest)  # 'PKI – koordynator'
                out += [(m, coordinator) for m in _mentions(piece, names, OrgRole.MEMBER, "nom")]
    return tuple(out)


def _mentions_coordinator(tok: _Tok) -> bool:
    """'koordynator' as a word or inside a parenthesis: '– koordynator', '(koordynator)'."""
    if tok.kind == "paren":
        return any(
            not _form_lemmas(w).isdisjoint(TRIGGERS["coordinator_noun"])
            for w in regex.findall(r"\p{L}+", tok.text)
        )
    return _has(tok, "coordinator_noun")


def members(section: Section, segmentation: Segmentation) -> list[OrgMention]:
    """The organizations a section lists as the partnership's members."""
    return _unique(m for m, _ in _listed(section, segmentation.document.text))


# ---------------------------------------------------------------------------------------
# Coordinators
# ---------------------------------------------------------------------------------------


def _coordinators_in(piece: _Text) -> list[OrgMention]:
    toks, out = piece.toks, []
    role, be = TRIGGERS["role_verb"], frozenset({"być"})
    for k, t in enumerate(toks):
        if t.kind != "word":
            continue
        lemmas = _form_lemmas(t.text)
        if lemmas.isdisjoint(_COORDINATOR_TRIGGERS):
            continue
        items: list[_Item] = []
        if lemmas & TRIGGERS["coordinator_noun"]:
            if not any(r.case == "inst" for r in _readings(t.text)):
                continue  # 'rolę koordynatora pełni X' is found at the verb
            s0, s1 = piece.sentence(k)
            copula = next((j for j in range(k + 1, s1) if "być" in _lemmas(toks[j])), None)
            if copula is not None and _present(toks[copula], be):
                items = _parse_list(
                    toks, _skip(toks, copula + 1, _SKIPPABLE, piece), nominative=True
                )[0]
            elif k > s0 and _present(toks[k - 1], be):
                items = _subject_before(toks, k - 1)  # 'X jest koordynatorem'
        elif (lemmas & role and _present(t, role)) or (
            lemmas & TRIGGERS["coordinator_verb"] and _present(t, TRIGGERS["coordinator_verb"])
        ):
            s0, s1 = piece.sentence(k)
            if lemmas & role and not any(_has(x, "coordinator_noun") for x in toks[s0:s1]):
                continue
            j = _skip(toks, k + 1, _SKIPPABLE | _PRONOUNS, piece)
            items = _orgs(toks, _parse_list(toks, j, nominative=True)[0])
            items = items or _orgs(toks, _subject_before(toks, k))
            if not items and _first_person_plural(t) and _starts_name(toks, 0):
                items = _parse_list(toks, 0, nominative=True)[0][:1]  # 'we' = the block's subject
        out += _mentions(piece, items, OrgRole.COORDINATOR, "nom")
    return out


def _key(m: OrgMention) -> str:
    return " ".join(m.surface.split()).casefold()


def _first_per_name(mentions: Iterable[OrgMention]) -> list[OrgMention]:
    seen: dict[str, OrgMention] = {}
    for m in mentions:
        seen.setdefault(_key(m), m)
    return list(seen.values())


def coordinators(section: Section, segmentation: Segmentation) -> list[OrgMention]:
    """The partnership's current coordinator(s) as the section states them."""
    text, out = segmentation.document.text, []
    for block in section.blocks:
        if block.role is not Role.LIST_ITEM and _may_mention(block, _COORDINATOR_CUES):
            for piece in _texts(block, text):
                out += _coordinators_in(piece)
    for m, is_coordinator in _listed(section, text):
        if is_coordinator:
            out.append(
                OrgMention(
                    surface=m.surface,
                    start=m.start,
                    end=m.end,
                    case_hint="nom",
                    role=OrgRole.COORDINATOR,
                )
            )
    return _first_per_name(out)


def page_coordinators(segmentation: Segmentation) -> list[OrgMention]:
    """The coordinator the page's own statements give for all its partnerships."""
    text, out = segmentation.document.text, []
    for block in segmentation.statements:
        if _may_mention(block, _COORDINATOR_CUES):
            for piece in _texts(block, text):
                out += _coordinators_in(piece)
    return _first_per_name(out)


# ---------------------------------------------------------------------------------------
# Abbreviations defined on the page
# ---------------------------------------------------------------------------------------


def _name_before(toks: list[_Tok], k: int) -> int | None:
    """First token of the name that ends right before token ``k``."""
    s = k
    while s > 0:
        t = toks[s - 1]
        low = t.text.lower()
        if not (
            t.kind in {"quote", "num"}
            or (t.kind == "word" and (t.text[0].isupper() or low in _CONNECTORS | {"nr", "i"}))
            or low in _NAME_ABBRS
            or t.text in "-‐"
        ):
            break
        s -= 1
    for first in range(s, k):
        if _starts_name(toks, first) and _scan_item(toks, first) == k - 1:
            return first
    return None


def _initials_match(short: str, long: str) -> bool:
    letters = [ch for ch in short if ch.isupper()]
    initials = [w[0] for w in regex.findall(r"\p{L}+", long) if w[0].isupper()]
    if not letters or not initials or initials[0] != letters[0]:
        return False
    pos = 0
    for ch in letters:
        while pos < len(initials) and initials[pos] != ch:
            pos += 1
        if pos == len(initials):
            return False
        pos += 1
    return True


def _may_define(block: Block) -> bool:
    """Has the block a parenthesis that defines an abbreviation ('(dalej: OPS)', '(BCIL)')?

    Every parenthesis token of its pieces is one of the parentheses ``_PAREN`` finds in
    its normalised text (two never overlap, and white space is normalised alike), so a
    block with no such parenthesis here has no definition: it is passed over untokenized.
    """
    norm = normalize_spaces(block.text, base=block.start)
    return any(_DEFINED.match(p) or _BARE.match(p) for p in _PAREN.findall(norm.text))


def abbreviation_definitions(segmentation: Segmentation) -> list[Abbreviation]:
    """Abbreviations the page defines: "X (dalej: OPS)", "X (BCIL)"."""
    text, out = segmentation.document.text, []
    for block in segmentation.document.blocks:
        if "(" not in block.text or not _may_define(block):
            continue  # no parenthesis that defines, no definition
        for piece in _texts(block, text):
            toks = piece.toks
            for k, t in enumerate(toks):
                m = _DEFINED.match(t.text) or _BARE.match(t.text) if t.kind == "paren" else None
                if m is None or k == 0:
                    continue
                first = _name_before(toks, k)
                if first is None:
                    continue
                long_s, long_e = piece.page(toks[first].start, toks[k - 1].end)
                if m.re is _BARE and not _initials_match(m.group("x"), text[long_s:long_e]):
                    continue
                short_s, short_e = piece.page(t.start + m.start("x"), t.start + m.end("x"))
                out.append(
                    Abbreviation(
                        short=text[short_s:short_e],
                        short_start=short_s,
                        short_end=short_e,
                        long_start=long_s,
                        long_end=long_e,
                    )
                )
    return out
