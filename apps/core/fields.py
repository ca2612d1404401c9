from decimal import Decimal, InvalidOperation

from django import forms
from django.core import exceptions
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import clean_image, validate_image

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


class ImageUploadFormField(forms.ImageField):
    """An image field that also decodes every pixel within the limits (apps/core/images.py).

    Django's own field only reads the header; a cut-off JPEG or a decompression bomb
    would fail later, as a server error instead of a form error.
    """

    def widget_attrs(self, widget):
        # The file picker offers pictures of the accepted kinds only.
        return super().widget_attrs(widget) | {"accept": "image/jpeg,image/png,image/webp"}

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            validate_image(data)
        return super().to_python(data)


def validate_uploaded_image(value):
    """The model field's validator: a new upload must be a readable picture within limits.

    A file already stored was checked when it was uploaded, and is not read again.
    """
    if value and not getattr(value, "_committed", True):
        validate_image(value.file)


class UploadedImageField(models.ImageField):
    """A photo or scan staff upload: checked by content, stored re-encoded under a random name.

    The stored file is a new encoding of the picture (`clean_image`), so no EXIF block,
    location included, and nothing a browser could run ever reaches the media folder.
    """

    default_validators = [validate_uploaded_image]

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content = clean_image(file.file)
            file.save(content.name, content, save=False)
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})
