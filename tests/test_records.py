from __future__ import annotations

import pytest
from pydantic import ValidationError

from pipeline.records import (
    DateValue,
    Evidence,
    OrgRef,
    PageRecords,
    Partnership,
    Precision,
    Text,
    WebPage,
)


def test_dates_must_be_iso_with_year_month_or_day_precision():
    assert DateValue(iso="2014-10").precision is Precision.MONTH
    for bad in ["14-10-2014", "2014-13", "2014-02-30x", "październik 2014", ""]:
        with pytest.raises(ValidationError):
            DateValue(iso=bad)


def test_text_values_must_be_tidy():
    for bad in ["", " Nad Wisłą", "Nad  Wisłą", "Nad\u00a0Wisłą"]:
        with pytest.raises(ValidationError):
            Text(value=bad)


def test_evidence_span_is_ordered():
    with pytest.raises(ValidationError):
        Evidence(start=5, end=3, quote="")


def test_a_partnership_may_only_refer_to_organizations_on_the_page():
    page = WebPage(id="p", name="p")
    p = Partnership(id="x", name=Text(value="X"), founders=(OrgRef(id="missing"),))
    with pytest.raises(ValidationError, match="unknown organization"):
        PageRecords(page=page, partnerships=(p,))


def test_records_are_immutable():
    t = Text(value="X")
    with pytest.raises(ValidationError):
        t.value = "Y"  # type: ignore[misc]
