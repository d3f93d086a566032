"""Organization names: back to the nominative, and institutional abbreviations expanded.

Pages name an organization in whatever case the sentence needs ("z inicjatywy Ośrodka
Pomocy Społecznej", "wspólnie z Fundacją „Przestrzeń dla Sąsiadów”").  We inflect only the
HEAD noun phrase — the head noun and the adjectives agreeing with it, before it and directly
after it — to the nominative; everything else (genitive complements, numbers, quoted names,
prepositional attachments) stays exactly as written.

How the head is found: scan from the left over adjective-like words; the first word that is
a noun is the head (an organization noun from ``org_heads.txt`` wins over an adjective
reading, e.g. 'Rada').  If that scan fails (an unknown word, a quote, a number comes first),
fall back to the first organization noun, then the first noun, and mark the result
uncertain.  The head reading (case/number/gender) is the one most adjectives agree with;
ties go to common nouns over surnames, to ``case_hint``, to the singular, then to
nom > gen > inst > dat > loc > acc > voc.

Known limits: a post-head adjective followed by a noun it agrees with is given to that noun
("Uniwersytetu Trzeciego Wieku"), except before administrative-unit nouns or proper names
("Biblioteki Publicznej Dzielnicy Wola"); a genuine "Fundacji Polskiej Akcji …" would
stop too early.  Unknown place-derived adjectives (Bałuckiego) are inflected by their
ending; plural masculine-personal ones are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from pipeline.caches import page_cache
from pipeline.morphology import CASES, GENDERS, NUMBERS, Reading, shared_morphology

_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def _lines(name: str) -> list[str]:
    text = (_RESOURCES / name).read_text(encoding="utf-8")
    return [ln.split("#", 1)[0].rstrip() for ln in text.splitlines() if ln.split("#", 1)[0].strip()]


ORG_HEADS: frozenset[str] = frozenset(ln.strip().lower() for ln in _lines("org_heads.txt"))
ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {k.strip(): v.strip() for k, v in (ln.split("\t", 1) for ln in _lines("org_abbreviations.txt"))}
)
#: The spelled-out names of the known abbreviations, alone and as the start of a longer name.
_KNOWN_NAMES = frozenset(ABBREVIATIONS.values())
_KNOWN_NAME_STARTS = tuple(name + " " for name in ABBREVIATIONS.values())

#: All-caps words that are not organizations (registers, documents, numerals).
_NOT_ORG_ACRONYMS = frozenset(
    "KRS NIP REGON PESEL RODO BIP PKD VAT PDF URL WWW FAQ CV PLN RP NGO OPP OK SMS PIT CIT "
    "HTML GPS TV PR IT NR UL AL".split()
)
#: Nouns that take an adjective-carrying genitive complement of a name ("Biblioteki
#: Publicznej Dzielnicy Żoliborz"): they do not steal a post-head adjective.
_COMPLEMENT_NOUNS = frozenset(
    "dzielnica gmina miasto powiat województwo osiedle sołectwo parafia diecezja "
    "archidiecezja ziemia region rzeczpospolita państwo".split()
)
_CASE_ORDER = ("nom", "gen", "inst", "dat", "loc", "acc", "voc")
_CASE_RANK: dict[str | None, int] = {case: rank for rank, case in enumerate(_CASE_ORDER)}
_UPPER = "A-ZĄĆĘŁŃÓŚŹŻ"
_ACRONYM = re.compile(
    rf"(?P<abbr>[{_UPPER}][{_UPPER}a-ząćęłńóśźż]*?[{_UPPER}]?)(?:-(?P<sfx>[a-ząęó]{{1,4}}))?"
)
_TOKEN = re.compile(r"(?P<word>\w+(?:-\w+)*)|(?P<quote>[„”“‟\"«»‚‘’'])|(?P<other>\S)")
_SPACED_HYPHEN = re.compile(r"\b(\w+[oO])(?: [-‐–]\s*|\s*[-‐–] )(\w+)")
_ROMAN = re.compile(r"[IVXLCDM]+")

_M = ("m1", "m2", "m3")
_ALL = (*_M, "f", "n")
#: Adjective endings -> the (number, case, genders) they can express.  An ending comes before
#: any shorter ending it ends with ('iego' before 'ego', 'ie' before 'e').
_ADJ_ENDINGS: tuple[tuple[str, tuple[tuple[str, str, tuple[str, ...]], ...]], ...] = tuple(
    (ending, feats)
    for endings, feats in (
        (("iego", "ego"), (("sg", "gen", (*_M, "n")), ("sg", "acc", ("m1", "m2")))),
        (("iemu", "emu"), (("sg", "dat", (*_M, "n")),)),
        (("imi", "ymi"), (("pl", "inst", _ALL),)),
        (("iej", "ej"), (("sg", "gen", ("f",)), ("sg", "dat", ("f",)), ("sg", "loc", ("f",)))),
        (("ich", "ych"), (("pl", "gen", _ALL), ("pl", "loc", _ALL), ("pl", "acc", ("m1",)))),
        (
            ("im", "ym"),
            (("sg", "inst", (*_M, "n")), ("sg", "loc", (*_M, "n")), ("pl", "dat", _ALL)),
        ),
        (("ią", "ą"), (("sg", "inst", ("f",)), ("sg", "acc", ("f",)))),
        (
            ("ie", "e"),
            (
                ("sg", "nom", ("n",)),
                ("sg", "acc", ("n",)),
                ("pl", "nom", ("m2", "m3", "f", "n")),
                ("pl", "acc", ("m2", "m3", "f", "n")),
            ),
        ),
        (("ia", "a"), (("sg", "nom", ("f",)),)),
        (("i", "y"), (("sg", "nom", _M), ("sg", "acc", ("m3",)))),
    )
    for ending in endings
)
_ADJ_STEM = re.compile(r"(?:sk|ck|dzk|ow|n)$")


@dataclass(frozen=True, slots=True, kw_only=True)
class OrgName:
    """An organization name in the nominative, and how sure we are of it."""

    name: str  # nominative, spacing repaired ('Szkolno - Wychowawczym' -> 'Szkolno-Wychowawczy')
    surface: str  # the input, unchanged
    head_lemma: str | None  # lemma of the head noun ('ośrodek')
    case: str | None  # the case the surface was in ('gen', 'inst', 'nom', …), None if unknown
    certain: bool  # False when the nominative could not be established: an editor should check


@dataclass(frozen=True, slots=True)
class _Guess:
    """An adjective reading guessed from the ending of a word Morfeusz does not know as one."""

    stem: str
    soft: bool
    number: str
    case: str
    gender: str
    is_adj = True
    names = ()

    def nominative(self, number: str, gender: str) -> str | None:
        s, soft, hard_final = self.stem, self.soft, self.stem[-1] in "kg"
        if number == "pl":
            return None if gender == "m1" else s + ("ie" if soft else "e")
        if gender in _M:
            return s + ("i" if soft else "y")
        if gender == "n":
            return s + ("ie" if soft else "e")
        return s + ("ia" if soft and not hard_final else "a")


#: An inflected word's case, number and gender: what agreement compares.
_Feats = tuple[str | None, str | None, str | None]


def _feats(r: Reading | _Guess) -> _Feats:
    return (r.case, r.number, r.gender)


@dataclass(frozen=True, slots=True)
class _Word:
    """A word form's readings, sorted out once per form for the head finder (see :func:`_word`)."""

    text: str
    prefix: str  # 'Szkolno-' of a compound adjective, '' otherwise
    readings: tuple[Reading | _Guess, ...]
    adjs: tuple[Reading | _Guess, ...]  # the adjective readings
    nouns: tuple[Reading, ...]  # the common-noun readings
    org_nouns: tuple[Reading, ...]  # the readings of an organization noun (ORG_HEADS)
    #: The first adjective reading with each (case, number, gender) the word can take.
    #: ``adjs`` are all dictionary readings or all guessed ones (a word is guessed at only
    #: when the dictionary knows it as no adjective), so no guess precedes a dictionary one.
    adj_by_feats: Mapping[_Feats, Reading | _Guess]
    dict_adj_feats: frozenset[_Feats]  # the features of its dictionary adjective readings
    #: The features of its common-noun readings that can take an adjective away from a
    #: preceding head (nouns other than the administrative units of _COMPLEMENT_NOUNS).
    stealing_noun_feats: frozenset[_Feats]


