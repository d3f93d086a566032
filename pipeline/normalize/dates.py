"""Polish date expressions -> normalized values (``2011``, ``2013-05``, ``2012-06-05``).

:func:`find_dates` finds every date expression in a text and returns it as a
:class:`DateMention`: the value, the exact character span in the *unchanged* input
(NBSP and other odd spaces included), the lead word (``w``, ``od``, ``do końca`` …) and a
coarse qualifier (``since``, ``until``, ``season`` …), plus the few words right before the
expression (:attr:`DateMention.trigger`).  It does not decide what a date *means*: the
extractor picks founding dates from the trigger and the qualifier.

Recognized forms (the year is always 1900–2100):

* full dates: ``12 marca 2015 r.``, ``dnia 3 maja 2019``, ``10 marzec 2025`` (nominative,
  as web editors write it), ``3 V 2019``, ``22.10.2010 r.``, ``22-10-2010``, ``2010-10-22``;
  the day is checked against the month (``31.02.2020`` is no date at all);
* month + year: a month name in any case (``w maju 2013``, ``we wrześniu 2014 r.``,
  ``w lutym 2020``, ``maj 2013``), a Roman month (``III 2012``), ``03.2012``, ``03/2012``;
* years: ``w 2011 roku``, ``2011r.``, ``w roku 2012``, ``rok 2007``, ``jesienią 2016 roku``
  (seasons have year precision), ``na początku 2010``, ``do końca 2014 r.``;
* year ranges: ``w latach 2019–2023``, ``2008-2018``, ``2019/2020`` (school year).
  Choice: a range is ONE mention whose ``value`` is the first year, ``range_end`` the
  last, and ``qualifier == 'range'``.

Month words are found as any run of letters followed by a year and confirmed with
:func:`month_number`, which asks Morfeusz (through :func:`pipeline.morphology.shared_morphology`)
for the lemma and looks it up in ``resources/months.txt``.  A month word therefore only
counts when a year follows it, so ``w maju`` alone, or ``Marzec`` as a surname, is no date.

"Weak" numbers — a bare year, a year range, ``III 2012``, ``03/2012`` — need some evidence:
a ``roku``/``r.`` after them, a lead word before them, or standing alone (start of text or
after punctuation such as ``:`` or ``(``, e.g. a table cell).  So ``Natura 2000`` or
``Euro 2012`` are not dates, and neither is ``do 2000 osób`` (a genitive plural or a unit
after the number marks a quantity).  Numbers glued to other numbers (phone numbers, postal
codes, times, decimals, ``XII/123/2011``) and numbers after ``nr``, ``poz.``, ``tel.``,
``ul.`` … are never dates.

We deliberately do not use ``dateparser``: it needs the preposition stripped before it
understands ``w maju 2013``, gives no spans, and is slow to import; the forms above are a
closed set that a few regular expressions cover deterministically.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import regex

from pipeline.morphology import shared_morphology

__all__ = [
    "DateMention",
    "DateValue",
    "Precision",
    "find_dates",
    "month_number",
    "parse_date",
    "single_date",
]


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


#: The XML Schema datatype that says a date's precision (CONTRACT.md).
XSD_TYPES = {
    Precision.YEAR: "xsd:gYear",
    Precision.MONTH: "xsd:gYearMonth",
    Precision.DAY: "xsd:date",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DateValue:
    """A calendar date known to year, month or day precision (validated on creation)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year out of range: {self.year}")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None and not 1 <= self.day <= _days_in(self.year, self.month):
            raise ValueError(f"no day {self.day} in {self.year}-{self.month:02d}")

    @property
    def precision(self) -> Precision:
        if self.month is None:
            return Precision.YEAR
        return Precision.MONTH if self.day is None else Precision.DAY

    @property
    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out

    @property
    def xsd_type(self) -> str:
        return XSD_TYPES[self.precision]


@dataclass(frozen=True, slots=True, kw_only=True)
class DateMention:
    """One date expression found in a text; ``text == input[start:end]``."""

    value: DateValue
    start: int
    end: int
    text: str
    #: First word of the lead, lower-cased: 'w', 'we', 'od', 'do', 'na', 'końca', 'dnia',
    #: 'rok', 'jesienią', '©' … (None when the expression starts with the date itself).
    preposition: str | None = None
    #: 'since' (od), 'until' (do), 'before' (przed), 'after' (po), 'end' (końca),
    #: 'beginning' (początku), 'middle' (połowie), 'season' (jesienią …), 'range', or None.
    #: The lead word nearest to the date wins: 'do końca 2014' -> 'end'.
    qualifier: str | None = None
    #: Last end year of a range ('w latach 2019–2023' -> 2023), else None.
    range_end: DateValue | None = None
    #: Up to four lower-cased words right before the expression, same sentence.
    trigger: tuple[str, ...] = ()


