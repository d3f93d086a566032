"""Load: one downloaded page (HTML or plain text) + its sidecar -> a decoded :class:`Page`.

Polish municipal sites use UTF-8, windows-1250 and ISO-8859-2, and their declarations are
often missing or wrong.  The character set is settled by this order of evidence; the first
piece that holds wins:

1. A byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) -> ``"bom"``.  A BOM whose bytes
   do not decode is dropped and the rest is judged on its own.
2. HTML only: a declaration in the first ``SNIFF_BYTES`` bytes (``<?xml encoding=...>``,
   ``<meta charset=...>``, ``<meta http-equiv=... content="...; charset=...">``), with the
   label mapped by :func:`codecs.lookup`; an unknown label counts as none -> ``"declared"``.
   The declaration is *not* trusted when the bytes contradict it:

   - they do not decode under it;
   - it names a non-Unicode charset, but the bytes are valid UTF-8 with multi-byte
     sequences (UTF-8 is then the truth);
   - it names a Latin single-byte charset and cp1250 or ISO-8859-2 reads as Polish far
     better (:func:`polish_score`; the two differ exactly at ą ś ź Ą Ś Ź);
   - it names UTF-16/32, which a declaration readable as ASCII cannot be.
3. Pure ASCII and no declaration: UTF-8 -> ``"default"``.
4. Anything else -> ``"detected"``: strict UTF-8 if the bytes decode, otherwise
   charset-normalizer limited to Central-European candidates, with :func:`polish_score`
   choosing between its pick, cp1250 and ISO-8859-2 (ties keep its pick).

Then: a blank result is an empty file; NUL bytes without a UTF-16/32 BOM, or too many
control characters, mean binary data.  Line ends become LF.  Every problem is a
:class:`LoadError` with a one-line message.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

Kind = Literal["html", "text"]
CharsetSource = Literal["bom", "declared", "detected", "default"]

PAGE_SUFFIXES: dict[str, str] = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}
SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

SNIFF_BYTES = 8 * 1024  # a declaration is looked for only this far into the file
MAX_CONTROL_RATIO = 0.05  # more control characters than this share of the text -> binary
C1_PENALTY = 5  # score cost of one C1 control character (U+0080..U+009F)
MOJIBAKE_PENALTY = 5  # score cost of one mojibake sign glued to a letter
SWITCH_MARGIN = 3  # how much better a rival must read to overrule a declaration
POLISH_RIVALS = ("cp1250", "iso8859-2")
LATIN_SINGLE_BYTE = frozenset({"cp1250", "iso8859-2", "cp1252", "iso8859-1", "iso8859-15"})
DETECT_CANDIDATES = ("utf_8", "cp1250", "iso8859_2", "utf_16", "cp1252", "latin_1")

EMPTY = "empty file: nothing was downloaded"
BINARY = "not a text page (binary data)"
NOT_A_PAGE = "not a page file (expected .html, .htm, .xhtml or .txt)"

_BOMS = (  # (mark, codec for the rest, charset reported); UTF-32 LE before UTF-16 LE
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
_XML_DECL = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"}
)

_POLISH_LETTER = re.compile("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
_C1 = re.compile("[\x80-\x9f]")
_MOJIBAKE = "¹¶±¼Ľ¥¦¬ŸŒœˇ"  # what ą ś ź Ą Ś Ź become under the wrong Latin code page
_MOJIBAKE_IN_WORD = re.compile(rf"(?<=[^\W\d_])[{_MOJIBAKE}]|[{_MOJIBAKE}](?=[^\W\d_])")
_MOJIBAKE_SIGN = re.compile(f"[{_MOJIBAKE}]")  # a quick look before the slower search above
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # tab, LF, FF and CR are text
#: The ASCII characters of _CONTROL, as UTF-8 bytes.
_ASCII_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_VISIBLE = re.compile("[^\\s\ufeff\u200b\u2060]")  # zero-width ones are no text of their own
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Sidecar:
    url: str | None
    retrieved: str | None  # 'YYYY-MM-DD' (validated), or None


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    name: str  # the file stem, e.g. 'partnerstwa-lokalne-zoliborz'
    kind: Kind
    text: str  # decoded source; BOM removed; CRLF and lone CR turned into LF
    charset: str  # python codec name actually used, lower-case, e.g. 'cp1250'
    charset_source: CharsetSource
    url: str | None  # from the sidecar
    retrieved: str | None  # from the sidecar
    source: str  # path (or name) used in messages


class LoadError(Exception):
    """One page could not be loaded. str(err) is a single clear line: '<source>: <reason>'."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(source, reason)  # both in args, so the error pickles
        self.source = source
        self.reason = reason

    def __str__(self) -> str:
        return " ".join(f"{self.source}: {self.reason}".splitlines())


# --- charset -------------------------------------------------------------------------