def _normalize(surface: str) -> str:
    text = " ".join(surface.split())  # NBSP and other Unicode spaces are whitespace too
    if "-" in text or "‐" in text or "–" in text:  # (the dashes of _SPACED_HYPHEN)
        text = _SPACED_HYPHEN.sub(_join_hyphen, text)
    return text


def _join_hyphen(m: re.Match[str]) -> str:
    """'Szkolno - Wychowawczym' -> 'Szkolno-Wychowawczym' (only before an adjective)."""
    if any(r.is_adj for r in _analyse(m.group(2))):
        return f"{m.group(1)}-{m.group(2)}"
    return m.group(0)


def _analyse(word: str) -> tuple[Reading, ...]:
    morph = shared_morphology()
    readings = morph.analyse(word)
    if all(r.pos == "ign" for r in readings) and word.isupper():
        for variant in (word.capitalize(), word.lower()):
            alt = morph.analyse(variant)
            if any(r.pos != "ign" for r in alt):
                return alt
    return readings


def _guesses(word: str) -> tuple[_Guess, ...]:
    if not word[:1].isupper():
        return ()
    low = word.lower()
    for ending, feats in _ADJ_ENDINGS:
        stem = low[: -len(ending)]
        if low.endswith(ending) and len(stem) >= 3 and _ADJ_STEM.search(stem):
            soft = ending.startswith("i") or stem[-1] in "kg"
            return tuple(_Guess(word[: len(stem)], soft, n, c, g) for n, c, gs in feats for g in gs)
    return ()


