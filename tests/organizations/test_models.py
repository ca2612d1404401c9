from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.organizations.models import Organization, OrganizationKind, RescueOperation
from tests.factories import district, make_operation, make_organization

pytestmark = pytest.mark.django_db


def test_organization_name_is_unique_within_a_district_only():
    make_organization(name="崇安寺社区", district=district("liangxi"))
    assert make_organization(name="崇安寺社区", district=district("binhu")).pk

    with pytest.raises(IntegrityError, match=r"district_id.*name"), transaction.atomic():
        make_organization(name="崇安寺社区", district=district("liangxi"))


@pytest.mark.parametrize(
    "kind", [OrganizationKind.COMMUNITY, OrganizationKind.ENTERPRISE, OrganizationKind.RESCUE_TEAM]
)
def test_only_a_school_can_be_a_model_school(kind):
    with (
        pytest.raises(IntegrityError, match="organizations_model_school_is_school"),
        transaction.atomic(),
    ):
        make_organization(kind=kind, is_model_school=True)


def test_school_can_be_a_model_school():
    assert make_organization(kind=OrganizationKind.SCHOOL, is_model_school=True).pk


def test_organization_cannot_be_its_own_parent():
    branch = make_organization(kind=OrganizationKind.BRANCH)
    community = make_organization(parent=branch)
    assert community.parent == branch

    with pytest.raises(IntegrityError, match="organizations_not_own_parent"), transaction.atomic():
        Organization.objects.filter(pk=branch.pk).update(parent=branch)


def test_rescue_operation_cannot_end_before_it_starts():
    team = make_organization(kind=OrganizationKind.RESCUE_TEAM)
    with (
        pytest.raises(IntegrityError, match="organizations_operation_ends_after_start"),
        transaction.atomic(),
    ):
        make_operation(team=team, started_on=date(2023, 4, 2), ended_on=date(2023, 4, 1))


def test_rescue_operation_can_start_and_end_on_the_same_day():
    assert make_operation(started_on=date(2023, 4, 2), ended_on=date(2023, 4, 2)).pk


def test_active_selects_active_organizations():
    active = make_organization()
    make_organization(is_active=False)
    assert list(Organization.objects.active()) == [active]


def test_of_kind_selects_that_kind():
    team = make_organization(kind=OrganizationKind.RESCUE_TEAM)
    make_organization(kind=OrganizationKind.COMMUNITY)
    assert list(Organization.objects.of_kind(OrganizationKind.RESCUE_TEAM)) == [team]


def test_in_district_selects_that_district():
    binhu = make_organization(district=district("binhu"))
    make_organization(district=district("liangxi"))
    assert list(Organization.objects.in_district(district("binhu"))) == [binhu]


def test_filters_chain():
    wanted = make_organization(kind=OrganizationKind.SCHOOL, district=district("yixing"))
    make_organization(kind=OrganizationKind.SCHOOL, district=district("yixing"), is_active=False)
    make_organization(kind=OrganizationKind.SCHOOL, district=district("binhu"))
    qs = Organization.objects.active().of_kind(OrganizationKind.SCHOOL)
    assert list(qs.in_district(district("yixing"))) == [wanted]


def test_started_between_includes_both_ends():
    team = make_organization(kind=OrganizationKind.RESCUE_TEAM)
    days = [date(2022, 12, 31), date(2023, 1, 1), date(2023, 12, 31), date(2024, 1, 1)]
    for day in days:
        make_operation(team=team, started_on=day, ended_on=day)
    selected = RescueOperation.objects.started_between(date(2023, 1, 1), date(2023, 12, 31))
    assert sorted(selected.values_list("started_on", flat=True)) == days[1:3]


def test_str_contains_the_name_or_title():
    assert str(make_organization(name="无锡市红十字救援队")) == "无锡市红十字救援队"
    text = str(make_operation(title="马拉松保障", started_on=date(2023, 3, 19)))
    assert "马拉松保障" in text
    assert "2023-03-19" in text


def test_operation_led_by_an_organization_that_is_not_a_rescue_team_fails_validation():
    operation = make_operation()
    operation.team = make_organization(kind=OrganizationKind.SCHOOL)
    with pytest.raises(ValidationError) as excinfo:
        operation.full_clean()
    assert "team" in excinfo.value.message_dict
