"""Plain words: an analysed text as small Python objects, for the extractors' inner loops.

The extractors walk every token of every block several times.  Reading a spaCy ``Doc``
there is costly: ``doc[i]`` and iteration build a new ``Token`` object each time (about a
microsecond apiece), and ``token._`` is slower still.  :func:`analyse_words` tokenizes with
the same spaCy tokenizer and tags with the same Morfeusz tagger as
:func:`pipeline.analyse.analyse`, then keeps the result as :class:`Words` — a list of
:class:`Word` objects built once — which offers the part of spaCy's ``Doc`` / ``Span`` /
``Token`` interface the extractors use (``doc[i]``, ``doc[i:j]``, ``len``, iteration;
``.text``, ``.i``, ``.idx``, ``.whitespace_``, ``.lower_``, ``.lemma_``, ``.pos_``,
``.morph``, ``.is_alpha``, ``.is_title``; ``.start``, ``.end``, ``.start_char``,
``.end_char``).  Each word holds its :class:`~pipeline.analyse.TokenAnalysis`
(``.analysis``), shared by every occurrence of the form in the run.

Most texts are not given to spaCy as a whole: a text is read chunk by chunk (the runs of
characters between single spaces), each chunk's tokens and analyses cached for the run
like the per-form caches, wherever spaCy's tokenization of the whole text is provably the
chunks' tokenizations put together (see :func:`_chunk_tokens`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline.analyse import (
    SpecialCasePairs,
    TokenAnalysis,
    shared_nlp,
    shared_tagger,
    special_case_pairs,
)
from pipeline.morphology import Reading

__all__ = [
    "Phrase",
    "Word",
    "Words",
    "analyse_words",
    "is_known",
    "lemmas",
    "lower_lemmas",
    "readings",
]


class Word:
    """One token: its text, where it is, and its analysis."""

    __slots__ = ("analysis", "doc", "i", "idx", "lower_", "text", "whitespace_")

    def __init__(
        self,
        doc: Words,
        i: int,
        text: str,
        idx: int,
        space: str,
        analysis: TokenAnalysis,
        lower: str,
    ) -> None:
        self.doc = doc
        self.i = i
        self.text = text
        self.idx = idx
        self.whitespace_ = space
        self.analysis = analysis
        self.lower_ = lower  # text.lower(), known per form

    @property
    def lemma_(self) -> str:
        a = self.analysis
        return self.text if a.pos == "SPACE" else a.lemma

    @property
    def pos_(self) -> str:
        return self.analysis.pos

    @property
    def morph(self):
        return self.analysis.morph

    @property
    def is_alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def is_title(self) -> bool:
        return self.text.istitle()

    @property
    def is_space(self) -> bool:
        return self.analysis.pos == "SPACE"

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Word({self.text!r}, i={self.i}, idx={self.idx})"


class Phrase:
    """Words [start, end) of a text, like a spaCy ``Span``."""

    __slots__ = ("doc", "end", "start")

    def __init__(self, doc: Words, start: int, end: int) -> None:
        self.doc = doc
        self.start = start
        self.end = end

    @property
    def start_char(self) -> int:
        words = self.doc.words
        if self.start < self.end:
            return words[self.start].idx
        return words[self.start].idx if self.start < len(words) else len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.start < self.end:
            last = self.doc.words[self.end - 1]
            return last.idx + len(last.text)
        return self.start_char

    @property
    def text(self) -> str:
        return self.doc.text[self.start_char : self.end_char]

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[Word]:
        return iter(self.doc.words[self.start : self.end])

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            return Phrase(self.doc, self.start + start, self.start + max(start, stop))
        if key < 0:
            key += len(self)
        if not 0 <= key < len(self):
            raise IndexError(key)
        return self.doc.words[self.start + key]

    def __repr__(self) -> str:
        return f"Phrase({self.text!r})"


class Words:
    """An analysed text: its words in order, like a spaCy ``Doc``."""

    __slots__ = ("text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[Word] = []

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[Word]:
        return iter(self.words)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self.words))
            return Phrase(self, start, max(start, stop))
        return self.words[key]

    def __repr__(self) -> str:
        return f"Words({self.text!r})"


def analyse_words(text: str) -> Words:
    """Tokenize and tag ``text`` (as :func:`pipeline.analyse.analyse` does) into Words.

    Most texts (a block's text has its white space normalised to single spaces) are read
    chunk by chunk from :func:`_chunk_tokens`, without calling spaCy; the others, and those
    where spaCy's special cases could join two chunks, go through ``make_doc``.
    """
    words = Words(text)
    if not _read_chunks(words):
        _read_spacy_doc(words)
    return words


def _read_spacy_doc(words: Words) -> None:
    """Fill ``words`` from spaCy's tokenization of its whole text."""
    doc = shared_nlp().make_doc(words.text)
    forms = [(t.text, t.idx, t.whitespace_) for t in doc]
    analyses = shared_tagger().analyses([f for f, _, _ in forms])
    words.words = [
        Word(words, i, form, idx, space, a, form.lower())
        for i, ((form, idx, space), a) in enumerate(zip(forms, analyses, strict=True))
    ]


def _read_chunks(words: Words) -> bool:
    """Fill ``words`` from the cached tokenization of each of its text's chunks; False
    (``words`` left empty) when the text is not one that this can tokenize exactly as
    spaCy (see :func:`_chunk_tokens`)."""
    text = words.text
    guard = _special_case_pairs()
    if guard is None or not text or not text.isprintable() or len(text) > guard.max_length:
        return False  # isprintable: no white space but the plain space
    sentence_start, after_initial = True, False
    pairs = guard.pairs
    tails: frozenset[str] = frozenset()
    out: list[Word] = []
    append = out.append
    start = 0
    for chunk in text.split(" "):
        if not chunk:
            return False  # two spaces in a row, or one at an end: spaCy makes space tokens
        tokens, heads, next_tails, sentence_start, after_initial = _chunk_words(
            chunk, sentence_start, after_initial
        )
        if tails and heads and any((a, b) in pairs for a in tails for b in heads):
            return False  # spaCy's special-case matcher could match across the space
        tails = next_tails
        for form, offset, lower, a in tokens:
            append(Word(words, len(out), form, start + offset, "", a, lower))
        out[-1].whitespace_ = " "
        start += len(chunk) + 1
    out[-1].whitespace_ = ""
    words.words = out
    return True


#: A chunk's tokens as (form, offset in the chunk, lower-case form, analysis), the
#: chunk's :attr:`ChunkTokens.heads` and ``tails``, and whether the token after the chunk
#: starts a sentence / follows an initial (see :func:`_chunk_words`).
ChunkWords = tuple[
    tuple[tuple[str, int, str, TokenAnalysis], ...], frozenset[str], frozenset[str], bool, bool
]


@lru_cache(maxsize=100_000)  # per chunk, which is mostly one word: like the per-form caches
def _chunk_words(chunk: str, sentence_start: bool, after_initial: bool) -> ChunkWords:
    """The tokens of ``chunk`` (:func:`_chunk_tokens`) with their analyses, given whether
    its first token starts a sentence and whether the token before it is an initial
    (:meth:`~pipeline.analyse.MorfeuszTagger.analyse_sequence`).

    A plain tuple, read in one step by :func:`_read_chunks`.  It holds the tagger's
    analyses, which serve the whole run like the tagger's own cache (both are emptied
    with every per-word cache by ``pipeline.bench.clear_vocabulary``).
    """
    split = _chunk_tokens(chunk)
    analyses, sentence_start, after_initial = shared_tagger().analyse_sequence(
        split.forms, sentence_start, after_initial
    )
    tokens = tuple(zip(split.forms, split.offsets, split.lowers, analyses, strict=True))
    return tokens, split.heads, split.tails, sentence_start, after_initial


class ChunkTokens(NamedTuple):
    """spaCy's tokenization of one chunk of text (a run of characters without white space)."""

    forms: tuple[str, ...]  # the tokens' texts
    offsets: tuple[int, ...]  # where each token starts in the chunk
    lowers: tuple[str, ...]  # the tokens' texts in lower case
    #: What the first / last token may be to spaCy's special-case matcher, as far as it is
    #: the right / left member of one of
    #: :attr:`pipeline.analyse.SpecialCasePairs.pairs` (usually empty).
    heads: frozenset[str]
    tails: frozenset[str]


@lru_cache(maxsize=100_000)  # per chunk, like the per-form caches
def _chunk_tokens(chunk: str) -> ChunkTokens:
    """spaCy's tokenization of ``chunk`` (no white space in it), as in any text.

    Why a text's tokens are its chunks' tokens, put together.  spaCy's tokenizer
    (``Tokenizer.__call__``) works in two steps:

    1. ``_tokenize_affixes`` splits the text at white space into chunks (a single space
       between two chunks only sets the ``whitespace_`` of the token before it) and splits
       each chunk on its own: special cases, prefixes, suffixes, infixes, token_match and
       url_match only ever see the chunk.
    2. ``_apply_special_cases`` runs a ``PhraseMatcher`` over the whole token sequence,
       with one pattern per special case that has affixes: the special case's string as
       step 1 splits it without special cases.  A match is retokenized as the special
       case; overlapping matches are filtered, longest first.

    Step 2 is the only one that can see two chunks at once: through a match that spans
    the space between them (even when such a match has no special case of its own text
    and changes nothing, it can hide a match inside the chunk from the filter).  Such a
    match holds the last token of one chunk and the first token of the next as two
    adjacent tokens of a pattern: :func:`pipeline.analyse.special_case_pairs` lists every
    such pair at start-up, from the tokenizer itself, and :func:`_read_chunks` falls back to
    ``make_doc`` when the tokens on the two sides of a space could form one.  What they
    could be (:attr:`ChunkTokens.heads` and ``tails``) is read from the chunk's tokens
    after step 2: a chunk's edge token is the same before step 2, unless a special case
    made it -- then it is any pattern token the chunk begins (ends) with.  Otherwise every
    match lies within one chunk, and step 2 does to each chunk what it does to the chunk
    alone.  ``tests/test_words.py`` compares the two ways on corpus and random texts.
    """
    guard = _special_case_pairs()
    assert guard is not None
    doc = shared_nlp().tokenizer(chunk)
    forms = tuple(t.text for t in doc)
    first, last = forms[0], forms[-1]
    heads = {first}
    if first in guard.rule_firsts:
        heads.update(b for b in guard.rights if chunk.startswith(b))
    tails = {last}
    if last in guard.rule_lasts:
        tails.update(a for a in guard.lefts if chunk.endswith(a))
    return ChunkTokens(
        forms=forms,
        offsets=tuple(t.idx for t in doc),
        lowers=tuple(form.lower() for form in forms),
        heads=frozenset(heads & guard.rights),
        tails=frozenset(tails & guard.lefts),
    )


@cache
def _special_case_pairs() -> SpecialCasePairs | None:
    """:func:`pipeline.analyse.special_case_pairs` of the shared pipeline, made once."""
    return special_case_pairs(shared_nlp())


def readings(word: Word) -> tuple[Reading, ...]:
    return word.analysis.readings


def lemmas(word: Word) -> frozenset[str]:
    return word.analysis.lemmas


def lower_lemmas(word: Word) -> frozenset[str]:
    return word.analysis.lower_lemmas


def is_known(word: Word) -> bool:
    return word.analysis.known
