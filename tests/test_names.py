from __future__ import annotations

import pytest

from pipeline.normalize.names import canonical_name, recase, tidy


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("„ Marymont- Kaskada”", "Marymont-Kaskada"),
        ("Dla Rudawki i\u00a0Zatrasia", "Dla Rudawki i Zatrasia"),
        ("Praga -Północ", "Praga-Północ"),
        ("Nowe  Bemowo ", "Nowe Bemowo"),
        ("Stare Bałuty – Razem", "Stare Bałuty – Razem"),  # a spaced en dash is a dash
        ("«Zielony Zakątek»", "Zielony Zakątek"),
    ],
)
def test_tidy(raw, expected):
    assert tidy(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PODGRODZIE DLA SĄSIADÓW", "Podgrodzie dla Sąsiadów"),
        ("RAZEM NA STARYCH BIELANACH", "Razem na Starych Bielanach"),
        ("ZIELONE STARE-MIASTO I OKOLICE", "Zielone Stare-Miasto i Okolice"),
    ],
)
def test_recase_keeps_prepositions_and_conjunctions_lower(raw, expected):
    assert recase(raw) == expected


def test_canonical_name_recases_only_when_shouting():
    assert canonical_name("„dla Sąsiadów”") == "dla Sąsiadów"
    assert canonical_name("„DLA SĄSIADÓW”", shouting=True) == "Dla Sąsiadów"


def test_a_name_typed_in_capitals_is_shouting_with_enough_letters():
    from pipeline.normalize.names import is_shouting

    assert is_shouting("PARTNERSTWO „NAD RZEKĄ” 2010")
    assert not is_shouting("Partnerstwo NAD RZEKĄ")
    assert is_shouting("OK") and not is_shouting("OK", min_letters=3)
    assert not is_shouting("2010 – 2015")
