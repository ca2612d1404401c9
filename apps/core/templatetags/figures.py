"""Numbers as readers expect them: 11.36万 and 4.24亿 in Chinese, 113.6 thousand in English."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import get_language

register = template.Library()

CHINESE_UNITS = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
ENGLISH_UNITS = ((Decimal(10) ** 9, " billion"), (Decimal(10) ** 6, " million"))


@register.filter
def short_number(value, places=2):
    """A large number in the reader's units, rounded to `places` decimals; small ones as they are."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    chinese = (get_language() or "zh-hans").startswith("zh")
    for size, unit in CHINESE_UNITS if chinese else ENGLISH_UNITS:
        if abs(number) >= size:
            scaled = (number / size).quantize(Decimal(1).scaleb(-int(places)), ROUND_HALF_UP)
            return f"{scaled.normalize():f}{unit}"
    if number == number.to_integral_value():
        return intcomma(int(number))
    return intcomma(number.quantize(Decimal("0.01"), ROUND_HALF_UP))


@register.filter
def exact_number(value):
    """The full value with thousands separators, for the title beside a short number."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return intcomma(int(number))
    return intcomma(number.quantize(Decimal("0.01")))
