"""Facts: canonical values of one page, each with the page spans it was read from.

This is what extraction + normalization hand to the resolver.  Spans are page offsets
``(start, end)`` into the page's text; the resolver turns them into evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Span = tuple[int, int]


class Role(StrEnum):
    """How an organization took part in founding a partnership."""

    INITIATOR = "initiator"  # "z inicjatywy X", "jako inicjatywa X"
    PARTNER = "partner"  # "w porozumieniu z Y", "do porozumienia przystąpiły Y"
    FOUNDER = "founder"  # "założyły je X i Y", "Inicjatorami byli: …"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrgFact:
    surface: str  # as written
    spans: tuple[Span, ...]
    case_hint: str | None = None
    role: Role | None = None
    successor: OrgFact | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AbbreviationFact:
    short: str
    long_surface: str
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class RenameFact:
    old: str
    new: str | None  # None: the partnership's current name
    date: str | None  # ISO, with the page's precision
    spans: tuple[Span, ...]  # the statement it was read from
    old_spans: tuple[Span, ...] = ()
    new_spans: tuple[Span, ...] = ()
    date_spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class StreetFact:
    name: str
    street_type: str
    title: str | None
    surface: str
    certain: bool
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceFact:
    name: str
    kind: str  # neighbourhood | park | landmark
    certain: bool
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DistrictFact:
    """The district and city the page is about, with their TERYT TERC codes when known.

    ``name`` is None when the page names a city but no district; ``city_spans`` is empty
    when the city is implied by the district or read from the page's postal address.
    """

    name: str | None
    terc: str | None
    city: str | None
    city_terc: str | None
    spans: tuple[Span, ...]  # the district's mentions
    city_spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnershipFacts:
    """What was found about one section's partnership."""

    name: str
    name_spans: tuple[Span, ...]
    founding_date: str | None = None
    founding_date_spans: tuple[Span, ...] = ()
    ordinal: int | None = None
    ordinal_spans: tuple[Span, ...] = ()
    founders: tuple[OrgFact, ...] = ()
    coordinators: tuple[OrgFact, ...] = ()
    members: tuple[OrgFact, ...] = ()
    renames: tuple[RenameFact, ...] = ()
    streets: tuple[StreetFact, ...] = ()
    places: tuple[PlaceFact, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PageFacts:
    page_name: str
    url: str | None
    retrieved: str | None
    partnerships: tuple[PartnershipFacts, ...] = ()
    coordinators: tuple[OrgFact, ...] = ()  # the page's own statements: govern every section
    abbreviations: tuple[AbbreviationFact, ...] = ()
    stated_count: int | None = None
    stated_count_spans: tuple[Span, ...] = ()
    district: DistrictFact | None = None
