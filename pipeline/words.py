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
from functools import cache
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
    """One token: its text, where it is, and its analysis.

    A word holds no reference back to its :class:`Words` (spaCy's ``token.doc``): that
    cycle left every analysed block to the garbage collector instead of reference counting,
    and the collections it caused cost about 4 % of a page.
    """

    __slots__ = ("analysis", "i", "idx", "lower_", "text", "whitespace_")

    def __init__(
        self,
        i: int,
        text: str,
        idx: int,
        space: str,
        analysis: TokenAnalysis,
        lower: str,
    ) -> None:
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
    chunk by chunk from the run's cache of chunks (:func:`_read_chunks`), calling spaCy only
    for chunks not met before; the others, and those where spaCy's special cases could
    join two chunks, go through ``make_doc``.
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
        Word(i, form, idx, space, a, form.lower())
        for i, ((form, idx, space), a) in enumerate(zip(forms, analyses, strict=True))
    ]


def _read_chunks(words: Words) -> bool:
    """Fill ``words`` from the cached tokenization of each of its text's chunks; False
    (``words`` left empty) when the text is not one that this can tokenize exactly as
    spaCy (see :func:`_chunk_tokens`).

    A chunk met for the first time (with this sentence state) is split by
    :func:`_text_splits` -- one ``make_doc`` of the whole text for all its new chunks --
    or, where that cannot be trusted, by :func:`_chunk_tokens`.
    """
    text = words.text
    guard = _special_case_pairs()
    if guard is None or not text or not text.isprintable() or len(text) > guard.max_length:
        return False  # isprintable: no white space but the plain space
    if "  " in text or text[0] == " " or text[-1] == " ":
        return False  # spaCy makes space tokens of these spaces
    known = _CHUNK_WORDS.get
    chunks = text.split(" ")
    splits = None  # the text's tokens by chunk (_text_splits), read on the first new chunk
    sentence_start, after_initial = True, False
    tails: frozenset[str] = frozenset()
    out: list[Word] = []
    append = out.append
    new_word = Word.__new__
    start = i = 0
    for chunk in chunks:
        key = (chunk, sentence_start, after_initial)
        entry = known(key)
        if entry is None:
            if splits is None:
                splits = _text_splits(text, chunks, guard)
            if chunk in splits:
                chunk_start, found = splits[chunk]
                forms = tuple(form for form, _ in found)
                split = _split_of(chunk, forms, tuple(idx - chunk_start for _, idx in found))
            else:
                split = _chunk_tokens(chunk)
            entry = _chunk_words(split, sentence_start, after_initial)
            _CHUNK_WORDS.remember(key, entry)
        tokens, heads, next_tails, sentence_start, after_initial = entry
        if tails and heads and _may_join(tails, heads, guard):
            return False
        tails = next_tails
        for form, offset, lower, analysis, space in tokens:
            # Word's attributes set here, without an __init__ call per word of every block
            word = new_word(Word)
            word.i = i
            word.text = form
            word.idx = start + offset
            word.whitespace_ = space
            word.analysis = analysis
            word.lower_ = lower
            append(word)
            i += 1
        start += len(chunk) + 1
    out[-1].whitespace_ = ""  # the last chunk's last word: no space after it
    words.words = out
    return True


def _may_join(tails: frozenset[str], heads: frozenset[str], guard: SpecialCasePairs) -> bool:
    """Could spaCy's special-case matcher match across the space between a chunk that ends
    with one of ``tails`` and the next, which begins with one of ``heads``: are they the
    two sides of one of the ``guard``'s pairs?"""
    pairs = guard.pairs
    return any((a, b) in pairs for a in tails for b in heads)


class _BoundedCache(dict):
    """A dict that forgets its oldest entry when it would grow beyond ``maxsize`` entries.

    Each one offers ``cache_clear`` and ``cache_parameters`` like a ``functools.lru_cache``
    wrapper, so that ``pipeline.bench.clear_vocabulary`` empties it with the per-word caches.
    """

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize
        # per instance (not methods): the class itself is no cache to clear_vocabulary
        self.cache_clear = self.clear
        self.cache_parameters = lambda: {"maxsize": maxsize, "typed": False}

    def remember(self, key, value) -> None:
        """Keep ``value`` for ``key``, forgetting the oldest entry when full."""
        if len(self) >= self.maxsize:
            del self[next(iter(self))]
        self[key] = value


#: A chunk's tokens as (form, offset in the chunk, lower-case form, analysis, the space
#: after it: " " for the chunk's last token, else ""), the chunk's
#: :attr:`ChunkTokens.heads` and ``tails``, and whether the token after the chunk starts a
#: sentence / follows an initial (see :func:`_chunk_words`).
ChunkWords = tuple[
    tuple[tuple[str, int, str, TokenAnalysis, str], ...],
    frozenset[str],
    frozenset[str],
    bool,
    bool,
]