# --------------------------------------------------------------------------- months


def _load_months() -> dict[str, int]:
    path = resources.files("pipeline").joinpath("resources/months.txt")
    months: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lemma, number = line.split()
            months[lemma] = int(number)
    if sorted(months.values()) != list(range(1, 13)):
        raise ValueError("months.txt must list each month 1..12 exactly once")
    return months


_MONTHS: dict[str, int] = _load_months()


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


_ROMAN_MONTHS: dict[str, int] = {_roman(n): n for n in range(1, 13)}


@lru_cache(maxsize=4096)
def month_number(word: str) -> int | None:
    """1..12 for any inflected form of a Polish month name ('maju', 'lutym'), else None.

    A form counts when one of its Morfeusz readings is a noun whose lemma is a month
    lemma of ``months.txt`` (so the surname 'Marzec' or the name 'Maja' do not, but the
    common-noun readings of 'Marca', 'Maja' do).  Forms Morfeusz does not know fall back to
    the lemma list itself.
    """
    if not word or not word.isalpha() or len(word) > 20:
        return None
    morphology = shared_morphology()
    for form in dict.fromkeys((word, word.lower())):
        for reading in morphology.analyse(form):
            if reading.pos == "subst" and reading.lemma in _MONTHS:
                return _MONTHS[reading.lemma]
    return _MONTHS.get(word.lower())


@lru_cache(maxsize=4096)  # per (year, month): monthrange is slow for how often it is asked
def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# --------------------------------------------------------------------------- patterns

_SP = r"[\s\u200b\u2060\ufeff]"  # \s covers NBSP, thin and narrow spaces; add zero-widths
_DASH = r"[\-\u2010-\u2015\u2212]"  # hyphen, en/em dashes, minus
_YEAR = r"(?:19[0-9]{2}|20[0-9]{2}|2100)"
# Not glued to a word or to a preceding number ('12.2011', '123/2011', 'IMG_2011').
_START = rf"(?<![\p{{L}}\p{{N}}_/])(?<!\p{{N}}[.,:]|\p{{N}}{_DASH})"
_END = rf"(?![\p{{N}}_])(?![.,:/]\p{{N}}|{_DASH}\p{{N}})"
# Weak numbers must not sit in a group of numbers on one line ('22 555 2011 33'); table
# cells joined by line breaks ('2008\n2009') are still separate.
_HSP = r"[^\S\n\r\v\f\x85\u2028\u2029]"
_ALONE = rf"(?<!\p{{N}}{_HSP}+)"
_ALONE_END = rf"(?!{_HSP}*\p{{N}})"
_SEP = rf"(?:\.{_SP}*|{_SP}+)"  # between a day / Roman month and what follows

_ROMAN_ALT = "|".join(sorted(_ROMAN_MONTHS, key=len, reverse=True))

# (kind, pattern); kinds starting with 'weak' need the evidence described above.
_CORES: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (kind, regex.compile(pattern))
    for kind, pattern in (
        ("iso", rf"{_START}(?P<y>{_YEAR})-(?P<m>[0-9]{{2}})-(?P<d>[0-9]{{2}}){_END}"),
        (
            "dmy",
            rf"{_START}(?P<d>[0-9]{{1,2}})(?P<s>[./\-]){_SP}?(?P<m>[0-9]{{1,2}})"
            rf"(?P=s){_SP}?(?P<y>{_YEAR}){_END}",
        ),
        (
            "word",
            rf"{_START}(?:(?P<d>[0-9]{{1,2}})(?:{_SP}*{_DASH}{_SP}*(?P<d2>[0-9]{{1,2}}))?\.?{_SP}+)?"
            rf"(?P<w>\p{{L}}+){_SP}+(?P<y>{_YEAR}){_END}",
        ),
        (
            "roman",
            rf"{_START}(?P<d>[0-9]{{1,2}}){_SEP}(?P<r>{_ROMAN_ALT}){_SEP}(?P<y>{_YEAR}){_END}",
        ),
        ("weak_roman", rf"{_START}(?P<r>{_ROMAN_ALT}){_SEP}(?P<y>{_YEAR}){_END}"),
        ("weak_my", rf"{_START}{_ALONE}(?P<m>0[1-9]|1[0-2])[./](?P<y>{_YEAR}){_END}"),
        (
            "weak_range",
            rf"{_START}{_ALONE}(?P<y>{_YEAR}){_SP}*(?P<s>{_DASH}|/){_SP}*(?P<y2>{_YEAR})"
            rf"{_END}{_ALONE_END}",
        ),
        ("weak_year", rf"{_START}{_ALONE}(?P<y>{_YEAR}){_END}{_ALONE_END}"),
    )
)

