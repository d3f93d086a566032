"""The review page: highlighted spans, records linked to their evidence, escaping, and a
real browser (Debian chromium, headless) running the page's JS on the seed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from pipeline.review import Span, main, render_review, render_text, segments, short_id
from pipeline.run import extract_page

from .conftest import GOLD, ROOT, accepted

SEED = ROOT / "raw" / "partnerstwa-lokalne-zoliborz.html"
SEED_URL = json.loads(SEED.with_name(SEED.stem + ".meta.json").read_text("utf-8"))["url"]
CHROMIUM = Path("/usr/bin/chromium")
SHOT = ROOT / "docs" / "review-seed.png"


@pytest.fixture(scope="module")
def seed():
    """The seed's JSON-LD and evidence document, as ``main`` builds them."""
    result = extract_page(SEED.read_bytes(), name=SEED.stem, url=SEED_URL)
    return result.jsonld, result.evidence


@pytest.fixture(scope="module")
def seed_html(seed):
    return render_review(*seed)


def doc(html_text: str):
    return lxml.html.fromstring(html_text)


def fact_rows(tree) -> dict[str, dict[str, str]]:
    """Fact id -> its row's attributes (node, property, value, label, source)."""
    return {row.get("data-facts"): dict(row.attrib) for row in tree.xpath("//tr[@data-facts]")}


def marked_ids(tree, *, cls: str | None = None) -> set[str]:
    """Fact ids of the highlighted spans in the text pane (optionally: with a class)."""
    out: set[str] = set()
    for m in tree.xpath('//pre[@id="text"]//mark[@data-fact]'):
        if cls is None or cls in m.get("class", "").split():
            out.update(m.get("data-fact").split())
    return out


def tiny_jsonld(name: str, pid: str = "https://x.test/id/partnership/p", url=None) -> str:
    page = {"@id": "https://x.test/page", "@type": "schema:WebPage"}
    if url:
        page["schema:url"] = {"@id": url}
    graph = [
        page,
        {
            "@id": pid,
            "@type": ["lp:LocalPartnership", "schema:Organization"],
            "schema:name": name,
            "schema:foundingDate": {"@type": "xsd:gYear", "@value": "2011"},
        },
    ]
    return json.dumps({"@context": {}, "@graph": graph})


def fact(node, prop, value, start, end, text, **kw):
    return {
        "node": node,
        "property": prop,
        "value": value,
        "label": kw.get("label"),
        "quote": text[start:end] if start is not None else None,
        "start": start,
        "end": end,
        "element": None,
        "source": kw.get("source", "page"),
        "override": kw.get("override"),
    }


# --------------------------------------------------------------------------------------
# Pure rendering
# --------------------------------------------------------------------------------------


def test_segments_cut_at_every_boundary_and_keep_the_text():
    text = "abcdefghij"
    spans = [Span("f1", 1, 6, "name", "t"), Span("f2", 3, 9, "founder", "t")]
    segs = list(segments(text, spans))
    assert "".join(text[a:b] for a, b, _ in segs) == text
    cover = {(a, b): sorted(s.id for s in c) for a, b, c in segs}
    assert cover == {
        (0, 1): [],
        (1, 3): ["f1"],
        (3, 6): ["f1", "f2"],
        (6, 9): ["f2"],
        (9, 10): [],
    }


def test_overlapping_spans_render_as_flat_marks_with_tags_where_facts_start():
    text = "Partnerstwo Nasz Żoliborz IV."
    spans = [Span("f1", 12, 28, "alternateName", "a"), Span("f2", 17, 25, "name", "b")]
    tree = lxml.html.fragment_fromstring(f"<pre>{render_text(text, spans)}</pre>")
    assert tree.text_content() == text
    marks = tree.xpath("//mark")
    assert [m.text for m in marks] == ["Nasz ", "Żoliborz", " IV"]
    assert [m.get("data-fact") for m in marks] == ["f1", "f1 f2", "f1"]
    assert [m.get("data-tag") for m in marks] == ["alternateName", "name", None]
    assert "multi" in marks[1].get("class").split()
    assert not tree.xpath("//mark//mark")  # split, never nested


