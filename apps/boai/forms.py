from urllib.parse import urlencode

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BboxField

YES, NO = "yes", "no"


class BoaiHomeFilterForm(forms.Form):
    """Filters of the Boai home list; choices are checked in Python, so nothing odd reaches SQL."""

    district = forms.ChoiceField(label=_("District"), required=False)
    stars = forms.TypedChoiceField(
        label=_("Latest star rating"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any"))] + [(str(n), "★" * n) for n in range(5, 0, -1)],
    )
    excellent = forms.TypedChoiceField(
        label=_("Jiangsu excellent Boai home"),
        required=False,
        coerce=lambda value: value == YES,
        empty_value=None,
        choices=[("", _("Any")), (YES, _("Yes")), (NO, _("No"))],
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        english = (get_language() or "").startswith("en")
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, d.name_en if english else d.name) for d in districts
        ]

    def filters(self) -> dict:
        """The valid filters; an invalid one is ignored (and its error shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "district_code": data.get("district") or "",
            "stars": data.get("stars"),
            "excellent": data.get("excellent"),
        }

    def query(self) -> str:
        """The valid filters as a query string: what the map asks its homes with."""
        filters = self.filters()
        params = {
            "district": filters["district_code"],
            "stars": filters["stars"],
            "excellent": {True: YES, False: NO}.get(filters["excellent"]),
        }
        return urlencode({name: value for name, value in params.items() if value})


class BoaiHomeMapForm(BoaiHomeFilterForm):
    """The map's question: the list's filters and the box of the map's view. Unlike the
    list, the map is answered only when every field is valid (400 otherwise)."""

    bbox = BboxField()
