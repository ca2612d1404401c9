"""The demo dataset: fictional records that reproduce every figure of the article (F1–F24).

Targets are written here once, as the totals the generated records must add up to;
the portal computes its figures from the records, never from these constants.
`scale` multiplies the volumes (and so the totals) for load tests; reference-like
records (districts, honors, funds, training bases, life donations) stay as they are.
"""

import threading
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from random import Random
from time import monotonic
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction
from django.utils import timezone

from apps.aed.models import AedInspection, AedSite, DeviceStatus, InspectionResult, VenueType
from apps.boai.models import (
    ActivityCategory,
    BoaiHome,
    CriterionScore,
    RatingCriterion,
    Service,
    ServiceSite,
    SiteKind,
    StarRating,
    VolunteerActivity,
    stars_for_score,
)
from apps.core.bulk import bulk_insert, copy_suffix, copy_text, reset_sequence
from apps.core.changes import mark_all
from apps.core.models import District, PopulationRecord
from apps.core.periods import Period, reporting_period
from apps.core.pii import id_number_digest, mask_id_number
from apps.core.tallies import rebuild_all
from apps.donations.models import (
    AidRegion,
    AllianceMember,
    Disbursement,
    Donation,
    DonationKind,
    DonationStatus,
    Donor,
    DonorKind,
    Fund,
    FundKind,
    LifeDonation,
    LifeDonationKind,
    OverseasBatch,
    Project,
    ProjectKind,
    Purpose,
)
from apps.honors.models import Authority, Honor, HonorCategory, HonorLevel, RecipientKind
from apps.organizations.models import OperationKind, Organization, OrganizationKind, RescueOperation
from apps.portal import snapshot
from apps.training.models import (
    CERTIFICATE_VALID_YEARS,
    ModelRating,
    SessionKind,
    Trainee,
    TrainingBase,
    TrainingBaseline,
    TrainingSession,
)

from . import places
from .numbers import random_day, sorted_days, split_int, split_money, split_skewed
from .progress import Progress

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEMO_SOURCE = "演示数据（虚构，供演示与测试）"

# --- Targets (scale 1). Each is a total the records add up to; see docs in README. ---
ORGANIZATIONS = 1796
ORGANIZATION_KINDS = {  # kinds with a fixed count; communities make up the rest
    OrganizationKind.STREET: 62,
    OrganizationKind.SCHOOL: 300,
    OrganizationKind.ENTERPRISE: 180,
    OrganizationKind.TWO_NEW: 220,
    OrganizationKind.VOLUNTEER_TEAM: 137,
    OrganizationKind.VOLUNTEER_BASE: 52,
}
MODEL_SCHOOLS = 88
HONORS_COUNTED = 88
DISSOLVED_ORGANIZATIONS = 14
RESCUE_OPERATIONS, RESCUE_BENEFICIARIES = 212, 2_046_300
AEDS_IN_PERIOD, AEDS_BEFORE = 495, 25
CERTIFIED_TRAINEES, AWARENESS_TRAINEES = 113_628, 528_400
COVERAGE_PERCENT = Decimal("29.7")
STEM_CELL_CASES = 115
ORGAN_CASES, ORGAN_RECIPIENTS = 70, 213
CORNEA_CASES, CORNEA_RECIPIENTS = 82, 163
BODY_CASES = 96
OVERSEAS_BATCHES = 37
ALLIANCE_MEMBERS, NAMED_FUNDS = 80, 40
# Money received in the period, by fund (yuan); they add up to 424,186,352.37.
RECEIVED = {
    "epidemic": Decimal("152217480.50"),
    "named": Decimal("38426900.00"),
    "paired": Decimal("15480000.00"),
    "targeted": Decimal("150000000.00"),
    "general": Decimal("68061971.87"),
}
GENERAL_OPENING_BALANCE = Decimal("120000000.00")
TARGETED_AID_PAID = Decimal("369214650.00")
PAIRED_REGION_PAID = {
    AidRegion.YANAN: Decimal("6120000.00"),
    AidRegion.HAIDONG: Decimal("5038000.00"),
    AidRegion.XINJIANG: Decimal("4140000.00"),
}
TARGETED_FUND_PAID = Decimal("148500000.00")
NAMED_FUND_PAID_SHARE = Decimal("0.78")
EPIDEMIC_PAID = Decimal("148600000.00")
DISASTER_PAID = Decimal("5000000.00")
TARGETED_AID_BENEFICIARIES = 712_480
BOAI_HOMES, EXCELLENT_HOMES = 122, 56
SAFETY_HALLS, SCENIC_STATIONS = 11, 8
VOLUNTEER_ACTIVITIES, ACTIVITY_BENEFICIARIES = 104_250, 12_538_600

PARALLEL_FROM_SCALE = 10  # from here, `build()` loads the certificates over a second connection
LINES_PER_BLOCK = 20_000  # rows per write when loading COPY text (apps.core.bulk)
PEOPLE_POOL = 100_000  # distinct certified trainees to draw certificates for

DEMO_PASSWORD = "wuxi-redcross-demo"
DEMO_ACCOUNTS = {  # username: group (None: superuser)
    "admin": None,
    "editor": "内容编辑",
    "trainer": "培训工作人员",
    "finance": "财务人员",
    "auditor": "审计人员",
}


