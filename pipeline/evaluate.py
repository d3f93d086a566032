"""Evaluation harness: the pipeline's records against the gold files, field by field.

``python -m pipeline.evaluate [DIR]`` (default ``tests/data``) runs every page in
``DIR/pages`` that has a gold file ``DIR/gold/STEM.json`` (one gold file may serve two
pages with the same stem, e.g. the seed's ``.html`` and ``.txt``) through
:func:`pipeline.run.extract_page` and scores its records.

What is scored, as micro precision / recall / F1 over *facts*:

* ``partnerships`` - gold partnerships matched to predicted ones (by any accepted name or
  any of ``all_names``); an unmatched prediction is a false positive, an unmatched gold
  partnership a false negative;
* per matched partnership: ``name``, ``all_names`` (each entry of gold ``all_names`` is
  one fact: where a page writes one name two ways, gold lists both), ``founding_date``,
  ``founding_ordinal``, ``founders``, ``coordinator`` (the page's gold coordinator applies
  to every partnership), ``renames`` (from, to, date), ``neighbourhoods``, ``landmarks``,
  ``bounding_streets`` (name, type, title) and ``partners`` (only on pages whose gold
  lists partners).

A gold fact is a set of accepted alternatives (gold writes ``["A", "B"]`` for "either is
right"); a predicted fact is the set of forms it can be read as (an organization's name and
its alternate names).  They match when the sets share a member, compared after tidying
white space and with typographic quotes optional; facts are paired one to one (maximum
bipartite matching), so a duplicate prediction is a false positive.  Facts of a predicted
partnership that matches no gold partnership are false positives; facts of a gold
partnership nobody predicted are false negatives.

Pages fall into three groups: ``seed`` (partnerstwa-lokalne-zoliborz.*), ``own`` (own-*)
and ``devcorpus`` (the rest).  :func:`evaluate` returns the numbers for the tests;
:func:`main` prints one table per group.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from pipeline.load import PAGE_SUFFIXES, LoadError, is_page_file
from pipeline.records import PageRecords, Partnership, PlaceKind
from pipeline.run import PageError, extract_page

FIELDS: tuple[str, ...] = (
    "partnerships",
    "name",
    "all_names",
    "founding_date",
    "founding_ordinal",
    "founders",
    "coordinator",
    "renames",
    "neighbourhoods",
    "landmarks",
    "bounding_streets",
    "partners",
)
GROUPS: tuple[str, ...] = ("seed", "devcorpus", "own")
SEED_STEM = "partnerstwa-lokalne-zoliborz"
OWN_PREFIX = "own-"

#: A fact: the set of keys it can be read as.  Keys are tuples of normalized strings.
Fact = frozenset[tuple[str, ...]]

_QUOTES = regex.compile(r"[„”“\"«»‚‘’]")
_SPACES = regex.compile(r"[\s\u00a0\u2000-\u200b\u202f]+")


def norm(text: str) -> str:
    """The comparison form of a value: quotes dropped, white space single and trimmed."""
    return _SPACES.sub(" ", _QUOTES.sub("", text)).strip()


def accepted(value: Any) -> list[str]:
    """Gold gives one string or a list of acceptable alternatives (possibly nested)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [s for item in value for s in accepted(item)]


def fact(*alternatives: Iterable[str] | str) -> Fact:
    """A one-column fact from strings / lists of accepted strings."""
    return frozenset((norm(s),) for alt in alternatives for s in accepted(alt))


# --------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """2tp / (2tp + fp + fn); 1.0 when there is nothing to find and nothing found."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def matching(gold: Sequence[frozenset], pred: Sequence[frozenset]) -> dict[int, int]:
    """Maximum one-to-one pairing gold index -> pred index of sets that share a member."""
    pair_of_pred: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p, candidate in enumerate(pred):
            if p in seen or not gold[g] & candidate:
                continue
            seen.add(p)
            if p not in pair_of_pred or augment(pair_of_pred[p], seen):
                pair_of_pred[p] = g
                return True
        return False

    for g in range(len(gold)):
        augment(g, set())
    return {g: p for p, g in pair_of_pred.items()}


def score_facts(gold: Sequence[Fact], pred: Sequence[Fact]) -> Score:
    tp = len(matching(gold, pred))
    return Score(tp=tp, fp=len(pred) - tp, fn=len(gold) - tp)