@lru_cache(maxsize=50_000)  # per word form; bounded so memory stays flat
def _word(text: str) -> _Word | None:
    """A word's hyphenated prefix, its readings (Morfeusz's, else guessed adjective forms)
    and what the head finder asks of them; None for a word with a digit or an underscore
    (never inflected)."""
    if any(ch.isdigit() or ch == "_" for ch in text):
        return None
    known = _analyse(text)
    prefix = ""
    if "-" in text and all(r.pos == "ign" for r in known):
        head, _, last = text.rpartition("-")
        if all(p.lower().endswith("o") for p in head.split("-")):
            prefix, known = head + "-", tuple(r for r in _analyse(last) if r.is_adj)
    readings: tuple[Reading | _Guess, ...] = known
    if not any(r.is_adj for r in readings) and not any(
        isinstance(r, Reading) and r.pos == "subst" and not r.is_proper for r in readings
    ):
        readings = readings + _guesses(text)
    adjs = tuple(r for r in readings if r.is_adj)
    substs = [r for r in readings if isinstance(r, Reading) and r.pos == "subst"]
    nouns = tuple(r for r in substs if not r.is_proper)
    adj_by_feats: dict[_Feats, Reading | _Guess] = {}
    for a in adjs:
        adj_by_feats.setdefault(_feats(a), a)
    return _Word(
        text=text,
        prefix=prefix,
        readings=readings,
        adjs=adjs,
        nouns=nouns,
        org_nouns=tuple(r for r in substs if r.lemma.lower() in ORG_HEADS),
        adj_by_feats=MappingProxyType(adj_by_feats),
        dict_adj_feats=frozenset(_feats(a) for a in adjs if isinstance(a, Reading)),
        stealing_noun_feats=frozenset(
            _feats(n) for n in nouns if n.lemma.lower() not in _COMPLEMENT_NOUNS
        ),
    )


