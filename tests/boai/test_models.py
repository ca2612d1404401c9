from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.boai.models import (
    BoaiHome,
    CriterionScore,
    StarRating,
    VolunteerActivity,
    stars_for_score,
)
from tests.factories import (
    district,
    make_activity,
    make_boai_home,
    make_criterion,
    make_rating,
    make_score,
    make_service,
    make_service_site,
)

pytestmark = pytest.mark.django_db


# --- constraints -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "field", "value"),
    [
        (make_service, "name", "应急救护"),
        (make_boai_home, "name", "崇安寺街道博爱家园"),
        (make_criterion, "code", "facilities"),
        (make_service_site, "name", "鼋头渚景区急救站"),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_business_key_is_unique(make, field, value):
    make(**{field: value})
    with pytest.raises(IntegrityError, match=field), transaction.atomic():
        make(**{field: value})


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("latitude", Decimal("91"), "boai_home_latitude_range"),
        ("latitude", Decimal("-91"), "boai_home_latitude_range"),
        ("longitude", Decimal("181"), "boai_home_longitude_range"),
        ("longitude", Decimal("-181"), "boai_home_longitude_range"),
    ],
)
def test_home_coordinates_outside_wgs84_ranges_are_rejected(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        make_boai_home(**{field: value})


def test_home_cannot_be_named_excellent_before_it_opened():
    with (
        pytest.raises(IntegrityError, match="boai_home_excellent_after_opening"),
        transaction.atomic(),
    ):
        make_boai_home(opened_year=2020, excellent_year=2019)


@pytest.mark.parametrize("excellent_year", [None, 2020, 2023])
def test_home_named_excellent_in_or_after_its_opening_year_is_accepted(excellent_year):
    assert make_boai_home(opened_year=2020, excellent_year=excellent_year).pk


def test_criterion_maximum_must_be_positive():
    with pytest.raises(IntegrityError, match="boai_criterion_max_positive"), transaction.atomic():
        make_criterion(max_score=Decimal("0"))


def test_home_is_rated_once_a_year():
    home = make_boai_home()
    make_rating(home=home, year=2023)
    make_rating(home=home, year=2024)
    make_rating(year=2023)  # another home
    with pytest.raises(IntegrityError, match=r"home_id.*year"), transaction.atomic():
        make_rating(home=home, year=2023)


@pytest.mark.parametrize("stars", [0, 6])
def test_star_rating_outside_one_to_five_is_rejected(stars):
    home = make_boai_home()
    with pytest.raises(IntegrityError, match="boai_stars_one_to_five"), transaction.atomic():
        make_rating(home=home, stars=stars)


@pytest.mark.parametrize("stars", [1, 5])
def test_star_rating_at_one_and_five_is_accepted(stars):
    assert make_rating(stars=stars).pk


def test_star_rating_cannot_be_raised_above_five_by_update():
    rating = make_rating(stars=5)
    with pytest.raises(IntegrityError, match="boai_stars_one_to_five"), transaction.atomic():
        StarRating.objects.filter(pk=rating.pk).update(stars=6)


def test_criterion_is_scored_once_per_rating():
    rating, criterion = make_rating(), make_criterion()
    make_score(rating=rating, criterion=criterion)
    make_score(rating=rating)  # another criterion
    with pytest.raises(IntegrityError, match=r"rating_id.*criterion_id"), transaction.atomic():
        make_score(rating=rating, criterion=criterion)


def test_negative_score_is_rejected():
    rating, criterion = make_rating(), make_criterion()
    with pytest.raises(IntegrityError, match="boai_score_not_negative"), transaction.atomic():
        make_score(rating=rating, criterion=criterion, score=Decimal("-0.5"))


def test_score_of_zero_is_accepted():
    assert make_score(score=Decimal("0")).pk


def test_activity_without_volunteers_is_rejected():
    with pytest.raises(IntegrityError, match="boai_activity_has_volunteers"), transaction.atomic():
        make_activity(volunteers=0)


# --- clean() and scoring -------------------------------------------------------------------


def test_clean_rejects_a_score_above_the_criterions_maximum():
    criterion = make_criterion(max_score=Decimal("20.0"))
    score = CriterionScore(rating=make_rating(), criterion=criterion, score=Decimal("20.5"))
    with pytest.raises(ValidationError) as excinfo:
        score.clean()
    assert list(excinfo.value.message_dict) == ["score"]
    assert "20.0" in excinfo.value.message_dict["score"][0]


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("19.5"), Decimal("20.0")])
def test_clean_accepts_a_score_up_to_the_criterions_maximum(value):
    criterion = make_criterion(max_score=Decimal("20.0"))
    CriterionScore(rating=make_rating(), criterion=criterion, score=value).clean()


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        ("100", 5),
        ("90", 5),
        ("89.9", 4),
        ("80", 4),
        ("79.9", 3),
        ("70", 3),
        ("69.9", 2),
        ("60", 2),
        ("59.9", 1),
        ("0", 1),
    ],
)
def test_stars_for_score_at_the_thresholds(total, stars):
    assert stars_for_score(Decimal(total)) == stars


# --- querysets -------------------------------------------------------------------------------


def test_active_selects_active_homes():
    active = make_boai_home()
    make_boai_home(is_active=False)
    assert list(BoaiHome.objects.active()) == [active]


def test_in_district_selects_that_district():
    xinwu = make_boai_home(district=district("xinwu"))
    make_boai_home(district=district("liangxi"))
    assert list(BoaiHome.objects.in_district(district("xinwu"))) == [xinwu]


def test_excellent_selects_homes_named_excellent():
    excellent = make_boai_home(excellent_year=2022)
    make_boai_home(excellent_year=None)
    assert list(BoaiHome.objects.excellent()) == [excellent]


def test_held_between_includes_both_ends():
    days = [date(2019, 12, 31), date(2020, 1, 1), date(2024, 12, 31), date(2025, 1, 1)]
    for day in days:
        make_activity(held_on=day)
    selected = VolunteerActivity.objects.held_between(date(2020, 1, 1), date(2024, 12, 31))
    assert sorted(selected.values_list("held_on", flat=True)) == days[1:3]


# --- __str__ ---------------------------------------------------------------------------------


def test_str_contains_the_key_fields():
    assert str(make_service(name="应急救护")) == "应急救护"
    home = make_boai_home(name="崇安寺街道博爱家园")
    assert str(home) == "崇安寺街道博爱家园"
    criterion = make_criterion(name="阵地建设")
    assert str(criterion) == "阵地建设"

    rating = make_rating(home=home, year=2023, stars=4)
    assert "崇安寺街道博爱家园" in str(rating)
    assert "2023" in str(rating)
    assert "4" in str(rating)

    score = make_score(rating=rating, criterion=criterion, score=Decimal("18.5"))
    assert "阵地建设" in str(score)
    assert "18.5" in str(score)

    assert str(make_service_site(name="鼋头渚景区急救站")) == "鼋头渚景区急救站"
    activity = make_activity(title="关爱老人", held_on=date(2023, 10, 23))
    assert "关爱老人" in str(activity)
    assert "2023-10-23" in str(activity)
