"""Street lists ("ograniczony ulicami: Kilińskiego/Ogrodową/al. Solidarności") ->
canonical street records.

One item is read as ``[type word] [title] name [house number]``:

* a leading type word ('ul.', 'Alei', 'Placu', 'Trasy' …, see ``street_types.txt``) sets
  ``street_type``; ulica/aleja are dropped from the name, every other kind keeps its noun,
  nominative ('Placu Wilsona' -> 'plac Wilsona', 'Trasy Łazienkowskiej' -> 'Trasa Łazienkowska');
* a title ('gen.', 'Księdza' …, see ``titles.txt``) goes to ``title``, canonical;
* a trailing house number ('12', '7a', '12/14') is dropped;
* the name is canonicalised from Morfeusz readings, never from a list of streets:
  - an adjective name agreeing with the street's noun (ulica: feminine singular) goes to the
    nominative: 'Grunwaldzkiej' -> 'Grunwaldzka', 'Wybrzeżu Helskim' -> 'Wybrzeże Helskie'.  For a
    feminine noun the adjective reading wins over a surname reading ('Lipowej'); for a
    masculine/neuter one a genitive surname reading wins ('Placu Słowackiego');
  - an adjective unknown to Morfeusz is put in the nominative by its ending ('-skiej' ->
    '-ska', '-owej' -> '-owa' …), with ``certain=False``;
  - a noun phrase that can be genitive stays as written: that is how streets are named
    after people and things ('Armii Krajowej', 'Jana Pawła II', 'Dzieci Warszawy');
  - a noun phrase in another case goes to the nominative ('Nowym Świecie' -> 'Nowy Świat').
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files
from operator import attrgetter
from types import MappingProxyType
from typing import NamedTuple

import regex

from pipeline.morphology import ADJ_POS, NOUN_POS, Reading, shared_morphology

__all__ = [
    "KIND_IN_NAME",
    "STREET_TYPES",
    "TITLES",
    "NotAStreetError",
    "StreetName",
    "normalize_street",
    "normalize_street_list",
    "split_street_list",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class StreetName:
    name: str  # canonical short name: 'Mickiewicza', 'Grunwaldzka', 'plac Wilsona'
    street_type: str  # a kind from street_types.txt: 'ulica', 'aleja', 'plac', 'trasa' …
    title: str | None  # canonical honorific kept apart from the name: 'gen.', 'ks.' …
    surface: str  # the exact text of the item in the input
    start: int  # input[start:end] == surface
    end: int
    certain: bool  # False when morphology could not establish the canonical form


class NotAStreetError(ValueError):
    """The item holds no street name (only a type word, a title, a number, punctuation …)."""


# --- resources ---------------------------------------------------------------------------


def _rows(filename: str) -> list[list[str]]:
    text = (files("pipeline") / "resources" / filename).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [line for line in lines if line]


def _variants(form: str) -> Iterable[str]:
    """A form as it may be written: lower case, capitalised, without an abbreviation's dot."""
    for f in (form, form[:-1]) if form.endswith(".") and len(form) > 2 else (form,):
        yield f
        yield f[:1].upper() + f[1:]


def _table(rows: list[list[str]], first_form: int) -> dict[str, str]:
    return {v: row[0] for row in rows for f in row[first_form:] for v in _variants(f)}


_TYPE_ROWS = _rows("street_types.txt")
#: Every written form of a type word -> canonical kind ('Placu' -> 'plac').
STREET_TYPES: Mapping[str, str] = MappingProxyType(_table(_TYPE_ROWS, 2))
#: Kind -> its noun as written inside the name ('plac', 'Trasa'), None when not part of it.
KIND_IN_NAME: Mapping[str, str | None] = MappingProxyType(
    {row[0]: None if row[1] == "-" else row[1] for row in _TYPE_ROWS}
)
#: Every written form of a title -> canonical abbreviation ('Generała' -> 'gen.').
TITLES: Mapping[str, str] = MappingProxyType(_table(_rows("titles.txt"), 1))

