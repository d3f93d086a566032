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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib.resources import files
from types import MappingProxyType

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
_SEPARATOR = regex.compile(
    rf"[,;:–—\n\r\u2028\u2029]|(?<!\d)/|/(?!\d)"  # punctuation, line breaks, '/' not in '12/14'
    rf"|(?<=[{_WS}])(?:i|oraz|a|lub|albo|[-‐‑−])(?=[{_WS}])"  # ' i ', ' oraz ', ' - ' …
    r"|\([^()]*(?:\)|$)"  # a parenthetical remark is no item
)
_END_CANDIDATE = regex.compile(r"[().]")
#: The patterns anchored at the end ('…$') search backwards (``(?r)``): the same match,
#: found from the end instead of by trying every start before it.
_WORD_BEFORE = regex.compile(r"(?r)\p{L}+$")
_INITIAL = regex.compile(r"\p{Lu}\p{Ll}{0,2}")  # 'J.', 'Wł.' before a surname
_NEXT_UPPER = regex.compile(rf"[{_WS}]*\p{{Lu}}")
_TRIM_LEFT = regex.compile(rf"[{_WS}\"'„”“«»‹›*•·‣◦,;:!?\-–—]+")
_TRIM_RIGHT = regex.compile(rf"(?r)[{_WS}\"'„”“«»‹›*•·‣◦,;:!?\-–—]+$")
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

# --- splitting ---------------------------------------------------------------------------


def _dot_ends_list(text: str, i: int) -> bool:
    """Whether the '.' at text[i] ends the list (not an abbreviation's or initial's dot)."""
    if i + 1 < len(text) and not (text[i + 1].isspace() or text[i + 1] in "\u200b\ufeff"):
        return False  # 'ul.Lipowej', '12.5'
    word = _WORD_BEFORE.search(text, max(0, i - 40), i)
    if word is None:
        return True
    if word.group().lower() + "." in _ABBREVIATIONS:
        return False
    return not (_INITIAL.fullmatch(word.group()) and _NEXT_UPPER.match(text, i + 1))


