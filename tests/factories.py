"""Small factory functions: each builds one valid record; keyword arguments override fields."""

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from apps.aed.models import AedInspection, AedSite, InspectionResult, VenueType
from apps.boai.models import (
    BoaiHome,
    CriterionScore,
    RatingCriterion,
    Service,
    ServiceSite,
    SiteKind,
    StarRating,
    VolunteerActivity,
)
from apps.core.models import District, PopulationRecord
from apps.donations.models import (
    AllianceMember,
    Disbursement,
    Donation,
    DonationKind,
    Donor,
    DonorKind,
    Fund,
    FundKind,
    LifeDonation,
    LifeDonationKind,
    OverseasBatch,
    Project,
    ProjectKind,
)
from apps.honors.models import Authority, Honor, HonorLevel, RecipientKind
from apps.organizations.models import Organization, OrganizationKind, RescueOperation
from apps.training.models import (
    SessionKind,
    Trainee,
    TrainingBase,
    TrainingBaseline,
    TrainingSession,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def district(code="liangxi"):
    return District.objects.get(code=code)


def make_population(**overrides):
    fields = {
        "district": district(),
        "year": 2023,
        "registered_population": 500_000,
        "source": "test",
    } | overrides
    return PopulationRecord.objects.create(**fields)


def make_organization(**overrides):
    n = next(_seq)
    fields = {
        "name": f"测试组织{n}",
        "kind": OrganizationKind.COMMUNITY,
        "district": district(),
    } | overrides
    return Organization.objects.create(**fields)


def make_operation(**overrides):
    fields = {
        "title": f"救援行动{next(_seq)}",
        "kind": "event",
        "location": "无锡",
        "started_on": date(2023, 4, 1),
        "ended_on": date(2023, 4, 2),
        "beneficiaries": 100,
    } | overrides
    if "team" not in fields:
        fields["team"] = make_organization(kind=OrganizationKind.RESCUE_TEAM)
    return RescueOperation.objects.create(**fields)


def make_authority(**overrides):
    fields = {"name": f"授予机关{next(_seq)}", "level": HonorLevel.PROVINCIAL} | overrides
    return Authority.objects.create(**fields)


def make_honor(**overrides):
    fields = {
        "title": f"荣誉{next(_seq)}",
        "level": HonorLevel.PROVINCIAL,
        "conferred_on": date(2023, 5, 1),
        "recipient_kind": RecipientKind.SOCIETY,
    } | overrides
    return Honor.objects.create(**fields)


def make_aed(**overrides):
    n = next(_seq)
    fields = {
        "name": f"测试AED点位{n}",
        "address": "无锡市梁溪区中山路1号",
        "district": district(),
        "latitude": Decimal("31.568000"),
        "longitude": Decimal("120.299000"),
        "venue_type": VenueType.MALL,
        "location_detail": "一楼服务台旁",
        "manufacturer": "迈瑞",
        "device_model": "BeneHeart C1A",
        "serial_number": f"SN-TEST-{n:06d}",
        "installed_on": date(2022, 3, 1),
    } | overrides
    return AedSite.objects.create(**fields)


def make_inspection(**overrides):
    inspected_on = overrides.get("inspected_on", date(2024, 6, 1))
    fields = {
        "inspected_on": inspected_on,
        "inspector": "检查员",
        "result": InspectionResult.PASS,
        "battery_expires_on": inspected_on + timedelta(days=700),
        "pads_expire_on": inspected_on + timedelta(days=400),
    } | overrides
    if "site" not in fields:
        fields["site"] = make_aed()
    return AedInspection.objects.create(**fields)


def make_training_base(**overrides):
    fields = {
        "name": f"实训基地{next(_seq)}",
        "district": district(),
        "address": "无锡",
    } | overrides
    return TrainingBase.objects.create(**fields)


def make_session(**overrides):
    starts_at = overrides.pop("starts_at", datetime(2023, 6, 1, 9, tzinfo=SHANGHAI))
    fields = {
        "kind": SessionKind.CERTIFIED,
        "title": f"培训{next(_seq)}",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=16),
        "district": district(),
        "place": "无锡",
        "instructor": "讲师",
    } | overrides
    return TrainingSession.objects.create(**fields)


