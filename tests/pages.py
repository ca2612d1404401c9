"""The registry of public pages that tests/portal/test_public_pages.py checks.

Each area lists its pages in tests/<area>/pages.py as `PAGES`; a page's URL is
built when the data exists (detail pages need a record), and its budget is the
most queries it may run, at any data size.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[], str]
    budget: int
