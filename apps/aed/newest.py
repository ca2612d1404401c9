"""Each AED site keeps its newest inspection's facts, exact on every write.

Readiness needs a site's newest inspection (latest `inspected_on`, then highest pk). Looked
up per site, it costs one probe of the inspections per site listed or counted, and the
district page counts every site of its district. So the site keeps that inspection's
date, result and expiry dates in columns of its own (`NEWEST_INSPECTION_FIELDS`), and
lists, counts and the nearest-AED search read the sites alone.

The columns are set again whenever an inspection or its site is written
(apps/core/newest.py: `NewestCopy`, which says how). Loads that bypass `save()` (the demo
data) fill the columns themselves, or call `refresh_sites()` (as `manage.py tallies` does).
"""

from apps.core.newest import NewestCopy

from .models import NEWEST_INSPECTION_FIELDS, AedInspection, AedSite

COPY = NewestCopy(
    AedSite,
    AedInspection,
    link="site",
    fields=NEWEST_INSPECTION_FIELDS,
    order=("-inspected_on", "-pk"),
    uid="aed:newest",
)
newest_facts = COPY.facts
refresh_sites = COPY.refresh
watch = COPY.watch
