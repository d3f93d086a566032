"""Renames: the names a partnership had before its current one, and when they changed.

A quoted name counts only when it is the object of a naming word right before it (the
partnership's own word ``Partnerstwo (lokalne)``, a colon or a dash may stand between):

* ``pod nazwą „A”``, ``o nazwie „A”``, ``nazwę (na) „B”``, ``dawna nazwa: „A”``;
* ``działa / działało / funkcjonowało / znane jako „A”``, ``nazywało się „A”``;
* ``przemianowano je na „B”``, ``zmieniło nazwę z „A” na „B”``;
* an adverb of the past: ``(dawniej „A”)``, ``(wcześniej: „A”)``, ``pierwotnie „A”``.

What the name is comes from its clause (the words between commas, brackets and sentence
ends) and its sentence, read through Morfeusz lemmas (``resources/rename_triggers.txt``):

* a former name: an adverb of the past, a date with ``do`` / ``do końca`` / ``przed``
  (``do 2016 r. działało jako „A”`` - the name was given up in 2016), a year range
  (``w latach 2011-2015 nosiło nazwę „A”``), or ``dawna / poprzednia nazwa``;
* a new name: a word of change (``zmienić``, ``przyjąć``, ``przemianować``, ``zmiana``),
  a date with ``od`` (``od stycznia 2019 r. działa jako „C”``), or ``nowa nazwa``;
* the name at founding: a founding verb earlier in the sentence (``powstało …`` /
  ``zostało zawiązane … pod nazwą „A”``);
* otherwise (``nosi nazwę „B”``) a name in use now, a new name without a date.

Names of other things are left out: a naming clause attached to another quoted name
(``Przedszkole nr 7 „Smyk” (dawniej „Bajka”)``, ``Fundacja „X”, która zmieniła nazwę``)
or whose sentence has another organization, project or event as its subject and never
mentions the partnership.

The names found are put in time order (the founding name, then former and new names by
date) and every step of that chain is one :class:`Rename`; a last former name leads to the
current name, which is the quoted partnership name of the same sentence when there is one
(``Partnerstwo „B” (do 2016 r. działało jako „A”)``) and otherwise ``None`` (the heading
gives it; the resolver fills it in).  Nothing is normalized: names keep their spelling.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from enum import Enum
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple

import regex

from pipeline.clean import Block
from pipeline.extract.context import AnalysedBlock, analyse_block, block_dates
from pipeline.morphology import shared_morphology
from pipeline.normalize.dates import DateMention, DateValue
from pipeline.segment import Section, Segmentation
from pipeline.words import Word, is_known

__all__ = ["NameSpan", "Rename", "renames"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NameSpan:
    """A partnership name as written inside its quotes (quotes excluded); exact page span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Rename:
    old: NameSpan
    new: NameSpan | None  # None: the current name, stated only by the heading
    date: DateValue | None
    date_start: int | None
    date_end: int | None
    start: int  # the statement (sentence or parenthesis) this rename is read from
    end: int


# --------------------------------------------------------------------------- resources


def _load_triggers() -> dict[str, frozenset[str]]:
    path = resources.files("pipeline").joinpath("resources/rename_triggers.txt")
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif line and current is not None:
            current.add(line)
    return {k: frozenset(v) for k, v in sections.items()}


def _load_org_heads() -> frozenset[str]:
    path = resources.files("pipeline").joinpath("resources/org_heads.txt")
    text = path.read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


_T = _load_triggers()
FORMER_ADVERBS = _T["former_adverbs"]
FORMER_ADJECTIVES = _T["former_adjectives"]
NEW_ADJECTIVES = _T["new_adjectives"]
PRESENT_ADJECTIVES = _T["present_adjectives"]
CHANGE_WORDS = _T["change_words"]
USE_WORDS = _T["use_words"]
FOUNDING_WORDS = _T["founding_words"]
OTHER_SUBJECTS = _T["other_subjects"] | (_load_org_heads() - {"sieć", "forum"})
PARTNERSHIP = frozenset({"partnerstwo"})

