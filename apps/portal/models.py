from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureSnapshot(models.Model):
    """The reporting period's figures and yearly series, as computed from the records at
    `computed_at` (apps/portal/snapshot.py keeps it: every committed write refreshes it)."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    values = models.JSONField(_("values"), encoder=DjangoJSONEncoder, default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("figure snapshot")
        verbose_name_plural = _("figure snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["period_start", "period_end"], name="figure_snapshot_period"
            )
        ]

    def __str__(self):
        return f"{self.period_start}–{self.period_end} {self.computed_at:%Y-%m-%d %H:%M:%S}"