_TYPE_BY_LOWER = {k.lower(): v for k, v in STREET_TYPES.items()}
_TITLE_BY_LOWER = {k.lower(): v for k, v in TITLES.items()}
_ABBREVIATIONS = frozenset(k for k in _TYPE_BY_LOWER | _TITLE_BY_LOWER if k.endswith("."))

# --- patterns ----------------------------------------------------------------------------

_WS = r"\s\x1c-\x1f\u200b\u2060\ufeff"  # everything str.isspace() knows, and zero-width
#: Where a list splits: punctuation and line breaks, '/' (but '12/14' is a house number:
#: see ``_SLASH_IN_NUMBER``), ' i ', ' oraz ', ' - ' … between white space, and around a
#: parenthetical remark, which is no item.  A pattern for Python's ``re`` (not ``regex``)
#: with one alternative per first character: ``re`` then skips straight to the characters
#: that can start one, where ``regex`` tries every alternative at every position.  ``_WS``
#: is the same class in both (``re``'s ``\s`` is ``str.isspace()``: ``regex``'s and
#: ``\x1c-\x1f``); the digits of '12/14' are left to ``regex``, whose ``\d`` the other
#: patterns use.
_SEPARATOR = re.compile(
    "|".join(
        [
            *map(re.escape, ",;:–—\n\r\u2028\u2029/"),
            *(
                rf"{w}(?<=[{_WS}]{w})(?=[{_WS}])"
                for w in map(re.escape, ("i", "oraz", "a", "lub", "albo", "-", "‐", "‑", "−"))
            ),
            r"\([^()]*(?:\)|$)",
        ]
    )
)
_SLASH_IN_NUMBER = regex.compile(r"(?<=\d)/(?=\d)")  # '12/14'
_END_CANDIDATE = re.compile(r"[().]")
#: The patterns anchored at the end ('…$') search backwards (``(?r)``): the same match,
#: found from the end instead of by trying every start before it.
_WORD_BEFORE = regex.compile(r"(?r)\p{L}+$")
_INITIAL = regex.compile(r"\p{Lu}\p{Ll}{0,2}")  # 'J.', 'Wł.' before a surname
_NEXT_UPPER = regex.compile(rf"[{_WS}]*\p{{Lu}}")
#: What an item is trimmed of besides white space (``str.isspace()`` knows the white space of
#: ``_WS`` but the zero-width characters, listed here): quotes, bullets, stray punctuation.
_TRIM_MARKS = frozenset("\u200b\u2060\ufeff\"'„”“«»‹›*•·‣◦,;:!?-–—")
_TOKEN = regex.compile(rf"[^{_WS}.]+\.?|\.+")
_HOUSE_NUMBER = regex.compile(r"\d+\p{L}?(?:[/-]\d+\p{L}?)*")
_HAS_LETTER = regex.compile(r"\p{L}")
_POSTAL_CODE = regex.compile(r"\d\d-\d\d\d")  # '03-737 Warszawa' is an address's tail
_WORD = regex.compile(r"\p{L}+(?:-\p{L}+)*")
_NUMBER_LIKE = regex.compile(r"\d+|[IVXLC]+|\p{Lu}{2,}")  # '3 Maja', 'Jana Pawła II', 'AK'
#: A feminine adjective form by its ending (stem ends in a consonant).
_FEM_ADJ_FORM = regex.compile(
    r"(?P<stem>[\p{L}-]*[^\W\daeiouyąęóAEIOUYĄĘÓ])(?P<end>iej|ej|ią|ą|ia|a)"
)
_FEM_ENDING_CASES = {
    "iej": {"gen", "dat", "loc"},
    "ej": {"gen", "dat", "loc"},
    "ią": {"acc", "inst"},
    "ą": {"acc", "inst"},
    "ia": {"nom"},
    "a": {"nom"},
}

#: Words whose readings (and the like) are kept at once: a name's words recur in its
#: items and on many pages.  Bounded, so memory stays flat over a long run.  Every cache
#: of this module is keyed by one word (with the street noun's gender and numbers), never by
#: an item: an item as a whole is read anew on every page.
_WORD_CACHE = 20_000

