"""Resolve: normalized facts of one page -> entities with stable ids -> validated records.

- one node per real partnership (two sections naming the same partnership merge);
- one node per real organization across the page: an abbreviation defined on the page
  ("(dalej: OPS)", "Centrum … (BCIL)") or a common one (``ZGN``, ``SP nr 84``) joins the
  organization it stands for; a short form ("Ośrodek Pomocy Społecznej") joins the one
  longer name on the page it begins ("… Dzielnicy Wola"); the longest full name is
  the canonical one, the others become alternate names;
- ids come from canonical names (:mod:`pipeline.ids`), so the same organization has the
  same IRI on every page;
- a branch gets its parent ("Wypożyczalnia nr 5 Biblioteki Publicznej …" ->
  "Biblioteka Publiczna …"), an organization its successor ("(obecnie SP nr 12)");
- the records are built as plain data (dicts, tuples) and validated once, as one
  :class:`~pipeline.records.PageRecords`, at the end: one pass of pydantic over the page
  instead of a model construction (and its nested models' checks) per record.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import regex

from pipeline.caches import page_cache
from pipeline.clean import Document
from pipeline.ids import IdMinter
from pipeline.normalize.facts import (
    AbbreviationFact,
    DistrictFact,
    OrgFact,
    PageFacts,
    Span,
    StreetFact,
)
from pipeline.normalize.names import tidy
from pipeline.normalize.orgs import expand_abbreviation, to_nominative
from pipeline.normalize.ulic import UlicIndex, UlicStreet, city_prefix
from pipeline.records import OrgKind, PageRecords, PlaceKind

# --------------------------------------------------------------------------------------
# Organizations
# --------------------------------------------------------------------------------------

_ACRONYM_HEAD = regex.compile(r"^(?P<short>\p{Lu}{2,6})(?:-\p{Ll}{1,3})?\b(?P<rest>.*)$")
_BRANCH_HEADS = frozenset({"wypożyczalnia", "filia", "oddział", "czytelnia", "punkt", "sekcja"})
_BRANCH = regex.compile(r"^(?P<branch>\S+(?:\s+nr\s+\S+)?)\s+(?P<parent>\p{Lu}.+)$")


@cache
def _org_kinds() -> dict[str, OrgKind]:
    text = resources.files("pipeline.resources").joinpath("org_kinds.txt").read_text("utf-8")
    kinds = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            lemma, kind = line.split("\t")
            kinds[lemma] = OrgKind(kind)
    return kinds


_WORD = regex.compile(r"\w+")


@page_cache(4096)  # a page's names are compared again in every merge pass; bounded
def _words(name: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(name.lower()))


@dataclass(slots=True, eq=False)  # an organization is itself: compared by identity
class _Org:
    """An organization being resolved: every name it was seen under."""

    seq: int  # its place in the order organizations were met (the registry's list order)
    names: list[str] = field(default_factory=list)  # nominative full names (see add_name)
    shorts: list[str] = field(default_factory=list)  # abbreviations
    spans: list[Span] = field(default_factory=list)  # where it was read, in every name
    by_name: dict[str, list[Span]] = field(default_factory=dict)  # the spans of each name
    head: str | None = None
    certain: bool = True
    successor: _Org | None = None
    parent: _Org | None = None
    longest: str | None = None  # the longest name (of equal lengths, the last in sort order)
    words: tuple[str, ...] = ()  # the longest name's words, lower case

    def add_name(self, name: str) -> bool:
        """Add a name; False when the organization had it already."""
        if name in self.names:
            return False
        self.names.append(name)
        if self.longest is None or (len(name), name) > (len(self.longest), self.longest):
            self.longest = name
            self.words = _words(name)
        return True

    @property
    def canonical(self) -> str:
        return self.longest if self.longest is not None else self.shorts[0]


def _first(orgs: Iterable[_Org]) -> _Org:
    """The one of these organizations met first."""
    return min(orgs, key=lambda o: o.seq)


class _MergeIndex:
    """The organizations with a name, in the order of their longest name's words.

    A name joins another only when its words begin the other's.  In that order the names
    beginning with a name's words follow it, so an organization finds the ones it may join
    by bisection instead of being compared with every organization of the page.
    """

    def __init__(self, orgs: Iterable[_Org]) -> None:
        # (words, seq, org): seq tells equal words apart, so orgs themselves are never compared
        self._entries = sorted((o.words, o.seq, o) for o in orgs if o.names)
        self._filed = {o: o.words for _, _, o in self._entries}  # the words each is filed by

    def file(self, org: _Org) -> None:
        """File (again) an organization after names were added to it."""
        if org.names and self._filed.get(org) != org.words:
            self.remove(org)
            self._filed[org] = org.words
            bisect.insort(self._entries, (org.words, org.seq, org))

    def remove(self, org: _Org) -> None:
        words = self._filed.pop(org, None)
        if words is not None:
            del self._entries[bisect.bisect_left(self._entries, (words, org.seq))]

    def beginning_with(self, words: tuple[str, ...]) -> Iterator[_Org]:
        """The organizations whose words begin with these: the same words first (in the
        order they were met), then longer ones."""
        entries, n = self._entries, len(words)
        i = bisect.bisect_left(entries, (words,))
        while i < len(entries) and entries[i][0][:n] == words:
            yield entries[i][2]
            i += 1


class _OrgRegistry:
    def __init__(self, abbreviations: Iterable[AbbreviationFact]) -> None:
        self.orgs: list[_Org] = []
        # an absorbed org -> the one it joined; keyed by the org itself (compared by identity),
        # which keeps it alive: the id() of a dead one may be a new org's
        self._replaced: dict[_Org, _Org] = {}
        # a name or abbreviation -> the organizations given it (absorbed ones too: see _by_name)
        self._holders: dict[str, list[_Org]] = {}
        self.defined: dict[str, str] = {}  # short -> nominative long name (page's own)
        for a in abbreviations:
            self.defined[a.short] = to_nominative(a.long_surface).name
            org = self._by_name(self.defined[a.short]) or self._new()
            self._add_name(org, self.defined[a.short])
            self._add_short(org, a.short)
            spans = a.spans
            org.spans.extend(spans)
            if len(spans) == 2:  # (the abbreviation, the name it stands for)
                org.by_name.setdefault(a.short, []).append(spans[0])
                org.by_name.setdefault(self.defined[a.short], []).append(spans[1])

    def _new(self) -> _Org:
        org = _Org(seq=len(self.orgs) + len(self._replaced))
        self.orgs.append(org)
        return org

    def _add_name(self, org: _Org, name: str) -> None:
        if org.add_name(name) and name not in org.shorts:
            self._holders.setdefault(name, []).append(org)

    def _add_short(self, org: _Org, short: str) -> None:
        if short not in org.shorts:
            org.shorts.append(short)
            if short not in org.names:
                self._holders.setdefault(short, []).append(org)

    def _by_name(self, name: str) -> _Org | None:
        """The first organization (in the list's order) with this name or abbreviation."""
        holders = self._holders.get(name)
        if holders is None:
            return None
        alive = [o for o in holders if o not in self._replaced]
        if len(alive) < 2:
            return alive[0] if alive else None
        return _first(alive)

    def add(self, fact: OrgFact) -> _Org:
        surface = tidy(fact.surface)
        short, full = self._split_acronym(surface)
        spans = fact.spans
        if short is not None and full is None:
            org = self._by_name(short) or self._new()
            self._add_short(org, short)
            org.by_name.setdefault(short, []).extend(spans)
        else:
            nominative = to_nominative(full or surface, case_hint=fact.case_hint)
            name = nominative.name
            org = self._by_name(name) or (short and self._by_name(short)) or self._new()
            self._add_name(org, name)
            if short:
                self._add_short(org, short)
            org.head = org.head or nominative.head_lemma
            org.certain = org.certain and nominative.certain
            org.by_name.setdefault(short if short and not full else name, []).extend(spans)
        org.spans.extend(spans)
        if fact.successor is not None:
            org.successor = self.add(fact.successor)
        return org

    def _split_acronym(self, surface: str) -> tuple[str | None, str | None]:
        """'OPS' -> ('OPS', defined long name or None); 'SP nr 84' -> ('SP nr 84', expansion)."""
        m = _ACRONYM_HEAD.match(surface)
        if not m:
            return None, None
        short = m.group("short")
        rest = m.group("rest").strip()
        if short in self.defined and not rest:
            return short, self.defined[short]
        expanded = expand_abbreviation(surface)
        if expanded and rest:
            return surface, expanded
        if expanded:
            return surface, None
        if not rest:
            return surface, None
        return None, None

    def merge(self) -> list[_Org]:
        """Join short forms and bare abbreviations to the one organization they denote."""
        index = _MergeIndex(self.orgs)
        changed = True
        while changed:  # a pass joins what it can; another pass sees the joined names
            changed = False
            for org in list(self.orgs):
                if org in self._replaced:
                    continue  # absorbed earlier in this pass
                target = self._target(org, index)
                if target is not None and target is not org:
                    index.remove(org)
                    self._absorb(target, org)
                    index.file(target)
                    changed = True
        return self.orgs

    def _target(self, org: _Org, index: _MergeIndex) -> _Org | None:
        if org.names:
            longer = None  # the one organization whose name begins with all of mine
            for o in index.beginning_with(org.words):
                if o is org:
                    continue
                if o.words == org.words:  # the same words, other quotes or spacing:
                    return o  # "Fundacja „X”" / "Fundacja X"
                if longer is not None:
                    return None  # two longer names: which one is meant?
                longer = o
            return longer
        # a bare abbreviation: the page's definition, else the common expansion
        for short in org.shorts:
            long = self.defined.get(short) or expand_abbreviation(short)
            if not long:
                continue
            want = _words(long)
            hits = [  # (bare abbreviations are few: each is compared with every name)
                o
                for o in self.orgs
                if o is not org
                and o.names
                and any(n_words[: len(want)] == want for n_words in map(_words, o.names))
            ]
            if len(hits) == 1:
                return hits[0]
        return None

    def _absorb(self, into: _Org, org: _Org) -> None:
        for n in org.names:
            self._add_name(into, n)
        for s in org.shorts:
            self._add_short(into, s)
        into.spans.extend(org.spans)
        for name, spans in org.by_name.items():
            into.by_name.setdefault(name, []).extend(spans)
        into.certain = into.certain and org.certain
        into.successor = into.successor or org.successor  # (an absorbed one: see find)
        self.orgs.remove(org)
        self._replaced[org] = into

    def find(self, org: _Org) -> _Org:
        """The organization an absorbed one joined (a successor may be one: ids go through
        here), else the organization itself."""
        while org in self._replaced:
            org = self._replaced[org]
        return org

    def link_parents(self) -> None:
        """A branch ("Filia nr 3 Biblioteki …") points at its parent organization."""
        for org in self.orgs:
            if org.head not in _BRANCH_HEADS:
                continue
            m = _BRANCH.match(org.canonical)
            if not m:
                continue
            parent_name = to_nominative(m.group("parent"), case_hint="gen").name
            parent = self._by_name(parent_name)
            if parent is None:
                want = _words(parent_name)
                hits = [
                    o for o in self.orgs if o is not org and o.names and o.words[:2] == want[:2]
                ]
                parent = hits[0] if len(hits) == 1 else None
                if parent is not None:
                    self._add_name(parent, parent_name)
            if parent is None:
                parent = self._new()
                self._add_name(parent, parent_name)
                parent.spans.extend(org.spans)
            org.parent = parent


# --------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------

#: A record as plain data: its fields by name, validated with the whole page's at the end.
_Data = dict[str, Any]
#: Evidence as plain data, one record per span (see _Grounding).
_Evidence = tuple[_Data, ...]


def _text(value: str, evidence: _Evidence) -> _Data:
    """A :class:`~pipeline.records.Text` as plain data."""
    return {"value": value, "evidence": evidence}


class _Grounding:
    """Page spans -> evidence (plain data): the exact quote and the HTML element it sits in.

    A page's spans recur (a name is grounded for its node and for every reference to it):
    each span's evidence is made once per page.  (Tuples of spans recur too seldom to be
    worth keeping: most are grounded once.)
    """

    def __init__(self, document: Document) -> None:
        self._text = document.text
        self._blocks = document.blocks
        self._starts = [b.start for b in document.blocks]  # blocks are in page order
        self._by_span: dict[Span, _Data] = {}

    def _evidence(self, span: Span) -> _Data:
        start, end = span
        element = None  # the HTML element of the block the span lies in
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0:
            block = self._blocks[i]
            if block.start <= start and end <= block.end:
                element = block.element
        return {"start": start, "end": end, "quote": self._text[start:end], "element": element}

    def __call__(self, spans: tuple[Span, ...]) -> _Evidence:
        by_span = self._by_span
        evidence = []
        for span in spans:
            one = by_span.get(span)
            if one is None:
                one = by_span[span] = self._evidence(span)
            evidence.append(one)
        return tuple(evidence)


def _districts(
    fact: DistrictFact | None, minter: IdMinter, ev: _Grounding
) -> tuple[list[_Data], str | None]:
    """District and city records for the page's place, and the id areas are contained in."""
    if fact is None:
        return [], None
    out = []
    city_id = None
    if fact.city:
        city_id = minter.city(fact.city)
        city_name = _text(fact.city, ev(fact.city_spans))
        out.append({"id": city_id, "name": city_name, "terc": fact.city_terc})
    if not fact.name:
        return out, city_id
    district_id = minter.district(fact.name, fact.city)
    out.append(
        {
            "id": district_id,
            "name": _text(fact.name, ev(fact.spans)),
            "terc": fact.terc,
            "contained_in": city_id,
        }
    )
    return out, district_id


@dataclass(slots=True)
class _Street:
    """A street as its mentions so far tell it: the last one's name, kind, title and register
    entry; every one's spans and the forms it was written in."""

    fact: StreetFact
    official: UlicStreet | None
    spans: tuple[Span, ...] = ()
    forms: set[str] = field(default_factory=set)
    certain: bool = True


class _Streets:
    """The streets of a page: one record per street id, however many lists name it."""

    def __init__(
        self,
        minter: IdMinter,
        city: str | None,
        ulic: UlicIndex | None,
        city_terc: str | None,
        ev: _Grounding,
    ) -> None:
        self._minter = minter
        self._city = city
        # the register is asked about streets of the page's city only; an empty register
        # matches nothing, so it is not told apart (its len() counts the whole register)
        self._ulic: UlicIndex | None = None
        self._city_prefix = ""
        if ulic is not None and city_terc:
            self._ulic, self._city_prefix = ulic, city_prefix(city_terc)
        self._ev = ev
        # (kind, name) -> the street's id and its register entry: the same on every mention
        self._known: dict[tuple[str, str], tuple[str, UlicStreet | None]] = {}
        self._streets: dict[str, _Street] = {}

    def _identify(self, s: StreetFact) -> tuple[str, UlicStreet | None]:
        key = (s.street_type, s.name)
        known = self._known.get(key)
        if known is None:
            sid = self._minter.street(self._city, s.street_type, s.name)
            official = (
                self._ulic.match(self._city_prefix, s.street_type, s.name)
                if self._ulic is not None
                else None
            )
            known = self._known[key] = (sid, official)
        return known

    def add(self, s: StreetFact) -> str:
        """A mention of a street: its id."""
        sid, official = self._identify(s)
        street = self._streets.get(sid)
        if street is None:
            street = self._streets[sid] = _Street(s, official)
        street.fact = s
        street.official = official
        street.spans += s.spans
        surface = tidy(s.surface)
        if surface != s.name:
            street.forms.add(surface)
        if official is not None and official.full_name != s.name:
            street.forms.add(official.full_name)  # "ul. Juliusza Słowackiego"
        street.certain = street.certain and s.certain
        return sid

    def records(self) -> tuple[_Data, ...]:
        """The streets' records (plain data), sorted by id."""
        return tuple(self._record(sid, self._streets[sid]) for sid in sorted(self._streets))

    def _record(self, sid: str, street: _Street) -> _Data:
        s, official = street.fact, street.official
        return {
            "id": sid,
            "name": _text(s.name, self._ev(street.spans)),
            "street_type": s.street_type,
            "title": s.title,
            "alternate_names": tuple(_text(a, ()) for a in sorted(street.forms)),
            "certain": street.certain,
            "teryt_sym_ul": official.sym_ul if official else None,
        }


_PLACE_KINDS = {"neighbourhood": PlaceKind.NEIGHBOURHOOD, "park": PlaceKind.PARK}


def resolve(
    facts: PageFacts,
    document: Document,
    *,
    minter: IdMinter,
    ulic: UlicIndex | None = None,
) -> PageRecords:
    """The page's records, validated (a pydantic ValidationError names what is invalid by
    its path in :class:`~pipeline.records.PageRecords`, e.g. ``organizations.2.name.value``)."""
    page = {
        "id": minter.page(facts.page_name, facts.url),
        "url": facts.url,
        "retrieved": facts.retrieved,
        "name": facts.page_name,
    }
    ev = _Grounding(document)
    districts, area_district = _districts(facts.district, minter, ev)
    city = facts.district.city if facts.district else None
    city_terc = facts.district.city_terc if facts.district else None
    registry = _OrgRegistry(facts.abbreviations)
    page_coordinators = [registry.add(f) for f in facts.coordinators]
    per_section = []
    for p in facts.partnerships:
        founders = [(registry.add(f), f) for f in p.founders]
        coordinators = [(registry.add(f), f) for f in p.coordinators]
        members = [(registry.add(f), f) for f in p.members]
        per_section.append((p, founders, coordinators, members))
    registry.merge()
    registry.link_parents()

    org_ids = {o: minter.organization(o.canonical) for o in registry.orgs}

    def oid(org: _Org) -> str:
        return org_ids[registry.find(org)]

    organizations = []
    kinds = _org_kinds()
    for org in registry.orgs:
        alternates = [n for n in org.names if n != org.canonical] + org.shorts
        head_kind = kinds.get(org.head or "", OrgKind.ORGANIZATION)
        organizations.append(
            {
                "id": oid(org),
                "name": _text(org.canonical, ev(tuple(org.spans))),
                "kind": head_kind,
                "alternate_names": tuple(
                    _text(a, ev(_unique(org.by_name.get(a, ())))) for a in dict.fromkeys(alternates)
                ),
                "parent": oid(org.parent) if org.parent else None,
                "succeeded_by": oid(org.successor) if org.successor else None,
                "certain": org.certain,
            }
        )

    partnerships: dict[str, _Data] = {}
    renamings: dict[str, _Data] = {}
    streets = _Streets(minter, city, ulic, city_terc, ev)
    places: dict[str, _Data] = {}
    for p, founders, coordinators, members in per_section:
        pid = minter.partnership(p.name)
        refs_founders = _refs(oid, ev, founders, with_role=True)
        coordinator = coordinators[-1] if coordinators else None
        if coordinator is None and page_coordinators:
            coordinator = (page_coordinators[-1], facts.coordinators[-1])
        names_seen = [p.name]
        section_renamings = []
        seen_spans: dict[str, tuple[Span, ...]] = {}
        for r in p.renames:
            old = tidy(r.old)
            new = tidy(r.new) if r.new else p.name
            if old == new:
                continue
            old_spans = r.old_spans
            new_spans = r.new_spans if r.new else p.name_spans
            rid = minter.renaming(p.name, old, new)
            renamings[rid] = {
                "id": rid,
                "old_name": _text(old, ev(old_spans)),
                "new_name": _text(new, ev(new_spans)),
                "date": {"iso": r.date, "evidence": ev(r.date_spans)} if r.date else None,
                "evidence": ev(r.spans),
            }
            section_renamings.append(rid)
            names_seen += [old, new]
            seen_spans[old] = seen_spans.get(old, ()) + old_spans
            seen_spans[new] = seen_spans.get(new, ()) + new_spans
        area = None
        if p.streets or p.places or area_district:  # every partnership lies in the district
            bounded = [(streets.add(s), s.spans) for s in p.streets]
            place_refs = []
            for pl in p.places:
                kind = _PLACE_KINDS.get(pl.kind, PlaceKind.LANDMARK)
                plid = minter.place(pl.kind, pl.name)
                places[plid] = {"id": plid, "name": _text(pl.name, ev(pl.spans)), "kind": kind}
                place_refs.append((plid, pl.spans))
            area = {
                "id": minter.area(p.name),
                "places": _node_refs(ev, place_refs),
                "bounded_by": _node_refs(ev, bounded),
                "district": area_district,
            }
        if pid in partnerships:  # the same partnership described twice: keep the first
            continue
        partnerships[pid] = {
            "id": pid,
            "name": _text(p.name, ev(p.name_spans)),
            "alternate_names": tuple(
                _text(n, ev(_unique(seen_spans.get(n, ()))))
                for n in dict.fromkeys(names_seen)
                if n != p.name
            ),
            "founding_date": {"iso": p.founding_date, "evidence": ev(p.founding_date_spans)}
            if p.founding_date
            else None,
            "founding_ordinal": {"value": p.ordinal, "evidence": ev(p.ordinal_spans)}
            if p.ordinal
            else None,
            "founders": refs_founders,
            "coordinator": {"id": oid(coordinator[0]), "evidence": ev(coordinator[1].spans)}
            if coordinator
            else None,
            "members": _refs(oid, ev, members, with_role=False),
            "renamings": tuple(section_renamings),
            "area": area,
        }
    return PageRecords.model_validate(
        {
            "page": page,
            "partnerships": tuple(partnerships[k] for k in sorted(partnerships)),
            "organizations": tuple(sorted(organizations, key=lambda o: o["id"])),
            "renamings": tuple(renamings[k] for k in sorted(renamings)),
            "streets": streets.records(),
            "places": tuple(places[k] for k in sorted(places)),
            "districts": tuple(sorted(districts, key=lambda d: d["id"])),
            "stated_partnership_count": {
                "value": facts.stated_count,
                "evidence": ev(facts.stated_count_spans),
            }
            if facts.stated_count is not None
            else None,
        }
    )


def _refs(
    oid: Callable[[_Org], str],
    ev: _Grounding,
    pairs: Iterable[tuple[_Org, OrgFact]],
    *,
    with_role: bool,
) -> tuple[_Data, ...]:
    """One reference per organization: the first mention's role, every mention's spans."""
    seen: dict[str, tuple[str | None, tuple[Span, ...]]] = {}
    for org, fact in pairs:
        ref_id = oid(org)
        if ref_id in seen:
            role, spans = seen[ref_id]
            seen[ref_id] = (role, spans + fact.spans)
        else:
            role = fact.role.value if with_role and fact.role else None
            seen[ref_id] = (role, fact.spans)
    return tuple(
        {"id": ref_id, "role": role, "evidence": ev(spans)}
        for ref_id, (role, spans) in seen.items()
    )


def _unique(spans: Iterable[Span]) -> tuple[Span, ...]:
    """These spans, each once, in the order first met (a span's evidence is the same
    wherever it is grounded, so unique spans give unique evidence)."""
    return tuple(dict.fromkeys(spans))


def _node_refs(
    ev: _Grounding, mentions: Iterable[tuple[str, tuple[Span, ...]]]
) -> tuple[_Data, ...]:
    """One reference per node, in the order first mentioned, with every mention's spans."""
    seen: dict[str, tuple[Span, ...]] = {}
    for node_id, spans in mentions:
        seen[node_id] = seen[node_id] + spans if node_id in seen else spans
    return tuple({"id": node_id, "evidence": ev(spans)} for node_id, spans in seen.items())
