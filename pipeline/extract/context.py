"""What every extractor reads: a block's text with tidy spaces, its analysis, and a
way back from analysis offsets to page offsets."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.caches import clear_page_caches, page_cache
from pipeline.clean import Block, Normalized, normalize_spaces
from pipeline.normalize.dates import DateMention, find_dates
from pipeline.words import Phrase, Words, analyse_words


@dataclass(frozen=True, slots=True)
class AnalysedBlock:
    block: Block
    norm: Normalized  # the block's text, white space normalised, with offsets back
    doc: Words  # norm.text tokenized by spaCy, tagged by Morfeusz (pipeline.words)

    def page_span(self, start_char: int, end_char: int) -> tuple[int, int]:
        """Page offsets of [start_char, end_char) of ``norm.text`` / ``doc``."""
        return self.norm.span(start_char, end_char)

    def span_of(self, span: Phrase) -> tuple[int, int]:
        return self.norm.span(span.start_char, span.end_char)


#: Blocks whose analyses are kept at once: the extractors read a section's few blocks in
#: turn, so a small window serves them; a bigger one only costs memory on huge pages.
PER_BLOCK_CACHE = 128


def per_block(fn):
    """Cache ``fn`` per block (several extractors read the same blocks of a page).

    Bounded, so memory stays flat over a run of thousands of pages; registered as a page
    cache (:mod:`pipeline.caches`), so the benchmark can empty it (:func:`clear_caches`).
    """
    return page_cache(PER_BLOCK_CACHE)(fn)


def clear_caches() -> None:
    """Empty every cache of what one page holds (:func:`pipeline.caches.clear_page_caches`).

    Per-form caches (Morfeusz's analyses and what extractors derive from them) stay: in a
    long run the vocabulary is mostly known.
    """
    clear_page_caches()


@per_block
def analyse_block(block: Block) -> AnalysedBlock:
    norm = normalize_spaces(block.text, base=block.start)
    return AnalysedBlock(block, norm, analyse_words(norm.text))


@page_cache(PER_BLOCK_CACHE)
def block_dates(text: str) -> tuple[DateMention, ...]:
    """The date mentions of a block's normalised text (``AnalysedBlock.norm.text``): the
    founding and rename extractors both read them."""
    return tuple(find_dates(text))
