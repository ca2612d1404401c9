"""The last change of each kind of record (apps/core/changes.py): what "data as of" reads."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.boai.models import VolunteerActivity
from apps.core.changes import last_change, last_changes, mark_all
from apps.core.models import LastChange
from apps.core.periods import reporting_period
from apps.donations.models import Donation
from apps.organizations.models import Organization
from apps.portal.figures import BY_KEY
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_committed_save_marks_its_model(django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        activity = f.make_activity()
    assert last_change([VolunteerActivity]) >= max(before, activity.updated_at)
    assert last_change([Donation]) is None


def test_a_deletion_moves_the_mark_although_no_record_left_changed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        kept, gone = f.make_activity(), f.make_activity()
    LastChange.objects.update(changed_at=kept.updated_at)
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    assert last_change([VolunteerActivity]) > kept.updated_at


def test_a_rolled_back_write_marks_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        f.make_activity()
        transaction.set_rollback(True)
    assert callbacks == []
    assert not LastChange.objects.exists()


def upserts(queries) -> int:
    return sum('INSERT INTO "core_lastchange"' in q["sql"] for q in queries.captured_queries)


def test_a_transaction_saving_many_records_upserts_their_mark_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        f.make_organization()
    earlier = timezone.now() - timedelta(days=1)
    LastChange.objects.update(changed_at=earlier)

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        organizations = [f.make_organization() for _ in range(5)]
        organizations[0].delete()

    assert upserts(queries) == 1
    assert last_change([Organization]) > max(o.updated_at for o in organizations) > earlier


def test_a_rolled_back_transaction_of_many_records_marks_nothing_and_the_next_one_does(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(3):
            f.make_organization()
        transaction.set_rollback(True)
    assert not LastChange.objects.exists()

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        f.make_organization()
    assert upserts(queries) == 1
    assert last_change([Organization]) is not None


def test_a_mark_dropped_with_a_savepoint_is_asked_for_again_by_the_next_write(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with transaction.atomic():
            f.make_organization()
            transaction.set_rollback(True)  # its mark goes with it
        kept = f.make_organization()
    assert last_change([Organization]) >= kept.updated_at


def test_a_savepoint_rolled_back_after_a_write_keeps_that_writes_mark(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = f.make_organization()
        with transaction.atomic():
            f.make_organization()
            transaction.set_rollback(True)
    assert last_change([Organization]) >= kept.updated_at


def test_mark_all_takes_each_tables_latest_update_after_a_bulk_load():
    activity = f.make_activity()  # never committed: as a COPY load, no signal ran
    old = activity.updated_at - timedelta(days=3)
    LastChange.objects.create(model="boai.VolunteerActivity", changed_at=old)
    mark_all(only_missing=True)
    assert last_change([VolunteerActivity]) == old  # present: left alone
    mark_all()
    assert last_change([VolunteerActivity]) == activity.updated_at


def test_figure_and_data_pages_read_no_big_table_for_their_counts_and_as_of(client):
    # The records behind F7, F13 and F22 grow to millions: their counts come from tallies
    # and their "data as of" from apps.core.changes, never from the tables themselves.
    f.make_trainee(), f.make_donation(), f.make_disbursement(), f.make_activity()
    mark_all()
    big = (
        "training_trainee",
        "donations_donation",
        "donations_disbursement",
        "boai_volunteeractivity",
    )
    for key in ("F7", "F8", "F13", "F14", "F17", "F22.activities", "F22.beneficiaries"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:figure", args=[key]))
        assert response.status_code == 200
        assert BY_KEY[key].data_as_of(reporting_period()) is not None
        reads = [q["sql"] for q in queries if any(f'FROM "{t}"' in q["sql"] for t in big)]
        assert reads == [], key


def test_the_latest_of_several_models_reads_the_same_from_one_query(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        f.make_organization()
    with django_capture_on_commit_callbacks(execute=True):
        f.make_activity()
    models = [Organization, VolunteerActivity, Donation]
    with django_assert_num_queries(1):
        known = last_changes()
        assert last_change(models, known) == last_change([VolunteerActivity], known)
    assert last_change(models, known) == last_change(models)
    assert last_change([Donation], known) is None
