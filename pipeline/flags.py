"""Review flags: what an editor should look at before the portal publishes a page.

Computed from the validated records of one page; each flag names its node and the spans
that raised it, and is written to the evidence file, shown on the review page and counted
in ``extract``'s summary.

- ``name-word-order``: two names of one partnership differ only in word order (a heading
  "Dla A i B" and a rename to "Dla B i A"): which one is current is an editor's call;
- ``count-mismatch``: the page states how many partnerships there are ("czterech") and a
  different number was extracted;
- ``date-out-of-range``: a founding or rename date before 1989 (local partnerships in the
  Polish sense did not exist before the transformation) or after the page was retrieved
  (checked only when the sidecar gives the retrieval date: the wall clock is never read,
  so flags stay deterministic);
- ``nominative-uncertain``: a founder, member, coordinator or street whose nominative
  morphology could not establish (an unknown word was inflected by its ending);
- ``street-spelling``: one street, bounding two partnerships, spelled differently in
  their lists.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from pipeline.records import DateValue, Evidence, Flag, PageRecords

#: The first year a date of a local partnership is plausible in.
EARLIEST_YEAR = 1989
_WORD = regex.compile(r"\w+")


def _words(name: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(name)]


def _name_word_order(records: PageRecords) -> Iterable[Flag]:
    for p in records.partnerships:
        if not p.alternate_names:
            continue  # one name: nothing to compare
        names = [p.name, *p.alternate_names]
        words = [_words(n.value) for n in names]  # each name's, once (not once per pair)
        ordered = [sorted(w) for w in words]
        for i, a in enumerate(names):
            for j in range(i + 1, len(names)):
                b = names[j]
                if words[i] != words[j] and ordered[i] == ordered[j]:
                    yield Flag(
                        code="name-word-order",
                        message=(
                            f"two names of one partnership differ only in word order: "
                            f"„{a.value}” and „{b.value}” — which is its current name?"
                        ),
                        node=p.id,
                        evidence=a.evidence + b.evidence,
                    )


def _count_mismatch(records: PageRecords) -> Iterable[Flag]:
    stated = records.stated_partnership_count
    found = len(records.partnerships)
    if stated is not None and stated.value != found:
        yield Flag(
            code="count-mismatch",
            message=f"the page says there are {stated.value} partnerships; {found} were found",
            node=None,
            evidence=stated.evidence,
        )


def _out_of_range(date: DateValue, retrieved: str | None) -> str | None:
    if int(date.iso[:4]) < EARLIEST_YEAR:
        return f"{date.iso} is before {EARLIEST_YEAR}"
    if retrieved is not None and date.iso[: len(retrieved)] > retrieved[: len(date.iso)]:
        return f"{date.iso} is after the page was retrieved ({retrieved})"
    return None


def _dates(records: PageRecords) -> Iterable[Flag]:
    retrieved = records.page.retrieved
    dated = [(p.id, "founding date", p.founding_date) for p in records.partnerships]
    dated += [(r.id, "rename date", r.date) for r in records.renamings]
    for node, what, date in dated:
        if date is None:
            continue
        problem = _out_of_range(date, retrieved)
        if problem:
            yield Flag(
                code="date-out-of-range",
                message=f"{what} {problem}",
                node=node,
                evidence=date.evidence,
            )


def _uncertain(records: PageRecords) -> Iterable[Flag]:
    for o in records.organizations:
        if not o.certain:
            yield Flag(
                code="nominative-uncertain",
                message=f"the nominative „{o.name.value}” was guessed, not found in the dictionary",
                node=o.id,
                evidence=o.name.evidence,
            )
    for s in records.streets:
        if not s.certain:
            yield Flag(
                code="nominative-uncertain",
                message=f"the street name „{s.name.value}” was guessed, not found in a dictionary",
                node=s.id,
                evidence=s.name.evidence,
            )


def _street_spelling(records: PageRecords) -> Iterable[Flag]:
    spellings: dict[str, dict[str, list[Evidence]]] = {}
    for p in records.partnerships:
        if p.area is None:
            continue
        for ref in p.area.bounded_by:
            forms = spellings.setdefault(ref.id, {})
            for ev in ref.evidence:
                forms.setdefault(ev.quote, []).append(ev)
    # the streets written more than one way, by id (ids are unique: forms never compared)
    misspelled = sorted(item for item in spellings.items() if len(item[1]) > 1)
    if not misspelled:
        return
    names = {s.id: s.name.value for s in records.streets}
    for street, forms in misspelled:
        written = ", ".join(f"„{f}”" for f in sorted(forms))
        yield Flag(
            code="street-spelling",
            message=f"the street {names.get(street, street)} is written {written} in "
            "different lists",
            node=street,
            evidence=tuple(ev for f in sorted(forms) for ev in forms[f]),
        )


def review_flags(records: PageRecords) -> tuple[Flag, ...]:
    """Every flag of one page, in a stable order."""
    flags = [
        *_name_word_order(records),
        *_count_mismatch(records),
        *_dates(records),
        *_uncertain(records),
        *_street_spelling(records),
    ]
    return tuple(sorted(flags, key=lambda f: (f.code, f.node or "", f.message)))
