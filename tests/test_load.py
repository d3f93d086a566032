"""Tests for pipeline.load: charset evidence, errors, sidecars, files on disk."""

from __future__ import annotations

import codecs
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline import load
from pipeline.load import (
    DEFAULT_MAX_BYTES,
    PAGE_SUFFIXES,
    LoadError,
    Page,
    Sidecar,
    decode,
    is_page_file,
    load_bytes,
    load_file,
    read_sidecar,
)

PAGES = Path(__file__).parent / "data" / "pages"
REPO = Path(__file__).resolve().parent.parent

# Every letter where cp1250 and ISO-8859-2 differ (ą ś ź Ą Ś Ź) plus the shared ones.
SAMPLE = "Zażółć gęślą jaźń - Środowisko, Świętokrzyska, źródło, Ślązak, Ąbc"
# Only letters the two code pages share: no byte can tell them apart.
SHARED_ONLY = "Łódź? Nie: Łęczna, Żółć, Ćmielów, Kłodzko"


def html(declaration: str = "", body: str = SAMPLE) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="pl">\n<head>\n'
        f"{declaration}<title>Partnerstwa lokalne</title>\n</head>\n"
        f"<body><h1>Partnerstwo</h1><p>{body}</p></body>\n</html>\n"
    )


def meta(label: str) -> str:
    return f'<meta charset="{label}">\n'


def reason(excinfo: pytest.ExceptionInfo[LoadError]) -> str:
    return excinfo.value.reason


# --- charset: declarations, rivals, detection ---------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label", "charset", "how"),
    [
        # correct declarations are trusted
        ("cp1250", "windows-1250", "cp1250", "declared"),
        ("iso-8859-2", "iso-8859-2", "iso8859-2", "declared"),
        ("utf-8", "utf-8", "utf-8", "declared"),
        # missing declarations
        ("cp1250", None, "cp1250", "detected"),
        ("iso-8859-2", None, "iso8859-2", "detected"),
        ("utf-8", None, "utf-8", "detected"),
        # wrong declarations: the bytes win
        ("cp1250", "iso-8859-2", "cp1250", "detected"),
        ("iso-8859-2", "windows-1250", "iso8859-2", "detected"),
        ("iso-8859-2", "utf-8", "iso8859-2", "detected"),
        ("cp1250", "utf-8", "cp1250", "detected"),
        ("utf-8", "iso-8859-2", "utf-8", "detected"),
        ("utf-8", "windows-1250", "utf-8", "detected"),
        ("cp1250", "iso-8859-1", "cp1250", "detected"),
        ("iso-8859-2", "windows-1252", "iso8859-2", "detected"),
        # an unknown label is no declaration at all
        ("cp1250", "x-klingon-8", "cp1250", "detected"),
        ("iso-8859-2", "base64", "iso8859-2", "detected"),
    ],
)
def test_charset_matrix(encoding: str, label: str | None, charset: str, how: str) -> None:
    data = html(meta(label) if label else "").encode(encoding)
    text, got_charset, got_how = decode(data, kind="html")
    assert SAMPLE in text
    assert (got_charset, got_how) == (charset, how)


