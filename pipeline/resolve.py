"""Resolve: normalized facts of one page -> entities with stable ids -> validated records.

One node per real partnership (two sections naming the same partnership merge) and, as
the facts arrive, one node per real organization across the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.ids import IdMinter
from pipeline.records import Evidence, PageRecords, Partnership, Text, WebPage


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnershipFacts:
    """What the extractors and normalizers found about one section's partnership."""

    name: str
    name_evidence: tuple[Evidence, ...]


def resolve(
    *,
    page_name: str,
    url: str | None,
    retrieved: str | None,
    partnerships: list[PartnershipFacts],
    minter: IdMinter,
) -> PageRecords:
    page = WebPage(id=minter.page(page_name, url), url=url, retrieved=retrieved, name=page_name)
    by_id: dict[str, Partnership] = {}
    for facts in partnerships:
        pid = minter.partnership(facts.name)
        if pid in by_id:  # the same partnership described twice: keep both groundings
            old = by_id[pid]
            evidence = old.name.evidence + facts.name_evidence
            by_id[pid] = old.model_copy(update={"name": Text(value=old.name.value, evidence=evidence)})
            continue
        by_id[pid] = Partnership(id=pid, name=Text(value=facts.name, evidence=facts.name_evidence))
    return PageRecords(page=page, partnerships=tuple(by_id[k] for k in sorted(by_id)))
