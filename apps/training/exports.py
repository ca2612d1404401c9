"""Training datasets for auditors: sessions, certified trainees, trainees per year and district."""

from django.utils.translation import gettext_lazy as _

from apps.core.exports import Export, mask_phone, register
from apps.core.periods import reporting_period

from .models import Trainee, TrainingSession
from .selectors import trainees_by_year, training_coverage_by_district


@register
class TrainingSessionExport(Export):
    name = "training-sessions"
    title = _("Training sessions")
    model = TrainingSession
    columns = [
        ("id", _("ID")),
        ("kind", _("kind")),
        ("title", _("title")),
        ("starts_at", _("starts at")),
        ("ends_at", _("ends at")),
        ("district", _("district")),
        ("base", _("training base")),
        ("place", _("place")),
        ("instructor", _("instructor")),
        ("headcount", _("headcount")),
    ]

    def prepare(self, queryset):
        return queryset.select_related("district", "base").order_by("starts_at", "pk")

    def row(self, s, *, mask):
        return [
            s.pk,
            s.get_kind_display(),
            s.title,
            s.starts_at,
            s.ends_at,
            s.district.name,
            s.base.name if s.base else "",
            s.place,
            s.instructor,
            s.headcount,
        ]


@register
class TraineeExport(Export):
    """Certified trainees. The full ID number is never stored, so only its masked form is here."""

    name = "trainees"
    title = _("Certified trainees")
    model = Trainee
    columns = [
        ("certificate_number", _("certificate number")),
        ("name", _("full name")),
        ("id_number_masked", _("ID number (masked)")),
        ("phone", _("phone")),
        ("issued_on", _("issued on")),
        ("expires_on", _("expires on")),
        ("session", _("session")),
        ("district", _("district")),
    ]
    personal_columns = frozenset({"id_number_masked", "phone"})

    def prepare(self, queryset):
        return queryset.select_related("session__district").order_by(
            "issued_on", "certificate_number"
        )

    def row(self, t, *, mask):
        return [
            t.certificate_number,
            t.name,
            t.id_number_masked,
            mask_phone(t.phone) if mask else t.phone,
            t.issued_on,
            t.expires_on,
            t.session.title,
            t.session.district.name,
        ]


@register
class TraineesByYear(Export):
    """Aggregated: certified and awareness trainees per year of the reporting period."""

    permission = "training.view_trainee"
    name = "trainees-by-year"
    title = _("Trainees by year")
    columns = [
        ("year", _("year")),
        ("certified", _("certified trainees")),
        ("awareness", _("awareness trainees")),
    ]

    def iter_rows(self, queryset=None, *, mask=True):
        for row in trainees_by_year(reporting_period()):
            yield [row["year"], row["certified"], row["awareness"]]


@register
class TrainingCoverageByDistrict(Export):
    """Aggregated: people trained and coverage per district over the reporting period."""

    permission = "training.view_trainee"
    name = "trainees-by-district"
    title = _("Training coverage by district")
    columns = [
        ("district", _("district")),
        ("baseline", _("trained before the period")),
        ("certified", _("certified trainees")),
        ("awareness", _("awareness trainees")),
        ("trained", _("people trained")),
        ("population", _("registered population")),
        ("percent", _("coverage (%)")),
    ]

    def iter_rows(self, queryset=None, *, mask=True):
        for row in training_coverage_by_district(reporting_period()):
            yield [
                row["district"].name,
                row["baseline"],
                row["certified"],
                row["awareness"],
                row["trained"],
                row["population"],
                row["percent"],
            ]
