"""Partnership names in canonical form: no quote marks, tidy spacing, ordinary case.

A partnership's name is a title: Polish quotes it and does not inflect it ("do Partnerstwa
„Sady”"), so the quoted text is already the nominative.  What needs repair is typing:
``„ Stare- Miasto”`` -> ``Stare-Miasto``, NBSPs, and headings in capitals.
"""

from __future__ import annotations

import regex

from pipeline.caches import page_cache
from pipeline.morphology import shared_morphology

#: Every quotation mark a page may wrap a name in (single guillemets and the reversed and
#: full-width forms too); an ASCII apostrophe is not one.
_QUOTES = regex.compile(r"[„\"«»“”‚‘’‹›‟‛〝〞〟＂]")
_SPACES = regex.compile(r"[\s\u00a0\u2000-\u200b\u202f]+")
# A hyphen with space on one side or both between two words is a typing slip inside a
# name ("Stare- Miasto", "Szkolno - Wychowawczy"); an en dash with spaces is a dash.
_LOOSE_HYPHEN = regex.compile(r"(?<=\p{L})(?: -|- | - )(?=\p{L})")
#: Parts of speech written in lower case inside a title (after the first word).
_LOWER_POS = frozenset({"prep", "conj", "comp"})


@page_cache(4096)  # a page's names are tidied again at every stage; bounded
def tidy(text: str) -> str:
    """Quotes removed, white space single, loose hyphens closed."""
    text = _QUOTES.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return _LOOSE_HYPHEN.sub("-", text)


def _recase_word(word: str, first: bool) -> str:
    lower = word.lower()
    if not first:
        if any(r.pos in _LOWER_POS for r in shared_morphology().analyse(lower)):
            return lower
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def recase(text: str) -> str:
    """A name typed in capitals, in title case: prepositions and conjunctions lower."""
    return " ".join(_recase_word(w, i == 0) for i, w in enumerate(text.split(" ")))


def canonical_name(text: str, *, shouting: bool = False) -> str:
    name = tidy(text)
    return recase(name) if shouting else name
