"""Validate: check emitted JSON-LD documents against the output contract.

One document goes through four checks, each reported as :class:`Violation` lines:

1. it is JSON;
2. it matches the JSON Schema of the documents (``schemas/v1/records.schema.json``, via
   :func:`pipeline.schemas.records_schema`; Draft 2020-12);
3. it expands as JSON-LD (pyld) *without the network*: the document loader refuses every
   URL, so a document whose ``@context`` is not inline fails here;
4. its RDF (rdflib, parsed from the expanded form, so again no network) conforms to the
   SHACL shapes ``schemas/v1/shapes.ttl``, with the vocabulary ``schemas/v1/lp.ttl`` as
   the ontology and RDFS inference (so a ``schema:NGO`` counts as a ``schema:Organization``).

pyld, rdflib and pyshacl are imported inside the functions: they are slow to import and
must stay off the extraction path.  ``main`` is what ``python -m pipeline validate`` runs.
"""

from __future__ import annotations

import builtins
import functools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.ids import DEFAULT_BASE_IRI, LP_NAMESPACE

#: Prefixes used to print IRIs short (the documents' own context).
PREFIXES = {
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "lp": LP_NAMESPACE,
}

SHAPES_FILE = "v1/shapes.ttl"
VOCABULARY_FILE = "v1/lp.ttl"


@dataclass(frozen=True, slots=True)
class Violation:
    """One thing wrong with one document (``severity``: Violation, Warning or Info)."""

    file: str
    node: str | None
    property: str | None
    value: str | None
    expected: str
    severity: str = "Violation"

    def __str__(self) -> str:
        where = []
        if self.node:
            where.append(f"node {_short_node(self.node)}")
        if self.property:
            where.append(f"property {self.property}")
        head = f"{self.file}: "
        if self.severity != "Violation":
            head += f"{self.severity.lower()}: "
        head += ", ".join(where) if where else "document"
        if self.value is not None:
            head += f": value {self.value}"
        return f"{head} — {self.expected}"

    @builtins.property  # the field "property" shadows the builtin in this class body
    def is_error(self) -> bool:
        return self.severity == "Violation"


class NetworkRefused(RuntimeError):
    """Validation never fetches anything; a remote context or document is an error."""


def _short_node(iri: str) -> str:
    if iri.startswith(DEFAULT_BASE_IRI):
        return "…/" + iri[len(DEFAULT_BASE_IRI) :]
    return iri


def _short_iri(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


# --------------------------------------------------------------------------------------
# Schema files
# --------------------------------------------------------------------------------------


def _schema_dir() -> Path:
    from pipeline.schemas import schema_dir

    return schema_dir()


def records_schema_or_none() -> dict | None:
    """The documents' JSON Schema, or None when it is not available (check skipped)."""
    try:
        from pipeline.schemas import records_schema

        return records_schema()
    except (ImportError, FileNotFoundError):
        return None


@functools.lru_cache(maxsize=4)
def _graphs(directory: str) -> tuple[Any, Any]:
    """(shapes, vocabulary) rdflib graphs, parsed once per schema folder."""
    from rdflib import Graph

    shapes = Graph().parse(Path(directory) / SHAPES_FILE, format="turtle")
    vocabulary = Graph().parse(Path(directory) / VOCABULARY_FILE, format="turtle")
    return shapes, vocabulary


def shapes_and_vocabulary() -> tuple[Any, Any]:
    return _graphs(str(_schema_dir()))


# --------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------


def refuse_network(url: str, options: dict | None = None) -> Any:
    """pyld document loader: never fetch anything."""
    raise NetworkRefused(f"refused to fetch {url}: validation never uses the network")


def expand(doc: Any) -> list:
    """JSON-LD expansion with pyld and a loader that refuses the network."""
    from pyld import jsonld

    return jsonld.expand(doc, {"documentLoader": refuse_network})


def to_graph(expanded: list) -> Any:
    """An rdflib Graph of the expanded document (expanded JSON-LD needs no context)."""
    from rdflib import Graph

    return Graph().parse(data=json.dumps(expanded), format="json-ld")


def _error_chain(err: BaseException) -> str:
    parts, seen = [], set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, NetworkRefused):
            return str(current)
        parts.append(str(current).splitlines()[0] if str(current) else type(current).__name__)
        cause = getattr(current, "cause", None)
        current = cause if isinstance(cause, BaseException) else current.__cause__
    return ": ".join(parts)


def _leaf_errors(err: Any) -> list:
    """The errors worth reading under a oneOf/anyOf over node kinds.

    A graph node fails every branch whose ``@type`` it does not have; those failures say
    nothing.  The branches whose ``@type`` fits hold the real complaint (the fewest errors
    wins); when none fits, the node's kind itself is wrong and ``err`` is reported.
    """
    if not err.context:
        return [err]
    branches: dict[Any, list] = {}
    for sub in err.context:
        key = sub.relative_schema_path[0] if sub.relative_schema_path else None
        branches.setdefault(key, []).append(sub)
    fitting = [
        subs
        for subs in branches.values()
        if not any(sub.relative_path and sub.relative_path[0] == "@type" for sub in subs)
    ]
    if not fitting:
        return [err]
    best = min(fitting, key=len)
    return [leaf for sub in best for leaf in _leaf_errors(sub)]


def _json_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 80 else text[:77] + "..."


