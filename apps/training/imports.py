"""The admin's roster import: staff choose the certified session the file's trainees belong to."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _
from import_export.forms import ConfirmImportForm, ImportForm

from apps.core.imports import SpreadsheetImportMixin

from .models import Trainee, TrainingSession


def session_field(widget=None):
    return forms.ModelChoiceField(
        label=_("certified session"),
        queryset=TrainingSession.objects.certified(),
        widget=widget,
        help_text=_("Every trainee in the file is recorded in this session."),
    )


class RosterImportForm(ImportForm):
    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["session"] = session_field(
            AutocompleteSelect(Trainee._meta.get_field("session"), admin.site)
        )


class RosterConfirmImportForm(ConfirmImportForm):
    session = session_field(forms.HiddenInput)


class RosterImportMixin(SpreadsheetImportMixin):
    import_form_class = RosterImportForm
    confirm_form_class = RosterConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["session"] = import_form.cleaned_data["session"].pk
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        resource_kwargs = super().get_import_resource_kwargs(request, **kwargs)
        form = kwargs.get("form")
        if form is not None and form.is_bound and form.is_valid():
            resource_kwargs["session"] = form.cleaned_data["session"]
        return resource_kwargs
