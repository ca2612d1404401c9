from decimal import Decimal, InvalidOperation

from django import forms
from django.core import exceptions
from django.db import models
from django.utils.translation import gettext_lazy as _

FEN = Decimal("0.01")


class MoneyField(models.BigIntegerField):
    """An amount in CNY: `Decimal` with fen precision in Python, whole fen in the database.

    Storing fen as an integer keeps sums exact on every database: SQLite has no
    decimal type and would add amounts as floating point. Name the column after
    its unit (`db_column="amount_fen"`) so that SQL readers are not misled.
    """

    description = _("Amount in CNY (stored in fen)")

    def from_db_value(self, value, expression, connection):
        return None if value is None else to_yuan(value)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return Decimal(str(value)).quantize(FEN)
        except InvalidOperation:
            raise exceptions.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None

    def get_prep_value(self, value):
        if value is None or isinstance(value, models.expressions.Expression):
            return value
        return to_fen(self.to_python(value))

    def formfield(self, **kwargs):
        return super(models.BigIntegerField, self).formfield(
            **{"form_class": forms.DecimalField, "max_digits": 14, "decimal_places": 2, **kwargs}
        )


def to_fen(amount: Decimal) -> int:
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise exceptions.ValidationError(
            _("An amount has at most two decimal places (fen)."), code="fen"
        )
    return int(fen)


def to_yuan(fen) -> Decimal:
    return Decimal(int(fen)).scaleb(-2)