#: :func:`_chunk_words` of each (chunk, sentence_start, after_initial) met so far: per
#: chunk, which is mostly one word, so bounded like the per-form caches.  It holds the
#: tagger's analyses, which serve the whole run like the tagger's own cache (both are
#: emptied with every per-word cache by ``pipeline.bench.clear_vocabulary``).
_CHUNK_WORDS: _BoundedCache = _BoundedCache(100_000)


def _chunk_words(split: ChunkTokens, sentence_start: bool, after_initial: bool) -> ChunkWords:
    """The tokens of a chunk (``split``, :func:`_chunk_tokens`) with their analyses, given
    whether its first token starts a sentence and whether the token before it is an
    initial (:meth:`~pipeline.analyse.MorfeuszTagger.analyse_sequence`).

    A plain tuple, read in one step by :func:`_read_chunks`.
    """
    analyses, sentence_start, after_initial = shared_tagger().analyse_sequence(
        split.forms, sentence_start, after_initial
    )
    spaces = ("",) * (len(split.forms) - 1) + (" ",)
    tokens = tuple(zip(split.forms, split.offsets, split.lowers, analyses, spaces, strict=True))
    return tokens, split.heads, split.tails, sentence_start, after_initial


def _text_splits(
    text: str, chunks: list[str], guard: SpecialCasePairs
) -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """Each chunk's tokens as (where the chunk starts, [(form, offset in the text)]), read
    from one ``make_doc`` of the whole ``text`` (cheaper than a tokenizer call per chunk
    when a text brings new chunks); empty when that reading cannot be trusted.

    ``chunks`` is ``text.split(" ")``, without empty chunks.  The whole text's tokens within
    a chunk are the chunk's own tokens when no special-case match spans a space (see
    :func:`_chunk_tokens`).  Such a match joins the last token of a chunk and the first of
    the next, before step 2, as a pair of :attr:`SpecialCasePairs.pairs`; step 2 keeps an
    edge token unless a special case within the chunk remakes it, and then the heads /
    tails (:func:`_heads`, :func:`_tails`) read from the whole text's tokens list every
    pattern token the chunk begins / ends with, as those read from the chunk's own tokens
    do.  So when the tails and heads read here show no such pair at any space, there was no
    such match, and every chunk's tokens here are its own.
    """
    doc = shared_nlp().make_doc(text)
    tokens = [(t.text, t.idx) for t in doc]
    splits: dict[str, tuple[int, list[tuple[str, int]]]] = {}
    tails: frozenset[str] = _NO_TOKENS
    n = 0  # the chunk's first token
    start = 0  # where the chunk starts in the text
    for chunk in chunks:
        end = start + len(chunk)
        m = n
        while m < len(tokens) and tokens[m][1] < end:
            m += 1
        if m == n or tokens[n][1] != start or tokens[m - 1][1] + len(tokens[m - 1][0]) != end:
            return {}  # a token that is not within one chunk: a special case with a space
        heads = _heads(chunk, tokens[n][0], guard)
        if tails and heads and _may_join(tails, heads, guard):
            return {}
        tails = _tails(chunk, tokens[m - 1][0], guard)
        splits[chunk] = (start, tokens[n:m])
        n, start = m, end + 1
    return splits if n == len(tokens) else {}


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
    doc = shared_nlp().tokenizer(chunk)
    return _split_of(chunk, tuple(t.text for t in doc), tuple(t.idx for t in doc))


def _split_of(chunk: str, forms: tuple[str, ...], offsets: tuple[int, ...]) -> ChunkTokens:
    """The :class:`ChunkTokens` of ``chunk``, tokenized as ``forms`` at ``offsets``."""
    guard = _special_case_pairs()
    assert guard is not None
    return ChunkTokens(
        forms=forms,
        offsets=offsets,
        lowers=tuple(form.lower() for form in forms),
        heads=_heads(chunk, forms[0], guard),
        tails=_tails(chunk, forms[-1], guard),
    )


_NO_TOKENS: frozenset[str] = frozenset()


def _heads(chunk: str, first: str, guard: SpecialCasePairs) -> frozenset[str]:
    """:attr:`ChunkTokens.heads` of ``chunk``, whose first token is ``first``."""
    if first in guard.rule_firsts:  # then also every pattern token the chunk begins with
        prefixes = {chunk[:end] for end in range(1, len(chunk) + 1)}
        return frozenset(prefixes & guard.rights)
    return frozenset((first,)) if first in guard.rights else _NO_TOKENS


def _tails(chunk: str, last: str, guard: SpecialCasePairs) -> frozenset[str]:
    """:attr:`ChunkTokens.tails` of ``chunk``, whose last token is ``last``."""
    if last in guard.rule_lasts:  # then also every pattern token the chunk ends with
        suffixes = {chunk[start:] for start in range(len(chunk))}
        return frozenset(suffixes & guard.lefts)
    return frozenset((last,)) if last in guard.lefts else _NO_TOKENS


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