# A quoted name: each opening mark with the closing marks it pairs with.
_QUOTE_PAIRS = (("„", '”“"'), ("“", "”"), ('"', '"”“'), ("«", "»"), ("»", "«"), ("‚", "’‘"))


def _quote_pattern(opening: str, closing: str) -> regex.Pattern[str]:
    """A name between the ``opening`` mark and one of the ``closing`` marks."""
    marks = regex.escape(opening + closing)
    return regex.compile(
        rf"{regex.escape(opening)} ?(?P<name>[^\s{marks}]"
        rf"(?:[^{marks}\n]{{0,118}}[^\s{marks}])?) ?[{regex.escape(closing)}]"
    )


#: Each opening mark with the pattern of the names it opens.
_QUOTES = tuple((o, _quote_pattern(o, c)) for o, c in _QUOTE_PAIRS)
#: The opening marks of :data:`_QUOTE_PAIRS`: a text without one has no quoted name.
_QUOTE_MARK = re.compile(  # (plain ``re``: faster to search for one character)
    "[" + re.escape("".join(opening for opening, _ in _QUOTE_PAIRS)) + "]"
)
_CLAUSE_BREAK = frozenset({",", ";", "(", ")", "[", "]"})
_SENTENCE_END = frozenset({".", "!", "?", "…", "..."})
_FILLERS = frozenset({":", "–", "-", "—"})
_AGLT = regex.compile(r"(?:śmy|ście|m|ś)$")
_UNTIL = frozenset({"until", "end", "before"})
_DIGIT = regex.compile(r"[0-9]")  # every date mention has one (its year)
_JAKO_REACH = 7  # how many words back from "jako" its verb may stand


# --------------------------------------------------------------------------- tokens


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _aglt_lemmas(form: str) -> frozenset[str]:
    """Lemmas of a past-tense verb glued to its person ending ('zmieniliśmy')."""
    stem = _AGLT.sub("", form.lower())
    readings = shared_morphology().analyse(stem) if stem != form.lower() else ()
    return frozenset(r.lemma for r in readings if r.pos == "praet")


_MEMO = "renames.lemmas"  # the key of a form's lemmas in its analysis' memo


def _lemmas(token: Word) -> frozenset[str]:
    """The word's lemmas in lower case (an unknown past-tense verb's too), memoised on its
    analysis: worked out once per form for the whole run."""
    memo = token.analysis.memo
    lemmas = memo.get(_MEMO)
    if lemmas is None:
        lemmas = token.analysis.lower_lemmas | {token.lemma_.lower()}
        if not is_known(token):
            lemmas |= _aglt_lemmas(token.text)
        memo[_MEMO] = lemmas
    return lemmas


def _has(token: Word, words: AbstractSet[str]) -> bool:
    return not _lemmas(token).isdisjoint(words)


def _is_partnership_word(token: Word) -> bool:
    return _has(token, PARTNERSHIP) or (token.analysis.pos == "ADJ" and _has(token, {"lokalny"}))


class Kind(Enum):
    FOUNDING = "founding"
    FORMER = "former"
    NEW = "new"


class _Quote(NamedTuple):  # a named tuple: made for every quote, faster than a dataclass
    start: int  # norm offsets of the opening and closing marks (inclusive / exclusive)
    end: int
    name_start: int  # norm offsets of the name
    name_end: int
    first: int  # token indexes of the opening and closing marks
    last: int


@dataclass(frozen=True, slots=True)
class _Event:
    kind: Kind
    name: NameSpan
    date: DateMention | None
    evidence: tuple[int, int]  # page span
    current: NameSpan | None  # the partnership's name the statement is attached to
    order: int


def _quotes(ab: AnalysedBlock) -> list[_Quote]:
    text = ab.norm.text
    found: list[tuple[int, int, int, int]] = []
    for mark, pattern in _QUOTES:
        if mark in text:  # a quote starts with its opening mark
            for m in pattern.finditer(text):
                found.append((*m.span(), *m.span("name")))
    found.sort()
    words = ab.doc.words
    out: list[_Quote] = []
    for s, e, ns, ne in found:
        if out and s < out[-1].end:
            continue
        first, last = _word_starting_at(words, s), _word_ending_at(words, e)
        if first is None or last is None:
            continue
        if not (text[ns].isupper() or text[ns].isdigit()):
            continue
        out.append(_Quote(s, e, ns, ne, first, last))
    return out


