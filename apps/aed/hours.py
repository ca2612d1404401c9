"""A small reader of OpenStreetMap `opening_hours` strings, enough for the ones AED keepers use.

Understood: `24/7`; `;`-separated rules of weekdays (`Mo-Fr`, `Sa,Su`, `Mo-Fr,Su`, or none
for every day) and time ranges (`09:00-12:00,13:00-17:00`, up to `24:00`, or past midnight
as `22:00-02:00`); `off`/`closed`. As in OSM, a later rule replaces earlier ones on the days
it names. Anything else (public holidays, months, week numbers) is refused with ValueError,
so that a site is never called open on a guess.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEK_MINUTES = 7 * 24 * 60
_DAY_SPEC = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_TIME_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class OpeningHours:
    """Open spans per weekday (Monday first), in minutes after that day's midnight."""

    week: tuple[tuple[tuple[int, int], ...], ...]

    @property
    def always_open(self) -> bool:
        return all(spans == ((0, 1440),) for spans in self.week)

    def is_open(self, when: datetime) -> bool:
        """Whether open at `when`, read as a local wall-clock time."""
        minute = when.hour * 60 + when.minute
        today = when.weekday()
        if any(start <= minute < end for start, end in self.week[today]):
            return True
        # A span past midnight (Fr 22:00-02:00) keeps the previous day's place open.
        yesterday = self.week[(today - 1) % 7]
        return any(start <= minute + 1440 < end for start, end in yesterday)


def _days(spec: str) -> set[int]:
    days: set[int] = set()
    for part in spec.split(","):
        match = _DAY_SPEC.match(part)
        if not match:
            raise ValueError(f"unknown weekday selector {part!r}")
        first = DAYS.index(match[1])
        last = DAYS.index(match[2] or match[1])
        day = first
        while True:  # Fr-Mo wraps round the week end
            days.add(day)
            if day == last:
                break
            day = (day + 1) % 7
    return days


def _spans(spec: str) -> tuple[tuple[int, int], ...]:
    if spec in ("off", "closed"):
        return ()
    spans = []
    for part in spec.split(","):
        match = _TIME_SPAN.match(part)
        if not match:
            raise ValueError(f"unknown time range {part!r}")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise ValueError(f"time out of range in {part!r}")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end <= start:
            end += 1440  # past midnight, into the next day
        spans.append((start, end))
    return tuple(spans)


@lru_cache(maxsize=512)
def parse(text: str) -> OpeningHours:
    """Parse an opening_hours string; ValueError if it says something this reader cannot."""
    text = " ".join(text.split())
    if text == "24/7":
        return OpeningHours(week=(((0, 1440),),) * 7)
    if not text:
        raise ValueError("empty opening hours")
    week: list[tuple[tuple[int, int], ...]] = [()] * 7
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        head, _, rest = rule.partition(" ")
        if _DAY_SPEC.match(head.split(",")[0]):
            days, times = _days(head), rest.strip()
        else:
            days, times = set(range(7)), rule
        if not times:
            raise ValueError(f"rule without times: {rule!r}")
        spans = _spans(times.replace(" ", ""))
        for day in days:
            week[day] = spans
    return OpeningHours(week=tuple(week))


def is_open(text: str, when: datetime) -> bool | None:
    """True or False when the hours can be read, None when they cannot."""
    try:
        return parse(text).is_open(when)
    except ValueError:
        return None


def is_always_open(text: str) -> bool:
    try:
        return parse(text).always_open
    except ValueError:
        return False
