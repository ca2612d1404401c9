from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


@cache
def _choice_labels(field) -> dict:
    """A field's choices as {value: label}, labels left lazy (translated when shown)."""
    return dict(field.flatchoices)


class TimeStampedModel(models.Model):
    """Base for every record staff keep: when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        # What Django's get_<field>_display gives, from a dictionary made once per field:
        # Django makes it again on every call, hashing each label (which translates it),
        # 15 µs a call, a list page's rows calling it once or twice each.
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field)[value]
        except (KeyError, TypeError):  # not a choice, or unhashable: as Django does it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


class MonthlyTally(models.Model):
    """Base of the tallies kept per month and dimension (apps/core/tallies.py): `month` is
    the first day of the month counted."""

    month = models.DateField(_("month"))

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.month:%Y-%m} {self.pk}"


def coordinate_constraints(prefix: str) -> list[models.CheckConstraint]:
    """WGS-84 latitude and longitude ranges, for models with `latitude`/`longitude`."""
    return [
        models.CheckConstraint(
            condition=Q(latitude__gte=-90) & Q(latitude__lte=90),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(longitude__gte=-180) & Q(longitude__lte=180),
            name=f"{prefix}_longitude_range",
        ),
    ]


class DistrictKind(models.TextChoices):
    DISTRICT = "district", pgettext_lazy("district kind", "district")
    CITY = "city", _("county-level city")
    ZONE = "zone", _("development zone")


class District(models.Model):
    """One of Wuxi's county-level divisions; reference data loaded by a migration."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=20, unique=True)
    name_en = models.CharField(_("English name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=DistrictKind.choices)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class PopulationRecord(TimeStampedModel):
    """Registered (户籍) population of a district at the end of a year, with its source."""

    district = models.ForeignKey(
        District, models.PROTECT, related_name="population_records", verbose_name=_("district")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    registered_population = models.PositiveIntegerField(_("registered population"))
    source = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "district__sort_order"]
        verbose_name = _("registered population")
        verbose_name_plural = _("registered population")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="core_population_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(registered_population__gt=0), name="core_population_positive"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2100), name="core_population_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.district} {self.year}: {self.registered_population}"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


class ExportLog(models.Model):
    """One export of a dataset: who, when, what was asked for, and how to check the file.

    Written once when the file is complete and never changed; the manifest (row count,
    control totals of the money columns, SHA-256) lets an auditor show that the file in
    hand is the one the portal produced.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("exported at"), default=timezone.now, db_index=True)
    data_as_of = models.DateTimeField(_("data as of"))
    dataset = models.CharField(_("dataset"), max_length=60)
    file_format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    query = models.TextField(_("filter"), blank=True, help_text=_("The changelist's query string."))
    personal_data = models.BooleanField(_("personal data unmasked"), default=False)
    row_count = models.PositiveIntegerField(_("rows"))
    control_totals = models.JSONField(_("control totals"), default=dict, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")
        permissions = [("view_personal_data", _("Can export personal data unmasked"))]

    def __str__(self):
        return f"{self.dataset} {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def record(cls, *, export, stats, user, file_format, query, personal, data_as_of):
        return cls.objects.create(
            user=user if user is not None and user.pk else None,
            username=user.get_username() if user is not None else "",
            data_as_of=data_as_of,
            dataset=export.name,
            file_format=file_format,
            query=query,
            personal_data=personal,
            row_count=stats.rows,
            control_totals={key: format(total, "f") for key, total in stats.totals.items()},
            sha256=stats.sha256,
        )

    def manifest(self) -> dict:
        return {
            "dataset": self.dataset,
            "format": self.file_format,
            "exported_at": self.created_at.isoformat(),
            "data_as_of": self.data_as_of.isoformat(),
            "exported_by": self.username,
            "filter": self.query,
            "personal_data_unmasked": self.personal_data,
            "rows": self.row_count,
            "control_totals": self.control_totals,
            "sha256": self.sha256,
        }


class LastChange(models.Model):
    """When the records of one model were last written: saved, or deleted.

    "Data as of" on the figure and open-data pages reads it instead of scanning millions of
    rows for their latest `updated_at` (apps/core/changes.py keeps it).
    """

    model = models.CharField(_("model"), max_length=100, primary_key=True)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("last change")
        verbose_name_plural = _("last changes")

    def __str__(self):
        return f"{self.model} {self.changed_at:%Y-%m-%d %H:%M:%S}"