@pytest.mark.parametrize(
    ("declaration", "charset"),
    [
        ('<meta charset="Windows-1250">', "cp1250"),
        ("<meta charset=windows-1250>", "cp1250"),
        ("<META CHARSET='CP1250'/>", "cp1250"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1250">', "cp1250"),
        ('<meta content="text/html;charset=latin2" http-equiv="content-type">', "iso8859-2"),
        ('<meta charset="ISO_8859-2">', "iso8859-2"),
        ('<meta charset="l2">', "iso8859-2"),
    ],
)
def test_declaration_forms_and_aliases(declaration: str, charset: str) -> None:
    encoding = "iso-8859-2" if charset == "iso8859-2" else "cp1250"
    text, got, how = decode(html(declaration + "\n").encode(encoding), kind="html")
    assert (got, how) == (charset, "declared")
    assert SAMPLE in text


def test_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="ISO-8859-2"?>\n' + html()
    text, charset, how = decode(page.encode("iso-8859-2"), kind="html")
    assert (charset, how) == ("iso8859-2", "declared")
    assert SAMPLE in text


def test_declaration_only_looked_for_near_the_top() -> None:
    padding = "<!-- " + "x" * load.SNIFF_BYTES + " -->\n"
    late = html(padding + meta("iso-8859-2")).encode("cp1250")
    assert decode(late, kind="html")[1:] == ("cp1250", "detected")
    early = html(meta("iso-8859-2") + padding).encode("cp1250")
    assert decode(early, kind="html")[1:] == ("cp1250", "detected")  # contradicted anyway
    ascii_early = html(meta("iso-8859-2") + padding, body="abc").encode("ascii")
    assert decode(ascii_early, kind="html")[1:] == ("iso8859-2", "declared")


def test_declared_utf16_on_ascii_bytes_is_not_believed() -> None:
    text, charset, how = decode(html(meta("utf-16")).encode("utf-8"), kind="html")
    assert (charset, how) == ("utf-8", "detected")
    assert SAMPLE in text


def test_cp1250_typography_under_declaration() -> None:
    body = "„Partnerstwo” – Śródmieście, źródła wiedzy…"
    text, charset, how = decode(html(meta("windows-1250"), body).encode("cp1250"), kind="html")
    assert (charset, how) == ("cp1250", "declared")
    assert body in text


def test_shared_letters_only_decode_the_same_either_way() -> None:
    for encoding in ("cp1250", "iso-8859-2"):
        text, charset, _ = decode(SHARED_ONLY.encode(encoding), kind="text")
        assert text == SHARED_ONLY
        assert charset in ("cp1250", "iso8859-2")


@pytest.mark.parametrize("encoding", ["cp1250", "iso-8859-2"])
def test_plain_text_never_uses_a_declaration(encoding: str) -> None:
    # the same bytes as HTML would be "declared"; as .txt they are judged on their own
    data = (meta("utf-8") + SAMPLE + "\n").encode(encoding)
    text, charset, how = decode(data, kind="text")
    assert (charset, how) == (encoding.replace("-8859-", "8859-"), "detected")
    assert SAMPLE in text
    ascii_data = meta("iso-8859-2").encode("ascii") + b"Partnerstwa lokalne\n"
    assert decode(ascii_data, kind="text")[1:] == ("utf-8", "default")
    assert decode(ascii_data, kind="html")[1:] == ("iso8859-2", "declared")


def test_pure_ascii_without_declaration_is_default_utf8() -> None:
    assert decode(b"<p>Partnerstwa lokalne</p>", kind="html") == (
        "<p>Partnerstwa lokalne</p>",
        "utf-8",
        "default",
    )


def test_polish_score_prefers_the_right_code_page() -> None:
    right = load.polish_score(SAMPLE)
    assert right > load.polish_score(SAMPLE.encode("cp1250").decode("iso-8859-2"))
    assert right > load.polish_score(SAMPLE.encode("iso-8859-2").decode("cp1250"))
    assert right > load.polish_score(SAMPLE.encode("cp1250").decode("cp1252", "replace"))
    assert load.polish_score("10 m³, cena ±5 zł") >= 1  # signs outside words are fine


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=80),
        st.text(alphabet="ąćęłńóśźżĄŚŹŻ¹¶±¼¥¦¬ŸŒœˇ³ ab.1", max_size=80).map(
            lambda t: t.encode("cp1250", "replace")
        ),
        st.text(alphabet="ąćęłńóśźżĄŚŹŻ¹¶±¼¥¦¬ŸŒœˇ³ ab.1", max_size=80).map(
            lambda t: t.encode("iso-8859-2", "replace")
        ),
    )
)
def test_the_score_counted_on_bytes_is_the_score_of_the_text(data: bytes) -> None:
    for charset in sorted(load.LATIN_SINGLE_BYTE):
        text = load._try_decode(data, charset)
        if text is not None:
            score = load._single_byte_polish_score(data, text, charset)
            assert score == load.polish_score(text), charset


# --- BOMs and line ends -------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "codec", "charset"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    ],
)
def test_bom_wins_over_a_declaration(bom: bytes, codec: str, charset: str) -> None:
    data = bom + html(meta("iso-8859-2")).encode(codec)
    text, got, how = decode(data, kind="html")
    assert (got, how) == (charset, "bom")
    assert text.startswith("<!DOCTYPE html>")  # BOM removed
    assert SAMPLE in text


def test_lying_bom_is_ignored() -> None:
    text, charset, how = decode(codecs.BOM_UTF8 + SAMPLE.encode("cp1250"), kind="text")
    assert (text, charset, how) == (SAMPLE, "cp1250", "detected")