def make_trainee(**overrides):
    n = next(_seq)
    fields = {
        "name": "张三",
        "certificate_number": f"TEST{n:08d}",
        "issued_on": date(2023, 6, 2),
        "expires_on": date(2026, 6, 1),
    } | overrides
    if "session" not in fields:
        fields["session"] = make_session()
    return Trainee.objects.create(**fields)


def make_fund(**overrides):
    n = next(_seq)
    fields = {
        "code": f"fund-{n}",
        "name": f"测试基金{n}",
        "kind": FundKind.NAMED,
        "established_on": date(2020, 1, 1),
    } | overrides
    return Fund.objects.create(**fields)


def make_project(**overrides):
    fields = {
        "name": f"救助项目{next(_seq)}",
        "kind": ProjectKind.TARGETED_AID,
        "started_on": date(2021, 1, 1),
    } | overrides
    if "fund" not in fields:
        fields["fund"] = make_fund()
    return Project.objects.create(**fields)


def make_donor(**overrides):
    fields = {"kind": DonorKind.PERSON, "name": f"捐赠人{next(_seq)}"} | overrides
    return Donor.objects.create(**fields)


def make_donation(**overrides):
    fields = {
        "receipt_number": f"R-TEST-{next(_seq):08d}",
        "kind": DonationKind.MONEY,
        "received_on": date(2023, 3, 1),
        "amount": Decimal("100.00"),
    } | overrides
    if "donor" not in fields:
        fields["donor"] = make_donor()
    if "fund" not in fields:
        fields["fund"] = make_fund()
    return Donation.objects.create(**fields)


def make_disbursement(**overrides):
    fields = {
        "voucher_number": f"V-TEST-{next(_seq):08d}",
        "paid_on": date(2023, 4, 1),
        "amount": Decimal("50.00"),
        "beneficiaries": 3,
    } | overrides
    if "project" not in fields:
        fields["project"] = make_project()
    return Disbursement.objects.create(**fields)


def make_life_donation(**overrides):
    fields = {
        "case_number": f"L-TEST-{next(_seq):06d}",
        "kind": LifeDonationKind.STEM_CELL,
        "donated_on": date(2022, 1, 1),
        "district": district(),
    } | overrides
    return LifeDonation.objects.create(**fields)


def make_boai_home(**overrides):
    n = next(_seq)
    fields = {
        "name": f"测试博爱家园{n}",
        "district": district(),
        "community": f"测试社区{n}",
        "address": "无锡",
        "latitude": Decimal("31.57"),
        "longitude": Decimal("120.30"),
        "opened_year": 2019,
    } | overrides
    return BoaiHome.objects.create(**fields)


def make_criterion(**overrides):
    n = next(_seq)
    fields = {"code": f"c{n}", "name": f"标准{n}", "max_score": Decimal("20.0")} | overrides
    return RatingCriterion.objects.create(**fields)


def make_rating(**overrides):
    fields = {
        "year": 2023,
        "stars": 4,
        "reviewed_on": date(2023, 12, 1),
        "reviewed_by": "评审组",
    } | overrides
    if "home" not in fields:
        fields["home"] = make_boai_home()
    return StarRating.objects.create(**fields)


def make_service_site(**overrides):
    fields = {
        "name": f"服务点{next(_seq)}",
        "kind": SiteKind.SCENIC_STATION,
        "district": district(),
        "address": "无锡",
        "opened_on": date(2021, 1, 1),
    } | overrides
    return ServiceSite.objects.create(**fields)


