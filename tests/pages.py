"""The registry of public pages that tests/portal/test_public_pages.py and the browser
tests (tests/browser/: accessibility, valid HTML) check.

Each area lists its pages in tests/<area>/pages.py as `PAGES`; a page's URL is
built when the data exists (detail pages need a record), and its budget is the
most queries it may run, at any data size.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    budget: int


def registered_pages() -> list[Page]:
    """Every page of every area's tests/<area>/pages.py, in a stable order."""
    areas = sorted(p.parent.name for p in Path(__file__).parent.glob("*/pages.py"))
    return [page for area in areas for page in importlib.import_module(f"tests.{area}.pages").PAGES]
