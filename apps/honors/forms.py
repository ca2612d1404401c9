from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HonorLevel, RecipientKind


class HonorFilterForm(forms.Form):
    """The timeline's query string: level, year and recipient kind, each optional."""

    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("All levels")), *HonorLevel.choices],
        error_messages={"invalid_choice": _("Choose a level from the list.")},
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a year from the list.")},
    )
    recipient = forms.ChoiceField(
        label=_("Recipient"),
        required=False,
        choices=[("", _("All recipients")), *RecipientKind.choices],
        error_messages={"invalid_choice": _("Choose a recipient kind from the list.")},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]

    def filter(self, honors):
        """`honors` narrowed by the fields that are valid; an invalid field filters nothing."""
        data = getattr(self, "cleaned_data", {})
        if data.get("level"):
            honors = honors.filter(level=data["level"])
        if data.get("year"):
            honors = honors.filter(conferred_on__year=data["year"])
        if data.get("recipient"):
            honors = honors.filter(recipient_kind=data["recipient"])
        return honors
