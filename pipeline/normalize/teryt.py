"""TERYT TERC: Polish administrative units by name -> their official codes.

The register (``resources/teryt/TERC_Adresowy_2024-07-22.csv``, GUS; see the README beside
it) is read once, lazily, on the first look-up.  Indexed are voivodeships, powiats, gminas
(RODZ 1 miejska, 2 wiejska, 3 miejsko-wiejska, 4 its town, 5 its rural area), Warsaw's
dzielnice (RODZ 8) and the delegatury of Kraków, Łódź, Poznań and Wrocław (RODZ 9, named
"Łódź-Bałuty": the district is the part after the city's name and hyphen, the city the
powiat-level city).

A unit's ``terc`` is WOJ+POW+GMI+RODZ, 7 digits (Żoliborz ``1465198``, Gdańsk
``2261011``).  Every city with powiat rights is the gmina miejska 01 of its powiat; the
address variant leaves that row out for the five cities divided into dzielnice or
delegatury, and their code is filled in as the full register has it: Warszawa ``1465011``,
Kraków ``1261011``, Łódź ``1061011``, Poznań ``3064011``, Wrocław ``0264011``.
"""

from __future__ import annotations

import csv
import io
import threading
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files

import regex

__all__ = ["TERC_FILE", "Unit", "lookup_city", "lookup_district", "units"]

TERC_FILE = "TERC_Adresowy_2024-07-22.csv"

_GMINA_KINDS = {
    "1": "gmina miejska",
    "2": "gmina wiejska",
    "3": "gmina miejsko-wiejska",
    "4": "miasto",
    "5": "obszar wiejski",
    "8": "dzielnica",
    "9": "delegatura",
}
#: Kinds a city can be, in order of preference when one name has several units.
_CITY_KINDS = ("miasto na prawach powiatu", "gmina miejska", "miasto")


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of the register: ``kind`` is TERC's own word (dzielnica, delegatura …)."""

    name: str  # "Żoliborz"; a delegatura's district part: "Bałuty"
    terc: str
    kind: str
    city: Unit | None = None  # for a dzielnica or delegatura: its city
    official_name: str = ""  # the register's NAZWA when it differs: "Łódź-Bałuty"


_HYPHEN = regex.compile(r"\s*[-‐‑–]\s*")
_SPACES = regex.compile(r"\s+")


def _key(name: str) -> str:
    """Case, white space and hyphen spacing folded: 'Praga - Północ' -> 'praga-północ'."""
    if name.isalpha():  # most names: one word, nothing to fold but case
        return name.casefold()
    return _SPACES.sub(" ", _HYPHEN.sub("-", name.strip())).casefold()


@dataclass(frozen=True, slots=True)
class _Index:
    all_units: tuple[Unit, ...]
    districts: dict[str, tuple[Unit, ...]]
    cities: dict[str, tuple[Unit, ...]]


def _read_rows() -> list[dict[str, str]]:
    """The register's rows (units, with a WOJ code), by column name."""
    raw = (files("pipeline") / "resources" / "teryt" / TERC_FILE).read_text(encoding="utf-8-sig")
    header, *rows = csv.reader(io.StringIO(raw), delimiter=";")
    return [dict(zip(header, row, strict=True)) for row in rows if row and row[0]]


def _build() -> _Index:
    rows = _read_rows()
    units: list[Unit] = []
    powiat_cities: dict[str, Unit] = {}  # WOJ+POW -> the city with powiat rights
    gminas: dict[tuple[str, str], Unit] = {}  # (WOJ+POW, name) -> gmina miejska
    for r in rows:
        woj, pow_, gmi, rodz = r["WOJ"], r["POW"], r["GMI"], r["RODZ"]
        name, extra = r["NAZWA"], r["NAZWA_DOD"]
        if not pow_:
            units.append(Unit(name, woj, "województwo"))
        elif not gmi:
            kind = "miasto na prawach powiatu" if extra.startswith("miasto") else "powiat"
            unit = Unit(name, woj + pow_, kind)
            units.append(unit)
            if kind != "powiat":
                powiat_cities[woj + pow_] = unit
        elif rodz in ("1",):
            unit = Unit(name, woj + pow_ + gmi + rodz, _GMINA_KINDS[rodz])
            gminas[(woj + pow_, name)] = unit
            units.append(unit)
    # A city with powiat rights is one gmina miejska, GMI 01 RODZ 1, and takes its code; the
    # address variant omits that row for the five cities it divides into dzielnice or
    # delegatury, whose code is still WOJ+POW+011 in the full register (Warszawa 1465011).
    cities: dict[str, Unit] = {}
    for code, city in powiat_cities.items():
        gmina = gminas.get((code, city.name))
        cities[code] = Unit(city.name, gmina.terc if gmina else code + "011", city.kind)
    for r in rows:
        woj, pow_, gmi, rodz, name = r["WOJ"], r["POW"], r["GMI"], r["RODZ"], r["NAZWA"]
        if not gmi or rodz == "1":
            continue
        terc, kind = woj + pow_ + gmi + rodz, _GMINA_KINDS.get(rodz, rodz)
        owner = cities.get(woj + pow_) if rodz in ("8", "9") else None
        if rodz == "9" and owner and name.startswith(owner.name + "-"):
            units.append(Unit(name[len(owner.name) + 1 :], terc, kind, owner, name))
        else:
            units.append(Unit(name, terc, kind, owner))
    units = [cities[u.terc] if u.kind == "miasto na prawach powiatu" else u for u in units]
    districts: dict[str, list[Unit]] = defaultdict(list)
    by_city_name: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        if u.kind in ("dzielnica", "delegatura"):
            districts[_key(u.name)].append(u)
            if u.official_name:
                districts[_key(u.official_name)].append(u)
        elif u.kind in _CITY_KINDS:
            by_city_name[_key(u.name)].append(u)
    return _Index(
        all_units=tuple(units),
        districts={k: tuple(v) for k, v in districts.items()},
        cities={
            k: tuple(sorted(v, key=lambda u: (_CITY_KINDS.index(u.kind), u.terc)))
            for k, v in by_city_name.items()
        },
    )


_index: _Index | None = None
_lock = threading.Lock()


def _get() -> _Index:
    global _index
    with _lock:
        if _index is None:
            _index = _build()
        return _index


def units() -> tuple[Unit, ...]:
    """Every indexed unit, in the register's order (cities with powiat rights by code)."""
    return _get().all_units


def lookup_city(name: str) -> Unit | None:
    """A city by name: the city with powiat rights, else the one gmina miejska, else the
    one town of a gmina miejsko-wiejska; ``None`` when unknown or ambiguous."""
    found = _get().cities.get(_key(name), ())
    if not found:
        return None
    best = [u for u in found if u.kind == found[0].kind]
    return best[0] if len(best) == 1 else None


def lookup_district(name: str, city: str | None = None) -> Unit | None:
    """A dzielnica or delegatura by name ("Żoliborz", "Bałuty", "Łódź-Bałuty",
    "Praga Północ"); with ``city``, only that city's.  ``None`` when unknown or when the
    name is a district of several cities and ``city`` does not say which ("Śródmieście")."""
    idx = _get()
    key = _key(name)
    found = idx.districts.get(key) or idx.districts.get(key.replace(" ", "-"), ())
    if city is not None:
        want = _key(city)
        found = tuple(u for u in found if u.city is not None and _key(u.city.name) == want)
    return found[0] if len(found) == 1 else None
