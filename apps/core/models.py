from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class TimeStampedModel(models.Model):
    """Base for every record staff keep: when it was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


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
