"""Analyse stage: tokenize Polish text with spaCy and tag every token with Morfeusz 2.

``analyse(text)`` returns a spaCy :class:`~spacy.tokens.Doc` whose tokens carry

* ``lemma_``, ``pos_`` (Universal POS) and ``morph`` (UD features) of one *chosen* reading;
* ``_.readings`` (every :class:`~pipeline.morphology.Reading`), ``_.lemmas`` (all their
  lemmas), ``_.names`` (their proper-name qualifiers) and ``_.known`` (Morfeusz knows the
  form), so that ``Matcher`` patterns need not trust the choice.

The extractors do not read spaCy ``Doc``s: they read the same tokens and analyses as
plain Python objects (:mod:`pipeline.words`, built from
:meth:`MorfeuszTagger.analyse_sequence`).

There is no statistical tagger: the chosen reading follows a fixed preference order
(see :func:`choose_reading`).  A Polish form is often ambiguous in case, so ``morph``
holds the *union* of the features of all readings that share the chosen lemma and POS
(``Case=Dat,Gen,Loc|Gender=Fem|Number=Sing``); ``{"MORPH": {"IS_SUPERSET": ["Case=Gen"]}}``
then matches every form that *can* be a genitive.

Tokenization is spaCy's Polish tokenizer plus one special case per abbreviation listed in
``resources/abbreviations.txt`` ("ul.", "m.st.", "Gen." stay one token; their lemma is the
expansion: "ulica", "miasto stołeczne", "generał").  spaCy splits every hyphen, so
"Szkolno-Wychowawczy", "Praga-Północ", "Stare- Miasto" and "Szkolno - Wychowawczym"
all become word, "-", word; ``token.whitespace_`` tells the spellings apart.  Morfeusz does
not know such compounds as one form anyway, while it knows both halves.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from pipeline.spacy_import import import_spacy

import_spacy()  # first, and without spaCy's command line: see pipeline.spacy_import

from spacy.attrs import ORTH
from spacy.lang.pl import Polish
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, MorphAnalysis, Span, Token
from spacy.vocab import Vocab

from pipeline.morphology import Morphology, Reading, shared_morphology

#: spaCy's token types are imported from here by the extractors, so that spaCy is always
#: imported through this module.
__all__ = ["Doc", "Span", "Token", "analyse", "make_nlp", "shared_nlp"]

ABBREVIATIONS_PATH = Path(__file__).with_name("resources") / "abbreviations.txt"

#: SGJP part of speech -> Universal POS.  Exceptions (PROPN, AUX, unknown words) are
#: decided in :func:`upos`.
UPOS: dict[str, str] = {
    **dict.fromkeys(("subst", "depr", "ger"), "NOUN"),
    **dict.fromkeys(("adj", "adja", "adjp", "adjc", "pact", "ppas"), "ADJ"),
    **dict.fromkeys(("num", "numcol", "dig", "romandig"), "NUM"),
    **dict.fromkeys(
        ("fin", "praet", "inf", "impt", "imps", "pcon", "pant", "bedzie", "winien", "pred"),
        "VERB",
    ),
    **dict.fromkeys(("ppron12", "ppron3", "siebie"), "PRON"),
    **dict.fromkeys(("qub", "part"), "PART"),  # 'part' is the newer SGJP name of 'qub'
    "aglt": "AUX",
    "prep": "ADP",
    "conj": "CCONJ",
    "comp": "SCONJ",
    "adv": "ADV",
    "interj": "INTJ",
    "interp": "PUNCT",
    "sym": "SYM",
    "brev": "X",
    "ign": "X",
}
VERB_POS = frozenset(p for p, u in UPOS.items() if u == "VERB")

#: Tag category value -> UD features it stands for.
TAG_FEATURES: dict[str, tuple[tuple[str, str], ...]] = {
    "nom": (("Case", "Nom"),),
    "gen": (("Case", "Gen"),),
    "dat": (("Case", "Dat"),),
    "acc": (("Case", "Acc"),),
    "inst": (("Case", "Ins"),),
    "loc": (("Case", "Loc"),),
    "voc": (("Case", "Voc"),),
    "sg": (("Number", "Sing"),),
    "pl": (("Number", "Plur"),),
    "m1": (("Gender", "Masc"), ("Animacy", "Hum")),
    "m2": (("Gender", "Masc"), ("Animacy", "Anim")),
    "m3": (("Gender", "Masc"), ("Animacy", "Inan")),
    "f": (("Gender", "Fem"),),
    "n": (("Gender", "Neut"),),
    "n1": (("Gender", "Neut"),),
    "n2": (("Gender", "Neut"),),
    "pos": (("Degree", "Pos"),),
    "com": (("Degree", "Cmp"),),
    "sup": (("Degree", "Sup"),),
    "pri": (("Person", "1"),),
    "sec": (("Person", "2"),),
    "ter": (("Person", "3"),),
    "imperf": (("Aspect", "Imp"),),
    "perf": (("Aspect", "Perf"),),
}
#: Features that follow from the part of speech alone.
POS_FEATURES: dict[str, tuple[tuple[str, str], ...]] = {
    "brev": (("Abbr", "Yes"),),
    "dig": (("NumForm", "Digit"),),
    "romandig": (("NumForm", "Roman"),),
}

#: Stylistic labels that make a reading a last resort (archaic, rare, dialectal …).
DISPREFERRED_LABELS = frozenset(
    {"przest.", "rzad.", "daw.", "arch.", "gw.", "gwar.", "środ.", "pot."}
)
#: Parts of speech chosen only when nothing else fits: "i" is not an interjection, "Jan"
#: not the abbreviation of 'Ewangelia_świętego_Jana' (abbreviations with a period are
#: recognized by the tokenizer, see :func:`find_readings`).
LAST_RESORT_POS = frozenset({"interj", "frag", "burk", "brev"})
#: Tie-break between parts of speech: function words first ("Od" is 'prep', not the
#: genitive of 'oda'), particles last ("i" is 'conj', not 'part').
POS_RANK: dict[str, int] = {"prep": 0, "conj": 0, "comp": 0, "part": 2, "qub": 2}
#: After these tokens (or a line break) a capital letter says nothing about proper names.
SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
#: Tokens that do not change whether we are at the start of a sentence.
TRANSPARENT = frozenset("„\"“”‘’'«»‹›([{-–—•·*")

NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
EXTENSIONS: dict[str, object] = {
    "readings": (),
    "lemmas": frozenset(),
    "names": frozenset(),
    "known": False,
}
for _name, _default in EXTENSIONS.items():
    if not Token.has_extension(_name):
        Token.set_extension(_name, default=_default, force=True)


def load_abbreviations(path: Path = ABBREVIATIONS_PATH) -> dict[str, tuple[str, ...]]:
    """Abbreviation (with its period) -> expansions, plus generated case variants."""
    table: dict[str, tuple[str, ...]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        abbr, _, rest = line.partition("\t") if "\t" in line else line.partition(" ")
        expansions = tuple(e.strip() for e in rest.split("|") if e.strip()) or (abbr,)
        variants = [abbr]
        if sum(ch.isalpha() for ch in abbr) > 1:
            variants += [abbr[0].upper() + abbr[1:], abbr.upper()]
        for variant in variants:
            table.setdefault(variant, expansions)
    return table


def add_abbreviations(nlp: Language, abbreviations: dict[str, tuple[str, ...]]) -> None:
    """Keep each abbreviation (period included) as one token."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for abbr in abbreviations:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])


