"""The JSON-LD document we emit, as pydantic models: one model per node kind.

These models describe *exactly* what :mod:`pipeline.emit` writes (CONTRACT.md, "Output"):
field aliases are the JSON-LD keys (``@id``, ``schema:name`` …), unknown keys are
forbidden, and every ``@type`` is a ``Literal`` so the generated JSON Schema
(``schemas/v1/records.schema.json``, written by :mod:`pipeline.schemas`) says which types
each node may carry.  An optional property is left out of the document, never ``null``.

Aliases are given as ``validation_alias`` + ``serialization_alias`` (not ``alias``) so that
code and type checkers build nodes by field name: ``Ref(id=iri)``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from pipeline.ids import LP_NAMESPACE

#: The inline ``@context`` of every document.
CONTEXT: dict[str, Any] = {
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "lp": LP_NAMESPACE,
    "@language": "pl",
}

PARTNERSHIP_TYPES = [
    "lp:LocalPartnership",
    "org:OrganizationalCollaboration",
    "schema:Organization",
]

#: xsd datatype of a date by its precision, and the lexical form it requires.
DATE_PATTERNS = {
    "xsd:gYear": r"^\d{4}$",
    "xsd:gYearMonth": r"^\d{4}-(0[1-9]|1[0-2])$",
    "xsd:date": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
}
_ANY_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_DATE_REGEXES = {xsd: re.compile(pattern) for xsd, pattern in DATE_PATTERNS.items()}

NonEmptyStr = Annotated[str, Field(min_length=1)]
OrganizationType = Literal[
    "schema:Organization",
    "schema:GovernmentOrganization",
    "schema:NGO",
    "schema:EducationalOrganization",
    "schema:Library",
]
PlaceType = Literal[
    "lp:Neighbourhood",
    "schema:Park",
    "schema:LandmarksOrHistoricalBuildings",
    "schema:Place",
]
StreetType = Literal[
    "ulica",
    "aleja",
    "plac",
    "trasa",
    "wybrzeże",
    "rondo",
    "skwer",
    "bulwar",
    "osiedle",
    "droga",
    "szosa",
    "most",
    "park",
    "ogród",
    "wyspa",
    "rynek",
    "inne",
]


class _Model(BaseModel):
    # defer_build: a model's validator is built when it is first used, not at import.  Only
    # the whole document is validated on every page (a node alone only to explain an
    # error), so the node models' own validators need not be built at start-up.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


class Ref(_Model):
    """A link to a node (or to a web address): ``{"@id": IRI}``."""

    id: NonEmptyStr = Field(validation_alias="@id", serialization_alias="@id")


Refs = Annotated[list[Ref], Field(min_length=1)]
Names = Annotated[list[NonEmptyStr], Field(min_length=1)]


class TypedLiteral(_Model):
    """A date whose datatype is its precision: 2011 / 2013-05 / 2012-06-05."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"@type": {"const": xsd}}},
                    "then": {"properties": {"@value": {"pattern": pattern}}},
                }
                for xsd, pattern in DATE_PATTERNS.items()
            ]
        }
    )

    value: str = Field(validation_alias="@value", serialization_alias="@value", pattern=_ANY_DATE)
    type: Literal["xsd:gYear", "xsd:gYearMonth", "xsd:date"] = Field(
        validation_alias="@type", serialization_alias="@type"
    )

    @model_validator(mode="after")
    def _precision_matches_datatype(self) -> TypedLiteral:
        if not _DATE_REGEXES[self.type].match(self.value):
            raise ValueError(f"{self.value!r} is not a lexical form of {self.type}")
        return self


class DayLiteral(TypedLiteral):
    """A date of day precision (a page's retrieval date)."""

    type: Literal["xsd:date"] = Field(validation_alias="@type", serialization_alias="@type")


class Context(_Model):
    """The inline ``@context``: prefixes and the default language of plain literals."""

    schema_org: Literal["https://schema.org/"] = Field(
        validation_alias="schema", serialization_alias="schema"
    )
    org: Literal["http://www.w3.org/ns/org#"]
    prov: Literal["http://www.w3.org/ns/prov#"]
    dct: Literal["http://purl.org/dc/terms/"]
    xsd: Literal["http://www.w3.org/2001/XMLSchema#"]
    lp: Literal["https://w3id.org/partnerstwa-lokalne/vocab#"]
    language: Literal["pl"] = Field(validation_alias="@language", serialization_alias="@language")


