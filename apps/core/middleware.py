"""Middleware of the portal's own.

`SecurityHeadersMiddleware` sets the response headers Django has no setting for, on every
response (static files included).

A database that cannot be reached gives a "try again" page (503), never a stack trace.

`DatabaseUnavailableMiddleware` turns an OperationalError or InterfaceError raised while
a request is handled (the server is down, refuses or drops connections, an SQLite file
is missing or locked) into a 503 with Retry-After, rendered from `503.html` without the
request, so that nothing on the page needs the database (no session, no user).

When connecting failed, the process answers 503 at once for the next `RETRY_AFTER`
seconds instead of letting every request wait for its own connection timeout; after
that a request tries again, so the portal recovers by itself when the database is back.
"""

import logging
import math
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Uploaded files are pictures: a response of one may not run or load anything, even if a
# browser were led to treat it as a page.
MEDIA_POLICY = "default-src 'none'; img-src 'self'; sandbox"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # No other site may embed the portal's responses (pages, static files, media).
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if settings.MEDIA_URL and request.path.startswith(settings.MEDIA_URL):
            response.headers["Content-Security-Policy"] = MEDIA_POLICY
        return response


RETRY_AFTER = 5  # seconds
# Answers that must reach the database themselves to tell the truth (the load balancer's).
ALWAYS_TRY = ("/healthz",)

_down_until = 0.0


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(math.ceil(RETRY_AFTER))
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if time.monotonic() < _down_until and request.path not in ALWAYS_TRY:
            return database_unavailable_response()
        return self.get_response(request)

    def process_exception(self, request, exception):
        global _down_until
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        database = connections[DEFAULT_DB_ALIAS]
        if database.connection is None:
            # Connecting failed (a failed query leaves its connection behind).
            _down_until = time.monotonic() + RETRY_AFTER
        else:
            # A dropped connection is not reused by the next request: it connects afresh.
            database.close_if_unusable_or_obsolete()
        logger.error("Database unavailable for %s: %s", request.path, exception)
        return database_unavailable_response()
