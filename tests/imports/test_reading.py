from datetime import date, datetime
from decimal import Decimal

import pytest

from apps.aed.models import VenueType
from apps.core.imports import (
    ChineseDateWidget,
    ChoiceWidget,
    DistrictWidget,
    MoneyWidget,
    YesNoWidget,
    decode_text,
)
from apps.training.resources import certificate_expiry, clean_id_number


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_text_is_read_in_utf8_or_gbk(encoding):
    assert decode_text("点位名称,所在区\n".encode(encoding)) == "点位名称,所在区\n"


@pytest.mark.parametrize(
    "cell",
    # openpyxl reads a date cell as a naive datetime.
    ["2024-05-01", "2024/5/1", "2024.05.01", "20240501", "2024年5月1日", datetime(2024, 5, 1)],  # noqa: DTZ001
)
def test_dates_are_read_as_staff_write_them(cell):
    assert ChineseDateWidget().clean(cell) == date(2024, 5, 1)


@pytest.mark.parametrize("cell", ["2024-02-30", "5/1/2024", "明天"])
def test_impossible_dates_are_row_errors(cell):
    with pytest.raises(ValueError):
        ChineseDateWidget().clean(cell)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [("1,234.56", "1234.56"), ("¥88", "88.00"), (1234.56, "1234.56"), ("100元", "100.00")],
)
def test_amounts_are_decimals(cell, amount):
    value = MoneyWidget().clean(cell)
    assert isinstance(value, Decimal)
    assert value == Decimal(amount)


def test_choices_are_read_by_chinese_label_english_label_or_value():
    widget = ChoiceWidget(VenueType)
    assert widget.clean("商场") == widget.clean("shopping centre") == widget.clean("mall") == "mall"
    with pytest.raises(ValueError, match="商场"):
        widget.clean("飞机场")


@pytest.mark.django_db
def test_districts_are_read_by_chinese_name_or_code():
    widget = DistrictWidget()
    assert widget.clean("梁溪区") == widget.clean("liangxi")
    with pytest.raises(ValueError):
        widget.clean("火星区")


def test_yes_and_no():
    assert YesNoWidget().clean("是") is True
    assert YesNoWidget().clean("否") is False
    assert YesNoWidget().clean("") is None


def test_certificate_expires_three_years_less_a_day_after_issue():
    assert certificate_expiry(date(2024, 5, 1)) == date(2027, 4, 30)
    assert certificate_expiry(date(2024, 2, 29)) == date(2027, 2, 28)


def test_id_numbers_are_checked_and_never_echoed():
    assert clean_id_number(" 11010519491231002x ") == "11010519491231002X"
    with pytest.raises(ValueError) as error:
        clean_id_number("110105194912310021")
    assert "110105" not in str(error.value)
