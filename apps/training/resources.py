"""Importing the trainee roster of one certified session; the certificate number is the key.

The ID number column is read into its masked form and its keyed digest; the number
itself is never stored, not in the trainee table and not in its history.
"""

import re
from datetime import date, timedelta

from django.utils.translation import gettext as _
from import_export import fields

from apps.core.imports import ChineseDateWidget, ChineseHeaderResource, TextWidget, column
from apps.core.pii import id_number_digest, mask_id_number

from .models import CERTIFICATE_VALID_YEARS, Trainee

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"


def clean_id_number(value) -> str:
    """A resident ID number (居民身份证号码): 18 characters with a valid check character, or 15 digits."""
    number = TextWidget().clean(value).upper().replace(" ", "")
    if re.fullmatch(r"\d{15}", number):
        return number
    if re.fullmatch(r"\d{17}[\dX]", number):
        total = sum(int(digit) * weight for digit, weight in zip(number, ID_WEIGHTS, strict=False))
        if ID_CHECK_CHARACTERS[total % 11] == number[-1]:
            return number
    # The message never repeats the number: it would end up in logs.
    raise ValueError(_("Not a valid resident ID number (18 characters, last may be X)."))


def certificate_expiry(issued_on: date) -> date:
    """The last day a certificate is valid: three years after issue, less one day."""
    try:
        same_day = issued_on.replace(year=issued_on.year + CERTIFICATE_VALID_YEARS)
    except ValueError:  # issued on 29 February
        same_day = date(issued_on.year + CERTIFICATE_VALID_YEARS, 3, 1)
    return same_day - timedelta(days=1)


class IdNumberField(fields.Field):
    """Writes the masked number and the digest; shows only the masked number in the preview."""

    def __init__(self, column_name):
        super().__init__(attribute="id_number_masked", column_name=column_name, widget=TextWidget())

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = row.get(self.column_name)
        if value is None or not str(value).strip():
            instance.id_number_masked = ""
            instance.id_number_digest = ""
            return
        number = clean_id_number(value)
        instance.id_number_masked = mask_id_number(number)
        instance.id_number_digest = id_number_digest(number)


class TraineeResource(ChineseHeaderResource):
    name = column("name", "姓名")
    id_number = IdNumberField("身份证号")
    phone = column("phone", "手机号")
    certificate_number = column("certificate_number", "证书编号")
    issued_on = column("issued_on", "发证日期", ChineseDateWidget())
    expires_on = column("expires_on", "有效期至", ChineseDateWidget())

    class Meta(ChineseHeaderResource.Meta):
        model = Trainee
        import_id_fields = ["certificate_number"]
        fields = ["name", "id_number", "phone", "certificate_number", "issued_on", "expires_on"]

    def __init__(self, session=None, **kwargs):
        super().__init__(**kwargs)
        self.session = session

    def import_instance(self, instance, row, **kwargs):
        if self.session is not None:
            instance.session = self.session
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # Also when another column is wrong, so that the row's errors are only the real ones.
            if instance.expires_on is None and instance.issued_on is not None:
                instance.expires_on = certificate_expiry(instance.issued_on)
