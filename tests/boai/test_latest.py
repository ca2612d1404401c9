"""Each Boai home keeps its latest star rating (apps.boai.latest), through every write."""

import importlib
import io
from datetime import date

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.boai.latest import refresh_homes
from apps.boai.models import BoaiHome, StarRating
from apps.boai.selectors import boai_home_list, boai_homes_by_district, boai_homes_in_bbox
from tests.factories import district, make_boai_home, make_rating

pytestmark = pytest.mark.django_db

NONE = (None, None)


def latest(home):
    """The home's columns as stored: (latest stars, latest rating year)."""
    return (
        BoaiHome.objects.filter(pk=home.pk).values_list("latest_stars", "latest_rating_year").get()
    )


def rate(home, year, stars, **fields):
    return make_rating(home=home, year=year, stars=stars, **fields)


def test_a_home_never_rated_has_no_latest_rating():
    assert latest(make_boai_home()) == NONE


def test_the_latest_rating_follows_each_new_rating_latest_by_year_not_by_entry():
    home = make_boai_home()
    rate(home, 2021, 2)
    assert latest(home) == (2, 2021)
    rate(home, 2023, 5)
    assert latest(home) == (5, 2023)
    rate(home, 2022, 1)  # entered late, older
    assert latest(home) == (5, 2023)


def test_an_edit_of_the_latest_ratings_stars_shows():
    home = make_boai_home()
    rate(home, 2022, 3)
    newest = rate(home, 2023, 4)
    newest.stars = 2
    newest.save()
    assert latest(home) == (2, 2023)


def test_an_older_rating_moved_past_the_latest_takes_its_place():
    home = make_boai_home()
    older = rate(home, 2021, 3)
    rate(home, 2022, 5)
    older.year = 2024
    older.save()
    assert latest(home) == (3, 2024)


def test_the_latest_rating_moved_back_a_year_gives_way_to_the_one_after_it():
    home = make_boai_home()
    newest = rate(home, 2023, 5)
    rate(home, 2022, 2)
    newest.year = 2021
    newest.save()
    assert latest(home) == (2, 2022)


def test_deleting_the_latest_falls_back_to_the_one_before():
    home = make_boai_home()
    rate(home, 2022, 3)
    newest = rate(home, 2023, 5)
    newest.delete()
    assert latest(home) == (3, 2022)


def test_deleting_an_older_rating_keeps_the_latest():
    home = make_boai_home()
    older = rate(home, 2022, 3)
    rate(home, 2023, 5)
    older.delete()
    assert latest(home) == (5, 2023)


def test_deleting_the_last_rating_leaves_no_latest_rating():
    home = make_boai_home()
    rate(home, 2023, 5).delete()
    assert latest(home) == NONE


def test_deleting_ratings_as_a_queryset_updates_each_home():
    home = make_boai_home()
    rate(home, 2022, 3)
    rate(home, 2023, 5)
    StarRating.objects.filter(home=home).delete()
    assert latest(home) == NONE


def test_moving_a_rating_to_another_home_updates_both():
    first, second = make_boai_home(), make_boai_home()
    rate(first, 2022, 3)
    moved = rate(first, 2023, 5)
    rate(second, 2022, 1)
    moved.home = second
    moved.save()
    assert latest(first) == (3, 2022)
    assert latest(second) == (5, 2023)


def test_moving_the_only_rating_away_leaves_no_latest_rating():
    first, second = make_boai_home(), make_boai_home()
    moved = rate(first, 2023, 4)
    moved.home = second
    moved.save()
    assert latest(first) == NONE
    assert latest(second) == (4, 2023)


def test_a_home_read_before_a_rating_cannot_save_a_stale_latest_rating():
    home = make_boai_home()
    rate(home, 2023, 5)
    assert home.latest_stars is None  # this instance was read before
    home.community = "新社区"
    home.save()
    assert latest(home) == (5, 2023)
    assert BoaiHome.objects.get(pk=home.pk).community == "新社区"


