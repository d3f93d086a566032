"""Partnership names: where each section's partnership is named.

The segmenter already found the heading (or table cell, or defining sentence) that names
the partnership and the span of the name inside its quotes; this extractor turns it into
a mention and, when the heading shouts in capitals, finds where the body writes the same
name in ordinary case (``PARTNERSTWO LOKALNE „PODGRODZIE …”`` vs ``„Podgrodzie …”``).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.normalize.names import is_shouting
from pipeline.segment import Section, Segmentation

_SP = r"[\s\u00a0]+"


@dataclass(frozen=True, slots=True, kw_only=True)
class NameMention:
    start: int  # page span of the name as written (no quotes)
    end: int
    text: str
    source: str  # 'heading' | 'table_row' | 'sentence' | 'body' (same name in ordinary case)


def _same_name_pattern(text: str) -> regex.Pattern[str]:
    words = [regex.escape(w) for w in text.split()]
    return regex.compile(r"(?<!\w)" + _SP.join(words) + r"(?!\w)", regex.I)


def name_mentions(section: Section, segmentation: Segmentation) -> list[NameMention]:
    """The mentions of the section's current name, the heading's first."""
    text = segmentation.document.text
    heading = NameMention(
        start=section.name_start,
        end=section.name_end,
        text=text[section.name_start : section.name_end],
        source=section.kind.value,
    )
    mentions = [heading]
    if is_shouting(heading.text, min_letters=3):
        pattern = _same_name_pattern(heading.text)
        for block in (*section.blocks, *segmentation.statements):
            for m in pattern.finditer(block.text):
                if not is_shouting(m.group(), min_letters=3):
                    s = block.start + m.start()
                    mentions.append(
                        NameMention(start=s, end=s + len(m.group()), text=m.group(), source="body")
                    )
                    return mentions
    return mentions
