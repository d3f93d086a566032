"""pipeline.words: the plain words agree with the spaCy Doc of the same text."""

from __future__ import annotations

import pytest

from pipeline.analyse import analyse
from pipeline.words import Phrase, Words, analyse_words

TEXTS = [
    "Partnerstwo „Nad Wisłą” powstało 3 maja 2015 r. z inicjatywy Rady Dzielnicy Ursus.",
    "Obszar: ul. Kościuszki – Szkolno-Wychowawczy  Ośrodek\n\nNowy akapit. R. Kowalski ma głos!",
    "",
    "   ",
    "MOPS, ul. Lipowej 5; Stare- Miasto i Praga-Północ…",
]


@pytest.mark.parametrize("text", TEXTS)
def test_words_match_the_spacy_doc(text: str) -> None:
    doc, words = analyse(text), analyse_words(text)
    assert isinstance(words, Words)
    assert len(words) == len(doc)
    for tok, word in zip(doc, words, strict=True):
        assert (word.text, word.i, word.idx, word.whitespace_) == (
            tok.text,
            tok.i,
            tok.idx,
            tok.whitespace_,
        )
        assert (word.lemma_, word.pos_, word.lower_) == (tok.lemma_, tok.pos_, tok.lower_)
        if not tok.is_space:
            assert str(word.morph) == str(tok.morph)
        assert word.analysis.readings == tok._.readings
        assert (word.is_alpha, word.is_title, word.is_space) == (
            tok.is_alpha,
            tok.is_title,
            tok.is_space,
        )


@pytest.mark.parametrize("text", [t for t in TEXTS if t.strip()])
def test_phrases_match_spacy_spans(text: str) -> None:
    doc, words = analyse(text), analyse_words(text)
    n = len(doc)
    for i in range(n + 1):
        for j in range(i, n + 1):
            span, phrase = doc[i:j], words[i:j]
            assert isinstance(phrase, Phrase)
            assert (phrase.start, phrase.end, len(phrase)) == (span.start, span.end, len(span))
            assert phrase.text == span.text
            if i < j:
                assert (phrase.start_char, phrase.end_char) == (span.start_char, span.end_char)
                assert [w.text for w in phrase] == [t.text for t in span]
                assert phrase[0].i == span[0].i and phrase[-1].i == span[-1].i
                assert phrase[1:].start == span[1:].start


def test_negative_index_and_out_of_range() -> None:
    words = analyse_words("Ala ma kota.")
    assert words[-1].text == "."
    with pytest.raises(IndexError):
        words[4]
    with pytest.raises(IndexError):
        words[0:2][2]