@dataclass(frozen=True, slots=True)
class TokenAnalysis:
    """What the tagger writes onto a token (computed once per form and context)."""

    readings: tuple[Reading, ...]
    lemma: str
    pos: str
    lemmas: frozenset[str]
    names: frozenset[str]
    known: bool
    lower_lemmas: frozenset[str] = frozenset()  # the lemmas in lower case
    #: What extractors derive from the form and its readings alone, computed once per form
    #: for the whole run (the analysis is cached per form): key -> value.  Keys are named
    #: after the module that owns them ("place.geo").
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    chosen: Reading | None = field(default=None, compare=False, repr=False)
    form: str = field(default="", compare=False, repr=False)  # the token's text
    vocab: Vocab | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def morph(self) -> MorphAnalysis | None:
        """UD features of the chosen reading (:func:`morph_features`); made on first use,
        since few forms are ever asked (None for white space)."""
        if self.chosen is None or self.vocab is None:
            return None
        found = self.memo.get("analyse.morph")
        if found is None:
            features = morph_features(self.chosen, self.readings, self.form)
            found = MorphAnalysis(self.vocab, features)
            self.memo["analyse.morph"] = found
        return found


@lru_cache(maxsize=1024)
def _space(text: str) -> TokenAnalysis:
    """The analysis of a white-space token (one per text, so that its memo is its own)."""
    return TokenAnalysis(
        readings=(),
        lemma="",
        pos="SPACE",
        lemmas=frozenset(),
        names=frozenset(),
        known=False,
    )