def _post_run(after: list[_Word | None], feats: _Feats) -> int:
    """How many words right after the head are adjectives agreeing with it (it has ``feats``)."""
    if not after or after[0] is None or feats not in after[0].dict_adj_feats:
        return 0  # (most head readings: the loop below would stop at once)
    count = 0
    for i, w in enumerate(after):
        if w is None or feats not in w.dict_adj_feats:
            break
        nxt = after[i + 1] if i + 1 < len(after) else None
        # 'Trzeciego Wieku': the adjective belongs to the next noun when that noun (not an
        # adjective agreeing with the head too) agrees with it, as it agrees with the head
        if nxt is not None and feats not in nxt.adj_by_feats and feats in nxt.stealing_noun_feats:
            break
        count += 1
    return count


@lru_cache(maxsize=20_000)  # per token; bounded so memory stays flat
def _is_acronym(token: str) -> str | None:
    """The abbreviation in a token like 'OPS', 'OPS-u', 'MOSiR-em', else None."""
    m = _ACRONYM.fullmatch(token)
    if not m:
        return None
    abbr = m.group("abbr")
    if abbr in ABBREVIATIONS:
        return abbr
    if not (2 <= len(abbr) <= 6 and abbr.isupper()) or abbr in _NOT_ORG_ACRONYMS:
        return None
    if _ROMAN.fullmatch(abbr) or any(
        r.pos == "subst" and not r.is_proper for r in _analyse(abbr.lower())
    ):
        return None  # 'III', 'DOM' (shouted text, not an acronym)
    return abbr


class _Tok(NamedTuple):
    """A token of a normalised name: a word, a quote mark or another character."""

    kind: str  # 'word', 'quote' or 'other' (the group of ``_TOKEN`` it matched)
    start: int  # offset in its written word: 0 for the first token of a written word
    text: str
    word: _Word | None  # a word token's readings (:func:`_word`); None for other tokens


@lru_cache(maxsize=50_000)  # per written word; bounded so memory stays flat
def _written_tokens(written: str) -> tuple[tuple[_Tok, ...], bool]:
    """The tokens of a written word (a run of non-space characters) up to its first quote
    mark, and whether it has one.

    ``_TOKEN`` matches no space and looks neither behind nor ahead, so the tokens of a
    text are those of its written words, found once per written word; and as its last
    alternative takes any other non-space character, they cover the written word.
    """
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(written):
        kind, text = m.lastgroup or "other", m.group()
        if kind == "quote":
            return tuple(toks), True
        toks.append(_Tok(kind, m.start(), text, _word(text) if kind == "word" else None))
    return tuple(toks), False


def _tokens(text: str) -> list[_Tok]:
    """Tokens of a normalised text (single spaces) up to the first quote: nothing inside or
    after a quoted name is inflected."""
    out: list[_Tok] = []
    for written in text.split(" "):
        toks, quoted = _written_tokens(written)
        out += toks
        if quoted:
            break
    return out


@page_cache(8192)  # per surface: names are a page's own text; bounded
def _read(surface: str) -> tuple[str, tuple[_Tok, ...]]:
    """The surface normalised (:func:`_normalize`) and its tokens (:func:`_tokens`): what
    :func:`to_nominative` and :func:`looks_like_org` both start from."""
    text = _normalize(surface)
    return text, tuple(_tokens(text))


def _find_head(words: list[_Word | None]) -> tuple[int, bool] | None:
    """(index of the head word, found by the regular left-to-right scan?)."""
    for i, w in enumerate(words):
        if w is None:
            break
        if w.org_nouns:
            return i, True
        if w.adjs:
            continue
        if w.nouns:
            return i, True
        break
    for i, w in enumerate(words):
        if w is not None and w.org_nouns:
            return i, False
    for i, w in enumerate(words):
        if w is not None and w.nouns:
            return i, False
    return None


