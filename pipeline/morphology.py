"""Polish morphology: a thin, cached wrapper around Morfeusz 2 (SGJP dictionary).

Every stage that needs to know what a Polish word form *is* (its lemma, part of speech,
case, number, gender, or whether the dictionary calls it a surname or a geographic name)
asks this module.  Morfeusz ships its dictionary inside the wheel, so this works offline.

Tags follow the NKJP/SGJP tagset (``subst:sg:gen:m3``).  We expand Morfeusz's dotted
alternatives (``gen.acc``) so that one :class:`Reading` carries exactly one value per
category; that keeps every consumer simple.  The expansion is the one
``morfeusz2.Morfeusz(expand_tags=True)`` makes, done here once per distinct tag (the
dictionary has some 700) instead of once per reading: a run's first pages read thousands
of new forms.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import morfeusz2

#: Categories of the SGJP tagset, in the positions they take in a tag, per part of speech.
#: Only the ones we read are named; the rest are ignored.
NUMBERS = frozenset({"sg", "pl"})
CASES = frozenset({"nom", "gen", "dat", "acc", "inst", "loc", "voc"})
GENDERS = frozenset({"m1", "m2", "m3", "f", "n", "n1", "n2", "p1", "p2", "p3"})
DEGREES = frozenset({"pos", "com", "sup"})

#: Parts of speech that behave like nouns / adjectives in a noun phrase.
NOUN_POS = frozenset({"subst", "depr", "ger"})
ADJ_POS = frozenset({"adj", "ppas", "pact"})

#: Finds white space (the characters for which ``str.isspace`` is true).
_WHITE_SPACE = re.compile(r"\s").search


@dataclass(frozen=True, slots=True, kw_only=True)
class Reading:
    """One interpretation of one word form.

    The tag's categories are split out once, when the reading is made: extractors ask for
    them hundreds of thousands of times a run.
    """

    form: str
    lemma: str
    tag: str
    names: tuple[str, ...] = ()  # name qualifiers: nazwisko, imię, nazwa_geograficzna, …
    labels: tuple[str, ...] = ()  # stylistic / domain labels: przest., środ., …
    pos: str = field(init=False, compare=False, repr=False)
    number: str | None = field(init=False, compare=False, repr=False)
    case: str | None = field(init=False, compare=False, repr=False)
    gender: str | None = field(init=False, compare=False, repr=False)
    degree: str | None = field(init=False, compare=False, repr=False)
    #: A proper-name reading (surname, first name, place, organization …).
    is_proper: bool = field(init=False, compare=False, repr=False)
    is_noun: bool = field(init=False, compare=False, repr=False)  # pos in NOUN_POS
    is_adj: bool = field(init=False, compare=False, repr=False)  # pos in ADJ_POS

    def __post_init__(self) -> None:
        pos, number, case, gender, degree, is_noun, is_adj = tag_attributes(self.tag)
        set_field = object.__setattr__
        set_field(self, "pos", pos)
        set_field(self, "number", number)
        set_field(self, "case", case)
        set_field(self, "gender", gender)
        set_field(self, "degree", degree)
        set_field(self, "is_proper", is_proper_name(self.names))
        set_field(self, "is_noun", is_noun)
        set_field(self, "is_adj", is_adj)


@lru_cache(maxsize=1024)  # per set of name qualifiers: the dictionary has a few dozen
def is_proper_name(names: tuple[str, ...]) -> bool:
    """Whether name qualifiers make a reading a proper name (:attr:`Reading.is_proper`)."""
    return any(n != "nazwa_pospolita" for n in names)


#: What a tag says, as :func:`tag_attributes` gives it: part of speech, number, case,
#: gender, degree, is_noun, is_adj.
TagAttributes = tuple[str, str | None, str | None, str | None, str | None, bool, bool]


@lru_cache(maxsize=4096)
def tag_attributes(tag: str) -> TagAttributes:
    """A tag's part of speech, number, case, gender and degree (None: the tag has none),
    and whether that part of speech is a noun's / an adjective's (:data:`NOUN_POS`,
    :data:`ADJ_POS`).

    Worked out once per distinct tag: every :class:`Reading` asks when it is made.
    """
    pos, *parts = tag.split(":")
    number = case = gender = degree = None
    for part in parts:  # the first value of each category counts
        if number is None and part in NUMBERS:
            number = part
        elif case is None and part in CASES:
            case = part
        elif gender is None and part in GENDERS:
            gender = part
        elif degree is None and part in DEGREES:
            degree = part
    return pos, number, case, gender, degree, pos in NOUN_POS, pos in ADJ_POS


@lru_cache(maxsize=4096)
def expand_tag(tag: str) -> tuple[str, ...]:
    """A Morfeusz tag with its alternatives spelt out, one value per category, in the
    order ``morfeusz2.Morfeusz(expand_tags=True)`` gives them: ``subst:sg:nom.acc:m3`` ->
    ``subst:sg:nom:m3``, ``subst:sg:acc:m3``; ``_`` stands for every gender."""
    chunks = [morfeusz2.GENDERS if chunk == "_" else chunk.split(".") for chunk in tag.split(":")]
    return tuple(":".join(values) for values in itertools.product(*chunks))


def _clean_lemma(lemma: str) -> str:
    """Morfeusz disambiguates homonymous lemmas with a suffix: ``Kościuszko:Sm1``."""
    if len(lemma) > 1 and ":" in lemma:
        return lemma.split(":", 1)[0]
    return lemma


# Reading's fields set one by one, as its dataclass __init__ does, without the calls and
# name look-ups of __init__ and __post_init__ (see _tag_readings).
_new_object = object.__new__
_set_form, _set_lemma, _set_tag, _set_names, _set_labels = (
    Reading.__dict__[name].__set__ for name in ("form", "lemma", "tag", "names", "labels")
)
_set_pos, _set_number, _set_case, _set_gender, _set_degree = (
    Reading.__dict__[name].__set__ for name in ("pos", "number", "case", "gender", "degree")
)
_set_is_proper, _set_is_noun, _set_is_adj = (
    Reading.__dict__[name].__set__ for name in ("is_proper", "is_noun", "is_adj")
)


def _tag_readings(
    form: str, lemma: str, tags: Iterable[str], names: tuple[str, ...], labels: tuple[str, ...]
) -> list[Reading]:
    """``Reading(form=form, lemma=lemma, tag=tag, names=names, labels=labels)`` for each
    tag of ``tags``: equal readings with the same attributes, made in half the time (a new
    word form brings some six readings, a generated lemma dozens)."""
    is_proper = is_proper_name(names)
    out = []
    for tag in tags:
        pos, number, case, gender, degree, is_noun, is_adj = tag_attributes(tag)
        reading = _new_object(Reading)
        _set_form(reading, form)
        _set_lemma(reading, lemma)
        _set_tag(reading, tag)
        _set_names(reading, names)
        _set_labels(reading, labels)
        _set_pos(reading, pos)
        _set_number(reading, number)
        _set_case(reading, case)
        _set_gender(reading, gender)
        _set_degree(reading, degree)
        _set_is_proper(reading, is_proper)
        _set_is_noun(reading, is_noun)
        _set_is_adj(reading, is_adj)
        out.append(reading)
    return out


def _to_readings(interp: tuple) -> list[Reading]:
    """The readings of one Morfeusz interpretation: one per tag its tag stands for."""
    form, lemma, tag, names, labels = interp
    return _tag_readings(form, _clean_lemma(lemma), expand_tag(tag), tuple(names), tuple(labels))


class Morphology:
    """Analysis and generation of Polish word forms, cached per form.

    The caches are bounded (least recently used entries go first), so memory stays flat
    over a run of thousands of pages.  One instance is safe to share between threads.
    """

    def __init__(self, *, cache_size: int = 50_000) -> None:
        # Tags come as Morfeusz has them (``nom.acc``): :func:`expand_tag` spells them out.
        self._morfeusz = morfeusz2.Morfeusz(
            expand_tags=False, generate=True, whitespace=morfeusz2.SKIP_WHITESPACES
        )
        self._cache_size = cache_size
        self._analysed: OrderedDict[str, tuple[Reading, ...]] = OrderedDict()
        self._generated: OrderedDict[str, tuple[Reading, ...]] = OrderedDict()
        self._lock = threading.Lock()

    @cached_property
    def dictionary(self) -> str:
        """The dictionary's identifier, e.g. ``pl.sgjp.sgjp-2026.06.01``."""
        return str(self._morfeusz.dict_id())

    def clear_cache(self) -> None:
        """Forget every cached analysis and generation (the benchmark's "new words")."""
        with self._lock:
            self._analysed.clear()
            self._generated.clear()

    def _cached(self, cache: OrderedDict, key: str, compute) -> tuple[Reading, ...]:
        with self._lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
                return hit
        value = compute(key)
        with self._lock:
            cache[key] = value
            if len(cache) > self._cache_size:
                cache.popitem(last=False)
        return value

    def analyse(self, word: str) -> tuple[Reading, ...]:
        """All readings of one word form (a single token: no spaces).

        A form Morfeusz does not know gets one reading with the tag ``ign``.
        """
        return self._cached(self._analysed, word, self._analyse_uncached)

    def _analyse_uncached(self, word: str) -> tuple[Reading, ...]:
        if not word or _WHITE_SPACE(word):
            return (Reading(form=word, lemma=word, tag="ign"),)
        with self._lock:
            dag = self._morfeusz.analyse(word)
        # One reading per (lemma, tag, names, labels), the first met: two interpretations
        # may differ only in what _clean_lemma takes away, or share some of their tags.
        tags_met: dict[tuple, set[str]] = {}  # (lemma, names, labels) -> tags made
        out: list[Reading] = []
        for _start, end, (form, lemma, tag, names, labels) in dag:
            if end != 1:
                # A form Morfeusz splits into pieces (e.g. "OPS-u", "nr.") is not one word:
                # such a form is unknown.  (An interpretation ending at 1 spans the form.)
                return (Reading(form=word, lemma=word, tag="ign"),)
            lemma, names, labels = _clean_lemma(lemma), tuple(names), tuple(labels)
            met = tags_met.setdefault((lemma, names, labels), set())
            tags = [t for t in dict.fromkeys(expand_tag(tag)) if t not in met]
            met.update(tags)
            out += _tag_readings(form, lemma, tags, names, labels)
        if not out:
            return (Reading(form=word, lemma=word, tag="ign"),)
        return tuple(out)

    def generate(self, lemma: str) -> tuple[Reading, ...]:
        """Every form of a lemma (as Morfeusz's generator gives them)."""
        return self._cached(self._generated, lemma, self._generate_uncached)

    def _generate_uncached(self, lemma: str) -> tuple[Reading, ...]:
        with self._lock:
            try:
                out = self._morfeusz.generate(lemma)
            except RuntimeError:
                return ()
        return tuple(r for i in out for r in _to_readings(i))

    def inflect(
        self,
        lemma: str,
        *,
        case: str,
        number: str,
        gender: str | None = None,
        pos: frozenset[str] | None = None,
        degree: str | None = "pos",
    ) -> str | None:
        """The form of ``lemma`` in the given case/number (and gender, for adjectives).

        Returns ``None`` when the dictionary has no such form.
        """
        for r in self.generate(lemma):
            if r.case != case or r.number != number:
                continue
            if gender is not None and r.gender is not None and r.gender != gender:
                continue
            if pos is not None and r.pos not in pos:
                continue
            if degree is not None and r.is_adj and r.degree not in (None, degree):
                continue
            if "przest." in r.labels or "rzad." in r.labels:
                continue
            return r.form
        return None


_shared: Morphology | None = None
_shared_lock = threading.Lock()


def shared_morphology() -> Morphology:
    """One Morphology per process (Morfeusz's dictionary is loaded once)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Morphology()
        return _shared