def is_capitalized(form: str) -> bool:
    """'Związkiem' yes; 'ZWIĄZKIEM' (a heading) and 'związkiem' no."""
    return form[:1].isupper() and not form.isupper()


def find_readings(
    form: str, morphology: Morphology, abbreviations: dict[str, tuple[str, ...]]
) -> tuple[Reading, ...]:
    """All readings of a token: an abbreviation, Morfeusz's, or a fallback."""
    if form in abbreviations:
        return tuple(Reading(form=form, lemma=e, tag="brev:pun") for e in abbreviations[form])
    readings = morphology.analyse(form)
    if readings[0].pos == "ign" and (form[:1].isupper() or form.isupper()):
        for variant in dict.fromkeys((form.lower(), form.capitalize())):
            found = morphology.analyse(variant)
            if found[0].pos != "ign":
                return tuple(replace(r, form=form) for r in found)
    if readings[0].pos == "ign" and NUMBER_RE.fullmatch(form):
        return (Reading(form=form, lemma=form, tag="dig"),)
    return readings


def _last_resort(reading: Reading) -> bool:
    if reading.pos in LAST_RESORT_POS:
        return True
    return bool(reading.labels) and _dispreferred(reading.labels)


@lru_cache(maxsize=1024)  # per set of labels: the dictionary has a few hundred
def _dispreferred(labels: tuple[str, ...]) -> bool:
    return any(lab.strip() in DISPREFERRED_LABELS for ls in labels for lab in ls.split(","))


def choose_reading(readings: tuple[Reading, ...], *, capitalized_mid_sentence: bool) -> Reading:
    """The reading that gives the token its lemma and POS.

    Preference, most important first:

    1. no stylistic label ('przest.', 'rzad.' …) and not a :data:`LAST_RESORT_POS`;
    2. common (or non-name) readings before proper names -- except that a word capitalized
       in mid sentence keeps its proper reading when no common reading has the same
       lower-cased lemma ("Związkiem" -> 'związek', not the surname 'Związek'; "Polskim" ->
       'polski', not the surname 'Polska') and none is a noun: Polish capitalizes every
       word of an institution's name, so "Rada Dzielnicy" -> 'rada' (not the surname
       'Rado') and "Klub Sąsiadów" -> 'sąsiad', while "ul. Lipowej" -> 'Lipowa' (not the
       adjective 'lipowy') and "Kilińskiego" -> 'Kiliński';
    3. among proper readings, first names before other names ("Jana" -> 'Jan', not the
       surname 'Jana');
    4. function words before other parts of speech, particles last (:data:`POS_RANK`);
    5. Morfeusz's order.
    """
    if len(readings) == 1:
        return readings[0]
    keep_proper = False
    if capitalized_mid_sentence:
        common = [r for r in readings if not r.is_proper]
        twins = {r.lemma.lower() for r in common}
        keep_proper = not any(r.is_noun for r in common) and not any(
            r.is_proper and r.lemma.lower() in twins for r in readings
        )

    proper_group = 0 if keep_proper else 2

    def rank(r: Reading) -> tuple:
        group = proper_group if r.is_proper else 1
        return (_last_resort(r), group, "imię" not in r.names, POS_RANK.get(r.pos, 1))

    return min(readings, key=rank)  # the first of the best: Morfeusz's order breaks ties