# --- splitting ---------------------------------------------------------------------------


@lru_cache(maxsize=_WORD_CACHE)
def _before_dot(word: str) -> tuple[bool, bool]:
    """Whether the word and a dot are an abbreviation ('ul.', 'gen.'), and whether they may
    be an initial ('J.', 'Wł.')."""
    return word.lower() + "." in _ABBREVIATIONS, _INITIAL.fullmatch(word) is not None


def _dot_ends_list(text: str, i: int) -> bool:
    """Whether the '.' at text[i] ends the list (not an abbreviation's or initial's dot)."""
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1] in "\u200b\ufeff"):
        return False  # 'ul.Lipowej', '12.5'
    word = _WORD_BEFORE.search(text, max(0, i - 40), i)
    if word is None:
        return True
    abbreviation, initial = _before_dot(word.group())
    if abbreviation:
        return False
    return not (initial and _NEXT_UPPER.match(text, i + 1))


def _list_end(text: str) -> int:
    depth = 0
    for m in _END_CANDIDATE.finditer(text):
        c = m.group()
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return m.start()
            depth -= 1
        elif depth == 0 and _dot_ends_list(text, m.start()):
            return m.start()
    return len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, quotes, bullets and a list-ending dot."""
    marks = _TRIM_MARKS
    while True:
        while start < end and ((c := text[start]).isspace() or c in marks):
            start += 1
        while end > start and ((c := text[end - 1]).isspace() or c in marks):
            end -= 1
        if end > start and text[end - 1] == "." and _dot_ends_list(text[:end], end - 1):
            end -= 1
            continue
        return start, end


def split_street_list(text: str) -> list[tuple[int, int]]:
    """Spans of the items of a street list; the list ends at a final '.' or a stray ')'."""
    spans: list[tuple[int, int]] = []
    pos, end = 0, _list_end(text)
    for sep in _SEPARATOR.finditer(text, 0, end):
        cut = sep.start()
        if text[cut] == "/" and _SLASH_IN_NUMBER.match(text, cut, end):
            continue  # '12/14' is no separator
        a, b = _trim(text, pos, cut)
        if b > a:
            spans.append((a, b))
        pos = sep.end()
    a, b = _trim(text, pos, end)
    if b > a:
        spans.append((a, b))
    return spans


# --- morphology --------------------------------------------------------------------------


@lru_cache(maxsize=_WORD_CACHE)
def _readings(word: str) -> tuple[Reading, ...]:
    """Readings of a word; of a hyphenated one ('Bielsko-Bialskiej'), its last part's."""
    morph = shared_morphology()
    rs = morph.analyse(word)
    if rs[0].tag == "ign" and "-" in word:
        rs = morph.analyse(word.rsplit("-", 1)[1])
    return tuple(r for r in rs if r.tag != "ign")


@lru_cache(maxsize=_WORD_CACHE)
def _known(word: str) -> bool:
    if _NUMBER_LIKE.fullmatch(word) or not _HAS_LETTER.search(word):
        return True
    if word.endswith(".") and _INITIAL.fullmatch(word[:-1]):
        return True  # 'J. Kilińskiego'
    if not _WORD.fullmatch(word):
        return False
    parts = word.split("-")
    return all(shared_morphology().analyse(p)[0].tag != "ign" for p in parts)


@cache
def _kind_gender(kind: str) -> str:
    for r in shared_morphology().analyse(kind):
        if r.is_noun and r.lemma == kind and r.case == "nom" and r.number == "sg":
            return r.gender or "f"
    return "f"


@lru_cache(maxsize=_WORD_CACHE)
def _kind_numbers(kind: str, written: str | None) -> frozenset[str]:
    """Numbers the type word allows: 'Alei Jerozolimskich' is plural, 'ul.' singular."""
    if written is None or written.endswith("."):
        return frozenset({"sg"})
    numbers = {r.number for r in shared_morphology().analyse(written) if r.lemma == kind}
    return frozenset({"sg"} | {n for n in numbers if n})  # 'ulicami Lipową' is one street


