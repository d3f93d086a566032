"""Shared fixtures: the gold pages in tests/data/ and helpers to run them through stages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.load import is_page_file, load_file
from pipeline.run import extract_page

DATA = Path(__file__).parent / "data"
PAGES = DATA / "pages"
GOLD = DATA / "gold"
ROOT = Path(__file__).parent.parent


def page_files() -> list[Path]:
    return sorted(p for p in PAGES.iterdir() if is_page_file(p))


def gold_for(path: Path) -> dict:
    return json.loads((GOLD / f"{path.stem}.json").read_text("utf-8"))


def gold_pages() -> list[Path]:
    return [p for p in page_files() if (GOLD / f"{p.stem}.json").exists()]


@pytest.fixture(scope="session")
def seed_html():
    return load_file(PAGES / "partnerstwa-lokalne-zoliborz.html")


@pytest.fixture(scope="session")
def seed_txt():
    return load_file(PAGES / "partnerstwa-lokalne-zoliborz.txt")


def accepted(value) -> set[str]:
    """Gold gives either one string or a list of acceptable alternatives."""
    return set(value) if isinstance(value, list) else {value}


def result_for(path: Path):
    """A test page through the whole pipeline, with its sidecar's URL and date."""
    sidecar = path.with_name(path.stem + ".meta.json")
    meta = json.loads(sidecar.read_text("utf-8")) if sidecar.exists() else {}
    return extract_page(
        path.read_bytes(),
        name=path.stem,
        kind="text" if path.suffix == ".txt" else "html",
        url=meta.get("url"),
        retrieved=meta.get("retrieved"),
    )
