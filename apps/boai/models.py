from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.fields import UploadedImageField
from apps.core.models import MonthlyTally, TimeStampedModel, coordinate_constraints


class Service(models.Model):
    """A kind of service a Boai home offers (first aid, help for the elderly, ...)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name


class BoaiHomeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_district(self, district):
        return self.filter(district=district)

    def excellent(self):
        return self.filter(excellent_year__isnull=False)


# The home's columns that copy its latest star rating (by year) -> the rating's field.
LATEST_RATING_FIELDS = {
    "latest_stars": "stars",
    "latest_rating_year": "year",
}


class BoaiHome(TimeStampedModel):
    """A community Red Cross service station (博爱家园)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    district = models.ForeignKey(
        "core.District", models.PROTECT, related_name="boai_homes", verbose_name=_("district")
    )
    community = models.CharField(_("community"), max_length=60)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude (WGS-84)"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude (WGS-84)"), max_digits=9, decimal_places=6)
    opened_year = models.PositiveSmallIntegerField(_("opened in"))
    excellent_year = models.PositiveSmallIntegerField(
        _("named Jiangsu excellent Boai home in"), null=True, blank=True
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="homes", verbose_name=_("services")
    )
    photo = UploadedImageField(_("photo"), upload_to="boai/%Y/", blank=True)
    photo_thumbnail = models.ImageField(
        _("photo thumbnail"),
        upload_to="boai/thumbs/%Y/",
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
    is_active = models.BooleanField(_("active"), default=True)
    # The latest star rating (by year), so that the list's and the map's star filter read
    # the homes alone rather than look up each home's ratings. Kept by apps.boai.latest on
    # every write of a rating; both null when the home has none. Staff edit ratings, never
    # these.
    latest_stars = models.PositiveSmallIntegerField(
        _("latest stars"), null=True, blank=True, editable=False
    )
    latest_rating_year = models.PositiveSmallIntegerField(
        _("latest rating year"), null=True, blank=True, editable=False
    )
    # Thumbnails are derived from the photo, and the latest rating from the ratings (which
    # have a history of their own): they stay out of the history.
    history = HistoricalRecords(
        m2m_fields=[services],
        excluded_fields=[
            "photo_thumbnail",
            "photo_thumbnail_width",
            "photo_thumbnail_height",
            *LATEST_RATING_FIELDS,
        ],
    )

    objects = BoaiHomeQuerySet.as_manager()

    class Meta:
        ordering = ["district__sort_order", "name"]
        verbose_name = _("Boai home")
        verbose_name_plural = _("Boai homes")
        indexes = [
            models.Index(fields=["district", "is_active"]),
            # the public list reads a district page by page in name order
            models.Index(
                fields=["district", "name", "id"],
                condition=Q(is_active=True),
                name="boai_home_active_list",
            ),
            # the map asks for the active homes inside its view's box
            models.Index(
                fields=["latitude", "longitude"],
                condition=Q(is_active=True),
                name="boai_home_active_position",
            ),
            # the star filter of the list and the map: a district's active homes of some
            # stars in name order (a page without sorting), then every other column the
            # filters and a marker read, so that counts and the map read the index alone
            # (key columns after the unique id, as `include` is PostgreSQL's only)
            models.Index(
                fields=[
                    "latest_stars",
                    "district",
                    "name",
                    "id",
                    "excellent_year",
                    "latitude",
                    "longitude",
                ],
                condition=Q(is_active=True),
                name="boai_home_active_stars",
            ),
        ]
        constraints = [
            *coordinate_constraints("boai_home"),
            models.CheckConstraint(
                condition=Q(excellent_year__isnull=True) | Q(excellent_year__gte=F("opened_year")),
                name="boai_home_excellent_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(latest_stars__isnull=True)
                | (Q(latest_stars__gte=1) & Q(latest_stars__lte=5)),
                name="boai_home_latest_stars_one_to_five",
            ),
        ]

    def __str__(self):
        return self.name


class RatingCriterion(models.Model):
    """One criterion of the star-rating rules (《无锡市红十字博爱家园星级评定管理办法》)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    max_score = models.DecimalField(_("maximum score"), max_digits=5, decimal_places=1)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("rating criterion")
        verbose_name_plural = _("rating criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=Decimal(0)), name="boai_criterion_max_positive"
            ),
        ]

    def __str__(self):
        return self.name


# Total score (out of 100) needed for each star count; see the rating rules.
STAR_THRESHOLDS = ((90, 5), (80, 4), (70, 3), (60, 2), (0, 1))


def stars_for_score(total: Decimal) -> int:
    return next(stars for floor, stars in STAR_THRESHOLDS if total >= floor)


class StarRating(TimeStampedModel):
    """A home's star rating for one year, explained by its scores per criterion."""

    home = models.ForeignKey(
        BoaiHome, models.CASCADE, related_name="ratings", verbose_name=_("Boai home")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    stars = models.PositiveSmallIntegerField(_("stars"))
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.CharField(_("reviewed by"), max_length=80)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "home"]
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        constraints = [
            models.UniqueConstraint(fields=["home", "year"], name="boai_one_rating_a_year"),
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="boai_stars_one_to_five"
            ),
        ]

    def __str__(self):
        return f"{self.home} {self.year}: {self.stars}★"