def test_the_text_pane_is_exactly_the_pages_text(seed, seed_html):
    tree = doc(seed_html)
    (pane,) = tree.xpath('//pre[@id="text"]')
    assert pane.text_content() == seed[1]["text"]


def test_every_grounded_fact_is_highlighted_and_every_value_link_resolves(seed, seed_html):
    tree = doc(seed_html)
    rows = fact_rows(tree)
    assert len(rows) == len(seed[1]["facts"])
    assert marked_ids(tree) == set(rows)  # the seed has no editor facts
    links = tree.xpath('//div[@id="records"]//a[@class="v"]')
    assert len(links) > 60
    for a in links:
        ids = a.get("data-facts").split()
        assert ids and set(ids) <= set(rows), a.text_content()
        assert a.get("href") == "#fact=" + ",".join(ids)


def test_records_table_shows_the_seeds_partnerships(seed_html):
    tree = doc(seed_html)
    sections = tree.xpath('//section[contains(@class,"partnership")]')
    names = [s.xpath("string(h3)") for s in sections]
    assert names == [
        "Dla Rudawki i Zatrasia",
        "Marymont-Kaskada",
        "Żoliborz Oficerski",
        "Sady Żoliborskie",
    ]

    def row(section, label):
        (td,) = section.xpath(f'.//tr[th="{label}"]/td')
        return " ".join(td.text_content().split())

    first = sections[0]
    assert row(first, "renames") == "Nasz Żoliborz IV → Dla Zatrasia i Rudawki (2018)"
    assert "Stowarzyszenie BORIS (initiator)" in row(first, "founders")
    assert row(first, "bounding streets").startswith("aleja Armii Krajowej")
    assert row(sections[2], "bounding streets").count("ulica gen. Zajączka") == 1
    assert row(sections[1], "landmarks") == "Park Kaskada"
    assert row(first, "district").startswith("Żoliborz")
    orgs = tree.xpath('//section[@id="organizations"]//tr/td[1]')
    assert any(o.text_content().startswith("Zakład Gospodarowania") for o in orgs)


def test_the_only_url_is_the_pages_own_plain_link(seed_html):
    assert set(re.findall(r"[a-z][a-z0-9+.-]*://[^\s\"'<>]*", seed_html)) == {SEED_URL}
    tree = doc(seed_html)
    assert [a.get("href") for a in tree.xpath("//a[not(starts-with(@href,'#'))]")] == [SEED_URL]
    assert not tree.xpath("//link | //img | //iframe | //script[@src] | //*[@style]")


def test_everything_is_escaped():
    name = "</script><b>X</b> & \"q\" 'a'"
    text = f"Partnerstwo {name} <script>alert(1)</script> powstało w 2011 r."
    pid = "https://x.test/id/partnership/p"
    start = text.index(name)
    evidence = {
        "version": 1,
        "page": "https://x.test/page",
        "name": "<i>x</i>",
        "text": text,
        "facts": [
            fact(pid, "schema:name", name, start, start + len(name), text),
            fact(
                pid, "schema:foundingDate", "2011", text.index("2011"), text.index("2011") + 4, text
            ),
        ],
        "flags": [{"code": "<x>", "message": "<b>m</b>", "node": pid, "evidence": []}],
        "overrides": [],
    }
    out = render_review(tiny_jsonld(name, pid, url="javascript:alert(1)"), evidence)
    tree = doc(out)
    assert len(tree.xpath("//script")) == 1  # ours, no other
    assert not tree.xpath("//b[.='X'] | //b[.='m'] | //i")
    assert tree.xpath("string(//section[contains(@class,'partnership')]/h3)") == name
    assert tree.xpath('string(//pre[@id="text"])') == text
    assert not tree.xpath("//a[starts-with(@href,'javascript')]")
    assert "<b>m</b>" not in out and "&lt;b&gt;m&lt;/b&gt;" in out