@pytest.mark.parametrize("encoding", ["utf-8", "cp1250", "utf-16"])
def test_crlf_and_lone_cr_become_lf(encoding: str) -> None:
    raw = "Łódź\r\nBałuty\rŚródmieście\n\r\nkoniec"
    text = load_bytes(raw.encode(encoding), name="x", kind="text").text
    assert text == "Łódź\nBałuty\nŚródmieście\n\nkoniec"


# --- errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \r\n\t \n",
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"  \n",
        codecs.BOM_UTF16_LE + " \r\n".encode("utf-16-le"),
        "\xa0 \n".encode("cp1250"),
    ],
)
def test_empty_file(data: bytes) -> None:
    with pytest.raises(LoadError) as excinfo:
        load_bytes(data, name="x", kind="html", source="raw/x.html")
    assert str(excinfo.value) == "raw/x.html: empty file: nothing was downloaded"


FIXED_RANDOM = random.Random(20240607).randbytes(4096)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 10,
        FIXED_RANDOM,
        FIXED_RANDOM.replace(b"\0", b""),  # no NUL: caught by the control-character ratio
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + FIXED_RANDOM[:200],
        html().encode() + b"\x00",  # one NUL is enough without a UTF-16/32 BOM
        html().encode("utf-16-le"),  # UTF-16 without its BOM
        ("abc\x01\x02\x03\x04\x05\x06\x07\x08" * 20).encode(),
    ],
)
@pytest.mark.parametrize("kind", ["html", "text"])
def test_binary_data(data: bytes, kind: str) -> None:
    with pytest.raises(LoadError) as excinfo:
        load_bytes(data, name="x", kind=kind)
    assert str(excinfo.value) == "x: not a text page (binary data)"


def test_a_few_control_characters_are_still_text() -> None:
    raw = "Strona 1 – Łódź\x0c\nStrona 2 – Bałuty\x1a" + " partnerstwa lokalne" * 5
    assert load_bytes(raw.encode(), name="x", kind="text").text == raw


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab ż\u00a0«\x01\x0b\x1f\x7f\x80\x85\x9f\t\n\x0c", max_size=80))
def test_too_many_controls_is_the_share_of_control_characters(text: str) -> None:
    # the cheap upper bound decides only where the exact count would decide the same
    count = len(load._CONTROL.findall(text))
    assert load._too_many_controls(text) == (count > load.MAX_CONTROL_RATIO * len(text))


def test_utf16_with_bom_is_not_binary_despite_nul_bytes() -> None:
    page = load_bytes(html().encode("utf-16"), name="x", kind="html")
    assert page.charset == "utf-16"
    assert SAMPLE in page.text


def test_over_size() -> None:
    with pytest.raises(LoadError) as excinfo:
        load_bytes(b"a" * 11, name="x", kind="text", max_bytes=10)
    assert reason(excinfo) == "file is 11 bytes, over the limit of 10 bytes"
    assert load_bytes(b"a" * 10, name="x", kind="text", max_bytes=10).text == "a" * 10
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_load_error_is_one_line_and_pickles() -> None:
    err = LoadError("raw/a\nb.html", "not a text page (binary data)")
    assert (err.source, err.reason) == ("raw/a\nb.html", "not a text page (binary data)")
    assert "\n" not in str(err)
    assert str(err).startswith("raw/a b.html: ")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.source, copy.reason, str(copy)) == (err.source, err.reason, str(err))


def test_bad_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="kind"):
        decode(b"abc", kind="pdf")


def test_load_bytes_validates_retrieved() -> None:
    with pytest.raises(LoadError, match="retrieved must be a date"):
        load_bytes(b"abc", name="x", kind="text", retrieved="20.11.2026")


def test_load_bytes_fills_page() -> None:
    page = load_bytes(
        html(meta("windows-1250")).encode("cp1250"),
        name="bielany",
        kind="html",
        url="https://example.invalid/p",
        retrieved="2026-11-20",
    )
    assert page == Page(
        name="bielany",
        kind="html",
        text=html(meta("windows-1250")),
        charset="cp1250",
        charset_source="declared",
        url="https://example.invalid/p",
        retrieved="2026-11-20",
        source="bielany",
    )


# --- sidecars -----------------------------------------------------------------------


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_sidecar_good_with_extra_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.meta.json",
        '{"url": "https://example.invalid/", "retrieved": "2026-11-20",'
        ' "synthetic": true, "note": "fictional"}',
    )
    assert read_sidecar(path) == Sidecar(url="https://example.invalid/", retrieved="2026-11-20")