class CriterionScore(models.Model):
    rating = models.ForeignKey(
        StarRating, models.CASCADE, related_name="scores", verbose_name=_("star rating")
    )
    criterion = models.ForeignKey(
        RatingCriterion, models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__sort_order"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["rating", "criterion"], name="boai_score_once"),
            models.CheckConstraint(
                condition=Q(score__gte=Decimal(0)), name="boai_score_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"

    def clean(self):
        if self.criterion_id and self.score is not None and self.score > self.criterion.max_score:
            raise ValidationError(
                {
                    "score": _("At most %(max)s for this criterion.")
                    % {"max": self.criterion.max_score}
                }
            )


class SiteKind(models.TextChoices):
    SAFETY_HALL = "safety_hall", _("school life-safety experience hall")
    SCENIC_STATION = "scenic_station", _("scenic-spot first-aid station")


class ServiceSite(TimeStampedModel):
    """A fixed Red Cross service point other than a Boai home."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=SiteKind.choices)
    district = models.ForeignKey(
        "core.District", models.PROTECT, related_name="service_sites", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "district__sort_order", "name"]
        verbose_name = _("service site")
        verbose_name_plural = _("service sites")

    def __str__(self):
        return self.name


class ActivityCategory(models.TextChoices):
    POVERTY = "poverty", _("help for people in hardship")
    MEDICAL = "medical", _("medical help")
    EDUCATION = "education", _("help with schooling")
    ELDERLY = "elderly", _("help for the elderly")
    DISABILITY = "disability", _("help for people with disabilities")


class VolunteerActivityQuerySet(models.QuerySet):
    def held_between(self, start, end):
        return self.filter(held_on__gte=start, held_on__lte=end)


class VolunteerActivity(TimeStampedModel):
    """A volunteer service activity and the people it served (person-times)."""

    title = models.CharField(_("title"), max_length=120)
    category = models.CharField(_("category"), max_length=10, choices=ActivityCategory.choices)
    held_on = models.DateField(_("held on"))
    district = models.ForeignKey(
        "core.District",
        models.PROTECT,
        related_name="volunteer_activities",
        verbose_name=_("district"),
        db_index=False,  # the (district, held_on) index serves it
    )
    home = models.ForeignKey(
        BoaiHome,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("Boai home"),
        db_index=False,  # the (home, held_on) index serves it
    )
    volunteers = models.PositiveIntegerField(_("volunteers"))
    beneficiaries = models.PositiveIntegerField(_("people served (person-times)"))
    history = HistoricalRecords()

    objects = VolunteerActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        indexes = [
            models.Index(fields=["held_on"]),
            models.Index(fields=["home", "held_on"]),
            models.Index(fields=["district", "held_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(volunteers__gt=0), name="boai_activity_has_volunteers"
            ),
        ]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class ActivityTally(MonthlyTally):
    """Volunteer activities and person-times served per month and district."""

    district = models.ForeignKey(
        "core.District", models.CASCADE, related_name="+", verbose_name=_("district")
    )
    activities = models.PositiveIntegerField(_("activities"))
    beneficiaries = models.BigIntegerField(_("people served (person-times)"))

    class Meta:
        verbose_name = _("volunteer activity tally")
        verbose_name_plural = _("volunteer activity tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "district"], name="activity_tally_key")
        ]


class BoaiHomeTally(models.Model):
    """Active Boai homes per district, excellent or not (kept by apps.core.tallies)."""

    district = models.ForeignKey(
        "core.District",
        models.CASCADE,
        related_name="boai_home_tallies",
        verbose_name=_("district"),
    )
    excellent = models.BooleanField(_("Jiangsu excellent"))
    homes = models.PositiveIntegerField(_("Boai homes"))

    class Meta:
        verbose_name = _("Boai home tally")
        verbose_name_plural = _("Boai home tallies")
        constraints = [
            models.UniqueConstraint(fields=["district", "excellent"], name="boai_home_tally_key")
        ]

    def __str__(self):
        return f"{self.district_id} {self.excellent}"
