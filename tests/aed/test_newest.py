"""Each site keeps its newest inspection's facts (apps.aed.newest), through every write."""

import importlib
import io
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.aed.models import AedInspection, AedSite, DeviceStatus, InspectionResult
from apps.aed.newest import refresh_sites
from tests.factories import aed_site_form, make_aed, make_inspection

pytestmark = pytest.mark.django_db

NONE = (None, None, None, None)


def facts(site):
    """The site's columns as stored: (last inspected on, last result, battery, pads)."""
    return (
        AedSite.objects.filter(pk=site.pk)
        .values_list("last_inspected_on", "last_result", "battery_expires_on", "pads_expire_on")
        .get()
    )


def of(inspection):
    """What a site's columns hold when `inspection` is its newest."""
    return (
        inspection.inspected_on,
        inspection.result,
        inspection.battery_expires_on,
        inspection.pads_expire_on,
    )


def inspect(site, day, **fields):
    return make_inspection(site=site, inspected_on=day, **fields)


def test_a_site_never_inspected_has_no_facts():
    assert facts(make_aed()) == NONE


def test_facts_follow_each_new_inspection_newest_by_date_not_by_entry():
    site = make_aed()
    april = inspect(site, date(2024, 4, 1), result=InspectionResult.MINOR)
    assert facts(site) == of(april)
    june = inspect(site, date(2024, 6, 1), battery_expires_on=date(2026, 1, 1))
    assert facts(site) == of(june)
    inspect(site, date(2024, 5, 1), result=InspectionResult.FAULT)  # entered late, older
    assert facts(site) == of(june)


def test_an_edit_of_the_newest_inspection_shows():
    site = make_aed()
    inspect(site, date(2024, 4, 1))
    newest = inspect(site, date(2024, 6, 1))
    newest.result = InspectionResult.FAULT
    newest.pads_expire_on = date(2024, 6, 30)
    newest.save()
    assert facts(site) == (date(2024, 6, 1), "fault", newest.battery_expires_on, date(2024, 6, 30))


def test_an_older_inspection_moved_past_the_newest_takes_its_place():
    site = make_aed()
    older = inspect(site, date(2024, 4, 1), result=InspectionResult.MINOR)
    inspect(site, date(2024, 6, 1))
    older.inspected_on = date(2024, 7, 1)
    older.save()
    assert facts(site) == of(older)


def test_deleting_the_newest_falls_back_to_the_one_before():
    site = make_aed()
    before = inspect(site, date(2024, 4, 1), result=InspectionResult.MINOR)
    newest = inspect(site, date(2024, 6, 1))
    newest.delete()
    assert facts(site) == of(before)


def test_deleting_an_older_inspection_keeps_the_newest():
    site = make_aed()
    older = inspect(site, date(2024, 4, 1))
    newest = inspect(site, date(2024, 6, 1))
    older.delete()
    assert facts(site) == of(newest)


def test_deleting_the_last_inspection_leaves_no_facts():
    site = make_aed()
    only = inspect(site, date(2024, 6, 1), result=InspectionResult.FAULT)
    only.delete()
    assert facts(site) == NONE


def test_deleting_inspections_as_a_queryset_updates_each_site():
    site = make_aed()
    inspect(site, date(2024, 4, 1))
    inspect(site, date(2024, 6, 1))
    AedInspection.objects.filter(site=site).delete()
    assert facts(site) == NONE


def test_moving_an_inspection_to_another_site_updates_both():
    first, second = make_aed(), make_aed()
    kept = inspect(first, date(2024, 4, 1))
    moved = inspect(first, date(2024, 6, 1), result=InspectionResult.MINOR)
    inspect(second, date(2024, 5, 1))
    moved.site = second
    moved.save()
    assert facts(first) == of(kept)
    assert facts(second) == of(moved)


def test_moving_the_only_inspection_away_leaves_no_facts():
    first, second = make_aed(), make_aed()
    moved = inspect(first, date(2024, 6, 1))
    moved.site = second
    moved.save()
    assert facts(first) == NONE
    assert facts(second) == of(moved)


def test_a_site_read_before_an_inspection_cannot_save_stale_facts():
    site = make_aed()
    newest = inspect(site, date(2024, 6, 1))
    assert site.last_inspected_on is None  # this instance was read before
    site.status = DeviceStatus.REPAIR
    site.save()
    assert facts(site) == of(newest)
    assert AedSite.objects.get(pk=site.pk).status == DeviceStatus.REPAIR


def test_a_save_that_leaves_the_facts_out_does_not_recount_them():
    site = make_aed()
    inspect(site, date(2024, 6, 1))
    site.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        site.save(update_fields=["keeper"])
    assert not [q for q in queries if "aed_aedinspection" in q["sql"]]


def test_a_write_costs_one_update_of_its_site_on_sqlite_a_lock_more_on_postgresql():
    site = make_aed()
    with CaptureQueriesContext(connection) as queries:
        inspect(site, date(2024, 6, 1))
    site_writes = [q["sql"] for q in queries if 'UPDATE "aed_aedsite"' in q["sql"]]
    locks = [q["sql"] for q in queries if "FOR NO KEY UPDATE" in q["sql"]]
    assert len(site_writes) == 1
    assert len(locks) == (1 if connection.vendor == "postgresql" else 0)


