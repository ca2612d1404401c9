from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.models import MonthlyTally, TimeStampedModel

CERTIFICATE_VALID_YEARS = 3


class ModelRating(models.TextChoices):
    NONE = "", _("not rated")
    PROVINCIAL = "provincial", _("provincial model base")
    NATIONAL = "national", _("national model base")


class TrainingBase(TimeStampedModel):
    """A first-aid training base (急救培训实训基地)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    district = models.ForeignKey(
        "core.District", models.PROTECT, related_name="training_bases", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=200)
    model_rating = models.CharField(
        _("model base rating"), max_length=12, choices=ModelRating.choices, blank=True
    )
    rated_on = models.DateField(_("rated on"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=40)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["district__sort_order", "name"]
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        constraints = [
            models.CheckConstraint(
                condition=Q(model_rating="") | Q(rated_on__isnull=False),
                name="training_base_rating_has_date",
            ),
        ]

    def __str__(self):
        return self.name


class SessionKind(models.TextChoices):
    CERTIFIED = "certified", _("certified training")
    AWARENESS = "awareness", _("awareness training")


class TrainingSessionQuerySet(models.QuerySet):
    def certified(self):
        return self.filter(kind=SessionKind.CERTIFIED)

    def awareness(self):
        return self.filter(kind=SessionKind.AWARENESS)

    def in_district(self, district):
        return self.filter(district=district)

    def held_between(self, start, end):
        return self.filter(starts_at__date__gte=start, starts_at__date__lte=end)


class TrainingSession(TimeStampedModel):
    """A certified or awareness session. Awareness sessions count heads; certified ones list trainees."""

    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    district = models.ForeignKey(
        "core.District",
        models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("district"),
    )
    base = models.ForeignKey(
        TrainingBase,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("training base"),
    )
    place = models.CharField(_("place"), max_length=150)
    instructor = models.CharField(_("instructor"), max_length=40)
    headcount = models.PositiveIntegerField(
        _("headcount"),
        default=0,
        help_text=_("People trained; for certified sessions, the roster counts."),
    )
    is_open_to_public = models.BooleanField(_("open for public sign-up"), default=False)
    history = HistoricalRecords()

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [
            models.Index(fields=["kind", "starts_at"]),
            models.Index(fields=["district", "kind", "starts_at"]),
            # The public list of upcoming sessions one can sign up for.
            models.Index(
                fields=["starts_at"],
                condition=Q(is_open_to_public=True),
                name="training_open_sessions",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="training_session_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.starts_at):%Y-%m-%d} {self.title}"


class TraineeQuerySet(models.QuerySet):
    def issued_between(self, start, end):
        return self.filter(issued_on__gte=start, issued_on__lte=end)

    def valid_on(self, day):
        return self.filter(issued_on__lte=day, expires_on__gte=day)


class Trainee(TimeStampedModel):
    """A certified trainee and the first-aid certificate (救护员证) they received.

    The ID number is never stored whole: staff find a person by the keyed digest of
    the number they type, and see only the masked form.
    """

    session = models.ForeignKey(
        TrainingSession,
        models.PROTECT,
        related_name="trainees",
        limit_choices_to={"kind": SessionKind.CERTIFIED},
        verbose_name=_("session"),
    )
    name = models.CharField(_("full name"), max_length=40)
    id_number_masked = models.CharField(_("ID number (masked)"), max_length=18, blank=True)
    id_number_digest = models.CharField(
        _("ID number digest"), max_length=64, blank=True, editable=False
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=30)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    history = HistoricalRecords()

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "certificate_number"]
        verbose_name = _("certified trainee")
        verbose_name_plural = _("certified trainees")
        # Both looked up by exact value only: as a constraint and a plain index, PostgreSQL
        # builds no second, LIKE-pattern index beside each, which at ten million
        # certificates cost as much to keep as the lookups they never serve.
        indexes = [
            models.Index(fields=["issued_on"]),
            models.Index(fields=["id_number_digest"], name="training_trainee_digest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"], name="training_certificate_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="training_certificate_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(certificate_number=""), name="training_certificate_number_required"
            ),
        ]

    def __str__(self):
        return f"{self.certificate_number} {self.name}"

    def clean(self):
        if self.session_id and self.session.kind != SessionKind.CERTIFIED:
            raise ValidationError(
                {
                    "session": _(
                        "Awareness sessions issue no certificates; choose a certified session."
                    )
                }
            )


class TrainingBaseline(TimeStampedModel):
    """People trained in a district before the reporting period, carried over into coverage.

    The article's coverage (29.7% of the registered population) counts everyone trained
    to date; records kept in the portal begin with the period, so the earlier total is an
    explicit, sourced input.
    """

    district = models.OneToOneField(
        "core.District",
        models.PROTECT,
        related_name="training_baseline",
        verbose_name=_("district"),
    )
    as_of = models.DateField(_("as of"))
    people_trained = models.PositiveIntegerField(_("people trained before the period"))
    source = models.CharField(_("source"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["district__sort_order"]
        verbose_name = _("training baseline")
        verbose_name_plural = _("training baselines")

    def __str__(self):
        return f"{self.district} {self.as_of:%Y-%m-%d}"


class TraineeTally(MonthlyTally):
    """Certificates issued per month and district of the session (kept by apps.core.tallies)."""

    district = models.ForeignKey(
        "core.District", models.CASCADE, related_name="+", verbose_name=_("district")
    )
    trainees = models.PositiveIntegerField(_("trainees"))

    class Meta:
        verbose_name = _("trainee tally")
        verbose_name_plural = _("trainee tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "district"], name="trainee_tally_key")
        ]


class AwarenessTally(MonthlyTally):
    """Awareness sessions and their headcount per month (Asia/Shanghai) and district."""

    district = models.ForeignKey(
        "core.District", models.CASCADE, related_name="+", verbose_name=_("district")
    )
    sessions = models.PositiveIntegerField(_("sessions"))
    headcount = models.BigIntegerField(_("headcount"))

    class Meta:
        verbose_name = _("awareness tally")
        verbose_name_plural = _("awareness tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "district"], name="awareness_tally_key")
        ]
