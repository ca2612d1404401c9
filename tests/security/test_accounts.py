"""Staff logins: lockout after repeated failures, every attempt logged, strong passwords,
short sessions, and an admin that can live at another address."""

import importlib
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import clear_url_caches, reverse

from tests.security.inline import blocked_inline_code

PASSWORD = "Hongshizi-2024-rescue"
HERE, ELSEWHERE = "10.1.2.3", "10.9.8.7"

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(settings, django_user_model):
    # A fast hasher: the test is about counting attempts, not about hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_user("clerk", password=PASSWORD, is_staff=True)


def log_in(client, password, *, address=HERE, username="clerk"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def fail(client, times, **kwargs):
    for _ in range(times):
        response = log_in(client, "wrong-password", **kwargs)
        assert response.status_code == 200  # the login form again, with its error


def fail_until_locked(client):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "wrong-password").status_code == 429


def test_right_password_logs_in(client, clerk):
    response = log_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_failures_lock_the_username_from_that_address(client, clerk):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, PASSWORD).status_code == 302  # one short of the limit: still fine
    client.logout()

    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    locked = log_in(client, "wrong-password")
    assert locked.status_code == 429
    # Even the right password is refused now.
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Login locked" in response.content.decode() or "登录已锁定" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in


def test_lockout_is_keyed_on_username_and_address(client, clerk, django_user_model):
    fail_until_locked(client)
    assert log_in(client, PASSWORD).status_code == 429
    # The same user from another address, and another user from the same address, get in.
    assert log_in(client, PASSWORD, address=ELSEWHERE).status_code == 302
    client.logout()
    django_user_model.objects.create_user("cashier", password=PASSWORD, is_staff=True)
    assert log_in(client, PASSWORD, username="cashier").status_code == 302


def test_lockout_ends_after_the_cool_off(client, clerk):
    fail_until_locked(client)
    assert log_in(client, PASSWORD).status_code == 429

    cool_off = settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off)

    assert log_in(client, PASSWORD).status_code == 302


def test_lockout_page_works_under_the_content_security_policy(client, clerk):
    fail_until_locked(client)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Content-Security-Policy" in response
    assert blocked_inline_code(response) == []


def test_every_login_and_failed_login_is_logged_with_the_address(client, clerk, caplog):
    caplog.set_level("INFO", logger="apps.core.auth")
    log_in(client, "wrong-password")
    log_in(client, PASSWORD)

    records = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "apps.core.auth"]
    assert records == [
        ("WARNING", f"login failed user='clerk' ip={HERE}"),
        ("INFO", f"login user=clerk ip={HERE}"),
    ]
    assert "wrong-password" not in caplog.text
    assert PASSWORD not in caplog.text


def test_failed_login_of_an_unknown_name_is_logged_without_letting_it_forge_lines(client, caplog):
    caplog.set_level("INFO", logger="apps.core.auth")
    log_in(client, "x", username="nobody\nlogin user=admin ip=1.2.3.4")
    messages = [r.getMessage() for r in caplog.records if r.name == "apps.core.auth"]
    assert messages == [f"login failed user='nobody\\nlogin user=admin ip=1.2.3.4' ip={HERE}"]


@pytest.mark.parametrize(
    "password",
    ["Short1!x", "password123", "1234567890123"],
    ids=["too-short", "common", "numeric"],
)
def test_weak_passwords_are_refused(clerk, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=clerk)


def test_a_strong_password_is_accepted(clerk):
    validate_password("Meiyuan-Lake-2024-aid", user=clerk)


def test_staff_session_lasts_hours_and_ends_with_the_browser(client, clerk):
    log_in(client, PASSWORD)
    session = client.session
    assert session.get_expire_at_browser_close()
    assert session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


@pytest.fixture
def admin_moved(settings):
    """The URLconf rebuilt with ADMIN_URL set, as a deployment would start it."""
    import wuxi_redcross.urls

    settings.ADMIN_URL = "office-7f3a/"
    clear_url_caches()
    importlib.reload(wuxi_redcross.urls)
    yield settings.ADMIN_URL
    settings.ADMIN_URL = "admin/"
    clear_url_caches()
    importlib.reload(wuxi_redcross.urls)


def test_the_admin_can_be_moved_by_a_setting(client, clerk, admin_moved):
    assert reverse("admin:index") == "/office-7f3a/"
    assert reverse("donations-reconciliation") == "/office-7f3a/donations/reconciliation/"
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    assert client.get("/office-7f3a/login/").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302
    assert client.get("/office-7f3a/donations/reconciliation/").status_code in (200, 403)
