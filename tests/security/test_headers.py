"""The header set every response carries: pages, admin, static files, media, errors."""

import importlib

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import re_path, reverse
from django.views.static import serve

from tests.security.inline import blocked_inline_code

AREAS = ["portal", "honors", "organizations", "aed", "training", "donations", "boai"]
PAGES = [page for area in AREAS for page in importlib.import_module(f"tests.{area}.pages").PAGES]

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
POLICY = {
    "default-src": "'none'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {
        name: value
        for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))
    }


def assert_security_headers(response, *, page=True):
    for name, value in COMMON.items():
        assert response.headers.get(name) == value, name
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    policy = directives(response)
    assert policy.items() >= POLICY.items()
    for name in ("script-src", "style-src"):
        assert policy[name].startswith("'self'")
        assert "unsafe" not in policy[name]
    assert "upgrade-insecure-requests" in policy
    if page:
        assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_public_pages_send_the_header_set_and_no_blocked_inline_code(demo_data, client, page):
    response = client.get(page.url())
    assert response.status_code == 200
    assert_security_headers(response)
    if response["Content-Type"].startswith("text/html"):
        assert blocked_inline_code(response) == []


def test_aed_finder_policy_lets_the_map_run(demo_data, client):
    # Leaflet and the page's script come from the portal; the sites come from its GeoJSON.
    response = client.get(reverse("aed:index"))
    html = response.content.decode()
    assert '<script src="/static/vendor/leaflet/leaflet.js"' in html
    assert directives(response)["connect-src"] == "'self'"


@pytest.mark.parametrize("url", ["/healthz", "/robots.txt", "/sitemap.xml", "/no-such-page/"])
def test_other_responses_and_errors_send_the_header_set(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_security_headers(response)


def test_admin_login_and_pages_send_the_header_set(client, superuser_client):
    assert_security_headers(client.get(reverse("admin:login")))
    response = superuser_client.get(reverse("admin:donations_donation_changelist"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_server_error_page_sends_the_header_set(settings):
    settings.ROOT_URLCONF = "tests.portal.failing_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert_security_headers(response)
    assert blocked_inline_code(response) == []


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_send_the_header_set():
    # A fresh client builds the middleware with these settings: WhiteNoise serves the file.
    response = Client().get(f"{settings.STATIC_URL}js/aed-map.js".replace("//", "/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    # WhiteNoise answers before the X-Frame-Options middleware: frame-ancestors covers it.
    assert_security_headers(response, page=False)


def test_https_responses_carry_hsts_for_a_year(client):
    response = client.get("/healthz", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_plain_http_is_redirected_to_https_when_the_redirect_is_on(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/robots.txt")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/robots.txt"


def test_the_health_check_answers_over_plain_http_for_the_load_balancer(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_behind_a_proxy_the_forwarded_scheme_counts_as_https(client):
    with override_settings(
        SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    ):
        response = client.get("/robots.txt", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_session_and_csrf_cookies_are_secure_and_http_only(client, django_user_model):
    django_user_model.objects.create_user("clerk", password="a-long-enough-pass", is_staff=True)
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        login = reverse("admin:login")
        client.get(login)
        response = client.post(login, {"username": "clerk", "password": "a-long-enough-pass"})
    assert response.status_code == 302
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[name] if name in response.cookies else client.cookies[name]
        assert cookie["secure"] and cookie["httponly"], name
        assert cookie["samesite"] == "Lax"
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    # Expires with the browser; the server forgets it after SESSION_COOKIE_AGE.
    assert not session["max-age"] and not session["expires"]
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_uploaded_files_are_sandboxed_and_never_sniffed(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ROOT_URLCONF = __name__
    (tmp_path / "a.jpg").write_bytes(b"<html><script>alert(1)</script>")
    response = client.get("/media/a.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"


def serve_media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The URLconf of the test above: media served as `make run` (DEBUG) serves it.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media)]
