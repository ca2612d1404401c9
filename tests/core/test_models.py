import pytest
from django.db import IntegrityError, transaction

from apps.core.models import District, DistrictKind, PopulationRecord, coordinate_constraints
from tests.factories import district, make_population

pytestmark = pytest.mark.django_db


def test_migration_loads_wuxis_eight_county_level_divisions():
    assert list(District.objects.values_list("code", flat=True)) == [
        "liangxi",
        "xishan",
        "huishan",
        "binhu",
        "xinwu",
        "jiangyin",
        "yixing",
        "jingkai",
    ]
    assert District.objects.get(code="jingkai").kind == DistrictKind.ZONE


@pytest.mark.parametrize(
    ("field", "value"),
    [("code", "liangxi"), ("name", "梁溪区")],
)
def test_district_code_and_name_are_unique(field, value):
    fields = {"code": "new", "name": "新区", "name_en": "New", "kind": DistrictKind.DISTRICT}
    with pytest.raises(IntegrityError, match=field), transaction.atomic():
        District.objects.create(**(fields | {field: value}))


def test_population_is_recorded_once_per_district_and_year():
    make_population(district=district("liangxi"), year=2023)
    make_population(district=district("liangxi"), year=2022)
    make_population(district=district("binhu"), year=2023)

    with pytest.raises(IntegrityError, match=r"district_id.*year"), transaction.atomic():
        make_population(district=district("liangxi"), year=2023)
    assert PopulationRecord.objects.count() == 3


def test_population_of_zero_is_rejected():
    with pytest.raises(IntegrityError, match="core_population_positive"), transaction.atomic():
        make_population(registered_population=0)


@pytest.mark.parametrize("year", [1948, 2101])
def test_population_year_outside_1949_to_2100_is_rejected(year):
    with pytest.raises(IntegrityError, match="core_population_year_range"), transaction.atomic():
        make_population(year=year)


@pytest.mark.parametrize("year", [1949, 2100])
def test_population_year_at_the_range_ends_is_accepted(year):
    assert make_population(year=year).pk


def test_population_year_cannot_be_moved_out_of_range_by_update():
    record = make_population(year=2023)
    with pytest.raises(IntegrityError, match="core_population_year_range"), transaction.atomic():
        PopulationRecord.objects.filter(pk=record.pk).update(year=1900)


def test_coordinate_constraints_are_named_after_their_model():
    names = [c.name for c in coordinate_constraints("thing")]
    assert names == ["thing_latitude_range", "thing_longitude_range"]


def test_timestamps_are_set_on_create_and_advance_on_save():
    record = make_population()
    created, updated = record.created_at, record.updated_at
    assert created is not None
    record.source = "统计年鉴"
    record.save()
    record.refresh_from_db()
    assert record.created_at == created
    assert record.updated_at >= updated


def test_str_shows_district_name_and_population_record():
    assert str(district("liangxi")) == "梁溪区"
    text = str(make_population(district=district("binhu"), year=2023, registered_population=7))
    assert "滨湖区" in text
    assert "2023" in text
    assert "7" in text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_choice_labels_are_what_django_gives_in_the_active_language(language):
    from django.db import models
    from django.utils import translation

    from apps.aed.models import AedSite
    from apps.organizations.models import Organization

    with translation.override(language):
        for record, name in [
            (Organization(kind="volunteer_team"), "kind"),
            (AedSite(venue_type="mall", access="yes"), "venue_type"),
            (AedSite(access="customers"), "access"),
            (Organization(kind="no-such-kind"), "kind"),  # not a choice: the value itself
        ]:
            field = record._meta.get_field(name)
            shown = getattr(record, f"get_{name}_display")()
            assert shown == models.Model._get_FIELD_display(record, field)
            assert type(shown) is str
    with translation.override("zh-hans"):
        assert Organization(kind="volunteer_team").get_kind_display() != "volunteer_team"
