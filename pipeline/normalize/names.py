"""Partnership names in canonical form: no quote marks, tidy spacing, ordinary case.

A partnership's name is a title: Polish quotes it and does not inflect it ("do Partnerstwa
„Sady”"), so the quoted text is already the nominative.  What needs repair is typing:
``„ Stare- Miasto”`` -> ``Stare-Miasto``, NBSPs, and headings in capitals.
"""

from __future__ import annotations

import re

import regex

from pipeline.caches import page_cache
from pipeline.morphology import shared_morphology

#: Every quotation mark a page may wrap a name in (single guillemets and the reversed and
#: full-width forms too); an ASCII apostrophe is not one.
_QUOTES = regex.compile(r"[„\"«»“”‚‘’‹›‟‛〝〞〟＂]")
_QUOTE = re.compile(_QUOTES.pattern)  # the same class of characters: re finds one sooner
_SPACES = regex.compile(r"[\s\u00a0\u2000-\u200b\u202f]+")
# A hyphen with space on one side or both between two words is a typing slip inside a
# name ("Stare- Miasto", "Szkolno - Wychowawczy"); an en dash with spaces is a dash.
_LOOSE_HYPHEN = regex.compile(r"(?<=\p{L})(?: -|- | - )(?=\p{L})")
#: Parts of speech written in lower case inside a title (after the first word).
_LOWER_POS = frozenset({"prep", "conj", "comp"})


@page_cache(4096)  # a page's names are tidied again at every stage; bounded
def tidy(text: str) -> str:
    """Quotes removed, white space single, loose hyphens closed."""
    if _already_tidy(text):
        return text
    text = _QUOTES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _LOOSE_HYPHEN.sub("-", text)


def _already_tidy(text: str) -> bool:
    """Would :func:`tidy` return the text as it is?  (Most names are typed tidily.)

    A printable text has no white space but the plain space (every other space, line
    break and zero-width space is a separator or a control character).
    """
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
        and " -" not in text
        and "- " not in text
        and _QUOTE.search(text) is None
    )


def _recase_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first:
        if any(r.pos in _LOWER_POS for r in shared_morphology().analyse(lower)):
            return lower
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def recase(text: str) -> str:
    """A name typed in capitals, in title case: prepositions and conjunctions lower."""
    return " ".join(_recase_word(w, i == 0) for i, w in enumerate(text.split(" ")))


def is_shouting(text: str, *, min_letters: int = 1) -> bool:
    """At least ``min_letters`` letters, all of them capitals: a name typed in capitals."""
    letters = 0
    for ch in text:  # stops at the first small letter: most text is not shouting
        if ch.isalpha():
            if not ch.isupper():
                return False
            letters += 1
    return letters >= min_letters


def canonical_name(text: str, *, shouting: bool = False) -> str:
    name = tidy(text)
    return recase(name) if shouting else name
