"""Each Boai home keeps its latest star rating, exact on every write.

A home's star rating is its latest rating (highest `year`; a home has one rating a year).
Looked up per home, the list's and the map's star filter cost one probe of the ratings per
home of the district or the box, at every request. So the home keeps that rating's stars
and year in columns of its own (`LATEST_RATING_FIELDS`), and the list, the map and the
district and community pages read the homes alone.

The columns are set again whenever a rating or its home is written (apps/core/newest.py:
`NewestCopy`, which says how). Loads that bypass `save()` (the demo data) fill the columns
themselves, or call `refresh_homes()` (as `manage.py tallies` does).
"""

from apps.core.newest import NewestCopy

from .models import LATEST_RATING_FIELDS, BoaiHome, StarRating

COPY = NewestCopy(
    BoaiHome,
    StarRating,
    link="home",
    fields=LATEST_RATING_FIELDS,
    # One rating a home a year (boai_one_rating_a_year): the year alone orders them.
    order=("-year",),
    uid="boai:latest",
)
latest_facts = COPY.facts
refresh_homes = COPY.refresh
watch = COPY.watch
