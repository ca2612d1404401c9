"""URLs of records' pages without a reverse() per record.

reverse() takes about 25 µs: a list of fifty records, or a map of three hundred, spent a
sixth of its time in it. A view's URL pattern is resolved once per process for each
language (and script prefix and URLconf, which reverse() also reads), and a record's URL
is made from it by putting the primary key in.
"""

from collections.abc import Callable
from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_PK_MARK = 2_147_483_647  # a primary key no record has, replaced in the reversed URL


def where() -> tuple:
    """What a reversed URL depends on: the language, the script prefix, the URLconf."""
    return get_language(), get_script_prefix(), get_urlconf()


@cache
def _parts(viewname: str, where: tuple) -> tuple[str, str]:
    before, after = reverse(viewname, args=[_PK_MARK]).split(str(_PK_MARK))
    return before, after


def pk_url(viewname: str) -> Callable[[int], str]:
    """A function giving `viewname`'s URL for a primary key (as `reverse` would, here)."""
    before, after = _parts(viewname, where())
    return lambda pk: f"{before}{int(pk)}{after}"


@receiver(setting_changed)
def _forget(**kwargs):
    """Tests that change the languages or the URLconf get URLs made with them."""
    _parts.cache_clear()