def polish_score(text: str) -> int:
    """How plausibly `text` is Polish: Polish letters, minus heavy penalties for mojibake."""
    mojibake = len(_MOJIBAKE_IN_WORD.findall(text)) if _MOJIBAKE_SIGN.search(text) else 0
    return _score(len(_POLISH_LETTER.findall(text)), len(_C1.findall(text)), mojibake)


def _score(letters: int, c1: int, mojibake: int) -> int:
    """:func:`polish_score` from its three counts: Polish letters, C1 control characters
    and mojibake signs glued to letters."""
    return letters - C1_PENALTY * c1 - MOJIBAKE_PENALTY * mojibake


@lru_cache(maxsize=len(LATIN_SINGLE_BYTE))
def _scored_bytes(charset: str) -> tuple[bytes, bytes, bytes]:
    """The bytes that the single-byte `charset` decodes to what :func:`polish_score` looks
    for: (Polish letters, C1 control characters, mojibake signs)."""
    letters, c1, signs = bytearray(), bytearray(), bytearray()
    for byte in range(256):
        char = _try_decode(bytes([byte]), charset)
        if char is None:
            continue
        if _POLISH_LETTER.match(char):
            letters.append(byte)
        if _C1.match(char):
            c1.append(byte)
        if _MOJIBAKE_SIGN.match(char):
            signs.append(byte)
    return bytes(letters), bytes(c1), bytes(signs)


def _count_bytes(data: bytes, wanted: bytes) -> int:
    """How many bytes of `data` are among `wanted`."""
    return len(data) - len(data.translate(None, wanted))


def _single_byte_polish_score(data: bytes, text: str, charset: str) -> int:
    """``polish_score(text)`` for `text` decoded from `data` by the single-byte `charset`.

    Each byte is one character, so the letters and C1 controls are counted on the bytes (a
    byte translation is many times faster than a regex over the text); only the mojibake
    signs glued to letters, when there are any signs, are looked for in the text.
    """
    letters, c1, signs = _scored_bytes(charset)
    mojibake = len(_MOJIBAKE_IN_WORD.findall(text)) if _count_bytes(data, signs) else 0
    return _score(_count_bytes(data, letters), _count_bytes(data, c1), mojibake)


def _try_decode(data: bytes, charset: str) -> str | None:
    try:
        return data.decode(charset)
    except UnicodeDecodeError:
        return None


def _codec_name(label: bytes) -> str | None:
    """Python's name for a charset label, or None when it names no text codec."""
    try:
        name = codecs.lookup(label.decode("ascii")).name
        " ".encode(name)  # rejects non-text codecs such as base64 and rot13
    except (LookupError, UnicodeError):
        return None
    return None if name in _NOT_CHARSETS else name


def _declared_charset(data: bytes) -> str | None:
    head = data[:SNIFF_BYTES]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return _codec_name(match.group(1)) if match else None