# --------------------------------------------------------------------------------------
# Facts from gold and from records
# --------------------------------------------------------------------------------------

PartnershipFacts = dict[str, list[Fact]]


def gold_names(entry: dict) -> frozenset[str]:
    return frozenset(norm(s) for s in accepted(entry["name"]) + accepted(entry.get("all_names")))


def gold_facts(entry: dict, page_gold: dict, *, with_partners: bool) -> PartnershipFacts:
    """The facts of one gold partnership, field by field."""
    name = fact(entry["name"])
    facts: PartnershipFacts = {
        "name": [name],
        "all_names": [fact(n) for n in entry.get("all_names") or [entry["name"]]],
        "founding_date": [fact(d) for d in accepted(entry.get("founding_date"))][:1],
        "founding_ordinal": [],
        "founders": [fact(f) for f in entry.get("founders", [])],
        "coordinator": [fact(page_gold["coordinator"])] if page_gold.get("coordinator") else [],
        "renames": [
            frozenset(
                (norm(a), norm(b), r.get("date") or "")
                for a in accepted(r["from"])
                for b in accepted(r["to"])
            )
            for r in entry.get("renames", [])
        ],
        "neighbourhoods": [fact(n) for n in entry.get("neighbourhoods", [])],
        "landmarks": [fact(n) for n in entry.get("landmarks", [])],
        "bounding_streets": [
            frozenset((norm(n), s["type"], s.get("title") or "") for n in accepted(s["name"]))
            for s in entry.get("bounding_streets", [])
        ],
        "partners": [fact(p) for p in entry.get("partners", [])] if with_partners else [],
    }
    if entry.get("founding_ordinal") is not None:
        facts["founding_ordinal"] = [frozenset({(str(entry["founding_ordinal"]),)})]
    return facts


class _Lookup:
    """Records' nodes by id."""

    def __init__(self, records: PageRecords) -> None:
        self.orgs = {o.id: o for o in records.organizations}
        self.streets = {s.id: s for s in records.streets}
        self.places = {p.id: p for p in records.places}
        self.renamings = {r.id: r for r in records.renamings}

    def org(self, org_id: str) -> Fact:
        org = self.orgs.get(org_id)
        if org is None:
            return frozenset()
        return fact(org.name.value, [a.value for a in org.alternate_names])


def predicted_names(p: Partnership) -> frozenset[str]:
    return frozenset(norm(t.value) for t in (p.name, *p.alternate_names))


def predicted_facts(p: Partnership, nodes: _Lookup, *, with_partners: bool) -> PartnershipFacts:
    """The facts of one predicted partnership, field by field."""
    places = [nodes.places[r.id] for r in (p.area.places if p.area else ()) if r.id in nodes.places]
    streets = [
        nodes.streets[r.id] for r in (p.area.bounded_by if p.area else ()) if r.id in nodes.streets
    ]
    renamings = [nodes.renamings[r] for r in p.renamings if r in nodes.renamings]
    return {
        "name": [fact(p.name.value)],
        "all_names": [fact(t.value) for t in (p.name, *p.alternate_names)],
        "founding_date": [fact(p.founding_date.iso)] if p.founding_date else [],
        "founding_ordinal": [fact(str(p.founding_ordinal.value))] if p.founding_ordinal else [],
        "founders": [nodes.org(r.id) for r in p.founders],
        "coordinator": [nodes.org(p.coordinator.id)] if p.coordinator else [],
        "renames": [
            frozenset(
                {(norm(r.old_name.value), norm(r.new_name.value), r.date.iso if r.date else "")}
            )
            for r in renamings
        ],
        "neighbourhoods": [
            fact(pl.name.value) for pl in places if pl.kind == PlaceKind.NEIGHBOURHOOD
        ],
        "landmarks": [fact(pl.name.value) for pl in places if pl.kind != PlaceKind.NEIGHBOURHOOD],
        "bounding_streets": [
            frozenset(
                (norm(n.value), s.street_type.value, s.title or "")
                for n in (s.name, *s.alternate_names)
            )
            for s in streets
        ],
        "partners": [nodes.org(r.id) for r in p.members] if with_partners else [],
    }


