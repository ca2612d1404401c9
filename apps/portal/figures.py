"""One definition per public figure (F1–F24) and per open dataset.

A figure's definition says what it counts and what it leaves out, the period it
covers, which records stand behind it (a queryset), the public columns of their
download and how the value is computed (through its area's selector). The home page,
the area pages' "how is this counted" pages, the public download, its manifest, the
auditors' `export` datasets (apps/portal/exports.py) and the tests all read it here, so
they cannot drift apart: summing the download's value column gives the figure shown.

Columns are an allow-list of what the public pages already show; nothing personal
(ID numbers, phones, addresses of persons, names of anonymous donors) is ever listed.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.aed.models import AedSite, DeviceStatus, VenueType
from apps.aed.selectors import aeds_placed, aeds_placed_count
from apps.boai.models import BoaiHome, ServiceSite, SiteKind, VolunteerActivity
from apps.boai.selectors import boai_home_counts, service_site_counts, volunteer_activity_totals
from apps.core.changes import last_change
from apps.core.exports import ITERATOR_CHUNK, ExportStats, choice_labels, csv_chunks
from apps.core.models import PopulationRecord
from apps.core.periods import Period
from apps.donations.models import (
    PAIRED_REGIONS,
    AidRegion,
    AllianceMember,
    Disbursement,
    Donation,
    DonationKind,
    DonorKind,
    Fund,
    FundKind,
    LifeDonation,
    LifeDonationKind,
    ProjectKind,
    Purpose,
    mask_person_name,
)
from apps.donations.selectors import (
    alliance_totals,
    fundraising_totals,
    life_donation_totals,
    overseas_batches,
    targeted_aid_totals,
)
from apps.honors.models import Honor, HonorCategory, HonorLevel, RecipientKind
from apps.honors.selectors import featured_honor, honors_counted, national_pilot_schools
from apps.organizations.models import Organization, OrganizationKind, RescueOperation
from apps.organizations.selectors import organization_counts, rescue_operation_totals
from apps.training.models import (
    ModelRating,
    TrainingBase,
    TrainingBaseline,
    TrainingSession,
)
from apps.training.selectors import (
    awareness_sessions,
    certified_trainees,
    training_base_counts,
    training_coverage,
    training_coverage_by_district,
)

LICENCE = _("Creative Commons Attribution 4.0 International (CC BY 4.0)")
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


# --- columns -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One public column: its key, header, the lookup it reads and how its value is shown."""

    key: str
    header: Promise
    path: str
    labels: Callable[[], dict] | None = None  # choice value -> label, made once per download


def col(key, header, path=None, choices=None):
    return Column(key, header, path or key, (lambda: choice_labels(choices)) if choices else None)


DISTRICT = col("district", _("district"), "district__name")


# --- tables: the rows of a download ---------------------------------------------------


class Table:
    """Rows with fixed public columns: what a figure's download and an open dataset share.

    Also an `apps.core.exports.Export` in all but name (headers, keys, money columns,
    `iter_rows`), so that the shared CSV writer writes it and counts its manifest.
    """

    name: str
    title: Promise
    columns: tuple[Column, ...]
    money_columns: frozenset[str] = frozenset()
    ordering: tuple[str, ...] = ("pk",)

    @property
    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def queryset(self, period: Period) -> QuerySet:
        raise NotImplementedError

    def iter_rows(self, period: Period) -> Iterator[list]:
        """The download's rows, read as tuples in a fixed order and streamed in chunks."""
        labels = [c.labels() if c.labels else None for c in self.columns]
        rows = (
            self.queryset(period)
            .order_by(*self.ordering)
            .values_list(*[c.path for c in self.columns])
            .iterator(chunk_size=ITERATOR_CHUNK)
        )
        for row in rows:
            yield [
                value if names is None else names[value]
                for value, names in zip(row, labels, strict=True)
            ]

    def record_count(self, period: Period) -> int:
        return self.queryset(period).count()

    def as_of_sources(self, period: Period) -> list[QuerySet]:
        return [self.queryset(period)]

    def data_as_of(self, period: Period, known: dict | None = None) -> datetime | None:
        """The latest change (save or delete) to the kinds of record behind the rows (None
        when none was ever written): one read of apps.core.changes, whatever the volume,
        or none with `known` (apps.core.changes.last_changes())."""
        return last_change((qs.model for qs in self.as_of_sources(period)), known)


# --- figures -------------------------------------------------------------------------

PERIOD = "period"  # records dated in the reporting period
TO_DATE = "to_date"  # every record up to today
CURRENT = "current"  # the state today (active records)


