"""Import spaCy without its command line.

``import spacy`` runs ``spacy/__init__.py``, which imports spaCy's whole command line
(typer, weasel, httpx, …) only to re-export ``spacy.info``: about 0.2 s of our 1.2 s cold
start, for nothing the pipeline uses.  While spaCy initialises, a stand-in answers for
``spacy.cli``; it is removed right after, so a later ``import spacy.cli`` loads the real
command line, and ``spacy.info`` still works (it imports the real one when called).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


def import_spacy() -> types.ModuleType:
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so that "spacy.cli.info" may be its submodule
    info = types.ModuleType("spacy.cli.info")

    def forward(*args: Any, **kwargs: Any) -> Any:
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    info.info = forward  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = info
    try:
        import spacy
    finally:
        for name, stub in (("spacy.cli.info", info), ("spacy.cli", cli)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]
        package = sys.modules.get("spacy")
        if package is not None and getattr(package, "cli", None) is cli:
            delattr(package, "cli")
    return spacy
