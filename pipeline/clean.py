"""Clean: a loaded page -> the page's text as blocks with roles and exact spans; furniture gone.

The *page's text* is the coordinate system every later span refers to:

- for a ``.txt`` page it is the file's text itself (as decoded by :mod:`pipeline.load`);
- for an HTML page it is the text the cleaner renders from the article: one block per
  paragraph / heading / list item / table cell, blocks separated by a blank line, HTML
  whitespace collapsed as a browser would, ``<br>`` kept as a line break, entities decoded
  (an ``&nbsp;`` stays U+00A0).

Furniture never becomes a block: ``<script>``, ``<style>``, comments, ``<noscript>``,
``<template>``, hidden elements, navigation, site header and footer, sidebars, forms,
"back" links, share buttons, breadcrumbs, cookie notices; image alt text is never read.
A text page gets the same treatment where furniture is recognisable by its shape (menus,
contact blocks, a leading "Wstecz", a trailing "Pin It", an image's alt word glued to a
heading line).

Spans are never rewritten: a block's ``text`` is always ``document.text[start:end]``.
Analysis wants tidier text (NBSP as a space, one space between words); :func:`normalize_spaces`
gives it together with a map back to the original offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

import lxml.etree
import regex

from pipeline.caches import page_cache
from pipeline.load import Page


class Role(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """Where a table cell sits: table number on the page, row, column, and its column header."""

    table: int
    row: int
    col: int
    is_header: bool
    header: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    role: Role
    start: int
    end: int
    text: str  # == Document.text[start:end]
    level: int | None = None  # 1–6 for <h1>–<h6>; 7 for a bold paragraph standing as a heading
    bold: bool = False  # every letter of the block is bold
    element: str | None = None  # XPath of the HTML element it came from
    cell: Cell | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    page: Page
    text: str
    blocks: tuple[Block, ...]


# --------------------------------------------------------------------------------------
# Tunables and furniture knowledge
# --------------------------------------------------------------------------------------

#: Elements whose content is never page text.
DROP_TAGS = frozenset(
    """script style noscript template iframe object embed svg canvas math form input button
    select textarea label nav aside footer dialog map video audio head title meta link
    img picture source""".split()
)
#: Elements that start and end a block of text.
BLOCK_TAGS = frozenset(
    """p h1 h2 h3 h4 h5 h6 li td th dt dd blockquote pre figcaption caption address div
    section article main ul ol dl table thead tbody tfoot tr header figure center body html
    hr details summary""".split()
)
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
BOLD_TAGS = frozenset({"b", "strong"})
#: ARIA roles of page furniture.
DROP_ROLES = frozenset(
    "navigation banner contentinfo complementary search dialog alertdialog menu menubar".split()
)
#: Words of class/id values that mark furniture (each class token is also split at - and _).
FURNITURE_CLASS_WORDS = frozenset(
    """nav navbar navigation menu breadcrumb breadcrumbs sidebar widget share sharing
    sharedaddy social pinterest cookie cookies skip pagination pagenavigation tags comments
    related newsletter byline submitted topbar masthead licznik baner banner stopka wstecz
    naglowek invisible advert ads toolbar aside tagi""".split()
)
#: Whole class/id tokens that mark furniture.
FURNITURE_CLASS_TOKENS = frozenset(
    """sr-only visually-hidden visually-hidden-focusable screen-reader-text element-invisible
    site-header site-footer site-branding site-title site-name site-description site-slogan
    site-info entry-footer entry-meta post-meta article-info node__meta back-to-top back-top
    pin-it-button hidden""".split()
)
#: Elements that frame the whole page or article: their classes describe the layout.
STRUCTURAL_TAGS = frozenset({"html", "body", "main", "article"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
#: Longest text a heading line of a text page may have.
MAX_HEADING_CHARS = 150
#: A bold paragraph longer than this is emphasised prose, not a heading.
MAX_BOLD_HEADING_CHARS = 160

# An image's alt word glued to a heading line of a text page: after a closing quote
# (`…Nadodrza"foto`) or in front of a capitalised word (`ikonaPartnerstwo`).
_GLUED_TAIL = regex.compile(r'(?<=[”"»’])\p{Ll}[\p{Ll}\d_-]*\s*$')
_GLUED_TAIL_QUOTE = re.compile('[”"»’]')  # looked for before the slower _GLUED_TAIL
_GLUED_HEAD = regex.compile(r"^\p{Ll}[\p{Ll}\d_-]*(?=\p{Lu}\p{Ll}{2})")
# A closing call after the last sentence of a block: "… Krajowej.      Zapraszamy!"
_CLOSING_CALL = regex.compile(
    r"(?<=[.!?])[\s\u00a0]+(?:serdecznie\s+)?zapraszamy\b[^.!?\n]{0,60}[!.]?[\s\u00a0]*$",
    regex.I,
)
_CLOSING_WORD = regex.compile("zapraszamy", regex.I)  # looked for before _CLOSING_CALL
_BULLET = regex.compile(r"^[\s\u00a0]*(?:[-–—•·▪◦*]|\d{1,2}[.)])[\s\u00a0]+")
_CONTACT_LINE = regex.compile(
    r"\b\d{2}-\d{3}\b|\btel\.|\be-?mail\b|@|\bfax\b|www\.|https?://|\bczynne\b", regex.I
)
# Lines that are furniture: how they begin ...
_FURNITURE_LINE_START = regex.compile(
    r"""(?:©|\(c\)|copyright\b)
      |jesteś\ tutaj\b
      |ostatni[aey]?\ (?:modyfikacj|aktualizacj)
      |(?:informacje\ |dane\ )?(?:według\ |wg\ )?stan(?:u)?\ na\ (?:dzień\ )?\d
      |(?:opublikowano|autor|napisane\ przez)\b
      |udostępnij\b
      |(?:deklaracja\ dostępności|polityka\ prywatności)\b
    """,
    regex.I | regex.X,
)
# ... or what they say anywhere (searched only in a block that has one of _FURNITURE_WORDS)
_FURNITURE_LINE_ANYWHERE = regex.compile(
    r"wszelkie\ prawa\ zastrzeżone|\bcookies?\b", regex.I | regex.X
)
_FURNITURE_WORDS = ("zastrzeżone", "cookie")
_FURNITURE_STRIP_CHARS = r"\s\u00a0«»‹›←→↑↓|•·:!…\."
#: The white space ``\s`` stands for in :mod:`regex` (Unicode White_Space), spelled out for
#: a pattern of the faster :mod:`re`, whose ``\s`` also takes U+001C..U+001F.
_REGEX_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: _FURNITURE_STRIP_CHARS for :mod:`re` (which runs the substitution in half the time).
_FURNITURE_STRIP_SPELLED_OUT = _FURNITURE_STRIP_CHARS.replace("\\s", _REGEX_WHITE_SPACE)
_FURNITURE_STRIP = re.compile(f"[{_FURNITURE_STRIP_SPELLED_OUT}]+")


@cache
def furniture_phrases() -> frozenset[str]:
    """Whole-block furniture phrases (resources/furniture.txt), normalised for lookup."""
    text = resources.files("pipeline.resources").joinpath("furniture.txt").read_text("utf-8")
    return frozenset(
        _furniture_key(line) for line in text.splitlines() if line and not line.startswith("#")
    )


def _furniture_key(text: str) -> str:
    return _FURNITURE_STRIP.sub(" ", text).strip().casefold()


@cache
def _longest_phrase() -> int:
    return max(map(len, furniture_phrases()), default=0)


@cache
def _longer_than_any_phrase() -> re.Pattern[str]:
    """Matches a text with more letters (characters that are not _FURNITURE_STRIP_CHARS)
    than any phrase has: (stripped characters, a letter) once more than the longest phrase
    has letters.  (:mod:`re` runs this unrolled pattern in half the time :mod:`regex` needs
    for a repeated group; matched at the start, not searched for, it fails in one pass.)"""
    stripped = _FURNITURE_STRIP_SPELLED_OUT
    letter, strip_run = f"[^{stripped}]", f"[{stripped}]*"
    return re.compile((strip_run + letter) * (_longest_phrase() + 1))


def _may_be_a_phrase(text: str) -> bool:
    """Not more letters than any furniture phrase has (a text that short needs no search)."""
    return len(text) <= _longest_phrase() or not _longer_than_any_phrase().match(text)


def is_furniture_line(text: str) -> bool:
    """A line that is furniture: a copyright, a breadcrumb, a date stamp, a cookie note."""
    if _FURNITURE_LINE_START.match(text):
        return True
    folded = text.casefold()
    for word in _FURNITURE_WORDS:
        if word in folded:
            return _FURNITURE_LINE_ANYWHERE.search(text) is not None
    return False


def is_furniture_text(text: str) -> bool:
    """A block whose whole text is navigation, sharing or a closing call."""
    phrases = furniture_phrases()
    if _may_be_a_phrase(text) and _furniture_key(text) in phrases:
        return True
    if is_furniture_line(text.strip()):
        return True
    if "|" in text:  # "« wstecz | drukuj | do góry"
        parts = [p for p in (_furniture_key(p) for p in text.split("|")) if p]
        return bool(parts) and all(p in phrases for p in parts)
    return False


# --------------------------------------------------------------------------------------
# Trimming of a block's span (shared by HTML and text pages)
# --------------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int, *, heading_like: bool) -> tuple[int, int]:
    """Narrow [start, end) of ``text`` past surrounding space and glued furniture."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if heading_like and end - start <= MAX_HEADING_CHARS:
        piece = text[start:end]
        if _GLUED_TAIL_QUOTE.search(piece) and (m := _GLUED_TAIL.search(piece)):
            end = start + m.start()
        piece = text[start:end]
        if m := _GLUED_HEAD.match(piece):
            start += m.end()
    if _CLOSING_WORD.search(text, start, end) and (m := _CLOSING_CALL.search(text, start, end)):
        end = m.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _looks_like_heading_line(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= MAX_HEADING_CHARS and not s.endswith((".", ",", ";", ":"))


# --------------------------------------------------------------------------------------
# Text pages
# --------------------------------------------------------------------------------------


def _text_groups(text: str) -> list[list[tuple[int, int]]]:
    """Non-empty lines as (start, end), grouped by blank lines."""
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip(" \t\u00a0\r"):
            current.append((start, end))
        elif current:
            groups.append(current)
            current = []
        start = end + 1
    if current:
        groups.append(current)
    return groups


def _is_label_line(line: str) -> bool:
    s = line.strip()
    return (
        len(s) <= 40 and not s.endswith((".", ",", ";", ":", "!", "?")) and not _BULLET.match(line)
    )


#: What each alternative of _CONTACT_LINE needs, case-folded: a line with none of them
#: needs no search.  ("i\u0307" is "İ" case-folded: regex.I lets an "İ" stand for an "i".)
_CONTACT_SIGNS = ("-", "@", "tel.", "mail", "fax", "www.", "://", "czynne", "i\u0307")


def _is_contact_line(line: str) -> bool:
    """A line with a postal code, a phone or fax number, an e-mail or web address, hours."""
    folded = line.casefold()
    for sign in _CONTACT_SIGNS:
        if sign in folded:
            return _CONTACT_LINE.search(line) is not None
    return False


def clean_text(page: Page) -> Document:
    text = page.text
    blocks: list[Block] = []
    for group in _text_groups(text):
        lines = [text[s:e] for s, e in group]
        # A menu (several short labels in a row) or a contact/address block: furniture.
        if len(group) >= 3 and all(_is_label_line(line) for line in lines):
            continue
        if len(group) >= 2 and any(_is_contact_line(line) for line in lines):
            continue
        for line_span, line in zip(group, lines, strict=True):
            s, e = line_span
            if is_furniture_text(line) or (len(line) < 80 and _is_contact_line(line)):
                continue
            role = Role.PARAGRAPH
            if m := _BULLET.match(line):
                role, s = Role.LIST_ITEM, s + m.end()
            heading_like = role is Role.PARAGRAPH and _looks_like_heading_line(line)
            s, e = _trim(text, s, e, heading_like=heading_like)
            if s >= e or ((s, e) != line_span and is_furniture_text(text[s:e])):
                continue  # (the whole line was found no furniture above)
            if heading_like and len(group) == 1:
                role = Role.HEADING
            blocks.append(Block(role=role, start=s, end=e, text=text[s:e]))
    return Document(page=page, text=text, blocks=tuple(blocks))


# --------------------------------------------------------------------------------------
# HTML pages
# --------------------------------------------------------------------------------------

_BR = "\n"  # a <br> inside a block (source newlines are collapsed before pieces are joined)
_ASCII_SPACE = " \t\n\r\f\v"  # the white space HTML collapses
#: The attributes that can make an element furniture (see :func:`_is_dropped`).
_FURNITURE_ATTRIBUTES = frozenset({"class", "id", "hidden", "aria-hidden", "style", "role", "href"})
_LETTER = re.compile(r"[^\W_]")  # a letter or digit: what str.isalnum() accepts


def _furniture_by_class(names: str) -> bool:
    """Do the class/id values ``names`` (lower-cased) mark furniture?  A whole token may,
    or one of its words (a token split at - and _)."""
    if not FURNITURE_CLASS_TOKENS.isdisjoint(names.split()):
        return True
    words = names.replace("-", " ").replace("_", " ").split()
    return not FURNITURE_CLASS_WORDS.isdisjoint(words)


def _is_dropped(el: lxml.etree._Element, tag: str, inside_article: bool) -> bool:
    if tag in DROP_TAGS:
        return True
    if tag == "header" and not inside_article:
        return True
    attributes = el.keys()
    if not attributes or _FURNITURE_ATTRIBUTES.isdisjoint(attributes):
        return False  # most elements: no attribute to look at
    if "hidden" in attributes:
        return True
    if "aria-hidden" in attributes and el.get("aria-hidden", "").lower() == "true":
        return True
    if "style" in attributes and _HIDDEN_STYLE.search(el.get("style", "")):
        return True
    if "role" in attributes and el.get("role", "").lower() in DROP_ROLES:
        return True
    if tag == "a" and el.get("href", "").strip().lower().startswith("javascript:"):
        return True
    if "class" not in attributes and "id" not in attributes:
        return False  # (a link's href, say: no class or id to read)
    # the page's frame carries layout classes ("has-sidebar-right"), not furniture
    return tag not in STRUCTURAL_TAGS and _furniture_by_class(
        f"{el.get('class', '')} {el.get('id', '')}".lower()
    )


#: libxml2 stops building the tree below this depth (and drops the rest of the page); a
#: page nested deeper is flattened below ``FLATTEN_DEPTH`` and parsed again.
FLATTEN_DEPTH = 256
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def _flatten_deep(source: str) -> str:
    """Drop the tags (not the text) of elements nested deeper than FLATTEN_DEPTH."""
    out: list[str] = []
    depth, pos = 0, 0
    for m in _TAG.finditer(source):
        closing, tag, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _VOID or self_closing:
            continue
        deep = depth >= FLATTEN_DEPTH if not closing else depth > FLATTEN_DEPTH
        if deep:
            out.append(source[pos : m.start()])
            pos = m.end()
        depth = depth - 1 if closing else depth + 1
        depth = max(depth, 0)
    out.append(source[pos:])
    return "".join(out)


def _parse_html(source: str) -> lxml.etree._Element | None:
    # plain lxml elements: the walk only reads tags, attributes and text, and lxml.html's
    # element classes cost more to create
    source = _XML_DECL.sub("", source, count=1)
    for attempt in range(2):
        parser = lxml.etree.HTMLParser(
            remove_comments=True, remove_pis=True, huge_tree=True, collect_ids=False
        )
        try:
            root = lxml.etree.fromstring(source, parser)
        except (lxml.etree.ParserError, ValueError):
            return None
        if root is None:  # nothing but white space, comments or a doctype
            return None
        too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
        if not too_deep or attempt:
            return root
        source = _flatten_deep(source)
    return None  # pragma: no cover - the loop always returns


def _collapse_spaces(s: str) -> str:
    """``s`` with each run of HTML white space (``_ASCII_SPACE``) as one space.

    (str.replace is many times faster than a regex substitution here: text from HTML
    sources has a run of line break and indentation every few words.)
    """
    if "  " not in s and s.isprintable():  # no run to collapse (\t\n\r\f\v are unprintable)
        return s
    for space in "\t\n\r\f\v":
        s = s.replace(space, " ")
    while "  " in s:
        s = s.replace("  ", " ")
    return s


#: Where a table cell sits: (table number on the page, row, column, is it a <th>?).  The
#: :class:`Cell` is made once its column's header is known.
_CellPlace = tuple[int, int, int, bool]


@dataclass(slots=True)
class _Segment:
    """Inline text gathered for one block-level element (between its nested blocks)."""

    element: lxml.etree._Element
    tag: str
    cell: _CellPlace | None
    pieces: list[str]
    visible: bool = False  # a piece has more than ASCII white space: it renders to text
    bold_letters: bool = False  # a letter or digit inside <b>/<strong>
    plain_letters: bool = False  # ... outside them
    unlinked_letters: bool = False  # ... outside a link
    links: int = 0

    def add(self, s: str, bold: bool, link: bool) -> None:
        self.pieces.append(s)
        if s.isspace():  # a <br> or the white space between tags; but NBSP and the like show
            if not self.visible and s.strip(_ASCII_SPACE):
                self.visible = True
            return
        self.visible = True
        # a piece's letters are looked for only when they would tell something new
        new_kind = not self.bold_letters if bold else not self.plain_letters
        if (new_kind or (not link and not self.unlinked_letters)) and _LETTER.search(s):
            if bold:
                self.bold_letters = True
            else:
                self.plain_letters = True
            if not link:
                self.unlinked_letters = True

    @property
    def is_link_list(self) -> bool:
        """Two or more links and nothing else: a menu or a tag cloud."""
        return self.links >= 2 and not self.unlinked_letters

    def render(self) -> str:
        text = "".join([p if p is _BR else _collapse_spaces(p) for p in self.pieces])
        if "\n" not in text:  # no <br>
            return text.strip(" ")
        return "\n".join(part.strip(" ") for part in text.split("\n")).strip("\n ")


#: Elements that change how the text inside them counts (bold, a link, the article).
_ARTICLE_TAGS = frozenset({"article", "main"})
_CONTEXT_TAGS = BOLD_TAGS | {"a"} | _ARTICLE_TAGS
_TABLE_TAGS = frozenset({"table", "tr", "td", "th"})
#: What is kept for a skipped element: only its empty tag is ever read (at its end).
_SKIPPED = ("", False, False, False)


def _segments(root: lxml.etree._Element) -> list[_Segment]:
    """The page's inline text, gathered per block-level element in document order, with
    furniture skipped; only segments with text to show are kept."""
    body = root.find("body")
    start = body if body is not None else root
    out: list[_Segment] = []
    open_blocks: list[_Segment] = []
    tables: list[list[int]] = []  # per open table: [table number, row, col]
    n_tables = 0
    # per open element: its tag ("" when skipped) and whether text inside it is bold,
    # inside a link, inside an <article>/<main>
    inside: list[tuple[str, bool, bool, bool]] = [_SKIPPED]
    walk = lxml.etree.iterwalk(start, events=("start", "end"))  # iterative: pages nest deep
    for event, el in walk:
        if event == "end":
            tag = inside.pop()[0]
            if tag in BLOCK_TAGS:
                seg = open_blocks.pop()
                if seg.visible:
                    out.append(seg)
                if tag == "table" and tables:
                    tables.pop()
            if open_blocks and el is not start and (tail := el.tail):
                _, bold, link, _ = inside[-1]
                open_blocks[-1].add(tail, bold, link)
            continue
        context = inside[-1]
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if not tag or _is_dropped(el, tag, context[3]):
            walk.skip_subtree()
            inside.append(_SKIPPED)
            continue
        _, bold, link, in_article = context
        if tag in _CONTEXT_TAGS:
            bold = bold or tag in BOLD_TAGS
            link = link or tag == "a"
            in_article = in_article or tag in _ARTICLE_TAGS
        inside.append((tag, bold, link, in_article))
        if tag in BLOCK_TAGS:
            cell = None
            if tag in _TABLE_TAGS:
                if tag == "table":
                    tables.append([n_tables, -1, -1])
                    n_tables += 1
                elif tag == "tr" and tables:
                    tables[-1][1] += 1
                    tables[-1][2] = -1
                elif tables:  # <td> or <th>
                    tables[-1][2] += 1
                    t, r, c = tables[-1]
                    cell = (t, max(r, 0), c, tag == "th")
            if open_blocks and open_blocks[-1].pieces:
                # text before a nested block is a block of its own
                outer = open_blocks[-1]
                if outer.visible:
                    out.append(outer)
                open_blocks[-1] = _Segment(outer.element, outer.tag, outer.cell, [])
            open_blocks.append(_Segment(el, tag, cell, []))
        elif tag == "a" and open_blocks:
            open_blocks[-1].links += 1
        if open_blocks:
            if tag == "br":
                open_blocks[-1].add(_BR, bold, link)
            elif text := el.text:
                open_blocks[-1].add(text, bold, link)
    return out


def _header_texts(cells: list[tuple[_CellPlace, str]]) -> dict[tuple[int, int], str]:
    """Column headers per (table, column): the <th> cells of a table's first row (the
    last one wins), from the page's table cells and their texts in document order."""
    headers: dict[tuple[int, int], str] = {}
    for (table, row, col, is_header), text in cells:
        if is_header and row == 0:
            headers[(table, col)] = text
    return headers


def _cell(place: _CellPlace, headers: dict[tuple[int, int], str]) -> Cell:
    """The Cell at `place`; a data cell gets its column's header, if its table has one."""
    table, row, col, is_header = place
    header = None if is_header else headers.get((table, col))
    return Cell(table=table, row=row, col=col, is_header=is_header, header=header)


def clean_html(page: Page) -> Document:
    root = _parse_html(page.text)
    if root is None:
        return Document(page=page, text="", blocks=())
    tree = root.getroottree()
    parts: list[str] = []
    # each block's fields, kept until the column headers of every table are known, so
    # that each Block is made once
    found: list[tuple[Role, int, int, str, int | None, bool, str, _CellPlace | None]] = []
    cells: list[tuple[_CellPlace, str]] = []
    offset = 0
    for seg in _segments(root):
        rendered = seg.render()
        if not rendered or seg.is_link_list or is_furniture_text(rendered):
            continue
        level = HEADING_TAGS.get(seg.tag)
        bold = seg.bold_letters and not seg.plain_letters
        role = Role.PARAGRAPH
        if level is not None:
            role = Role.HEADING
        elif seg.cell is not None:
            role = Role.TABLE_CELL
        elif seg.tag == "li":
            role = Role.LIST_ITEM
        elif bold and len(rendered) <= MAX_BOLD_HEADING_CHARS:
            role, level = Role.HEADING, 7
        sep = "\n\n" if parts else ""
        base = offset + len(sep)
        s, e = _trim(rendered, 0, len(rendered), heading_like=role is Role.HEADING)
        if s >= e:
            continue
        parts.append(sep + rendered)
        offset = base + len(rendered)
        text = rendered[s:e]
        found.append(
            (role, base + s, base + e, text, level, bold, tree.getpath(seg.element), seg.cell)
        )
        if seg.cell is not None:
            cells.append((seg.cell, text))
    headers = _header_texts(cells) if cells else {}
    blocks = tuple(
        Block(
            role=role,
            start=start,
            end=end,
            text=text,
            level=level,
            bold=bold,
            element=element,
            cell=None if place is None else _cell(place, headers),
        )
        for role, start, end, text, level, bold, element, place in found
    )
    return Document(page=page, text="".join(parts), blocks=blocks)


def clean(page: Page) -> Document:
    """The cleaning stage: HTML or text page -> Document."""
    return clean_html(page) if page.kind == "html" else clean_text(page)


# --------------------------------------------------------------------------------------
# Whitespace normalisation for analysis, with a map back to the page's offsets
# --------------------------------------------------------------------------------------

_SPACES = regex.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Text with every run of white space (NBSP included) as one space, and where each
    character came from: ``offsets[i]`` is the page offset of ``text[i]``."""

    text: str
    offsets: tuple[int, ...]
    end: int  # the page offset just past the last character

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Page offsets of normalized [start, end)."""
        if start >= len(self.offsets):
            return self.end, self.end
        s = self.offsets[start]
        e = self.offsets[end - 1] + 1 if end > start else s
        return s, e


#: A run of white space that normalising changes: two or more characters, or one that is
#: not a plain space.  A lone plain space, by far the most common run, stays as it is.
_UNTIDY_SPACES = regex.compile(
    "{one}{{2,}}|(?! ){one}".format(one=_SPACES.pattern.removesuffix("+"))
)


#: Offsets below this come from one shared tuple: a slice of it copies references, where a
#: fresh range makes an int object per character (blocks further into a page make their own).
_SHARED_OFFSETS = 1 << 15


@cache
def _shared_offsets() -> tuple[int, ...]:
    return tuple(range(_SHARED_OFFSETS))


def _offsets(start: int, end: int) -> tuple[int, ...]:
    """``tuple(range(start, end))``."""
    if 0 <= start and end <= _SHARED_OFFSETS:
        return _shared_offsets()[start:end]
    return tuple(range(start, end))


@page_cache(1024)  # several extractors normalise the same blocks; bounded
def normalize_spaces(text: str, base: int = 0) -> Normalized:
    """``text`` with every run of white space as one plain space (see :class:`Normalized`);
    ``base`` is the page offset of ``text[0]``."""
    tidy = text.replace("\u00a0", " ")  # NBSP, the commonest white space after the space
    if "  " not in tidy and tidy.isprintable():
        # Most blocks: every run of white space is one space or NBSP (any other white-space
        # character is unprintable), so each character keeps its place.
        return Normalized(tidy, _offsets(base, base + len(text)), base + len(text))
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _UNTIDY_SPACES.finditer(text):
        start = m.start()
        out.append(text[pos:start])  # the characters between runs, as they are
        offsets.extend(range(base + pos, base + start))
        out.append(" ")
        offsets.append(base + start)
        pos = m.end()
    out.append(text[pos:])
    offsets.extend(range(base + pos, base + len(text)))
    return Normalized("".join(out), tuple(offsets), base + len(text))
