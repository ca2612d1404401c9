"""The demo dataset: it reproduces every figure of the article (docs/source/figures.json),
and gives one working staff account per group."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from apps.aed.models import AedSite
from apps.aed.newest import refresh_sites
from apps.boai.latest import refresh_homes
from apps.boai.models import BoaiHome, StarRating
from apps.core.templatetags.figures import short_number
from apps.portal.demo.build import DEMO_ACCOUNTS, DEMO_PASSWORD, RECEIVED, Demo
from apps.portal.selectors import headline_figures
from tests.factories import make_aed, make_boai_home
from tests.portal.test_home import figure_text

FIGURES = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "source" / "figures.json").read_text("utf-8")
)["figures"]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def computed(demo_data, django_db_blocker):
    """Figure id -> the values computed from the records, in the order of the article."""
    with django_db_blocker.unblock():
        figures = headline_figures()
    values: dict[str, list] = {}
    for figure in figures:
        values.setdefault(figure.key.split(".")[0], []).append(figure.value)
    return values


@pytest.mark.parametrize("reference", FIGURES, ids=[f["id"] for f in FIGURES])
def test_demo_data_reproduces_figure(reference, computed):
    expected = reference["value"] if isinstance(reference["value"], list) else [reference["value"]]
    actual = computed[reference["id"]]
    assert len(actual) == len(expected)
    for value, target in zip(actual, expected, strict=True):
        target = Decimal(str(target))
        if reference["kind"] == "exact":
            assert Decimal(value) == target
        else:
            # "More than" figures (…余): at least the figure, and below the next step up.
            assert target <= Decimal(value) < target * Decimal("1.1")


@pytest.mark.parametrize("reference", [f for f in FIGURES if "display" in f], ids=lambda f: f["id"])
def test_demo_figure_reads_as_in_the_article(reference, computed):
    (value,) = computed[reference["id"]]
    with translation.override("zh-hans"):
        shown = f"{value}%" if reference["display"].endswith("%") else short_number(value)
    assert shown == reference["display"]


def test_demo_money_totals_are_exact_to_the_fen(computed):
    """Sums of many amounts stay exact on every database (no floating point on the way)."""
    (raised,) = computed["F13"]
    assert isinstance(raised, Decimal)
    assert raised == sum(RECEIVED.values())
    assert raised.as_tuple().exponent == -2


@pytest.mark.parametrize(("username", "group"), list(DEMO_ACCOUNTS.items()))
def test_demo_account_logs_into_the_admin(demo_data, client, username, group):
    index = reverse("admin:index")
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": DEMO_PASSWORD, "next": index},
    )
    assert response.status_code == 302
    assert client.get(index).status_code == 200
    user = get_user_model().objects.get(username=username)
    assert [g.name for g in user.groups.all()] == ([group] if group else [])


def test_home_shows_the_article_figures_from_the_demo_data(demo_data, client):
    response = client.get("/")
    assert figure_text(response, "F7") == "11.36万"
    assert figure_text(response, "F13") == "¥4.24亿"


def test_copy_text_lines_hold_the_same_rows_as_the_tuples(db):
    """PostgreSQL loads the two largest tables from text lines: the same rows, same draws."""
    from types import SimpleNamespace

    from apps.core.bulk import copy_text

    def as_lines(rows):
        return ["\t".join(copy_text(value) for value in row) + "\tEND" for row in rows]

    rosters = [(1, date(2021, 5, 1), 3), (2, date(2024, 2, 29), 4)]
    made, written = Demo(seed=5), Demo(seed=5)
    for demo in (made, written):
        demo.homes = [SimpleNamespace(pk=7, district_id=demo.districts[0].pk)]
    tuples = list(made._trainees(rosters))
    lines = "".join(text for text, _n in written._trainees(rosters, suffix="\tEND\n"))
    assert lines.splitlines() == as_lines(tuples) and len(tuples) == 7
    assert tuples[-1][5:] == ("WX202400000007", date(2024, 2, 29), date(2027, 2, 27))
    people = [5, 8, 13]
    tuples = list(made._activities(people))
    lines = "".join(text for text, _n in written._activities(people, suffix="\tEND\n"))
    assert lines.splitlines() == as_lines(tuples)
    assert [row[-1] for row in tuples] == people


def test_demo_sites_hold_what_the_upkeep_of_their_newest_inspection_would_set(demo_data):
    """The build writes the sites' newest-inspection columns itself, past save()."""
    columns = ("pk", "last_inspected_on", "last_result", "battery_expires_on", "pads_expire_on")
    built = list(AedSite.objects.order_by("pk").values_list(*columns))
    refresh_sites()
    assert list(AedSite.objects.order_by("pk").values_list(*columns)) == built
    results = {row[2] for row in built}
    assert {"pass", "fault"} <= results  # devices under repair failed their last check
    assert make_aed().pk > built[-1][0]  # the ids given by the build are behind the sequence


def test_demo_homes_hold_their_latest_rating_as_the_upkeep_would_set_it(demo_data):
    """The build writes the homes' latest-rating columns itself, past save()."""
    columns = ("pk", "latest_stars", "latest_rating_year")
    built = list(BoaiHome.objects.order_by("pk").values_list(*columns))
    from_ratings = {}
    for home_id, year, stars in StarRating.objects.order_by("year").values_list(
        "home_id", "year", "stars"
    ):
        from_ratings[home_id] = (stars, year)
    assert [row[1:] for row in built] == [from_ratings.get(row[0], (None, None)) for row in built]
    refresh_homes()
    assert list(BoaiHome.objects.order_by("pk").values_list(*columns)) == built
    assert {row[1] for row in built} == {1, 2, 3, 4, 5}
    assert make_boai_home().pk > built[-1][0]  # the ids given by the build are behind the sequence