def score_page(records: PageRecords | None, gold: dict) -> dict[str, Score]:
    """Every field's score on one page.  ``records`` None (the page failed): all missed."""
    entries = gold.get("partnerships", [])
    with_partners = any("partners" in e for e in entries)
    golds = [gold_facts(e, gold, with_partners=with_partners) for e in entries]
    preds: list[PartnershipFacts] = []
    pairs: dict[int, int] = {}
    if records is not None:
        nodes = _Lookup(records)
        preds = [
            predicted_facts(p, nodes, with_partners=with_partners) for p in records.partnerships
        ]
        pairs = matching(
            [gold_names(e) for e in entries], [predicted_names(p) for p in records.partnerships]
        )
    scores = {field: Score() for field in FIELDS}
    scores["partnerships"] = Score(
        tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs)
    )
    matched_preds = set(pairs.values())
    for g, facts in enumerate(golds):
        pred = preds[pairs[g]] if g in pairs else {}
        for field in FIELDS[1:]:
            scores[field] += score_facts(facts[field], pred.get(field, []))
    for p, facts in enumerate(preds):
        if p not in matched_preds:
            for field in FIELDS[1:]:
                scores[field] += score_facts([], facts[field])
    return scores


# --------------------------------------------------------------------------------------
# Pages and groups
# --------------------------------------------------------------------------------------


def group_of(stem: str) -> str:
    if stem == SEED_STEM:
        return "seed"
    return "own" if stem.startswith(OWN_PREFIX) else "devcorpus"


def gold_pages(directory: Path) -> list[tuple[Path, Path]]:
    """(page, gold) pairs: every page file in DIR/pages with a gold file of its stem."""
    pages = directory / "pages"
    gold = directory / "gold"
    return [
        (p, gold / f"{p.stem}.json")
        for p in sorted(pages.iterdir())
        if is_page_file(p) and (gold / f"{p.stem}.json").exists()
    ]


def extract(path: Path) -> PageRecords:
    sidecar = path.with_name(path.stem + ".meta.json")
    meta = json.loads(sidecar.read_text("utf-8")) if sidecar.exists() else {}
    result = extract_page(
        path.read_bytes(),
        name=path.stem,
        kind=PAGE_SUFFIXES[path.suffix.lower()],
        url=meta.get("url"),
        retrieved=meta.get("retrieved"),
    )
    return result.records


def evaluate(directory: Path | str = "tests/data") -> dict:
    """Score every gold page in ``directory``.

    Returns ``{"groups": {group: {field: metrics, "overall": metrics}},
    "pages": {file name: {"group": group, "error": str | None, field: metrics}}}`` where
    metrics is ``{"precision", "recall", "f1", "tp", "fp", "fn"}``.
    """
    totals = {g: {f: Score() for f in FIELDS} for g in GROUPS}
    pages: dict[str, dict] = {}
    for path, gold_path in gold_pages(Path(directory)):
        gold = json.loads(gold_path.read_text("utf-8"))
        error = None
        try:
            records: PageRecords | None = extract(path)
        except (LoadError, PageError) as err:
            records, error = None, str(err)
        scores = score_page(records, gold)
        group = group_of(path.stem)
        for field, score in scores.items():
            totals[group][field] += score
        pages[path.name] = {
            "group": group,
            "error": error,
            **{f: s.as_dict() for f, s in scores.items()},
            "overall": sum(scores.values(), Score()).as_dict(),
        }
    groups = {
        g: {
            **{f: s.as_dict() for f, s in fields.items()},
            "overall": sum(fields.values(), Score()).as_dict(),
        }
        for g, fields in totals.items()
    }
    return {"groups": groups, "pages": pages}


def format_table(title: str, metrics: dict[str, dict]) -> str:
    lines = [title, f"{'field':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for field in (*FIELDS, "overall"):
        m = metrics[field]
        lines.append(
            f"{field:<18}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
            f"{m['tp']:>6}{m['fp']:>6}{m['fn']:>6}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else Path("tests/data")
    result = evaluate(directory)
    for group in GROUPS:
        names = sorted(n for n, p in result["pages"].items() if p["group"] == group)
        print(format_table(f"== {group} ({len(names)} pages) ==", result["groups"][group]))
        for name in names:
            page = result["pages"][name]
            note = f"  error: {page['error']}" if page["error"] else ""
            print(f"   {name:<40} overall F1 {page['overall']['f1']:.3f}{note}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
