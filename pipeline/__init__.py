"""Polish municipal pages about local partnerships -> grounded, validated JSON-LD.

The library entry point is :func:`pipeline.extract_page` (one page's bytes in, a
:class:`pipeline.PageResult` out: records, JSON-LD text and evidence). It is imported on
first use, so ``import pipeline`` stays cheap and never loads the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["PageResult", "extract_page"]

if TYPE_CHECKING:
    from pipeline.run import PageResult, extract_page


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pipeline import run

        return getattr(run, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