def upos(reading: Reading, form: str) -> str:
    """Universal POS of one reading of ``form``."""
    if reading.pos == "ign":
        if not any(ch.isalnum() for ch in form):
            return "PUNCT"
        return "PROPN" if form[:1].isupper() else "X"
    if reading.lemma == "być" and reading.pos in VERB_POS:
        return "AUX"
    tag = UPOS.get(reading.pos, "X")
    return "PROPN" if tag == "NOUN" and reading.is_proper else tag


def morph_features(chosen: Reading, readings: tuple[Reading, ...], form: str) -> str:
    """UD features: the union over the readings sharing the chosen lemma and POS."""
    pos = upos(chosen, form)
    values: dict[str, set[str]] = {}
    for r in readings:
        if r.lemma != chosen.lemma or upos(r, form) != pos:
            continue
        features = POS_FEATURES.get(r.pos, ())
        features += tuple(f for part in r.tag.split(":")[1:] for f in TAG_FEATURES.get(part, ()))
        for feature, value in features:
            values.setdefault(feature, set()).add(value)
    return "|".join(f"{f}={','.join(sorted(v))}" for f, v in sorted(values.items()))


class MorfeuszTagger:
    """spaCy component: sets lemma, POS, morph and the ``_.`` extensions of every token."""

    def __init__(
        self, vocab: Vocab, abbreviations: dict[str, tuple[str, ...]], cache_size: int
    ) -> None:
        self.vocab = vocab
        self.abbreviations = abbreviations
        self.morphology = shared_morphology()
        self._analyse = lru_cache(maxsize=cache_size)(self._analyse_form)

    def _analyse_form(self, form: str, capitalized_mid_sentence: bool) -> TokenAnalysis:
        readings = find_readings(form, self.morphology, self.abbreviations)
        chosen = choose_reading(readings, capitalized_mid_sentence=capitalized_mid_sentence)
        lemmas = frozenset([r.lemma for r in readings])
        return TokenAnalysis(
            readings=readings,
            lemma=chosen.lemma,
            pos=upos(chosen, form),
            chosen=chosen,
            form=form,
            vocab=self.vocab,
            lemmas=lemmas,
            lower_lemmas=frozenset([lemma.lower() for lemma in lemmas]),
            names=frozenset(
                [n for r in readings if r.is_proper for n in r.names if n != "nazwa_pospolita"]
            ),
            known=any(r.pos != "ign" for r in readings),
        )

    def clear_cache(self) -> None:
        """Forget every form's analysis (and so every memo on it)."""
        self._analyse.cache_clear()
        _space.cache_clear()

    def analyses(self, forms: list[str]) -> list[TokenAnalysis]:
        """The analysis of each token of a text, given the tokens' forms in order."""
        return self.analyse_sequence(forms, True, False)[0]

    def analyse_sequence(
        self, forms: list[str] | tuple[str, ...], sentence_start: bool, after_initial: bool
    ) -> tuple[list[TokenAnalysis], bool, bool]:
        """The analyses of consecutive tokens, and what the token after them needs to know.

        ``sentence_start``: the first token starts a sentence; ``after_initial``: the token
        before the first is an initial (one capital letter: the period after it does not end
        the sentence, "R. Kowalski").  Returns the analyses with the same two facts for the
        token that follows, so that a text can be analysed piece by piece
        (:func:`pipeline.words.analyse_words`).
        """
        analyses: list[TokenAnalysis] = []
        analyse = self._analyse
        for text in forms:
            if text.isspace():
                sentence_start = sentence_start or "\n" in text
                analyses.append(_space(text))
                continue
            analyses.append(analyse(text, not sentence_start and is_capitalized(text)))
            if text in SENTENCE_END:
                # ... except the period after an initial: "R. Kowalski"
                sentence_start = not after_initial
            elif text not in TRANSPARENT:
                sentence_start = False
            after_initial = len(text) == 1 and text.isupper()
        return analyses, sentence_start, after_initial

    def __call__(self, doc: Doc) -> Doc:
        analyses = self.analyses([token.text for token in doc])
        for token, a in zip(doc, analyses, strict=True):
            if a.pos == "SPACE":
                token.pos_ = "SPACE"
                token.lemma_ = token.text
                continue
            token.lemma_ = a.lemma
            token.pos_ = a.pos
            if (morph := a.morph) is not None:
                token.morph = morph
            ext = token._  # one Underscore object instead of four
            ext.readings = a.readings
            ext.lemmas = a.lemmas
            ext.names = a.names
            ext.known = a.known
        return doc