def _same_gender(reading_gender: str | None, gender: str) -> bool:
    if reading_gender is not None and reading_gender[:1] == gender[:1] == "n":
        return True  # n, n1, n2
    return reading_gender == gender


def _match_case(new: str, like: str) -> str:
    if len(like) > 1 and like.isupper():
        return new.upper()
    return new[:1].upper() + new[1:] if like[:1].isupper() else new


def _is_genitive_person(rs: Iterable[Reading]) -> bool:
    return any(
        r.is_noun and r.case == "gen" and any(n.startswith(("nazwisko", "imię")) for n in r.names)
        for r in rs
    )


#: An agreement of a noun phrase's words: (case, number, gender).
_Agreement = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class _Word:
    """What one word of a name tells about its canonical form, read once per word."""

    #: Readings of a plain word (``_WORD``), () for any other ('12', 'J.') or an unknown one.
    readings: tuple[Reading, ...]
    #: It has readings, none nominative or genitive: a case to undo ('Nowym').
    other_case: bool
    #: Kept as written, it is still certain: a known word, or a '-ego' surname.
    plausible: bool
    #: The first reading of each agreement (its case, number and gender all set).
    by_agreement: dict[_Agreement, Reading]


@lru_cache(maxsize=_WORD_CACHE)
def _word(word: str) -> _Word:
    """The :class:`_Word` of a word as written."""
    rs = _readings(word) if _WORD.fullmatch(word) else ()
    by_agreement: dict[_Agreement, Reading] = {}
    for r in rs:
        if r.case is not None and r.number is not None and r.gender is not None:
            by_agreement.setdefault((r.case, r.number, r.gender), r)
    return _Word(
        readings=rs,
        other_case=bool(rs) and not any(r.case in ("nom", "gen") for r in rs),
        plausible=_known(word) or word.lower().endswith("ego"),
        by_agreement=by_agreement,
    )


#: How a word reads as an adjective in one (case, number): its first such reading, or,
#: for a word Morfeusz does not know, its feminine ending.
_AdjectiveReadings = dict[tuple[str, str], Reading | str]


@lru_cache(maxsize=_WORD_CACHE)
def _adjective_readings(
    word: str, gender: str, numbers: frozenset[str]
) -> _AdjectiveReadings | None:
    """The (case, number)s in which the word is an adjective agreeing with a street noun of
    ``gender`` (in one of ``numbers``); None when it cannot be one."""
    if not _WORD.fullmatch(word):
        return None
    rs = _readings(word)
    if gender != "f" and _is_genitive_person(rs):
        return None  # 'Placu Słowackiego' is named after the poet
    found: _AdjectiveReadings = {}
    for r in rs:
        if r.is_adj and r.case and r.number in numbers and _same_gender(r.gender, gender):
            found.setdefault((r.case, r.number), r)
    if not rs and gender == "f" and (m := _FEM_ADJ_FORM.fullmatch(word)):
        found = {(c, "sg"): m["end"] for c in _FEM_ENDING_CASES[m["end"]]}
    return found or None


@lru_cache(maxsize=_WORD_CACHE)
def _adjective_nominative(
    word: str, gender: str, numbers: frozenset[str], case: str, number: str
) -> tuple[str, bool] | None:
    """The word, an adjective in (case, number) as :func:`_adjective_readings` reads it, in
    the nominative, and whether morphology established that form; None when it cannot."""
    readings = _adjective_readings(word, gender, numbers)
    assert readings is not None
    chosen = readings[(case, number)]
    if case == "nom":
        return word, isinstance(chosen, Reading)
    form, certain = None, True
    if isinstance(chosen, Reading):
        form = shared_morphology().inflect(
            chosen.lemma,
            case="nom",
            number=number,
            gender=gender,
            pos=frozenset({chosen.pos}),
            degree=chosen.degree,
        )
    if form is None:
        form, certain = _fem_nominative(word), False
        if form is None:
            return None
    prefix = word.rsplit("-", 1)[0] + "-" if "-" in word and "-" not in form else ""
    return prefix + _match_case(form, word.rsplit("-", 1)[-1]), certain


