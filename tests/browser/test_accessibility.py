"""axe-core, run inside Chromium on every public page of the registry (tests/pages.py),
in both languages, at phone and desktop widths: no serious or critical violation."""

import json

import pytest
from django.utils import translation

from tests.pages import registered_pages

from .conftest import DESKTOP, OUT, PHONE, Problems, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# Registered pages that are not HTML documents; test_valid_html checks they still are not.
NOT_HTML = {
    "honors-feed": "application/atom+xml",
    "aed:geojson": "application/geo+json",
    "boai:geojson": "application/geo+json",
    "boai:geojson-filtered": "application/geo+json",
    "figure-csv": "text/csv",
    "figure-manifest": "application/json",
    "dataset-csv": "text/csv",
    "dataset-geojson": "application/geo+json",
}
HTML_PAGES = [page for page in registered_pages() if page.name not in NOT_HTML]
LANGUAGES = ["zh-hans", "en"]
WIDTHS = {"desktop": DESKTOP["viewport"], "phone": PHONE["viewport"]}
FAILING = {"serious", "critical"}
# Pages whose screenshots are kept at both widths for a look at the layout.
SCREENSHOTS = {"home", "aed:index", "honors-index", "donations:index", "training:index"}


@pytest.fixture(scope="module")
def axe_source(tools):
    # Evaluated through the DevTools protocol rather than added as a <script> element,
    # so that the portal's Content-Security-Policy does not block it (nor is bypassed).
    return tools["axe"].read_text()


@pytest.fixture(scope="module")
def axe_report():
    """Every violation found (of any impact), written to tests/browser/out/axe.json."""
    report = {}
    yield report
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "axe.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))


def run_axe(page):
    """The violations axe finds in the page as it is laid out now."""
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]


def describe(violations):
    return "\n".join(
        f"{device} width: {v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for device, v in violations
    )


@pytest.fixture(scope="module")
def tab(browser, live_portal):
    """One tab for the module, taken to each page: a new context per page would cost
    more than the check. Its width is set for each run of axe."""
    context = browser.new_context(base_url=live_portal, locale="zh-CN", **DESKTOP)
    context.set_default_timeout(15_000)
    problems = Problems()
    page = problems.watch(context.new_page())
    page.problems = problems
    yield page
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", HTML_PAGES, ids=[p.name for p in HTML_PAGES])
def test_page_has_no_serious_accessibility_violation(tab, axe_source, axe_report, page, language):
    with translation.override(language):
        url = page.url()
    tab.problems.clear()
    tab.set_viewport_size(WIDTHS["desktop"])
    response = tab.goto(url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/html")
    if tab.locator(".leaflet-container").count():
        tab.wait_for_load_state("networkidle")  # the map's markers come from a fetch
    tab.evaluate(axe_source)

    serious = []
    for device, size in WIDTHS.items():
        tab.set_viewport_size(size)
        violations = run_axe(tab)
        axe_report[f"{page.name} {language} {device}"] = {
            "url": url,
            "violations": [
                {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                for v in violations
            ],
        }
        serious += [(device, v) for v in violations if v["impact"] in FAILING]
        if page.name in SCREENSHOTS and language == "zh-hans":
            screenshot(tab, f"{page.name.replace(':', '-')}-{device}-{language}")
    assert not serious, f"{url}:\n{describe(serious)}"
    assert not tab.problems, "\n".join(tab.problems)
