"""Segment: a cleaned page -> the page's own statements + one Section per partnership.

A page describes a partnership under a heading of its own — ``<h1>``–``<h6>``, a bold
paragraph, a plain line of a text page — that names it: ``Partnerstwo „Sady”``,
``PARTNERSTWO LOKALNE „X”``, ``„X”`` alone; or in a row of a table whose column says it
holds the partnership's name; or, on a page with neither, in a paragraph that opens by
defining it (``Partnerstwo „X” powstało …``).  A page that only mentions partnerships in
passing (news about a picnic they organise) has no sections.

A section runs from its heading to the next partnership heading, or to the next heading
of the same or a higher rank (``<h2>`` ends an ``<h3>`` section; ``<h3>`` subsections
such as "Historia" stay inside an ``<h2>`` section).  Blocks outside every section are
the page's own statements (its introduction, the coordinator of all partnerships, counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import regex

from pipeline.clean import Block, Document, Role

QUOTES_OPEN = "„\"«“‚'»"
QUOTES_CLOSE = "”\"»“’'«"
_Q_OPEN = f"[{regex.escape(QUOTES_OPEN)}]"
_Q_CLOSE = f"[{regex.escape(QUOTES_CLOSE)}]"
_SP = r"[\s\u00a0]"

#: A heading that names one partnership: optional "Partnerstwo (lokalne)" then a quoted name.
_QUOTED_HEADING = regex.compile(
    rf"^(?:partnerstwo(?:{_SP}+lokalne)?{_SP}*[:\-–]?{_SP}*)?{_Q_OPEN}{_SP}*"
    rf"(?P<name>[^{regex.escape(QUOTES_OPEN + QUOTES_CLOSE)}]+?){_SP}*{_Q_CLOSE}{_SP}*[.:]?$",
    regex.I,
)
#: ... or "Partnerstwo (lokalne) Name" without quotes (the name capitalised).
_PLAIN_HEADING = regex.compile(
    rf"^Partnerstwo(?:{_SP}+lokalne)?{_SP}+(?P<name>\p{{Lu}}[\p{{L}}\d\-–.' ]{{1,80}}?){_SP}*$"
)
#: A paragraph opening with a definition: "Partnerstwo (lokalne) „X” powstało / zostało …".
_DEFINING_SENTENCE = regex.compile(
    rf"^Partnerstwo(?:{_SP}+lokalne)?{_SP}+{_Q_OPEN}{_SP}*"
    rf"(?P<name>[^{regex.escape(QUOTES_OPEN + QUOTES_CLOSE)}]+?){_SP}*{_Q_CLOSE}"
    rf"[^.]{{0,80}}?\b(?:powstało|zostało|zawiązało|działa{_SP}+od|funkcjonuje{_SP}+od)\b"
)
#: Column headers that hold a partnership's name.
_NAME_COLUMN = regex.compile(r"\b(?:nazwa|partnerstwo)\b", regex.I)
#: A quoted name at the start of a table cell (`„Bałuckie Podwórka”\n(dawniej …)`).
_CELL_NAME = regex.compile(
    rf"^{_SP}*{_Q_OPEN}{_SP}*(?P<name>[^{regex.escape(QUOTES_OPEN + QUOTES_CLOSE)}\n]+?)"
    rf"{_SP}*{_Q_CLOSE}|^(?P<name>[^\n(]+?){_SP}*(?:$|\n|\()"
)


class SectionKind(StrEnum):
    HEADING = "heading"
    TABLE_ROW = "table_row"
    SENTENCE = "sentence"


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    kind: SectionKind
    heading: Block  # the block that names the partnership
    name_start: int  # page span of the name as written (quotes excluded)
    name_end: int
    blocks: tuple[Block, ...]  # the section's body (the heading block excluded)

    @property
    def name_text(self) -> str:
        return self.heading.text[
            self.name_start - self.heading.start : self.name_end - self.heading.start
        ]


@dataclass(frozen=True, slots=True, kw_only=True)
class Segmentation:
    document: Document
    statements: tuple[Block, ...]
    sections: tuple[Section, ...]


def _heading_name(block: Block) -> tuple[int, int] | None:
    """Page span of the partnership name a heading block gives, if it is one."""
    text = block.text
    m = _QUOTED_HEADING.match(text)
    if m is None and text.startswith("Partnerstwo"):  # (a cheap test before the pattern's)
        m = _PLAIN_HEADING.match(text)
    if not m:
        return None
    return block.start + m.start("name"), block.start + m.end("name")


def _rank(block: Block) -> int | None:
    return block.level if block.level is not None and block.level <= 7 else None


def _heading_sections(blocks: tuple[Block, ...]) -> list[tuple[int, int, Section]]:
    """Sections introduced by headings: (first body index, end index, section)."""
    found: list[tuple[int, int, Section]] = []
    heads = [
        (i, span)
        for i, b in enumerate(blocks)
        if b.role is Role.HEADING and (span := _heading_name(b)) is not None
    ]
    head_indexes = {i for i, _ in heads}
    for i, (s, e) in heads:
        rank = _rank(blocks[i])
        j = i + 1
        while j < len(blocks) and j not in head_indexes:
            b = blocks[j]
            if b.role is Role.HEADING and rank is not None:
                other = _rank(b)
                if other is not None and other <= rank:
                    break
            j += 1
        section = Section(
            kind=SectionKind.HEADING,
            heading=blocks[i],
            name_start=s,
            name_end=e,
            blocks=blocks[i + 1 : j],
        )
        found.append((i, j, section))
    return found


def _table_sections(blocks: tuple[Block, ...]) -> list[tuple[int, int, Section]]:
    """One section per row of a table whose column header says it holds the name."""
    found: list[tuple[int, int, Section]] = []
    rows: dict[tuple[int, int], list[int]] = {}
    for i, b in enumerate(blocks):
        if b.cell is not None and not b.cell.is_header:
            rows.setdefault((b.cell.table, b.cell.row), []).append(i)
    for indexes in rows.values():
        name_cell = next(
            (
                i
                for i in indexes
                if (cell := blocks[i].cell) is not None
                and cell.header
                and _NAME_COLUMN.search(cell.header)
            ),
            None,
        )
        if name_cell is None:
            continue
        b = blocks[name_cell]
        m = _CELL_NAME.match(b.text)
        if not m or not m.group("name").strip():
            continue
        body = tuple(blocks[i] for i in indexes if i != name_cell)
        section = Section(
            kind=SectionKind.TABLE_ROW,
            heading=b,
            name_start=b.start + m.start("name"),
            name_end=b.start + m.end("name"),
            blocks=(b, *body),  # the name cell also holds former names: "(dawniej „…”)"
        )
        found.append((indexes[0], indexes[-1] + 1, section))
    return found


def _sentence_sections(blocks: tuple[Block, ...]) -> list[tuple[int, int, Section]]:
    """Fallback: paragraphs that open by defining a partnership start a section each."""
    starts = [
        (i, m)
        for i, b in enumerate(blocks)
        if b.role is Role.PARAGRAPH
        and b.text.startswith("Partnerstwo")
        and (m := _DEFINING_SENTENCE.match(b.text))
    ]
    found: list[tuple[int, int, Section]] = []
    for k, (i, m) in enumerate(starts):
        j = starts[k + 1][0] if k + 1 < len(starts) else len(blocks)
        b = blocks[i]
        section = Section(
            kind=SectionKind.SENTENCE,
            heading=b,
            name_start=b.start + m.start("name"),
            name_end=b.start + m.end("name"),
            blocks=blocks[i:j],  # the defining paragraph is content too
        )
        found.append((i, j, section))
    return found


def segment(document: Document) -> Segmentation:
    blocks = document.blocks
    found = _heading_sections(blocks) + _table_sections(blocks)
    if not found:
        found = _sentence_sections(blocks)
    found.sort(key=lambda t: t[0])
    covered: set[int] = set()
    for start, end, _ in found:
        covered.update(range(start, end))
    statements = tuple(b for i, b in enumerate(blocks) if i not in covered)
    return Segmentation(
        document=document,
        statements=statements,
        sections=tuple(section for _, _, section in found),
    )
