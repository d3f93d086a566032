"""Records: the validated facts of one page, as pydantic models.

These models *are* the schema (``schemas/`` is generated from them).  Every value that was
read from the page keeps its evidence: the span(s) of the page's text it came from.  Ids
are IRIs minted by :mod:`pipeline.ids` from canonical names, so the same organization gets
the same id on every page.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from pipeline.normalize.dates import XSD_TYPES, Precision

_ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
#: An ISO date's precision by its length: 2011 / 2013-05 / 2012-06-05.
_PRECISION_BY_LENGTH = {4: Precision.YEAR, 7: Precision.MONTH, 10: Precision.DAY}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Model):
    """Where a value was read: its exact quote and span in the page's text."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    quote: str
    element: str | None = None  # XPath of the HTML element, for HTML pages
    source: Literal["page", "editor"] = "page"

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: int, info: ValidationInfo) -> int:
        # A check of the field, not of the model: pydantic runs a model validator again
        # wherever a validated Evidence is nested in another record, a field's only once.
        start = info.data.get("start")  # (absent when the start itself was invalid)
        if start is not None and end < start:
            raise ValueError("evidence end precedes start")
        return end


class Text(_Model):
    """A string value and where it was read."""

    value: Annotated[str, Field(min_length=1)]
    evidence: tuple[Evidence, ...] = ()

    @field_validator("value")
    @classmethod
    def _clean(cls, v: str) -> str:
        if v != v.strip() or "  " in v or "\u00a0" in v:
            raise ValueError(f"value has untidy white space: {v!r}")
        return v


class DateValue(_Model):
    """A date with the precision the page gives: 2011 / 2013-05 / 2012-06-05."""

    iso: str
    evidence: tuple[Evidence, ...] = ()

    @field_validator("iso")
    @classmethod
    def _iso(cls, v: str) -> str:
        if not _ISO_DATE.match(v):
            raise ValueError(f"not an ISO date of year, month or day precision: {v!r}")
        return v

    @property
    def precision(self) -> Precision:
        return _PRECISION_BY_LENGTH[len(self.iso)]

    @property
    def xsd_type(self) -> str:
        return XSD_TYPES[self.precision]


class Count(_Model):
    value: Annotated[int, Field(ge=0)]
    evidence: tuple[Evidence, ...] = ()


class OrgKind(StrEnum):
    """schema.org types for organizations."""

    ORGANIZATION = "schema:Organization"
    GOVERNMENT = "schema:GovernmentOrganization"
    NGO = "schema:NGO"
    SCHOOL = "schema:EducationalOrganization"
    LIBRARY = "schema:Library"


class Organization(_Model):
    id: str
    name: Text
    kind: OrgKind = OrgKind.ORGANIZATION
    alternate_names: tuple[Text, ...] = ()
    parent: str | None = None  # id of schema:parentOrganization
    succeeded_by: str | None = None  # id of lp:succeededBy
    certain: bool = True  # the nominative was established by morphology


class FounderRole(StrEnum):
    INITIATOR = "initiator"  # "z inicjatywy X", "jako inicjatywa X"
    PARTNER = "partner"  # "w porozumieniu z Y", "wspólnie z Y"
    FOUNDER = "founder"  # "założyły je X i Y", "Inicjatorami byli: …"


class OrgRef(_Model):
    """A link from a partnership to an organization, with the words it was read from."""

    id: str
    role: FounderRole | None = None
    evidence: tuple[Evidence, ...] = ()


class Renaming(_Model):
    id: str
    old_name: Text
    new_name: Text
    date: DateValue | None = None
    evidence: tuple[Evidence, ...] = ()


class StreetType(StrEnum):
    ULICA = "ulica"
    ALEJA = "aleja"
    PLAC = "plac"
    TRASA = "trasa"
    WYBRZEZE = "wybrzeże"
    RONDO = "rondo"
    SKWER = "skwer"
    BULWAR = "bulwar"
    OSIEDLE = "osiedle"
    DROGA = "droga"
    SZOSA = "szosa"
    MOST = "most"
    PARK = "park"
    OGROD = "ogród"
    WYSPA = "wyspa"
    RYNEK = "rynek"
    INNE = "inne"


class Street(_Model):
    id: str
    name: Text
    street_type: StreetType
    title: str | None = None
    alternate_names: tuple[Text, ...] = ()  # forms seen in the text: "Grunwaldzkiej"
    certain: bool = True
    teryt_sym_ul: str | None = None  # TERYT ULIC street code, when a ULIC file was given


class PlaceKind(StrEnum):
    NEIGHBOURHOOD = "lp:Neighbourhood"
    PARK = "schema:Park"
    LANDMARK = "schema:LandmarksOrHistoricalBuildings"
    PLACE = "schema:Place"


class Place(_Model):
    id: str
    name: Text
    kind: PlaceKind


class District(_Model):
    """A district (or a city): schema:AdministrativeArea with its TERYT TERC code."""

    id: str
    name: Text
    terc: str | None = None
    contained_in: str | None = None  # id of the city


class NodeRef(_Model):
    """A reference to a street or place node with the span it was read from."""

    id: str
    evidence: tuple[Evidence, ...] = ()


class Area(_Model):
    """The area a partnership serves."""

    id: str
    places: tuple[NodeRef, ...] = ()  # neighbourhoods and landmarks
    bounded_by: tuple[NodeRef, ...] = ()  # streets
    district: str | None = None


class Partnership(_Model):
    id: str
    name: Text
    alternate_names: tuple[Text, ...] = ()
    founding_date: DateValue | None = None
    founding_ordinal: Count | None = None
    founders: tuple[OrgRef, ...] = ()
    coordinator: OrgRef | None = None
    members: tuple[OrgRef, ...] = ()
    renamings: tuple[str, ...] = ()  # ids of Renaming nodes
    area: Area | None = None


class WebPage(_Model):
    id: str
    url: str | None = None
    retrieved: str | None = None
    name: str  # the file stem the page was read from


class Flag(_Model):
    """Something an editor should look at."""

    code: str
    message: str
    node: str | None = None
    evidence: tuple[Evidence, ...] = ()


class PageRecords(_Model):
    """Everything the pipeline knows about one page."""

    page: WebPage
    partnerships: tuple[Partnership, ...] = ()
    organizations: tuple[Organization, ...] = ()
    renamings: tuple[Renaming, ...] = ()
    streets: tuple[Street, ...] = ()
    places: tuple[Place, ...] = ()
    districts: tuple[District, ...] = ()
    stated_partnership_count: Count | None = None
    flags: tuple[Flag, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> PageRecords:
        known = {o.id for o in self.organizations}
        for p in self.partnerships:
            refs = [*p.founders, *p.members, *([p.coordinator] if p.coordinator else [])]
            for ref in refs:
                if ref.id not in known:
                    raise ValueError(f"{p.id} refers to an unknown organization {ref.id}")
        ids = [
            *(n.id for n in self.partnerships),
            *(n.id for n in self.organizations),
            *(n.id for n in self.streets),
        ]
        if len(ids) != len(set(ids)):
            raise ValueError("two nodes share one id")
        return self
