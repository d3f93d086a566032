"""Stable node identifiers: IRIs under a configurable base, derived from canonical names.

The same canonical name gives the same IRI on every page and every run, so the portal can
join organizations across pages and ``git diff output/`` never moves because of an id.
"""

from __future__ import annotations

import unicodedata

import regex

from pipeline.caches import page_cache

#: Where our node IRIs live unless the user says otherwise (``--base-iri``).
DEFAULT_BASE_IRI = "https://w3id.org/partnerstwa-lokalne/id/"
#: The project's vocabulary (``lp:``); documented in schemas/.
LP_NAMESPACE = "https://w3id.org/partnerstwa-lokalne/vocab#"

# Letters NFKD does not take apart.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D"})
_NON_ALNUM = regex.compile(r"[^a-z0-9]+")


class _Folding(dict):
    """A ``str.translate`` table: each character without its diacritics, built as met.

    Folding one character at a time gives what folding the whole text gives: NFKD
    decomposes character by character and only reorders the combining marks, which are
    dropped.  Bounded: a page of a hundred thousand different characters stops adding.
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code).translate(_FOLD))
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if len(self) < 65_536:
            self[code] = folded
        return folded


_FOLDING = _Folding()


@page_cache(4096)  # a page's names are slugged for every id they are part of; bounded
def slug(text: str) -> str:
    """'Ośrodek Pomocy Społecznej' -> 'osrodek-pomocy-spolecznej'."""
    return _NON_ALNUM.sub("-", text.translate(_FOLDING).lower()).strip("-") or "x"


class IdMinter:
    """Mints node IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE_IRI) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def _iri(self, *parts: str) -> str:
        return self.base + "/".join(slug(p) for p in parts)

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
        typed = name if slug(name).startswith(slug(street_type)) else f"{street_type}-{name}"
        return self._iri("street", city or "unknown-city", typed)

    def place(self, kind: str, name: str) -> str:
        return self._iri("place", kind, name)

    def city(self, name: str) -> str:
        return self._iri("city", name)

    def district(self, name: str, city: str | None = None) -> str:
        # "Śródmieście" is a district of several cities: the city is part of its id
        return self._iri("district", city or "unknown-city", name)
