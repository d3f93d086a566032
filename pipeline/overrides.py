"""Editors' corrections that stick: ``overrides/NAME.yaml`` applied to a page's JSON-LD.

Editors review ``git diff output/`` and write what the machine got wrong into
``overrides/NAME.yaml`` (or ``.json``), NAME being the page's file stem.  Every run applies
the file to the document :mod:`pipeline.emit` builds, so a correction survives
re-extraction.  The file is a list of entries, each one operation (``overrides/README.md``
is the editors' guide)::

    - set:    {node: partnership/nad-stawem, property: schema:name, value: "…"}
    - add:    {node: "Stare Miasto", property: schema:member, value: "Stowarzyszenie Sąsiadów"}
    - remove: {node: area/nad-stawem, property: lp:boundedBy, value: "Lipowa"}
    - merge:  {node: <the duplicate>, into: <the node to keep>}
    - drop:   {node: <a node that should not be there>}

A node is named by its ``@id``, by the end of it (``partnership/stare-miasto``) or by
its ``schema:name``, which must then be unique.  A value of a reference property
(``schema:founder``, ``lp:boundedBy`` …) names a node the same way.

Outcomes, decided here:

- **applied**: the document changed, or already said so (a *no-op*: ``set`` to the value it
  has, ``add`` of a value it has; reported so the editor can see the page now agrees);
- **stale** (:class:`Stale`, a value, not an error): the override no longer matches — its
  node (or ``into``, or a node its value names) is missing, or the value to ``remove`` is
  absent.  The document is left as it was; one warning line each on stderr;
- **error** (:class:`OverrideError`): the file is malformed, a name is ambiguous, a value
  has the wrong form (``set schema:foundingDate "październik"``), an ``add`` to a property
  that holds one value, or the corrected document no longer validates against
  :class:`pipeline.jsonld.JsonLdDocument`.  An invalid correction is reported, never written.

Overrides apply in file order, each to the result of the ones before it; the document is
validated after each, and comes out sorted as emit sorts it.  ``set``, ``add`` and
``remove`` are idempotent on the document (a second ``remove`` is stale, the document the
same).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from pipeline.jsonld import (
    DATE_PATTERNS,
    AdministrativeAreaNode,
    AreaNode,
    JsonLdDocument,
    OrganizationNode,
    PartnershipNode,
    PlaceNode,
    Ref,
    RenamingNode,
    StreetNode,
    TypedLiteral,
    WebPageNode,
    node_kind,
)

if TYPE_CHECKING:
    import yaml

__all__ = [
    "OPERATIONS",
    "SUFFIXES",
    "Applied",
    "Change",
    "Override",
    "OverrideError",
    "Stale",
    "apply_overrides",
    "check_overrides",
    "editor_facts",
    "find_overrides",
    "load_overrides",
    "override_report",
    "reconcile_facts",
]

OPERATIONS = ("set", "add", "remove", "merge", "drop")
#: Suffixes of an override file, in the order they are looked for.
SUFFIXES = (".yaml", ".yml", ".json")

Operation = Literal["set", "add", "remove", "merge", "drop"]
Value = str | int | tuple[str, ...]
Node = dict[str, Any]

_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # required, optional
    "set": (("node", "property", "value"), ("note",)),
    "add": (("node", "property", "value"), ("note",)),
    "remove": (("node", "property", "value"), ("note",)),
    "merge": (("node", "into"), ("note",)),
    "drop": (("node",), ("note",)),
}
_NAME, _ALT = "schema:name", "schema:alternateName"
#: Kept by the node itself in a merge: its identity and its provenance.
_OWN = ("@id", "@type", "prov:wasDerivedFrom")
#: Node kinds that exist only as parts of another node: removed with it when nothing else
#: refers to them (organizations and partnerships are never removed that way).
_PARTS = {"area", "renaming", "street", "place", "administrative-area"}


class OverrideError(Exception):
    """A malformed override file or a correction that cannot be made.

    ``str(err)`` is one line naming the file and the entry (``overrides/x.yaml#3: …``).
    """


# --------------------------------------------------------------------------------------
# What each property holds, read from the document models
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Prop:
    kind: Literal["text", "ref", "date", "int"]
    many: bool  # a JSON array (schema:founder) or one value (lp:coordinator)


def _shape(annotation: Any) -> tuple[set[str], bool]:
    """The value kinds an annotation allows and whether it is a list."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _shape(args[0])
    if origin is list:
        return _shape(args[0])[0], True
    if origin in (typing.Union, types.UnionType):
        kinds: set[str] = set()
        many = False
        for arg in args:
            if arg is not type(None):
                k, m = _shape(arg)
                kinds |= k
                many |= m
        return kinds, many
    if origin in (Literal, tuple) or annotation is str:
        return {"text"}, False
    if isinstance(annotation, type) and issubclass(annotation, Ref):
        return {"ref"}, False
    if isinstance(annotation, type) and issubclass(annotation, TypedLiteral):
        return {"date"}, False
    if annotation is int:
        return {"int"}, False
    raise TypeError(f"no override kind for {annotation!r}")


def _property_table() -> dict[str, _Prop]:
    table: dict[str, _Prop] = {}
    models = (
        PartnershipNode,
        AreaNode,
        OrganizationNode,
        RenamingNode,
        StreetNode,
        PlaceNode,
        AdministrativeAreaNode,
        WebPageNode,
    )
    for model in models:
        for f in model.model_fields.values():
            alias = f.validation_alias
            if not isinstance(alias, str) or alias == "@id":
                continue
            kinds, many = _shape(f.annotation)
            (kind,) = kinds
            prop = _Prop(kind, False if alias == "@type" else many)  # type: ignore[arg-type]
            if table.setdefault(alias, prop) != prop:
                raise TypeError(f"{alias} holds different values in different node kinds")
    return table


#: Every property a node of the document may have (``@type``: only ``set``, only on a node
#: with one type, e.g. an organization's kind).
PROPERTIES = _property_table()


# --------------------------------------------------------------------------------------
# Values passed around
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Override:
    """One entry of an override file; ``index`` is its 1-based position in the file."""

    operation: Operation
    index: int
    node: str
    property: str | None = None
    value: Value | None = None
    into: str | None = None
    note: str | None = None  # the editor's reason; carried, never applied


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One value an override put into the document, confirmed, or took out.

    ``value`` as the evidence file writes it: a literal's string (dates as ISO, integers in
    decimal) or the ``@id`` referred to, whose ``schema:name`` is ``label``.  ``property``
    is None for a whole node (a ``merge``'s duplicate, a ``drop``'s node).  The first
    change of every applied override is about the override's own node and property.
    """

    node: str
    property: str | None
    value: str | None
    operation: Operation
    source: str  # "overrides/NAME.yaml#3"
    label: str | None = None
    removed: bool = False  # the value (or node) was taken out
    noop: bool = False  # the document already said so


@dataclass(frozen=True, slots=True, kw_only=True)
class Stale:
    """An override that no longer matches the page; the document was left as it was."""

    override: Override
    source: str
    reason: str  # "no node …/partnership/foo: the page no longer has it"

    @property
    def warning(self) -> str:
        """The stderr line: ``warning: overrides/x.yaml#3: no node …: …``."""
        return f"warning: {self.source}: {self.reason}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Applied:
    document: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)