def _word_starting_at(words: list[Word], offset: int) -> int | None:
    """The index of the word that starts at character ``offset``, if one does."""
    k = bisect_left(words, offset, key=_start_of)
    return k if k < len(words) and words[k].idx == offset else None


def _word_ending_at(words: list[Word], offset: int) -> int | None:
    """The index of the word that ends at character ``offset``, if one does."""
    k = bisect_left(words, offset, key=_start_of) - 1  # the last word starting before it
    return k if k >= 0 and words[k].idx + len(words[k].text) == offset else None


_start_of = attrgetter("idx")


# --------------------------------------------------------------------------- one quote


def _trigger(words: list[Word], q: _Quote, quotes: list[_Quote]) -> tuple[str, int] | None:
    """What makes the quoted text a name: ('under'|'change'|'former'|'from'|'new', index
    of the naming word), or None when the quote is not the object of a naming word."""
    i = q.first - 1
    while i >= 0 and (words[i].text in _FILLERS or _is_partnership_word(words[i])):
        i -= 1
    if i < 0:
        return None
    t = words[i]
    low = t.lower_
    if low in FORMER_ADVERBS:
        return "former", i
    if low in ("na", "z", "ze"):
        j = i - 1
        before = next((p for p in quotes if p.last == j), None)
        if low == "na" and before is not None:  # "z „A” na „B”"
            found = _trigger(words, before, quotes)
            return ("change", found[1]) if found and found[0] == "from" else None
        while j >= 0 and (words[j].analysis.pos == "PRON" or words[j].lower_ == "się"):
            j -= 1
        if j >= 0 and (_has(words[j], {"nazwa"}) or _has(words[j], CHANGE_WORDS)):
            return ("change" if low == "na" else "from"), j
        return None
    if _has(t, {"nazwa"}) and t.analysis.pos != "ADJ":
        near = [words[k] for k in (i - 1, i + 1) if 0 <= k < len(words)]
        if any(n.analysis.pos == "ADJ" and _has(n, FORMER_ADJECTIVES) for n in near):
            return "former", i
        if any(n.analysis.pos == "ADJ" and _has(n, NEW_ADJECTIVES) for n in near):
            return "new", i
        return "under", i
    if low == "jako" and i > 0:
        # the verb may stand a few words back: "powstało 3 października 2013 r. jako „A”"
        for j in range(i - 1, max(-1, i - 1 - _JAKO_REACH), -1):
            if words[j].text in _CLAUSE_BREAK or words[j].lower_ in FORMER_ADVERBS:
                break
            if _has(words[j], USE_WORDS) or _has(words[j], FOUNDING_WORDS):
                return "under", i
        return None
    if low == "się" and i > 0 and _has(words[i - 1], {"nazywać", "zwać"}):
        return "under", i - 1
    return None


def _ends_sentence(words: list[Word], k: int) -> bool:
    """A sentence ends at '.', '!', '?' followed by a space (or the end), not in '22.10.'."""
    t = words[k]
    return t.text in _SENTENCE_END and (k + 1 == len(words) or bool(t.whitespace_))


def _bounds(words: list[Word], i: int) -> tuple[int, int, int, int]:
    """Word indexes [clause start, clause end) and [sentence start, sentence end) of i."""
    ends = _SENTENCE_END  # only these words may end a sentence: the rest is asked of them
    s = i
    while s > 0 and (words[s - 1].text not in ends or not _ends_sentence(words, s - 1)):
        s -= 1
    e = i
    while e < len(words) and (words[e].text not in ends or not _ends_sentence(words, e)):
        e += 1
    cs = i
    while cs > s and words[cs - 1].text not in _CLAUSE_BREAK:
        cs -= 1
    ce = i
    while ce < e and words[ce].text not in _CLAUSE_BREAK:
        ce += 1
    return cs, ce, s, min(e + 1, len(words))


