"""Whole public pages cached for anonymous visitors, never stale after a write.

A page is stored in the shared cache (CACHE_URL: Redis when several app servers run)
with the *data version* it was rendered at, a counter in that cache. Every committed
save or delete of a record bumps the counter, so the next request on any app server
finds its stored page older than the counter and renders afresh from the database. A
hit costs one round trip to the cache: the counter and the page are read together. What changes with the clock
alone (a site's "open now", inspection due dates, the "as of" time) is at most
PAGE_CACHE_SECONDS old.

Only GET requests to the public pages, without a session cookie (staff see fresh pages),
whose response is a plain 200 that set no cookie and used neither the session nor a
CSRF token, are cached. Lookups that are throttled per visitor are never cached (their
empty forms are).

A form's CSRF token is the one part of a page that differs per visitor. While a page is
rendered to be stored, `csrf_placeholder` (a context processor) puts CSRF_PLACEHOLDER
where `{% csrf_token %}` writes the token; the page is stored so, and each visitor's copy,
the first as every cached one, gets that visitor's own token (`get_token`, which also
has Django's CSRF middleware set the visitor's cookie). No visitor's token is ever stored.
"""

import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from .services import on_commit_once

VERSION_KEY = "pagecache:version"
# Written where a page being stored would hold a CSRF token; never a valid token.
CSRF_PLACEHOLDER = "--page-cache-csrf-token--"
_CSRF_PLACEHOLDER = CSRF_PLACEHOLDER.encode()
PUBLIC_NAMESPACES = {"portal", "honors", "organizations", "aed", "training", "donations", "boai"}
# Answers that depend on who asks and how often (throttled lookups): never cached when
# they carry a query; their empty forms are the same for everyone.
UNCACHED_VIEWS = {"donations:receipt", "training:certificate"}
# Apps whose records no public page shows. django-axes writes on every login attempt: a
# flood of failed logins must not keep emptying the public pages' cache.
UNWATCHED_APPS = {"admin", "auth", "axes", "contenttypes", "sessions"}


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new number, never one used before (the cache may have been emptied).
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def csrf_placeholder(request) -> dict:
    """Context processor: the placeholder for the CSRF token while a page is rendered to
    be stored (listed after Django's own, which it then overrides), else nothing."""
    if getattr(request, "_page_cache_key", None):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def _with_token(request, content: bytes) -> bytes:
    """The page for this visitor: the placeholder replaced by a token of their own."""
    if _CSRF_PLACEHOLDER not in content:
        return content
    return content.replace(_CSRF_PLACEHOLDER, get_token(request).encode())


def bump_data_version() -> None:
    """Make every cached page stale, on every app server sharing the cache."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet (or evicted): start a new one
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def bump_on_commit(using=None) -> None:
    on_commit_once(bump_data_version, using=using)


def _record_changed(sender, using=None, **kwargs):
    bump_on_commit(using)


def public_record_models() -> list:
    """The models whose records a public page may show: every model but those of
    UNWATCHED_APPS and the derived ones, tallies and snapshots, which change only with the
    records they are computed from."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in UNWATCHED_APPS
        and not model._meta.model_name.endswith(("tally", "snapshot"))
    ]


def on_record_change(handler, uid: str) -> None:
    """Call `handler(sender, using=…, **kwargs)` when a record a public page may show is
    saved or deleted, or one of its many-to-many relations changes."""
    for model in public_record_models():
        key = f"{uid}:{model._meta.label}"
        post_save.connect(handler, sender=model, dispatch_uid=key)
        post_delete.connect(handler, sender=model, dispatch_uid=key)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(handler, sender=field.remote_field.through, dispatch_uid=key)


def watch_models() -> None:
    """Bump the data version when the transaction that changes any record commits."""
    on_record_change(_record_changed, "pagecache")


class PublicPageCacheMiddleware:
    """Serve and store whole public pages (see the module's docstring). Last in MIDDLEWARE:
    a hit still passes through every middleware's response handling."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key and self._storable(request, response):
            headers = {k: v for k, v in response.items() if k.lower() != "set-cookie"}
            stored = (request._page_cache_version, response.content, headers)
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        if key and not response.streaming:
            response.content = _with_token(request, response.content)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return None
        match = request.resolver_match
        if (
            match is None
            or match.namespace not in PUBLIC_NAMESPACES
            or (match.view_name in UNCACHED_VIEWS and request.GET)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return None
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{translation.get_language()}:{path}"
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = data_version()
        elif key in found:
            stored_version, content, headers = found[key]
            if stored_version == version:
                return HttpResponse(_with_token(request, content), headers=headers)
        request._page_cache_key, request._page_cache_version = key, version
        return None

    @staticmethod
    def _storable(request, response) -> bool:
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (session is not None and session.accessed)
            and "private" not in response.get("Cache-Control", "")
        )
