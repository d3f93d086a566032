"""All extractors over one segmented page, their mentions normalized into facts.

This is the extract + normalize half of the flow for one page: every extractor reads the
sections (and the page's own statements), every mention is normalized to its canonical
value, and each value keeps the page spans it was read from.
"""

from __future__ import annotations

from pipeline.extract.founding import founding_date, founding_ordinal, stated_partnership_count
from pipeline.extract.names import name_mentions
from pipeline.extract.renames import renames
from pipeline.normalize.facts import PageFacts, PartnershipFacts, RenameFact, Span
from pipeline.normalize.names import canonical_name, tidy
from pipeline.segment import Section, Segmentation


def _shouting(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _spans(*pairs: tuple[int | None, int | None]) -> tuple[Span, ...]:
    return tuple((s, e) for s, e in pairs if s is not None and e is not None and s < e)


def _renames(section: Section, segmentation: Segmentation) -> tuple[RenameFact, ...]:
    return tuple(
        RenameFact(
            old=tidy(r.old.text),
            new=tidy(r.new.text) if r.new else None,
            date=r.date.iso if r.date else None,
            spans=_spans(
                (r.old.start, r.old.end),
                (r.new.start, r.new.end) if r.new else (None, None),
                (r.date_start, r.date_end),
            ),
        )
        for r in renames(section, segmentation)
    )


def _partnership(section: Section, segmentation: Segmentation) -> PartnershipFacts:
    mentions = name_mentions(section, segmentation)
    best = mentions[-1] if mentions[-1].source == "body" else mentions[0]
    date = founding_date(section, segmentation)
    ordinal = founding_ordinal(section, segmentation)
    return PartnershipFacts(
        name=canonical_name(best.text, shouting=_shouting(best.text)),
        name_spans=tuple((m.start, m.end) for m in mentions),
        founding_date=date.value.iso if date else None,
        founding_date_spans=_spans((date.start, date.end)) if date else (),
        ordinal=ordinal.value if ordinal else None,
        ordinal_spans=_spans((ordinal.start, ordinal.end)) if ordinal else (),
        renames=_renames(section, segmentation),
    )


def page_facts(
    segmentation: Segmentation, *, page_name: str, url: str | None, retrieved: str | None
) -> PageFacts:
    count = stated_partnership_count(segmentation)
    return PageFacts(
        page_name=page_name,
        url=url,
        retrieved=retrieved,
        partnerships=tuple(_partnership(s, segmentation) for s in segmentation.sections),
        stated_count=count.value if count else None,
        stated_count_spans=_spans((count.start, count.end)) if count else (),
    )
