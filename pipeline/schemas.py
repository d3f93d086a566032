"""Generate the files of ``schemas/v1/`` from the code: ``python -m pipeline.schemas``.

- ``records.schema.json``: the JSON Schema (Draft 2020-12) of the JSON-LD documents, made
  from the models in :mod:`pipeline.jsonld` (never edited by hand);
- ``context.jsonld``: the ``@context`` every document carries inline.

Both are committed; ``tests/test_schemas.py`` fails when they are stale (``make schemas``).
The folder is the repository's ``schemas/``, or ``$PIPELINE_SCHEMAS`` when set.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.jsonld import CONTEXT, document_json_schema

VERSION = "v1"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = f"https://w3id.org/partnerstwa-lokalne/schemas/{VERSION}/records.schema.json"
RECORDS_SCHEMA_FILE = f"{VERSION}/records.schema.json"
CONTEXT_FILE = f"{VERSION}/context.jsonld"


def schema_dir() -> Path:
    """The top-level ``schemas/`` folder (``$PIPELINE_SCHEMAS`` overrides it)."""
    env = os.environ.get("PIPELINE_SCHEMAS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "schemas"


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def generate() -> dict[str, str]:
    """Each generated file's path under ``schemas/`` and its text, as it should be."""
    schema = {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **document_json_schema()}
    return {
        RECORDS_SCHEMA_FILE: _text(schema),
        CONTEXT_FILE: _text({"@context": CONTEXT}),
    }


def records_schema() -> dict[str, Any]:
    """The committed JSON Schema of the documents (FileNotFoundError when it is missing)."""
    return json.loads((schema_dir() / RECORDS_SCHEMA_FILE).read_text("utf-8"))


def write(directory: Path | None = None) -> list[Path]:
    """Write the generated files (only those whose text changed); return their paths."""
    root = directory or schema_dir()
    paths = []
    for name, text in generate().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def main() -> int:
    for path in write():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