_PREPS = r"począwszy\s+od|aż\s+do|we|w|od|do|ze|z|przed|po|na|u|pod|za|przy|©|\(c\)|copyright"
_POSITIONS = r"końca|końcem|końcu|koniec|początku|początkiem|początek|połowy|połowie|połowa"
_SEASONS = r"jesienią|wiosną|latem|zimą|jesień|wiosna|lato|zima|jesieni|wiosny|zimy|wiośnie|zimie"
_SCHOOL_YEAR = rf"rok(?:u|iem)?{_SP}+(?:szkoln|akademick)\p{{L}}*"  # 'w roku szkolnym'
_KEYWORDS = rf"{_SCHOOL_YEAR}|roku|rok|dnia|dniu|dniem|dn\.|latach|lata"
# Words before the date that belong to the expression, the longest such lead: searched
# with endpos = the date's start, matched backwards from there ((?r): a forward search
# would try the pattern at every position of the look-back window).  Each part is optional
# and greedy, and where two words of a part can end at the same place the longer one comes
# first ('począwszy od' before 'od'), so the first match found is also the leftmost one.
_LEAD = regex.compile(
    rf"(?r)(?<![\p{{L}}\p{{N}}])"
    rf"(?:(?P<prep>{_PREPS}){_SP}+)?"
    rf"(?:(?P<pos>{_POSITIONS}){_SP}+)?"
    rf"(?:(?P<season>{_SEASONS}){_SP}+)?"
    rf"(?:(?P<kw>{_KEYWORDS}){_SP}*)?\Z",
    regex.IGNORECASE,
)
#: The words of a lead (None where absent): its groups prep, pos, season and kw, in this
#: order (:func:`_lead_words`).
_LeadWords = tuple[str | None, str | None, str | None, str | None]
if list(_LEAD.groupindex) != ["prep", "pos", "season", "kw"] or _LEAD.groups != 4:
    raise AssertionError("_lead_words reads _LEAD's groups in the order prep, pos, season, kw")


def _lead_words(lead: regex.Match[str]) -> _LeadWords:
    """(prep, pos, season, kw) of a match of ``_LEAD``: ``groups()`` is much faster than
    ``group('prep', 'pos', 'season', 'kw')`` on a ``regex`` match."""
    return lead.groups()


_SUFFIX = regex.compile(
    rf"{_SP}*(?:roku|rokiem|rok|rr\.|r\.|r)(?![\p{{L}}\p{{N}}])", regex.IGNORECASE
)
# Tokens after which a number is an identifier, not a date (searched backwards from
# endpos, like _LEAD).
_BLOCKERS = regex.compile(
    rf"(?r)(?<![\p{{L}}])(?:nr|numer|numerze|poz|str|s|tel|fax|kod|ul|al|pl|os)\.?{_SP}*\Z",
    regex.IGNORECASE,
)
_UNITS = frozenset(
    "zł złotych pln eur euro usd tys mln mld os osób szt sztuk egz m m2 km ha kg proc".split()
)
_WORD = regex.compile(r"\p{L}+")
_SPACES = regex.compile(r"\s+")  # tidied to one space in lead words
#: Every form has a year: a text without one has no date (a cheap test before the cores).
#: (Plain ``re``: it needs nothing of ``regex`` and runs over every text, where ``re``
#: scans faster.)
_ANY_YEAR = re.compile(_YEAR)
#: Matched backwards ((?r)) from ``endpos``: a word and white space ('maja '), a day (digits,
#: dots, dashes and white space: '3-5 ') right before a position.
_WORD_BEFORE = regex.compile(rf"(?r)(?P<w>\p{{L}}+){_SP}+")
_DAY_BEFORE = regex.compile(rf"(?r)(?:[0-9.]|{_SP}|{_DASH})+")
#: Matched backwards ((?r)) from a year's start: a Roman digit and what the Roman cores
#: allow between a Roman month and its year ('III 2012', '3 V. 2019').
_ROMAN_BEFORE = regex.compile(rf"(?r)[IVX]{_SEP}")
#: What the range core allows between its two years ('2019–2023', '2019 / 2020').
_RANGE_GAP = regex.compile(rf"{_SP}*(?:{_DASH}|/){_SP}*")
_NEXT_WORD = regex.compile(rf"{_SP}*(?:(?P<pct>%)|(?P<w>\p{{L}}+))")
#: A sentence break; searched backwards ((?r)), the first match found is the last break.
_LAST_SENTENCE_BREAK = regex.compile(r"(?r)[!?;\n|]|\.(?=\s+(?:\p{Lu}|\Z))")
_LOOKBACK = 64  # characters searched for the lead and the trigger