def make_activity(**overrides):
    fields = {
        "title": "志愿服务",
        "category": "elderly",
        "held_on": date(2023, 1, 1),
        "district": district(),
        "volunteers": 5,
        "beneficiaries": 40,
    } | overrides
    return VolunteerActivity.objects.create(**fields)


def make_training_baseline(**overrides):
    fields = {
        "district": district(),
        "as_of": date(2019, 12, 31),
        "people_trained": 10_000,
        "source": "test",
    } | overrides
    return TrainingBaseline.objects.create(**fields)


def make_alliance_member(**overrides):
    fields = {"name": f"联盟成员{next(_seq)}", "joined_on": date(2021, 1, 1)} | overrides
    return AllianceMember.objects.create(**fields)


def make_overseas_batch(**overrides):
    fields = {
        "reference": f"OS-TEST-{next(_seq):05d}",
        "origin": "日本",
        "arrived_on": date(2020, 2, 1),
        "description": "口罩",
    } | overrides
    return OverseasBatch.objects.create(**fields)


def make_service(**overrides):
    fields = {"name": f"服务{next(_seq)}"} | overrides
    return Service.objects.create(**fields)


def make_score(**overrides):
    fields = {"score": Decimal("15.0")} | overrides
    if "rating" not in fields:
        fields["rating"] = make_rating()
    if "criterion" not in fields:
        fields["criterion"] = make_criterion()
    return CriterionScore.objects.create(**fields)


def aed_site_form(site, inspections=(), **changes):
    """The AED site's admin change form as posted: its fields (with `changes`), and new
    inspections, (day, result) pairs, in its inline."""
    data = {
        "name": site.name,
        "address": site.address,
        "district": site.district_id,
        "latitude": str(site.latitude),
        "longitude": str(site.longitude),
        "venue_type": site.venue_type,
        "indoor": "on",
        "location_detail": site.location_detail,
        "access": site.access,
        "opening_hours": site.opening_hours,
        "manufacturer": site.manufacturer,
        "device_model": site.device_model,
        "serial_number": site.serial_number,
        "installed_on": site.installed_on.isoformat(),
        "status": site.status,
        "keeper": "",
        "inspections-TOTAL_FORMS": str(len(inspections)),
        "inspections-INITIAL_FORMS": "0",
        "inspections-MIN_NUM_FORMS": "0",
        "inspections-MAX_NUM_FORMS": "1000",
        **changes,
    }
    for n, (day, result) in enumerate(inspections):
        data |= {
            f"inspections-{n}-site": site.pk,
            f"inspections-{n}-inspected_on": day.isoformat(),
            f"inspections-{n}-inspector": "检查员",
            f"inspections-{n}-result": result,
            f"inspections-{n}-battery_expires_on": (day + timedelta(days=700)).isoformat(),
            f"inspections-{n}-pads_expire_on": (day + timedelta(days=400)).isoformat(),
        }
    return data


def index_definitions(pattern: str) -> dict[str, str]:
    """PostgreSQL's definitions of the indexes whose names are LIKE `pattern`."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", [pattern]
        )
        return dict(cursor.fetchall())


def make_filtered_homes():
    """Boai homes that the list's and the map's filters tell apart: in Liangxi one rated
    five stars now and excellent, one rated five stars before and three now; an
    excellent one in Binhu; an inactive one in Liangxi."""
    now_five = make_boai_home(
        name="梁溪五星优秀", district=district("liangxi"), excellent_year=2023
    )
    make_rating(home=now_five, year=2021, stars=3)
    make_rating(home=now_five, year=2023, stars=5)
    once_five = make_boai_home(name="梁溪曾经五星", district=district("liangxi"))
    make_rating(home=once_five, year=2022, stars=5)
    make_rating(home=once_five, year=2023, stars=3)
    make_boai_home(name="滨湖优秀", district=district("binhu"), excellent_year=2022)
    make_boai_home(name="停用的", district=district("liangxi"), is_active=False)