def test_a_save_that_leaves_the_columns_out_does_not_recount_them():
    home = make_boai_home()
    rate(home, 2023, 5)
    home.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        home.save(update_fields=["community"])
    assert not [q for q in queries if "boai_starrating" in q["sql"]]


def test_a_write_costs_one_update_of_its_home_on_sqlite_a_lock_more_on_postgresql():
    home = make_boai_home()
    with CaptureQueriesContext(connection) as queries:
        rate(home, 2023, 5)
    home_writes = [q["sql"] for q in queries if 'UPDATE "boai_boaihome"' in q["sql"]]
    locks = [q["sql"] for q in queries if "FOR NO KEY UPDATE" in q["sql"]]
    assert len(home_writes) == 1
    assert len(locks) == (1 if connection.vendor == "postgresql" else 0)


def test_a_failed_write_leaves_the_latest_rating_as_it_was():
    home = make_boai_home()
    rate(home, 2022, 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        rate(home, 2023, 5)
        raise RuntimeError
    assert latest(home) == (3, 2022)


def test_deleting_a_home_deletes_its_ratings_without_updating_it():
    home = make_boai_home()
    rate(home, 2022, 3)
    rate(home, 2023, 5)
    with CaptureQueriesContext(connection) as queries:
        home.delete()
    assert not [q for q in queries if 'UPDATE "boai_boaihome"' in q["sql"]]
    assert not StarRating.objects.exists()


def test_the_database_refuses_stars_outside_one_to_five():
    home = make_boai_home()
    with pytest.raises(IntegrityError), transaction.atomic():
        BoaiHome.objects.filter(pk=home.pk).update(latest_stars=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        BoaiHome.objects.filter(pk=home.pk).update(latest_stars=0)


def test_refresh_homes_recounts_after_a_load_that_bypassed_save():
    home, other = make_boai_home(), make_boai_home()
    rate(home, 2023, 5)
    BoaiHome.objects.update(latest_stars=1, latest_rating_year=2000)
    assert refresh_homes() == 2
    assert latest(home) == (5, 2023)
    assert latest(other) == NONE


def test_refresh_homes_of_no_home_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_homes([]) == 0


def test_the_tallies_command_sets_the_columns_again_after_a_load_behind_djangos_back():
    home = make_boai_home()
    StarRating.objects.bulk_create(  # as COPY would: no save(), no signal
        [
            StarRating(
                home=home,
                year=2023,
                stars=4,
                reviewed_on=date(2023, 12, 1),
                reviewed_by="评审组",
            )
        ]
    )
    assert latest(home) == NONE
    call_command("tallies", stdout=io.StringIO())
    assert latest(home) == (4, 2023)


# --- the star filter reads the columns ------------------------------------------------------


def test_the_star_filter_of_the_list_and_the_map_follows_a_changed_rating(client):
    home = make_boai_home(name="会变的家园", district=district("liangxi"))
    rating = rate(home, 2023, 4)
    box = "119.3,31.0,120.9,32.2"

    def listed(stars):
        response = client.get(reverse("boai:index"), {"stars": stars})
        return [h.name for h in response.context["page_obj"]]

    def mapped(stars):
        response = client.get(reverse("boai:geojson"), {"bbox": box, "stars": stars})
        return [f["properties"]["name"] for f in response.json()["features"]]

    assert listed("4") == mapped("4") == ["会变的家园"]
    rating.stars = 2
    rating.save()
    assert listed("4") == mapped("4") == []
    assert listed("2") == mapped("2") == ["会变的家园"]


def test_the_star_filter_looks_up_no_rating():
    home = make_boai_home(district=district("liangxi"))
    rate(home, 2023, 4)
    districts = list(boai_homes_by_district())
    with CaptureQueriesContext(connection) as queries:
        listed = list(boai_home_list(stars=4, districts=districts))
        mapped = list(
            boai_homes_in_bbox((119.3, 31.0, 120.9, 32.2), district=district("liangxi"), stars=4)
        )
    assert [h.pk for h in listed] == [row[0] for row in mapped] == [home.pk]
    assert not [q for q in queries if "boai_starrating" in q["sql"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_the_star_filter_reads_the_index_of_active_homes_by_stars():
    for n in range(60):  # a district where few homes have four stars
        rate(make_boai_home(district=district("liangxi")), 2023, 4 if n % 10 == 0 else 3)
    districts = list(boai_homes_by_district())
    listed = boai_home_list(district_code="liangxi", stars=4, excellent=False, districts=districts)
    mapped = boai_homes_in_bbox(
        (119.3, 31.0, 120.9, 32.2), district=district("liangxi"), stars=4, excellent=False
    )
    with connection.cursor() as cursor:
        # A table this small would be read whole; the plan for a large one is asked.
        cursor.execute("ANALYZE boai_boaihome")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = [listed[2:4].explain(), mapped[:1001].explain()]
    for plan in plans:
        assert "boai_home_active_stars" in plan
    assert "Sort" not in plans[0]  # the page comes in name order from the index


# --- the migration that brought the columns -----------------------------------------------

MIGRATION = importlib.import_module("apps.boai.migrations.0009_latest_rating_on_home")


def test_migration_fills_every_home_from_its_latest_rating_in_batches(monkeypatch):
    never = make_boai_home()
    once = make_boai_home()
    rate(once, 2022, 3)
    twice = make_boai_home()
    rate(twice, 2023, 2)
    rate(twice, 2021, 5)  # entered later, older
    closed = make_boai_home(is_active=False)
    rate(closed, 2021, 1)
    # As a database holds them before the migration: no latest rating on any home.
    BoaiHome.objects.update(latest_stars=None, latest_rating_year=None)
    monkeypatch.setattr(MIGRATION, "BATCH", 2)

    with CaptureQueriesContext(connection) as queries:
        MIGRATION.copy_latest_rating(apps, None)

    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 2  # four homes, two a batch
    assert latest(never) == NONE
    assert latest(once) == (3, 2022)
    assert latest(twice) == (2, 2023)
    assert latest(closed) == (1, 2021)


# --- through the admin ---------------------------------------------------------------------


def _rating_form(rating, **changes):
    return {
        "home": rating.home_id,
        "year": rating.year,
        "stars": rating.stars,
        "reviewed_on": rating.reviewed_on.isoformat(),
        "reviewed_by": rating.reviewed_by,
        "scores-TOTAL_FORMS": "0",
        "scores-INITIAL_FORMS": "0",
        "scores-MIN_NUM_FORMS": "0",
        "scores-MAX_NUM_FORMS": "1000",
        **changes,
    }


def test_a_rating_added_in_its_admin_shows_on_the_home(superuser_client):
    home = make_boai_home()
    older = rate(home, 2022, 3)
    data = _rating_form(older, year=2023, stars=5)
    response = superuser_client.post(reverse("admin:boai_starrating_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert latest(home) == (5, 2023)


def test_a_rating_moved_to_another_home_in_its_admin_updates_both(superuser_client):
    first, second = make_boai_home(), make_boai_home()
    rate(first, 2022, 3)
    moved = rate(first, 2023, 5)
    url = reverse("admin:boai_starrating_change", args=[moved.pk])
    response = superuser_client.post(url, _rating_form(moved, home=second.pk, stars=4))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert latest(first) == (3, 2022)
    assert latest(second) == (4, 2023)


def test_a_rating_deleted_in_its_admin_leaves_the_one_before(superuser_client):
    home = make_boai_home()
    rate(home, 2022, 3)
    newest = rate(home, 2023, 5)
    url = reverse("admin:boai_starrating_delete", args=[newest.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert latest(home) == (3, 2022)


def test_the_home_admin_shows_the_latest_rating_without_inputs_for_it(superuser_client):
    home = make_boai_home(opened_year=2019)
    rate(home, 2023, 4)
    html = superuser_client.get(reverse("admin:boai_boaihome_change", args=[home.pk]))
    html = html.content.decode()
    assert '<div class="readonly">4</div>' in html
    assert '<div class="readonly">2023</div>' in html
    for field in ("latest_stars", "latest_rating_year"):
        assert f"field-{field}" in html
        assert f'name="{field}"' not in html