def _adjective_preference(case_number: tuple[str, str]) -> tuple[bool, bool]:
    """Singular first, then the nominative."""
    return case_number[1] != "sg", case_number[0] != "nom"


def _as_adjectives(
    words: list[str], gender: str, numbers: frozenset[str]
) -> tuple[list[str], bool] | None:
    """The name read as adjectives agreeing with the street's noun, in the nominative."""
    options: list[_AdjectiveReadings] = []
    for word in words:
        found = _adjective_readings(word, gender, numbers)
        if found is None:
            return None
        options.append(found)
    common = set.intersection(*(set(o) for o in options))
    if not common:
        return None
    case, number = min(common, key=_adjective_preference)
    out, certain = [], True
    for word in words:
        nominative = _adjective_nominative(word, gender, numbers, case, number)
        if nominative is None:
            return None
        out.append(nominative[0])
        certain &= nominative[1]
    return out, certain


def _fem_nominative(word: str) -> str | None:
    """'Szamockiej' -> 'Szamocka', 'Ostatniej' -> 'Ostatnia', 'Krajową' -> 'Krajowa'."""
    m = _FEM_ADJ_FORM.fullmatch(word)
    if m is None:
        return None
    stem, end = m["stem"], m["end"]
    soft = end.startswith("i") and stem[-1].lower() not in "kg"
    return stem + ("ia" if soft else "a")


@lru_cache(maxsize=_WORD_CACHE)
def _agreeing_nominative(word: str, agreement: _Agreement) -> str | None:
    """The word, read as its first reading in ``agreement``, in the nominative."""
    r = _word(word).by_agreement[agreement]
    pos = ADJ_POS if r.is_adj else NOUN_POS
    form = shared_morphology().inflect(
        r.lemma, case="nom", number=r.number or "sg", gender=r.gender, pos=pos
    )
    return None if form is None else _match_case(form, word)


def _as_nominative_phrase(words: list[str]) -> list[str] | None:
    """A noun phrase in a case other than nom/gen ('Nowym Świecie') -> nominative."""
    run = []  # the words up to the first one without readings
    for word in words:
        w = _word(word)
        if not w.readings:
            break
        run.append(w)
    if not run or not run[0].other_case:
        return None
    # every agreement of the first word, in the order of its readings
    for agreement in run[0].by_agreement:
        chosen = [w.by_agreement.get(agreement) for w in run]
        if any(r is None for r in chosen) or not any(r.is_noun for r in chosen if r):
            continue
        out = []
        for word in words[: len(run)]:
            form = _agreeing_nominative(word, agreement)
            if form is None:
                break
            out.append(form)
        else:
            return out + words[len(run) :]
    return None


def _canonical_name(
    words: list[str], gender: str, numbers: frozenset[str]
) -> tuple[list[str], bool]:
    """The name's words in canonical form (``words`` itself when kept as written), and
    whether morphology established that form."""
    if len(words) == 1:  # most names: read once per word
        name, certain = _canonical_word(words[0], gender, numbers)
        return ([name] if name is not None else words), certain
    return _canonical_phrase(words, gender, numbers)


@lru_cache(maxsize=_WORD_CACHE)
def _canonical_word(word: str, gender: str, numbers: frozenset[str]) -> tuple[str | None, bool]:
    """:func:`_canonical_phrase` of a one-word name: its canonical form (None when kept as
    written) and whether it is certain."""
    words = [word]
    name, certain = _canonical_phrase(words, gender, numbers)
    return (None if name is words else name[0]), certain


def _canonical_phrase(
    words: list[str], gender: str, numbers: frozenset[str]
) -> tuple[list[str], bool]:
    if adjectives := _as_adjectives(words, gender, numbers):
        return adjectives
    if nominative := _as_nominative_phrase(words):
        return nominative, True
    certain = all(_word(w).plausible for w in words)
    if _word(words[0]).other_case:
        certain = False  # a case we could not undo
    return words, certain


