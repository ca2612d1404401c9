"""Response headers Django has no setting for, on every response (static files included)."""

from django.conf import settings

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