@dataclass
class Demo:
    scale: int = 1
    seed: int = 20241009
    as_of: date = field(default_factory=timezone.localdate)
    stream: object = None
    period: Period = field(default_factory=reporting_period)

    def __post_init__(self):
        self.rng = Random(self.seed)
        # The two largest tables draw from streams of their own: the same records whether
        # they are loaded in turn or beside the rest (`build(parallel=True)`).
        self.trainee_rng = Random(f"{self.seed}:trainees")
        self.activity_rng = Random(f"{self.seed}:activities")
        self.districts = list(District.objects.order_by("sort_order"))
        self.by_code = {d.code: d for d in self.districts}
        weights = [places.POPULATION_2023[d.code] for d in self.districts]
        self._district_weights = weights

    # -- helpers ------------------------------------------------------------
    def progress(self, label, total):
        return Progress(label, total, self.stream)

    def district(self) -> District:
        return self.rng.choices(self.districts, weights=self._district_weights)[0]

    def day(self, start=None, end=None) -> date:
        return random_day(self.rng, start or self.period.start, end or self.period.end)

    def bulk(self, model, columns, rows, total, label, *, lines=None):
        """Load generated rows. `lines(suffix)`, given for the largest tables, makes the same
        rows as blocks of COPY text lines, used on PostgreSQL (apps.core.bulk)."""
        bar = self.progress(label, total)
        if lines is not None and connection.vendor == "postgresql":
            blocks = lines(copy_suffix(model, columns))
            written = bulk_insert(
                model, columns, None, progress=bar, rebuild_indexes=True, text_blocks=blocks
            )
        else:
            written = bulk_insert(model, columns, rows, progress=bar, rebuild_indexes=True)
        bar.close()
        return written

    # -- the whole set -------------------------------------------------------
    def build(self, *, accounts: bool, parallel: bool | None = None) -> None:
        """All or nothing: a failure leaves the database as it was.

        In one transaction, step after step; or, with `parallel` (the default on
        PostgreSQL from --scale 10, when the caller holds no transaction), the
        certificates are loaded over a second connection while the first goes on with
        donations and activities: each part commits on its own, and should any fail, the
        tables the build writes, empty when it began, are emptied again.
        """
        if parallel is None:
            parallel = (
                connection.vendor == "postgresql"
                and self.scale >= PARALLEL_FROM_SCALE
                and not connection.in_atomic_block
            )
        if parallel:
            self._build_in_parallel(accounts)
            return
        with transaction.atomic():
            self._run(*self._first_steps(), self.load_trainees, *self._last_steps())
            self._finish(accounts)

    def _first_steps(self):
        """Everything the certificates need, and the rest that is not bulk."""
        return (
            self.build_reference,
            self.build_organizations,
            self.build_boai,
            self.build_honors,
            self.build_aeds,
            self.build_training,
        )

    def _last_steps(self):
        return (self.build_donations, self.build_activities)

    def _finish(self, accounts):
        # The rows were loaded in bulk, past the upkeep of tallies and last changes.
        self._run(
            rebuild_all,
            mark_all,
            snapshot.refresh,
            *([self.build_accounts] if accounts else []),
        )

    def _run(self, *steps):
        for step in steps:
            started = monotonic()
            step()
            self.say(f"{step.__name__} took {monotonic() - started:.1f}s")

    def _build_in_parallel(self, accounts):
        if connection.in_atomic_block or any(m.objects.exists() for m in demo_models()):
            raise RuntimeError("A parallel build needs empty tables and no open transaction.")
        certificates = None
        try:
            with transaction.atomic():
                self._run(*self._first_steps())
            certificates = _InThread(lambda: self._run(self.load_trainees))
            certificates.start()
            with transaction.atomic():
                self._run(*self._last_steps())
            certificates.result()
            with transaction.atomic():
                self._finish(accounts)
        except BaseException:
            if certificates is not None:
                certificates.join()  # never empty a table under a load still running
            empty_demo_tables()
            raise

    def say(self, line: str) -> None:
        if self.stream is not None:
            self.stream.write(f"  {line}\n")
            self.stream.flush()

    # -- population and training baseline ------------------------------------
    def build_reference(self):
        records = []
        for d in self.districts:
            base = places.POPULATION_2023[d.code] * self.scale
            for year in range(2019, 2024):
                # About 0.4% growth a year up to 2023.
                population = round(base * (1 - 0.004 * (2023 - year)))
                records.append(
                    PopulationRecord(
                        district=d, year=year, registered_population=population, source=DEMO_SOURCE
                    )
                )
        PopulationRecord.objects.bulk_create(records)
        # Carry over enough people trained before the period for the article's coverage.
        population = sum(places.POPULATION_2023.values()) * self.scale
        in_period = (CERTIFIED_TRAINEES + AWARENESS_TRAINEES) * self.scale
        needed = int((COVERAGE_PERCENT / 100 * population).to_integral_value()) - in_period
        weights = [places.POPULATION_2023[d.code] for d in self.districts]
        shares = _proportional(needed, weights)
        TrainingBaseline.objects.bulk_create(
            TrainingBaseline(
                district=d,
                as_of=self.period.start - timedelta(days=1),
                people_trained=share,
                source=DEMO_SOURCE,
            )
            for d, share in zip(self.districts, shares, strict=True)
        )

    # -- organizations --------------------------------------------------------
    def build_organizations(self):
        rng, scale = self.rng, self.scale
        names = Counter()
        rows: list[Organization] = []

        def add(name, kind, district, **extra):
            org = Organization(
                name=_numbered(names, name, scope=district.pk),
                kind=kind,
                district=district,
                address=places.address(rng, district.name),
                founded_on=self.day(date(2005, 1, 1), self.period.end),
                members=rng.randint(15, 400),
                contact_name=places.person_name(rng),
                contact_phone=places.phone(rng),
                **extra,
            )
            rows.append(org)
            return org

        self.branches = {}
        for d in self.districts:
            founded = date(2021, 6, 18) if d.code == "jingkai" else date(1990, 5, 8)
            branch = add(f"{d.name}红十字会", OrganizationKind.BRANCH, d)
            branch.founded_on = founded
            self.branches[d.code] = branch
        self.rescue_teams = [
            add(name, OrganizationKind.RESCUE_TEAM, self.by_code[code])
            for code, name in RESCUE_TEAMS
        ]
        counts = {kind: n * scale for kind, n in ORGANIZATION_KINDS.items()}
        streets = [(code, street) for code, names in places.STREETS.items() for street in names]
        for i in range(counts.pop(OrganizationKind.STREET)):
            code, street = streets[i % len(streets)]
            add(f"{street}红十字会", OrganizationKind.STREET, self.by_code[code])
        self.model_schools = []
        for i in range(counts.pop(OrganizationKind.SCHOOL)):
            d = self.district()
            level = rng.choice(["小学", "实验小学", "中学", "初级中学", "高级中学", "职业技术学校"])
            school = add(
                f"{d.name}{rng.choice(places.COMMUNITY_WORDS)}{level}红十字会",
                OrganizationKind.SCHOOL,
                d,
                is_model_school=i < MODEL_SCHOOLS * scale,
            )
            if school.is_model_school:
                self.model_schools.append(school)
        for kind, words in (
            (OrganizationKind.ENTERPRISE, "{company}红十字会"),
            (OrganizationKind.TWO_NEW, "{two_new}红十字会"),
            (OrganizationKind.VOLUNTEER_TEAM, "{street}红十字志愿服务队"),
            (OrganizationKind.VOLUNTEER_BASE, "{community}红十字志愿服务基地"),
        ):
            for i in range(counts.pop(kind)):
                d = self.district()
                if kind == OrganizationKind.VOLUNTEER_TEAM and i == 0:
                    add("宜兴市宜小红志愿服务队", kind, self.by_code["yixing"])
                    continue
                add(
                    words.format(
                        company=places.company_name(rng).removeprefix("无锡"),
                        two_new=rng.choice(TWO_NEW_NAMES).format(
                            word=rng.choice(places.COMPANY_WORDS)
                        ),
                        street=rng.choice(places.STREETS[d.code]),
                        community=places.community_name(rng),
                    ),
                    kind,
                    d,
                )
        named_communities = [
            add("晴山蓝城社区红十字会", OrganizationKind.COMMUNITY, self.by_code["huishan"]),
            add("澄江街道君山社区红十字会", OrganizationKind.COMMUNITY, self.by_code["jiangyin"]),
        ]
        self.named_communities = named_communities
        while len(rows) < ORGANIZATIONS * scale:
            d = self.district()
            add(
                f"{rng.choice(places.STREETS[d.code])}{places.community_name(rng)}红十字会",
                OrganizationKind.COMMUNITY,
                d,
            )
        for _ in range(DISSOLVED_ORGANIZATIONS * scale):
            d = self.district()
            add(
                f"{places.company_name(rng).removeprefix('无锡')}红十字会",
                OrganizationKind.ENTERPRISE,
                d,
                is_active=False,
            )
        first = _next_id(Organization)
        for offset, org in enumerate(rows):
            org.pk = first + offset
        for org in rows:
            if org.kind != OrganizationKind.BRANCH:
                org.parent_id = self.branches[org.district.code].pk
        self.bulk(
            Organization,
            [
                "id",
                "name",
                "kind",
                "district_id",
                "parent_id",
                "address",
                "founded_on",
                "is_model_school",
                "members",
                "contact_name",
                "contact_phone",
                "is_active",
            ],
            (
                (
                    o.pk,
                    o.name,
                    o.kind,
                    o.district_id,
                    o.parent_id,
                    o.address,
                    o.founded_on,
                    o.is_model_school,
                    o.members,
                    o.contact_name,
                    o.contact_phone,
                    o.is_active,
                )
                for o in rows
            ),
            len(rows),
            "organizations",
        )
        reset_sequence(Organization)
        self.schools = [r for r in rows if r.kind == OrganizationKind.SCHOOL]
        self._build_operations()

    def _build_operations(self):
        rng = self.rng
        total = RESCUE_OPERATIONS * self.scale
        beneficiaries = split_skewed(RESCUE_BENEFICIARIES * self.scale, total, rng, minimum=50)
        operations = []
        for people in beneficiaries:
            kind, title, location = rng.choice(OPERATIONS)
            started = self.day()
            operations.append(
                RescueOperation(
                    team=rng.choice(self.rescue_teams),
                    title=f"{started.year}年{title}",
                    kind=kind,
                    location=location,
                    started_on=started,
                    ended_on=started + timedelta(days=rng.choice([0, 0, 1, 2, 6])),
                    rescuers=rng.randint(6, 80),
                    beneficiaries=people,
                )
            )
        RescueOperation.objects.bulk_create(operations, batch_size=2000)

    # -- Boai homes, service sites ---------------------------------------------
    def build_boai(self):
        rng = self.rng
        services = Service.objects.bulk_create(
            Service(name=name, sort_order=i) for i, name in enumerate(BOAI_SERVICES)
        )
        criteria = RatingCriterion.objects.bulk_create(
            RatingCriterion(code=code, name=name, max_score=Decimal(top), sort_order=i)
            for i, (code, name, top) in enumerate(RATING_CRITERIA)
        )
        homes, names = [], Counter()
        total = BOAI_HOMES * self.scale
        fixed = [("晴山蓝城社区", "huishan"), ("君山社区", "jiangyin")]
        while len(homes) < total:
            if fixed:
                community, code = fixed.pop(0)
                d = self.by_code[code]
            else:
                d = self.district()
                community = places.community_name(rng)
            name = _numbered(names, f"{d.name}{community}博爱家园")
            lat, lon = places.point_in(rng, d.code)
            opened = rng.randint(2012, 2023)
            homes.append(
                BoaiHome(
                    name=name,
                    district=d,
                    community=community,
                    address=places.address(rng, d.name),
                    latitude=lat,
                    longitude=lon,
                    opened_year=opened,
                    excellent_year=None,
                )
            )
        for home in homes[: EXCELLENT_HOMES * self.scale]:
            home.excellent_year = rng.randint(max(home.opened_year, 2019), 2024)
        # Ids given here: each home's ratings are made before the homes are written, so that
        # its latest rating goes into the home's own columns (apps.boai.latest).
        first = _next_id(BoaiHome)
        for offset, home in enumerate(homes):
            home.pk = first + offset
        through = BoaiHome.services.through
        offered = [
            through(boaihome=home, service=service)
            for home in homes
            for service in rng.sample(services, rng.randint(3, 7))
        ]
        ratings, scores = [], []
        for home in homes:
            for year in (2021, 2022, 2023):
                if home.opened_year > year:
                    continue
                target = rng.uniform(78, 98) if home.excellent_year else rng.uniform(58, 92)
                parts = [
                    (
                        c,
                        Decimal(
                            f"{min(float(c.max_score), float(c.max_score) * target / 100 + rng.uniform(-1.5, 1.5)):.1f}"
                        ),
                    )
                    for c in criteria
                ]
                total_score = sum(score for _, score in parts)
                rating = StarRating(
                    home=home,
                    year=year,
                    stars=stars_for_score(total_score),
                    reviewed_on=date(year, 12, rng.randint(1, 20)),
                    reviewed_by="无锡市红十字会博爱家园星级评定组",
                )
                ratings.append(rating)
                scores.append((rating, parts))
                # years run upwards: the last one set is the latest
                home.latest_stars, home.latest_rating_year = rating.stars, rating.year
        BoaiHome.objects.bulk_create(homes, batch_size=2000)
        reset_sequence(BoaiHome)
        through.objects.bulk_create(offered)
        StarRating.objects.bulk_create(ratings, batch_size=2000)
        CriterionScore.objects.bulk_create(
            (
                CriterionScore(rating=rating, criterion=c, score=s)
                for rating, parts in scores
                for c, s in parts
            ),
            batch_size=5000,
        )
        self.homes = homes
        halls = [
            ServiceSite(
                name=f"{school.name.removesuffix('红十字会')}生命健康安全体验馆",
                kind=SiteKind.SAFETY_HALL,
                district=school.district,
                address=school.address,
                opened_on=self.day(date(2019, 1, 1)),
            )
            for school in self.model_schools[:SAFETY_HALLS]
        ]
        stations = [
            ServiceSite(
                name=f"{name}红十字救护站",
                kind=SiteKind.SCENIC_STATION,
                district=self.by_code[code],
                address=places.address(rng, self.by_code[code].name),
                opened_on=self.day(date(2019, 1, 1)),
            )
            for code, name in SCENIC_SPOTS
        ]
        ServiceSite.objects.bulk_create(halls + stations)

    # -- honors -------------------------------------------------------------
    def build_honors(self):
        rng = self.rng
        authorities = {
            name: Authority.objects.create(name=name, level=level) for name, level in AUTHORITIES
        }
        honors = []

        def honor(title, level, on, by, *, category=HonorCategory.COLLECTIVE, **extra):
            extra.setdefault("recipient_kind", RecipientKind.SOCIETY)
            h = Honor.objects.create(
                title=title, level=level, conferred_on=on, category=category, **extra
            )
            h.conferred_by.set([authorities[b] for b in by])
            honors.append(h)
            return h

        for spec in NAMED_HONORS:
            title, level, on, by, category, recipient = spec
            extra = {}
            if recipient == "rescue_team":
                extra = {"recipient_kind": RecipientKind.TEAM, "organization": self.rescue_teams[0]}
            elif recipient == "qingshan":
                extra = {
                    "recipient_kind": RecipientKind.BRANCH,
                    "organization": self.named_communities[0],
                }
            elif recipient == "junshan":
                extra = {
                    "recipient_kind": RecipientKind.BRANCH,
                    "organization": self.named_communities[1],
                }
            if title == "全国红十字系统先进集体":
                extra |= {
                    "units_nationwide": 32,
                    "units_in_province": 1,
                    "is_featured": True,
                    "document_number": "人社部发〔2024〕71号",
                    "description": "中国红十字会第十二次全国会员代表大会期间表彰。",
                }
            honor(title, level, on, by, category=category, **extra)
        for school in self.model_schools[:4]:
            honor(
                "全国急救教育试点单位",
                HonorLevel.NATIONAL,
                date(2023, 9, 1),
                ["中国红十字会总会", "教育部"],
                category=HonorCategory.DESIGNATION,
                recipient_kind=RecipientKind.SCHOOL,
                organization=school,
            )
        counted = sum(h.level != HonorLevel.DISTRICT for h in honors)
        teams = self.rescue_teams + list(self.branches.values())
        recipients = {
            RecipientKind.SOCIETY: lambda: {},
            RecipientKind.BRANCH: lambda: {
                "organization": rng.choice(list(self.branches.values()))
            },
            RecipientKind.TEAM: lambda: {"organization": rng.choice(self.rescue_teams)},
            RecipientKind.BOAI_HOME: lambda: {"boai_home": rng.choice(self.homes)},
            RecipientKind.PERSON: lambda: {"recipient_name": places.person_name(rng)},
        }
        for i in range(HONORS_COUNTED - counted):
            level, title, by, kind = GENERATED_HONORS[i % len(GENERATED_HONORS)]
            on = self.day(date(2020, 1, 1), date(2024, 9, 30))
            honor(
                f"{on.year}年度{title}", level, on, [by], recipient_kind=kind, **recipients[kind]()
            )
        # Not counted in F1: district-level honors, and honors from before the period.
        for _ in range(6):
            on = self.day(date(2020, 1, 1), date(2024, 9, 30))
            honor(
                f"{on.year}年度区级红十字工作先进集体",
                HonorLevel.DISTRICT,
                on,
                ["无锡市梁溪区人民政府"],
                recipient_kind=RecipientKind.TEAM,
                organization=rng.choice(teams),
            )
        for year in (2018, 2019):
            honor(
                f"{year}年度江苏省红十字系统先进集体",
                HonorLevel.PROVINCIAL,
                date(year, 12, 20),
                ["江苏省红十字会"],
            )

    # -- AED sites ----------------------------------------------------------
    def build_aeds(self):
        rng = self.rng
        sites = []
        count = (AEDS_IN_PERIOD + AEDS_BEFORE) * self.scale
        for serial in range(1, count + 1):
            d = self.district()
            venue = rng.choices(list(AED_VENUES), weights=[w for w, _, _ in AED_VENUES.values()])[0]
            _, pattern, hours = AED_VENUES[venue]
            installed = (
                self.day()
                if serial <= AEDS_IN_PERIOD * self.scale
                else self.day(date(2018, 3, 1), date(2019, 12, 31))
            )
            make, model = rng.choice(AED_DEVICES)
            lat, lon = places.point_in(rng, d.code)
            roll = rng.random()
            status = (
                DeviceStatus.REPAIR
                if roll < 0.02
                else DeviceStatus.RETIRED
                if roll < 0.03
                else DeviceStatus.IN_SERVICE
            )
            sites.append(
                AedSite(
                    name=pattern.format(
                        district=d.name.removesuffix("区").removesuffix("市"),
                        word=rng.choice(places.COMMUNITY_WORDS),
                        n=rng.randint(1, 9),
                    ),
                    address=places.address(rng, d.name),
                    district=d,
                    latitude=lat,
                    longitude=lon,
                    venue_type=venue,
                    indoor=venue not in (VenueType.SCENIC,),
                    location_detail=rng.choice(AED_SPOTS),
                    opening_hours=hours if rng.random() > 0.25 else "24/7",
                    manufacturer=make,
                    device_model=model,
                    serial_number=f"{make[:2].upper() if make.isascii() else 'CN'}{installed:%Y}{serial:07d}",
                    installed_on=installed,
                    status=status,
                    keeper=f"{d.name}{rng.choice(['管理处', '物业服务中心', '安保部', '综合办公室'])}",
                )
            )
        # Ids given here: each site's log is made before the sites are written, so that its
        # newest inspection's facts go into the site's own columns (apps.aed.newest).
        first = _next_id(AedSite)
        for offset, site in enumerate(sites):
            site.pk = first + offset
        inspections = []
        for site in sites:
            day = site.installed_on
            battery = site.installed_on + timedelta(days=5 * 365)
            pads = site.installed_on + timedelta(days=2 * 365)
            # A few devices have gone unchecked for months: their check is overdue.
            stop = self.as_of - timedelta(days=rng.randint(120, 200) if rng.random() < 0.04 else 0)
            while True:
                day += timedelta(days=rng.randint(80, 95))
                if day > stop:
                    break
                if battery - day < timedelta(days=60):
                    battery = day + timedelta(days=5 * 365)
                if pads - day < timedelta(days=60):
                    pads = day + timedelta(days=2 * 365)
                inspections.append(
                    (
                        site.pk,
                        day,
                        places.person_name(rng),
                        InspectionResult.PASS,
                        battery,
                        pads,
                    )
                )
            if inspections and inspections[-1][0] == site.pk:
                if site.status == DeviceStatus.REPAIR:
                    last = inspections[-1]
                    inspections[-1] = (*last[:3], InspectionResult.FAULT, *last[4:])
                _pk, site.last_inspected_on, _inspector, site.last_result, *expiry = inspections[-1]
                site.battery_expires_on, site.pads_expire_on = expiry
        AedSite.objects.bulk_create(sites, batch_size=2000)
        reset_sequence(AedSite)
        self.bulk(
            AedInspection,
            [
                "site_id",
                "inspected_on",
                "inspector",
                "result",
                "battery_expires_on",
                "pads_expire_on",
            ],
            inspections,
            len(inspections),
            "AED inspections",
        )

    # -- training -------------------------------------------------------------
    def build_training(self):
        rng = self.rng
        bases = []
        for code, name, rating, rated in TRAINING_BASES:
            d = self.by_code[code]
            bases.append(
                TrainingBase(
                    name=name,
                    district=d,
                    address=places.address(rng, d.name),
                    model_rating=rating,
                    rated_on=rated,
                    capacity=rng.choice([40, 60, 80, 120]),
                )
            )
        TrainingBase.objects.bulk_create(bases)
        bases_by_district = {}
        for base in bases:
            bases_by_district.setdefault(base.district_id, []).append(base)

        next_id = _next_id(TrainingSession)
        certified = split_int(
            CERTIFIED_TRAINEES * self.scale,
            CERTIFIED_TRAINEES * self.scale // 48,
            rng,
            spread=0.35,
            minimum=20,
        )
        awareness = split_int(
            AWARENESS_TRAINEES * self.scale,
            AWARENESS_TRAINEES * self.scale // 100,
            rng,
            spread=0.6,
            minimum=10,
        )
        sessions, rosters = [], []
        for kind, headcounts in (
            (SessionKind.CERTIFIED, certified),
            (SessionKind.AWARENESS, awareness),
        ):
            for n, headcount in enumerate(headcounts, start=1):
                d = self.district()
                # Certificates are issued when a two-day course ends: keep it inside the period.
                day = self.day(end=self.period.end - timedelta(days=2))
                base = rng.choice(bases_by_district.get(d.pk, [None]))
                starts = datetime.combine(
                    day, time(9 if kind == SessionKind.CERTIFIED else 14), SHANGHAI
                )
                ends = starts + (
                    timedelta(hours=32) if kind == SessionKind.CERTIFIED else timedelta(hours=2)
                )
                title = (
                    f"红十字救护员培训（{day.year}年第{n}期）"
                    if kind == SessionKind.CERTIFIED
                    else f"应急救护普及培训（{rng.choice(AWARENESS_VENUES)}）"
                )
                sessions.append(
                    (
                        next_id,
                        kind,
                        title,
                        starts,
                        ends,
                        d.pk,
                        base.pk if base else None,
                        base.name if base else places.address(rng, d.name),
                        places.person_name(rng),
                        headcount,
                        False,
                    )
                )
                if kind == SessionKind.CERTIFIED:
                    rosters.append((next_id, ends.date(), headcount))
                next_id += 1
        # Upcoming public sessions after the data's as-of date, for the schedule.
        for n in range(6):
            d = self.district()
            base = rng.choice(bases_by_district.get(d.pk, [None]))
            starts = datetime.combine(self.as_of + timedelta(days=7 + 9 * n), time(9), SHANGHAI)
            sessions.append(
                (
                    next_id,
                    SessionKind.CERTIFIED,
                    f"红十字救护员培训（公开报名第{n + 1}期）",
                    starts,
                    starts + timedelta(hours=32),
                    d.pk,
                    base.pk if base else None,
                    base.name if base else places.address(rng, d.name),
                    places.person_name(rng),
                    0,
                    True,
                )
            )
            next_id += 1
        self.bulk(
            TrainingSession,
            [
                "id",
                "kind",
                "title",
                "starts_at",
                "ends_at",
                "district_id",
                "base_id",
                "place",
                "instructor",
                "headcount",
                "is_open_to_public",
            ],
            sessions,
            len(sessions),
            "training sessions",
        )
        reset_sequence(TrainingSession)
        self._rosters = rosters

    def load_trainees(self):
        rosters = self._rosters
        self.bulk(
            Trainee,
            [
                "session_id",
                "name",
                "id_number_masked",
                "id_number_digest",
                "phone",
                "certificate_number",
                "issued_on",
                "expires_on",
            ],
            self._trainees(rosters),
            CERTIFIED_TRAINEES * self.scale,
            "certified trainees",
            lines=lambda suffix: self._trainees(rosters, suffix=suffix),
        )

    def _trainees(self, rosters, *, suffix=None):
        """Certificates for the rosters. People come from a pool: some retrain over the years.

        With `suffix`, the same rows (the same draws) as blocks of COPY text lines.
        """
        rng = self.trainee_rng
        total = sum(headcount for _, _, headcount in rosters)
        people = []
        for _ in range(min(total, PEOPLE_POOL)):
            number = places.id_number(rng)
            people.append(
                (
                    places.person_name(rng),
                    mask_id_number(number),
                    id_number_digest(number),
                    places.phone(rng),
                )
            )
        pick, size = rng.getrandbits, len(people)
        if suffix is not None:
            yield from self._trainee_lines(rosters, people, suffix)
            return
        serial = 0
        for session_id, issued, headcount in rosters:
            expires = _add_years(issued, CERTIFICATE_VALID_YEARS) - timedelta(days=1)
            year = issued.year
            for _ in range(headcount):
                serial += 1
                name, masked, digest, phone = people[pick(40) % size]
                yield (
                    session_id,
                    name,
                    masked,
                    digest,
                    phone,
                    f"WX{year}{serial:08d}",
                    issued,
                    expires,
                )

    def _trainee_lines(self, rosters, people, suffix):
        pick, size = self.trainee_rng.getrandbits, len(people)
        people = ["\t".join(copy_text(value) for value in person) for person in people]
        serial, lines = 0, []
        for session_id, issued, headcount in rosters:
            expires = _add_years(issued, CERTIFICATE_VALID_YEARS) - timedelta(days=1)
            head = f"{session_id}\t"
            tail = f"\t{issued.isoformat()}\t{expires.isoformat()}{suffix}"
            year = issued.year
            for _ in range(headcount):
                serial += 1
                lines.append(f"{head}{people[pick(40) % size]}\tWX{year}{serial:08d}{tail}")
            if len(lines) >= LINES_PER_BLOCK:
                yield "".join(lines), len(lines)
                lines = []
        if lines:
            yield "".join(lines), len(lines)

    # -- donations and aid ----------------------------------------------------
    def build_donations(self):
        rng, scale = self.rng, self.scale
        member_names = set()
        while len(member_names) < ALLIANCE_MEMBERS:
            member_names.add(places.company_name(rng))
        members = AllianceMember.objects.bulk_create(
            AllianceMember(
                name=name, joined_on=self.day(date(2020, 3, 1)), district=self.district()
            )
            for name in sorted(member_names)
        )
        start = self.period.start
        funds = {
            "general": Fund(
                code="general",
                name="人道救助综合基金",
                kind=FundKind.GENERAL,
                established_on=date(1994, 1, 1),
                opening_balance=GENERAL_OPENING_BALANCE * scale,
                opening_balance_on=start - timedelta(days=1),
            ),
            "epidemic": Fund(
                code="epidemic",
                name="疫情防控专项基金",
                kind=FundKind.SPECIAL,
                established_on=date(2020, 1, 24),
            ),
            "targeted": Fund(
                code="targeted",
                name="博爱送万家精准帮扶基金",
                kind=FundKind.SPECIAL,
                established_on=date(2019, 6, 1),
            ),
            "paired": Fund(
                code="paired",
                name="对口援助专项基金",
                kind=FundKind.SPECIAL,
                established_on=date(2020, 3, 1),
            ),
        }
        named = [
            Fund(
                code=f"named-{i + 1:02d}",
                name=f"{member.name.removeprefix('无锡').removesuffix('有限公司')}人道公益基金",
                kind=FundKind.NAMED,
                partner=member,
                established_on=member.joined_on,
            )
            for i, member in enumerate(rng.sample(members, NAMED_FUNDS))
        ]
        Fund.objects.bulk_create([*funds.values(), *named])

        def project(name, kind, fund, region=AidRegion.LOCAL):
            return Project.objects.create(
                name=name,
                kind=kind,
                fund=fund,
                region=region,
                started_on=max(fund.established_on, start),
            )

        targeted_projects = [
            project(n, ProjectKind.TARGETED_AID, funds["targeted"]) for n in TARGETED_PROJECTS
        ]
        general_targeted = [
            project(n, ProjectKind.TARGETED_AID, funds["general"]) for n in GENERAL_PROJECTS
        ]
        paired_projects = {
            region: project(name, ProjectKind.TARGETED_AID, funds["paired"], region)
            for region, name in PAIRED_PROJECTS.items()
        }
        epidemic_projects = [
            project(n, ProjectKind.EPIDEMIC, funds["epidemic"]) for n in EPIDEMIC_PROJECTS
        ]
        disaster = project("河南防汛救灾", ProjectKind.DISASTER, funds["general"], AidRegion.OTHER)
        named_projects = [
            project(
                f"{fund.name.split('人道公益基金')[0]}助医助学项目", ProjectKind.TARGETED_AID, fund
            )
            for fund in named
        ]
        batches = OverseasBatch.objects.bulk_create(
            OverseasBatch(
                reference=f"JW{day:%Y}{i + 1:03d}",
                origin=rng.choice(OVERSEAS_ORIGINS),
                arrived_on=day,
                customs_declaration=f"2300{rng.randint(10**9, 10**10 - 1)}",
                description=rng.choice(
                    ["医用口罩", "防护服", "医用手套", "护目镜", "呼吸机", "消毒用品"]
                )
                + "等防疫物资",
            )
            for i, day in enumerate(
                sorted_days(rng, date(2020, 1, 25), date(2022, 12, 31), OVERSEAS_BATCHES)
            )
        )

        # Donors and donations, fund by fund.
        plan = [  # (fund, amount, count, purpose, first day)
            (funds["epidemic"], RECEIVED["epidemic"], 3000, Purpose.EPIDEMIC, date(2020, 1, 24)),
            (funds["targeted"], RECEIVED["targeted"], 2000, Purpose.TARGETED_AID, start),
            (funds["paired"], RECEIVED["paired"], 400, Purpose.TARGETED_AID, date(2020, 3, 1)),
            (funds["general"], RECEIVED["general"], 3000, Purpose.GENERAL, start),
        ]
        named_amounts = split_money(RECEIVED["named"], NAMED_FUNDS, rng, minimum=Decimal("300000"))
        for fund, amount in zip(named, named_amounts, strict=True):
            plan.append((fund, amount, 40, Purpose.GENERAL, max(fund.established_on, start)))

        donor_id = _next_id(Donor)
        donors, donations, inflows = [], [], {}
        receipt = 0
        batch_slots = list(batches)
        for fund, amount, count, purpose, first_day in plan:
            count *= scale
            amounts = split_money(amount * scale, count, rng)
            days = sorted_days(
                rng,
                first_day,
                self.period.end if purpose != Purpose.EPIDEMIC else date(2022, 12, 31),
                count,
            )
            for value, day in zip(amounts, days, strict=True):
                roll = rng.random()
                batch = None
                if purpose == Purpose.EPIDEMIC and batch_slots and day >= batch_slots[0].arrived_on:
                    batch = batch_slots.pop(0)
                if batch:
                    kind, name = (
                        DonorKind.OVERSEAS,
                        f"{batch.origin}{rng.choice(['华侨华人联合会', '无锡商会', '友好城市协会', '校友会'])}",
                    )
                elif roll < 0.55:
                    kind, name = DonorKind.PERSON, places.person_name(rng)
                elif roll < 0.9:
                    kind, name = DonorKind.COMPANY, places.company_name(rng)
                else:
                    kind, name = DonorKind.ORGANIZATION, rng.choice(DONOR_ORGANIZATIONS)
                d = self.district()
                donors.append(
                    (
                        donor_id,
                        kind,
                        name,
                        places.phone(rng) if kind == DonorKind.PERSON else "",
                        places.address(rng, d.name) if kind == DonorKind.PERSON else "",
                        d.pk,
                    )
                )
                goods = batch is not None or (purpose == Purpose.EPIDEMIC and rng.random() < 0.3)
                receipt += 1
                item = rng.choice(GOODS) if goods else None
                donations.append(
                    (
                        f"WXHS{day:%Y}{receipt:08d}",
                        DonationKind.GOODS if goods else DonationKind.MONEY,
                        donor_id,
                        kind == DonorKind.PERSON and rng.random() < 0.08,
                        day,
                        value,
                        item[0] if item else "",
                        rng.randint(100, 50_000) if item else None,
                        item[1] if item else "",
                        purpose,
                        fund.pk,
                        None,
                        batch.pk if batch else None,
                        DonationStatus.ISSUED,
                        "",
                    )
                )
                inflows.setdefault(fund.pk, []).append((day, value))
                donor_id += 1
        # Receipts voided and reissued: not counted (their replacements are).
        for row in rng.sample(donations, 12):
            receipt += 1
            donations.append(
                (
                    f"WXHS{row[4]:%Y}{receipt:08d}",
                    *row[1:13],
                    DonationStatus.VOIDED,
                    "开票信息有误，作废重开",
                )
            )
        self.bulk(
            Donor,
            ["id", "kind", "name", "phone", "address", "district_id"],
            donors,
            len(donors),
            "donors",
        )
        reset_sequence(Donor)
        self.bulk(
            Donation,
            [
                "receipt_number",
                "kind",
                "donor_id",
                "is_anonymous",
                "received_on",
                "amount",
                "goods_description",
                "goods_quantity",
                "goods_unit",
                "purpose",
                "fund_id",
                "project_id",
                "overseas_batch_id",
                "status",
                "void_reason",
            ],
            donations,
            len(donations),
            "donations",
        )

        # Disbursements: never before the fund has received the money.
        named_paid = {
            fund.pk: (amount * scale * NAMED_FUND_PAID_SHARE).quantize(Decimal("0.01"))
            for fund, amount in zip(named, named_amounts, strict=True)
        }
        paired_total = sum(PAIRED_REGION_PAID.values()) * scale
        general_targeted_paid = (
            TARGETED_AID_PAID * scale
            - paired_total
            - TARGETED_FUND_PAID * scale
            - sum(named_paid.values())
        )
        payouts = [  # (fund, projects, total, count)
            (funds["targeted"], targeted_projects, TARGETED_FUND_PAID * scale, 1500 * scale),
            (funds["general"], general_targeted, general_targeted_paid, 1700 * scale),
            (funds["general"], [disaster], DISASTER_PAID * scale, 12 * scale),
            (funds["epidemic"], epidemic_projects, EPIDEMIC_PAID * scale, 300 * scale),
        ]
        for region, amount in PAIRED_REGION_PAID.items():
            payouts.append((funds["paired"], [paired_projects[region]], amount * scale, 40 * scale))
        for fund, proj in zip(named, named_projects, strict=True):
            payouts.append((fund, [proj], named_paid[fund.pk], 8 * scale))

        targeted_rows = []
        disbursements = []
        voucher = 0
        spent = {}
        for fund, projects, total, count in payouts:
            amounts = split_money(total, count, rng, minimum=Decimal("100"))
            days = _days_covered(
                inflows.get(fund.pk, []),
                amounts,
                fund.opening_balance,
                spent.get(fund.pk, []),
                rng,
                self.period.end,
            )
            spent.setdefault(fund.pk, []).extend(zip(days, amounts, strict=True))
            for value, day in zip(amounts, days, strict=True):
                voucher += 1
                proj = rng.choice(projects)
                row = [f"ZC{day:%Y}{voucher:08d}", proj.pk, day, value, 0, proj.name]
                disbursements.append(row)
                if proj.kind == ProjectKind.TARGETED_AID:
                    targeted_rows.append(row)
                else:
                    row[4] = rng.randint(20, 3000)
        for row, people in zip(
            targeted_rows,
            split_int(
                TARGETED_AID_BENEFICIARIES * scale, len(targeted_rows), rng, spread=0.9, minimum=1
            ),
            strict=True,
        ):
            row[4] = people
        self.bulk(
            Disbursement,
            ["voucher_number", "project_id", "paid_on", "amount", "beneficiaries", "description"],
            (tuple(r) for r in disbursements),
            len(disbursements),
            "disbursements",
        )
        self._build_life_donations()

    def _build_life_donations(self):
        rng = self.rng
        cases = []
        serial = 0

        def add(kind, day, recipients=0):
            nonlocal serial
            serial += 1
            cases.append(
                LifeDonation(
                    case_number=f"SM{day:%Y}{serial:05d}",
                    kind=kind,
                    donated_on=day,
                    district=self.district(),
                    recipients=recipients,
                )
            )

        for i in range(STEM_CELL_CASES):
            day = self.day() if i < 57 else self.day(date(2006, 1, 1), date(2019, 12, 31))
            add(LifeDonationKind.STEM_CELL, day)
        for people in split_int(ORGAN_RECIPIENTS, ORGAN_CASES, rng, spread=0.8, minimum=1):
            add(LifeDonationKind.ORGAN, self.day(date(2012, 1, 1)), people)
        for people in split_int(CORNEA_RECIPIENTS, CORNEA_CASES, rng, spread=0.3, minimum=1):
            add(LifeDonationKind.CORNEA, self.day(date(2012, 1, 1)), people)
        for _ in range(BODY_CASES):
            add(LifeDonationKind.BODY, self.day(date(2008, 1, 1)))
        LifeDonation.objects.bulk_create(cases)

    # -- volunteer activities -------------------------------------------------
    def build_activities(self):
        total = VOLUNTEER_ACTIVITIES * self.scale
        people = split_skewed(
            ACTIVITY_BENEFICIARIES * self.scale, total, self.activity_rng, minimum=5
        )
        self.bulk(
            VolunteerActivity,
            [
                "title",
                "category",
                "held_on",
                "district_id",
                "home_id",
                "volunteers",
                "beneficiaries",
            ],
            self._activities(people),
            total,
            "volunteer activities",
            lines=lambda suffix: self._activities(people, suffix=suffix),
        )

    def _activities(self, people, *, suffix=None):
        # Millions of rows at --scale 100: one random draw per row, split into its choices.
        # With `suffix`, the same rows as blocks of COPY text lines.
        pick = self.activity_rng.getrandbits
        titles = [
            (category, title) for category, names in ACTIVITY_TITLES.items() for title in names
        ]
        # About 85% of activities are held at a Boai home; the rest elsewhere in a district.
        places_ = [(h.pk, h.district_id) for h in self.homes]
        places_ += [(None, d.pk) for d in self.districts] * max(
            1, len(places_) * 15 // 85 // len(self.districts)
        )
        days = [
            self.period.start + timedelta(days=n)
            for n in range((self.period.end - self.period.start).days + 1)
        ]
        n_titles, n_places, n_days = len(titles), len(places_), len(days)
        if suffix is not None:
            titles = [f"{copy_text(title)}\t{copy_text(category)}" for category, title in titles]
            places_ = [f"{district_id}\t{copy_text(home_id)}" for home_id, district_id in places_]
            days = [day.isoformat() for day in days]
            lines = []
            for served in people:
                r = pick(64)
                r, t = divmod(r, n_titles)
                r, p = divmod(r, n_places)
                r, d = divmod(r, n_days)
                lines.append(
                    f"{titles[t]}\t{days[d]}\t{places_[p]}\t{3 + r % 28}\t{served}{suffix}"
                )
                if len(lines) >= LINES_PER_BLOCK:
                    yield "".join(lines), len(lines)
                    lines = []
            if lines:
                yield "".join(lines), len(lines)
            return
        for served in people:
            r = pick(64)
            r, t = divmod(r, n_titles)
            r, p = divmod(r, n_places)
            r, d = divmod(r, n_days)
            category, title = titles[t]
            home_id, district_id = places_[p]
            yield (title, category, days[d], district_id, home_id, 3 + r % 28, served)

    # -- accounts -----------------------------------------------------------
    def build_accounts(self):
        User = get_user_model()
        for username, group in DEMO_ACCOUNTS.items():
            user, _ = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = group is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if group:
                user.groups.set([Group.objects.get(name=group)])


