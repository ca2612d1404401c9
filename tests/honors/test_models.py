from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from apps.honors.models import Honor, HonorLevel, RecipientKind
from apps.organizations.models import OrganizationKind
from tests.factories import make_authority, make_boai_home, make_honor, make_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipients():
    return {
        "organization": make_organization(kind=OrganizationKind.SCHOOL),
        "boai_home": make_boai_home(),
    }


def honor_fields(recipients, kind, *, with_fields=(), name=""):
    """Fields of an honor for `kind` naming the recipients in `with_fields`."""
    return {"recipient_kind": kind, "recipient_name": name} | {
        field: recipients[field] for field in with_fields
    }


GOOD_RECIPIENTS = [
    pytest.param(RecipientKind.SOCIETY, (), "", id="society"),
    pytest.param(RecipientKind.BRANCH, ("organization",), "", id="branch"),
    pytest.param(RecipientKind.TEAM, ("organization",), "", id="team"),
    pytest.param(RecipientKind.SCHOOL, ("organization",), "", id="school"),
    pytest.param(RecipientKind.BOAI_HOME, ("boai_home",), "", id="boai-home"),
    pytest.param(RecipientKind.PERSON, (), "王芳", id="person"),
    pytest.param(RecipientKind.PERSON, ("organization",), "王芳", id="person-of-a-unit"),
]

# (kind, recipients named, person's name, field clean() blames)
BAD_RECIPIENTS = [
    pytest.param(RecipientKind.SOCIETY, ("organization",), "", NON_FIELD_ERRORS, id="society-org"),
    pytest.param(RecipientKind.SOCIETY, ("boai_home",), "", NON_FIELD_ERRORS, id="society-home"),
    pytest.param(RecipientKind.BRANCH, (), "", "organization", id="branch-without-org"),
    pytest.param(RecipientKind.TEAM, ("boai_home",), "", "organization", id="team-with-home-only"),
    pytest.param(
        RecipientKind.SCHOOL,
        ("organization", "boai_home"),
        "",
        "boai_home",
        id="school-with-home-too",
    ),
    pytest.param(RecipientKind.BOAI_HOME, (), "", "boai_home", id="home-without-home"),
    pytest.param(
        RecipientKind.BOAI_HOME,
        ("boai_home", "organization"),
        "",
        "organization",
        id="home-with-org-too",
    ),
    pytest.param(RecipientKind.PERSON, (), "", "recipient_name", id="person-without-name"),
    pytest.param(RecipientKind.PERSON, ("boai_home",), "王芳", "boai_home", id="person-with-home"),
]


@pytest.mark.parametrize(("kind", "with_fields", "name"), GOOD_RECIPIENTS)
def test_recipient_matching_its_kind_is_accepted_and_clean(recipients, kind, with_fields, name):
    honor = make_honor(**honor_fields(recipients, kind, with_fields=with_fields, name=name))
    honor.clean()
    assert honor.pk


@pytest.mark.parametrize(("kind", "with_fields", "name", "field"), BAD_RECIPIENTS)
def test_recipient_not_matching_its_kind_is_rejected_by_the_database(
    recipients, kind, with_fields, name, field
):
    fields = honor_fields(recipients, kind, with_fields=with_fields, name=name)
    with pytest.raises(IntegrityError, match="honors_recipient_matches_kind"), transaction.atomic():
        make_honor(**fields)


@pytest.mark.parametrize(("kind", "with_fields", "name", "field"), BAD_RECIPIENTS)
def test_clean_names_the_field_of_a_recipient_not_matching_its_kind(
    recipients, kind, with_fields, name, field
):
    honor = Honor(
        title="荣誉",
        level=HonorLevel.MUNICIPAL,
        conferred_on=date(2023, 5, 1),
        **honor_fields(recipients, kind, with_fields=with_fields, name=name),
    )
    with pytest.raises(ValidationError) as excinfo:
        honor.clean()
    # As full_clean() files it: a field's name, or NON_FIELD_ERRORS for the whole form.
    assert list(excinfo.value.update_error_dict({})) == [field]


def test_existing_honor_cannot_lose_its_recipient_by_update(recipients):
    honor = make_honor(recipient_kind=RecipientKind.SCHOOL, organization=recipients["organization"])
    with pytest.raises(IntegrityError, match="honors_recipient_matches_kind"), transaction.atomic():
        Honor.objects.filter(pk=honor.pk).update(organization=None)


def test_more_units_in_the_province_than_nationwide_is_rejected():
    with pytest.raises(IntegrityError, match="honors_province_within_nation"), transaction.atomic():
        make_honor(units_nationwide=32, units_in_province=33)


@pytest.mark.parametrize(
    ("nationwide", "in_province"),
    [(32, 1), (32, 32), (None, 5), (32, None), (None, None)],
)
def test_units_in_the_province_within_nationwide_or_unknown_is_accepted(nationwide, in_province):
    assert make_honor(units_nationwide=nationwide, units_in_province=in_province).pk


def test_authority_name_is_unique():
    make_authority(name="中国红十字会总会")
    with pytest.raises(IntegrityError, match="name"), transaction.atomic():
        make_authority(name="中国红十字会总会")


def test_published_selects_published_honors():
    shown = make_honor()
    make_honor(is_published=False)
    assert list(Honor.objects.published()) == [shown]


def test_at_levels_selects_the_levels_asked_for():
    national = make_honor(level=HonorLevel.NATIONAL)
    provincial = make_honor(level=HonorLevel.PROVINCIAL)
    make_honor(level=HonorLevel.MUNICIPAL)
    make_honor(level=HonorLevel.DISTRICT)
    selected = Honor.objects.at_levels(HonorLevel.NATIONAL, HonorLevel.PROVINCIAL)
    assert set(selected) == {national, provincial}


def test_conferred_between_includes_both_ends():
    days = [date(2019, 12, 31), date(2020, 1, 1), date(2024, 12, 31), date(2025, 1, 1)]
    for day in days:
        make_honor(conferred_on=day)
    selected = Honor.objects.conferred_between(date(2020, 1, 1), date(2024, 12, 31))
    assert sorted(selected.values_list("conferred_on", flat=True)) == days[1:3]


@pytest.mark.parametrize(("kind", "with_fields", "name"), GOOD_RECIPIENTS)
def test_recipient_display_names_who_was_honored(recipients, kind, with_fields, name):
    honor = make_honor(**honor_fields(recipients, kind, with_fields=with_fields, name=name))
    expected = {
        RecipientKind.SOCIETY: "Wuxi Red Cross Society",
        RecipientKind.PERSON: name,
        RecipientKind.BOAI_HOME: str(recipients["boai_home"]),
    }.get(kind, str(recipients["organization"]))
    with translation.override("en"):
        assert str(honor.recipient_display) == expected


def test_str_contains_title_and_year():
    honor = make_honor(title="全国红十字系统先进集体", conferred_on=date(2024, 10, 9))
    assert str(honor) == "2024 全国红十字系统先进集体"
    assert str(make_authority(name="人力资源社会保障部")) == "人力资源社会保障部"