def test_editor_values_say_so_and_flags_come_first_in_plain_words():
    text = "Partnerstwo „Dla Rudawki i Zatrasia” (w 2018 r. „Dla Zatrasia i Rudawki”)."
    pid = "https://x.test/id/partnership/p"
    a, b = text.index("Dla Rudawki"), text.index("Dla Zatrasia")
    evidence = {
        "version": 1,
        "page": "https://x.test/page",
        "name": "t",
        "text": text,
        "facts": [
            fact(
                pid,
                "schema:name",
                "Dla Zatrasia i Rudawki",
                None,
                None,
                text,
                source="editor",
                override="overrides/t.yaml#1",
            ),
        ],
        "flags": [
            {
                "code": "name-word-order",
                "message": "two names differ only in word order",
                "node": pid,
                "evidence": [
                    {"start": a, "end": a + 22, "quote": text[a : a + 22]},
                    {"start": b, "end": b + 22, "quote": text[b : b + 22]},
                ],
            }
        ],
        "overrides": [
            {
                "file": "overrides/t.yaml",
                "index": 1,
                "operation": "set",
                "node": pid,
                "property": "schema:name",
                "status": "applied",
                "message": "current name",
            }
        ],
    }
    tree = doc(render_review(tiny_jsonld("Dla Zatrasia i Rudawki", pid), evidence))
    (name_cell,) = tree.xpath('//tr[th="name"]/td')
    assert " ".join(name_cell.text_content().split()) == "Dla Zatrasia i Rudawki (editor)"
    (date_cell,) = tree.xpath('//tr[th="founding date"]/td')
    assert date_cell.xpath('span[contains(@class,"ungrounded")]')  # no evidence at all
    (flag,) = tree.xpath('//div[@id="flags"]/ul/li')
    assert flag.get("data-code") == "name-word-order"
    assert "differ only in word order" in flag.xpath("string(b)")
    assert tree.xpath("//header//div[@id='flags']")  # at the top, before the text
    flagged = [m.text for m in tree.xpath('//mark[contains(@class,"p-flag")]')]
    assert flagged == ["Dla Rudawki i Zatrasia", "Dla Zatrasia i Rudawki"]
    assert "applied" in tree.xpath("string(//div[@id='overrides'])")


def test_rendering_is_deterministic(seed):
    assert render_review(*seed) == render_review(*seed)


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def test_main_writes_one_page_per_input_and_reports_failures(tmp_path, capsys):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(SEED, pages / SEED.name)
    shutil.copy(SEED.with_name(SEED.stem + ".meta.json"), pages)
    (pages / "empty.html").write_bytes(b"")
    assert main([pages], tmp_path / "out") == 1
    assert "error:" in capsys.readouterr().err
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["partnerstwa-lokalne-zoliborz.html"]
    first = (tmp_path / "out" / written[0]).read_bytes()
    assert SEED_URL.encode() in first  # the sidecar was read
    assert main([pages / SEED.name], tmp_path / "again") == 0
    assert (tmp_path / "again" / written[0]).read_bytes() == first


def test_an_output_folder_gives_the_same_page(tmp_path, seed):
    jsonld, evidence = seed
    out = tmp_path / "output"
    out.mkdir()
    (out / f"{SEED.stem}.jsonld").write_text(jsonld, "utf-8")
    (out / f"{SEED.stem}.evidence.json").write_text(json.dumps(evidence), "utf-8")
    (out / "catalog.jsonld").write_text("{}", "utf-8")  # no evidence: not a page
    assert main([out], tmp_path / "review") == 0
    assert [p.name for p in (tmp_path / "review").iterdir()] == [f"{SEED.stem}.html"]
    assert (tmp_path / "review" / f"{SEED.stem}.html").read_text("utf-8") == render_review(*seed)


# --------------------------------------------------------------------------------------
# A real browser
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.geteuid() != 0:
            pytest.skip("chromium is not installed and cannot be (not root): make chromium")
        subprocess.run(["make", "-s", "chromium"], cwd=ROOT, check=True, timeout=900)
    assert CHROMIUM.exists()
    return CHROMIUM


