"""All extractors over one segmented page, their mentions normalized into facts.

This is the extract + normalize half of the flow for one page: every extractor reads the
sections (and the page's own statements), every mention is normalized to its canonical
value, and each value keeps the page spans it was read from.
"""

from __future__ import annotations

from pipeline.extract import area, organizations
from pipeline.extract.founding import founding_date, founding_ordinal, stated_partnership_count
from pipeline.extract.names import name_mentions
from pipeline.extract.organizations import OrgMention, OrgRole
from pipeline.extract.place import page_place
from pipeline.extract.renames import renames
from pipeline.normalize.facts import (
    AbbreviationFact,
    DistrictFact,
    OrgFact,
    PageFacts,
    PartnershipFacts,
    PlaceFact,
    RenameFact,
    Role,
    Span,
    StreetFact,
)
from pipeline.normalize.names import canonical_name, is_shouting, tidy
from pipeline.segment import Section, Segmentation


def _spans(*pairs: tuple[int | None, int | None]) -> tuple[Span, ...]:
    return tuple((s, e) for s, e in pairs if s is not None and e is not None and s < e)


def _renames(section: Section, segmentation: Segmentation) -> tuple[RenameFact, ...]:
    return tuple(
        RenameFact(
            old=tidy(r.old.text),
            new=tidy(r.new.text) if r.new else None,
            date=r.date.iso if r.date else None,
            spans=_spans((r.start, r.end)),
            old_spans=_spans((r.old.start, r.old.end)),
            new_spans=_spans((r.new.start, r.new.end)) if r.new else (),
            date_spans=_spans((r.date_start, r.date_end)),
        )
        for r in renames(section, segmentation)
    )


_ROLES = {
    OrgRole.INITIATOR: Role.INITIATOR,
    OrgRole.PARTNER: Role.PARTNER,
    OrgRole.FOUNDER: Role.FOUNDER,
}


def _org(m: OrgMention, text: str) -> OrgFact:
    successor = None
    if m.successor is not None:
        s, e = m.successor
        successor = OrgFact(surface=text[s:e], spans=((s, e),))
    return OrgFact(
        surface=m.surface,
        spans=((m.start, m.end),),
        case_hint=m.case_hint,
        role=_ROLES.get(m.role),
        successor=successor,
    )


def _streets(section: Section, segmentation: Segmentation) -> tuple[StreetFact, ...]:
    return tuple(
        StreetFact(
            name=m.street.name,
            street_type=m.street.street_type,
            title=m.street.title,
            surface=m.text,
            certain=m.street.certain,
            spans=((m.start, m.end),),
        )
        for m in area.bounding_streets(section, segmentation)
    )


def _places(section: Section, segmentation: Segmentation) -> tuple[PlaceFact, ...]:
    return tuple(
        PlaceFact(name=m.name, kind=m.kind, certain=m.certain, spans=((m.start, m.end),))
        for m in area.places(section, segmentation)
    )


def _partnership(section: Section, segmentation: Segmentation) -> PartnershipFacts:
    text = segmentation.document.text
    mentions = name_mentions(section, segmentation)
    best = mentions[-1] if mentions[-1].source == "body" else mentions[0]
    date = founding_date(section, segmentation)
    ordinal = founding_ordinal(section, segmentation)
    return PartnershipFacts(
        name=canonical_name(best.text, shouting=is_shouting(best.text)),
        name_spans=tuple((m.start, m.end) for m in mentions),
        founding_date=date.value.iso if date else None,
        founding_date_spans=_spans((date.start, date.end)) if date else (),
        ordinal=ordinal.value if ordinal else None,
        ordinal_spans=_spans((ordinal.start, ordinal.end)) if ordinal else (),
        renames=_renames(section, segmentation),
        founders=tuple(_org(m, text) for m in organizations.founders(section, segmentation)),
        coordinators=tuple(
            _org(m, text) for m in organizations.coordinators(section, segmentation)
        ),
        members=tuple(_org(m, text) for m in organizations.members(section, segmentation)),
        streets=_streets(section, segmentation),
        places=_places(section, segmentation),
    )


def _district(segmentation: Segmentation) -> DistrictFact | None:
    found = page_place(segmentation)
    if found is None:
        return None
    return DistrictFact(
        name=found.district,
        terc=found.district_unit.terc if found.district_unit else None,
        city=found.city,
        city_terc=found.city_unit.terc if found.city_unit else None,
        spans=found.district_spans,
        city_spans=found.city_spans,
    )


def page_facts(
    segmentation: Segmentation, *, page_name: str, url: str | None, retrieved: str | None
) -> PageFacts:
    count = stated_partnership_count(segmentation)
    text = segmentation.document.text
    abbreviations = tuple(
        AbbreviationFact(
            short=a.short,
            long_surface=text[a.long_start : a.long_end],
            spans=((a.short_start, a.short_end), (a.long_start, a.long_end)),
        )
        for a in organizations.abbreviation_definitions(segmentation)
    )
    return PageFacts(
        page_name=page_name,
        url=url,
        retrieved=retrieved,
        partnerships=tuple(_partnership(s, segmentation) for s in segmentation.sections),
        coordinators=tuple(_org(m, text) for m in organizations.page_coordinators(segmentation)),
        abbreviations=abbreviations,
        stated_count=count.value if count else None,
        stated_count_spans=_spans((count.start, count.end)) if count else (),
        district=_district(segmentation),
    )