class _Node(_Model):
    """A node of the graph: the only models with optional properties (their fields are
    ``X | None``, None meaning "absent").  Every other model's fields are required and not
    nullable, so pydantic itself rejects a null there."""

    id: NonEmptyStr = Field(validation_alias="@id", serialization_alias="@id")

    @model_validator(mode="before")
    @classmethod
    def _no_null(cls, data: Any) -> Any:
        """A document leaves an absent property out; ``null`` under a JSON-LD key is an
        error (code building a node by field name may still pass None for "absent")."""
        if isinstance(data, dict) and None in data.values():
            nulls = [k for k, v in data.items() if v is None and k not in cls.__pydantic_fields__]
            if nulls:
                raise ValueError(f"null is not a value: leave {', '.join(nulls)} out")
        return data


class PartnershipNode(_Node):
    """A local partnership."""

    type: tuple[
        Literal["lp:LocalPartnership"],
        Literal["org:OrganizationalCollaboration"],
        Literal["schema:Organization"],
    ] = Field(validation_alias="@type", serialization_alias="@type")
    name: NonEmptyStr = Field(
        validation_alias="schema:name",
        serialization_alias="schema:name",
        description="The current name, nominative, without quote marks.",
    )
    alternate_name: Names | None = Field(
        default=None,
        validation_alias="schema:alternateName",
        serialization_alias="schema:alternateName",
        description="Every other name it has had or goes by.",
    )
    founding_date: TypedLiteral | None = Field(
        default=None,
        validation_alias="schema:foundingDate",
        serialization_alias="schema:foundingDate",
    )
    founding_ordinal: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        validation_alias="lp:foundingOrdinal",
        serialization_alias="lp:foundingOrdinal",
        description="The order it was founded in, when the page states it.",
    )
    founder: Refs | None = Field(
        default=None, validation_alias="schema:founder", serialization_alias="schema:founder"
    )
    initiator: Refs | None = Field(
        default=None,
        validation_alias="lp:initiator",
        serialization_alias="lp:initiator",
        description="The founders that took the initiative.",
    )
    coordinator: Ref | None = Field(
        default=None, validation_alias="lp:coordinator", serialization_alias="lp:coordinator"
    )
    member: Refs | None = Field(
        default=None, validation_alias="schema:member", serialization_alias="schema:member"
    )
    changed_by: Refs | None = Field(
        default=None,
        validation_alias="org:changedBy",
        serialization_alias="org:changedBy",
        description="Its renamings (lp:Renaming nodes).",
    )
    area_served: Ref | None = Field(
        default=None, validation_alias="schema:areaServed", serialization_alias="schema:areaServed"
    )
    was_derived_from: Ref = Field(
        validation_alias="prov:wasDerivedFrom", serialization_alias="prov:wasDerivedFrom"
    )


class AreaNode(_Node):
    """The area a partnership serves."""

    type: Literal["schema:Place"] = Field(validation_alias="@type", serialization_alias="@type")
    contains_place: Refs | None = Field(
        default=None,
        validation_alias="schema:containsPlace",
        serialization_alias="schema:containsPlace",
        description="Neighbourhoods and landmarks.",
    )
    bounded_by: Refs | None = Field(
        default=None,
        validation_alias="lp:boundedBy",
        serialization_alias="lp:boundedBy",
        description="Bounding streets.",
    )
    contained_in_place: Ref | None = Field(
        default=None,
        validation_alias="schema:containedInPlace",
        serialization_alias="schema:containedInPlace",
        description="The district.",
    )


class OrganizationNode(_Node):
    """An organization: one node per real-world organization."""

    type: OrganizationType = Field(validation_alias="@type", serialization_alias="@type")
    name: NonEmptyStr = Field(validation_alias="schema:name", serialization_alias="schema:name")
    alternate_name: Names | None = Field(
        default=None,
        validation_alias="schema:alternateName",
        serialization_alias="schema:alternateName",
        description="Abbreviations and other forms.",
    )
    parent_organization: Ref | None = Field(
        default=None,
        validation_alias="schema:parentOrganization",
        serialization_alias="schema:parentOrganization",
    )
    succeeded_by: Ref | None = Field(
        default=None, validation_alias="lp:succeededBy", serialization_alias="lp:succeededBy"
    )
    was_derived_from: Ref = Field(
        validation_alias="prov:wasDerivedFrom", serialization_alias="prov:wasDerivedFrom"
    )


class RenamingNode(_Node):
    """A rename of a partnership."""

    type: Literal["lp:Renaming"] = Field(validation_alias="@type", serialization_alias="@type")
    old_name: NonEmptyStr = Field(validation_alias="lp:oldName", serialization_alias="lp:oldName")
    new_name: NonEmptyStr = Field(validation_alias="lp:newName", serialization_alias="lp:newName")
    date: TypedLiteral | None = Field(
        default=None, validation_alias="dct:date", serialization_alias="dct:date"
    )