def _has_verb(words: list[Word], lo: int, hi: int) -> bool:
    return any(words[k].analysis.pos in ("VERB", "AUX") for k in range(lo, hi))


class _Dates:
    """A block's date mentions (with page offsets), found when first needed: most quoted
    names need no date, and words without a digit hold none (every date has its year in
    digits), so a block's dates are often never looked for."""

    __slots__ = ("ab", "found", "page_text")

    def __init__(self, ab: AnalysedBlock, page_text: str) -> None:
        self.ab = ab
        self.page_text = page_text
        self.found: list[DateMention] | None = None

    def first(self, words: list[Word], lo: int, hi: int) -> DateMention | None:
        """The first date mention inside tokens [lo, hi)."""
        if lo >= hi:
            return None
        a, b = words[lo].idx, words[hi - 1].idx + len(words[hi - 1].text)
        if not _DIGIT.search(self.ab.norm.text, a, b):
            return None
        if self.found is None:
            self.found = [
                _to_page(self.ab, self.page_text, d) for d in block_dates(self.ab.norm.text)
            ]
        start, end = self.ab.page_span(a, b)
        inside = [d for d in self.found if d.start >= start and d.end <= end]
        return inside[0] if inside else None


def _is_partnership_quote(words: list[Word], q: _Quote, sentence_start: int) -> bool:
    i = q.first - 1
    while i >= 0 and words[i].analysis.pos == "ADJ" and _has(words[i], {"lokalny"}):
        i -= 1
    return i < sentence_start or _has(words[i], PARTNERSHIP)


def _attached(
    words: list[Word], quotes: list[_Quote], cs: int, s: int
) -> tuple[bool, _Quote | None]:
    """Is the clause starting at token cs attached to what stands before it ("„X” (dawniej
    „A”)", "„X”, która …")?  -> (is it about the partnership, the partnership's quote)."""
    if cs <= s or words[cs - 1].text not in ("(", ",", "–", "-"):
        return True, None
    before = next((q for q in quotes if q.last == cs - 2), None)
    relative = cs < len(words) and _has(words[cs], {"który"})
    if before is None and words[cs - 1].text == "," and relative:
        return not _has(words[cs - 2], OTHER_SUBJECTS), None
    if before is None:
        return True, None
    if (
        words[cs - 1].text in (",", "–", "-")
        and not relative
        and words[cs].lower_ not in FORMER_ADVERBS
    ):
        return True, None  # a new clause, not an apposition
    ok = _is_partnership_quote(words, before, s) or _trigger(words, before, quotes) is not None
    return ok, before if ok else None


def _other_subject(words: list[Word], lo: int, hi: int) -> bool:
    """The tokens [lo, hi) name another organization/event and not the partnership."""
    if any(_has(words[k], PARTNERSHIP) for k in range(lo, hi)):
        return False
    return any(
        words[k].is_title
        and words[k].analysis.pos == "NOUN"
        and _has(words[k], OTHER_SUBJECTS)
        and "Nom" in words[k].morph.get("Case", [])
        for k in range(lo, hi)
    )


def _span(ab: AnalysedBlock, text: str, start: int, end: int) -> NameSpan:
    s, e = ab.page_span(start, end)
    return NameSpan(text=text[s:e], start=s, end=e)


