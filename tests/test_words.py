"""pipeline.words: the plain words agree with the spaCy Doc of the same text."""

from __future__ import annotations

import gc
import random
import re

import pytest

from pipeline.analyse import analyse, shared_nlp, shared_tagger
from pipeline.words import (
    _CHUNK_WORDS,
    Phrase,
    Words,
    _chunk_tokens,
    _read_chunks,
    _special_case_pairs,
    _text_splits,
    analyse_words,
)

from .conftest import ROOT

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


# --- the per-chunk tokenization agrees with spaCy's make_doc ----------------------------


def _spacy_tokens(text: str) -> list[tuple]:
    doc = shared_nlp().make_doc(text)
    forms = [t.text for t in doc]
    analyses = shared_tagger().analyses(forms)
    return [
        (t.text, t.i, t.idx, t.whitespace_, t.lower_, a) for t, a in zip(doc, analyses, strict=True)
    ]


def _word_tokens(words: Words) -> list[tuple]:
    return [(w.text, w.i, w.idx, w.whitespace_, w.lower_, w.analysis) for w in words]


def _corpus_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted((ROOT / "tests" / "data" / "pages").iterdir()):
        if path.suffix not in (".html", ".txt"):
            continue
        text = re.sub(r"<[^>]*>", "\n", path.read_text(encoding="utf-8", errors="replace"))
        lines += [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return lines


#: Pieces that spaCy's special cases are made of (abbreviations, emoticons and their
#: affix-split parts), and ordinary words, for random texts.
PIECES = (
    "ul. ul . m.st. m.st Gen. Gen np. np r. R. : ; ( ) ) ( o O P p D x X - _ ^ < 3 = "
    "' \" „ ” … ... ? ! , Ala ma kota Kowalski Jana 2015 1,5 Praga-Północ Szkolno - "
    "al. Al. AL. ok. o.o O.o o_O :) :( :P ;) xD <3 =) -_- ^_^ (: ): 8) [ ] | / *"
).split()


def _random_text(rnd: random.Random) -> str:
    parts = []
    for _ in range(rnd.randint(1, 12)):
        parts.append(rnd.choice(PIECES))
        parts.append(rnd.choices([" ", "", "  ", "\n", "\u00a0"], [70, 20, 4, 3, 3])[0])
    return "".join(parts[:-1]) if rnd.random() < 0.9 else "".join(parts)


def test_chunk_tokens_agree_with_make_doc_on_corpus_texts() -> None:
    lines = _corpus_lines()
    assert len(lines) > 200
    for text in lines:
        assert _word_tokens(analyse_words(text)) == _spacy_tokens(text), text


def test_chunk_tokens_agree_with_make_doc_on_random_texts() -> None:
    rnd = random.Random(20261126)
    by_chunks = by_spacy = 0
    for _ in range(5000):
        text = _random_text(rnd)
        assert _word_tokens(analyse_words(text)) == _spacy_tokens(text), text
        if _read_chunks(Words(text)):
            by_chunks += 1
        else:
            by_spacy += 1
    assert by_chunks > 1000 and by_spacy > 500  # both ways were compared


def test_special_cases_that_span_a_space_send_the_text_to_make_doc() -> None:
    # spaCy's matcher sees ":" + "(" (the emoticon ":(") across the space: such texts are
    # tokenized by make_doc, not chunk by chunk.
    assert not _read_chunks(Words("tel: (22) 123"))
    assert _read_chunks(Words("tel. 22 123"))
    # Here the match across the space hides the one inside "ok.:(" from spaCy's filter.
    text = "ok.:( )-"
    assert not _read_chunks(Words(text))
    assert _word_tokens(analyse_words(text)) == _spacy_tokens(text)


def test_new_chunks_read_from_the_whole_text_agree_with_make_doc() -> None:
    # Every chunk new (the chunk cache emptied before each text): the chunks' tokens come
    # from one make_doc of the whole text (_text_splits) where it can be trusted, and
    # they are the chunks' own tokens (_chunk_tokens).
    guard = _special_case_pairs()
    assert guard is not None
    rnd = random.Random(20261127)
    texts = _corpus_lines() + [_random_text(rnd) for _ in range(5000)]
    trusted = untrusted = 0
    for text in texts:
        _CHUNK_WORDS.cache_clear()
        assert _word_tokens(analyse_words(text)) == _spacy_tokens(text), text
        if not text or "  " in text or text[0] == " " or text[-1] == " ":
            continue
        if not text.isprintable():
            continue
        chunks = text.split(" ")
        splits = _text_splits(text, chunks, guard)
        for chunk, (start, found) in splits.items():
            own = _chunk_tokens(chunk)
            assert tuple(form for form, _ in found) == own.forms, text
            assert tuple(idx - start for _, idx in found) == own.offsets, text
        if splits:
            trusted += 1
        else:
            untrusted += 1
    assert trusted > 1000 and untrusted > 100  # both ways were taken


def _cyclic_garbage(make) -> int:
    """How many objects ``make()``'s result leaves to the cycle collector once dropped."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        make()
        return gc.collect()
    finally:
        if was_enabled:
            gc.enable()


def test_analysed_words_are_freed_without_the_cycle_collector() -> None:
    for text in TEXTS:
        analyse_words(text)  # chunks and forms learnt: only the Words is new below
        assert _cyclic_garbage(lambda text=text: analyse_words(text)) == 0, text
