from datetime import date, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.fields import UploadedImageField
from apps.core.models import MonthlyTally, TimeStampedModel, coordinate_constraints

# An AED is checked at least monthly by its keeper; the society's own patrol is quarterly.
INSPECTION_INTERVAL = timedelta(days=92)
# AedSite's copy of its newest inspection: site field -> inspection field.
NEWEST_INSPECTION_FIELDS = {
    "last_inspected_on": "inspected_on",
    "last_result": "result",
    "battery_expires_on": "battery_expires_on",
    "pads_expire_on": "pads_expire_on",
}


class VenueType(models.TextChoices):
    TRANSPORT = "transport", _("station or transport hub")
    METRO = "metro", _("metro station")
    MALL = "mall", _("shopping centre")
    SCHOOL = "school", _("school or university")
    SPORTS = "sports", _("sports venue")
    SCENIC = "scenic", _("park or scenic spot")
    GOVERNMENT = "government", _("government service hall")
    COMMUNITY = "community", _("community centre")
    HOTEL = "hotel", _("hotel")
    OFFICE = "office", _("office building")
    OTHER = "other", _("other")


class Access(models.TextChoices):
    PUBLIC = "yes", _("public")
    CUSTOMERS = "customers", _("customers and visitors")
    PRIVATE = "private", _("staff only")


class DeviceStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("in service")
    REPAIR = "repair", _("under repair")
    RETIRED = "retired", _("retired")


class Readiness(models.TextChoices):
    READY = "ready", _("ready")
    CHECK_OVERDUE = "check_overdue", _("check overdue")
    OUT_OF_SERVICE = "out_of_service", _("out of service")


class InspectionResult(models.TextChoices):
    PASS = "pass", _("passed")
    MINOR = "minor", _("passed with remarks")
    FAULT = "fault", _("fault: not usable")


class AedSiteQuerySet(models.QuerySet):
    def in_service(self):
        return self.filter(status=DeviceStatus.IN_SERVICE)

    def in_district(self, district):
        return self.filter(district=district)

    def installed_between(self, start, end):
        return self.filter(installed_on__gte=start, installed_on__lte=end)


