"""Caches of what one page holds, registered so that they can be emptied together.

Word-level caches (Morfeusz's analyses, the tagger's, ``TokenAnalysis.memo``) serve every
page of a run and are not registered here.  Caches keyed by a page's own text — its blocks,
their white space, the names written on it — are bounded :func:`functools.lru_cache`
wrappers made by :func:`page_cache`, so that memory stays flat over a long run and the
benchmark can time a page as one the process has not seen (:func:`clear_page_caches`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

__all__ = ["clear_page_caches", "page_cache"]

T = TypeVar("T")
_REGISTERED: list[_lru_cache_wrapper[Any]] = []


def page_cache(maxsize: int) -> Callable[[Callable[..., T]], _lru_cache_wrapper[T]]:
    """``functools.lru_cache(maxsize)``, registered as holding one page's text."""

    def decorate(fn: Callable[..., T]) -> _lru_cache_wrapper[T]:
        cached = lru_cache(maxsize=maxsize)(fn)
        _REGISTERED.append(cached)
        return cached

    return decorate


def clear_page_caches() -> None:
    """Empty every registered cache."""
    for cached in _REGISTERED:
        cached.cache_clear()
