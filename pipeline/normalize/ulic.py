"""TERYT ULIC: a user-supplied street register -> official street codes (SYM_UL).

GUS publishes ULIC as a ';'-separated CSV (UTF-8, with or without a BOM) whose header is
``WOJ;POW;GMI;RODZ_GMI;SYM;SYM_UL;CECHA;NAZWA_1;NAZWA_2;STAN_NA``.  ``CECHA`` is the
street's kind ("ul.", "al.", "pl.", "rondo", "skwer", "wyb." …), ``NAZWA_1`` the main part
of its name ("Słowackiego", "Armii Krajowej"), ``NAZWA_2`` first names and titles written
before it ("Juliusza", "gen. Józefa").  The official full name is CECHA + NAZWA_2 +
NAZWA_1: "ul. gen. Władysława Andersa".

The register is not shipped (it is large and changes monthly): the user passes a file.  A
street matches when its canonical short name is ``NAZWA_1`` (or NAZWA_2 + NAZWA_1: "Marii
Skłodowskiej-Curie") and its kind is ``CECHA``'s, inside the city's TERC code prefix; a
street that runs through several Warsaw dzielnice is one SYM_UL listed under each.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.normalize.streets import KIND_IN_NAME, STREET_TYPES

__all__ = ["UlicError", "UlicIndex", "UlicStreet", "city_prefix", "load_ulic"]

HEADER = (
    "WOJ",
    "POW",
    "GMI",
    "RODZ_GMI",
    "SYM",
    "SYM_UL",
    "CECHA",
    "NAZWA_1",
    "NAZWA_2",
    "STAN_NA",
)
_CODE = regex.compile(r"^\d{2}$")


class UlicError(ValueError):
    """The ULIC file cannot be read; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class UlicStreet:
    sym_ul: str  # "20437"
    full_name: str  # "ul. Juliusza Słowackiego"
    terc: str  # WOJ+POW+GMI+RODZ_GMI of the row: "1465198"
    street_type: str  # our kind: "ulica"


_HYPHEN = regex.compile(r"\s*-\s*")
_SPACES = regex.compile(r"\s+")


def _key(name: str) -> str:
    return _SPACES.sub(" ", _HYPHEN.sub("-", name.strip())).casefold()


def _kind(cecha: str) -> str:
    return STREET_TYPES.get(cecha.strip(), STREET_TYPES.get(cecha.strip().lower(), "inne"))


class UlicIndex:
    """Streets by (kind, folded name); ask with :meth:`match`."""

    def __init__(self, streets: list[UlicStreet], names: list[tuple[str, ...]]) -> None:
        self._by_name: dict[str, list[UlicStreet]] = defaultdict(list)
        for street, keys in zip(streets, names, strict=True):
            for key in keys:
                self._by_name[key].append(street)

    def __len__(self) -> int:
        return len({s.sym_ul for group in self._by_name.values() for s in group})

    def match(self, city_terc_prefix: str, street_type: str, name: str) -> UlicStreet | None:
        """The one street of this kind and name in the city (WOJ+POW, WOJ+POW+GMI or the
        7-digit TERC); ``None`` when none or several different streets match.

        The name is our canonical short name; a kind whose noun is part of it ("plac
        Wilsona", "Wybrzeże Helskie") is compared without the noun.  Kinds ULIC has no
        CECHA for (trasa, rynek) match a street of any kind whose NAZWA_1 is the whole name.
        """
        if street_type in _CECHA_KINDS:
            noun = KIND_IN_NAME.get(street_type)
            short = name
            if noun and _key(name).startswith(_key(noun) + " "):
                short = name[len(noun) :].strip()
            hits = [s for s in self._by_name.get(_key(short), ()) if s.street_type == street_type]
        else:
            hits = list(self._by_name.get(_key(name), ()))
        hits = [s for s in hits if s.terc.startswith(city_terc_prefix)]
        found = {s.sym_ul: s for s in sorted(hits, key=lambda s: s.terc)}
        return next(iter(found.values())) if len(found) == 1 else None


#: Our kinds that ULIC has a CECHA for ("ul.", "al.", "pl.", "skwer", "rondo", "wyb.",
#: "bulw.", "os.", "park", "ogród", "szosa", "droga", "most", "wyspa").
_CECHA_KINDS = frozenset(
    _kind(c)
    for c in "ul. al. pl. skwer rondo wyb. bulw. os. park ogród szosa droga most wyspa".split()
)


def city_prefix(city_terc: str) -> str:
    """The TERC prefix of a city's streets: a city with powiat rights (POW 61 and above)
    is its whole powiat, WOJ+POW, dzielnice and delegatury included ('1465011' -> '1465');
    any other city its gmina, WOJ+POW+GMI ('1421021' -> '142102')."""
    return city_terc[:4] if city_terc[2:4] >= "61" else city_terc[:6]


def load_ulic(path: str | Path) -> UlicIndex:
    """Read a ULIC CSV.  Raises :class:`UlicError` ('FILE:LINE: reason') on a broken file."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise UlicError(f"{path}: cannot read: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        raise UlicError(f"{path}:{line}: not UTF-8 text") from err
    rows = csv.reader(text.splitlines(), delimiter=";")
    header = next(rows, None)
    if header is None or tuple(h.strip() for h in header) != HEADER:
        raise UlicError(f"{path}:1: not a ULIC file: the header must be {';'.join(HEADER)}")
    streets: list[UlicStreet] = []
    names: list[tuple[str, ...]] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise UlicError(f"{path}:{number}: {len(row)} fields, expected {len(HEADER)}")
        rec = dict(zip(HEADER, (cell.strip() for cell in row), strict=True))
        if not all(_CODE.match(rec[k]) for k in ("WOJ", "POW", "GMI")) or not rec["NAZWA_1"]:
            raise UlicError(f"{path}:{number}: a code or NAZWA_1 is missing or malformed")
        if not regex.fullmatch(r"\d{5}", rec["SYM_UL"]) or not regex.fullmatch(
            r"\d", rec["RODZ_GMI"]
        ):
            raise UlicError(f"{path}:{number}: SYM_UL must be 5 digits and RODZ_GMI one")
        full = " ".join(p for p in (rec["CECHA"], rec["NAZWA_2"], rec["NAZWA_1"]) if p)
        terc = rec["WOJ"] + rec["POW"] + rec["GMI"] + rec["RODZ_GMI"]
        streets.append(UlicStreet(rec["SYM_UL"], full, terc, _kind(rec["CECHA"])))
        keys = [_key(rec["NAZWA_1"])]
        if rec["NAZWA_2"]:
            keys.append(_key(f"{rec['NAZWA_2']} {rec['NAZWA_1']}"))
        names.append(tuple(keys))
    return UlicIndex(streets, names)
