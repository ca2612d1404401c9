"""Every public page of the registry, in both languages, passes the Nu HTML Checker
(vnu-jar) with no error: the pages are fetched from the live server and checked in one
run of the checker."""

import json
import re
import subprocess
import urllib.request
from urllib.parse import quote

import pytest
from django.utils import translation

from .conftest import OUT
from .test_accessibility import HTML_PAGES, LANGUAGES, NOT_HTML

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def fetch(url):
    with urllib.request.urlopen(quote(url, safe=":/?&=%+"), timeout=30) as response:
        return response.status, response.headers["Content-Type"], response.read()


def test_every_public_page_is_valid_html(live_portal, tools, tmp_path):
    files = {}
    for page in HTML_PAGES:
        for language in LANGUAGES:
            with translation.override(language):
                url = page.url()
            status, content_type, body = fetch(live_portal + url)
            assert status == 200, url
            assert content_type.startswith("text/html"), url
            path = tmp_path / f"{re.sub(r'[^a-z0-9-]', '-', page.name)}.{language}.html"
            path.write_bytes(body)
            files[path.name] = url
    assert len(files) == 2 * len(HTML_PAGES)

    checked = subprocess.run(
        [
            tools["java"],
            "-Xss4m",
            "-jar",
            str(tools["vnu"]),
            "--format",
            "json",
            "--exit-zero-always",
        ]
        + [str(tmp_path / name) for name in files],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    messages = json.loads(checked.stderr)["messages"]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "vnu.json").write_text(json.dumps(messages, ensure_ascii=False, indent=1))
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, "\n".join(
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1])}:{m.get('lastLine')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in errors
    )


def test_registered_pages_left_out_of_the_html_checks_are_not_html(live_portal):
    from tests.pages import registered_pages

    for page in registered_pages():
        if page.name in NOT_HTML:
            _, content_type, _ = fetch(live_portal + page.url())
            assert content_type.startswith(NOT_HTML[page.name]), page.name