class _Token(NamedTuple):
    """What a token of an item is, read once per token as written."""

    kind: str | None  # the street kind of a type word ('Placu' -> 'plac')
    title: str | None  # the canonical title ('Generała' -> 'gen.')
    house_number: bool  # '12', '7a', '12/14'
    number_sign: bool  # 'nr' before a house number
    has_letter: bool
    postal_code: bool  # '03-737' ('03-737 Warszawa' is an address's tail)


@lru_cache(maxsize=_WORD_CACHE)
def _token(token: str) -> _Token:
    low = token.lower()
    return _Token(
        kind=_TYPE_BY_LOWER.get(low),
        title=_TITLE_BY_LOWER.get(low),
        house_number=_HOUSE_NUMBER.fullmatch(token) is not None,
        number_sign=low in ("nr", "nr."),
        has_letter=_HAS_LETTER.search(token) is not None,
        postal_code=_POSTAL_CODE.fullmatch(token) is not None,
    )


_HAS_A_LETTER = attrgetter("has_letter")


def _starts_like_type_or_title(word: str) -> bool:
    read = _token(word)
    return read.kind is not None or read.title is not None


# --- items -------------------------------------------------------------------------------


@lru_cache(maxsize=64)  # callers name few default types
def _default_kind(default_type: str) -> str:
    kind = _TYPE_BY_LOWER.get(default_type.lower())
    if kind is None:
        raise ValueError(f"unknown street type {default_type!r}")
    return kind


def normalize_street(surface: str, *, default_type: str = "ulica") -> StreetName:
    """One item of a street list -> its canonical record (spans relative to ``surface``).

    Raises :class:`NotAStreetError` when the item holds no name.
    """
    start, end = _trim(surface, 0, len(surface))
    item = surface[start:end]
    # a single word ('Lipowej') is its only token: letters hold no space nor dot
    tokens = [item] if item.isalpha() else _TOKEN.findall(item)
    read = list(map(_token, tokens))
    kind, written_type, titles = None, None, []
    first = 0  # tokens[first:last] are the name: a type word and titles lead it …
    for t in read:
        if t.kind is not None:
            if kind is None or KIND_IN_NAME[kind] is None:  # 'ul. Wybrzeże Helskie'
                kind, written_type = t.kind, tokens[first]
        elif t.title is not None:
            if t.title not in titles:
                titles.append(t.title)
        else:
            break
        first += 1
    last = len(tokens)  # … and a house number ('nr 7a') may follow it
    while last - first > 1 and read[last - 1].house_number:
        last -= 1
        if last - first > 1 and read[last - 1].number_sign:
            last -= 1
    if not any(map(_HAS_A_LETTER, read[first:last])) or read[first].postal_code:
        raise NotAStreetError(f"no street name in {item!r}")
    tokens = tokens[first:last]
    if (kind is None or titles) and tokens[0][:1].islower():
        # a name follows its title in capitals ("gen. Andersa"), "Abp Adm w 1890" is none
        raise NotAStreetError(f"{item!r} does not start like a street name")
    street_type = kind or _default_kind(default_type)
    words, certain = _canonical_name(
        tokens, _kind_gender(street_type), _kind_numbers(street_type, written_type)
    )
    words[0] = words[0][:1].upper() + words[0][1:]
    if _starts_like_type_or_title(words[0]):  # never let inflection produce 'Ulica …'
        words, certain = tokens, False
    in_name = KIND_IN_NAME[street_type] if kind else None
    return StreetName(
        name=" ".join([in_name, *words] if in_name else words),
        street_type=street_type,
        title=" ".join(titles) or None,
        surface=item,
        start=start,
        end=end,
        certain=certain,
    )


def normalize_street_list(text: str, *, default_type: str = "ulica") -> list[StreetName]:
    """Every street of a list, in order; items that hold no street are skipped."""
    _default_kind(default_type)
    out = []
    for a, b in split_street_list(text):
        try:
            s = normalize_street(text[a:b], default_type=default_type)
        except NotAStreetError:
            continue
        out.append(replace(s, start=a + s.start, end=a + s.end))
    return out