# --------------------------------------------------------------------------------------
# Reading override files
# --------------------------------------------------------------------------------------


def find_overrides(directory: Path, page_name: str) -> Path | None:
    """``directory/page_name.yaml`` (``.yml``, ``.json``) when there is one."""
    found = [p for p in (directory / f"{page_name}{s}" for s in SUFFIXES) if p.is_file()]
    if len(found) > 1:
        raise OverrideError(f"{found[0]}: also {found[1].name}: keep one override file per page")
    return found[0] if found else None


def check_overrides(directory: Path) -> list[str]:
    """One error line per override file in ``directory`` that cannot be read (for a CI
    check or ``make``): syntax, operations, keys, value forms — not whether it still fits
    its page, which only a run can tell."""
    problems = []
    files = sorted(p for p in directory.glob("*") if p.suffix.lower() in SUFFIXES)
    for stem in sorted({p.stem for p in files}):
        try:
            path = find_overrides(directory, stem)
            if path is not None:
                load_overrides(path)
        except OverrideError as err:
            problems.append(f"error: {err}")
    return problems


def load_overrides(path: Path) -> list[Override]:
    """The entries of an override file, checked; OverrideError names the file and entry."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise OverrideError(f"{path}: not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise OverrideError(f"{path}: cannot read: {err.strerror}") from err
    data = _parse(path, text)
    if data is None:
        return []
    if not isinstance(data, list):
        raise OverrideError(
            f"{path}: expected a list of corrections (lines starting '- set:'), found {_what(data)}"
        )
    overrides = []
    for index, entry in enumerate(data, start=1):
        try:
            overrides.append(_entry(entry, index))
        except ValueError as err:
            raise OverrideError(f"{path}#{index}: {err}") from None
    return overrides


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text) if text.strip() else None
        except json.JSONDecodeError as err:
            raise OverrideError(
                f"{path}: not valid JSON: line {err.lineno} column {err.colno}: {err.msg}"
            ) from None
    import yaml  # only here: most pages have no override file, and YAML takes 10 ms to load

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise OverrideError(f"{path}: not valid YAML: {_yaml_problem(err)}") from None


def _yaml_problem(err: yaml.YAMLError) -> str:
    """``line 2 column 1: found unexpected end of stream (while scanning a quoted scalar
    started at line 1 column 46)``: where it was noticed and where it began."""

    def at(mark: Any) -> str:
        return f"line {mark.line + 1} column {mark.column + 1}" if mark else ""

    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    text = f"{at(getattr(err, 'problem_mark', None))}: {problem}".lstrip(": ")
    context, start = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and start:
        text += f" ({context} started at {at(start)})"
    return text


def _what(data: Any) -> str:
    names = {"dict": "a mapping", "str": "text", "list": "a list", "NoneType": "nothing"}
    return names.get(type(data).__name__, type(data).__name__)


def _entry(entry: Any, index: int) -> Override:
    if not isinstance(entry, dict) or len(entry) != 1:
        raise ValueError(
            f"expected one operation ({', '.join(OPERATIONS)}) per entry, found {_what(entry)}"
            + (f" with keys {', '.join(map(str, entry))}" if isinstance(entry, dict) else "")
        )
    ((operation, body),) = entry.items()
    if operation not in _KEYS:
        raise ValueError(f"unknown operation {operation!r} (expected {', '.join(OPERATIONS)})")
    if not isinstance(body, dict):
        raise ValueError(f"{operation}: expected a mapping {{node: …}}, found {_what(body)}")
    required, optional = _KEYS[operation]
    for key in body:
        if key not in required + optional:
            raise ValueError(f"{operation}: unknown key {key!r} (expected {', '.join(required)})")
    for key in required:
        if key not in body or body[key] is None:
            raise ValueError(f"{operation}: missing {key!r}")
    for key in ("node", "into", "note"):
        if key in body and (not isinstance(body[key], str) or not body[key].strip()):
            raise ValueError(f"{operation}: {key} must be a non-empty text, found {body[key]!r}")
    prop = body.get("property")
    value = None
    if prop is not None:
        _check_property(operation, prop)
        value = _entry_value(operation, prop, body["value"])
    return Override(
        operation=operation,
        index=index,
        node=body["node"].strip(),
        property=prop,
        value=value,
        into=body["into"].strip() if "into" in body else None,
        note=body.get("note"),
    )


def _check_property(operation: str, prop: Any) -> None:
    if not isinstance(prop, str) or prop not in PROPERTIES:
        known = ", ".join(sorted(PROPERTIES))
        raise ValueError(f"{operation}: unknown property {prop!r} (known: {known})")
    if prop == "@type" and operation != "set":
        raise ValueError(f"{operation}: @type can only be set")


def _entry_value(operation: str, prop: str, raw: Any) -> Value:
    if isinstance(raw, list):
        if operation != "set" or not PROPERTIES[prop].many:
            raise ValueError(f"{operation}: {prop} takes one value here, found a list")
        if not raw:
            raise ValueError(f"{operation}: an empty list (to take values out, use remove)")
        items = tuple(_scalar(operation, prop, item) for item in raw)
        if not all(isinstance(i, str) for i in items):
            raise ValueError(f"{operation}: {prop} takes texts")
        return typing.cast(tuple[str, ...], items)
    return _scalar(operation, prop, raw)


def _scalar(operation: str, prop: str, raw: Any) -> str | int:
    if (
        isinstance(raw, dt.datetime)
        or isinstance(raw, bool)
        or not isinstance(raw, str | int | dt.date)
    ):
        raise ValueError(f"{operation}: {prop}: expected a text, found {_what(raw)} {raw!r}")
    value: str | int = raw.isoformat() if isinstance(raw, dt.date) else raw
    try:
        _literal(prop, value)
    except _Invalid as err:
        raise ValueError(f"{operation}: {err}") from None
    return value


# --------------------------------------------------------------------------------------
# Values in the document
# --------------------------------------------------------------------------------------


class _Invalid(Exception):
    """The override cannot be made (becomes an OverrideError naming it)."""


class _Gone(Exception):
    """The override no longer matches the document (becomes a Stale)."""


def _json_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _literal(prop: str, raw: str | int) -> Any:
    """The JSON-LD form of a literal value of ``prop`` (not a reference)."""
    kind = PROPERTIES[prop].kind
    if kind == "int":
        if isinstance(raw, int) or re.fullmatch(r"\d+", raw.strip()):
            return int(raw)
        raise _Invalid(f"{prop}: {raw!r} is not a whole number")
    text = " ".join(str(raw).split())
    if not text:
        raise _Invalid(f"{prop}: an empty value")
    if kind == "date":
        for xsd, pattern in DATE_PATTERNS.items():
            if re.match(pattern, text):
                return {"@type": xsd, "@value": text}
        raise _Invalid(f"{prop}: {raw!r} is not a date: write 2014, 2014-11 or 2014-11-05")
    return text


def _flat(value: Any) -> str:
    """A JSON-LD value as the evidence file writes it."""
    if isinstance(value, dict):
        return str(value.get("@id", value.get("@value")))
    return str(value)


def _values(node: Node, prop: str) -> list[Any]:
    have = node.get(prop)
    return [] if have is None else have if isinstance(have, list) else [have]


def _put(node: Node, prop: str, values: Iterable[Any]) -> None:
    """Store values as emit does: a sorted array without repeats, one value, or nothing."""
    unique = {_json_key(v): v for v in values}
    if not unique:
        node.pop(prop, None)
    elif PROPERTIES[prop].many:
        node[prop] = [unique[k] for k in sorted(unique)]
    else:
        (node[prop],) = unique.values()


def _refs_to(graph: dict[str, Node], target: str) -> list[tuple[str, str]]:
    """(node, property) of every reference to ``target``."""
    return [
        (nid, prop)
        for nid, node in graph.items()
        for prop in node
        if PROPERTIES.get(prop, _Prop("text", False)).kind == "ref"
        and any(v.get("@id") == target for v in _values(node, prop))
    ]


def _resolve(graph: dict[str, Node], ref: str, what: str = "node") -> str:
    """The ``@id`` a reference names: an @id, its last segments, or a unique schema:name."""
    ref = ref.strip()
    if ref in graph:
        return ref
    found = sorted(
        nid
        for nid, node in graph.items()
        if node.get(_NAME) == ref or ("/" in ref and nid.endswith("/" + ref.strip("/")))
    )
    if not found:
        raise _Gone(f"no {what} {ref}: the page no longer has it")
    if len(found) > 1:
        raise _Invalid(f"{ref!r} names {len(found)} nodes ({', '.join(found)}): give the @id")
    return found[0]


# --------------------------------------------------------------------------------------
# Applying
# --------------------------------------------------------------------------------------


class _Run:
    """One override applied to a copy of the graph."""

    def __init__(self, graph: dict[str, Node], override: Override, source: str) -> None:
        self.graph, self.o, self.source = graph, override, source
        self.changes: list[Change] = []

    def note(self, node: str, prop: str | None, value: Any, **kw: Any) -> None:
        flat = None if value is None else _flat(value)
        target = self.graph.get(flat or "") if prop and PROPERTIES[prop].kind == "ref" else None
        label = kw.pop("label", target.get(_NAME) if target else None)
        self.changes.append(
            Change(
                node=node,
                property=prop,
                value=flat,
                operation=self.o.operation,
                source=self.source,
                label=label,
                **kw,
            )
        )

    def node(self, ref: str) -> str:
        return _resolve(self.graph, ref)

    def value(self, prop: str, raw: str | int) -> Any:
        if PROPERTIES[prop].kind == "ref":
            return {"@id": _resolve(self.graph, str(raw), "node to refer to")}
        return _literal(prop, raw)

    def new_values(self, prop: str) -> list[Any]:
        raw = self.o.value
        items = list(raw) if isinstance(raw, tuple) else [raw]
        return [self.value(prop, item) for item in items if item is not None]

    # -- operations ---------------------------------------------------------------------

    def set(self) -> None:
        nid, prop = self.node(self.o.node), typing.cast(str, self.o.property)
        node = self.graph[nid]
        new = list({_json_key(v): v for v in self.new_values(prop)}.values())
        if prop == "@type" and not isinstance(node.get("@type"), str):
            raise _Invalid(f"the @type of {nid} is fixed")
        old = _values(node, prop)
        keys = {_json_key(v) for v in old}
        _put(node, prop, new)
        for v in new:
            self.note(nid, prop, v, noop=_json_key(v) in keys)
        for v in old:
            if _json_key(v) not in {_json_key(n) for n in new}:
                self.note(nid, prop, v, removed=True)

    def add(self) -> None:
        nid, prop = self.node(self.o.node), typing.cast(str, self.o.property)
        (v,), node = self.new_values(prop), self.graph[nid]
        old = _values(node, prop)
        # the node's own name is not added as an alternate one: it has it already
        present = _json_key(v) in {_json_key(x) for x in old} or (
            prop == _ALT and v == node.get(_NAME)
        )
        if old and not present and not PROPERTIES[prop].many:
            raise _Invalid(f"{prop} of {nid} holds one value ({_flat(old[0])}): use set")
        if not present:
            _put(node, prop, [*old, v])
        self.note(nid, prop, v, noop=present)

    def remove(self) -> None:
        nid, prop = self.node(self.o.node), typing.cast(str, self.o.property)
        (v,), node = self.new_values(prop), self.graph[nid]
        old = _values(node, prop)
        if _json_key(v) not in {_json_key(x) for x in old}:
            raise _Gone(f"{nid} has no {prop} {self.o.value!r}: nothing to remove")
        self.note(nid, prop, v, removed=True)
        _put(node, prop, [x for x in old if _json_key(x) != _json_key(v)])

    def merge(self) -> None:
        dup, into = self.node(self.o.node), self.node(typing.cast(str, self.o.into))
        if dup == into:
            raise _Invalid(f"{self.o.node!r} and {self.o.into!r} are one node: nothing to merge")
        gone, keep = self.graph.pop(dup), self.graph[into]
        self.note(dup, None, into, label=keep.get(_NAME), removed=True)
        for prop in sorted(gone):
            if prop in _OWN:
                continue
            target = _ALT if prop in (_NAME, _ALT) else prop
            have = {_json_key(x) for x in _values(keep, target)}
            if target == _ALT:  # a name the kept node already has is not an alternate one
                have.add(_json_key(keep.get(_NAME)))
            moved = [
                {"@id": into} if isinstance(v, dict) and v.get("@id") == dup else v
                for v in _values(gone, prop)
            ]
            moved = [v for v in moved if _json_key(v) not in have and v != {"@id": into}]
            if not moved or (_values(keep, target) and not PROPERTIES[target].many):
                continue  # the kept node's own single value wins
            _put(keep, target, [*_values(keep, target), *moved])
            for v in moved:
                self.note(into, target, v)
        for nid, prop in _refs_to(self.graph, dup):
            node = self.graph[nid]
            values = [{"@id": into} if v.get("@id") == dup else v for v in _values(node, prop)]
            if nid == into:  # a node is not its own parent, successor or member
                values = [v for v in values if v.get("@id") != into]
            _put(node, prop, values)
            if nid != into:
                self.note(nid, prop, {"@id": into})

    def tidy_names(self) -> None:
        """A node's current name is never also one of its alternate names (as in emit)."""
        for nid, node in self.graph.items():
            alts = _values(node, _ALT)
            if node.get(_NAME) in alts:
                self.note(nid, _ALT, node[_NAME], removed=True)
                _put(node, _ALT, [a for a in alts if a != node[_NAME]])

    def drop(self) -> None:
        self._drop(self.node(self.o.node))

    def _drop(self, nid: str) -> None:
        node = self.graph.pop(nid)
        self.note(nid, None, None, label=node.get(_NAME), removed=True)
        for ref_node, prop in _refs_to(self.graph, nid):
            target = self.graph[ref_node]
            self.note(ref_node, prop, {"@id": nid}, label=node.get(_NAME), removed=True)
            _put(target, prop, [v for v in _values(target, prop) if v.get("@id") != nid])
        parts = {  # what only this node held: its area, renamings, their streets …
            v["@id"]
            for prop in node
            if PROPERTIES.get(prop, _Prop("text", False)).kind == "ref" and prop not in _OWN
            for v in _values(node, prop)
        }
        for part in sorted(parts):
            if (
                part in self.graph
                and node_kind(self.graph[part]) in _PARTS
                and not _refs_to(self.graph, part)
            ):
                self._drop(part)