def test_sidecar_optional_fields(tmp_path: Path) -> None:
    assert read_sidecar(write(tmp_path / "a.meta.json", "{}")) == Sidecar(url=None, retrieved=None)
    nulls = write(tmp_path / "b.meta.json", '{"url": null, "retrieved": null}')
    assert read_sidecar(nulls) == Sidecar(url=None, retrieved=None)
    bom = write(tmp_path / "c.meta.json", codecs.BOM_UTF8 + b'{"url": "u"}')
    assert read_sidecar(bom) == Sidecar(url="u", retrieved=None)


def test_sidecar_missing(tmp_path: Path) -> None:
    assert read_sidecar(tmp_path / "nope.meta.json") is None


BAD_DATE = "broken sidecar: retrieved must be a date 'YYYY-MM-DD', got"


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ('{"url": ', "broken sidecar: invalid JSON at line 1 column 9"),
        ("{\n  url: 1\n}", "broken sidecar: invalid JSON at line 2 column 3"),
        ("", "broken sidecar: invalid JSON at line 1 column 1"),
        ('["https://example.invalid/"]', "broken sidecar: expected a JSON object, got an array"),
        ('{"url": 42}', "broken sidecar: url must be a string, got a number"),
        ('{"url": ["a"]}', "broken sidecar: url must be a string, got an array"),
        ('{"retrieved": "2026-13-01"}', f"{BAD_DATE} '2026-13-01'"),
        ('{"retrieved": "2026-02-30"}', "broken sidecar: retrieved must be a date"),
        ('{"retrieved": "20261120"}', "broken sidecar: retrieved must be a date"),
        ('{"retrieved": "2026-11-20T10:00:00"}', "broken sidecar: retrieved must be a date"),
        ('{"retrieved": "yesterday"}', "broken sidecar: retrieved must be a date"),
        ('{"retrieved": 20261120}', f"{BAD_DATE} 20261120"),
        (b'{"url": "\xb3\xf3d\xbc"}', "broken sidecar: not UTF-8 (byte 0xb3 at offset 9)"),
    ],
)
def test_sidecar_broken(tmp_path: Path, content: str | bytes, why: str) -> None:
    path = write(tmp_path / "x.meta.json", content)
    with pytest.raises(LoadError) as excinfo:
        read_sidecar(path)
    assert excinfo.value.source == str(path)
    assert str(excinfo.value).startswith(f"{path}: {why}")
    assert "\n" not in str(excinfo.value)


def test_sidecar_unreadable(tmp_path: Path) -> None:
    (tmp_path / "x.meta.json").mkdir()
    with pytest.raises(LoadError, match="cannot read sidecar"):
        read_sidecar(tmp_path / "x.meta.json")


# --- files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("a.html", True),
        ("a.htm", True),
        ("a.xhtml", True),
        ("a.txt", True),
        ("A.HTML", True),
        ("a.meta.json", False),
        ("a.json", False),
        ("a.pdf", False),
        ("a", False),
        ("html", False),
    ],
)
def test_is_page_file(name: str, ok: bool) -> None:
    assert is_page_file(Path("raw") / name) is ok


def test_page_suffixes() -> None:
    assert PAGE_SUFFIXES == {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}


@pytest.mark.parametrize(
    ("filename", "kind"),
    [
        ("strona z  spacjami [1] (kopia).html", "html"),
        ("Łódź – Bałuty żółć.htm", "html"),
        ("partnerstwo{2}.xhtml", "html"),
        ("Środmieście; notatka.txt", "text"),
    ],
)
def test_load_file_with_awkward_names(tmp_path: Path, filename: str, kind: str) -> None:
    path = write(tmp_path / filename, html(meta("windows-1250")).encode("cp1250"))
    stem = filename.rsplit(".", 1)[0]
    write(tmp_path / f"{stem}.meta.json", '{"url": "https://example.invalid/x", "note": "n"}')
    page = load_file(path)
    assert (page.name, page.kind, page.source) == (stem, kind, str(path))
    assert (page.url, page.retrieved) == ("https://example.invalid/x", None)
    assert page.charset == "cp1250"
    assert page.charset_source == ("declared" if kind == "html" else "detected")
    assert SAMPLE in page.text


def test_load_file_without_sidecar(tmp_path: Path) -> None:
    page = load_file(write(tmp_path / "a.txt", SAMPLE.encode("iso-8859-2")))
    assert (page.url, page.retrieved, page.charset) == (None, None, "iso8859-2")


