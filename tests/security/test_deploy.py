"""Production settings pass Django's deployment checks; DEBUG keeps plain HTTP working."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "t6Vq3bZ0kH8rWm1yN4pX7cL2sD9fG5jA0uE3iO6wQ8zR1vB4nM7kT2hY5gF8dS1a",
    "ALLOWED_HOSTS": "www.wuxi-redcross.example.cn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run(args, **variables):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DEBUG", "SECRET_KEY", "SECURE_", "SESSION_", "CSRF_", "MAP_TILE", "ADMIN_URL")
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment | variables,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_with(**variables):
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_CSP",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run(["shell", "-c", code], **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_finds_no_issue_with_production_variables():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_does_find_issues_when_debug_is_on():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION, DEBUG="true")
    assert result.returncode != 0
    for warning in ("security.W018", "security.W004", "security.W008", "security.W012"):
        assert warning in result.stderr


@pytest.mark.parametrize("secret_key", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_without_a_secret_key_production_settings_refuse_to_start(secret_key):
    variables = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    if secret_key is not None:
        variables["SECRET_KEY"] = secret_key
    result = run(["check"], **variables)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.fixture(scope="module")
def production():
    return settings_with(**PRODUCTION, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")


def test_production_defaults_are_https_only_and_behind_a_proxy_on_request(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_CSP"]["upgrade-insecure-requests"] is True


def test_hsts_age_can_be_set_lower_when_https_is_first_turned_on():
    assert settings_with(**PRODUCTION, SECURE_HSTS_SECONDS="300")["SECURE_HSTS_SECONDS"] == 300


def test_local_development_stays_on_plain_http():
    development = settings_with(DEBUG="true", DATABASE_URL="sqlite:///:memory:")
    assert development["SECURE_SSL_REDIRECT"] is False
    assert development["SESSION_COOKIE_SECURE"] is development["CSRF_COOKIE_SECURE"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0
    assert development["SECURE_PROXY_SSL_HEADER"] is None
    assert development["SECURE_CSP"]["upgrade-insecure-requests"] is False


@pytest.mark.parametrize(
    ("tile_url", "origin"),
    [
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
    ],
)
def test_the_map_tile_server_is_allowed_for_images_only_when_set(tile_url, origin):
    policy = settings_with(**PRODUCTION, MAP_TILE_URL=tile_url)["SECURE_CSP"]
    assert origin in policy["img-src"]
    others = [v for name, v in policy.items() if name != "img-src" and isinstance(v, list)]
    assert all(origin not in values for values in others)


def test_without_a_tile_server_images_come_only_from_the_portal(production):
    assert production["SECURE_CSP"]["img-src"] == ["'self'"]
