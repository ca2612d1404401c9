from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from apps.core.fields import UploadedImageField
from apps.core.models import TimeStampedModel


class HonorLevel(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    MUNICIPAL = "municipal", _("municipal")
    DISTRICT = "district", pgettext_lazy("honor level", "district")


class HonorCategory(models.TextChoices):
    COLLECTIVE = "collective", _("collective or individual award")
    COMPETITION = "competition", _("competition result")
    DESIGNATION = "designation", _("designation or pilot")
    PUBLICITY = "publicity", _("publicity award")
    ASSESSMENT = "assessment", _("assessment or ranking")


class RecipientKind(models.TextChoices):
    SOCIETY = "society", _("the city society")
    BRANCH = "branch", _("branch")
    TEAM = "team", _("team")
    SCHOOL = "school", _("school")
    BOAI_HOME = "boai_home", _("Boai home")
    PERSON = "person", _("person")


class Authority(models.Model):
    """A body that confers honors (a ministry, the Red Cross Society of China, ...)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    level = models.CharField(_("level"), max_length=12, choices=HonorLevel.choices)

    class Meta:
        ordering = ["level", "name"]
        verbose_name = _("conferring body")
        verbose_name_plural = _("conferring bodies")

    def __str__(self):
        return self.name


class HonorQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def at_levels(self, *levels):
        return self.filter(level__in=levels)

    def conferred_between(self, start, end):
        return self.filter(conferred_on__gte=start, conferred_on__lte=end)


class Honor(TimeStampedModel):
    """An honor or award received by the society or one of its units, with its evidence."""

    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=HonorLevel.choices)
    category = models.CharField(
        _("category"),
        max_length=12,
        choices=HonorCategory.choices,
        default=HonorCategory.COLLECTIVE,
    )
    conferred_by = models.ManyToManyField(
        Authority, related_name="honors", verbose_name=_("conferred by")
    )
    document_number = models.CharField(_("document number (文号)"), max_length=80, blank=True)
    conferred_on = models.DateField(_("conferred on"))
    recipient_kind = models.CharField(
        _("recipient kind"), max_length=12, choices=RecipientKind.choices
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="honors",
        verbose_name=_("recipient organization"),
    )
    boai_home = models.ForeignKey(
        "boai.BoaiHome",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="honors",
        verbose_name=_("recipient Boai home"),
    )
    recipient_name = models.CharField(
        _("recipient name"),
        max_length=80,
        blank=True,
        help_text=_("For a person; the name is published with the honor."),
    )
    scan = UploadedImageField(_("certificate scan"), upload_to="honors/%Y/", blank=True)
    scan_thumbnail = models.ImageField(
        _("certificate scan thumbnail"),
        upload_to="honors/thumbs/%Y/",
        blank=True,
        editable=False,
        width_field="scan_thumbnail_width",
        height_field="scan_thumbnail_height",
    )
    scan_thumbnail_width = models.PositiveSmallIntegerField(
        _("thumbnail width"), null=True, blank=True, editable=False
    )
    scan_thumbnail_height = models.PositiveSmallIntegerField(
        _("thumbnail height"), null=True, blank=True, editable=False
    )
    description = models.TextField(_("description"), blank=True)
    units_nationwide = models.PositiveIntegerField(
        _("units honored nationwide"), null=True, blank=True
    )
    units_in_province = models.PositiveIntegerField(
        _("units honored in Jiangsu"), null=True, blank=True
    )
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown as the headline honor.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    # Thumbnails are derived from the scan: they stay out of the history.
    history = HistoricalRecords(
        m2m_fields=[conferred_by],
        excluded_fields=["scan_thumbnail", "scan_thumbnail_width", "scan_thumbnail_height"],
    )

    objects = HonorQuerySet.as_manager()

    class Meta:
        ordering = ["-conferred_on", "title"]
        verbose_name = _("honor")
        verbose_name_plural = _("honors")
        indexes = [
            models.Index(fields=["is_published", "level", "conferred_on"]),
            models.Index(fields=["recipient_kind", "conferred_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (
                        Q(recipient_kind="society")
                        & Q(organization__isnull=True)
                        & Q(boai_home__isnull=True)
                    )
                    | (
                        Q(recipient_kind__in=["branch", "team", "school"])
                        & Q(organization__isnull=False)
                        & Q(boai_home__isnull=True)
                    )
                    | (
                        Q(recipient_kind="boai_home")
                        & Q(boai_home__isnull=False)
                        & Q(organization__isnull=True)
                    )
                    | (
                        Q(recipient_kind="person")
                        & ~Q(recipient_name="")
                        & Q(boai_home__isnull=True)
                    )
                ),
                name="honors_recipient_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(units_in_province__isnull=True)
                | Q(units_nationwide__isnull=True)
                | Q(units_in_province__lte=F("units_nationwide")),
                name="honors_province_within_nation",
            ),
        ]

    def __str__(self):
        return f"{self.conferred_on:%Y} {self.title}"

    def clean(self):
        kind = self.recipient_kind
        if kind in {RecipientKind.BRANCH, RecipientKind.TEAM, RecipientKind.SCHOOL}:
            if not self.organization_id:
                raise ValidationError({"organization": _("Choose the organization honored.")})
            if self.boai_home_id:
                raise ValidationError({"boai_home": _("Leave empty for this recipient kind.")})
        elif kind == RecipientKind.BOAI_HOME:
            if not self.boai_home_id:
                raise ValidationError({"boai_home": _("Choose the Boai home honored.")})
            if self.organization_id:
                raise ValidationError({"organization": _("Leave empty for this recipient kind.")})
        elif kind == RecipientKind.PERSON:
            if not self.recipient_name:
                raise ValidationError({"recipient_name": _("Enter the person's name.")})
            if self.boai_home_id:
                raise ValidationError({"boai_home": _("Leave empty for this recipient kind.")})
        elif kind == RecipientKind.SOCIETY and (self.organization_id or self.boai_home_id):
            raise ValidationError(_("An honor of the society itself names no other recipient."))

    @property
    def recipient_display(self):
        if self.recipient_kind == RecipientKind.SOCIETY:
            return _("Wuxi Red Cross Society")
        if self.recipient_kind == RecipientKind.PERSON:
            return self.recipient_name
        return self.organization or self.boai_home
