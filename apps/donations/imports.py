"""The admin's import of a batch of donations (see `resources.DonationResource`)."""

from apps.core.imports import SpreadsheetImportMixin

from .resources import DonationResource


class DonationImportMixin(SpreadsheetImportMixin):
    resource_classes = [DonationResource]
