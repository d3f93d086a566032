"""pipeline.caches: page caches are bounded and emptied together."""

from __future__ import annotations

from pipeline.caches import clear_page_caches, page_cache
from pipeline.clean import normalize_spaces
from pipeline.extract.context import clear_caches
from pipeline.normalize.orgs import to_nominative


def test_a_page_cache_is_bounded_and_emptied_with_the_others():
    calls: list[str] = []

    @page_cache(2)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert shout("a") == shout("a") == "A"
    assert calls == ["a"]
    shout("b"), shout("c")
    assert shout.cache_info().currsize == 2
    clear_page_caches()
    assert shout.cache_info().currsize == 0


def test_what_holds_a_pages_text_is_emptied_by_clear_caches():
    normalize_spaces("Ośrodek  Pomocy", 3)
    to_nominative("Ośrodkiem Pomocy Społecznej")
    assert normalize_spaces.cache_info().currsize and to_nominative.cache_info().currsize
    clear_caches()
    assert normalize_spaces.cache_info().currsize == 0
    assert to_nominative.cache_info().currsize == 0
