from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.training.models import (
    ModelRating,
    SessionKind,
    Trainee,
    TrainingSession,
)
from tests.factories import (
    SHANGHAI,
    district,
    make_session,
    make_trainee,
    make_training_base,
    make_training_baseline,
)

pytestmark = pytest.mark.django_db


# --- constraints -------------------------------------------------------------------------


def test_training_base_name_is_unique():
    make_training_base(name="无锡市红十字急救培训中心")
    with pytest.raises(IntegrityError, match="name"), transaction.atomic():
        make_training_base(name="无锡市红十字急救培训中心")


@pytest.mark.parametrize("rating", [ModelRating.PROVINCIAL, ModelRating.NATIONAL])
def test_model_base_rating_without_a_date_is_rejected(rating):
    with pytest.raises(IntegrityError, match="training_base_rating_has_date"), transaction.atomic():
        make_training_base(model_rating=rating, rated_on=None)


def test_model_base_rating_with_a_date_and_unrated_base_without_one_are_accepted():
    assert make_training_base(model_rating=ModelRating.NATIONAL, rated_on=date(2022, 5, 1)).pk
    assert make_training_base(model_rating=ModelRating.NONE, rated_on=None).pk


@pytest.mark.parametrize("length", [timedelta(0), timedelta(hours=-1)], ids=["zero", "negative"])
def test_session_must_end_after_it_starts(length):
    starts_at = datetime(2023, 6, 1, 9, tzinfo=SHANGHAI)
    with (
        pytest.raises(IntegrityError, match="training_session_ends_after_start"),
        transaction.atomic(),
    ):
        make_session(starts_at=starts_at, ends_at=starts_at + length)


def test_certificate_number_is_unique():
    session = make_session()
    make_trainee(session=session, certificate_number="WX2023000001")
    with pytest.raises(IntegrityError, match="certificate_number"), transaction.atomic():
        make_trainee(session=session, certificate_number="WX2023000001")


def test_certificate_number_cannot_be_blank():
    session = make_session()
    with (
        pytest.raises(IntegrityError, match="training_certificate_number_required"),
        transaction.atomic(),
    ):
        make_trainee(session=session, certificate_number="")


@pytest.mark.parametrize(
    "expires_on", [date(2023, 6, 2), date(2023, 6, 1)], ids=["same-day", "before"]
)
def test_certificate_cannot_expire_before_issue(expires_on):
    session = make_session()
    with (
        pytest.raises(IntegrityError, match="training_certificate_expires_after_issue"),
        transaction.atomic(),
    ):
        make_trainee(session=session, issued_on=date(2023, 6, 2), expires_on=expires_on)


def test_certificate_expiry_cannot_be_moved_before_issue_by_update():
    trainee = make_trainee(issued_on=date(2023, 6, 2), expires_on=date(2026, 6, 1))
    with (
        pytest.raises(IntegrityError, match="training_certificate_expires_after_issue"),
        transaction.atomic(),
    ):
        Trainee.objects.filter(pk=trainee.pk).update(expires_on=date(2023, 1, 1))


def test_district_has_at_most_one_training_baseline():
    make_training_baseline(district=district("yixing"))
    assert make_training_baseline(district=district("jiangyin")).pk
    with pytest.raises(IntegrityError, match="district_id"), transaction.atomic():
        make_training_baseline(district=district("yixing"))


# --- querysets -------------------------------------------------------------------------------


def test_certified_and_awareness_select_their_kind():
    certified = make_session(kind=SessionKind.CERTIFIED)
    awareness = make_session(kind=SessionKind.AWARENESS)
    assert list(TrainingSession.objects.certified()) == [certified]
    assert list(TrainingSession.objects.awareness()) == [awareness]


def test_in_district_selects_that_district():
    yixing = make_session(district=district("yixing"))
    make_session(district=district("liangxi"))
    assert list(TrainingSession.objects.in_district(district("yixing"))) == [yixing]


def test_held_between_counts_days_in_wuxi_local_time():
    # 00:30 in Wuxi on 1 June is still 31 May in UTC.
    early = make_session(starts_at=datetime(2023, 6, 1, 0, 30, tzinfo=SHANGHAI))
    late = make_session(starts_at=datetime(2023, 6, 30, 23, 30, tzinfo=SHANGHAI))
    make_session(starts_at=datetime(2023, 5, 31, 23, 30, tzinfo=SHANGHAI))
    make_session(starts_at=datetime(2023, 7, 1, 0, 30, tzinfo=SHANGHAI))

    june = TrainingSession.objects.held_between(date(2023, 6, 1), date(2023, 6, 30))
    assert set(june) == {early, late}


def test_issued_between_includes_both_ends():
    session = make_session()
    days = [date(2022, 12, 31), date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 1)]
    for day in days:
        make_trainee(session=session, issued_on=day, expires_on=day + timedelta(days=1095))
    selected = Trainee.objects.issued_between(date(2023, 1, 1), date(2023, 12, 31))
    assert sorted(selected.values_list("issued_on", flat=True)) == days[1:3]


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (date(2023, 6, 1), False),
        (date(2023, 6, 2), True),
        (date(2026, 6, 1), True),
        (date(2026, 6, 2), False),
    ],
    ids=["before-issue", "issue-day", "expiry-day", "after-expiry"],
)
def test_valid_on_selects_certificates_valid_that_day(day, valid):
    trainee = make_trainee(issued_on=date(2023, 6, 2), expires_on=date(2026, 6, 1))
    assert list(Trainee.objects.valid_on(day)) == ([trainee] if valid else [])


# --- __str__ ---------------------------------------------------------------------------------


def test_str_contains_the_key_fields():
    base = make_training_base(name="惠山区急救实训基地")
    assert str(base) == "惠山区急救实训基地"

    session = make_session(title="救护员培训", starts_at=datetime(2023, 6, 1, 9, tzinfo=SHANGHAI))
    assert "救护员培训" in str(session)
    assert "2023-06-01" in str(session)

    trainee = make_trainee(session=session, name="李娜", certificate_number="WX2023000042")
    assert "WX2023000042" in str(trainee)

    baseline = make_training_baseline(district=district("binhu"), as_of=date(2019, 12, 31))
    assert "滨湖区" in str(baseline)
    assert "2019-12-31" in str(baseline)


def test_str_of_a_session_shows_its_local_date_after_reload():
    session = make_session(title="夜校", starts_at=datetime(2023, 6, 1, 0, 30, tzinfo=SHANGHAI))
    assert "2023-06-01" in str(TrainingSession.objects.get(pk=session.pk))


def test_trainee_on_an_awareness_session_fails_validation():
    trainee = Trainee(
        session=make_session(kind=SessionKind.AWARENESS),
        name="张三",
        certificate_number="WX-CLEAN-1",
        issued_on=date(2023, 6, 2),
        expires_on=date(2026, 6, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        trainee.full_clean()
    assert "session" in excinfo.value.message_dict