@dataclass(frozen=True, eq=False)
class FigureDefinition(Table):
    key: str
    label: Promise
    area: str
    counts: Promise  # what is counted, in plain words
    excludes: Promise  # what is not counted
    scope: str  # PERIOD, TO_DATE or CURRENT
    compute: Callable[[Period], dict]  # the area selector, as a dict of values
    part: str  # which of its values is this figure
    records: Callable[[Period], QuerySet]
    columns: tuple[Column, ...]
    measure: str = ""  # the column whose sum is the figure; empty: the number of rows
    kind: str = "count"  # count | money | percent
    derivation: Promise | None = None  # how a ratio or a stored number is derived
    ordering: tuple[str, ...] = ("pk",)
    sources: Callable[[Period], list[QuerySet]] | None = None
    row_source: Callable[[Period], Iterator[list]] | None = None
    count_source: Callable[[Period], int] | None = None
    count_part: str = ""  # the value of `compute` that is the number of records, if any
    money_columns: frozenset[str] = field(default_factory=frozenset)

    @property
    def name(self) -> str:
        return "figure-" + self.key.lower().replace(".", "-")

    @property
    def title(self) -> str:
        return f"{self.key} {self.label}"

    def queryset(self, period):
        return self.records(period)

    def iter_rows(self, period):
        if self.row_source is not None:
            yield from self.row_source(period)
        else:
            yield from super().iter_rows(period)

    def record_count(self, period, cache: dict | None = None):
        """How many records are behind the figure, without counting a large table per page
        view: a count figure is its own record count (its download has one row per unit
        counted, which tests/portal/test_figures.py holds it to); a sum whose selector also
        counts its records names that value (`count_part`), another a tally-backed
        `count_source`; the small tables left are counted. With the `cache` that valued
        the figure, its selector is not called again."""
        if self.count_part:
            return self.computed(period, cache)[self.count_part]
        if self.count_source is not None:
            return self.count_source(period)
        if self.kind == "count" and not self.measure:
            return self.value(period, cache)
        return super().record_count(period)

    def as_of_sources(self, period):
        return self.sources(period) if self.sources else [self.records(period)]

    def computed(self, period: Period, cache: dict | None = None) -> dict:
        """Every value of the figure's selector family; `cache` shares one call per family
        (among figures, or between a figure's value and its record count)."""
        cache = {} if cache is None else cache
        if self.compute not in cache:
            cache[self.compute] = self.compute(period)
        return cache[self.compute]

    def value(self, period: Period, cache: dict | None = None):
        """The figure, from its area's selector (see `computed` for `cache`)."""
        return self.computed(period, cache)[self.part]

    def value_from_totals(self, rows: int, totals: dict):
        """The figure rebuilt from a download: its row count, or its column sums."""
        if self.kind == "percent":
            return percent(totals["trained"], totals["population"])
        if self.measure:
            total = totals[self.measure]
            return total if self.measure in self.money_columns else int(total)
        return rows