def browse(chromium: Path, tmp: Path, *args: str) -> str:
    flags = [
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
    ]
    if os.geteuid() == 0:
        flags.insert(1, "--no-sandbox")
    done = subprocess.run(
        [str(chromium), *flags, *args], capture_output=True, text=True, timeout=180, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory) -> Path:
    """The seed's review page as ``main`` writes it (raw/ page with its sidecar)."""
    out = tmp_path_factory.mktemp("review")
    assert main([SEED], out) == 0
    return out / f"{SEED.stem}.html"


def test_browser_every_gold_value_has_a_highlighted_span(chromium, seed_page, tmp_path):
    tree = doc(browse(chromium, tmp_path, "--dump-dom", seed_page.as_uri()))
    rows = fact_rows(tree)
    shown = marked_ids(tree)
    assert shown and shown <= set(rows)
    gold = json.loads((GOLD / f"{SEED.stem}.json").read_text("utf-8"))
    sections = {
        s.xpath("string(h3)"): s.get("data-node")
        for s in tree.xpath('//section[contains(@class,"partnership")]')
    }

    def highlighted(props: set[str], wanted, node: str | None = None) -> bool:
        wanted = accepted(wanted)
        return any(
            fid in shown
            and r["data-property"].split(":")[-1] in props
            and (r["data-value"] in wanted or r["data-label"] in wanted)
            and (node is None or r["data-node"] == node)
            for fid, r in rows.items()
        )

    checked = 0
    for p in gold["partnerships"]:
        (node,) = [n for name, n in sections.items() if name in accepted(p["name"])]
        checks = [({"name"}, p["name"], node), ({"foundingDate"}, p["founding_date"], node)]
        checks += [
            ({"name", "alternateName", "oldName", "newName"}, n, None) for n in p["all_names"]
        ]
        checks += [({"founder"}, f, node) for f in p["founders"]]
        checks += [({"coordinator"}, gold["coordinator"], node)]
        for r in p["renames"]:
            checks += [
                ({"oldName"}, r["from"], None),
                ({"newName"}, r["to"], None),
                ({"date"}, r["date"], None),
            ]
        checks += [({"containsPlace"}, n, None) for n in p["neighbourhoods"] + p["landmarks"]]
        checks += [({"boundedBy"}, s["name"], None) for s in p["bounding_streets"]]
        for props, wanted, where in checks:
            assert highlighted(props, wanted, where), (p["name"], props, wanted)
            checked += 1
    assert checked > 50


def test_browser_screenshot_reads(chromium, seed_page, tmp_path):
    SHOT.parent.mkdir(exist_ok=True)
    SHOT.unlink(missing_ok=True)
    browse(
        chromium, tmp_path, f"--screenshot={SHOT}", "--window-size=1400,1000", seed_page.as_uri()
    )
    data = SHOT.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 1000)


def test_browser_fact_fragment_marks_its_spans(chromium, seed_page, tmp_path):
    rows = fact_rows(doc(seed_page.read_text("utf-8")))
    (boris,) = [
        fid
        for fid, r in rows.items()
        if r["data-property"] == "schema:founder" and r["data-label"] == "Stowarzyszenie BORIS"
    ]
    before = doc(browse(chromium, tmp_path, "--dump-dom", seed_page.as_uri()))
    assert not before.xpath('//*[contains(concat(" ", @class, " "), " marked ")]')
    tree = doc(browse(chromium, tmp_path, "--dump-dom", f"{seed_page.as_uri()}#fact={boris}"))
    marked = tree.xpath('//pre[@id="text"]//mark[contains(concat(" ", @class, " "), " marked ")]')
    assert [m.text_content() for m in marked] == ["Stowarzyszenia BORIS"]
    assert all(boris in m.get("data-fact").split() for m in marked)
    values = tree.xpath('//a[contains(concat(" ", @class, " "), " marked ")]')
    assert values and all(boris in v.get("data-facts").split() for v in values)
    assert tree.xpath('string(//p[@id="status"])').startswith("1 highlighted span")


def test_short_ids_carry_no_scheme_or_host():
    assert (
        short_id("https://w3id.org/partnerstwa-lokalne/id/street/x")
        == "/partnerstwa-lokalne/id/street/x"
    )
    assert short_id("urn:x") == "urn:x"
