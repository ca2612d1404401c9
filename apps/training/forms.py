from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Trainee


class CertificateCheckForm(forms.Form):
    """A certificate number and the holder's name; CharField strips whitespace and refuses NUL."""

    certificate_number = forms.CharField(
        label=_("Certificate number"),
        max_length=Trainee._meta.get_field("certificate_number").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=Trainee._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