def percent(part, whole) -> Decimal | None:
    """One decimal, half up: the rounding of `training_coverage`."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


# Selector families: one call gives every figure of the family (the home page's budget).
def _honors(period):
    featured = featured_honor()
    return {
        "counted": honors_counted(period).count(),
        "nationwide": featured.units_nationwide if featured else None,
        "jiangsu": featured.units_in_province if featured else None,
        "pilot_schools": national_pilot_schools().count(),
    }


def _organizations(period):
    return organization_counts()


def _rescue(period):
    return rescue_operation_totals(period)


def _aed(period):
    return {"placed": aeds_placed_count(period)}


def _coverage(period):
    return training_coverage(period)


def _bases(period):
    return training_base_counts()


def _life(period):
    return life_donation_totals()


def _raised(period):
    return fundraising_totals(period)


def _overseas(period):
    return {"batches": overseas_batches(period).count()}


def _alliance(period):
    return alliance_totals()


def _aid(period):
    return targeted_aid_totals(period)


def _homes(period):
    return boai_home_counts()


def _sites(period):
    return service_site_counts()


def _activities(period):
    return volunteer_activity_totals(period)


# Records behind the figures (each the same filter as its selector).
def _featured_honor(period):
    featured = featured_honor()
    return Honor.objects.filter(pk=featured.pk) if featured else Honor.objects.none()


def _pilot_schools(period):
    return Organization.objects.filter(pk__in=national_pilot_schools())


def _active_orgs(**filters):
    return lambda period: Organization.objects.active().filter(**filters)


def _valid_donations(period):
    return Donation.objects.valid().received_between(period.start, period.end)


def _targeted_aid(period):
    return Disbursement.objects.paid_between(period.start, period.end).filter(
        project__kind=ProjectKind.TARGETED_AID
    )


def _awareness_sessions(period):
    return TrainingSession.objects.awareness().held_between(period.start, period.end)


# Coverage (F9) is a ratio: its download is the derivation table, one row per district.
def _coverage_rows(period):
    for row in training_coverage_by_district(period):
        yield [
            row["district"].name,
            row["baseline"],
            row["certified"],
            row["awareness"],
            row["trained"],
            row["population"],
        ]


def _coverage_count(period):
    return len(training_coverage_by_district(period))


def _coverage_sources(period):
    return [
        TrainingBaseline.objects.all(),
        PopulationRecord.objects.filter(year__lte=period.end.year),
        certified_trainees(period),
        _awareness_sessions(period),
    ]


HONOR_COLUMNS = (
    col("title", _("title")),
    col("level", _("level"), choices=HonorLevel),
    col("category", _("category"), choices=HonorCategory),
    col("conferred_on", _("conferred on")),
    col("recipient_kind", _("recipient kind"), choices=RecipientKind),
    col("organization", _("recipient organization"), "organization__name"),
    col("boai_home", _("recipient Boai home"), "boai_home__name"),
    col("recipient_name", _("recipient")),
)
ORGANIZATION_COLUMNS = (
    col("id", _("ID"), "pk"),
    col("name", _("name")),
    col("kind", _("kind"), choices=OrganizationKind),
    DISTRICT,
    col("founded_on", _("founded on")),
    col("is_model_school", _("Jiangsu model school")),
    col("members", _("members")),
)
RESCUE_COLUMNS = (
    col("title", _("title")),
    col("team", _("rescue team"), "team__name"),
    col("started_on", _("started on")),
    col("ended_on", _("ended on")),
    col("beneficiaries", _("beneficiaries")),
)
AED_COLUMNS = (
    col("id", _("ID"), "pk"),
    col("name", _("name")),
    DISTRICT,
    col("address", _("address")),
    col("latitude", _("latitude (WGS-84)")),
    col("longitude", _("longitude (WGS-84)")),
    col("venue_type", _("venue type"), choices=VenueType),
    col("indoor", _("indoor")),
    col("location_detail", _("where inside")),
    col("access", _("access")),
    col("opening_hours", _("opening hours")),
    col("manufacturer", _("manufacturer")),
    col("device_model", _("device model")),
    col("installed_on", _("installed on")),
    col("status", _("status"), choices=DeviceStatus),
)
TRAINEE_COLUMNS = (
    col("issued_on", _("certificate issued on")),
    col("session", _("session"), "session__title"),
    col("district", _("district"), "session__district__name"),
    col("base", _("training base"), "session__base__name"),
)
SESSION_COLUMNS = (
    col("title", _("title")),
    col("starts_at", _("starts at")),
    DISTRICT,
    col("place", _("place")),
    col("headcount", _("headcount")),
)
BASE_COLUMNS = (
    col("name", _("name")),
    DISTRICT,
    col("model_rating", _("model rating"), choices=ModelRating),
    col("rated_on", _("rated on")),
)
LIFE_COLUMNS = (
    col("case_number", _("case number")),
    col("kind", _("kind"), choices=LifeDonationKind),
    col("donated_on", _("donated on")),
    DISTRICT,
    col("recipients", _("people helped")),
)
DISBURSEMENT_COLUMNS = (
    col("voucher_number", _("voucher number")),
    col("paid_on", _("paid on")),
    col("project", _("project"), "project__name"),
    col("region", _("region"), "project__region", AidRegion),
    col("fund", _("fund"), "project__fund__name"),
    col("amount", _("amount (CNY)")),
    col("beneficiaries", _("people helped")),
)
BOAI_COLUMNS = (
    col("id", _("ID"), "pk"),
    col("name", _("name")),
    DISTRICT,
    col("community", _("community")),
    col("address", _("address")),
    col("latitude", _("latitude (WGS-84)")),
    col("longitude", _("longitude (WGS-84)")),
    col("opened_year", _("opened in")),
    col("excellent_year", _("named Jiangsu excellent Boai home in")),
)
SITE_COLUMNS = (
    col("name", _("name")),
    col("kind", _("kind"), choices=SiteKind),
    DISTRICT,
    col("opened_on", _("opened on")),
)
ACTIVITY_COLUMNS = (
    col("title", _("title")),
    col("held_on", _("held on")),
    DISTRICT,
    col("home", _("Boai home"), "home__name"),
    col("volunteers", _("volunteers")),
    col("beneficiaries", _("people served (person-times)")),
)


class DonationRows:
    """Receipts as the public list shows them: persons by family name, anonymous gifts unnamed."""

    columns = (
        col("receipt_number", _("receipt number")),
        col("received_on", _("received on")),
        col("donor", _("donor"), "donor__name"),
        col("kind", _("kind"), choices=DonationKind),
        col("amount", _("amount (CNY)")),
        col("goods_description", _("goods description")),
        col("purpose", _("purpose"), choices=Purpose),
        col("fund", _("fund"), "fund__name"),
        col("project", _("designated project"), "project__name"),
    )
    ordering = ("received_on", "receipt_number")

    @classmethod
    def rows(cls, queryset) -> Iterator[list]:
        kinds, purposes = choice_labels(DonationKind), choice_labels(Purpose)
        anonymous = gettext("Anonymous")
        rows = (
            queryset.order_by(*cls.ordering)
            .values_list(
                "receipt_number",
                "received_on",
                "donor__name",
                "donor__kind",
                "is_anonymous",
                "kind",
                "amount",
                "goods_description",
                "purpose",
                "fund__name",
                "project__name",
            )
            .iterator(chunk_size=ITERATOR_CHUNK)
        )
        for (
            number,
            day,
            name,
            donor_kind,
            is_anonymous,
            kind,
            amount,
            goods,
            purpose,
            fund,
            project,
        ) in rows:
            if is_anonymous:
                donor = anonymous
            elif donor_kind == DonorKind.PERSON:
                donor = mask_person_name(name)
            else:
                donor = name
            yield [number, day, donor, kinds[kind], amount, goods, purposes[purpose], fund, project]


def _donation_rows(records):
    return lambda period: DonationRows.rows(records(period))


def _epidemic_donations(period):
    return _valid_donations(period).filter(purpose=Purpose.EPIDEMIC)


def _named_fund_donations(period):
    return Donation.objects.valid().filter(fund__kind=FundKind.NAMED)


MONEY = frozenset({"amount"})

FIGURES: tuple[FigureDefinition, ...] = (
    FigureDefinition(
        key="F1",
        label=_("honors at national, provincial and municipal level"),
        area="honors",
        counts=_(
            "Published honors conferred in the reporting period at national, provincial or "
            "municipal level, one per certificate, whoever received it."
        ),
        excludes=_(
            "Honors at district or other levels, honors not yet published, and honors "
            "conferred before or after the period."
        ),
        scope=PERIOD,
        compute=_honors,
        part="counted",
        records=honors_counted,
        columns=HONOR_COLUMNS,
        ordering=("conferred_on", "pk"),
    ),
    FigureDefinition(
        key="F2.nationwide",
        label=_("units named National Red Cross System Advanced Collective"),
        area="honors",
        counts=_(
            "The number of units in China that received the featured honor, as stated on its "
            "award document."
        ),
        excludes=_("It is not counted from records: only the featured honor itself is on record."),
        scope=CURRENT,
        compute=_honors,
        part="nationwide",
        records=_featured_honor,
        columns=(*HONOR_COLUMNS, col("units_nationwide", _("units nationwide"))),
        measure="units_nationwide",
        derivation=_(
            "A stored number: staff enter it from the award document on the featured honor's "
            "record. The download holds that one record."
        ),
    ),
    FigureDefinition(
        key="F2.jiangsu",
        label=_("of them in Jiangsu"),
        area="honors",
        counts=_(
            "The number of units in Jiangsu that received the featured honor, as stated on its "
            "award document."
        ),
        excludes=_("It is not counted from records: only the featured honor itself is on record."),
        scope=CURRENT,
        compute=_honors,
        part="jiangsu",
        records=_featured_honor,
        columns=(*HONOR_COLUMNS, col("units_in_province", _("units in Jiangsu"))),
        measure="units_in_province",
        derivation=_(
            "A stored number: staff enter it from the award document on the featured honor's "
            "record. The download holds that one record."
        ),
    ),
    FigureDefinition(
        key="F3",
        label=_("grassroots organizations"),
        area="organizations",
        counts=_("Every active grassroots Red Cross organization of every kind, as of today."),
        excludes=_("Organizations that have been closed or merged (marked inactive)."),
        scope=CURRENT,
        compute=_organizations,
        part="total",
        records=_active_orgs(),
        columns=ORGANIZATION_COLUMNS,
    ),
    FigureDefinition(
        key="F4",
        label=_("rescue teams"),
        area="organizations",
        counts=_("Active organizations of the kind rescue team, as of today."),
        excludes=_("Inactive teams and volunteer service teams."),
        scope=CURRENT,
        compute=_organizations,
        part="rescue_teams",
        records=_active_orgs(kind=OrganizationKind.RESCUE_TEAM),
        columns=ORGANIZATION_COLUMNS,
    ),
    FigureDefinition(
        key="F5.operations",
        label=_("rescue operations"),
        area="organizations",
        counts=_(
            "Rescue operations (disasters, major events) that started in the reporting period."
        ),
        excludes=_("Operations that started before or after the period."),
        scope=PERIOD,
        compute=_rescue,
        part="operations",
        records=lambda period: RescueOperation.objects.started_between(period.start, period.end),
        columns=RESCUE_COLUMNS,
        ordering=("started_on", "pk"),
    ),
    FigureDefinition(
        key="F5.beneficiaries",
        label=_("people who benefited from rescue operations"),
        area="organizations",
        counts=_(
            "The beneficiaries recorded for each rescue operation that started in the reporting "
            "period, added up."
        ),
        excludes=_(
            "Operations outside the period. A person helped by two operations is counted twice."
        ),
        scope=PERIOD,
        compute=_rescue,
        part="beneficiaries",
        records=lambda period: RescueOperation.objects.started_between(period.start, period.end),
        columns=RESCUE_COLUMNS,
        measure="beneficiaries",
        ordering=("started_on", "pk"),
    ),
    FigureDefinition(
        key="F6",
        label=_("AEDs placed in public places"),
        area="aed",
        counts=_(
            "AED units installed in public places in the reporting period, whatever their state "
            "today (retired units included)."
        ),
        excludes=_("Units installed before or after the period."),
        scope=PERIOD,
        compute=_aed,
        part="placed",
        records=aeds_placed,
        columns=AED_COLUMNS,
        ordering=("installed_on", "pk"),
    ),
    FigureDefinition(
        key="F7",
        label=_("certified first-aid trainees"),
        area="training",
        counts=_(
            "First-aid certificates issued in the reporting period, one per certificate "
            "(person-times: someone certified twice counts twice)."
        ),
        excludes=_(
            "Awareness trainees, who get no certificate, and certificates issued outside the "
            "period. Trainees' names, ID numbers and phones are not published."
        ),
        scope=PERIOD,
        compute=_coverage,
        part="certified",
        records=certified_trainees,
        columns=TRAINEE_COLUMNS,
        ordering=("issued_on", "pk"),
    ),
    FigureDefinition(
        key="F8",
        label=_("awareness trainees"),
        area="training",
        counts=_("The headcounts of awareness sessions held in the reporting period, added up."),
        excludes=_("Certified trainees and sessions held outside the period."),
        scope=PERIOD,
        compute=_coverage,
        part="awareness",
        records=_awareness_sessions,
        columns=SESSION_COLUMNS,
        measure="headcount",
        ordering=("starts_at", "pk"),
        count_source=awareness_sessions,
    ),
    FigureDefinition(
        key="F9",
        label=_("first-aid training coverage of the registered population"),
        area="training",
        counts=_(
            "Everyone trained up to the end of the period — the baseline trained before the "
            "period, plus certified and awareness trainees of the period — as a share of the "
            "registered population."
        ),
        excludes=_("Population not registered in Wuxi (residents without hukou)."),
        scope=PERIOD,
        compute=_coverage,
        part="percent",
        records=lambda period: TrainingBaseline.objects.all(),
        columns=(
            col("district", _("district")),
            col("baseline", _("trained before the period")),
            col("certified", _("certified trainees")),
            col("awareness", _("awareness trainees")),
            col("trained", _("trained")),
            col("population", _("registered population")),
        ),
        kind="percent",
        derivation=_(
            "A ratio: the sum of the trained column divided by the sum of the registered "
            "population column, times 100, rounded to one decimal. The download is that "
            "table, one row per district; the trainees behind it are in the downloads of the "
            "certified and awareness figures."
        ),
        row_source=_coverage_rows,
        count_source=_coverage_count,
        sources=_coverage_sources,
    ),
    FigureDefinition(
        key="F10.bases",
        label=_("first-aid training bases"),
        area="training",
        counts=_("Active first-aid training bases, as of today."),
        excludes=_("Bases no longer in use."),
        scope=CURRENT,
        compute=_bases,
        part="total",
        records=lambda period: TrainingBase.objects.filter(is_active=True),
        columns=BASE_COLUMNS,
    ),
    FigureDefinition(
        key="F10.model",
        label=_("rated national or provincial model bases"),
        area="training",
        counts=_("Active training bases rated national or provincial model bases."),
        excludes=_("Bases without such a rating, and inactive bases."),
        scope=CURRENT,
        compute=_bases,
        part="model_bases",
        records=lambda period: TrainingBase.objects.filter(
            is_active=True, model_rating__in=[ModelRating.NATIONAL, ModelRating.PROVINCIAL]
        ),
        columns=BASE_COLUMNS,
    ),
    FigureDefinition(
        key="F11",
        label=_("stem-cell donations"),
        area="donations",
        counts=_("Stem-cell donation cases on record, to date, one per case."),
        excludes=_("Other life donations (organs, corneas, bodies). Donors are not named."),
        scope=TO_DATE,
        compute=_life,
        part="stem_cell_cases",
        records=lambda period: LifeDonation.objects.filter(kind=LifeDonationKind.STEM_CELL),
        columns=LIFE_COLUMNS,
        ordering=("donated_on", "case_number"),
    ),
    FigureDefinition(
        key="F12.organ",
        label=_("people given new life by organ donation"),
        area="donations",
        counts=_("The recipients of each organ donation case on record, to date, added up."),
        excludes=_("Cornea, stem-cell and body donations. Donors are not named."),
        scope=TO_DATE,
        compute=_life,
        part="organ_recipients",
        records=lambda period: LifeDonation.objects.filter(kind=LifeDonationKind.ORGAN),
        columns=LIFE_COLUMNS,
        measure="recipients",
        ordering=("donated_on", "case_number"),
    ),
    FigureDefinition(
        key="F12.cornea",
        label=_("people given sight by cornea donation"),
        area="donations",
        counts=_("The recipients of each cornea donation case on record, to date, added up."),
        excludes=_("Organ, stem-cell and body donations. Donors are not named."),
        scope=TO_DATE,
        compute=_life,
        part="cornea_recipients",
        records=lambda period: LifeDonation.objects.filter(kind=LifeDonationKind.CORNEA),
        columns=LIFE_COLUMNS,
        measure="recipients",
        ordering=("donated_on", "case_number"),
    ),
    FigureDefinition(
        key="F13",
        label=_("money and goods raised"),
        area="donations",
        counts=_(
            "Money and goods received in the reporting period, by receipt: money at its amount, "
            "goods at their assessed value."
        ),
        excludes=_(
            "Voided receipts, and receipts dated outside the period. Anonymous donors are not "
            "named and donors who are persons are shown by family name only."
        ),
        scope=PERIOD,
        compute=_raised,
        part="raised",
        records=_valid_donations,
        columns=DonationRows.columns,
        measure="amount",
        kind="money",
        ordering=DonationRows.ordering,
        row_source=_donation_rows(_valid_donations),
        money_columns=MONEY,
        count_part="donations",
    ),
    FigureDefinition(
        key="F14",
        label=_("of which for epidemic prevention"),
        area="donations",
        counts=_(
            "The part of the money and goods raised in the period whose receipt names epidemic "
            "prevention as its purpose."
        ),
        excludes=_("Voided receipts, other purposes, and receipts dated outside the period."),
        scope=PERIOD,
        compute=_raised,
        part="epidemic",
        records=_epidemic_donations,
        columns=DonationRows.columns,
        measure="amount",
        kind="money",
        ordering=DonationRows.ordering,
        row_source=_donation_rows(_epidemic_donations),
        money_columns=MONEY,
        count_part="epidemic_donations",
    ),
    FigureDefinition(
        key="F15",
        label=_("overseas donation batches handled"),
        area="donations",
        counts=_("Overseas donation batches that arrived in the reporting period."),
        excludes=_(
            "Batches that arrived outside the period. Customs declarations are not published."
        ),
        scope=PERIOD,
        compute=_overseas,
        part="batches",
        records=overseas_batches,
        columns=(
            col("reference", _("reference")),
            col("origin", _("country or region of origin")),
            col("arrived_on", _("arrived on")),
            col("description", _("description")),
        ),
        ordering=("arrived_on", "reference"),
    ),
    FigureDefinition(
        key="F16.members",
        label=_("charity alliance members"),
        area="donations",
        counts=_("Members of the charity alliance on record, as of today."),
        excludes=_("Nothing else: every member on record is counted."),
        scope=CURRENT,
        compute=_alliance,
        part="members",
        records=lambda period: AllianceMember.objects.all(),
        columns=(col("name", _("name")), col("joined_on", _("joined on")), DISTRICT),
        ordering=("name",),
    ),
    FigureDefinition(
        key="F16.funds",
        label=_("named humanitarian funds"),
        area="donations",
        counts=_("Named humanitarian funds on record, as of today."),
        excludes=_("The society's general and special funds."),
        scope=CURRENT,
        compute=_alliance,
        part="named_funds",
        records=lambda period: Fund.objects.filter(kind=FundKind.NAMED),
        columns=(
            col("code", _("code")),
            col("name", _("name")),
            col("partner", _("alliance member"), "partner__name"),
            col("established_on", _("established on")),
        ),
        ordering=("code",),
    ),
    FigureDefinition(
        key="F16.total",
        label=_("raised by the named funds"),
        area="donations",
        counts=_("Money and goods received by the named funds since they were set up, by receipt."),
        excludes=_(
            "Voided receipts and opening balances carried over. Anonymous donors are not named."
        ),
        scope=TO_DATE,
        compute=_alliance,
        part="named_fund_total",
        records=_named_fund_donations,
        columns=DonationRows.columns,
        measure="amount",
        kind="money",
        ordering=DonationRows.ordering,
        row_source=_donation_rows(_named_fund_donations),
        money_columns=MONEY,
    ),
    FigureDefinition(
        key="F17",
        label=_("targeted aid"),
        area="donations",
        counts=_("Payments to targeted-aid projects made in the reporting period."),
        excludes=_("Payments to other kinds of project, and payments outside the period."),
        scope=PERIOD,
        compute=_aid,
        part="paid",
        records=_targeted_aid,
        columns=DISBURSEMENT_COLUMNS,
        measure="amount",
        kind="money",
        ordering=("paid_on", "voucher_number"),
        money_columns=MONEY,
        count_part="disbursements",
    ),
    FigureDefinition(
        key="F18",
        label=_("of which aid to Yan'an, Haidong and Xinjiang"),
        area="donations",
        counts=_(
            "The part of targeted aid paid in the period to projects in Yan'an, Haidong and "
            "Xinjiang."
        ),
        excludes=_("Aid to other regions, and payments outside the period."),
        scope=PERIOD,
        compute=_aid,
        part="paired_regions",
        records=lambda period: _targeted_aid(period).filter(project__region__in=PAIRED_REGIONS),
        columns=DISBURSEMENT_COLUMNS,
        measure="amount",
        kind="money",
        ordering=("paid_on", "voucher_number"),
        money_columns=MONEY,
    ),
    FigureDefinition(
        key="F19",
        label=_("people helped by targeted aid"),
        area="donations",
        counts=_(
            "The people helped recorded on each targeted-aid payment of the period, added up."
        ),
        excludes=_(
            "Payments outside the period. A person helped by two payments is counted twice."
        ),
        scope=PERIOD,
        compute=_aid,
        part="beneficiaries",
        records=_targeted_aid,
        columns=DISBURSEMENT_COLUMNS,
        measure="beneficiaries",
        ordering=("paid_on", "voucher_number"),
        money_columns=MONEY,
        count_part="disbursements",
    ),
    FigureDefinition(
        key="F20.homes",
        label=_("Boai homes"),
        area="boai",
        counts=_("Active Boai homes, as of today."),
        excludes=_("Homes that have closed."),
        scope=CURRENT,
        compute=_homes,
        part="total",
        records=lambda period: BoaiHome.objects.active(),
        columns=BOAI_COLUMNS,
    ),
    FigureDefinition(
        key="F20.excellent",
        label=_("rated Jiangsu excellent Boai homes"),
        area="boai",
        counts=_("Active Boai homes that have been named Jiangsu excellent Boai homes."),
        excludes=_("Homes without that title, and homes that have closed."),
        scope=CURRENT,
        compute=_homes,
        part="excellent",
        records=lambda period: BoaiHome.objects.active().excellent(),
        columns=BOAI_COLUMNS,
    ),
    FigureDefinition(
        key="F21.halls",
        label=_("school life-safety experience halls"),
        area="boai",
        counts=_("Active school life-safety experience halls, as of today."),
        excludes=_("Scenic-spot stations and closed halls."),
        scope=CURRENT,
        compute=_sites,
        part="safety_halls",
        records=lambda period: ServiceSite.objects.filter(
            is_active=True, kind=SiteKind.SAFETY_HALL
        ),
        columns=SITE_COLUMNS,
    ),
    FigureDefinition(
        key="F21.stations",
        label=_("scenic-spot first-aid stations"),
        area="boai",
        counts=_("Active first-aid stations at scenic spots, as of today."),
        excludes=_("Safety halls and closed stations."),
        scope=CURRENT,
        compute=_sites,
        part="scenic_stations",
        records=lambda period: ServiceSite.objects.filter(
            is_active=True, kind=SiteKind.SCENIC_STATION
        ),
        columns=SITE_COLUMNS,
    ),
    FigureDefinition(
        key="F22.activities",
        label=_("volunteer activities"),
        area="boai",
        counts=_("Volunteer activities held in the reporting period."),
        excludes=_("Activities held outside the period."),
        scope=PERIOD,
        compute=_activities,
        part="activities",
        records=lambda period: VolunteerActivity.objects.held_between(period.start, period.end),
        columns=ACTIVITY_COLUMNS,
        ordering=("held_on", "pk"),
    ),
    FigureDefinition(
        key="F22.beneficiaries",
        label=_("people served by volunteers (person-times)"),
        area="boai",
        counts=_(
            "The people served recorded for each volunteer activity of the period, added up "
            "(person-times: someone served twice counts twice)."
        ),
        excludes=_("Activities held outside the period."),
        scope=PERIOD,
        compute=_activities,
        part="beneficiaries",
        records=lambda period: VolunteerActivity.objects.held_between(period.start, period.end),
        columns=ACTIVITY_COLUMNS,
        measure="beneficiaries",
        ordering=("held_on", "pk"),
        count_part="activities",
    ),
    FigureDefinition(
        key="F23.teams",
        label=_("volunteer service teams"),
        area="organizations",
        counts=_("Active organizations of the kind volunteer service team, as of today."),
        excludes=_("Rescue teams, volunteer bases and inactive teams."),
        scope=CURRENT,
        compute=_organizations,
        part="volunteer_teams",
        records=_active_orgs(kind=OrganizationKind.VOLUNTEER_TEAM),
        columns=ORGANIZATION_COLUMNS,
    ),
    FigureDefinition(
        key="F23.bases",
        label=_("volunteer bases"),
        area="organizations",
        counts=_("Active organizations of the kind volunteer base, as of today."),
        excludes=_("Volunteer teams and inactive bases."),
        scope=CURRENT,
        compute=_organizations,
        part="volunteer_bases",
        records=_active_orgs(kind=OrganizationKind.VOLUNTEER_BASE),
        columns=ORGANIZATION_COLUMNS,
    ),
    FigureDefinition(
        key="F23.schools",
        label=_("Jiangsu Red Cross model schools"),
        area="organizations",
        counts=_("Active school Red Cross organizations named Jiangsu model schools."),
        excludes=_("Other schools and inactive organizations."),
        scope=CURRENT,
        compute=_organizations,
        part="model_schools",
        records=_active_orgs(kind=OrganizationKind.SCHOOL, is_model_school=True),
        columns=ORGANIZATION_COLUMNS,
    ),
    FigureDefinition(
        key="F24",
        label=_("national first-aid education pilot schools"),
        area="honors",
        counts=_(
            "Schools designated national first-aid education pilots by a published national "
            "honor, each school once however many designations it holds."
        ),
        excludes=_("Provincial or municipal designations, and honors not yet published."),
        scope=CURRENT,
        compute=_honors,
        part="pilot_schools",
        records=_pilot_schools,
        columns=ORGANIZATION_COLUMNS,
    ),
)

BY_KEY = {figure.key: figure for figure in FIGURES}


def figure_values(period: Period, keys=None) -> dict[str, object]:
    """Figure key -> value, calling each area selector once."""
    cache: dict = {}
    return {
        figure.key: figure.value(period, cache)
        for figure in FIGURES
        if keys is None or figure.key in keys
    }


# --- open datasets -------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class OpenDataset(Table):
    name: str
    title: Promise
    area: str
    description: Promise
    records: Callable[[], QuerySet]
    columns: tuple[Column, ...]
    ordering: tuple[str, ...] = ("pk",)
    row_source: Callable[[QuerySet], Iterator[list]] | None = None
    money_columns: frozenset[str] = field(default_factory=frozenset)
    geojson: bool = False

    def queryset(self, period):
        return self.records()

    def iter_rows(self, period):
        if self.row_source is not None:
            yield from self.row_source(self.records())
        else:
            yield from super().iter_rows(period)


def public_aed_sites():
    """Every site the public pages show: all but retired devices (as the AED finder)."""
    return AedSite.objects.exclude(status=DeviceStatus.RETIRED)


DATASETS: tuple[OpenDataset, ...] = (
    OpenDataset(
        name="aed-sites",
        title=_("Public AED sites"),
        area="aed",
        description=_(
            "Every public AED the finder shows (retired devices left out): place, address, "
            "WGS-84 coordinates, access, opening hours, device and status."
        ),
        records=public_aed_sites,
        columns=AED_COLUMNS,
        geojson=True,
    ),
    OpenDataset(
        name="organizations",
        title=_("Grassroots organizations"),
        area="organizations",
        description=_(
            "Every active grassroots Red Cross organization: name, kind, district, founding "
            "date and members. Contact people are not published."
        ),
        records=lambda: Organization.objects.active(),
        columns=ORGANIZATION_COLUMNS,
    ),
    OpenDataset(
        name="boai-homes",
        title=_("Boai homes"),
        area="boai",
        description=_(
            "Every active Boai home: district, community, address, coordinates, opening year "
            "and excellent title."
        ),
        records=lambda: BoaiHome.objects.active(),
        columns=BOAI_COLUMNS,
    ),
    OpenDataset(
        name="donations",
        title=_("Donations received"),
        area="donations",
        description=_(
            "Every valid receipt as the public donation list shows it: date, donor (persons by "
            "family name only, anonymous donors unnamed), kind, amount (goods at assessed "
            "value), purpose and fund. Voided receipts are left out."
        ),
        records=lambda: Donation.objects.valid(),
        columns=DonationRows.columns,
        ordering=DonationRows.ordering,
        row_source=DonationRows.rows,
        money_columns=MONEY,
    ),
)

DATASETS_BY_NAME = {dataset.name: dataset for dataset in DATASETS}


def aed_features(rows) -> Iterator[dict]:
    """GeoJSON features (longitude first) of rows of the AED dataset, its columns as properties."""
    keys = [c.key for c in AED_COLUMNS]
    for row in rows:
        properties = dict(zip(keys, row, strict=True))
        yield {
            "type": "Feature",
            "id": properties["id"],
            "geometry": {
                "type": "Point",
                "coordinates": [float(properties["longitude"]), float(properties["latitude"])],
            },
            "properties": properties,
        }


# --- downloads and manifests ---------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    """What the shared CSV writer needs of a table: headers, keys and the columns it totals."""

    headers: list[str]
    keys: list[str]
    money_columns: frozenset[str]


def control_columns(table: Table) -> frozenset[str]:
    """The columns a manifest adds up: money, and the figure's own value column."""
    keys = set(table.money_columns)
    if isinstance(table, FigureDefinition):
        if table.measure:
            keys.add(table.measure)
        if table.kind == "percent":
            keys |= {"trained", "population"}
    return frozenset(keys)


