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
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.analyse import TokenAnalysis, shared_nlp, shared_tagger
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
        self, doc: Words, i: int, text: str, idx: int, space: str, analysis: TokenAnalysis
    ) -> None:
        self.doc = doc
        self.i = i
        self.text = text
        self.idx = idx
        self.whitespace_ = space
        self.analysis = analysis
        self.lower_ = text.lower()

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
    """Tokenize and tag ``text`` (as :func:`pipeline.analyse.analyse` does) into Words."""
    doc = shared_nlp().make_doc(text)
    forms = [(t.text, t.idx, t.whitespace_) for t in doc]
    analyses = shared_tagger().analyses([f for f, _, _ in forms])
    words = Words(text)
    words.words = [
        Word(words, i, form, idx, space, a)
        for i, ((form, idx, space), a) in enumerate(zip(forms, analyses, strict=True))
    ]
    return words


def readings(word: Word) -> tuple[Reading, ...]:
    return word.analysis.readings


def lemmas(word: Word) -> frozenset[str]:
    return word.analysis.lemmas


def lower_lemmas(word: Word) -> frozenset[str]:
    return word.analysis.lower_lemmas


def is_known(word: Word) -> bool:
    return word.analysis.known