def _match_case(new: str, old: str) -> str:
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


@lru_cache(maxsize=20_000)  # per reading (of a word form); bounded so memory stays flat
def _nominative_form(r: Reading | _Guess, number: str, gender: str) -> str | None:
    """The form of an inflected reading in the nominative of the given number and gender."""
    if isinstance(r, _Guess):
        return r.nominative(number, gender)
    parts = r.tag.split(":")
    for i, p in enumerate(parts):
        parts[i] = (
            "nom" if p in CASES else number if p in NUMBERS else gender if p in GENDERS else p
        )
    target = ":".join(parts)
    forms = [g for g in shared_morphology().generate(r.lemma) if g.tag == target]
    forms.sort(key=lambda g: ("przest." in g.labels or "rzad." in g.labels, g.names != r.names))
    return forms[0].form if forms else None


def _choose_head(
    candidates: tuple[Reading, ...], pre: list[_Word], after: list[_Word | None], hint: str | None
) -> tuple[Reading, int]:
    """The head reading: most agreeing adjectives, then a common noun, the hinted case, the
    singular, the case order (the first of the best on a tie); and how many adjectives right
    after the head agree with it (:func:`_post_run`)."""
    head = candidates[0]
    if len(candidates) == 1:
        return head, _post_run(after, _feats(head))
    best_key: tuple[int, bool, bool, bool, int] | None = None
    best_run = 0
    for h in candidates:
        feats = _feats(h)
        run = _post_run(after, feats)
        agreement = run
        for w in pre:
            if feats in w.adj_by_feats:
                agreement += 1
        key = (
            -agreement,
            h.is_proper,
            hint is not None and h.case != hint,
            h.number != "sg",
            _CASE_RANK.get(h.case, 9),
        )
        if best_key is None or key < best_key:
            head, best_key, best_run = h, key, run
    return head, best_run


@page_cache(8192)  # per surface: names are a page's own text; bounded
def to_nominative(surface: str, *, case_hint: str | None = None) -> OrgName:
    """The organization name in the nominative (see the module docstring for the rules)."""
    if case_hint is not None and case_hint not in CASES:
        raise ValueError(f"unknown case {case_hint!r}")
    text, toks = _read(surface)
    words = [t.word for t in toks]
    abbr = _is_acronym(toks[0].text) if toks else None
    if abbr is not None:
        if not any(w.org_nouns for w in words[1:] if w is not None):
            expansion = ABBREVIATIONS.get(abbr)  # 'OPS-em Targówek' -> 'OPS Targówek'
            lemma = _org_lemma(expansion.split()[0]) if expansion else None
            return OrgName(
                name=(abbr + text[len(toks[0].text) :]).strip(),  # (it starts the text)
                surface=surface,
                head_lemma=lemma,
                case=None,
                certain=expansion is not None,
            )
        words[0] = None  # 'KARTA Stowarzyszeniem': the head comes later (an acronym is no head)
    found = _find_head(words)
    if found is None:
        return OrgName(name=text, surface=surface, head_lemma=None, case=None, certain=False)
    hi, certain = found
    head_word = words[hi]
    assert head_word is not None
    start = hi
    while start > 0 and (prev := words[start - 1]) is not None and prev.adjs:
        start -= 1
    pre = [w for w in words[start:hi] if w is not None]  # (none is: see the loop above)
    after = words[hi + 1 :]
    head, post_run = _choose_head(head_word.org_nouns or head_word.nouns, pre, after, case_hint)
    number, gender = head.number or "sg", head.gender or "m3"
    feats = _feats(head)
    # (token index, word, its reading to put in the nominative)
    chosen: list[tuple[int, _Word, Reading | _Guess]] = [(hi, head_word, head)]
    for i, w in enumerate(pre, start):
        adj = w.adj_by_feats.get(feats)
        if adj is not None:
            chosen.append((i, w, adj))
        else:
            certain = False
    for i, post in enumerate(after[:post_run], hi + 1):
        assert post is not None
        chosen.append((i, post, post.adj_by_feats[feats]))
    if head.case == "nom":  # already nominative: keep it as written
        return OrgName(
            name=text, surface=surface, head_lemma=head.lemma, case="nom", certain=certain
        )
    replaced: dict[int, str] = {}
    for i, w, r in chosen:
        form = _nominative_form(r, number, gender)
        if form is None:
            certain = False
        else:
            replaced[i] = w.prefix + _match_case(form, w.text[len(w.prefix) :])
    pieces, pos = [], 0  # the text up to ``pos`` is in ``pieces``
    at = 0  # where token ``i`` starts in the text
    for i, t in enumerate(toks):
        if i and t.start == 0:  # it starts a written word: past the space before it
            at += 1
        if i in replaced:
            pieces += [text[pos:at], replaced[i]]
            pos = at + len(t.text)
        at += len(t.text)
    return OrgName(
        name="".join(pieces) + text[pos:],
        surface=surface,
        head_lemma=head.lemma,
        case=head.case,
        certain=certain,
    )