class AedSite(TimeStampedModel):
    """One public defibrillator and the place it hangs."""

    name = models.CharField(_("place"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    district = models.ForeignKey(
        "core.District", models.PROTECT, related_name="aed_sites", verbose_name=_("district")
    )
    latitude = models.DecimalField(_("latitude (WGS-84)"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude (WGS-84)"), max_digits=9, decimal_places=6)
    venue_type = models.CharField(_("venue type"), max_length=12, choices=VenueType.choices)
    indoor = models.BooleanField(_("indoor"), default=True)
    location_detail = models.CharField(
        _("where to find it"),
        max_length=200,
        help_text=_("For example: 1st floor, by the service desk."),
    )
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.PUBLIC
    )
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=120,
        default="24/7",
        help_text=_("OpenStreetMap syntax, for example 24/7 or Mo-Su 08:00-22:00."),
    )
    manufacturer = models.CharField(_("manufacturer"), max_length=60)
    device_model = models.CharField(_("device model"), max_length=60)
    serial_number = models.CharField(_("serial number"), max_length=60, unique=True)
    installed_on = models.DateField(_("installed on"))
    status = models.CharField(
        _("status"), max_length=12, choices=DeviceStatus.choices, default=DeviceStatus.IN_SERVICE
    )
    keeper = models.CharField(_("keeping unit"), max_length=120, blank=True)
    photo = UploadedImageField(_("photo"), upload_to="aed/%Y/", blank=True)
    photo_thumbnail = models.ImageField(
        _("photo thumbnail"),
        upload_to="aed/thumbs/%Y/",
        blank=True,
        editable=False,
        width_field="photo_thumbnail_width",
        height_field="photo_thumbnail_height",
    )
    photo_thumbnail_width = models.PositiveSmallIntegerField(
        _("thumbnail width"), null=True, blank=True, editable=False
    )
    photo_thumbnail_height = models.PositiveSmallIntegerField(
        _("thumbnail height"), null=True, blank=True, editable=False
    )
    # The newest inspection's facts (by inspected_on, then pk), so that readiness is read
    # from the site alone: a list, a count or a nearest-AED search looks up no inspection.
    # Kept by apps.aed.newest on every write of an inspection; all null when none exists.
    # Staff edit inspections, never these.
    last_inspected_on = models.DateField(
        _("last inspected on"), null=True, blank=True, editable=False
    )
    last_result = models.CharField(
        _("last inspection result"),
        max_length=8,
        choices=InspectionResult.choices,
        null=True,  # no inspection yet, as for the dates
        blank=True,
        editable=False,
    )
    battery_expires_on = models.DateField(
        _("battery expires on"), null=True, blank=True, editable=False
    )
    pads_expire_on = models.DateField(_("pads expire on"), null=True, blank=True, editable=False)
    # Thumbnails are derived from the photo, and the inspection facts from the inspections
    # (which have a history of their own): they stay out of the history.
    history = HistoricalRecords(
        excluded_fields=[
            "photo_thumbnail",
            "photo_thumbnail_width",
            "photo_thumbnail_height",
            *NEWEST_INSPECTION_FIELDS,
        ]
    )

    objects = AedSiteQuerySet.as_manager()

    class Meta:
        ordering = ["district__sort_order", "name"]
        verbose_name = _("AED site")
        verbose_name_plural = _("AED sites")
        indexes = [
            models.Index(fields=["status", "district"]),
            # The finder's list: a district's sites in service by name, paged by the index.
            models.Index(fields=["status", "district", "name", "id"], name="aed_site_list_order"),
            # The finder's filters: the opening hours of a district's venues of one type.
            models.Index(
                fields=["status", "district", "venue_type", "opening_hours"],
                name="aed_site_filters",
            ),
            # The district page's readiness counts: every column they read, so that
            # PostgreSQL counts from the index alone.
            models.Index(
                fields=[
                    "district",
                    "status",
                    "last_result",
                    "battery_expires_on",
                    "pads_expire_on",
                    "last_inspected_on",
                ],
                name="aed_site_readiness",
            ),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["installed_on"]),
        ]
        constraints = [
            *coordinate_constraints("aed_site"),
            models.CheckConstraint(condition=~Q(serial_number=""), name="aed_site_serial_required"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_24h(self):
        return self.opening_hours.strip() == "24/7"

    def readiness(self, today: date | None = None) -> "Readiness":
        """Readiness from the newest inspection's facts, which the site keeps itself."""
        return assess_readiness(
            self.status,
            self.last_inspected_on,
            self.last_result,
            self.battery_expires_on,
            self.pads_expire_on,
            today=today or timezone.localdate(),
        )


def assess_readiness(status, inspected_on, result, battery_expires_on, pads_expire_on, *, today):
    """Ready only when in service, checked recently without fault, and nothing has expired."""
    if status != DeviceStatus.IN_SERVICE or result == InspectionResult.FAULT:
        return Readiness.OUT_OF_SERVICE
    if any(d is not None and d < today for d in (battery_expires_on, pads_expire_on)):
        return Readiness.OUT_OF_SERVICE
    if inspected_on is None or today - inspected_on > INSPECTION_INTERVAL:
        return Readiness.CHECK_OVERDUE
    return Readiness.READY


class AedInspection(TimeStampedModel):
    """One check of a device: who looked, what they found, when battery and pads expire."""

    site = models.ForeignKey(
        AedSite, models.CASCADE, related_name="inspections", verbose_name=_("AED site")
    )
    inspected_on = models.DateField(_("inspected on"))
    inspector = models.CharField(_("inspector"), max_length=40)
    result = models.CharField(_("result"), max_length=8, choices=InspectionResult.choices)
    battery_expires_on = models.DateField(_("battery expires on"))
    pads_expire_on = models.DateField(_("pads expire on"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-inspected_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        indexes = [models.Index(fields=["site", "-inspected_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "inspected_on"], name="aed_one_inspection_a_day"
            ),
            models.CheckConstraint(
                condition=Q(result="fault")
                | (
                    Q(battery_expires_on__gte=F("inspected_on"))
                    & Q(pads_expire_on__gte=F("inspected_on"))
                ),
                name="aed_inspection_passed_not_expired",
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.inspected_on:%Y-%m-%d}"


class AedTally(MonthlyTally):
    """AED sites per month of installation and district, whatever their state (kept by
    apps.core.tallies)."""

    district = models.ForeignKey(
        "core.District", models.CASCADE, related_name="+", verbose_name=_("district")
    )
    placed = models.PositiveIntegerField(_("placed"))

    class Meta:
        verbose_name = _("AED tally")
        verbose_name_plural = _("AED tallies")
        constraints = [models.UniqueConstraint(fields=["month", "district"], name="aed_tally_key")]


class AedStatusTally(models.Model):
    """AED sites per district, venue type and status (kept by apps.core.tallies)."""

    district = models.ForeignKey(
        "core.District", models.CASCADE, related_name="+", verbose_name=_("district")
    )
    venue_type = models.CharField(_("venue type"), max_length=12, choices=VenueType.choices)
    status = models.CharField(_("status"), max_length=12, choices=DeviceStatus.choices)
    sites = models.PositiveIntegerField(_("sites"))

    class Meta:
        verbose_name = _("AED status tally")
        verbose_name_plural = _("AED status tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "venue_type", "status"], name="aed_status_tally_key"
            )
        ]

    def __str__(self):
        return f"{self.district_id} {self.venue_type} {self.status}"