def _read_declared(data: bytes, charset: str) -> str | None:
    """The text under the declared charset, or None when the bytes contradict it."""
    if charset.startswith(("utf-16", "utf-32")):
        return None
    text = _try_decode(data, charset)
    if text is None:
        return None
    if charset != "utf-8" and not data.isascii() and _try_decode(data, "utf-8") is not None:
        return None
    if charset in LATIN_SINGLE_BYTE:  # (the rivals are single-byte charsets too)
        needed = _single_byte_polish_score(data, text, charset) + SWITCH_MARGIN
        for rival in POLISH_RIVALS:
            other = _try_decode(data, rival) if rival != charset else None
            if other is not None and _single_byte_polish_score(data, other, rival) >= needed:
                return None
    return text


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, charset) from the bytes alone, or None when no candidate decodes them."""
    text = _try_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    from charset_normalizer import from_bytes  # lazy: a costly import, rarely needed

    best = from_bytes(data, cp_isolation=list(DETECT_CANDIDATES)).best()
    names = [codecs.lookup(best.encoding).name] if best is not None else []
    names += [name for name in POLISH_RIVALS if name not in names]
    decoded = [(text, name) for name in names if (text := _try_decode(data, name)) is not None]
    if not decoded:
        return None
    return max(decoded, key=lambda pair: polish_score(pair[0]))  # first maximum wins ties


def _decode(data: bytes, kind: str) -> tuple[str, str, CharsetSource] | None:
    distrusted = False
    for bom, codec, charset in _BOMS:
        if data.startswith(bom):
            text = _try_decode(data[len(bom) :], codec)
            if text is not None:
                return text, charset, "bom"
            data, distrusted = data[len(bom) :], True  # a lying BOM: judge the rest alone
            break
    if b"\0" in data:
        return None
    declared = _declared_charset(data) if kind == "html" else None
    if declared is None and data.isascii():
        return data.decode("ascii"), "utf-8", "detected" if distrusted else "default"
    if declared is not None:
        text = _read_declared(data, declared)
        if text is not None:
            return text, declared, "declared"
    found = _detect(data)
    return None if found is None else (found[0], found[1], "detected")


def _visible(text: str) -> bool:
    """Anything but white space (``str.isspace``) and zero-width characters?"""
    return _VISIBLE.search(text) is not None


def _too_many_controls(text: str) -> bool:
    """More control characters (_CONTROL) than MAX_CONTROL_RATIO of the text?"""
    limit = MAX_CONTROL_RATIO * len(text)
    # A cheap upper bound first (a regex count scans a page several times slower): the
    # ASCII control bytes of the UTF-8 text, plus its 0xC2 bytes, the lead byte of
    # U+0080..U+00BF (the C1 controls among them, and NBSP, « and »).
    utf8 = text.encode("utf-8", "surrogatepass")
    if _count_bytes(utf8, _ASCII_CONTROL_BYTES) + utf8.count(b"\xc2") <= limit:
        return False
    return len(_CONTROL.findall(text)) > limit


def decode(data: bytes, *, kind: str, source: str = "<bytes>") -> tuple[str, str, CharsetSource]:
    """-> (text, charset, charset_source); text has no BOM and LF line ends."""
    if kind not in ("html", "text"):
        raise ValueError(f"kind must be 'html' or 'text', not {kind!r}")
    if not data.strip():
        raise LoadError(source, EMPTY)
    decoded = _decode(data, kind)
    if decoded is None:
        raise LoadError(source, BINARY)
    text, charset, how = decoded
    # every leading BOM goes (files glued together, editors adding one to a file that had one)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not _visible(text):
        raise LoadError(source, EMPTY)
    if _too_many_controls(text):
        raise LoadError(source, BINARY)
    return text, charset, how


# --- files ---------------------------------------------------------------------------


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _too_big(size: int, limit: int) -> str:
    return f"file is {size} bytes, over the limit of {limit} bytes"


def _bad_date(value: object) -> str:
    return f"retrieved must be a date 'YYYY-MM-DD', got {value!r}"


def sidecar_path(page: Path) -> Path:
    """Where the sidecar of `page` lives: NAME.meta.json next to it."""
    return page.with_name(page.stem + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Sidecar | None:
    """The sidecar at `path`; None when it does not exist, LoadError when it is broken."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LoadError(source, f"cannot read sidecar: {_os_reason(exc)}") from exc

    def broken(why: str) -> LoadError:
        return LoadError(source, f"broken sidecar: {why}")

    try:
        meta = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise broken(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise broken(f"invalid JSON at line {exc.lineno} column {exc.colno} ({exc.msg})") from exc
    except RecursionError as exc:
        raise broken("JSON nested too deeply") from exc
    if not isinstance(meta, dict):
        raise broken(f"expected a JSON object, got {_JSON_TYPES.get(type(meta), 'a value')}")
    url, retrieved = meta.get("url"), meta.get("retrieved")
    if url is not None and not isinstance(url, str):
        raise broken(f"url must be a string, got {_JSON_TYPES.get(type(url), 'a value')}")
    if retrieved is not None and not _is_iso_date(retrieved):
        raise broken(_bad_date(retrieved))
    return Sidecar(url=url, retrieved=retrieved)


def load_bytes(
    data: bytes,
    *,
    name: str,
    kind: str,
    url: str | None = None,
    retrieved: str | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Page:
    """Decode `data` into a Page; `source` (default: `name`) is used in error messages."""
    source = source if source is not None else name
    if len(data) > max_bytes:
        raise LoadError(source, _too_big(len(data), max_bytes))
    if retrieved is not None and not _is_iso_date(retrieved):
        raise LoadError(source, _bad_date(retrieved))
    text, charset, how = decode(data, kind=kind, source=source)
    return Page(
        name=name,
        kind=cast(Kind, kind),
        text=text,
        charset=charset,
        charset_source=how,
        url=url,
        retrieved=retrieved,
        source=source,
    )


def is_page_file(path: Path) -> bool:
    """True for .html/.htm/.xhtml/.txt files (any case), never for a *.meta.json sidecar."""
    path = Path(path)
    return path.suffix.lower() in PAGE_SUFFIXES and not path.name.lower().endswith(SIDECAR_SUFFIX)


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Page:
    """Load a page file; kind from its suffix, url/retrieved from NAME.meta.json next to it."""
    path = Path(path)
    source = str(path)
    if not is_page_file(path):
        raise LoadError(source, NOT_A_PAGE)
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            with path.open("rb") as file:
                data = file.read(max_bytes + 1)  # bounded even if the file grows meanwhile
    except OSError as exc:
        raise LoadError(source, f"cannot read file: {_os_reason(exc)}") from exc
    if size > max_bytes:
        raise LoadError(source, _too_big(size, max_bytes))
    sidecar = read_sidecar(sidecar_path(path)) or Sidecar(url=None, retrieved=None)
    return load_bytes(
        data,
        name=path.stem,
        kind=PAGE_SUFFIXES[path.suffix.lower()],
        url=sidecar.url,
        retrieved=sidecar.retrieved,
        source=source,
        max_bytes=max_bytes,
    )
