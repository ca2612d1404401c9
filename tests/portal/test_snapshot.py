"""The reporting period's figures stored in one row (apps/portal/snapshot.py): the same
values as computing them, refreshed once by each committed write, and never trusted
when old."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.periods import Period, reporting_period
from apps.portal import snapshot
from apps.portal.models import FigureSnapshot
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _snapshot_on(settings):
    settings.FIGURE_SNAPSHOT_SECONDS = 60


def inside_period() -> date:
    period = reporting_period()
    return period.start.replace(year=period.start.year + 1)


def stored_value(key):
    return FigureSnapshot.objects.get().values["figures"][key]


def test_the_stored_row_gives_what_computing_gives_with_the_same_types():
    f.make_donation(amount=Decimal("1234.56"), received_on=inside_period())
    f.make_aed(installed_on=inside_period())
    period = reporting_period()

    computed = snapshot.refresh()
    read = snapshot.read(period)

    assert read == computed == snapshot.compute(period)
    assert read.figures["F13"] == Decimal("1234.56")
    assert isinstance(read.figures["F13"], Decimal)
    assert read.figures["F6"] == 1
    assert read.series["raised"] == [(inside_period().year, Decimal("1234.56"))]


def test_a_page_reads_one_row_instead_of_computing():
    snapshot.refresh()
    period = reporting_period()
    with CaptureQueriesContext(connection) as stored:
        snapshot.read(period)
    with CaptureQueriesContext(connection) as computed:
        snapshot.compute(period)
    assert len(stored) == 1
    assert len(computed) > 10


def snapshot_writes(queries) -> int:
    return sum(
        q["sql"].startswith("UPDATE") and "portal_figuresnapshot" in q["sql"]
        for q in queries.captured_queries
    )


def test_a_committed_write_refreshes_the_row_once(django_capture_on_commit_callbacks):
    snapshot.refresh()
    assert stored_value("F6") == 0

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        for _ in range(3):
            f.make_aed(installed_on=inside_period())

    assert snapshot_writes(queries) == 1
    assert stored_value("F6") == 3


def test_a_rolled_back_write_leaves_the_row(django_capture_on_commit_callbacks):
    snapshot.refresh()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        f.make_aed(installed_on=inside_period())
        transaction.set_rollback(True)
    assert snapshot_writes(queries) == 0


def test_counting_the_tallies_again_refreshes_the_row():
    snapshot.refresh()
    FigureSnapshot.objects.update(values={"figures": {}, "series": {}})
    call_command("tallies", stdout=io.StringIO())
    assert stored_value("F6") == 0


def test_the_demo_build_stores_the_row():
    from apps.portal.demo.build import Demo

    Demo(as_of=date(2024, 10, 31)).build(accounts=False)
    assert stored_value("F6") > 0
    with CaptureQueriesContext(connection) as queries:
        stored = snapshot.read(reporting_period())
    assert len(queries) == 1  # the row, fresh
    assert stored == snapshot.compute(reporting_period())


def test_an_old_row_is_computed_again_and_stored(settings):
    snapshot.refresh()
    aed = f.make_aed(installed_on=inside_period())  # not committed: the row missed it
    assert snapshot.read(reporting_period()).figures["F6"] == 0

    FigureSnapshot.objects.update(
        computed_at=timezone.now() - timedelta(seconds=settings.FIGURE_SNAPSHOT_SECONDS + 1)
    )

    assert snapshot.read(reporting_period()).figures["F6"] == 1
    assert stored_value("F6") == 1
    assert aed.pk is not None


def test_the_first_read_stores_the_row():
    assert not FigureSnapshot.objects.exists()
    figures = snapshot.read(reporting_period()).figures
    assert FigureSnapshot.objects.get().values["figures"] == {
        key: (str(value) if isinstance(value, Decimal) else value) for key, value in figures.items()
    }


def test_another_period_is_computed_and_not_stored():
    f.make_aed(installed_on=date(2010, 6, 1))
    other = Period(date(2010, 1, 1), date(2010, 12, 31))
    assert snapshot.read(other).figures["F6"] == 1
    assert not FigureSnapshot.objects.exists()


def test_turned_off_nothing_is_stored(settings, client):
    settings.FIGURE_SNAPSHOT_SECONDS = 0
    assert snapshot.refresh() is None
    f.make_aed(installed_on=inside_period())
    assert snapshot.read(reporting_period()).figures["F6"] == 1
    assert client.get("/").status_code == 200
    assert not FigureSnapshot.objects.exists()


def test_the_home_page_shows_the_stored_figures(client):
    f.make_aed(installed_on=inside_period())
    snapshot.refresh()
    FigureSnapshot.objects.update(
        values={
            **FigureSnapshot.objects.get().values,
            "figures": {**FigureSnapshot.objects.get().values["figures"], "F6": 4321},
        }
    )
    html = client.get("/en/").content.decode()
    assert 'data-figure="F6">\n      <span class="figure-value" title="4,321">' in html


@pytest.mark.parametrize("path, budget", [("/", 2), ("/data/", 2)])
def test_pages_of_every_figure_read_the_row_and_little_else(
    client, django_assert_max_num_queries, path, budget
):
    f.make_aed(installed_on=inside_period())
    f.make_honor()
    snapshot.refresh()
    with django_assert_max_num_queries(budget):
        assert client.get(path).status_code == 200


def test_a_refresh_that_fails_leaves_the_committed_write_alone(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    snapshot.refresh()

    def broken(period, **kwargs):
        raise RuntimeError("tally unreadable")

    monkeypatch.setattr(snapshot, "compute", broken)
    with django_capture_on_commit_callbacks(execute=True):
        aed = f.make_aed(installed_on=inside_period())

    assert aed.pk is not None
    assert stored_value("F6") == 0  # the old row stays, until it is too old
    assert "tally unreadable" in caplog.text


def test_a_view_that_cannot_store_the_row_still_answers(monkeypatch, caplog):
    from django.db import OperationalError

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(snapshot, "refresh", locked)
    f.make_aed(installed_on=inside_period())
    assert snapshot.read(reporting_period()).figures["F6"] == 1
    assert "figure snapshot not stored" in caplog.text