def _org_lemma(word: str) -> str | None:
    return next(
        (r.lemma for r in _analyse(word) if r.pos == "subst" and r.lemma.lower() in ORG_HEADS), None
    )


def expand_abbreviation(
    surface: str, *, abbreviations: Mapping[str, str] | None = None
) -> str | None:
    """'SP nr 84' -> 'Szkoła Podstawowa nr 84'; None when the surface starts with no known one.

    What follows the abbreviation is kept exactly as written: 'SP 127' -> 'Szkoła Podstawowa
    127' (no 'nr' is invented), 'OPS Targówek' -> 'Ośrodek Pomocy Społecznej Targówek'.  A
    case ending is dropped: 'ZGN-em' -> 'Zakład Gospodarowania Nieruchomościami'.
    ``abbreviations`` adds ones defined on the page ('BCIL' -> 'Bałuckie Centrum …').
    """
    text = " ".join(surface.split())
    first, _, rest = text.partition(" ")
    m = _ACRONYM.fullmatch(first)
    if not m:
        return None
    abbr = m.group("abbr")
    expansion = (abbreviations or {}).get(abbr) or ABBREVIATIONS.get(abbr)
    if expansion is None:
        return None
    return f"{expansion} {rest}".strip()


def looks_like_org(surface: str, *, abbreviations: Mapping[str, str] | None = None) -> bool:
    """Does this phrase name an organization (by its head noun or an abbreviation)?

    A bare lower-case word ('szkoła', 'fundacja') names no particular organization: False.
    """
    if abbreviations:  # one the page defines ('BCIL'), as the first token
        toks = _read(surface)[1]
        m = _ACRONYM.fullmatch(toks[0].text) if toks else None
        if m is not None and m.group("abbr") in abbreviations:
            return True
    return _looks_like_org(surface)


@page_cache(8192)  # per surface, like to_nominative; bounded
def _looks_like_org(surface: str) -> bool:
    """:func:`looks_like_org` with no abbreviations defined on the page."""
    text, toks = _read(surface)
    if not toks:
        return False
    if _is_acronym(toks[0].text):
        return True
    if text in _KNOWN_NAMES or text.startswith(_KNOWN_NAME_STARTS):
        return True  # a spelled-out known name ('Polski Czerwony Krzyż'): its head is no org noun
    if len(toks) == 1 and text.islower():
        return False
    words = [t.word for t in toks]
    found = _find_head(words)
    if found is None or not found[1]:
        return False
    head = words[found[0]]
    return head is not None and bool(head.org_nouns)
