"""Services shared by every area."""

import pytest
from django.db import transaction

from apps.core.services import on_commit_once

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_a_callback_asked_for_many_times_runs_once_per_commit():
    ran = []

    def callback():
        ran.append(1)

    with transaction.atomic():
        for _ in range(5):
            on_commit_once(callback)
    assert ran == [1]

    with transaction.atomic():
        on_commit_once(callback)
    assert ran == [1, 1]

    on_commit_once(callback)  # no transaction: at once
    assert ran == [1, 1, 1]


def test_a_callback_dropped_with_its_savepoint_is_asked_for_again(
    django_capture_on_commit_callbacks,
):
    ran = []

    def callback():
        ran.append(1)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with transaction.atomic():
            on_commit_once(callback)
            transaction.set_rollback(True)
        on_commit_once(callback)
    assert ran == [1]


def test_a_rolled_back_transaction_runs_nothing(django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        on_commit_once(lambda: ran.append(1))
        transaction.set_rollback(True)
    assert ran == []


def test_a_callback_that_has_run_is_asked_for_again(django_capture_on_commit_callbacks):
    ran = []

    def callback():
        ran.append(1)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            on_commit_once(callback)
            on_commit_once(callback)
    assert ran == [1, 1]