def csv_download(table: Table, period: Period, stats: ExportStats) -> Iterator[bytes]:
    """The table as CSV chunks (UTF-8 with BOM, formula-safe), counting the manifest's totals."""
    sheet = _Sheet(table.headers, table.keys, control_columns(table))
    return csv_chunks(sheet, table.iter_rows(period), stats)


def new_stats(table: Table) -> ExportStats:
    return ExportStats(sorted(control_columns(table)))


def manifest(table: Table, period: Period) -> dict:
    """What an auditor needs to trust a download: its filter, rows, control totals and SHA-256.

    The CSV is written out once more (and thrown away) to count them, so the manifest
    describes exactly the bytes the download gives for the same data.
    """
    stats = new_stats(table)
    for _chunk in csv_download(table, period, stats):
        pass
    money = table.money_columns
    totals = {
        key: format(total, "f") if key in money else int(total)
        for key, total in stats.totals.items()
    }
    as_of = table.data_as_of(period)
    body = {
        "dataset": table.name,
        "title": str(table.title),
        "columns": table.headers,
        "rows": stats.rows,
        "control_totals": totals,
        "sha256": stats.sha256,
        "encoding": "UTF-8 with BOM",
        "data_as_of": timezone.localtime(as_of).isoformat() if as_of else None,
        "licence": str(LICENCE),
        "licence_url": LICENCE_URL,
    }
    if isinstance(table, FigureDefinition):
        value = table.value(period)
        body |= {
            "figure": table.key,
            "value": None if value is None else str(value),
            "filter": {
                "counts": str(table.counts),
                "excludes": str(table.excludes),
                "period": scope_text(table, period),
            },
            "rebuilt_value": str(table.value_from_totals(stats.rows, stats.totals)),
        }
        if table.derivation:
            body["filter"]["derivation"] = str(table.derivation)
    else:
        body["filter"] = {"records": str(table.description)}
    return body


def scope_text(figure: FigureDefinition, period: Period) -> str:
    if figure.scope == PERIOD:
        return gettext("Reporting period %(start)s to %(end)s") % {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
    if figure.scope == TO_DATE:
        return gettext("All records to date, whenever they were made")
    return gettext("The state of the records today")
