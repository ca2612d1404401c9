from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrganizationKind
from .templatetags.organization_tags import district_name


class OrganizationFilterForm(forms.Form):
    """The list's query string: a name to search for, a district and a kind, each optional."""

    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={"invalid_choice": _("Choose a district from the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
        error_messages={"invalid_choice": _("Choose a kind from the list.")},
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("All districts"))] + [
            (d.code, district_name(d)) for d in districts
        ]