def test_load_file_broken_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    write(tmp_path / "a.meta.json", '{"url": "x", "retrieved": "2026-11-31"}')
    with pytest.raises(LoadError) as excinfo:
        load_file(write(tmp_path / "a.html", html()))
    assert excinfo.value.source == str(tmp_path / "a.meta.json")
    assert "broken sidecar: retrieved must be a date" in str(excinfo.value)


@pytest.mark.parametrize("filename", ["a.pdf", "a.meta.json", "a"])
def test_load_file_not_a_page(tmp_path: Path, filename: str) -> None:
    path = write(tmp_path / filename, "{}")
    with pytest.raises(LoadError) as excinfo:
        load_file(path)
    assert str(excinfo.value) == (f"{path}: not a page file (expected .html, .htm, .xhtml or .txt)")


def test_load_file_unreadable(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as excinfo:
        load_file(tmp_path / "missing.html")
    assert reason(excinfo) == "cannot read file: No such file or directory"
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(LoadError, match="cannot read file: Is a directory"):
        load_file(tmp_path / "dir.html")


def test_load_file_over_size_and_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "big.html", html())
    size = path.stat().st_size
    with pytest.raises(LoadError) as excinfo:
        load_file(path, max_bytes=100)
    assert reason(excinfo) == f"file is {size} bytes, over the limit of 100 bytes"
    with pytest.raises(LoadError, match="empty file: nothing was downloaded"):
        load_file(write(tmp_path / "empty.txt", b""))


# --- the real test pages --------------------------------------------------------------

REAL_PAGES = sorted(p for p in PAGES.iterdir() if is_page_file(p))


def test_real_pages_exist() -> None:
    assert len(REAL_PAGES) >= 8


@pytest.mark.parametrize("path", REAL_PAGES, ids=lambda p: p.name)
def test_real_page_decodes(path: Path) -> None:
    page = load_file(path)
    assert "ą" in page.text or "ł" in page.text
    assert "\ufffd" not in page.text
    assert "\r" not in page.text
    assert page.url and page.url.startswith("https://")


def test_lodz_baluty_is_windows_1250() -> None:
    page = load_file(PAGES / "lodz-baluty-partnerstwa.html")
    assert (page.charset, page.charset_source) == ("cp1250", "declared")
    assert "Bałuty" in page.text
    assert "Łódź" in page.text
    assert page.retrieved == "2026-11-20"
    assert page.name == "lodz-baluty-partnerstwa"


def test_zoliborz_sidecar_without_date() -> None:
    page = load_file(PAGES / "partnerstwa-lokalne-zoliborz.txt")
    assert (page.kind, page.retrieved) == ("text", None)
    assert page.url is not None and "bpzoliborz" in page.url


# --- properties and start-up cost -----------------------------------------------------

POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ ,.-\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.text(alphabet=POLISH_ALPHABET, min_size=1, max_size=80),
    encoding=st.sampled_from(["cp1250", "iso-8859-2"]),
    declared=st.booleans(),
)
def test_polish_text_round_trips(body: str, encoding: str, declared: bool) -> None:
    label = "windows-1250" if encoding == "cp1250" else "iso-8859-2"
    source = html(meta(label) if declared else "", body)
    data = source.encode(encoding)
    try:
        data.decode("utf-8")
        assume(False)  # valid UTF-8 is read as UTF-8, by design
    except UnicodeDecodeError:
        pass
    assert decode(data, kind="html")[0] == source


def test_charset_normalizer_is_imported_lazily() -> None:
    code = (
        "import sys\n"
        "from pipeline import load\n"
        "assert 'charset_normalizer' not in sys.modules, 'imported at start-up'\n"
        "load.decode('Łódź'.encode(), kind='text')\n"
        "assert 'charset_normalizer' not in sys.modules, 'imported for UTF-8'\n"
        "load.decode('Łódź'.encode('cp1250'), kind='text')\n"
        "assert 'charset_normalizer' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_visible_means_not_white_space_and_not_zero_width_for_every_character():
    from pipeline.load import _visible

    zero_width = "\ufeff\u200b\u2060"
    invisible = [chr(c) for c in range(0x110000) if chr(c).isspace() or chr(c) in zero_width]
    assert not _visible("".join(invisible))
    assert all(_visible(f"{ch} ") for ch in map(chr, range(0x110000)) if ch not in invisible)