class SpecialCasePairs(NamedTuple):
    """What could make a chunk's tokens depend on its neighbours (see
    :func:`pipeline.words._chunk_tokens`)."""

    pairs: frozenset[tuple[str, str]]  # adjacent tokens of a special case's pattern
    lefts: frozenset[str]  # their left members
    rights: frozenset[str]  # their right members
    rule_firsts: frozenset[str]  # first token of a special case's own tokens
    rule_lasts: frozenset[str]  # last token of a special case's own tokens
    max_length: int  # the longest text ``make_doc`` accepts


def special_case_pairs(nlp: Language) -> SpecialCasePairs | None:
    """The adjacent token pairs of ``nlp``'s special-case patterns, computed from its
    tokenizer (see :func:`pipeline.words._chunk_tokens`); None when the tokenizer or
    ``make_doc`` is not spaCy's own (then every text goes through ``make_doc``).

    Patterns are made as spaCy makes them (``_tokenize_affixes`` without special cases):
    by a tokenizer with the same affix rules and no special case.  Every special case
    counts, also those spaCy leaves out of its matcher.  The tokenizer must not change
    afterwards (the shared pipeline's does not).
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer) or type(tokenizer) is not Tokenizer:
        return None  # not spaCy's own tokenizer (a subclass could work otherwise)
    if type(nlp).make_doc is not Language.make_doc:
        return None
    plain = Tokenizer(
        nlp.vocab,
        rules={},
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
    )
    pairs: set[tuple[str, str]] = set()
    firsts: set[str] = set()
    lasts: set[str] = set()
    for string, pieces in tokenizer.rules.items():
        pattern = [t.text for t in plain(string)]
        pairs.update(pairwise(pattern))
        firsts.add(pieces[0][ORTH])
        lasts.add(pieces[-1][ORTH])
    return SpecialCasePairs(
        pairs=frozenset(pairs),
        lefts=frozenset(a for a, _ in pairs),
        rights=frozenset(b for _, b in pairs),
        rule_firsts=frozenset(firsts),
        rule_lasts=frozenset(lasts),
        max_length=nlp.max_length,
    )


@Language.factory(
    "morfeusz_tagger", default_config={"abbreviations_path": None, "cache_size": 100_000}
)
def make_morfeusz_tagger(
    nlp: Language, name: str, abbreviations_path: str | None, cache_size: int
) -> MorfeuszTagger:
    path = Path(abbreviations_path) if abbreviations_path else ABBREVIATIONS_PATH
    return MorfeuszTagger(nlp.vocab, load_abbreviations(path), cache_size)


def make_nlp() -> Language:
    """A new blank Polish pipeline: tokenizer with abbreviations + the Morfeusz tagger.

    ``Polish()`` is the pipeline ``spacy.blank("pl")`` makes (the same tokenizer, made by
    the same ``spacy.Tokenizer.v1`` from ``Polish.Defaults``, and the same vocabulary)
    without building and validating a whole config for it first: about 15 ms less of
    every run's start (``tests/test_analyse.py`` compares the two tokenizers).
    """
    nlp = Polish()
    tagger = nlp.add_pipe("morfeusz_tagger")
    assert isinstance(tagger, MorfeuszTagger)
    add_abbreviations(nlp, tagger.abbreviations)
    return nlp


_shared: Language | None = None
_shared_lock = threading.Lock()


def shared_nlp() -> Language:
    """One pipeline per process, built on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = make_nlp()
        return _shared


def shared_tagger() -> MorfeuszTagger:
    """The shared pipeline's Morfeusz tagger."""
    tagger = shared_nlp().get_pipe("morfeusz_tagger")
    assert isinstance(tagger, MorfeuszTagger)
    return tagger


def analyse(text: str) -> Doc:
    """Tokenize and tag ``text`` with the shared pipeline."""
    return shared_nlp()(text)
