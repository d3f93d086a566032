"""Quality gate: the pipeline's F1 per (group, field) never falls below its floor.

Modelled on trafilatura's ``tests/eval_gate.py``.  ``tests/eval_floors.json`` holds one
floor per (group, field) that is gated.  Floors only ever go UP: when an extractor gets
better, raise its floor to the new score (rounded down) in the same commit; never lower a
floor to make a change pass - a lower score is a regression to fix.  A field nobody fills
yet is not gated until someone fills it.

The second half unit-tests the scoring itself on tiny hand-made records and gold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate import (
    FIELDS,
    GROUPS,
    Score,
    evaluate,
    fact,
    group_of,
    matching,
    norm,
    score_facts,
    score_page,
)
from pipeline.records import (
    Area,
    Count,
    DateValue,
    NodeRef,
    Organization,
    OrgRef,
    PageRecords,
    Partnership,
    Place,
    PlaceKind,
    Renaming,
    Street,
    StreetType,
    Text,
    WebPage,
)

from .conftest import DATA

FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text("utf-8"))
GATED = [(g, f) for g, fields in FLOORS.items() if not g.startswith("_") for f in fields]


@pytest.fixture(scope="module")
def result():
    return evaluate(DATA)


def test_every_group_has_pages(result):
    groups = {p["group"] for p in result["pages"].values()}
    assert groups == set(GROUPS)
    assert sum(p["group"] == "own" for p in result["pages"].values()) == 8
    # the seed's one gold file serves both its forms
    assert {n for n, p in result["pages"].items() if p["group"] == "seed"} == {
        "partnerstwa-lokalne-zoliborz.html",
        "partnerstwa-lokalne-zoliborz.txt",
    }


def test_no_page_fails_to_load(result):
    assert {n: p["error"] for n, p in result["pages"].items() if p["error"]} == {}


@pytest.mark.parametrize(("group", "field"), GATED, ids=lambda x: str(x))
def test_f1_not_below_floor(result, group, field):
    assert field in (*FIELDS, "overall")
    f1 = result["groups"][group][field]["f1"]
    assert f1 >= FLOORS[group][field], (
        f"{group}/{field}: F1 {f1:.3f} < floor {FLOORS[group][field]}"
    )


# --------------------------------------------------------------------------------------
# The scoring on hand-made records
# --------------------------------------------------------------------------------------

ORG_A = Organization(
    id="o:a",
    name=Text(value="Fundacja „Dobry Sąsiad”"),
    alternate_names=(Text(value="FDS"),),
)
ORG_B = Organization(id="o:b", name=Text(value="Szkoła Podstawowa nr 7"))
ORG_C = Organization(id="o:c", name=Text(value="Klub Seniora Pod Lipami"))

GOLD = {
    "coordinator": ["Fundacja „Dobry Sąsiad”", "FDS"],
    "partnerships": [
        {
            "name": ["Razem na Osiedlu"],
            "all_names": ["Razem na Osiedlu", "Stare Podwórka"],
            "founding_date": "2014-09",
            "founding_ordinal": 2,
            "founders": [["Fundacja „Dobry Sąsiad”", "FDS"], "Szkoła Podstawowa nr 7"],
            "renames": [{"date": "2019", "from": "Stare Podwórka", "to": "Razem na Osiedlu"}],
            "neighbourhoods": ["Stoki"],
            "bounding_streets": [
                {"name": "Grunwaldzka", "type": "aleja"},
                {"name": "Sosnkowskiego", "type": "ulica", "title": "gen."},
            ],
            "landmarks": ["Park Miejski"],
        }
    ],
}


def make_records(**changes) -> PageRecords:
    """Records that say exactly what GOLD says; ``changes`` replace partnership fields."""
    streets = (
        Street(id="s:1", name=Text(value="Grunwaldzka"), street_type=StreetType.ALEJA),
        Street(
            id="s:2", name=Text(value="Sosnkowskiego"), street_type=StreetType.ULICA, title="gen."
        ),
    )
    places = (
        Place(id="pl:1", name=Text(value="Stoki"), kind=PlaceKind.NEIGHBOURHOOD),
        Place(id="pl:2", name=Text(value="Park Miejski"), kind=PlaceKind.PARK),
    )
    renaming = Renaming(
        id="r:1",
        old_name=Text(value="Stare Podwórka"),
        new_name=Text(value="Razem na Osiedlu"),
        date=DateValue(iso="2019"),
    )
    fields = {
        "id": "p:1",
        "name": Text(value="Razem na Osiedlu"),
        "alternate_names": (Text(value="Stare Podwórka"),),
        "founding_date": DateValue(iso="2014-09"),
        "founding_ordinal": Count(value=2),
        "founders": (OrgRef(id="o:a"), OrgRef(id="o:b")),
        "coordinator": OrgRef(id="o:a"),
        "renamings": ("r:1",),
        "area": Area(
            id="a:1",
            places=(NodeRef(id="pl:1"), NodeRef(id="pl:2")),
            bounded_by=(NodeRef(id="s:1"), NodeRef(id="s:2")),
        ),
    }
    extra = changes.pop("extra_partnerships", ())
    fields.update(changes)
    return PageRecords(
        page=WebPage(id="w:1", name="x"),
        partnerships=(Partnership(**fields), *extra),
        organizations=(ORG_A, ORG_B, ORG_C),
        renamings=(renaming,),
        streets=streets,
        places=places,
    )


def test_a_perfect_prediction_scores_one_everywhere():
    scores = score_page(make_records(), GOLD)
    assert all(s.f1 == 1.0 for s in scores.values()), scores
    assert scores["founders"] == Score(tp=2, fp=0, fn=0)
    assert scores["bounding_streets"] == Score(tp=2, fp=0, fn=0)
    assert scores["partners"] == Score()  # gold lists no partners: not scored


def test_a_missing_fact_lowers_recall_only():
    scores = score_page(make_records(founders=(OrgRef(id="o:a"),)), GOLD)
    assert scores["founders"] == Score(tp=1, fp=0, fn=1)
    assert scores["founders"].precision == 1.0
    assert scores["founders"].recall == 0.5


def test_an_extra_fact_lowers_precision_only():
    founders = (OrgRef(id="o:a"), OrgRef(id="o:b"), OrgRef(id="o:c"))
    scores = score_page(make_records(founders=founders), GOLD)
    assert scores["founders"] == Score(tp=2, fp=1, fn=0)
    assert scores["founders"].recall == 1.0
    assert scores["founders"].precision == pytest.approx(2 / 3)


def test_a_wrong_value_is_one_false_positive_and_one_false_negative():
    scores = score_page(make_records(founding_date=DateValue(iso="2014")), GOLD)
    assert scores["founding_date"] == Score(tp=0, fp=1, fn=1)
    street = Street(id="s:1", name=Text(value="Grunwaldzka"), street_type=StreetType.ULICA)
    records = make_records()
    records = records.model_copy(update={"streets": (street, records.streets[1])})
    assert score_page(records, GOLD)["bounding_streets"] == Score(tp=1, fp=1, fn=1)


def test_a_missing_title_is_a_wrong_street():
    street = Street(id="s:2", name=Text(value="Sosnkowskiego"), street_type=StreetType.ULICA)
    records = make_records()
    records = records.model_copy(update={"streets": (records.streets[0], street)})
    assert score_page(records, GOLD)["bounding_streets"] == Score(tp=1, fp=1, fn=1)


def test_alternatives_are_accepted():
    # the founder named only by its abbreviation, which gold accepts
    fds = Organization(id="o:a", name=Text(value="FDS"))
    records = make_records().model_copy(update={"organizations": (fds, ORG_B, ORG_C)})
    scores = score_page(records, GOLD)
    assert scores["founders"].f1 == 1.0
    assert scores["coordinator"].f1 == 1.0


def test_typographic_quotes_are_optional():
    plain = Organization(id="o:a", name=Text(value="Fundacja Dobry Sąsiad"))
    records = make_records().model_copy(update={"organizations": (plain, ORG_B, ORG_C)})
    assert score_page(records, GOLD)["founders"].f1 == 1.0
    assert norm("Klub „Pod  Lipami”\u00a0") == "Klub Pod Lipami"


def test_a_partnership_is_matched_by_its_former_name_but_the_name_is_wrong():
    scores = score_page(make_records(name=Text(value="Stare Podwórka"), alternate_names=()), GOLD)
    assert scores["partnerships"] == Score(tp=1)
    assert scores["name"] == Score(tp=0, fp=1, fn=1)
    assert scores["founders"].f1 == 1.0  # the facts still count for the matched partnership


def test_an_unknown_partnership_makes_all_its_facts_false_positives():
    stranger = Partnership(
        id="p:2",
        name=Text(value="Ktoś Inny"),
        founding_date=DateValue(iso="2001"),
        founders=(OrgRef(id="o:c"),),
    )
    scores = score_page(make_records(extra_partnerships=(stranger,)), GOLD)
    assert scores["partnerships"] == Score(tp=1, fp=1, fn=0)
    assert scores["founding_date"] == Score(tp=1, fp=1, fn=0)
    assert scores["founders"] == Score(tp=2, fp=1, fn=0)


def test_a_failed_page_misses_everything():
    scores = score_page(None, GOLD)
    assert scores["partnerships"] == Score(fn=1)
    assert scores["bounding_streets"] == Score(fn=2)
    assert scores["coordinator"] == Score(fn=1)


def test_partners_are_scored_only_where_gold_lists_them():
    gold = json.loads(json.dumps(GOLD))
    gold["partnerships"][0]["partners"] = ["Klub Seniora „Pod Lipami”", "Szkoła Podstawowa nr 7"]
    scores = score_page(make_records(members=(OrgRef(id="o:c"),)), gold)
    assert scores["partners"] == Score(tp=1, fp=0, fn=1)
    assert score_page(make_records(members=(OrgRef(id="o:c"),)), GOLD)["partners"] == Score()


def test_duplicates_do_not_count_twice():
    gold = [fact(["A", "B"])]
    assert score_facts(gold, [fact("A"), fact("B")]) == Score(tp=1, fp=1, fn=0)
    # maximum matching, not greedy: the first prediction could take either gold fact
    assert len(matching([fact("A", "B"), fact("A")], [fact("A", "B"), fact("B")])) == 2


def test_score_arithmetic():
    assert Score().f1 == 1.0  # nothing to find, nothing found
    assert Score(tp=1, fp=1, fn=2).f1 == pytest.approx(2 / 5)
    assert (Score(1, 0, 0) + Score(0, 1, 1)) == Score(1, 1, 1)


@pytest.mark.parametrize(
    ("stem", "group"),
    [
        ("partnerstwa-lokalne-zoliborz", "seed"),
        ("own-lodz-widzew", "own"),
        ("ursus-partnerstwa", "devcorpus"),
    ],
)
def test_groups(stem, group):
    assert group_of(stem) == group