def _events(ab: AnalysedBlock, page_text: str, dates: _Dates, order: int) -> list[_Event]:
    words = ab.doc.words
    quotes = _quotes(ab)
    if not quotes:
        return []
    events: list[_Event] = []
    for q in quotes:
        found = _trigger(words, q, quotes)
        if found is None:
            continue
        how, ti = found
        cs, ce, s, e = _bounds(words, q.first)
        ok, attached = _attached(words, quotes, cs, s)
        if not ok or (attached is None and _other_subject(words, s, ti)):
            continue
        clause = range(cs, ti)
        date = dates.first(words, cs, ce)
        clause_words = [words[k] for k in clause]
        if how in ("former", "from"):
            kind = Kind.FORMER
        elif how in ("change", "new") or any(_has(w, CHANGE_WORDS) for w in clause_words):
            kind = Kind.NEW
        elif any(w.lower_ in FORMER_ADVERBS for w in clause_words):
            kind = Kind.FORMER
        elif date is not None and (date.qualifier in _UNTIL or date.range_end is not None):
            kind = Kind.FORMER
        elif date is not None and date.qualifier in ("since", "after"):
            kind = Kind.NEW
        elif any(_has(words[k], FOUNDING_WORDS) for k in range(s, ti)):
            kind, date = Kind.FOUNDING, None
        else:
            kind = Kind.NEW
        if kind is Kind.NEW and date is None:
            date = _earlier_date(dates, words, cs, s)
        if kind is Kind.FORMER and how == "from":
            date = None  # "z „A” na „B”": the date belongs to the new name
        if date is not None and date.range_end is not None:
            date = _range_end(date)
        current = (
            _current(ab, page_text, words, quotes, q, attached, s) if kind is Kind.FORMER else None
        )
        lo, hi = _evidence(words, q, s, e, current is not None)
        name = _span(ab, page_text, q.name_start, q.name_end)
        events.append(_Event(kind, name, date, ab.page_span(lo, hi), current, order + len(events)))
    return events


def _present_name_events(
    ab: AnalysedBlock, page_text: str, section: Section, dates: _Dates, order: int
) -> list[_Event]:
    """'obecną nazwę przyjęło w 2017 r.': the present name (the heading's, not quoted
    here) was taken on that date — a new-name event for the current name."""
    words = ab.doc.words
    events: list[_Event] = []
    for k in range(len(words) - 1):
        if "nazwa" not in _lemmas(words[k + 1]) or not _has(words[k], PRESENT_ADJECTIVES):
            continue
        if k + 2 < len(words) and _QUOTE_MARK.search(words[k + 2].text):
            continue  # the name is quoted: the quote's own trigger handles it
        cs, ce, s, e = _bounds(words, k)
        if not any(_has(words[j], CHANGE_WORDS) for j in range(cs, ce)):
            continue
        date = dates.first(words, cs, ce)
        if date is None:
            continue
        name = NameSpan(
            text=page_text[section.name_start : section.name_end],
            start=section.name_start,
            end=section.name_end,
        )
        lo, hi = words[s].idx, words[e - 1].idx + len(words[e - 1].text)
        events.append(_Event(Kind.NEW, name, date, ab.page_span(lo, hi), None, order + len(events)))
    return events


def _to_page(ab: AnalysedBlock, page_text: str, d: DateMention) -> DateMention:
    """The date mention with page offsets (find_dates ran on the normalised text)."""
    s, e = ab.page_span(d.start, d.end)
    return replace(d, start=s, end=e, text=page_text[s:e])


def _earlier_date(dates: _Dates, words: list[Word], cs: int, s: int) -> DateMention | None:
    """'W 2018 roku, po zmianie strategii, zmieniło nazwę': a date in the clauses before,
    as long as no other verb stands between."""
    hi = cs - 1
    while hi > s:
        lo = hi
        while lo > s and words[lo - 1].text not in _CLAUSE_BREAK:
            lo -= 1
        if _has_verb(words, lo, hi):
            return None
        found = dates.first(words, lo, hi)
        if found is not None:
            return found
        hi = lo - 1
    return None


def _range_end(date: DateMention) -> DateMention:
    """'w latach 2011-2015 działało jako „A”': the name was given up at the range's end."""
    assert date.range_end is not None
    return replace(date, value=date.range_end, range_end=None, qualifier="until")


def _current(
    ab: AnalysedBlock,
    page_text: str,
    words: list[Word],
    quotes: list[_Quote],
    q: _Quote,
    attached: _Quote | None,
    s: int,
) -> NameSpan | None:
    """The partnership's present name in the same sentence as a former name."""
    if attached is None:
        attached = next(
            (
                p
                for p in quotes
                if s <= p.first < q.first
                and _trigger(words, p, quotes) is None
                and _is_partnership_quote(words, p, s)
            ),
            None,
        )
    if attached is None:
        return None
    return _span(ab, page_text, attached.name_start, attached.name_end)


