from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from apps.aed import hours

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    """A wall-clock time in Wuxi; 2024-07-01 is a Monday, so day 1..7 is Mo..Su."""
    return datetime(2024, 7, day, hour, minute, tzinfo=SHANGHAI)


def test_24_7_is_always_open():
    assert hours.is_open("24/7", at(7, 3)) is True
    assert hours.is_always_open("24/7")


def test_every_day_range_is_open_from_start_until_before_end():
    text = "Mo-Su 06:00-23:00"
    assert hours.is_open(text, at(3, 6, 0)) is True
    assert hours.is_open(text, at(3, 22, 59)) is True
    assert hours.is_open(text, at(3, 23, 0)) is False
    assert hours.is_open(text, at(3, 5, 59)) is False
    assert not hours.is_always_open(text)


def test_weekday_and_saturday_rules_are_read_separately():
    text = "Mo-Fr 09:00-17:00; Sa 09:00-12:00"
    assert hours.is_open(text, at(5, 16, 30)) is True  # Friday
    assert hours.is_open(text, at(6, 11, 59)) is True  # Saturday morning
    assert hours.is_open(text, at(6, 12, 0)) is False  # Saturday afternoon
    assert hours.is_open(text, at(7, 10)) is False  # Sunday


def test_later_rule_replaces_earlier_on_the_days_it_names():
    text = "Mo-Su 08:00-20:00; Su off"
    assert hours.is_open(text, at(6, 10)) is True
    assert hours.is_open(text, at(7, 10)) is False


def test_day_lists_wrapping_ranges_and_several_spans():
    text = "Fr-Mo 10:00-12:00,14:00-16:00"
    assert hours.is_open(text, at(1, 11)) is True  # Monday
    assert hours.is_open(text, at(7, 15)) is True  # Sunday
    assert hours.is_open(text, at(7, 13)) is False  # between the spans
    assert hours.is_open(text, at(2, 11)) is False  # Tuesday
    assert hours.is_open("Mo,We 08:00-09:00", at(3, 8, 30)) is True
    assert hours.is_open("Mo,We 08:00-09:00", at(2, 8, 30)) is False


def test_range_past_midnight_stays_open_into_the_next_day():
    text = "Fr 22:00-02:00"
    assert hours.is_open(text, at(5, 23)) is True
    assert hours.is_open(text, at(6, 1, 59)) is True
    assert hours.is_open(text, at(6, 2)) is False
    assert hours.is_open(text, at(5, 1)) is False


def test_full_day_ranges_count_as_always_open():
    assert hours.is_always_open("Mo-Su 00:00-24:00")
    assert hours.is_open("00:00-24:00", at(2, 23, 59)) is True


@pytest.mark.parametrize(
    "text", ["", "PH off", "Mo-Fr", "Xx 09:00-10:00", "Mo 25:00-26:00", "sunrise-sunset", "Mo 9-17"]
)
def test_unreadable_hours_are_unknown_not_open(text):
    with pytest.raises(ValueError):
        hours.parse(text)
    assert hours.is_open(text, at(1, 12)) is None
    assert not hours.is_always_open(text)
