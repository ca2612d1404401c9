"""The reporting period's figures and yearly series, read from one stored row.

Every figure of the period comes from its area's selector (apps/portal/figures.py): some
twenty-five reads of tallies and small tables, most of the home page's time. They change
only when records do, so they are stored in one `FigureSnapshot` row, computed again
after every transaction that writes a record commits (and after `manage.py tallies` and
the demo build). A page then reads one row instead of computing twenty-five sums.

A refresh holds the row's lock while it computes, so refreshes run one after another and
the last, which started after the last commit, is the one that stays. A row older than
FIGURE_SNAPSHOT_SECONDS is not trusted (a figure that moves with the calendar; a process
that died between its commit and its refresh): the next reader refreshes it, or computes
its own answer while another process holds the lock. FIGURE_SNAPSHOT_SECONDS = 0 turns
the row off and every view computes (the tests do, but for those of this module).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from apps.aed.selectors import aeds_placed_by_year
from apps.boai.selectors import volunteer_activities_by_year
from apps.core.pagecache import on_record_change
from apps.core.periods import Period, reporting_period
from apps.core.services import on_commit_once
from apps.donations.selectors import received_by_year
from apps.training.selectors import trainees_by_year

from .figures import figure_values
from .models import FigureSnapshot

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    figures: dict[str, object]  # figure key -> value
    series: dict[str, list[tuple[int, object]]]  # name -> (year, value) in year order


def compute(period: Period, *, series: bool = True) -> Snapshot:
    """The figures and (unless `series` is False) the series, from the records (through
    the tallies)."""
    figures = figure_values(period)
    if not series:
        return Snapshot(figures, {})
    trainees = trainees_by_year(period)
    return Snapshot(
        figures,
        {
            "raised": [(row["year"], row["total"]) for row in received_by_year(period)],
            "trained": [(row["year"], row["certified"] + row["awareness"]) for row in trainees],
            "placed": [(row["year"], row["placed"]) for row in aeds_placed_by_year(period)],
            "activities": [
                (row["year"], row["activities"]) for row in volunteer_activities_by_year(period)
            ],
        },
    )


def read(period: Period, *, series: bool = True) -> Snapshot:
    """The figures and series of `period`: the stored row's for the reporting period while
    it is fresh, else computed (without the series if they are not wanted)."""
    if not settings.FIGURE_SNAPSHOT_SECONDS or period != reporting_period():
        return compute(period, series=series)
    row = _rows(period).first()
    if row is not None and row.computed_at >= timezone.now() - _max_age():
        return _decoded(row.values)
    try:
        stored = refresh(wait=False)
    except DatabaseError:
        # Storing is a favour to the next views: a write that got in first (SQLite lets
        # one writer through at a time) must not cost this view its answer.
        logger.warning("figure snapshot not stored", exc_info=True)
        stored = None
    return stored or compute(period, series=series)


def refresh(*, wait: bool = True) -> Snapshot | None:
    """Compute the reporting period's row again and store it; None when `wait` is False
    and another process is refreshing it (PostgreSQL; SQLite runs one writer at a time)."""
    if not settings.FIGURE_SNAPSHOT_SECONDS:
        return None
    period = reporting_period()
    FigureSnapshot.objects.get_or_create(
        period_start=period.start,
        period_end=period.end,
        defaults={"computed_at": timezone.now() - 2 * _max_age()},
    )
    with transaction.atomic():
        row = _rows(period).select_for_update(skip_locked=not wait).first()
        if row is None:
            return None
        snapshot = compute(period)
        row.values = {"figures": snapshot.figures, "series": snapshot.series}
        row.computed_at = timezone.now()
        row.save(update_fields=["values", "computed_at"])
    return snapshot


def _refresh_after_commit(sender=None, using=None, **kwargs) -> None:
    # Robust: the write has committed whatever happens here; a refresh that fails is
    # logged, and the row is computed again when it is older than its maximum age.
    on_commit_once(refresh, using=using, robust=True)


def watch_models() -> None:
    """Refresh the row when a transaction that writes a record a page may show commits
    (`manage.py tallies` and the demo build refresh it after their bulk loads)."""
    on_record_change(_refresh_after_commit, "snapshot")


def _rows(period: Period):
    return FigureSnapshot.objects.filter(period_start=period.start, period_end=period.end)


def _max_age() -> timedelta:
    return timedelta(seconds=settings.FIGURE_SNAPSHOT_SECONDS)


def _number(value):
    # DjangoJSONEncoder writes a Decimal as a string; numbers are the only values stored.
    return Decimal(value) if isinstance(value, str) else value


def _decoded(values: dict) -> Snapshot:
    return Snapshot(
        figures={key: _number(value) for key, value in values["figures"].items()},
        series={
            name: [(year, _number(value)) for year, value in points]
            for name, points in values["series"].items()
        },
    )
