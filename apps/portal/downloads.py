"""Limits on the open-data downloads.

A download reads every record behind a figure or dataset: at a hundred times the
article's data, F7's certificates are eleven million rows and a minute or more of a
worker. So each visitor may start at most DOWNLOAD_RATE downloads (429 beyond), and at
most DOWNLOAD_STREAMS downloads run at once across the app servers sharing the cache
(503 with Retry-After beyond), which leaves the other workers to the pages.
"""

from contextlib import suppress
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

STREAMS_KEY = "downloads:streams"
# A worker killed mid-stream never gives its slot back; the count starts afresh after this.
STREAMS_TTL = 15 * 60
RETRY_AFTER = 30


def limited_download(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_ratelimited(
            request,
            group="portal:download",
            key="ip",
            rate=settings.DOWNLOAD_RATE,
            method=ALL,
            increment=True,
        ):
            return _refused(
                request, 429, _("You have started many downloads. Please wait a while.")
            )
        if not _take_slot():
            response = _refused(
                request, 503, _("Many downloads are running. Please try again in a minute.")
            )
            response["Retry-After"] = str(RETRY_AFTER)
            return response
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            _give_slot()
            raise
        if response.streaming:
            response.streaming_content = _giving_back(response.streaming_content)
        else:
            _give_slot()
        return response

    return wrapper


def _refused(request, status, message):
    return render(request, "portal/download_refused.html", {"message": message}, status=status)


def _take_slot() -> bool:
    cache.add(STREAMS_KEY, 0, STREAMS_TTL)
    try:
        running = cache.incr(STREAMS_KEY)
    except ValueError:  # expired between add and incr
        cache.add(STREAMS_KEY, 1, STREAMS_TTL)
        running = 1
    if running > settings.DOWNLOAD_STREAMS:
        _give_slot()
        return False
    return True


def _give_slot() -> None:
    with suppress(ValueError):  # expired meanwhile: nothing to give back
        cache.decr(STREAMS_KEY)


def _giving_back(chunks):
    try:
        yield from chunks
    finally:
        _give_slot()
