"""Stable node identifiers: IRIs under a configurable base, derived from canonical names.

The same canonical name gives the same IRI on every page and every run, so the portal can
join organizations across pages and ``git diff output/`` never moves because of an id.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.caches import page_cache

#: Where our node IRIs live unless the user says otherwise (``--base-iri``).
DEFAULT_BASE_IRI = "https://w3id.org/partnerstwa-lokalne/id/"
#: The project's vocabulary (``lp:``); documented in schemas/.
LP_NAMESPACE = "https://w3id.org/partnerstwa-lokalne/vocab#"

# Letters NFKD does not take apart.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D"})
_SLUG_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class _SlugCharacters(dict):
    """A ``str.translate`` table: each character as a slug writes it, built as met.

    A character loses its diacritics (NFKD, combining marks dropped) and its case, and
    whatever is then not a-z or 0-9 becomes '-' ('ß' -> 'ss', 'ą' -> 'a', '–' -> '-').
    Translating one character at a time gives what folding the whole text does: NFKD
    decomposes character by character and only reorders the combining marks, which are
    dropped; lower case is per character but for the final sigma, which is no a-z either.
    Bounded: a page of a hundred thousand different characters stops adding.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code).translate(_FOLD))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
        written = "".join(ch if ch in _SLUG_ALPHABET else "-" for ch in folded)
        if len(self) < 65_536:
            self[code] = written
        return written


_SLUG_CHARACTERS = _SlugCharacters()


@page_cache(4096)  # a page's names are slugged for every id they are part of; bounded
def slug(text: str) -> str:
    """'Ośrodek Pomocy Społecznej' -> 'osrodek-pomocy-spolecznej'."""
    # Every run of characters that are not a-z or 0-9 becomes one '-', none at the ends: the
    # slug of a text is its words' slugs joined by '-' (a space is such a character).
    return "-".join(filter(None, map(_slug_word, text.split(" ")))) or "x"


@lru_cache(maxsize=50_000)  # per word form: names share words, on a page and across pages
def _slug_word(word: str) -> str:
    """A word as a slug writes it ('' when it has no letter or digit)."""
    return "-".join(filter(None, word.translate(_SLUG_CHARACTERS).split("-")))


class IdMinter:
    """Mints node IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def _iri(self, kind: str, *names: str) -> str:
        """The IRI of a node of a kind ('organization', a slug already) with these names."""
        return self.base + kind + "/" + "/".join(map(slug, names))

    def page(self, name: str, url: str | None) -> str:
        return url if url else self._iri("page", name)

    def partnership(self, name: str) -> str:
        return self._iri("partnership", name)

    def area(self, partnership_name: str) -> str:
        return self._iri("area", partnership_name)

    def organization(self, name: str) -> str:
        return self._iri("organization", name)

    def renaming(self, partnership_name: str, old: str, new: str) -> str:
        return self._iri("renaming", partnership_name, f"{old}--{new}")

    def street(self, city: str | None, street_type: str, name: str) -> str:
        # "Trasa AK", "plac Wilsona" carry their type; "Armii Krajowej" (aleja) does not
        typed = name if slug(name).startswith(_type_slug(street_type)) else f"{street_type}-{name}"
        return self._iri("street", city or "unknown-city", typed)

    def place(self, kind: str, name: str) -> str:
        return self._iri("place", kind, name)

    def city(self, name: str) -> str:
        return self._iri("city", name)

    def district(self, name: str, city: str | None = None) -> str:
        # "Śródmieście" is a district of several cities: the city is part of its id
        return self._iri("district", city or "unknown-city", name)


@lru_cache(maxsize=256)  # street types are a small vocabulary ('ulica', 'aleja', …)
def _type_slug(street_type: str) -> str:
    return slug(street_type)