_NOMINAL_POS = frozenset({"subst", "depr", "ger", "adj", "ppas", "pact", "num"})


@lru_cache(maxsize=4096)
def _is_quantity_word(word: str) -> bool:
    """What follows a number that counts things: a unit, or a lower-case word that can only
    be a plural noun/adjective, genitive among others ('osób', 'mieszkańców', 'nowych').

    Words with any other reading ('do' is also a preposition, 'i' a conjunction, 'klub'
    also a singular) are not, nor are capitalized words (names: '© 2016 Klub …').
    """
    low = word.lower()
    if low in _UNITS:
        return True
    if word[0].isupper():
        return False
    readings = shared_morphology().analyse(low)
    return all(r.pos in _NOMINAL_POS and r.number == "pl" for r in readings) and any(
        r.case == "gen" for r in readings
    )


#: Each core's group names, in the order of its groups (of ``groups()``): every group of
#: a core is named.
_GROUP_NAMES = {
    kind: tuple(sorted(pattern.groupindex, key=pattern.groupindex.__getitem__))
    for kind, pattern in _CORES
}
if any(
    len(names) != pattern.groups
    for names, (_, pattern) in zip(_GROUP_NAMES.values(), _CORES, strict=True)
):
    raise AssertionError("every group of a core must be named")
_WORD_CORE = dict(_CORES)["word"]
_WEAK_YEAR_CORE = dict(_CORES)["weak_year"]

# --------------------------------------------------------------------------- finding


def _value(kind: str, m: regex.Match[str]) -> tuple[DateValue, DateValue | None] | None:
    """The value a core match denotes (and the range end), or None if it is no date."""
    if kind == "weak_year":  # the most frequent core: its whole match is the year
        return _date_value(int(m.group())), None
    # The groups by name, from one call of ``groups()``: a regex match's ``groupdict()``
    # and reading its groups by name one by one are both slow.
    g = dict(zip(_GROUP_NAMES[kind], m.groups(), strict=True))
    year = int(g["y"])
    if kind == "weak_range":
        end = int(g["y2"])
        if not (end == year + 1 if g["s"] == "/" else end > year):
            return None
        return _date_value(year), _date_value(end)
    # every other core has a month: a word, a Roman numeral or digits
    if kind == "word":
        month = month_number(g["w"])
    elif kind in ("roman", "weak_roman"):
        month = _ROMAN_MONTHS[g["r"]]
    else:  # iso, dmy, weak_my
        month = int(g["m"])
    if month is None or not 1 <= month <= 12:
        return None
    if kind == "word":  # a day is optional, and may be a range of days ('3–5 maja')
        days = [int(d) for d in (g["d"], g["d2"]) if d]
    elif kind in ("iso", "dmy", "roman"):
        days = [int(g["d"])]
    else:  # weak_roman, weak_my: a month and a year
        days = []
    if not days:
        return _date_value(year, month), None
    if not all(1 <= d <= _days_in(year, month) for d in days) or days != sorted(set(days)):
        return None  # '31 lutego', '14–12 marca'
    value = _date_value(year, month, days[0])
    last = _date_value(year, month, days[-1]) if len(days) == 2 else None
    return value, last


@lru_cache(maxsize=4096)
def _date_value(year: int, month: int | None = None, day: int | None = None) -> DateValue:
    """``DateValue(year=year, month=month, day=day)``, made once per value: a DateValue is
    immutable, and validating one on creation costs more than the lookup."""
    return DateValue(year=year, month=month, day=day)


