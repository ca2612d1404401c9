"""The portal as people use it: Chromium, driven by Playwright, against a live server.

The live server is pytest-django's, serving the full demo dataset. The data is built
once for this package and committed, because the server answers from threads with
connections of their own; when the package is done the database is flushed and put
back as it was, so that the rest of the suite sees the empty test database it expects.

They run on PostgreSQL only (the CI's second pass); on SQLite they are skipped with a
reason that `-ra` prints. A missing browser, Java or npm tool fails them: it never
skips them.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from apps.portal.demo.build import DEMO_PASSWORD, Demo

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium calls home (updates, safe browsing, sync): nothing may
    # leave the machine.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Screenshots and reports of the last run; gitignored (copies for the README live in
# docs/screenshots/).
OUT = Path(os.environ.get("BROWSER_TEST_OUT", Path(settings.BASE_DIR) / "tests/browser/out"))

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

MISSING_TOOLS = (
    "{what} is missing at {path}. The browser tests need Debian's Chromium, CJK fonts, "
    "Java and the npm test tools: `apt-get install -y chromium fonts-noto-cjk "
    "default-jre-headless && npm ci --ignore-scripts` (see README.md, Browser tests)."
)


@pytest.fixture(scope="package", autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "browser tests run against PostgreSQL only: "
            "set DATABASE_URL=postgres://… (CI runs them in its PostgreSQL pass)"
        )


@pytest.fixture(scope="package")
def tools():
    """Paths of the tools, failing (never skipping) when one is missing."""
    for what, path in [("Chromium", CHROMIUM), ("axe-core", AXE), ("vnu-jar", VNU)]:
        if not path.exists():
            pytest.fail(MISSING_TOOLS.format(what=what, path=path), pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail(MISSING_TOOLS.format(what="Java", path="PATH"), pytrace=False)
    return {"chromium": CHROMIUM, "axe": AXE, "vnu": VNU, "java": java}


@pytest.fixture(scope="package")
def live_portal(_postgresql_only, django_db_setup, django_db_blocker, tmp_path_factory):
    """The live server's base URL, serving the demo data (built as of today, so that the
    AED finder shows current readiness) with its demo accounts."""
    from pytest_django.live_server_helper import LiveServer

    # Uploads go to a temporary folder; static files are served from their sources (the
    # tests' STATIC_ROOT is empty, and WhiteNoise wants it to exist).
    places = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"), STATIC_ROOT=tmp_path_factory.mktemp("static")
    )
    places.enable()
    server = None
    with django_db_blocker.unblock():
        baseline = connection.creation.serialize_db_to_string()
        try:
            Demo().build(accounts=True)
            server = LiveServer("127.0.0.1:0")
            yield server.url
        finally:
            if server is not None:
                server.stop()
            # What TransactionTestCase does with serialized_rollback: empty every table
            # (sequences keep counting, so no id is reused) and load what was there.
            call_command(
                "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False
            )
            connection.creation.deserialize_db_from_string(baseline)
            places.disable()


@pytest.fixture(scope="package")
def browser(tools):
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM
    # calls from a thread with a running loop: the tests' own queries are synchronous.
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(tools["chromium"]), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


# Inline styles the policy refuses without loss: django-import-export's preview marks new
# and removed text with diff-match-patch's <ins style="background:#e6ffe6;"> and <del
# style="background:#ffe6e6;">, which its own import.css already colours the same way.
HARMLESS_CSP_REFUSALS = (
    "sha256-AFyijjilwBx8kC+SMDLzasw2VV9MWz1VYVQ8xIgdMlA=",
    "sha256-S0qL3AVCJ6EdYX2E0yOmH+5YvauOwNAxIl4pJ/0IUUg=",
)


def is_problem(message) -> bool:
    text = message.text
    return (
        message.type == "error"
        and "Content Security Policy" in text
        and not any(digest in text for digest in HARMLESS_CSP_REFUSALS)
    )


class Problems(list):
    """Uncaught script errors and Content-Security-Policy refusals seen in a page."""

    def watch(self, page):
        page.on("pageerror", lambda error: self.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda message: (
                self.append(f"{page.url}: {message.text}") if is_problem(message) else None
            ),
        )
        return page


@pytest.fixture
def new_page(browser, live_portal):
    """Return a function opening a page in a fresh context (phone or desktop, Chinese
    browser); after the test, no page may have thrown or been refused by the CSP."""
    contexts = []
    problems = Problems()

    def open_page(device=DESKTOP, **options):
        context = browser.new_context(
            base_url=live_portal, locale="zh-CN", timezone_id="Asia/Shanghai", **device, **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return problems.watch(context.new_page())

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def screenshot(page, name, *, full_page=True):
    """Save a screenshot under tests/browser/out/screenshots/ (gitignored)."""
    path = OUT / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=full_page)
    return path


def admin_login(page, username, password=DEMO_PASSWORD):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url("**/admin/")
