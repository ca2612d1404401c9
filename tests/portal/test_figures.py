"""Every public figure explains itself: its page, its download and its manifest agree with
the figure shown on the home page, on the demo data and after staff change the records."""

import csv
import hashlib
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from apps.core.periods import reporting_period
from apps.core.templatetags.figures import exact_number
from apps.donations.models import Donation, DonationKind, Fund, FundKind, Purpose
from apps.donations.services import donation_record, donation_void
from apps.organizations.models import OrganizationKind
from apps.portal.figures import BY_KEY, DATASETS, FIGURES, percent
from apps.portal.selectors import headline_figures
from tests import factories as f
from tests.conftest import DEMO_AS_OF

pytestmark = pytest.mark.django_db

KEYS = [figure.key for figure in FIGURES]


def download(client, url) -> tuple[bytes, list[str], list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming, "downloads are streamed, never built in memory"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    header, *rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    return body, header, rows


def rebuilt(figure, header, rows):
    """The figure worked out from the CSV alone, as a reader with a spreadsheet would."""
    keys = figure.keys
    assert header == figure.headers
    if figure.kind == "percent":
        column = {key: [int(row[keys.index(key)]) for row in rows] for key in keys[1:]}
        return percent(sum(column["trained"]), sum(column["population"]))
    if figure.measure:
        values = [Decimal(row[keys.index(figure.measure)] or 0) for row in rows]
        total = sum(values, Decimal(0))
        return total if figure.kind == "money" else int(total)
    return len(rows)


def shown(figure, value) -> str:
    """What the home page's title attribute holds for the figure: its exact value."""
    return exact_number(value)


def home_titles(client) -> dict[str, str]:
    """Figure key -> the exact value the home page shows (its title, or its text for %)."""
    html = client.get(reverse("portal:home")).content.decode()
    titles = {}
    for key in KEYS:
        start = html.index(f'data-figure="{key}"')
        tag = html.index('class="figure-value"', start)
        title_at = html.index('title="', tag) + len('title="')
        titles[key] = html[title_at : html.index('"', title_at)]
    return titles


def check_agreement(client, keys, titles=None, values=None):
    """For each figure: home page = explanation page = sum of the download = its manifest."""
    with translation.override("en"):
        titles = titles or home_titles(client)
        values = values or {figure.key: figure.value for figure in headline_figures()}
        for key in keys:
            figure = BY_KEY[key]
            body, header, rows = download(client, reverse("portal:figure-csv", args=[key]))
            total = rebuilt(figure, header, rows)
            assert total == values[key], key
            assert shown(figure, total) == titles[key], key
            page = client.get(reverse("portal:figure", args=[key])).content.decode()
            assert f'id="record-count">{exact_number(len(rows))}<' in page
            manifest = json.loads(client.get(reverse("portal:figure-manifest", args=[key])).content)
            assert manifest["rows"] == len(rows)
            assert manifest["sha256"] == hashlib.sha256(body).hexdigest()
            assert manifest["rebuilt_value"] == manifest["value"] == str(values[key])


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data for this module, rolled back after it (edits below included)."""
    from apps.portal.demo.build import Demo

    with django_db_blocker.unblock(), transaction.atomic():
        Demo(as_of=DEMO_AS_OF).build(accounts=False)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_figures(demo, django_db_blocker, tmp_path_factory):
    """What the home page shows on the demo data, read once: exact values and computed ones."""
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    with (
        django_db_blocker.unblock(),
        translation.override("en"),
        override_settings(STORAGES=storages, STATIC_ROOT=tmp_path_factory.mktemp("static")),
    ):
        return home_titles(Client()), {figure.key: figure.value for figure in headline_figures()}


@pytest.mark.parametrize("key", KEYS)
def test_download_adds_up_to_the_figure_on_the_demo_data(demo_figures, client, key):
    titles, values = demo_figures
    check_agreement(client, [key], titles, values)


def test_download_and_figure_agree_again_after_staff_edits(demo, client):
    period = reporting_period()
    inside = date(period.end.year - 1, 6, 1)
    fund = Fund.objects.filter(kind=FundKind.NAMED).order_by("pk").first()
    donor = f.make_donor()
    added = donation_record(
        donor=donor,
        kind=DonationKind.GOODS,
        amount=Decimal("1234.56"),
        received_on=inside,
        fund=fund,
        purpose=Purpose.EPIDEMIC,
        goods_description="口罩",
    )
    voided = Donation.objects.valid().received_between(period.start, period.end).first()
    donation_void(donation=voided, reason="duplicate receipt", user=None)
    f.make_aed(installed_on=inside)
    f.make_activity(held_on=inside, beneficiaries=17)
    f.make_organization(kind=OrganizationKind.RESCUE_TEAM)

    assert Donation.objects.valid().filter(pk=added.pk).exists()
    check_agreement(
        client,
        ["F3", "F4", "F6", "F13", "F14", "F16.total", "F22.activities", "F22.beneficiaries"],
    )


def test_figure_page_says_what_is_counted_the_period_and_the_as_of(demo, client, english):
    figure = BY_KEY["F13"]
    response = client.get(reverse("portal:figure", args=["F13"]))
    html = response.content.decode()
    assert escape(str(figure.counts)) in html
    assert "Voided receipts" in html
    assert reporting_period().start.isoformat() in html
    as_of = figure.data_as_of(reporting_period())
    assert as_of is not None
    assert f'id="data-as-of">{timezone.localtime(as_of):%Y-%m-%d %H:%M} (' in html
    assert reverse("portal:figure-csv", args=["F13"]) in html


def test_ratio_and_stored_figures_say_how_they_are_derived(demo, client, english):
    for key in ("F9", "F2.nationwide"):
        html = client.get(reverse("portal:figure", args=[key])).content.decode()
        assert escape(str(BY_KEY[key].derivation)) in html


def test_every_figure_on_the_home_page_links_to_its_explanation(demo, client, english):
    html = client.get(reverse("portal:home")).content.decode()
    for key in KEYS:
        assert f'href="{reverse("portal:figure", args=[key])}"' in html, key


def test_area_pages_link_their_figures_to_the_explanations(demo, client, english):
    for url, keys in [
        (reverse("donations:index"), ["F13", "F17", "F11"]),
        (reverse("training:index"), ["F7", "F9"]),
        (reverse("organizations:index"), ["F3", "F23.schools"]),
        (reverse("boai:index"), ["F20.homes", "F22.beneficiaries"]),
        (reverse("honors:index"), ["F1", "F24"]),
    ]:
        html = client.get(url).content.decode()
        for key in keys:
            assert f'href="{reverse("portal:figure", args=[key])}"' in html, (url, key)


@pytest.mark.parametrize("key", ["F3", "F13", "F14", "F17", "F19", "F22.beneficiaries"])
def test_figure_page_calls_its_selector_once_for_the_value_and_the_record_count(
    client, django_assert_num_queries, key
):
    # One read of the tally (or table) by the figure's selector, one of the last changes.
    with django_assert_num_queries(2):
        response = client.get(reverse("portal:figure", args=[key]))
    assert response.status_code == 200


def test_unknown_figure_or_dataset_is_not_found(client):
    assert client.get("/figures/F99/").status_code == 404
    assert client.get("/figures/F99/records.csv").status_code == 404
    assert client.get("/data/nothing.csv").status_code == 404
    assert client.get("/data/organizations.geojson").status_code == 404


def test_auditors_export_holds_the_same_rows_as_the_public_download(demo, client, tmp_path):
    # Both in the default language (Chinese), headers included.
    output = tmp_path / "f13.csv"
    call_command("export", "figure-f13", output=str(output))
    body, _header, _rows = download(client, reverse("portal:figure-csv", args=["F13"]))
    assert output.read_bytes() == body


# --- open data ---------------------------------------------------------------------------


def test_data_page_lists_every_figure_and_dataset_with_licence(demo, client, english):
    html = client.get(reverse("portal:data")).content.decode()
    for figure in FIGURES:
        assert reverse("portal:figure-csv", args=[figure.key]) in html
    for dataset in DATASETS:
        assert reverse("portal:dataset-csv", args=[dataset.name]) in html
        updated = dataset.data_as_of(reporting_period())
        assert updated is not None
    assert "CC BY 4.0" in html
    assert reverse("portal:dataset-geojson", args=["aed-sites"]) in html
    footer = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:data")}"' in footer


def test_aed_geojson_has_every_public_site(demo, client):
    from apps.portal.figures import public_aed_sites

    response = client.get(reverse("portal:dataset-geojson", args=["aed-sites"]))
    assert response.streaming
    collection = json.loads(b"".join(response.streaming_content))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == public_aed_sites().count()
    lng, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 119 < lng < 121 and 31 < lat < 32.5


@pytest.mark.parametrize("dataset", DATASETS, ids=[d.name for d in DATASETS])
def test_dataset_manifest_describes_the_download(demo, client, english, dataset):
    body, header, rows = download(client, reverse("portal:dataset-csv", args=[dataset.name]))
    assert header == dataset.headers
    manifest = json.loads(
        client.get(reverse("portal:dataset-manifest", args=[dataset.name])).content
    )
    assert manifest["rows"] == len(rows) == dataset.record_count(reporting_period())
    assert manifest["sha256"] == hashlib.sha256(body).hexdigest()
    for key, total in manifest["control_totals"].items():
        column = dataset.keys.index(key)
        assert Decimal(total) == sum((Decimal(row[column]) for row in rows), Decimal(0))


# --- no personal data --------------------------------------------------------------------

# Every column a public download may have: what the public pages already show.
PUBLIC_COLUMNS = {
    "id", "name", "kind", "district", "founded_on", "is_model_school", "members",
    "title", "level", "category", "conferred_on", "recipient_kind", "organization",
    "boai_home", "recipient_name", "units_nationwide", "units_in_province",
    "team", "started_on", "ended_on", "beneficiaries",
    "address", "latitude", "longitude", "venue_type", "indoor", "location_detail", "access",
    "opening_hours", "manufacturer", "device_model", "installed_on", "status",
    "issued_on", "session", "base", "starts_at", "place", "headcount",
    "baseline", "certified", "awareness", "trained", "population",
    "model_rating", "rated_on", "case_number", "donated_on", "recipients",
    "receipt_number", "received_on", "donor", "amount", "goods_description", "purpose",
    "fund", "project", "reference", "origin", "arrived_on", "description", "joined_on",
    "code", "partner", "established_on", "voucher_number", "paid_on", "region",
    "community", "opened_year", "excellent_year", "opened_on", "held_on", "home", "volunteers",
}  # fmt: skip
# Columns that hold an address: allowed only where the record is a place, never a person.
PLACE_ADDRESS_TABLES = {"aed-sites", "boai-homes", "figure-f6", "figure-f20-homes",
                        "figure-f20-excellent"}  # fmt: skip


@pytest.mark.parametrize("table", [*FIGURES, *DATASETS], ids=lambda t: t.name)
def test_download_columns_are_on_the_public_allow_list(table):
    assert set(table.keys) <= PUBLIC_COLUMNS
    if "address" in table.keys:
        assert table.name in PLACE_ADDRESS_TABLES


@pytest.fixture(scope="module")
def personal_values(demo, django_db_blocker):
    """Values of the demo data that are personal: they must appear in no public download."""
    from apps.aed.models import AedSite
    from apps.boai.models import BoaiHome
    from apps.donations.models import Donor, DonorKind
    from apps.honors.models import Honor
    from apps.organizations.models import Organization
    from apps.training.models import Trainee

    with django_db_blocker.unblock():
        # What the public pages show by right: people honored by name, and the addresses
        # of public places (the demo data's random streets sometimes match a donor's).
        public = set(Honor.objects.values_list("recipient_name", flat=True))
        public |= set(AedSite.objects.values_list("address", flat=True))
        public |= set(BoaiHome.objects.values_list("address", flat=True))
        named = set(
            Donation.objects.filter(is_anonymous=False)
            .exclude(donor__kind=DonorKind.PERSON)
            .values_list("donor__name", flat=True)
        )
        exact = set(Donor.objects.filter(kind=DonorKind.PERSON).values_list("name", flat=True))
        exact |= (
            set(Donation.objects.filter(is_anonymous=True).values_list("donor__name", flat=True))
            - named
        )
        exact |= set(Donor.objects.values_list("address", flat=True))
        exact |= set(Trainee.objects.values_list("name", flat=True))
        exact |= set(Trainee.objects.values_list("id_number_masked", flat=True))
        exact |= set(Organization.objects.values_list("contact_name", flat=True))
        digits = set()
        for phones in (
            Donor.objects.values_list("phone", flat=True),
            Trainee.objects.values_list("phone", flat=True),
            Organization.objects.values_list("contact_phone", flat=True),
        ):
            digits |= {"".join(c for c in p if c.isdigit()) for p in phones}
        exact -= public | {""}
        digits.discard("")
    assert exact and digits, "the demo data has personal values to look for"
    return exact, digits


def test_no_download_holds_personal_data(demo, client, personal_values):
    import re

    exact, digits = personal_values
    urls = [reverse("portal:figure-csv", args=[figure.key]) for figure in FIGURES]
    urls += [reverse("portal:dataset-csv", args=[dataset.name]) for dataset in DATASETS]
    for url in urls:
        body, _header, rows = download(client, url)
        cells = {cell for row in rows for cell in row}
        assert not cells & exact, url
        found = set(re.findall(r"\d{7,}", body.decode("utf-8-sig")))
        assert not found & digits, url


@pytest.mark.parametrize("key", ["F7", "F13"])
def test_big_downloads_read_their_rows_in_one_streamed_query(
    demo, client, django_assert_max_num_queries, key
):
    """However many rows (certified trainees run to millions at scale), one query streams them."""
    response = client.get(reverse("portal:figure-csv", args=[key]))
    with django_assert_max_num_queries(1):
        lines = sum(chunk.count(b"\r\n") for chunk in response.streaming_content)
    assert lines - 1 == BY_KEY[key].record_count(reporting_period()) > 1000


def test_area_pages_show_the_values_of_the_definitions(demo, client, english):
    """The area pages compute their figures with the same selectors: they must read alike."""
    from tests.portal.test_home import figure_text

    home = client.get(reverse("portal:home"))
    for name in ("honors", "organizations", "training", "donations", "boai"):
        page = client.get(reverse(f"{name}:index"))
        html = page.content.decode()
        keys = [key for key in KEYS if f'data-figure="{key}"' in html]
        assert keys, name
        for key in keys:
            assert figure_text(page, key) == figure_text(home, key), (name, key)
