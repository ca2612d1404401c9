from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings

# The day the demo dataset's AED inspection log runs to in tests, so results do not
# depend on the day the suite runs.
DEMO_AS_OF = date(2024, 10, 31)


@pytest.fixture(autouse=True)
def _plain_static_files(settings, tmp_path):
    # Pages link static files; the production manifest exists only after collectstatic.
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }


@pytest.fixture(autouse=True, scope="session")
def _plain_http():
    # Settings read with DEBUG off redirect to HTTPS; the test client speaks plain HTTP.
    # Tests of the redirect and of HTTPS-only headers turn it back on or ask with secure=True.
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True, scope="session")
def _no_figure_snapshot():
    # Tests change records inside transactions that never commit, and the stored figures
    # are refreshed on commit: they would read stale ones. Off for the whole run, module
    # fixtures included; tests/portal/test_snapshot.py turns them on.
    with override_settings(FIGURE_SNAPSHOT_SECONDS=0):
        yield


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The full demo dataset, built once per module and rolled back after it."""
    from apps.portal.demo.build import Demo

    with django_db_blocker.unblock(), transaction.atomic():
        Demo(as_of=DEMO_AS_OF).build(accounts=True)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def english():
    """English for the test: reverse() then gives /en/ URLs and strings read in English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def superuser_client(client, django_user_model):
    """`client` logged in as a superuser (no password: hashing one costs half a second)."""
    client.force_login(django_user_model.objects.create_superuser("root", password=None))
    return client


@pytest.fixture
def login_staff(client, django_user_model):
    """Return a function that logs `client` in as a staff member of exactly one group."""

    def login(group_name):
        group = Group.objects.get(name=group_name)
        user = django_user_model.objects.create_user(
            f"staff-{group.pk}", password=None, is_staff=True
        )
        user.groups.add(group)
        client.force_login(user)
        return user

    return login


@pytest.fixture(autouse=True)
def _default_language():
    # A request to an /en/ page leaves English active in the thread (LocaleMiddleware
    # activates, nothing deactivates); each test starts in the default language.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _downloads_unlimited(settings):
    # Tests download every figure from one address; tests/portal/test_downloads.py puts
    # the limits back.
    settings.DOWNLOAD_RATE = "100000/m"
    settings.DOWNLOAD_STREAMS = 100


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Tests change records inside a transaction that never commits, so the page cache
    # (bumped on commit) would serve them stale pages; tests/core/test_pagecache.py turns it on.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def frozen_rate_window(monkeypatch):
    """Pins django-ratelimit's clock, so that a throttle test's requests all fall in one
    window however slowly they run (a window that ends mid-test would reset the count)."""
    import types

    import django_ratelimit.core
    from django.core.cache import cache

    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: 1.8e9))
    cache.clear()  # no count left in that window by an earlier test


@pytest.fixture
def districts_reloaded(transactional_db):
    """The districts, which a data migration loads: a test of real commits empties every
    table after it, so a later one puts them back."""
    from django.conf import settings
    from django.core.management import call_command

    from apps.core.models import District

    if not District.objects.exists():
        call_command("loaddata", settings.BASE_DIR / "fixtures" / "districts.json", verbosity=0)