def _evidence(
    words: list[Word], q: _Quote, s: int, e: int, whole_sentence: bool
) -> tuple[int, int]:
    """Norm offsets of the parenthesis holding the quote, else of its sentence."""
    lo, hi = s, e
    if not whole_sentence:
        open_ = next((k for k in range(q.first - 1, s - 1, -1) if words[k].text in "()"), None)
        close = next((k for k in range(q.last + 1, e) if words[k].text in "()"), None)
        if (
            open_ is not None
            and close is not None
            and words[open_].text == "("
            and words[close].text == ")"
        ):
            lo, hi = open_, close + 1
    return words[lo].idx, words[hi - 1].idx + len(words[hi - 1].text)


# --------------------------------------------------------------------------- the chain


def _key(name: NameSpan | None) -> str:
    return " ".join(name.text.split()).casefold() if name is not None else ""


def _sort_key(event: _Event) -> tuple:
    """Founding names first; dated names by date (a former name ends at its date, so it
    goes before a new name of the same date); undated former names before dated ones,
    undated new names after them; ties in text order."""
    if event.kind is Kind.FOUNDING:
        return (0, (), 0, event.order)
    if event.date is None:
        return (1 if event.kind is Kind.FORMER else 3, (), 0, event.order)
    v = event.date.value
    when = (v.year, v.month or 0, v.day or 0)
    return (2, when, 0 if event.kind is Kind.FORMER else 1, event.order)


def _chain(events: list[_Event], section: Section, page_text: str) -> list[Rename]:
    current_key = " ".join(section.name_text.split()).casefold()
    ordered: list[_Event] = []
    for event in sorted(events, key=_sort_key):
        same = next((o for o in ordered if _key(o.name) == _key(event.name)), None)
        if same is None:
            ordered.append(event)
        elif event.kind is Kind.FORMER and same.date is None and event.date is not None:
            ordered[ordered.index(same)] = _Event(
                same.kind, same.name, event.date, event.evidence, event.current, same.order
            )
    out: list[Rename] = []
    for prev, nxt in pairwise(ordered):
        if nxt.kind is Kind.NEW:
            date, evidence = nxt.date, nxt.evidence
        else:  # a former name after a former name: the earlier one ended first
            date = prev.date if prev.kind is Kind.FORMER else None
            evidence = prev.evidence
        out.append(_rename(prev.name, nxt.name, date, evidence))
    if ordered and ordered[-1].kind is not Kind.NEW and _key(ordered[-1].name) != current_key:
        last = ordered[-1]
        date = last.date if last.kind is Kind.FORMER else None
        out.append(_rename(last.name, last.current, date, last.evidence))
    return out


def _rename(
    old: NameSpan, new: NameSpan | None, date: DateMention | None, evidence: tuple[int, int]
) -> Rename:
    return Rename(
        old=old,
        new=new,
        date=date.value if date else None,
        date_start=date.start if date else None,
        date_end=date.end if date else None,
        start=evidence[0],
        end=evidence[1],
    )


def renames(section: Section, segmentation: Segmentation) -> list[Rename]:
    """The partnership's renames, oldest first: a chain old -> ... -> current."""
    page_text = segmentation.document.text
    blocks: list[Block] = list(section.blocks)
    # (by identity: a page's blocks are distinct regions, so none equals another, and
    # comparing dataclasses field by field with every block is slow)
    if not any(b is section.heading for b in blocks):
        blocks.insert(0, section.heading)
    events: list[_Event] = []
    for block in blocks:
        text = block.text
        quoted = _QUOTE_MARK.search(text) is not None
        if not quoted and "nazw" not in text:
            continue
        ab = analyse_block(block)
        dates = _Dates(ab, page_text)
        if quoted:
            events += _events(ab, page_text, dates, order=len(events))
        if "nazw" in text or "nazw" in text.lower():  # every form of 'nazwa' has it
            events += _present_name_events(ab, page_text, section, dates, order=len(events))
    if not events:
        return []
    found = _chain(events, section, page_text)
    for r in found:
        for n in (r.old, r.new):
            assert n is None or page_text[n.start : n.end] == n.text
    return found