def _list_end(text: str) -> int:
    depth = 0
    for m in _END_CANDIDATE.finditer(text):
        if m.group() == "(":
            depth += 1
        elif m.group() == ")":
            if depth == 0:
                return m.start()
            depth -= 1
        elif depth == 0 and _dot_ends_list(text, m.start()):
            return m.start()
    return len(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past spaces, quotes, bullets and a list-ending dot."""
    while True:
        if m := _TRIM_LEFT.match(text, start, end):
            start = m.end()
        if m := _TRIM_RIGHT.search(text, start, end):
            end = m.start()
        if end > start and text[end - 1] == "." and _dot_ends_list(text[:end], end - 1):
            end -= 1
            continue
        return start, end


def split_street_list(text: str) -> list[tuple[int, int]]:
    """Spans of the items of a street list; the list ends at a final '.' or a stray ')'."""
    spans: list[tuple[int, int]] = []
    pos, end = 0, _list_end(text)
    for sep in [*_SEPARATOR.finditer(text, 0, end), None]:
        a, b = _trim(text, pos, sep.start() if sep else end)
        if b > a:
            spans.append((a, b))
        if sep:
            pos = sep.end()
    return spans


# --- morphology --------------------------------------------------------------------------

#: Words whose readings (and the like) are kept at once: a name's words recur in its
#: items and on many pages.  Bounded, so memory stays flat over a long run.
_WORD_CACHE = 20_000


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


def _as_adjectives(
    words: list[str], gender: str, numbers: frozenset[str]
) -> tuple[list[str], bool] | None:
    """The name read as adjectives agreeing with the street's noun, in the nominative."""
    options: list[dict[tuple[str, str], Reading | str]] = []
    for word in words:
        if not _WORD.fullmatch(word):
            return None
        rs = _readings(word)
        if gender != "f" and _is_genitive_person(rs):
            return None  # 'Placu Słowackiego' is named after the poet
        found: dict[tuple[str, str], Reading | str] = {}
        for r in rs:
            if r.is_adj and r.case and r.number in numbers and _same_gender(r.gender, gender):
                found.setdefault((r.case, r.number), r)
        if not rs and gender == "f" and (m := _FEM_ADJ_FORM.fullmatch(word)):
            found = {(c, "sg"): m["end"] for c in _FEM_ENDING_CASES[m["end"]]}
        if not found:
            return None
        options.append(found)
    common = set.intersection(*(set(o) for o in options))
    if not common:
        return None
    case, number = min(common, key=lambda cn: (cn[1] != "sg", cn[0] != "nom"))
    out, certain = [], True
    for word, found in zip(words, options, strict=True):
        chosen = found[(case, number)]
        if case == "nom":
            out.append(word)
            certain &= isinstance(chosen, Reading)
            continue
        form = None
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
        out.append(prefix + _match_case(form, word.rsplit("-", 1)[-1]))
    return out, certain


def _fem_nominative(word: str) -> str | None:
    """'Szamockiej' -> 'Szamocka', 'Ostatniej' -> 'Ostatnia', 'Krajową' -> 'Krajowa'."""
    m = _FEM_ADJ_FORM.fullmatch(word)
    if m is None:
        return None
    stem, end = m["stem"], m["end"]
    soft = end.startswith("i") and stem[-1].lower() not in "kg"
    return stem + ("ia" if soft else "a")


def _as_nominative_phrase(words: list[str]) -> list[str] | None:
    """A noun phrase in a case other than nom/gen ('Nowym Świecie') -> nominative."""
    run = []
    for word in words:
        rs = _readings(word) if _WORD.fullmatch(word) else ()
        if not rs:
            break
        run.append((word, rs))
    if not run or any(r.case in ("nom", "gen") for r in run[0][1]):
        return None
    for head in run[0][1]:
        key = (head.case, head.number, head.gender)
        if None in key:
            continue
        chosen = [
            next((r for r in rs if (r.case, r.number, r.gender) == key), None) for _, rs in run
        ]
        if None in chosen or not any(r.is_noun for r in chosen if r):
            continue
        out = []
        for (word, _), r in zip(run, chosen, strict=True):
            assert r is not None
            pos = ADJ_POS if r.is_adj else NOUN_POS
            form = shared_morphology().inflect(
                r.lemma, case="nom", number=r.number or "sg", gender=r.gender, pos=pos
            )
            if form is None:
                break
            out.append(_match_case(form, word))
        else:
            return out + words[len(run) :]
    return None


def _canonical_name(
    words: list[str], gender: str, numbers: frozenset[str]
) -> tuple[list[str], bool]:
    if adjectives := _as_adjectives(words, gender, numbers):
        return adjectives
    if nominative := _as_nominative_phrase(words):
        return nominative, True
    certain = all(_known(w) or w.lower().endswith("ego") for w in words)
    first = _readings(words[0]) if _WORD.fullmatch(words[0]) else ()
    if first and not any(r.case in ("nom", "gen") for r in first):
        certain = False  # a case we could not undo
    return words, certain


def _starts_like_type_or_title(word: str) -> bool:
    return word.lower() in _TYPE_BY_LOWER or word.lower() in _TITLE_BY_LOWER


# --- items -------------------------------------------------------------------------------


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
    tokens = _TOKEN.findall(item)
    kind, written_type, titles = None, None, []
    while tokens:
        low = tokens[0].lower()
        if (k := _TYPE_BY_LOWER.get(low)) is not None:
            if kind is None or KIND_IN_NAME[kind] is None:  # 'ul. Wybrzeże Helskie'
                kind, written_type = k, tokens[0]
        elif (t := _TITLE_BY_LOWER.get(low)) is not None:
            titles += [t] if t not in titles else []
        else:
            break
        tokens.pop(0)
    while len(tokens) > 1 and _HOUSE_NUMBER.fullmatch(tokens[-1]):
        tokens.pop()
        if len(tokens) > 1 and tokens[-1].lower() in ("nr", "nr."):
            tokens.pop()
    if not any(_HAS_LETTER.search(t) for t in tokens) or _POSTAL_CODE.fullmatch(tokens[0]):
        raise NotAStreetError(f"no street name in {item!r}")
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