def json_schema_violations(doc: Any, schema: dict, *, name: str) -> list[Violation]:
    from jsonschema import Draft202012Validator

    found = []
    for top in Draft202012Validator(schema).iter_errors(doc):
        for err in _leaf_errors(top):
            path = list(err.absolute_path)
            node = None
            if len(path) >= 2 and path[0] == "@graph" and isinstance(doc, dict):
                try:
                    node = doc["@graph"][path[1]].get("@id")
                except (IndexError, KeyError, TypeError, AttributeError):
                    node = None
            if node is not None:
                keys = [p for p in path[2:] if isinstance(p, str)]
                prop = keys[0] if keys else None
            else:
                prop = "/" + "/".join(str(p) for p in path) if path else None
            if err.context and err is top and node is not None:
                message = "a node of none of the known kinds (check its @type)"
                value = _json_value(doc["@graph"][path[1]].get("@type"))
            elif err.validator == "required" and isinstance(err.instance, dict):
                missing = [k for k in err.validator_value if k not in err.instance]
                prop = prop or (missing[0] if node is not None and missing else prop)
                message, value = err.message, None
            else:
                message = err.message if len(err.message) <= 160 else err.message[:157] + "..."
                value = _json_value(err.instance)
            found.append(Violation(name, node, prop, value, f"the JSON Schema says: {message}"))
    return found


def shacl_violations(graph: Any, *, name: str) -> list[Violation]:
    from pyshacl import validate as shacl_validate
    from rdflib import RDF, Literal, URIRef
    from rdflib.namespace import SH

    shapes, vocabulary = shapes_and_vocabulary()
    _conforms, results, _text = shacl_validate(
        graph,
        shacl_graph=shapes,
        ont_graph=vocabulary,
        inference="rdfs",
        advanced=False,
        allow_warnings=True,
    )

    def term(t: Any) -> str | None:
        if t is None:
            return None
        if isinstance(t, Literal):
            lexical = json.dumps(str(t), ensure_ascii=False)
            if t.language:
                return f"{lexical}@{t.language}"
            datatype = _short_iri(str(t.datatype)) if t.datatype else "xsd:string"
            return f"{lexical}^^{datatype}"
        if isinstance(t, URIRef):
            iri = str(t)
            return _short_node(iri) if iri.startswith(DEFAULT_BASE_IRI) else _short_iri(iri)
        return f"_:{t}"

    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                file=name,
                node=str(focus) if focus is not None else None,
                property=_short_iri(str(path)) if isinstance(path, URIRef) else term(path),
                value=term(value),
                expected=messages[0] if messages else "expected the SHACL shapes to hold",
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            )
        )
    return found


def is_catalog(doc: Any) -> bool:
    """The DCAT catalog (checked by its SHACL shapes, not the page documents' JSON Schema)."""
    graph = doc.get("@graph", []) if isinstance(doc, dict) else []
    for node in graph:
        types = node.get("@type") if isinstance(node, dict) else None
        if types == "dcat:Catalog" or (isinstance(types, list) and "dcat:Catalog" in types):
            return True
    return False


def validate_document(
    doc: Any,
    *,
    name: str,
    shacl: bool = True,
    json_schema: bool = True,
    schema: dict | None = None,
) -> list[Violation]:
    """Every violation of one parsed document, sorted and without repeats.

    ``schema`` overrides the JSON Schema (default: :func:`records_schema_or_none`; the
    check is skipped when neither is available).
    """
    found: list[Violation] = []
    if json_schema and not is_catalog(doc):  # the JSON Schema is of the page documents
        schema = schema if schema is not None else records_schema_or_none()
        if schema is not None:
            found.extend(json_schema_violations(doc, schema, name=name))
    if shacl:
        try:
            expanded = expand(doc)
        except Exception as err:  # pyld wraps everything in JsonLdError
            found.append(
                Violation(name, None, None, None, f"expected JSON-LD: {_error_chain(err)}")
            )
            return _tidy(found)
        try:
            graph = to_graph(expanded)
        except Exception as err:
            found.append(Violation(name, None, None, None, f"expected RDF: {_error_chain(err)}"))
            return _tidy(found)
        found.extend(shacl_violations(graph, name=name))
    return _tidy(found)


def _tidy(found: list[Violation]) -> list[Violation]:
    """Deduplicate (a literal fails sh:nodeKind and sh:class with one message) and sort."""

    def key(v: Violation) -> tuple:
        return (
            v.severity != "Violation",
            v.node or "",
            v.property or "",
            v.value or "",
            v.expected,
        )

    return sorted(set(found), key=key)


def validate_file(path: Path, *, shacl: bool = True, json_schema: bool = True) -> list[Violation]:
    name = str(path)
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return [Violation(name, None, None, None, f"expected a readable UTF-8 file: {err}")]
    except json.JSONDecodeError as err:
        return [Violation(name, None, None, None, f"expected JSON: {err}")]
    return validate_document(doc, name=name, shacl=shacl, json_schema=json_schema)


# --------------------------------------------------------------------------------------
# Command line engine
# --------------------------------------------------------------------------------------


def iter_documents(paths: Iterable[Path | str]) -> Iterable[Path | str]:
    """Files named, and *.jsonld found (recursively, sorted) in folders; errors as str."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.jsonld") if p.is_file())
        elif path.is_file():
            yield path
        else:
            yield f"{path}: no such file or folder"


def main(paths: Iterable[Path | str], *, shacl: bool = True, json_schema: bool = True) -> int:
    """Print every violation and warning; 1 when any is a violation (or a path is missing)."""
    status = 0
    if json_schema and records_schema_or_none() is None:
        print(
            "note: JSON Schema check skipped: pipeline.schemas.records_schema() "
            "(schemas/v1/records.schema.json) is not available",
            file=sys.stderr,
        )
        json_schema = False
    for item in iter_documents(paths):
        if isinstance(item, str):
            print(f"error: {item}", file=sys.stderr)
            status = 1
            continue
        for violation in validate_file(item, shacl=shacl, json_schema=json_schema):
            print(violation)
            if violation.is_error:
                status = 1
    return status
