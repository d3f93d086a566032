"""Review pages: one self-contained HTML file per page, for editors checking the machine.

``python -m pipeline review PATH... -o DIR`` writes ``DIR/NAME.html`` for every page:

- at the top, the page's review flags in plain words (and editors' overrides, if any);
- on the left, the page's text (``evidence["text"]``) with every span a fact was read from
  highlighted: the text is cut at every span boundary and each segment becomes one
  ``<mark data-fact="f3 f7">`` naming the facts that cover it (``data-flag="flag1"``
  for the spans of a review flag), so overlapping spans render; the segment where a fact
  starts carries a small tag with the property's local name (``founder``, ``boundedBy``,
  ``foundingDate``), drawn by CSS so that the text pane's text stays exactly the page's;
- on the right, the records as tables (one section per partnership, then the
  organizations) and the list of every fact; each value links to its facts: clicking it
  marks its spans (class ``marked``, an outline) and scrolls to the first one, clicking a
  highlighted span marks the values read from it; ``#fact=f3,f7`` in the URL does the
  same on load.

The file needs no network: CSS and a little vanilla JS are inline, node IRIs are shown
without scheme and host, and the only URL in it is the page's own (a plain link).  Every
text and attribute value goes through :func:`html.escape`.  Output is deterministic.

Inputs (:func:`main`): page files or folders (run through :func:`pipeline.run.extract_page`
with their ``NAME.meta.json`` sidecars), or an output folder / ``NAME.jsonld`` file with its
``NAME.evidence.json`` beside it.  :func:`render_review` is the pure part: JSON-LD text and
the evidence document (format of :mod:`pipeline.evidence`) in, HTML text out.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVIDENCE_SUFFIX = ".evidence.json"
REVIEW_SUFFIX = ".html"

#: Plain titles of the review flag codes (pipeline/flags.py).
FLAG_TITLES = {
    "name-word-order": "Two names of one partnership differ only in word order",
    "count-mismatch": "The page states a different number of partnerships than were found",
    "date-out-of-range": "A date is implausible",
    "nominative-uncertain": "The nominative form of a name is uncertain",
    "street-spelling": "One street is spelled differently in two lists",
}

#: Colour group of each property's highlight (by local name); others are grey.
_GROUPS = {
    "name": "g-name",
    "alternateName": "g-name",
    "oldName": "g-name",
    "newName": "g-name",
    "foundingDate": "g-date",
    "date": "g-date",
    "foundingOrdinal": "g-date",
    "founder": "g-org",
    "initiator": "g-org",
    "coordinator": "g-org",
    "member": "g-org",
    "boundedBy": "g-area",
    "containsPlace": "g-area",
    "containedInPlace": "g-area",
    "streetType": "g-area",
    "title": "g-area",
    "terytTerc": "g-area",
}

#: Properties read from the same span as a node's name: left out of a tag beside others.
_QUIET_TAGS = {"streetType", "title", "terytTerc"}

_LP = "lp:LocalPartnership"
_ORG_TYPES = {"schema:NGO", "schema:Library", "schema:School", "schema:Consortium"}

_CSS = """
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#222;
background:#f4f4f1}
header{padding:10px 20px;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:19px;margin:0 0 2px}
h2{font-size:16px;margin:0 0 8px}
h3{font-size:15px;margin:0 0 6px}
.meta,.status{color:#555;margin:2px 0}
.status{font-style:italic}
#flags,#overrides{margin:8px 0 0;padding:8px 12px;border-radius:4px}
#flags{background:#fff4e5;border:1px solid #f0b46b}
#flags.none{background:#eef7ee;border-color:#9c9}
#overrides{background:#eef3ff;border:1px solid #9ab}
#flags ul,#overrides ul{margin:4px 0 0;padding-left:20px}
.flag-code,.code{font-family:"DejaVu Sans Mono",monospace;font-size:12px;color:#745}
.legend span{display:inline-block;margin-right:10px;padding:0 6px;border-radius:3px}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;padding:14px 20px}
#text{white-space:pre-wrap;background:#fff;border:1px solid #ccc;border-radius:4px;
padding:14px 16px;line-height:2.1;max-height:calc(100vh - 24px);overflow:auto;position:sticky;
top:12px;margin:0;font:inherit;line-height:2.1}
#records{min-width:0}
section.node{background:#fff;border:1px solid #ccc;border-radius:4px;padding:10px 12px;
margin-bottom:12px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:3px 6px;border-top:1px solid #eee}
th{width:11em;color:#444;font-weight:600}
td ul{margin:0;padding-left:16px}
a.v{color:#0645ad;text-decoration:none;border-bottom:1px dotted #0645ad;cursor:pointer}
a.v:hover{background:#eef}
.ungrounded{color:#a33;border-bottom:1px dashed #a33}
.none{color:#999}
.editor{color:#6a3d9a;font-weight:600;margin-left:4px}
.count{color:#888;font-size:11px;margin-left:3px}
.role{color:#555;font-size:12px;margin-left:4px}
mark{background:#e6e6e6;color:inherit;border-radius:2px;padding:1px 0;cursor:pointer}
mark.g-name{background:#ffe38f}
mark.g-date{background:#b7e7c6}
mark.g-org{background:#c8dafc}
mark.g-area{background:#f6cbe7}
mark.multi{box-shadow:inset 0 -2px 0 rgba(0,0,0,.35)}
mark.p-flag{text-decoration:underline wavy #d22}
mark[data-tag]::before{content:attr(data-tag);white-space:nowrap;display:inline-block;font-size:9px;line-height:1;vertical-align:top;
color:#fff;background:#556;border-radius:3px;padding:1px 3px;margin-right:2px;
font-family:"DejaVu Sans Mono",monospace}
.marked{outline:2px solid #e4572e;outline-offset:1px}
mark.marked{background:#ffb199}
.legend .g-name{background:#ffe38f}.legend .g-date{background:#b7e7c6}
.legend .g-org{background:#c8dafc}.legend .g-area{background:#f6cbe7}
.legend .g-other{background:#e6e6e6}
#facts td{font-size:12px}
#facts tr{cursor:pointer}
#facts tr.bad td{color:#a33}
details summary{cursor:pointer;font-weight:600}
"""

_JS = """
(function () {
  "use strict";
  var marked = [];
  function ids(el, attr) {
    return (el.getAttribute(attr) || "").split(/\\s+/).filter(Boolean);
  }
  function spanIds(el) { return ids(el, "data-fact").concat(ids(el, "data-flag")); }
  function reveal(el) {
    var pane = el.closest("#text");
    if (!pane) { el.scrollIntoView({block: "center"}); return; }
    var top = el.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += top - pane.clientHeight / 2;
  }
  function clear() {
    marked.forEach(function (el) { el.classList.remove("marked"); });
    marked = [];
  }
  function mark(wanted, scrollTo) {
    clear();
    var want = {};
    wanted.forEach(function (i) { want[i] = true; });
    var hit = function (list) { return list.some(function (i) { return want[i]; }); };
    var firstSpan = null, firstValue = null, spans = 0;
    document.querySelectorAll("mark").forEach(function (el) {
      if (hit(spanIds(el))) {
        el.classList.add("marked"); marked.push(el); spans += 1;
        if (!firstSpan) { firstSpan = el; }
      }
    });
    document.querySelectorAll("[data-facts]").forEach(function (el) {
      if (hit(ids(el, "data-facts"))) {
        el.classList.add("marked"); marked.push(el);
        if (!firstValue) { firstValue = el; }
      }
    });
    var target = scrollTo === "value" ? firstValue : firstSpan;
    if (target) { reveal(target); }
    var status = document.getElementById("status");
    if (status) {
      status.textContent = spans ? spans + " highlighted span(s) marked for " + wanted.join(", ")
        : "No span in the text for " + wanted.join(", ") + " (an editor's value or unread).";
    }
  }
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-facts], mark");
    if (!el) { return; }
    ev.preventDefault();
    var fromText = !el.hasAttribute("data-facts");
    var wanted = fromText ? spanIds(el) : ids(el, "data-facts");
    mark(wanted, fromText ? "value" : "span");
    try { history.replaceState(null, "", "#fact=" + wanted.join(",")); } catch (e) { /* file: */ }
  });
  function fromHash() {
    var m = /^#fact=([A-Za-z0-9,_-]+)$/.exec(window.location.hash);
    if (m) { mark(m[1].split(","), "span"); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
}());
"""


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------


def esc(value: object) -> str:
    """Text or attribute value, escaped (quotes included)."""
    return html.escape("" if value is None else str(value), quote=True)


def local_name(prop: str) -> str:
    """``schema:founder`` -> ``founder``; an IRI -> its last segment."""
    return re.split(r"[:#/]", prop)[-1] or prop


def _css_token(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)


_SCHEME_HOST = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/]*")


def short_id(iri: str) -> str:
    """A node IRI without scheme and host (``/partnerstwa-lokalne/id/organization/x``): the
    review page carries no URL but the page's own."""
    return _SCHEME_HOST.sub("", iri) or iri


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _literal(value: Any) -> str:
    """A JSON-LD value as the evidence file writes it: a literal's string or an @id."""
    if isinstance(value, dict):
        if "@id" in value:
            return str(value["@id"])
        return str(value.get("@value", ""))
    return str(value)


# --------------------------------------------------------------------------------------
# Facts and the spans they cover
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted span: a fact (``f3``) or a flag's evidence (``flag1``)."""

    id: str
    start: int
    end: int
    prop: str  # local name, for the tag and the CSS class
    title: str  # one line for the tooltip


class Facts:
    """The evidence's facts with their ids (``f1``… in file order) and lookups."""

    def __init__(self, evidence: dict[str, Any]) -> None:
        self.text: str = evidence.get("text") or ""
        self.items: list[tuple[str, dict[str, Any]]] = [
            (f"f{i}", f) for i, f in enumerate(evidence.get("facts") or [], start=1)
        ]
        self._by_key: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self._by_id = dict(self.items)
        for fid, f in self.items:
            self._by_key[(str(f.get("node")), str(f.get("property")), str(f.get("value")))].append(
                fid
            )

    def ids(self, node: str, prop: str, value: str) -> list[str]:
        return list(self._by_key.get((node, prop, value), ()))

    def get(self, fid: str) -> dict[str, Any]:
        return self._by_id[fid]

    def is_editor(self, fid: str) -> bool:
        return self._by_id[fid].get("source") == "editor"

    def grounded(self, fact: dict[str, Any]) -> bool:
        """A page fact whose span lies in the text and quotes it exactly."""
        start, end = fact.get("start"), fact.get("end")
        if fact.get("source") == "editor" or not isinstance(start, int):
            return False
        if not isinstance(end, int) or not 0 <= start <= end <= len(self.text):
            return False
        return self.text[start:end] == fact.get("quote")

    def spans(self) -> list[Span]:
        out = []
        for fid, f in self.items:
            if self.grounded(f) and f["end"] > f["start"]:
                shown = f.get("label") or f.get("value")
                if isinstance(shown, str) and "://" in shown:
                    shown = short_id(shown)
                title = f"{local_name(f.get('property') or '')}: {shown}"
                out.append(Span(fid, f["start"], f["end"], local_name(f["property"]), title))
        return out


def _flag_spans(flags: list[dict[str, Any]], text: str) -> list[Span]:
    out = []
    for i, flag in enumerate(flags, start=1):
        for ev in flag.get("evidence") or []:
            start, end = ev.get("start"), ev.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
                out.append(Span(f"flag{i}", start, end, "flag", f"flag: {flag.get('code')}"))
    return out


def segments(text: str, spans: Iterable[Span]) -> Iterator[tuple[int, int, list[Span]]]:
    """Cut ``text`` at every span boundary: (start, end, spans covering it), in order."""
    spans = list(spans)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        starting[s.start].append(s)
    active: list[Span] = []
    for a, b in itertools.pairwise(cuts):
        active = [s for s in active if s.end > a] + starting.get(a, [])
        yield a, b, active


def _order(span_ids: Iterable[str]) -> list[str]:
    """Fact ids in file order (f2 before f10), flags last."""

    def key(sid: str) -> tuple[int, int]:
        m = re.fullmatch(r"(f|flag)(\d+)", sid)
        return (0 if m and m.group(1) == "f" else 1, int(m.group(2)) if m else 0)

    return sorted(set(span_ids), key=key)


def render_text(text: str, spans: list[Span]) -> str:
    """The page's text with every span a ``<mark>`` (overlaps split into segments)."""
    parts = []
    for a, b, cover in segments(text, spans):
        piece = esc(text[a:b])
        if not cover:
            parts.append(piece)
            continue
        props = sorted({s.prop for s in cover})
        classes = ["fact", *(f"p-{_css_token(p)}" for p in props)]
        classes += sorted({_GROUPS[p] for p in props if p in _GROUPS})
        if len({s.id for s in cover}) > 1:
            classes.append("multi")
        tags = sorted({s.prop for s in cover if s.start == a})
        if set(tags) - _QUIET_TAGS:
            tags = [t for t in tags if t not in _QUIET_TAGS]
        tag = f' data-tag="{esc(" · ".join(tags))}"' if tags else ""
        titles = "\n".join(sorted({s.title for s in cover}))
        ids = _order(s.id for s in cover)
        fact_ids = " ".join(i for i in ids if not i.startswith("flag"))
        flag_ids = " ".join(i for i in ids if i.startswith("flag"))
        attrs = f' data-fact="{esc(fact_ids)}"' if fact_ids else ""
        attrs += f' data-flag="{esc(flag_ids)}"' if flag_ids else ""
        parts.append(
            f'<mark class="{esc(" ".join(classes))}"{attrs}{tag} '
            f'title="{esc(titles)}">{piece}</mark>'
        )
    return "".join(parts)


# --------------------------------------------------------------------------------------
# The records, as tables
# --------------------------------------------------------------------------------------


class _Graph:
    def __init__(self, jsonld_text: str) -> None:
        doc = json.loads(jsonld_text)
        graph = doc.get("@graph", [doc]) if isinstance(doc, dict) else doc
        self.nodes: dict[str, dict[str, Any]] = {n["@id"]: n for n in graph if "@id" in n}

    def types(self, node: dict[str, Any]) -> list[str]:
        return [str(t) for t in _as_list(node.get("@type"))]

    def name(self, iri: str) -> str:
        node = self.nodes.get(iri, {})
        names = _as_list(node.get("schema:name"))
        return _literal(names[0]) if names else short_id(iri)

    def values(self, node: dict[str, Any], prop: str) -> list[str]:
        return [_literal(v) for v in _as_list(node.get(prop))]


def _value(text: str, fact_ids: list[str], facts: Facts, *, count: bool = True) -> str:
    """One value, linked to its facts; "(editor)" when an editor gave it."""
    fact_ids = _order(fact_ids)
    editor = any(facts.is_editor(f) for f in fact_ids)
    page = [f for f in fact_ids if not facts.is_editor(f)]
    if not fact_ids:
        return f'<span class="v ungrounded" title="no evidence for this value">{esc(text)}</span>'
    joined = " ".join(fact_ids)
    out = (
        f'<a class="v" href="#fact={esc(",".join(fact_ids))}" data-facts="{esc(joined)}">'
        f"{esc(text)}</a>"
    )
    places = {(facts.get(f).get("start"), facts.get(f).get("end")) for f in page}
    if count and len(places) > 1:
        out += f' <span class="count" title="read at {len(places)} places">×{len(places)}</span>'
    if editor:
        out += ' <span class="editor">(editor)</span>'
    return out


def _cell(values: list[str]) -> str:
    if not values:
        return '<span class="none">—</span>'
    if len(values) == 1:
        return values[0]
    return "<ul>" + "".join(f"<li>{v}</li>" for v in values) + "</ul>"


def _row(label: str, values: list[str]) -> str:
    return f"<tr><th>{esc(label)}</th><td>{_cell(values)}</td></tr>"


def _ref_value(g: _Graph, facts: Facts, node: str, props: list[str], target: str) -> str:
    """A reference (founder, street…): its facts, or the target's own name facts."""
    ids = [f for p in props for f in facts.ids(node, p, target)]
    if not ids:
        ids = facts.ids(target, "schema:name", g.name(target))
    return _value(g.name(target), ids, facts)


def _street_label(g: _Graph, iri: str) -> str:
    """``type [title] name`` as partnerships.csv writes it: ``ulica gen. Andersa``."""
    node = g.nodes.get(iri, {})
    name = g.name(iri)
    parts = [name]
    title = g.values(node, "lp:title")
    if title:
        parts.insert(0, title[0])
    kind = (g.values(node, "lp:streetType") or [""])[0]
    if kind and kind != "inne" and not name.casefold().startswith(kind.casefold()):
        parts.insert(0, kind)
    return " ".join(parts)


def _partnership(g: _Graph, facts: Facts, pid: str, anchor: str) -> str:
    p = g.nodes[pid]
    name = g.name(pid)
    rows = [
        _row("name", [_value(name, facts.ids(pid, "schema:name", name), facts)]),
        _row(
            "other names",
            [
                _value(n, facts.ids(pid, "schema:alternateName", n), facts)
                for n in g.values(p, "schema:alternateName")
            ],
        ),
    ]
    for prop, label in (
        ("schema:foundingDate", "founding date"),
        ("lp:foundingOrdinal", "founded as no."),
    ):
        values = [_value(v, facts.ids(pid, prop, v), facts) for v in g.values(p, prop)]
        rows.append(_row(label, values))
    initiators = set(g.values(p, "lp:initiator"))
    founders = []
    for org in sorted(g.values(p, "schema:founder"), key=g.name):
        role = "initiator" if org in initiators else "founder"
        props = ["schema:founder", "lp:initiator"]
        founders.append(
            _ref_value(g, facts, pid, props, org) + f' <span class="role">({esc(role)})</span>'
        )
    rows.append(_row("founders", founders))
    for prop, label in (("lp:coordinator", "coordinator"), ("schema:member", "members")):
        targets = sorted(g.values(p, prop), key=g.name)
        rows.append(_row(label, [_ref_value(g, facts, pid, [prop], t) for t in targets]))
    rows.append(_row("renames", _renames(g, facts, pid)))
    rows.extend(_area_rows(g, facts, p))
    return (
        f'<section class="node partnership" id="{esc(anchor)}" data-node="{esc(short_id(pid))}">'
        f"<h3>{esc(name)}</h3><table>{''.join(rows)}</table>"
        f'<p class="meta code">{esc(short_id(pid))}</p></section>'
    )


def _renames(g: _Graph, facts: Facts, pid: str) -> list[str]:
    out = []
    for rid in g.values(g.nodes[pid], "org:changedBy"):
        r = g.nodes.get(rid, {})
        pieces = []
        for prop in ("lp:oldName", "lp:newName"):
            for v in g.values(r, prop):
                pieces.append(_value(v, facts.ids(rid, prop, v), facts))
        item = " → ".join(pieces)
        for d in g.values(r, "dct:date"):
            item += f" ({_value(d, facts.ids(rid, 'dct:date', d), facts)})"
        out.append((g.values(r, "dct:date") or [""])[0] + "\x00" + item)
    return [item.split("\x00", 1)[1] for item in sorted(out)]


def _area_rows(g: _Graph, facts: Facts, p: dict[str, Any]) -> list[str]:
    hoods: list[str] = []
    marks: list[str] = []
    streets: list[str] = []
    districts: list[str] = []
    for aid in g.values(p, "schema:areaServed"):
        area = g.nodes.get(aid, {})
        for place in sorted(g.values(area, "schema:containsPlace"), key=g.name):
            is_hood = "lp:Neighbourhood" in g.types(g.nodes.get(place, {}))
            value = _ref_value(g, facts, aid, ["schema:containsPlace"], place)
            (hoods if is_hood else marks).append(value)
        for street in sorted(g.values(area, "lp:boundedBy"), key=g.name):
            ids = facts.ids(aid, "lp:boundedBy", street) or facts.ids(
                street, "schema:name", g.name(street)
            )
            streets.append(_value(_street_label(g, street), ids, facts))
        for did in g.values(area, "schema:containedInPlace"):
            name = g.name(did)
            terc = g.values(g.nodes.get(did, {}), "lp:terytTerc")
            value = _value(name, facts.ids(did, "schema:name", name), facts)
            if terc:
                value += f' <span class="role">(TERC {esc(terc[0])})</span>'
            districts.append(value)
    return [
        _row("neighbourhoods", hoods),
        _row("landmarks", marks),
        _row("bounding streets", streets),
        _row("district", districts),
    ]


def _organizations(g: _Graph, facts: Facts, orgs: list[str]) -> str:
    rows = []
    for oid in orgs:
        o = g.nodes[oid]
        name = g.name(oid)
        alts = [
            _value(a, facts.ids(oid, "schema:alternateName", a), facts)
            for a in g.values(o, "schema:alternateName")
        ]
        extra = []
        for prop, label in (("schema:parentOrganization", "part of"), ("lp:succeededBy", "now")):
            for target in g.values(o, prop):
                extra.append(f' <span class="role">{esc(label)}: {esc(g.name(target))}</span>')
        kinds = ", ".join(local_name(t) for t in g.types(o))
        rows.append(
            f"<tr><td>{_value(name, facts.ids(oid, 'schema:name', name), facts)}"
            f"{''.join(extra)}</td><td>{_cell(alts)}</td>"
            f'<td class="code">{esc(kinds)}</td></tr>'
        )
    return (
        '<section class="node" id="organizations"><h2>Organizations</h2><table>'
        "<tr><th>name</th><th>other names</th><th>type</th></tr>"
        f"{''.join(rows)}</table></section>"
    )


def _fact_list(facts: Facts) -> str:
    rows = []
    for fid, f in facts.items:
        value = f.get("value")
        shown = f.get("label") or (short_id(value) if isinstance(value, str) else value)
        if f.get("source") == "editor":
            where = f"editor: {f.get('override') or ''}"
        else:
            where = f"{f.get('start')}–{f.get('end')} {f.get('element') or ''}".strip()
        bad = f.get("source") != "editor" and not facts.grounded(f)
        attrs = {
            "id": f"fact-{fid}",
            "class": "fact-row bad" if bad else "fact-row",
            "data-facts": fid,
            "data-node": short_id(str(f.get("node") or "")),
            "data-property": f.get("property"),
            "data-value": short_id(value) if isinstance(value, str) else value,
            "data-label": f.get("label") or "",
            "data-source": f.get("source"),
        }
        attr_text = " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items())
        rows.append(
            f'<tr {attr_text}><td class="code">{esc(fid)}</td>'
            f'<td class="code">{esc(local_name(str(f.get("property") or "")))}</td>'
            f"<td>{esc(shown)}</td><td>{esc(f.get('quote') or '')}</td>"
            f'<td class="code">{esc(where)}</td></tr>'
        )
    return (
        f'<section class="node"><details id="facts"><summary>All facts ({len(facts.items)})'
        "</summary><table><tr><th>id</th><th>property</th><th>value</th><th>quote</th>"
        f"<th>where</th></tr>{''.join(rows)}</table></details></section>"
    )


# --------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------


def _flags_block(flags: list[dict[str, Any]], g: _Graph, anchors: dict[str, str]) -> str:
    if not flags:
        return '<div id="flags" class="none"><b>No review flags.</b></div>'
    items = []
    for i, flag in enumerate(flags, start=1):
        code = str(flag.get("code") or "")
        title = FLAG_TITLES.get(code, code)
        node = flag.get("node")
        about = ""
        if node:
            target = anchors.get(node)
            label = esc(g.name(node))
            about = f' — <a href="#{esc(target)}">{label}</a>' if target else f" — {label}"
        quotes = [esc(ev.get("quote") or "") for ev in flag.get("evidence") or []]
        where = ""
        if quotes:
            where = (
                f' <a class="v" href="#fact=flag{i}" data-facts="flag{i}">'
                f"«{'», «'.join(quotes)}»</a>"
            )
        items.append(
            f'<li class="flag" data-code="{esc(code)}"><b>{esc(title)}</b>{about}: '
            f"{esc(flag.get('message') or '')}{where} "
            f'<span class="flag-code">{esc(code)}</span></li>'
        )
    return f'<div id="flags"><b>Review flags ({len(flags)})</b><ul>{"".join(items)}</ul></div>'


def _overrides_block(overrides: list[dict[str, Any]]) -> str:
    if not overrides:
        return ""
    items = []
    for o in overrides:
        status = str(o.get("status") or "")
        items.append(
            f'<li class="override {esc(_css_token(status))}"><b>{esc(status)}</b> '
            f'<span class="code">{esc(o.get("file"))}#{esc(o.get("index"))}</span> '
            f"{esc(o.get('operation'))} {esc(local_name(str(o.get('property') or '')))} of "
            f"{esc(short_id(str(o.get('node') or '')))}: {esc(o.get('message') or '')}</li>"
        )
    return f'<div id="overrides"><b>Editors\' overrides</b><ul>{"".join(items)}</ul></div>'


def _page_link(g: _Graph, page_id: str) -> str:
    urls = g.values(g.nodes.get(page_id, {}), "schema:url")
    url = urls[0] if urls else ""
    if re.match(r"^https?://", url):
        return f'<a href="{esc(url)}" rel="noreferrer">{esc(url)}</a>'
    return esc(url) if url else '<span class="none">no URL known</span>'


def _first_start(facts: Facts, node: str) -> int:
    """Where the node's name is first read (page order of the partnerships)."""
    starts = [
        f["start"]
        for _, f in facts.items
        if f.get("node") == node and f.get("property") == "schema:name" and facts.grounded(f)
    ]
    return min(starts, default=len(facts.text) + 1)


def render_review(jsonld_text: str, evidence: dict[str, Any]) -> str:
    """The review page of one page: its JSON-LD and its evidence document -> HTML text."""
    g = _Graph(jsonld_text)
    facts = Facts(evidence)
    flags = list(evidence.get("flags") or [])
    partnerships = sorted(
        (i for i, n in g.nodes.items() if _LP in g.types(n)),
        key=lambda i: (_first_start(facts, i), g.name(i), i),
    )
    orgs = sorted(
        (
            i
            for i, n in g.nodes.items()
            if i not in partnerships
            and any(local_name(t).endswith("Organization") or t in _ORG_TYPES for t in g.types(n))
        ),
        key=lambda i: (g.name(i), i),
    )
    anchors = {pid: f"p{k}" for k, pid in enumerate(partnerships, start=1)}
    spans = facts.spans()
    all_spans = spans + _flag_spans(flags, facts.text)
    name = evidence.get("name") or ""
    page_id = evidence.get("page") or ""
    bad = sum(1 for _, f in facts.items if f.get("source") != "editor" and not facts.grounded(f))
    editor = sum(1 for fid, _ in facts.items if facts.is_editor(fid))
    summary = (
        f"{len(partnerships)} partnerships, {len(orgs)} organizations, {len(facts.items)} facts "
        f"({len({s.id for s in spans})} highlighted, {editor} from editors), {len(flags)} flags"
    )
    if bad:
        summary += f"; {bad} facts whose quote is not in the text (listed in red below)"
    legend = "".join(
        f'<span class="{c}">{esc(t)}</span>'
        for c, t in (
            ("g-name", "names"),
            ("g-date", "dates"),
            ("g-org", "organizations"),
            ("g-area", "area"),
            ("g-other", "other"),
        )
    )
    sections = "".join(_partnership(g, facts, pid, anchors[pid]) for pid in partnerships)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="pl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Review: {esc(name)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>Review: {esc(name)}</h1>"
        f'<p class="meta">Page: {_page_link(g, page_id)}</p>'
        f'<p class="meta">{esc(summary)}</p>'
        f'<p class="meta legend">{legend}</p>'
        f"{_flags_block(flags, g, anchors)}"
        f"{_overrides_block(list(evidence.get('overrides') or []))}"
        '<p id="status" class="status" aria-live="polite">Click a value to see where it was read; '
        "click a highlighted span to see what was read from it.</p></header>"
        f'<main><pre id="text" lang="pl">{render_text(facts.text, all_spans)}</pre>'
        f'<div id="records"><h2>Partnerships ({len(partnerships)})</h2>{sections}'
        f"{_organizations(g, facts, orgs)}{_fact_list(facts)}</div></main>"
        f"<script>{_JS}</script></body></html>\n"
    )


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def _from_output(jsonld_path: Path) -> tuple[str, str, dict[str, Any]]:
    name = jsonld_path.name[: -len(".jsonld")]
    ev_path = jsonld_path.with_name(name + EVIDENCE_SUFFIX)
    evidence = json.loads(ev_path.read_text("utf-8"))
    if evidence.get("version") != 1:
        raise ValueError(f"{ev_path}: evidence version {evidence.get('version')!r}, expected 1")
    return name, jsonld_path.read_text("utf-8"), evidence


def _from_page(path: Path) -> tuple[str, str, dict[str, Any]]:
    from pipeline.evidence import build_evidence
    from pipeline.load import PAGE_SUFFIXES, read_sidecar, sidecar_path
    from pipeline.run import extract_page

    sidecar = read_sidecar(sidecar_path(path))
    result = extract_page(
        path.read_bytes(),
        name=path.stem,
        kind=PAGE_SUFFIXES[path.suffix.lower()],
        url=sidecar.url if sidecar else None,
        retrieved=sidecar.retrieved if sidecar else None,
    )
    evidence = getattr(result, "evidence", None)
    if evidence is None:
        evidence = build_evidence(result.records, result.document.text)
    return result.name, result.jsonld, evidence


def _inputs(paths: Iterable[Path]) -> Iterator[Path | str]:
    """``NAME.jsonld`` files with evidence beside them, page files, or error messages."""
    from pipeline.run import iter_inputs

    for path in paths:
        if path.is_dir() and any(path.glob("*" + EVIDENCE_SUFFIX)):
            for ev in sorted(path.glob("*" + EVIDENCE_SUFFIX)):
                yield ev.with_name(ev.name[: -len(EVIDENCE_SUFFIX)] + ".jsonld")
        elif path.is_file() and path.name.endswith(EVIDENCE_SUFFIX):
            yield path.with_name(path.name[: -len(EVIDENCE_SUFFIX)] + ".jsonld")
        elif path.is_file() and path.suffix == ".jsonld":
            yield path
        else:
            yield from iter_inputs([path])


def main(paths: Iterable[Path | str], out_dir: Path | str) -> int:
    """Write ``out_dir/NAME.html`` for every page; one line on stderr per failure.

    Returns 0 when every input gave a review page, 1 otherwise (the others are written).
    """
    from pipeline.load import LoadError
    from pipeline.run import PageError, write_atomic

    out = Path(out_dir)
    failed = False
    claimed: dict[str, Path] = {}
    for item in _inputs([Path(p) for p in paths]):
        if isinstance(item, str):
            print(f"error: {item}", file=sys.stderr)
            failed = True
            continue
        try:
            if item.suffix == ".jsonld":
                name, jsonld_text, evidence = _from_output(item)
            else:
                name, jsonld_text, evidence = _from_page(item)
            if name in claimed:
                target = out / f"{name}{REVIEW_SUFFIX}"
                raise ValueError(f"{target} is already written from {claimed[name]}")
            claimed[name] = item
            write_atomic(out / f"{name}{REVIEW_SUFFIX}", render_review(jsonld_text, evidence))
        except LoadError as err:
            print(f"error: {item}: {err.reason}", file=sys.stderr)
            failed = True
        except (PageError, OSError, ValueError, KeyError) as err:
            print(f"error: {item}: {err}", file=sys.stderr)
            failed = True
    return 1 if failed else 0