def _invalid_message(err: ValidationError, graph: list[Node]) -> str:
    first = err.errors()[0]
    loc = list(first.get("loc", ()))
    if len(loc) >= 2 and loc[0] == "@graph" and isinstance(loc[1], int):
        where = [str(graph[loc[1]].get("@id")), *(str(x) for x in loc[3:4])]
        return f"{': '.join(where)}: {first['msg']}"
    return str(first["msg"])


def _validated(context: Any, graph: dict[str, Node]) -> dict[str, Any]:
    """The document as emit writes it (nodes sorted by @id), or ValidationError."""
    nodes = [graph[k] for k in sorted(graph)]
    return JsonLdDocument.model_validate({"@context": context, "@graph": nodes}).to_json_data()


def apply_overrides(doc: dict[str, Any], overrides: list[Override], *, source: str) -> Applied:
    """Apply ``overrides`` (from the file reported as ``source``) in order to ``doc``.

    ``doc`` is a document as emit builds it; it is not modified.  Returns the corrected
    document (validated, sorted as emit sorts it), the changes, and the stale overrides.
    Raises OverrideError naming ``source#index`` for a correction that cannot be made or
    that would leave the document invalid.
    """
    context = doc["@context"]
    graph = {n["@id"]: copy.deepcopy(n) for n in doc["@graph"]}
    try:
        document = _validated(context, graph)
    except ValidationError as err:
        raise ValueError(f"the document is invalid before any override: {err}") from err
    changes: list[Change] = []
    stale: list[Stale] = []
    for o in overrides:
        where = f"{source}#{o.index}"
        run = _Run(copy.deepcopy(graph), o, where)
        try:
            getattr(run, o.operation)()
            run.tidy_names()
        except _Gone as gone:
            stale.append(Stale(override=o, source=where, reason=str(gone)))
            continue
        except _Invalid as err:
            raise OverrideError(f"{where}: {o.operation}: {err}") from None
        try:
            document = _validated(context, run.graph)
        except ValidationError as err:
            message = _invalid_message(err, [run.graph[k] for k in sorted(run.graph)])
            raise OverrideError(
                f"{where}: {o.operation} would make the document invalid: {message}"
            ) from None
        graph = run.graph
        changes.extend(run.changes)
    return Applied(document=document, changes=changes, stale=stale)


