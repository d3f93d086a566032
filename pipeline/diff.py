"""Semantic diff of JSON-LD outputs: what changed, node by node, in words for editors.

``python -m pipeline diff OLD NEW`` compares two documents (or two folders of them,
paired by file name; a file on one side only is a page added or removed) by node
``@id``, never by line, so re-ordering, re-indenting or re-escaping changes nothing::

    partnership Nad Stawem: foundingDate: 2014-10 → 2014-11
    partnership Stare Miasto: founder + Fundacja X (editor)
    area Stare Miasto › areaServed: boundedBy − Lipowa
    + partnership Nowe Partnerstwo <https://…/partnership/nowe-partnerstwo>

- one line per change, each naming its node (``kind label``), so any line can be read
  or grepped alone; in folder mode each page with changes gets a header line
  (``page NAME``, ``+ page NAME``, ``− page NAME``) and its lines are indented;
- a single value changed: ``prop: old → new``; a list member: ``prop + value`` /
  ``prop − value``; a property appearing or vanishing: ``prop added: a | b`` /
  ``prop removed: a``; a value that is an ``@id`` is shown by the referred node's name
  in the same document (the old one for old values, the new one for new values);
- properties by their local name (``schema:foundingDate`` → ``foundingDate``);
- a value an editor put there (a fact of ``NAME.evidence.json`` beside the NEW file with
  that node, property and value and ``"source": "editor"``) is marked `` (editor)``;
- a node without a name is labelled by the one named node that refers to it
  (``Stare Miasto › areaServed``), else by its ``@id``; a label two nodes of one kind
  share gets the ``@id`` appended;
- order: pages by name; nodes by kind (partnerships first), label, ``@id``; properties
  alphabetically; values as their text sorts.  The ``@context`` is compared too.

``--json`` prints the same report as one JSON object (keys sorted; :meth:`Report.from_json`
reads it back).  Exit status: 0 equal, 1 different, 2 bad arguments or an unreadable
file (one line on stderr).  ``--git-head PATH`` compares the committed (HEAD) version of
PATH with the working tree's (:func:`git_head_dir`).

Standard library only, so it stays out of the extraction stages' import graph.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

__all__ = [
    "DiffError",
    "Report",
    "diff_documents",
    "diff_paths",
    "git_head_dir",
    "main",
    "render_text",
]

SUFFIX = ".jsonld"
EVIDENCE_SUFFIX = ".evidence.json"
CONTEXT_NODE = "@context"

#: Node kinds by @type, in report order (partnerships first); anything else is "node".
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("partnership", ("lp:LocalPartnership",)),
    ("area", ("schema:Place",)),
    (
        "organization",
        (
            "schema:Organization",
            "schema:GovernmentOrganization",
            "schema:NGO",
            "schema:EducationalOrganization",
            "schema:School",
            "schema:Library",
            "schema:Consortium",
            "org:OrganizationalCollaboration",
        ),
    ),
    ("street", ("lp:Street",)),
    ("place", ("lp:Neighbourhood", "schema:Park", "schema:LandmarksOrHistoricalBuildings")),
    ("district", ("schema:AdministrativeArea",)),
    ("renaming", ("lp:Renaming",)),
    ("page", ("schema:WebPage",)),
    ("catalog", ("dcat:Catalog",)),
    ("dataset", ("dcat:Dataset",)),
    ("distribution", ("dcat:Distribution",)),
    ("period", ("dct:PeriodOfTime",)),
    ("agent", ("foaf:Agent",)),
)
_KIND_RANK = {kind: rank for rank, (kind, _) in enumerate(_KINDS)}
_OTHER_KIND = "node"
_KIND_RANK[_OTHER_KIND] = len(_KINDS)
_KIND_RANK[CONTEXT_NODE] = len(_KINDS) + 1

#: Properties that name a node, in order of preference.
_NAME_KEYS = ("schema:name", "foaf:name", "dct:title", "rdfs:label", "skos:prefLabel")

_ARROW, _PLUS, _MINUS = "→", "+", "−"  # U+2192, '+', U+2212
_COLORS = {"add": "\033[32m", "remove": "\033[31m", "change": "\033[33m", "page": "\033[1m"}
_RESET = "\033[0m"


class DiffError(Exception):
    """Bad arguments or an unreadable input; ``str(err)`` is one line for stderr."""


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a property: a literal, or a reference (``ref``) to a node's @id."""

    value: str
    ref: bool = False
    label: str | None = None  # the referred node's name, for a reference
    datatype: str | None = None
    language: str | None = None
    editor: bool = False  # an editor's override put it there

    def key(self) -> tuple[str, ...]:
        """What makes two values the same value (labels and editor marks do not)."""
        return ("id" if self.ref else "lit", self.value, self.datatype or "", self.language or "")

    def shown(self) -> str:
        text = self.label if self.ref and self.label else self.value
        if self.language and self.language != "pl":
            text += f" [{self.language}]"
        return text


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one property.

    ``op``: ``changed`` (one value replaced by another), ``added`` / ``removed`` (a member
    of a list), ``property-added`` / ``property-removed`` (every value).
    """

    property: str  # the key as written, "schema:foundingDate"
    name: str  # what people read, "foundingDate"
    op: str
    old: tuple[Value, ...] = ()
    new: tuple[Value, ...] = ()


@dataclass(frozen=True, slots=True)
class NodeDiff:
    id: str
    kind: str
    label: str
    status: str  # added | removed | changed
    changes: tuple[Change, ...] = ()
    label_unique: bool = True  # False: another node of this kind has the same label


@dataclass(frozen=True, slots=True)
class PageDiff:
    name: str  # the file stem
    status: str  # added | removed | changed
    nodes: tuple[NodeDiff, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    pages: tuple[PageDiff, ...] = ()
    folders: bool = False  # two folders were compared (page headers are printed)

    @property
    def equal(self) -> bool:
        return not self.pages

    def to_json_data(self) -> dict[str, Any]:
        return {
            "equal": self.equal,
            "mode": "folders" if self.folders else "files",
            "pages": [_page_data(p) for p in self.pages],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_json_data(), ensure_ascii=False, sort_keys=True, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Report:
        data = json.loads(text)
        return cls(
            pages=tuple(
                PageDiff(
                    name=p["name"],
                    status=p["status"],
                    nodes=tuple(
                        NodeDiff(
                            id=n["id"],
                            kind=n["kind"],
                            label=n["label"],
                            status=n["status"],
                            label_unique=n["label_unique"],
                            changes=tuple(
                                Change(
                                    property=c["property"],
                                    name=c["name"],
                                    op=c["op"],
                                    old=tuple(Value(**v) for v in c["old"]),
                                    new=tuple(Value(**v) for v in c["new"]),
                                )
                                for c in n["changes"]
                            ),
                        )
                        for n in p["nodes"]
                    ),
                )
                for p in data["pages"]
            ),
            folders=data["mode"] == "folders",
        )


def _value_data(v: Value) -> dict[str, Any]:
    return {
        "value": v.value,
        "ref": v.ref,
        "label": v.label,
        "datatype": v.datatype,
        "language": v.language,
        "editor": v.editor,
    }


def _page_data(p: PageDiff) -> dict[str, Any]:
    return {
        "name": p.name,
        "status": p.status,
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "label": n.label,
                "label_unique": n.label_unique,
                "status": n.status,
                "changes": [
                    {
                        "property": c.property,
                        "name": c.name,
                        "op": c.op,
                        "old": [_value_data(v) for v in c.old],
                        "new": [_value_data(v) for v in c.new],
                    }
                    for c in n.changes
                ],
            }
            for n in p.nodes
        ],
    }


# --------------------------------------------------------------------------------------
# Reading documents
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    """A document's nodes by @id (its @context as one more node), names and referrers."""

    nodes: dict[str, dict[str, Any]]
    language: str | None = None  # the context's default @language
    names: dict[str, str] = field(default_factory=dict)
    referrers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise DiffError(f"{path}: cannot read: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise DiffError(f"{path}: not UTF-8 text: {err.reason} at byte {err.start}") from err
    except json.JSONDecodeError as err:
        raise DiffError(f"{path}: not JSON: {err.msg} (line {err.lineno})") from err


def load_document(path: Path) -> _Doc:
    """A JSON-LD file as nodes by @id; raises DiffError when it cannot be one."""
    return _document(_read_json(path), str(path))


def _document(data: Any, where: str = "document") -> _Doc:
    if isinstance(data, list):
        context: Any = None
        graph = data
    elif isinstance(data, dict):
        context = data.get("@context")
        if "@graph" in data:
            graph = data["@graph"]
        else:
            graph = [{k: v for k, v in data.items() if k != "@context"}]
    else:
        raise DiffError(f"{where}: not a JSON-LD document (a JSON object or array expected)")
    if not isinstance(graph, list) or not all(isinstance(n, dict) for n in graph):
        raise DiffError(f"{where}: not a JSON-LD document (@graph is not a list of nodes)")
    nodes: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(graph):
        node_id = node.get("@id")
        if not isinstance(node_id, str):
            node_id = f"_:node{index}"  # a node without @id: matched by position
        have = nodes.setdefault(node_id, {})
        for key, value in node.items():
            if key == "@id":
                continue
            if key in have and have[key] != value:  # one @id written twice: merge
                have[key] = _as_list(have[key]) + [v for v in _as_list(value)]
            else:
                have[key] = value
    language = None
    if context is not None:
        if isinstance(context, dict):
            language = _str_or_none(context.get("@language"))
            nodes[CONTEXT_NODE] = dict(context)
        else:
            nodes[CONTEXT_NODE] = {"@context": context}
    doc = _Doc(nodes=nodes, language=language)
    for node_id, node in nodes.items():
        if node_id == CONTEXT_NODE:
            continue
        name = _node_name(node, language)
        if name:
            doc.names[node_id] = name
        for key, raw in sorted(node.items()):
            if key.startswith("@"):
                continue
            for item in _as_list(raw):
                if isinstance(item, dict) and isinstance(item.get("@id"), str):
                    doc.referrers.setdefault(item["@id"], []).append((node_id, key))
    return doc


def _as_list(raw: Any) -> list[Any]:
    return list(raw) if isinstance(raw, list) else [raw]


def _node_name(node: Mapping[str, Any], language: str | None) -> str | None:
    for key in _NAME_KEYS:
        if key not in node:
            continue
        literals = [
            (item.get("@language", language), str(item["@value"]))
            if isinstance(item, dict) and "@value" in item
            else (language, str(item))
            for item in _as_list(node[key])
            if isinstance(item, (str, int, float)) or (isinstance(item, dict) and "@value" in item)
        ]
        if literals:
            polish = [text for lang, text in literals if lang == "pl"]
            return (polish or [literals[0][1]])[0]
    return None


def _kind(node_id: str, node: Mapping[str, Any]) -> str:
    if node_id == CONTEXT_NODE:
        return CONTEXT_NODE
    types = {str(t) for t in _as_list(node.get("@type", []))}
    for kind, names in _KINDS:
        if types & set(names):
            return kind
    return _OTHER_KIND


def _label(node_id: str, doc: _Doc) -> str:
    """The node's name; else '<referrer's name> › <property>'; else its @id."""
    if node_id == CONTEXT_NODE:
        return ""
    if node_id in doc.names:
        return doc.names[node_id]
    named = sorted(
        {(doc.names[src], key) for src, key in doc.referrers.get(node_id, []) if src in doc.names}
    )
    if len(named) == 1:
        return f"{named[0][0]} › {local_name(named[0][1])}"
    return node_id


def local_name(key: str) -> str:
    """``schema:foundingDate`` → ``foundingDate``; ``@type`` → ``type``; IRIs likewise."""
    if key.startswith("@"):
        return key[1:]
    for sep in ("#", "/", ":"):
        if sep in key:
            tail = key.rsplit(sep, 1)[1]
            if tail:
                return tail
    return key


def _values(raw: Any, doc: _Doc, *, is_type: bool = False, literal: bool = False) -> list[Value]:
    """The values of one property, normalised (a plain string takes the default language)."""
    out = []
    for item in _as_list(raw):
        if literal:  # @context entries: compared as their JSON text
            text = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
            out.append(Value(value=text))
        elif is_type:
            out.append(Value(value=str(item), ref=True))
        elif isinstance(item, dict) and "@value" in item:
            out.append(
                Value(
                    value=_literal_text(item["@value"]),
                    datatype=_str_or_none(item.get("@type")),
                    language=_str_or_none(item.get("@language")),
                )
            )
        elif isinstance(item, dict) and isinstance(item.get("@id"), str) and len(item) == 1:
            out.append(Value(value=item["@id"], ref=True, label=doc.names.get(item["@id"])))
        elif isinstance(item, bool):
            out.append(Value(value=_literal_text(item), datatype="xsd:boolean"))
        elif isinstance(item, int):
            out.append(Value(value=str(item), datatype="xsd:integer"))
        elif isinstance(item, float):
            out.append(Value(value=repr(item), datatype="xsd:double"))
        elif isinstance(item, str):
            out.append(Value(value=item, language=doc.language))
        else:  # an embedded node or anything else: its JSON text
            out.append(Value(value=json.dumps(item, sort_keys=True, ensure_ascii=False)))
    return sorted(out, key=Value.key)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _literal_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------
# Evidence: which values an editor put there
# --------------------------------------------------------------------------------------

EditorFacts = frozenset[tuple[str, str, str]]


def editor_facts(evidence_path: Path) -> EditorFacts:
    """(node, property, value) of every fact with ``"source": "editor"`` (version 1).

    A missing file gives nothing; a file that is not evidence version 1 is an error.
    """
    if not evidence_path.is_file():
        return frozenset()
    data = _read_json(evidence_path)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise DiffError(f"{evidence_path}: not an evidence file of version 1")
    facts = data.get("facts") or []
    if not isinstance(facts, list):
        raise DiffError(f"{evidence_path}: 'facts' is not a list")
    return frozenset(
        (str(f.get("node")), str(f.get("property")), str(f.get("value")))
        for f in facts
        if isinstance(f, dict) and f.get("source") == "editor"
    )


def evidence_path_for(jsonld: Path) -> Path:
    """``DIR/NAME.jsonld`` → ``DIR/NAME.evidence.json``."""
    name = jsonld.name[: -len(SUFFIX)] if jsonld.name.endswith(SUFFIX) else jsonld.stem
    return jsonld.with_name(name + EVIDENCE_SUFFIX)


# --------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------


def _mark(
    values: Iterable[Value], node_id: str, key: str, editor: EditorFacts
) -> tuple[Value, ...]:
    return tuple(replace(v, editor=(node_id, key, v.value) in editor) for v in values)


def _property_changes(
    node_id: str, key: str, old_raw: Any, new_raw: Any, old: _Doc, new: _Doc, editor: EditorFacts
) -> list[tuple[str, tuple[Value, ...], tuple[Value, ...]]]:
    """(op, old values, new values) for one property present on either side."""
    kw = {"is_type": key == "@type", "literal": node_id == CONTEXT_NODE}
    if old_raw is None:
        return [("property-added", (), _mark(_values(new_raw, new, **kw), node_id, key, editor))]
    if new_raw is None:
        return [("property-removed", tuple(_values(old_raw, old, **kw)), ())]
    before, after = _values(old_raw, old, **kw), _values(new_raw, new, **kw)
    if [v.key() for v in before] == [v.key() for v in after]:
        return []
    listed = isinstance(old_raw, list) or isinstance(new_raw, list)
    if not listed and len(before) == 1 and len(after) == 1:
        return [("changed", tuple(before), _mark(after, node_id, key, editor))]
    after_keys, before_keys = {v.key() for v in after}, {v.key() for v in before}
    out: list[tuple[str, tuple[Value, ...], tuple[Value, ...]]] = [
        ("removed", (v,), ()) for v in before if v.key() not in after_keys
    ]
    out += [
        ("added", (), _mark([v], node_id, key, editor)) for v in after if v.key() not in before_keys
    ]
    return out


def _node_changes(node_id: str, old: _Doc, new: _Doc, editor: EditorFacts) -> tuple[Change, ...]:
    before, after = old.nodes[node_id], new.nodes[node_id]
    keys = sorted(set(before) | set(after), key=lambda k: (local_name(k), k))
    locals_seen = [local_name(k) for k in keys]
    changes = []
    for key in keys:
        shown = local_name(key) if locals_seen.count(local_name(key)) == 1 else key
        if node_id == CONTEXT_NODE:
            shown = key
        for op, was, now in _property_changes(
            node_id, key, before.get(key), after.get(key), old, new, editor
        ):
            changes.append(Change(property=key, name=shown, op=op, old=was, new=now))
    return tuple(changes)


def diff_documents(
    old: _Doc | None, new: _Doc | None, *, name: str, editor: EditorFacts = frozenset()
) -> PageDiff | None:
    """The differences of one page; None when the two sides say the same."""
    empty = _Doc(nodes={})
    status = "added" if old is None else "removed" if new is None else "changed"
    old_doc, new_doc = old or empty, new or empty
    ids = set(old_doc.nodes) | set(new_doc.nodes)
    if status != "changed":
        ids.discard(CONTEXT_NODE)
    entries: list[tuple[str, str, str, NodeDiff | None]] = []
    for node_id in ids:
        in_old, in_new = node_id in old_doc.nodes, node_id in new_doc.nodes
        doc = new_doc if in_new else old_doc
        kind, label = _kind(node_id, doc.nodes[node_id]), _label(node_id, doc)
        if in_old and in_new:
            changes = _node_changes(node_id, old_doc, new_doc, editor)
            if not changes:
                entries.append((kind, label, node_id, None))
                continue
            entries.append(
                (kind, label, node_id, NodeDiff(node_id, kind, label, "changed", changes))
            )
        else:
            node_status = "added" if in_new else "removed"
            entries.append((kind, label, node_id, NodeDiff(node_id, kind, label, node_status)))
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for kind, label, _, _ in entries:
        counts[kind, label] += 1
    nodes = [
        NodeDiff(d.id, d.kind, d.label, d.status, d.changes, label_unique=counts[kind, label] == 1)
        for kind, label, _, d in sorted(entries, key=lambda e: (_KIND_RANK[e[0]], e[1], e[2]))
        if d is not None
    ]
    if not nodes and status == "changed":
        return None
    return PageDiff(name=name, status=status, nodes=tuple(nodes))


def _page_name(path: Path) -> str:
    return path.name[: -len(SUFFIX)] if path.name.endswith(SUFFIX) else path.stem


def _diff_files(old: Path | None, new: Path | None, name: str) -> PageDiff | None:
    editor = editor_facts(evidence_path_for(new)) if new is not None else frozenset()
    return diff_documents(
        load_document(old) if old is not None else None,
        load_document(new) if new is not None else None,
        name=name,
        editor=editor,
    )


#: The catalog is derived from the pages (its period, its file list): in folder mode its
#: changes only repeat the pages' unless asked for (``--catalog``).
CATALOG_FILE = "catalog.jsonld"


def diff_paths(old: Path, new: Path, *, catalog: bool = True) -> Report:
    """Two files, or two folders whose ``*.jsonld`` files are paired by name."""
    for path in (old, new):
        if not path.exists():
            raise DiffError(f"{path}: no such file or folder")
    if old.is_dir() != new.is_dir():
        raise DiffError(f"{old} and {new}: compare two files or two folders, not one of each")
    if not old.is_dir():
        page = _diff_files(old, new, _page_name(new))
        return Report(pages=(page,) if page else ())

    def pages_in(folder: Path) -> dict[str, Path]:
        found = {_page_name(p): p for p in folder.glob(f"*{SUFFIX}") if p.is_file()}
        if not catalog:
            found = {k: p for k, p in found.items() if p.name != CATALOG_FILE}
        return found

    old_files, new_files = pages_in(old), pages_in(new)
    pages = []
    for name in sorted(set(old_files) | set(new_files)):
        page = _diff_files(old_files.get(name), new_files.get(name), name)
        if page is not None:
            pages.append(page)
    return Report(pages=tuple(pages), folders=True)


# --------------------------------------------------------------------------------------
# Text for people
# --------------------------------------------------------------------------------------


def _shown(values: Iterable[Value]) -> str:
    return " | ".join(v.shown() + (" (editor)" if v.editor else "") for v in values)


def _change_line(change: Change) -> tuple[str, str]:
    """(colour name, text) of one change."""
    if change.op == "changed":
        was, now = change.old[0], change.new[0]
        old_text, new_text = was.shown(), now.shown()
        if old_text == new_text:  # same text, other datatype/language/@id: say which
            old_text += f" ({was.datatype or was.language or was.value})"
            new_text += f" ({now.datatype or now.language or now.value})"
        mark = " (editor)" if now.editor else ""
        return "change", f"{change.name}: {old_text} {_ARROW} {new_text}{mark}"
    if change.op == "added":
        return "add", f"{change.name} {_PLUS} {_shown(change.new)}"
    if change.op == "removed":
        return "remove", f"{change.name} {_MINUS} {_shown(change.old)}"
    if change.op == "property-added":
        return "add", f"{change.name} added: {_shown(change.new)}"
    return "remove", f"{change.name} removed: {_shown(change.old)}"


def _node_head(node: NodeDiff) -> str:
    head = f"{node.kind} {node.label}".strip()
    return head if node.label_unique else f"{head} <{node.id}>"


def report_lines(report: Report) -> list[tuple[str | None, str]]:
    """(colour name or None, text) per line of the report."""
    lines: list[tuple[str | None, str]] = []
    indent = "  " if report.folders else ""
    for page in report.pages:
        if report.folders:
            sign = {"added": f"{_PLUS} ", "removed": f"{_MINUS} "}.get(page.status, "")
            lines.append(("page", f"{sign}page {page.name}"))
        for node in page.nodes:
            if node.status == "added":
                lines.append(("add", f"{indent}{_PLUS} {node.kind} {node.label} <{node.id}>"))
            elif node.status == "removed":
                lines.append(("remove", f"{indent}{_MINUS} {node.kind} {node.label} <{node.id}>"))
            for change in node.changes:
                colour, text = _change_line(change)
                lines.append((colour, f"{indent}{_node_head(node)}: {text}"))
    return lines


def render_text(report: Report, *, color: bool = False) -> str:
    """The report as text; empty when the two sides are equal."""
    out = []
    for colour, text in report_lines(report):
        out.append(f"{_COLORS[colour]}{text}{_RESET}" if color and colour else text)
    return "".join(line + "\n" for line in out)


# --------------------------------------------------------------------------------------
# The committed version of a folder
# --------------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise DiffError(f"git {args[0]}: {err}") from err
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return proc.stdout


def git_repo_of(path: Path) -> Path:
    """The top folder of the git work tree that holds ``path``."""
    where = path if path.is_dir() else path.parent
    return Path(_git(where, "rev-parse", "--show-toplevel").decode("utf-8").strip())


def git_head_dir(path: Path, repo: Path, *, rev: str = "HEAD", into: Path | None = None) -> Path:
    """Write the committed (``rev``) version of ``path`` (a folder or a file) under ``into``.

    Returns the path that stands for ``path`` there: ``into/<path relative to repo>``.
    Without ``into`` a temporary folder is made, which the caller removes.  A folder that
    is not in the commit comes back empty (every page in it is then "added"); for a file
    that is not in it nothing is written (the path returned does not exist).  Blobs are
    read with ``git cat-file``; symbolic links and submodules are left out.
    """
    repo_abs = repo.resolve()
    try:
        rel = Path(os.path.relpath(path.resolve(), repo_abs))
    except ValueError as err:
        raise DiffError(f"{path}: not inside {repo}") from err
    if rel.parts[:1] == ("..",):
        raise DiffError(f"{path}: not inside the git work tree {repo}")
    try:
        _git(repo_abs, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except DiffError as err:
        raise DiffError(f"{repo}: no commit {rev} to compare with") from err
    root = into if into is not None else Path(tempfile.mkdtemp(prefix="pipeline-diff-"))
    target = root / rel
    spec = "." if rel == Path(".") else rel.as_posix()
    listing = _git(repo_abs, "ls-tree", "-r", "-z", "--full-tree", rev, "--", spec)
    entries = [e for e in listing.decode("utf-8").split("\0") if e]
    if path.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        meta, name = entry.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind != "blob" or mode == "120000":
            continue
        dest = root / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(_git(repo_abs, "cat-file", "blob", sha))
    return target


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _ArgumentError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m pipeline diff",
        description="What changed between two JSON-LD outputs, node by node (by @id).",
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="OLD NEW (files or folders)"
    )
    parser.add_argument("--json", action="store_true", help="the report as a JSON object")
    parser.add_argument(
        "--color",
        choices=["auto", "always", "never"],
        default="auto",
        help="colour the text (auto: when stdout is a terminal and NO_COLOR is unset)",
    )
    parser.add_argument(
        "--catalog",
        action="store_true",
        help="folders: also report catalog.jsonld (derived from the pages; left out by default)",
    )
    parser.add_argument(
        "--git-head",
        action="store_true",
        help="one PATH: compare its committed (HEAD) version with the working tree's",
    )
    return parser


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def main(argv: list[str] | None = None) -> int:
    """``python -m pipeline diff``: 0 equal, 1 different, 2 bad arguments or input."""
    try:
        args = _parser().parse_args(argv)
        if args.git_head and len(args.paths) != 1:
            raise _ArgumentError("--git-head takes one PATH (the folder or file to compare)")
        if not args.git_head and len(args.paths) != 2:
            raise _ArgumentError("give two paths: OLD NEW (or one PATH with --git-head)")
    except _ArgumentError as err:
        print(f"error: diff: {err}", file=sys.stderr)
        return 2
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    try:
        if args.git_head:
            path = args.paths[0]
            if not path.exists():
                raise DiffError(f"{path}: no such file or folder")
            with tempfile.TemporaryDirectory(prefix="pipeline-diff-") as tmp:
                old = git_head_dir(path, git_repo_of(path), into=Path(tmp))
                if path.is_dir():
                    report = diff_paths(old, path, catalog=args.catalog)
                else:
                    page = _diff_files(old if old.exists() else None, path, _page_name(path))
                    report = Report(pages=(page,) if page else ())
        else:
            report = diff_paths(args.paths[0], args.paths[1], catalog=args.catalog)
    except DiffError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(report.to_json() + "\n")
    else:
        sys.stdout.write(render_text(report, color=_use_color(args.color)))
    sys.stdout.flush()
    return 0 if report.equal else 1


if __name__ == "__main__":
    sys.exit(main())
