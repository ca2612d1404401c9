from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.models import MonthlyTally, TimeStampedModel


class OrganizationKind(models.TextChoices):
    BRANCH = "branch", _("district or county branch")
    STREET = "street", _("town or street branch")
    COMMUNITY = "community", _("community")
    SCHOOL = "school", _("school")
    ENTERPRISE = "enterprise", _("enterprise")
    TWO_NEW = "two_new", _("new economic or social organization")
    RESCUE_TEAM = "rescue_team", _("rescue team")
    VOLUNTEER_TEAM = "volunteer_team", _("volunteer service team")
    VOLUNTEER_BASE = "volunteer_base", _("volunteer base")


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_district(self, district):
        return self.filter(district=district)


class Organization(TimeStampedModel):
    """A Red Cross unit below the city society."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    district = models.ForeignKey(
        "core.District", models.PROTECT, related_name="organizations", verbose_name=_("district")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    is_model_school = models.BooleanField(
        _("Jiangsu Red Cross model school"),
        default=False,
        help_text=_("Only for schools named 江苏省红十字示范学校."),
    )
    members = models.PositiveIntegerField(_("members"), default=0)
    contact_name = models.CharField(_("contact person"), max_length=40, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, help_text=_("Staff only; never public.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["district__sort_order", "kind", "name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [
            models.Index(fields=["kind", "district", "is_active"]),
            # the public list reads a (district, kind) group page by page in name order
            models.Index(
                fields=["district", "kind", "name", "id"],
                condition=Q(is_active=True),
                name="organizations_active_list",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="organizations_unique_name"),
            models.CheckConstraint(
                condition=Q(is_model_school=False) | Q(kind="school"),
                name="organizations_model_school_is_school",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="organizations_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name


class OperationKind(models.TextChoices):
    DISASTER = "disaster", _("disaster relief")
    EVENT = "event", _("major event support")
    SEARCH = "search", _("search and rescue")
    OTHER = "other", _("other")


class RescueOperationQuerySet(models.QuerySet):
    def started_between(self, start, end):
        return self.filter(started_on__gte=start, started_on__lte=end)


class RescueOperation(TimeStampedModel):
    """A rescue team's deployment to a disaster or a major event."""

    team = models.ForeignKey(
        Organization,
        models.PROTECT,
        related_name="operations",
        limit_choices_to={"kind": OrganizationKind.RESCUE_TEAM},
        verbose_name=_("rescue team"),
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=OperationKind.choices)
    location = models.CharField(_("location"), max_length=120)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"))
    rescuers = models.PositiveIntegerField(_("rescuers deployed"), default=0)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    history = HistoricalRecords()

    objects = RescueOperationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("rescue operation")
        verbose_name_plural = _("rescue operations")
        indexes = [
            models.Index(fields=["started_on"]),
            # a team's page lists its operations newest first
            models.Index(fields=["team", "-started_on", "-id"], name="organizations_team_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__gte=F("started_on")),
                name="organizations_operation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.started_on:%Y-%m-%d} {self.title}"

    def clean(self):
        if self.team_id and self.team.kind != OrganizationKind.RESCUE_TEAM:
            raise ValidationError({"team": _("Choose a rescue team.")})


class OrganizationTally(models.Model):
    """Active organizations per district, kind and model-school mark (kept by apps.core.tallies)."""

    district = models.ForeignKey(
        "core.District", models.CASCADE, related_name="+", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    is_model_school = models.BooleanField(_("Jiangsu model school"))
    organizations = models.PositiveIntegerField(_("organizations"))

    class Meta:
        verbose_name = _("organization tally")
        verbose_name_plural = _("organization tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "is_model_school"], name="organization_tally_key"
            )
        ]

    def __str__(self):
        return f"{self.district_id} {self.kind}"


class OperationTally(MonthlyTally):
    """Rescue operations and the people they benefited per month and team (kept by
    apps.core.tallies)."""

    team = models.ForeignKey(
        Organization, models.CASCADE, related_name="+", verbose_name=_("rescue team")
    )
    operations = models.PositiveIntegerField(_("rescue operations"))
    beneficiaries = models.BigIntegerField(_("beneficiaries"))

    class Meta:
        verbose_name = _("rescue operation tally")
        verbose_name_plural = _("rescue operation tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "team"], name="operation_tally_key")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.team_id}"
