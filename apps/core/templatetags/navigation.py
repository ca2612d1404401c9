"""The site's header and footer, the links to a page in the other languages, and links
to records' pages.

Neither reads a record: the header is the same on every page of a menu section, in a
language, but for the links to this page in the other languages, and the footer is the
same on every page of a language. Each is rendered once per process for each of those
(with a mark where the links to this page go), then copied into each page: rendering the
header's template took 0.8 ms of every page.
"""

from functools import cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from apps.core.links import pk_url, where

register = template.Library()

# The main menu: (URL name, label). A page below an entry's URL marks that entry current.
MENU = (
    ("honors:index", _("Honors")),
    ("organizations:index", _("Organizations")),
    ("aed:index", _("Find an AED")),
    ("training:index", _("First-aid training")),
    ("donations:index", _("Donations and disclosure")),
    ("boai:index", _("Boai homes")),
    ("portal:districts", _("Districts")),
    ("portal:search", _("Search")),
)
# Where a rendered header links to this page in another language.
LANGUAGE_LINK = "\x00language:{}\x00"


@cache
def _menu_urls(here: tuple) -> tuple[str | None, ...]:
    """The menu's URLs (None for one this URLconf lacks)."""

    def url(name):
        try:
            return reverse(name)
        except NoReverseMatch:
            return None

    return tuple(url(name) for name, _label in MENU)


@cache
def _header(here: tuple, current: tuple[bool, ...]) -> str:
    menu = [
        (url, label, is_current)
        for url, (_name, label), is_current in zip(_menu_urls(here), MENU, current, strict=True)
        if url is not None
    ]
    languages = [
        (code, get_language_info(code)["name_local"], LANGUAGE_LINK.format(code))
        for code, _name in settings.LANGUAGES
        if code != here[0]
    ]
    return render_to_string("includes/header.html", {"menu": menu, "languages": languages})


@cache
def _footer(here: tuple) -> str:
    return render_to_string("includes/footer.html")


@receiver(setting_changed)
def _forget(**kwargs):
    """Tests that change the languages or the URLconf get headers made with them."""
    for rendered in (_menu_urls, _header, _footer):
        rendered.cache_clear()


@register.simple_tag(takes_context=True)
def site_header(context):
    """includes/header.html for this page: its menu entry marked, and its links to this
    page in the other languages (its query string kept)."""
    here = where()
    request = context.get("request")
    path = request.path if request is not None else ""
    current = tuple(url is not None and path.startswith(url) for url in _menu_urls(here))
    html = _header(here, current)
    for code, _name in settings.LANGUAGES:
        mark = LANGUAGE_LINK.format(code)
        if mark in html:
            link = translate_url(request.get_full_path(), code) if request is not None else ""
            html = html.replace(mark, escape(link))
    return mark_safe(html)


@register.simple_tag
def site_footer():
    return mark_safe(_footer(where()))


@register.filter
def record_url(pk, viewname: str) -> str:
    """`{{ record.pk|record_url:"honors:detail" }}`: the URL `{% url %}` gives for a view
    that takes a primary key, from its pattern resolved once per language (reverse() took
    a sixth of the time of a list of fifty records)."""
    return pk_url(viewname)(pk)
