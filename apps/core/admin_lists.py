"""Admin lists of tables with millions of rows: no exact count and no scan per page view.

Django's changelist counts the filtered rows for its paginator, and its date drill-down
lists the distinct years of the whole table: both read every row. On PostgreSQL the
paginator takes the planner's estimate once it is past a threshold, and the years come
from the table's tally (apps/core/tallies.py).
"""

import json

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# Below this many rows (as estimated) the count is exact: it is cheap there.
EXACT_COUNT_BELOW = 10_000


def estimated_rows(queryset: QuerySet) -> int | None:
    """PostgreSQL's planner estimate of the rows `queryset` returns; None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """Exact count of small results; the planner's estimate of large ones (PostgreSQL)."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            estimate = estimated_rows(self.object_list)
            if estimate is not None and estimate >= EXACT_COUNT_BELOW:
                return estimate
        return super().count


class LargeTableAdmin:
    """Mixin for the changelists of the largest tables."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50


def year_filter(field: str, tally_model) -> type[admin.SimpleListFilter]:
    """A filter by the year of `field`, its years listed from the tally. Its parameter is the
    date drill-down's (`received_on__year=2023`), so links and saved filters keep working."""

    class YearFilter(admin.SimpleListFilter):
        title = _("year")
        parameter_name = f"{field}__year"

        def lookups(self, request, model_admin):
            years = tally_model.objects.dates("month", "year", order="DESC")
            return [(str(day.year), str(day.year)) for day in years]

        def queryset(self, request, queryset):
            value = self.value()
            if value and value.isdigit() and len(value) == 4:
                return queryset.filter(**{f"{field}__year": int(value)})
            return queryset

    return YearFilter