class StreetNode(_Node):
    """A street: its canonical short name, its kind, an honorific, the forms seen."""

    type: Literal["lp:Street"] = Field(validation_alias="@type", serialization_alias="@type")
    name: NonEmptyStr = Field(validation_alias="schema:name", serialization_alias="schema:name")
    street_type: StreetType = Field(
        validation_alias="lp:streetType", serialization_alias="lp:streetType"
    )
    title: NonEmptyStr | None = Field(
        default=None, validation_alias="lp:title", serialization_alias="lp:title"
    )
    alternate_name: Names | None = Field(
        default=None,
        validation_alias="schema:alternateName",
        serialization_alias="schema:alternateName",
        description="The forms seen in the text.",
    )
    teryt_sym_ul: Annotated[str, Field(pattern=r"^\d{5}$")] | None = Field(
        default=None,
        validation_alias="lp:terytSymUl",
        serialization_alias="lp:terytSymUl",
        description="The street's SYM_UL code in TERYT ULIC.",
    )


class PlaceNode(_Node):
    """A neighbourhood or a landmark."""

    type: PlaceType = Field(validation_alias="@type", serialization_alias="@type")
    name: NonEmptyStr = Field(validation_alias="schema:name", serialization_alias="schema:name")


class AdministrativeAreaNode(_Node):
    """A district or a city."""

    type: Literal["schema:AdministrativeArea"] = Field(
        validation_alias="@type", serialization_alias="@type"
    )
    name: NonEmptyStr = Field(validation_alias="schema:name", serialization_alias="schema:name")
    teryt_terc: Annotated[str, Field(pattern=r"^\d{2}(\d{2}(\d{3})?)?$")] | None = Field(
        default=None,
        validation_alias="lp:terytTerc",
        serialization_alias="lp:terytTerc",
        description="The TERYT TERC code, when the area is known to TERYT.",
    )
    contained_in_place: Ref | None = Field(
        default=None,
        validation_alias="schema:containedInPlace",
        serialization_alias="schema:containedInPlace",
        description="The city a district lies in.",
    )


class WebPageNode(_Node):
    """The page the facts were read from."""

    type: Literal["schema:WebPage"] = Field(validation_alias="@type", serialization_alias="@type")
    url: Ref | None = Field(
        default=None, validation_alias="schema:url", serialization_alias="schema:url"
    )
    date: DayLiteral | None = Field(
        default=None,
        validation_alias="dct:date",
        serialization_alias="dct:date",
        description="When the page was retrieved.",
    )


_KIND_BY_TYPE = {
    "lp:Renaming": "renaming",
    "lp:Street": "street",
    "schema:AdministrativeArea": "administrative-area",
    "schema:WebPage": "page",
    **{t: "organization" for t in get_args(OrganizationType)},
    **{t: "place" for t in get_args(PlaceType)},
}


def node_kind(node: Any) -> str | None:
    """Which node model a graph node (a dict or a model) is, from its ``@type``.

    ``schema:Place`` is both the area a partnership serves (no name) and a plain place
    (named); every other type names one kind.
    """
    is_data = isinstance(node, dict)
    types = node.get("@type") if is_data else getattr(node, "type", None)
    if isinstance(types, str):
        if types == "schema:Place":
            name = node.get("schema:name") if is_data else getattr(node, "name", None)
            if name is None:
                return "area"
        return _KIND_BY_TYPE.get(types)
    return "partnership" if isinstance(types, (list, tuple)) else None


GraphNode = Annotated[
    Annotated[PartnershipNode, Tag("partnership")]
    | Annotated[AreaNode, Tag("area")]
    | Annotated[OrganizationNode, Tag("organization")]
    | Annotated[RenamingNode, Tag("renaming")]
    | Annotated[StreetNode, Tag("street")]
    | Annotated[PlaceNode, Tag("place")]
    | Annotated[AdministrativeAreaNode, Tag("administrative-area")]
    | Annotated[WebPageNode, Tag("page")],
    Discriminator(node_kind),
]


class JsonLdDocument(_Model):
    """One page's document: the inline context and the graph, sorted by ``@id``."""

    context: Context = Field(validation_alias="@context", serialization_alias="@context")
    graph: Annotated[list[GraphNode], Field(min_length=1)] = Field(
        validation_alias="@graph", serialization_alias="@graph"
    )

    def to_json_data(self) -> dict[str, Any]:
        """The document as JSON data: aliases as keys, optional properties left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class DocumentSchemaGenerator(GenerateJsonSchema):
    """JSON Schema of what is written: no ``null`` (absent properties are left out), no
    per-property titles (they would only repeat the JSON-LD key)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if json_schema.get("default", ...) is None:
            del json_schema["default"]
        return json_schema


def document_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`JsonLdDocument` (validation of what emit writes)."""
    return JsonLdDocument.model_json_schema(by_alias=True, schema_generator=DocumentSchemaGenerator)