def _qualifier(is_range: bool, lead: _LeadWords | None) -> str | None:
    if is_range:
        return "range"
    if lead is None:
        return None
    prep, pos, season, kw = lead
    if pos:
        pos = pos.lower()
        if pos.startswith(("koń", "koniec")):
            return "end"
        if pos.startswith("począt"):
            return "beginning"
        if pos.startswith("połow"):
            return "middle"
    if season:
        return "season"
    if not prep:
        return None  # no preposition gives no other qualifier
    prep = _tidy(prep)
    if prep in ("od", "począwszy od") or (prep in ("z", "ze") and (kw or "").lower() == "dniem"):
        return "since"
    return {"do": "until", "aż do": "until", "przed": "before", "po": "after"}.get(prep)


def _tidy(word: str) -> str:
    """A lead word lower-cased, its inner white space made one space ('począwszy od')."""
    word = word.lower()
    return word if word.isalpha() else _SPACES.sub(" ", word)


def _trigger(text: str, lo: int, start: int) -> tuple[str, ...]:
    """The last four words of ``text[lo:start]`` after its last sentence break."""
    last_break = _LAST_SENTENCE_BREAK.search(text, lo, start)
    words = _WORD.findall(text, last_break.end() if last_break else lo, start)
    return tuple(map(str.lower, words[-4:]))


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in ``text``, in order, non-overlapping (leftmost-longest)."""
    first_year = _ANY_YEAR.search(text)
    if first_year is None:
        return []  # every form has a year
    years = [first_year, *_ANY_YEAR.finditer(text, first_year.end())]
    candidates = []
    for rank, kind in _cores_to_try(text, years):
        if kind == "word":
            matches = _month_word_matches(text, years)
        elif kind == "weak_year":
            matches = _weak_year_matches(text, years)
        else:
            matches = _CORES[rank][1].finditer(text)
        for m in matches:
            candidates.append((m.start(), -m.end(), rank, kind, m))
    # By start, longest first, then by rank: no two candidates tie on all three (the
    # matches of one core do not overlap), so the sort never compares kinds or matches.
    candidates.sort()

    mentions: list[DateMention] = []
    taken = 0  # end of the last accepted mention: nothing may start before it
    for core_start, _neg_end, _rank, kind, m in candidates:
        if core_start < taken:
            continue
        parsed = _value(kind, m)
        if parsed is None:
            continue
        lo = max(taken, core_start - _LOOKBACK)
        lead = _LEAD.search(text, lo, core_start)
        if lead is not None and lead.start() == core_start:
            lead = None
        start = lead.start() if lead else core_start
        suffix = _SUFFIX.match(text, m.end())
        end = suffix.end() if suffix else m.end()
        if _BLOCKERS.search(text, lo, start):
            continue
        if kind.startswith("weak") and not _weak_ok(text, kind, lo, start, end, lead, suffix):
            continue
        value, range_end = parsed
        words = _lead_words(lead) if lead is not None else None
        mentions.append(
            DateMention(
                value=value,
                start=start,
                end=end,
                text=text[start:end],
                preposition=_lead_word(words),
                qualifier=_qualifier(range_end is not None, words),
                range_end=range_end,
                trigger=_trigger(text, lo, start),
            )
        )
        taken = end
    return mentions


def _cores_to_try(text: str, years: list[re.Match[str]]) -> tuple[tuple[int, str], ...]:
    """(rank, kind) of the cores that can match in ``text`` (``years``: the matches of
    ``_ANY_YEAR``): cheap tests first, so that a core is not run over a text that lacks
    what every match of it has.

    The year of every core's match is one of ``years`` (no digit stands right before it,
    so no other year overlaps it), and so is a range's second year (after a dash or a
    slash), with no year between the two."""
    separated = any(_separated(text, year.start(), year.end()) for year in years)
    roman = ("I" in text or "V" in text or "X" in text) and any(
        _ROMAN_BEFORE.match(text, 0, year.start()) for year in years
    )
    ranged = any(_RANGE_GAP.fullmatch(text, a.end(), b.start()) for a, b in pairwise(years))
    return _cores_needing(separated, roman, ranged)


def _separated(text: str, start: int, end: int) -> bool:
    """The year ``text[start:end]`` can be the year of a date in digits: a dash right
    after it ('2010-10-22'), or a dot, a slash or a dash among the two characters before
    it ('22.10.2010', '22. 10. 2010', '03/2012': the separator, then at most one space)."""
    before = text[max(0, start - 2) : start]
    return text[end : end + 1] == "-" or "." in before or "/" in before or "-" in before


@lru_cache(maxsize=8)  # one tuple per combination of the three tests
def _cores_needing(separated: bool, roman: bool, ranged: bool) -> tuple[tuple[int, str], ...]:
    """(rank, kind) of the cores that can match a text with a year among digit separators
    (``separated``: :func:`_separated`), a Roman digit right before a year (``roman``) and
    two years with a dash or a slash between (``ranged``)."""
    needs = {
        "iso": separated,  # 2010-10-22
        "dmy": separated,  # 22.10.2010
        "weak_my": separated,  # 03.2012
        "roman": roman,  # 3 V 2019
        "weak_roman": roman,  # III 2012
        "weak_range": ranged,  # 2019–2023
    }
    return tuple((rank, kind) for rank, (kind, _) in enumerate(_CORES) if needs.get(kind, True))


def _month_word_matches(text: str, years: list[re.Match[str]]) -> list[regex.Match[str]]:
    """The matches of the 'word' core that name a month ('12 maja 2013'), the only ones
    :func:`_value` keeps; the same as ``finditer`` finds, without trying the core at
    every word of the text (the slowest of the cores).

    Such a match ends in a month name, spaces and a year (one of ``years``, the matches of
    ``_ANY_YEAR``: a year after a space is never inside another one): each letter run before
    spaces and a year is a candidate ``w``.  The match starts at the word or at a day before
    it, made of digits, dots, dashes and spaces alone (``3-5 maja``), so the core is tried
    only from there.  A match of another word ('w 2011') takes no text from these: no
    match can start inside another and reach a later year.
    """
    core = _WORD_CORE
    found = []
    end = 0  # the end of the last match: the next one starts after it
    for year in years:
        word = _WORD_BEFORE.match(text, 0, year.start())  # the letters, then white space
        if word is None or month_number(word["w"]) is None:
            continue
        start = word.start()
        if start > end and (day := _DAY_BEFORE.match(text, end, start)) is not None:
            start = day.start()
        for s in range(max(start, end), word.start() + 1):  # the core starts by the word
            if (m := core.match(text, s)) is not None:
                found.append(m)
                end = m.end()
                break
    return found


def _weak_year_matches(text: str, years: list[re.Match[str]]) -> list[regex.Match[str]]:
    """The matches of the 'weak_year' core: what ``finditer`` finds, tried only at the
    ``years`` (the matches of ``_ANY_YEAR``).  A match is a year with no digit right before
    it, which no other year overlaps, so it is one of them; and no two matches overlap."""
    core = _WEAK_YEAR_CORE
    return [m for year in years if (m := core.match(text, year.start())) is not None]


def _lead_word(lead: _LeadWords | None) -> str | None:
    if lead is None:
        return None
    for word in lead:
        if word:
            return _tidy(word)
    raise ValueError("a lead without words")  # _LEAD matches no empty lead here


def _weak_ok(
    text: str,
    kind: str,
    lo: int,
    start: int,
    end: int,
    lead: regex.Match[str] | None,
    suffix: regex.Match[str] | None,
) -> bool:
    """Evidence that a bare number is a date: a lead, a suffix, or standing alone."""
    if suffix is None and kind in ("weak_year", "weak_range"):
        nxt = _NEXT_WORD.match(text, end)
        if nxt and (nxt["pct"] or _is_quantity_word(nxt["w"])):
            return False  # 'do 2000 osób', '2000 zł', '2011 %'
    if lead is not None or suffix is not None:
        return True
    before = text[lo:start].rstrip()
    before = before.rstrip("\u200b\u2060\ufeff")
    # Standalone: start of text or after punctuation ('Rok założenia: 2011', '(2011)').
    return not before or not (before[-1].isalnum() or before[-1] == "_")


def parse_date(text: str) -> DateValue | None:
    """The single date a short string denotes ('2008', 'III 2012', 'maj 2013 r.'), else None.

    The whole string (trimmed; a final '.' or ',' tolerated) must be one date expression;
    a range ('2019–2023') is not a single date.
    """
    stripped = text.strip()
    return single_date(stripped, find_dates(stripped))


def single_date(stripped: str, mentions: list[DateMention]) -> DateValue | None:
    """:func:`parse_date` of a string already trimmed (``stripped``) whose date mentions
    (``find_dates(stripped)``) are at hand: a caller that needs both parses once."""
    if len(mentions) != 1:
        return None
    (mention,) = mentions
    if mention.start != 0 or stripped[mention.end :].strip(" .,;\u00a0"):
        return None
    if mention.qualifier == "range":
        return None
    return mention.value