def test_a_failed_write_leaves_the_facts_as_they_were():
    site = make_aed()
    kept = inspect(site, date(2024, 6, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        inspect(site, date(2024, 7, 1))
        raise RuntimeError
    assert facts(site) == of(kept)


def test_deleting_a_site_deletes_its_inspections_without_updating_it():
    site = make_aed()
    inspect(site, date(2024, 4, 1))
    inspect(site, date(2024, 6, 1))
    with CaptureQueriesContext(connection) as queries:
        site.delete()
    assert not [q for q in queries if 'UPDATE "aed_aedsite"' in q["sql"]]
    assert not AedInspection.objects.exists()


def test_refresh_sites_recounts_after_a_load_that_bypassed_save():
    site, other = make_aed(), make_aed()
    newest = inspect(site, date(2024, 6, 1))
    AedSite.objects.update(last_inspected_on=date(2000, 1, 1), last_result="fault")
    assert refresh_sites() == 2
    assert facts(site) == of(newest)
    assert facts(other) == NONE


def test_refresh_sites_of_no_site_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_sites([]) == 0


# --- the migration that brought the columns -----------------------------------------------

MIGRATION = importlib.import_module("apps.aed.migrations.0008_newest_inspection_on_site")


def test_migration_fills_every_site_from_its_newest_inspection():
    today = date(2024, 6, 1)
    cases = {
        "never": make_aed(),
        "one": make_aed(),
        "two": make_aed(),
        "fault-newest": make_aed(),
        "retired": make_aed(status=DeviceStatus.RETIRED),
    }
    newest = {
        "one": inspect(cases["one"], today),
        "two": [
            inspect(cases["two"], today - timedelta(days=100)),
            inspect(cases["two"], today - timedelta(days=10), result=InspectionResult.MINOR),
        ][-1],
        "fault-newest": [
            inspect(cases["fault-newest"], today - timedelta(days=30)),
            inspect(cases["fault-newest"], today, result=InspectionResult.FAULT),
        ][-1],
        "retired": inspect(cases["retired"], today - timedelta(days=400)),
    }
    # As a database holds them before the migration: no facts on any site.
    AedSite.objects.update(
        last_inspected_on=None, last_result=None, battery_expires_on=None, pads_expire_on=None
    )

    with CaptureQueriesContext(connection) as queries:
        MIGRATION.copy_newest_inspection(apps, None)

    assert [q["sql"].split()[0] for q in queries] == ["UPDATE"]  # one statement
    assert facts(cases["never"]) == NONE
    for case, inspection in newest.items():
        assert facts(cases[case]) == of(inspection), case


# --- through the admin ---------------------------------------------------------------------


def test_an_inspection_added_in_the_sites_inline_shows_on_the_site(superuser_client):
    site = make_aed()
    inspect(site, date(2024, 4, 1))
    url = reverse("admin:aed_aedsite_change", args=[site.pk])
    data = aed_site_form(site, [(date(2024, 6, 1), "minor")])
    data |= {"last_result": "fault", "last_inspected_on": "2030-01-01"}  # not fields: ignored
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    newest = AedInspection.objects.get(site=site, inspected_on=date(2024, 6, 1))
    assert facts(site) == of(newest)


def test_the_site_admin_shows_the_facts_without_inputs_for_them(superuser_client):
    site = make_aed()
    inspect(site, date(2024, 6, 1), result=InspectionResult.MINOR)
    html = superuser_client.get(reverse("admin:aed_aedsite_change", args=[site.pk])).content
    html = html.decode()
    assert str(InspectionResult.MINOR.label) in html
    assert "2024-06-01" in html or "2024年6月1日" in html
    for field in ("last_inspected_on", "last_result", "battery_expires_on", "pads_expire_on"):
        assert f'name="{field}"' not in html


def test_an_inspection_moved_to_another_site_in_its_admin_updates_both(superuser_client):
    first, second = make_aed(), make_aed()
    kept = inspect(first, date(2024, 4, 1))
    moved = inspect(first, date(2024, 6, 1))
    url = reverse("admin:aed_aedinspection_change", args=[moved.pk])
    data = {
        "site": second.pk,
        "inspected_on": "2024-06-01",
        "inspector": moved.inspector,
        "result": "fault",
        "battery_expires_on": moved.battery_expires_on.isoformat(),
        "pads_expire_on": moved.pads_expire_on.isoformat(),
        "notes": "",
    }
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    moved.refresh_from_db()
    assert facts(first) == of(kept)
    assert facts(second) == of(moved)
    assert facts(second)[1] == "fault"


def test_an_inspection_deleted_in_its_admin_leaves_the_one_before(superuser_client):
    site = make_aed()
    before = inspect(site, date(2024, 4, 1))
    newest = inspect(site, date(2024, 6, 1))
    url = reverse("admin:aed_aedinspection_delete", args=[newest.pk])
    assert superuser_client.post(url, {"post": "yes"}).status_code == 302
    assert facts(site) == of(before)


def test_the_tallies_command_sets_the_facts_again_after_a_load_behind_djangos_back():
    site = make_aed()
    [loaded] = AedInspection.objects.bulk_create(  # as COPY would: no save(), no signal
        [
            AedInspection(
                site=site,
                inspected_on=date(2024, 6, 1),
                inspector="检查员",
                result=InspectionResult.MINOR,
                battery_expires_on=date(2026, 1, 1),
                pads_expire_on=date(2025, 1, 1),
            )
        ]
    )
    assert facts(site) == NONE
    call_command("tallies", stdout=io.StringIO())
    assert facts(site) == of(loaded)
