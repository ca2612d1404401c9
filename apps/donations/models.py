from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.fields import MoneyField
from apps.core.models import MonthlyTally, TimeStampedModel


class AllianceMember(TimeStampedModel):
    """A member of the charity alliance (锡红公益联盟)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    joined_on = models.DateField(_("joined on"))
    district = models.ForeignKey(
        "core.District", models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["joined_on", "name"]
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")

    def __str__(self):
        return self.name


class FundKind(models.TextChoices):
    GENERAL = "general", _("general fund")
    NAMED = "named", _("named humanitarian fund")
    SPECIAL = "special", _("special-purpose fund")


class Fund(TimeStampedModel):
    """A fund that receives donations and pays out aid (人道公益基金)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=FundKind.choices)
    partner = models.ForeignKey(
        AllianceMember,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="funds",
        verbose_name=_("founding partner"),
    )
    established_on = models.DateField(_("established on"))
    opening_balance = MoneyField(
        _("opening balance (CNY)"),
        default=Decimal("0.00"),
        db_column="opening_balance_fen",
        help_text=_("Balance carried over from before the records kept here begin."),
    )
    opening_balance_on = models.DateField(_("opening balance as of"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(
                condition=Q(opening_balance__gte=Decimal(0)),
                name="donations_fund_opening_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(opening_balance=Decimal(0)) | Q(opening_balance_on__isnull=False),
                name="donations_fund_opening_has_date",
            ),
        ]

    def __str__(self):
        return self.name


class AidRegion(models.TextChoices):
    LOCAL = "local", _("Wuxi")
    YANAN = "yanan", _("Yan'an")
    HAIDONG = "haidong", _("Haidong")
    XINJIANG = "xinjiang", _("Xinjiang")
    OTHER = "other", _("elsewhere")


PAIRED_REGIONS = (AidRegion.YANAN, AidRegion.HAIDONG, AidRegion.XINJIANG)


class ProjectKind(models.TextChoices):
    TARGETED_AID = "targeted", _("targeted aid")
    EPIDEMIC = "epidemic", _("epidemic prevention")
    DISASTER = "disaster", _("disaster relief")
    COMMUNITY = "community", _("community service")


class Project(TimeStampedModel):
    """An aid project that disbursements go to."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ProjectKind.choices)
    region = models.CharField(
        _("region"), max_length=10, choices=AidRegion.choices, default=AidRegion.LOCAL
    )
    fund = models.ForeignKey(Fund, models.PROTECT, related_name="projects", verbose_name=_("fund"))
    started_on = models.DateField(_("started on"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name = _("aid project")
        verbose_name_plural = _("aid projects")

    def __str__(self):
        return self.name


class OverseasBatch(TimeStampedModel):
    """A batch of donations from outside the mainland handled through customs."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    origin = models.CharField(_("country or region of origin"), max_length=60)
    arrived_on = models.DateField(_("arrived on"))
    customs_declaration = models.CharField(_("customs declaration"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-arrived_on"]
        verbose_name = _("overseas donation batch")
        verbose_name_plural = _("overseas donation batches")

    def __str__(self):
        return self.reference


class DonorKind(models.TextChoices):
    PERSON = "person", _("person")
    COMPANY = "company", _("company")
    ORGANIZATION = "organization", _("organization")
    OVERSEAS = "overseas", _("overseas donor")


class Donor(TimeStampedModel):
    """Who gives. A person's phone, ID and address are personal data: staff only."""

    kind = models.CharField(_("kind"), max_length=12, choices=DonorKind.choices)
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    district = models.ForeignKey(
        "core.District", models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name


class DonationKind(models.TextChoices):
    MONEY = "money", _("money")
    GOODS = "goods", _("goods")


class Purpose(models.TextChoices):
    GENERAL = "general", _("general humanitarian work")
    EPIDEMIC = "epidemic", _("epidemic prevention")
    DISASTER = "disaster", _("disaster relief")
    TARGETED_AID = "targeted", _("targeted aid")


class DonationStatus(models.TextChoices):
    ISSUED = "issued", _("receipt issued")
    VOIDED = "voided", _("voided")


class DonationQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(status=DonationStatus.ISSUED)

    def received_between(self, start, end):
        return self.filter(received_on__gte=start, received_on__lte=end)

    def for_year(self, year):
        return self.filter(received_on__year=year)


class Donation(TimeStampedModel):
    """Money or goods received, with its receipt number. Goods carry their assessed value."""

    receipt_number = models.CharField(_("receipt number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=DonationKind.choices)
    donor = models.ForeignKey(
        Donor, models.PROTECT, related_name="donations", verbose_name=_("donor")
    )
    is_anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("The donor's name is never published.")
    )
    received_on = models.DateField(_("received on"))
    amount = MoneyField(_("amount (CNY)"), db_column="amount_fen")
    goods_description = models.CharField(_("goods description"), max_length=200, blank=True)
    goods_quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    goods_unit = models.CharField(_("unit"), max_length=10, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.GENERAL
    )
    fund = models.ForeignKey(Fund, models.PROTECT, related_name="donations", verbose_name=_("fund"))
    project = models.ForeignKey(
        Project,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("designated project"),
    )
    overseas_batch = models.ForeignKey(
        OverseasBatch,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("overseas batch"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=DonationStatus.choices, default=DonationStatus.ISSUED
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=200, blank=True)
    disclosed_on = models.DateField(
        _("disclosed on"),
        null=True,
        blank=True,
        help_text=_("The day this receipt was published in the disclosure (信息公开)."),
    )
    history = HistoricalRecords()

    objects = DonationQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-receipt_number"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        indexes = [
            models.Index(fields=["-received_on", "-receipt_number"], name="donations_newest_first"),
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["fund", "status"]),
            # The public list of issued receipts, newest first, read in order from an index
            # however it is filtered: whole or by year (donations_newest_first, voided
            # receipts being rare); by fund (and year, kind); by kind (and year).
            models.Index(
                fields=["fund", "-received_on", "-receipt_number"],
                condition=Q(status="issued"),
                name="donations_fund_newest_first",
            ),
            models.Index(
                fields=["kind", "-received_on", "-receipt_number"],
                condition=Q(status="issued"),
                name="donations_kind_newest_first",
            ),
            models.Index(fields=["purpose", "received_on"]),
            models.Index(fields=["disclosed_on"], name="donations_disclosed_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=Decimal(0)), name="donations_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind="money") | ~Q(goods_description=""),
                name="donations_goods_described",
            ),
            models.CheckConstraint(
                condition=Q(status="issued") | ~Q(void_reason=""),
                name="donations_void_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(receipt_number=""), name="donations_receipt_number_required"
            ),
        ]

    def __str__(self):
        return self.receipt_number

    def clean(self):
        if self.project_id and self.fund_id and self.project.fund_id != self.fund_id:
            raise ValidationError({"project": _("The project is paid from another fund.")})
        if self.kind == DonationKind.GOODS and not self.goods_description:
            raise ValidationError({"goods_description": _("Describe the goods received.")})

    @property
    def public_donor_name(self) -> str:
        """The donor as the public sees it: 匿名 for anonymous gifts, 张** for persons."""
        if self.is_anonymous:
            return str(_("Anonymous"))
        if self.donor.kind == DonorKind.PERSON:
            return mask_person_name(self.donor.name)
        return self.donor.name


def mask_person_name(name: str) -> str:
    """Keep the first character, hide the rest and its length: 张三丰 -> 张**, 李四 -> 李**."""
    name = name.strip()
    return f"{name[0]}**" if name else ""


class DisbursementQuerySet(models.QuerySet):
    def paid_between(self, start, end):
        return self.filter(paid_on__gte=start, paid_on__lte=end)


class Disbursement(TimeStampedModel):
    """Money paid to an aid project out of the project's fund, with how many people it reached."""

    project = models.ForeignKey(
        Project, models.PROTECT, related_name="disbursements", verbose_name=_("project")
    )
    paid_on = models.DateField(_("paid on"))
    amount = MoneyField(_("amount (CNY)"), db_column="amount_fen")
    beneficiaries = models.PositiveIntegerField(_("people helped"))
    voucher_number = models.CharField(_("voucher number"), max_length=30, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    disclosed_on = models.DateField(
        _("disclosed on"),
        null=True,
        blank=True,
        help_text=_("The day this payment was published in the disclosure (信息公开)."),
    )
    history = HistoricalRecords()

    objects = DisbursementQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-voucher_number"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        indexes = [
            models.Index(fields=["paid_on"]),
            models.Index(fields=["project", "paid_on"]),
            models.Index(fields=["disclosed_on"], name="disbursements_disclosed_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=Decimal(0)), name="donations_disbursement_positive"
            ),
        ]

    def __str__(self):
        return self.voucher_number


class LifeDonationKind(models.TextChoices):
    STEM_CELL = "stem_cell", _("haematopoietic stem cells")
    BODY = "body", _("body")
    ORGAN = "organ", _("organs")
    CORNEA = "cornea", _("corneas")


class LifeDonation(TimeStampedModel):
    """A counted case of life donation. No donor identity is kept here."""

    case_number = models.CharField(_("case number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=LifeDonationKind.choices)
    donated_on = models.DateField(_("donated on"))
    district = models.ForeignKey(
        "core.District", models.PROTECT, related_name="life_donations", verbose_name=_("district")
    )
    recipients = models.PositiveSmallIntegerField(
        _("people helped"),
        default=0,
        help_text=_("People given new life or sight by this donation."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-donated_on"]
        verbose_name = _("life donation")
        verbose_name_plural = _("life donations")
        indexes = [models.Index(fields=["kind", "donated_on"])]

    def __str__(self):
        return self.case_number


class DonationTally(MonthlyTally):
    """Valid donations per month, fund, kind and purpose (kept by apps.core.tallies)."""

    fund = models.ForeignKey(Fund, models.CASCADE, related_name="+", verbose_name=_("fund"))
    kind = models.CharField(_("kind"), max_length=5, choices=DonationKind.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    donations = models.PositiveIntegerField(_("donations"))
    amount = MoneyField(_("amount (CNY)"), db_column="amount_fen")

    class Meta:
        verbose_name = _("donation tally")
        verbose_name_plural = _("donation tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "fund", "kind", "purpose"], name="donation_tally_key"
            )
        ]


class DisbursementTally(MonthlyTally):
    """Disbursements per month and project (kept by apps.core.tallies)."""

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="tallies", verbose_name=_("project")
    )
    disbursements = models.PositiveIntegerField(_("disbursements"))
    amount = MoneyField(_("amount (CNY)"), db_column="amount_fen")
    beneficiaries = models.BigIntegerField(_("people helped"))

    class Meta:
        verbose_name = _("disbursement tally")
        verbose_name_plural = _("disbursement tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "project"], name="disbursement_tally_key")
        ]


class LifeDonationTally(models.Model):
    """Life donations to date per kind: cases and recipients (kept by apps.core.tallies)."""

    kind = models.CharField(_("kind"), max_length=10, choices=LifeDonationKind.choices, unique=True)
    cases = models.PositiveIntegerField(_("cases"))
    recipients = models.BigIntegerField(_("recipients"))

    class Meta:
        verbose_name = _("life donation tally")
        verbose_name_plural = _("life donation tallies")

    def __str__(self):
        return self.kind