def _next_id(model) -> int:
    """The first free id, for rows written with explicit ids that others point to."""
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def _numbered(counts: Counter, name: str, scope=None) -> str:
    """The name itself the first time, then 名称（2）, 名称（3）… within `scope`."""
    counts[scope, name] += 1
    n = counts[scope, name]
    return name if n == 1 else f"{name}（{n}）"


def _proportional(total: int, weights: list[int]) -> list[int]:
    shares = [total * w // sum(weights) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _days_covered(inflows, amounts, opening, already_spent, rng, last_day):
    """A date for each payout, on or after the day the fund had received enough to cover it."""
    events = sorted(inflows)
    received = list(accumulate((value for _, value in events), initial=opening))[1:]
    spent = sum((v for _, v in already_spent), Decimal(0))
    first = events[0][0] if events else last_day
    days, previous = [], None
    for value in amounts:
        spent += value
        need = first if spent <= opening else events[bisect_left(received, spent)][0]
        day = min(last_day, need + timedelta(days=rng.randint(0, 20)))
        if previous and day < previous:
            day = previous
        days.append(day)
        previous = day
    return days


RESCUE_TEAMS = [
    ("liangxi", "无锡市红十字救援队"),
    ("liangxi", "梁溪区红十字应急救护队"),
    ("xishan", "锡山区红十字应急救援队"),
    ("huishan", "惠山区红十字救援队"),
    ("binhu", "滨湖区红十字水上救援队"),
    ("xinwu", "新吴区红十字救援队"),
    ("jiangyin", "江阴市红十字水上救援队"),
    ("yixing", "宜兴市红十字山地救援队"),
    ("jingkai", "经开区红十字救援队"),
    ("binhu", "无锡市红十字蓝天救援队"),
    ("huishan", "无锡市红十字搜救犬队"),
]

TWO_NEW_NAMES = [
    "{word}律师事务所",
    "{word}会计师事务所",
    "{word}社会工作服务社",
    "{word}养老服务中心",
    "{word}商会",
    "{word}物业服务企业党群服务站",
]

OPERATIONS = [
    (OperationKind.EVENT, "无锡马拉松医疗保障", "无锡市"),
    (OperationKind.EVENT, "太湖灵山半程马拉松医疗保障", "滨湖区"),
    (OperationKind.EVENT, "环太湖国际公路自行车赛保障", "无锡市"),
    (OperationKind.EVENT, "中考高考应急救护保障", "无锡市"),
    (OperationKind.EVENT, "大型演唱会应急救护保障", "无锡体育中心"),
    (OperationKind.DISASTER, "防汛抗台应急救援", "无锡市"),
    (OperationKind.DISASTER, "河南防汛救灾", "河南省"),
    (OperationKind.DISASTER, "太湖水域应急搜救", "太湖"),
    (OperationKind.SEARCH, "山地走失人员搜救", "宜兴市"),
    (OperationKind.SEARCH, "水域落水人员搜救", "江阴市"),
    (OperationKind.OTHER, "疫情防控志愿服务", "无锡市"),
]

BOAI_SERVICES = [
    "应急救护",
    "助老服务",
    "助残服务",
    "助困帮扶",
    "助医服务",
    "助学服务",
    "健康讲座",
    "心理疏导",
    "防灾减灾",
    "志愿者之家",
]
RATING_CRITERIA = [
    ("site", "阵地建设", 20),
    ("management", "组织管理", 20),
    ("services", "服务开展", 30),
    ("volunteers", "志愿队伍", 15),
    ("publicity", "宣传与公开", 15),
]
SCENIC_SPOTS = [
    ("binhu", "鼋头渚景区"),
    ("binhu", "灵山胜境"),
    ("binhu", "拈花湾"),
    ("liangxi", "惠山古镇"),
    ("binhu", "蠡园"),
    ("yixing", "竹海风景区"),
    ("yixing", "善卷洞风景区"),
    ("jiangyin", "华西村景区"),
]

AUTHORITIES = [
    ("人力资源和社会保障部", HonorLevel.NATIONAL),
    ("中国红十字会总会", HonorLevel.NATIONAL),
    ("教育部", HonorLevel.NATIONAL),
    ("中国志愿服务联合会", HonorLevel.NATIONAL),
    ("河南省精神文明建设指导委员会", HonorLevel.PROVINCIAL),
    ("江苏省红十字会", HonorLevel.PROVINCIAL),
    ("江苏省人力资源和社会保障厅", HonorLevel.PROVINCIAL),
    ("江苏省科学技术协会", HonorLevel.PROVINCIAL),
    ("江苏省精神文明建设指导委员会", HonorLevel.PROVINCIAL),
    ("中共无锡市委", HonorLevel.MUNICIPAL),
    ("无锡市人民政府", HonorLevel.MUNICIPAL),
    ("中共无锡市级机关工作委员会", HonorLevel.MUNICIPAL),
    ("无锡市精神文明建设指导委员会", HonorLevel.MUNICIPAL),
    ("无锡市梁溪区人民政府", HonorLevel.DISTRICT),
]

_N, _P, _M = HonorLevel.NATIONAL, HonorLevel.PROVINCIAL, HonorLevel.MUNICIPAL
_C = HonorCategory
NAMED_HONORS = [  # title, level, date, conferred by, category, recipient
    (
        "全国红十字系统先进集体",
        _N,
        date(2024, 10, 9),
        ["人力资源和社会保障部", "中国红十字会总会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "江苏省红十字系统先进集体",
        _P,
        date(2022, 6, 28),
        ["江苏省人力资源和社会保障厅", "江苏省红十字会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "2021年江苏省“全国科普日”优秀组织单位",
        _P,
        date(2021, 11, 20),
        ["江苏省科学技术协会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "2019—2021年度江苏省文明单位",
        _P,
        date(2022, 3, 15),
        ["江苏省精神文明建设指导委员会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "无锡市2023年度高质量发展综合考核“比学赶超”奋进奖",
        _M,
        date(2024, 2, 20),
        ["中共无锡市委", "无锡市人民政府"],
        _C.ASSESSMENT,
        "society",
    ),
    (
        "2020年江苏省红十字急救救护职业技能竞赛冠军、特等奖",
        _P,
        date(2020, 11, 6),
        ["江苏省红十字会"],
        _C.COMPETITION,
        "society",
    ),
    (
        "2022年江苏省红十字急救救护职业技能竞赛冠军、特等奖",
        _P,
        date(2022, 11, 18),
        ["江苏省红十字会"],
        _C.COMPETITION,
        "society",
    ),
    (
        "2024年江苏省红十字急救救护职业技能竞赛冠军、特等奖",
        _P,
        date(2024, 9, 26),
        ["江苏省红十字会"],
        _C.COMPETITION,
        "society",
    ),
    (
        "优秀志愿服务组织",
        _N,
        date(2022, 3, 5),
        ["中国志愿服务联合会", "河南省精神文明建设指导委员会"],
        _C.COLLECTIVE,
        "rescue_team",
    ),
    *[
        (
            f"{year}年度中国红十字会总会报刊宣传先进集体特等奖",
            _N,
            date(year + 1, 3, 10),
            ["中国红十字会总会"],
            _C.PUBLICITY,
            "society",
        )
        for year in range(2019, 2024)
    ],
    (
        "江苏省红十字博爱家园推进奖",
        _P,
        date(2023, 12, 12),
        ["江苏省红十字会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "2023年全国地市级红十字会透明度指数评价全省第一",
        _P,
        date(2024, 4, 18),
        ["江苏省红十字会"],
        _C.ASSESSMENT,
        "society",
    ),
    (
        "全国学雷锋志愿服务“四个100”最美志愿服务社区",
        _N,
        date(2021, 3, 5),
        ["中国志愿服务联合会"],
        _C.COLLECTIVE,
        "qingshan",
    ),
    ("全国红十字模范单位", _N, date(2023, 5, 8), ["中国红十字会总会"], _C.COLLECTIVE, "junshan"),
    (
        "市级机关2022年服务高质量发展“先锋党支部”",
        _M,
        date(2023, 1, 16),
        ["中共无锡市级机关工作委员会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "市级机关2023年“创新型党支部”",
        _M,
        date(2024, 1, 18),
        ["中共无锡市级机关工作委员会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "2022—2023年度市级机关先进基层党组织",
        _M,
        date(2024, 6, 28),
        ["中共无锡市级机关工作委员会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "无锡市党建带群建优秀案例",
        _M,
        date(2023, 10, 12),
        ["中共无锡市级机关工作委员会"],
        _C.COLLECTIVE,
        "society",
    ),
    (
        "无锡市新时代文明实践项目大赛优秀组织单位",
        _M,
        date(2023, 12, 6),
        ["无锡市精神文明建设指导委员会"],
        _C.COLLECTIVE,
        "society",
    ),
]

_R = RecipientKind
GENERATED_HONORS = [  # level, title, conferred by, recipient kind
    (_P, "江苏省红十字系统先进集体", "江苏省红十字会", _R.BRANCH),
    (_P, "江苏省红十字会重点工作目标考核优秀单位", "江苏省红十字会", _R.SOCIETY),
    (_P, "江苏省红十字应急救护工作先进单位", "江苏省红十字会", _R.BRANCH),
    (_P, "江苏省造血干细胞捐献工作先进单位", "江苏省红十字会", _R.BRANCH),
    (_P, "江苏省红十字志愿服务先进个人", "江苏省红十字会", _R.PERSON),
    (_M, "无锡市文明单位", "无锡市精神文明建设指导委员会", _R.BRANCH),
    (_M, "无锡市志愿服务先进集体", "无锡市精神文明建设指导委员会", _R.TEAM),
    (_M, "无锡市五星级博爱家园示范点", "无锡市人民政府", _R.BOAI_HOME),
    (_N, "全国红十字志愿服务先进典型", "中国红十字会总会", _R.PERSON),
    (_N, "中国红十字会“会员之星”", "中国红十字会总会", _R.PERSON),
]

AED_VENUES = {  # weight, name pattern, usual opening hours
    VenueType.METRO: (14, "无锡地铁{n}号线{word}站", "Mo-Su 06:00-23:00"),
    VenueType.TRANSPORT: (6, "{district}{word}客运站", "Mo-Su 05:30-22:00"),
    VenueType.MALL: (14, "{word}广场购物中心", "Mo-Su 10:00-22:00"),
    VenueType.SCHOOL: (14, "{district}{word}中学", "Mo-Fr 07:00-18:00"),
    VenueType.SPORTS: (9, "{district}{word}体育馆", "Mo-Su 06:00-21:00"),
    VenueType.SCENIC: (9, "{word}公园", "Mo-Su 06:00-20:00"),
    VenueType.GOVERNMENT: (
        10,
        "{district}政务服务中心{word}分中心",
        "Mo-Fr 09:00-17:00; Sa 09:00-12:00",
    ),
    VenueType.COMMUNITY: (14, "{word}社区党群服务中心", "Mo-Su 08:00-20:00"),
    VenueType.HOTEL: (4, "{word}大酒店", "24/7"),
    VenueType.OFFICE: (6, "{word}大厦", "Mo-Fr 08:00-19:00"),
}
AED_DEVICES = [
    ("迈瑞", "BeneHeart C1A"),
    ("迈瑞", "BeneHeart S2"),
    ("久心", "iAED-S1"),
    ("Philips", "HeartStart HS1"),
    ("ZOLL", "AED Plus"),
    ("科曼", "S5"),
]
AED_SPOTS = [
    "一楼大厅服务台旁",
    "东入口安检处左侧",
    "二楼电梯厅",
    "站厅层客服中心旁",
    "游客服务中心内",
    "门卫室外墙",
    "体育馆东门内侧",
    "一楼消防控制室旁",
]

TRAINING_BASES = [
    ("liangxi", "无锡市红十字应急救护培训中心", ModelRating.NATIONAL, date(2021, 9, 10)),
    ("jiangyin", "江阴市红十字应急救护培训基地", ModelRating.NATIONAL, date(2022, 9, 9)),
    ("yixing", "宜兴市红十字应急救护培训基地", ModelRating.NATIONAL, date(2023, 9, 8)),
    ("xishan", "锡山区红十字救护培训基地", ModelRating.PROVINCIAL, date(2020, 11, 20)),
    ("huishan", "惠山区红十字救护培训基地", ModelRating.PROVINCIAL, date(2020, 11, 20)),
    ("binhu", "滨湖区红十字救护培训基地", ModelRating.PROVINCIAL, date(2021, 11, 26)),
    ("xinwu", "新吴区红十字救护培训基地", ModelRating.PROVINCIAL, date(2021, 11, 26)),
    ("liangxi", "无锡市第二人民医院急救培训实训基地", ModelRating.PROVINCIAL, date(2022, 12, 2)),
    ("binhu", "江南大学红十字应急救护实训基地", ModelRating.PROVINCIAL, date(2023, 12, 1)),
    ("jingkai", "经开区红十字应急救护实训基地", ModelRating.PROVINCIAL, date(2024, 6, 14)),
]
AWARENESS_VENUES = ["社区", "学校", "企业", "机关", "景区", "交通场站", "养老机构"]

TARGETED_PROJECTS = ["博爱送万家", "低收入人口精准帮扶“3610”行动", "困境儿童助学", "大病医疗救助"]
GENERAL_PROJECTS = ["人道万人捐救助", "城乡困难群众帮扶", "重度残疾人关爱"]
PAIRED_PROJECTS = {
    AidRegion.YANAN: "对口援助延安博爱项目",
    AidRegion.HAIDONG: "对口援助海东博爱项目",
    AidRegion.XINJIANG: "对口援助新疆博爱项目",
}
EPIDEMIC_PROJECTS = ["疫情防控物资援助", "一线医护人员关爱", "社区防控志愿服务保障"]
OVERSEAS_ORIGINS = [
    "日本",
    "韩国",
    "新加坡",
    "德国",
    "美国",
    "澳大利亚",
    "中国香港",
    "中国台湾",
    "意大利",
    "加拿大",
]
DONOR_ORGANIZATIONS = [
    "无锡市慈善总会",
    "无锡市总工会",
    "江南大学校友会",
    "无锡市工商业联合会",
    "无锡市青年企业家协会",
    "无锡市台商协会",
]
GOODS = [
    ("医用口罩", "只"),
    ("防护服", "套"),
    ("消毒液", "升"),
    ("医用手套", "副"),
    ("额温枪", "支"),
    ("大米", "袋"),
    ("食用油", "桶"),
]
ACTIVITY_TITLES = {
    ActivityCategory.POVERTY: ["困难家庭走访慰问", "爱心物资发放", "博爱送万家入户帮扶"],
    ActivityCategory.MEDICAL: ["社区义诊", "健康知识讲座", "应急救护技能普及"],
    ActivityCategory.EDUCATION: ["困境儿童课业辅导", "暑期“博爱青春”课堂", "安全教育进校园"],
    ActivityCategory.ELDERLY: ["独居老人上门探访", "老年人防跌倒讲座", "助老理发义剪"],
    ActivityCategory.DISABILITY: ["残疾人康复陪护", "助残出行服务", "残疾人家庭探访"],
}


# Apps whose every table the demo fills; with core's population records and last changes.
DEMO_APPS = {"honors", "organizations", "aed", "training", "donations", "boai"}


def demo_models() -> list[type]:
    """The models whose tables the build writes (not the history tables, which it never
    writes and which may hold the audit trail of records deleted before)."""
    from django.apps import apps

    from apps.core.models import LastChange

    return [
        model
        for model in apps.get_models(include_auto_created=True)  # many-to-many tables too
        if model._meta.app_label in DEMO_APPS and not model.__name__.startswith("Historical")
    ] + [PopulationRecord, LastChange]


def empty_demo_tables() -> None:
    """After a failed parallel build: the tables it wrote, empty when it began, emptied."""
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in demo_models())
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY")


class _InThread(threading.Thread):
    """`work` in a transaction on a connection of its own; `result()` re-raises its error."""

    def __init__(self, work):
        super().__init__(name="demo-certificates", daemon=True)
        self.work, self.error = work, None

    def run(self):
        try:
            with transaction.atomic():
                self.work()
        except BaseException as error:
            self.error = error
        finally:
            connections.close_all()

    def result(self):
        self.join()
        if self.error is not None:
            raise self.error