# --------------------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------------------


def _present(document: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (node["@id"], prop, _flat(v))
        for node in document["@graph"]
        for prop in node
        if prop in PROPERTIES and prop != "@type"
        for v in _values(node, prop)
    }


def _fact_key(fact: dict[str, Any]) -> tuple[Any, ...]:
    start = fact.get("start")
    return (
        fact["node"],
        fact["property"],
        fact["value"],
        start is None,
        start or 0,
        fact.get("override") or "",
    )


def editor_facts(
    changes: Iterable[Change], document: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Evidence-file facts for the values overrides put in (or confirmed).

    With ``document`` (the corrected one), only values still in it: an ``add`` that a later
    ``remove`` undid gives no fact.
    """
    present = _present(document) if document is not None else None
    facts = {}
    for c in changes:
        if c.property is None or c.removed or c.value is None:
            continue
        if present is not None and (c.node, c.property, c.value) not in present:
            continue
        fact = {
            "node": c.node,
            "property": c.property,
            "value": c.value,
            "label": c.label,
            "quote": None,
            "start": None,
            "end": None,
            "element": None,
            "source": "editor",
            "override": c.source,
        }
        facts[(c.node, c.property, c.value, c.source)] = fact
    return sorted(facts.values(), key=_fact_key)


def reconcile_facts(
    page_facts: Iterable[dict[str, Any]], document: dict[str, Any], changes: Iterable[Change]
) -> list[dict[str, Any]]:
    """The evidence file's ``facts`` for a corrected document.

    Page facts follow merges (a duplicate's facts move to the kept node; its name becomes
    an alternate name), facts whose value is no longer in the document are left out, the
    editors' facts are added; sorted by (node, property, value, start), page facts before
    editor facts at the same value.
    """
    changes = list(changes)
    merged = {c.node: c.value for c in changes if c.operation == "merge" and c.property is None}

    def follow(nid: str) -> str:
        seen = set()
        while nid in merged and nid not in seen:
            seen.add(nid)
            nid = typing.cast(str, merged[nid])
        return nid

    names = {n["@id"]: n.get(_NAME) for n in document["@graph"]}
    present = _present(document)
    out = []
    for fact in page_facts:
        fact = dict(fact)
        node = follow(fact["node"])
        if node != fact["node"] and fact["property"] == _NAME:
            fact["property"] = _ALT
        fact["node"] = node
        prop = PROPERTIES.get(fact["property"])
        if prop is not None and prop.kind == "ref" and fact["value"] in merged:
            fact["value"] = follow(fact["value"])
            fact["label"] = names.get(fact["value"])
        if (fact["node"], fact["property"], fact["value"]) in present:
            out.append(fact)
    out.extend(editor_facts(changes, document))
    unique = {json.dumps(f, sort_keys=True): f for f in out}
    return sorted(unique.values(), key=_fact_key)


def override_report(changes: Iterable[Change], stale: Iterable[Stale]) -> list[dict[str, Any]]:
    """The evidence file's ``overrides``: one entry per override, by file and entry number."""
    groups: dict[str, list[Change]] = {}
    for c in changes:
        groups.setdefault(c.source, []).append(c)
    entries = []
    for group in groups.values():
        head = group[0]
        file, index = head.source.rsplit("#", 1)
        entries.append(
            {
                "file": file,
                "index": int(index),
                "operation": head.operation,
                "node": head.node,
                "property": head.property,
                "status": "applied",
                "message": _applied_message(group),
            }
        )
    for s in stale:
        file, index = s.source.rsplit("#", 1)
        entries.append(
            {
                "file": file,
                "index": int(index),
                "operation": s.override.operation,
                "node": s.override.node,
                "property": s.override.property,
                "status": "stale",
                "message": s.reason,
            }
        )
    return sorted(entries, key=lambda e: (e["file"], e["index"]))


def _shown(c: Change) -> str:
    return f"{c.label} ({c.value})" if c.label else repr(c.value)


def _applied_message(group: list[Change]) -> str:
    head = group[0]
    if head.operation in ("merge", "drop"):
        added = [c for c in group[1:] if not c.removed]
        taken = [c for c in group[1:] if c.removed]
        if head.operation == "merge":
            moved = sum(c.node == head.value for c in added)
            return (
                f"merged into {head.value}: {moved} values moved, "
                f"{len(added) - moved} references rewritten"
            )
        nodes = [c for c in taken if c.property is None]
        refs = len(taken) - len(nodes)
        also = f", and {len(nodes)} nodes only it held" if nodes else ""
        return f"dropped, with {refs} references to it{also}"
    put = [c for c in group if not c.removed]
    if put and all(c.noop for c in put):
        values = ", ".join(_shown(c) for c in put)
        return f"already so ({head.property} {values}): nothing to change; the page may now say it"
    verb = {"set": "set to", "add": "added", "remove": "removed"}[head.operation]
    shown = [head] if head.operation == "remove" else put
    text = f"{head.property}: {verb} {', '.join(_shown(c) for c in shown)}"
    replaced = [c for c in group if c.removed and c.property == head.property]
    replaced = replaced if head.operation == "set" else []
    return text + (f", replacing {', '.join(_shown(c) for c in replaced)}" if replaced else "")
