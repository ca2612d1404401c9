"""Importing a batch of donations received; the receipt number is the key.

A receipt once issued is never changed by an import: a row whose receipt is already
recorded is skipped when it says the same, and refused when it differs (a mistake is
voided and reissued in the admin, which keeps the audit trail).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from apps.core.imports import (
    ChineseDateWidget,
    ChineseHeaderResource,
    ChoiceWidget,
    LookupWidget,
    MoneyWidget,
    TextWidget,
    YesNoWidget,
    column,
)

from .models import (
    Donation,
    DonationKind,
    Donor,
    DonorKind,
    Fund,
    OverseasBatch,
    Project,
    Purpose,
)

DONOR_KIND_COLUMN = "捐赠人类型"
DONATION_KINDS = ChoiceWidget(DonationKind, aliases={"款": "money", "物": "goods"})
DONOR_KINDS = ChoiceWidget(
    DonorKind, aliases={"企业": "company", "单位": "organization", "境外": "overseas"}
)


class PositiveMoneyWidget(MoneyWidget):
    def clean(self, value, row=None, **kwargs):
        amount = super().clean(value, row=row, **kwargs)
        if amount is not None and amount <= 0:
            raise ValueError(_("The amount must be more than zero."))
        return amount


class DonorField(fields.Field):
    """The donor found by name (and kind, when the file gives one), or recorded as new."""

    def __init__(self, column_name):
        super().__init__(attribute="donor", column_name=column_name, widget=TextWidget())

    def save(self, instance, row, is_m2m=False, **kwargs):
        name = TextWidget().clean(row.get(self.column_name))
        if not name:
            raise ValueError(_("Name the donor (匿名 gifts still name who gave)."))
        kind = DONOR_KINDS.clean(row.get(DONOR_KIND_COLUMN))
        donors = Donor.objects.filter(name=name)
        if kind:
            donors = donors.filter(kind=kind)
        donor = donors.order_by("pk").first()
        if donor is None:
            if not kind:
                raise ValueError(
                    _("No donor named “%(name)s” yet: give the %(column)s column.")
                    % {"name": name, "column": DONOR_KIND_COLUMN}
                )
            donor = Donor(name=name, kind=kind)
            donor.full_clean()
            donor._change_reason = "imported"
            donor.save()
        instance.donor = donor

    def export(self, instance, **kwargs):
        return instance.donor.name if instance.donor_id else ""


class DonorKindField(fields.Field):
    """Read together with the donor's name; shown in the preview, never set on the donation."""

    def __init__(self, column_name):
        super().__init__(attribute=None, column_name=column_name, readonly=True)

    def export(self, instance, **kwargs):
        return DONOR_KINDS.render(instance.donor.kind) if instance.donor_id else ""


class DonationResource(ChineseHeaderResource):
    receipt_number = column("receipt_number", "票据号")
    donor = DonorField("捐赠人")
    donor_kind = DonorKindField(DONOR_KIND_COLUMN)
    kind = column("kind", "类型", DONATION_KINDS)
    amount = column("amount", "金额", PositiveMoneyWidget())
    received_on = column("received_on", "接收日期", ChineseDateWidget())
    fund = column("fund", "基金", LookupWidget(Fund, "name"))
    purpose = column("purpose", "用途", ChoiceWidget(Purpose), default=Purpose.GENERAL)
    project = column("project", "项目", LookupWidget(Project, "name"))
    overseas_batch = column("overseas_batch", "境外批次", LookupWidget(OverseasBatch, "reference"))
    is_anonymous = column("is_anonymous", "匿名", YesNoWidget(), default=False)
    goods_description = column("goods_description", "物资描述")
    goods_quantity = column("goods_quantity", "数量", widgets.IntegerWidget())
    goods_unit = column("goods_unit", "单位")

    class Meta(ChineseHeaderResource.Meta):
        model = Donation
        import_id_fields = ["receipt_number"]
        fields = [
            "receipt_number",
            "donor",
            "donor_kind",
            "kind",
            "amount",
            "received_on",
            "fund",
            "purpose",
            "project",
            "overseas_batch",
            "is_anonymous",
            "goods_description",
            "goods_quantity",
            "goods_unit",
        ]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        skip = super().skip_row(instance, original, row, import_validation_errors)
        if original is not None and original.pk and not skip and not import_validation_errors:
            raise ValidationError(
                {
                    "receipt_number": _(
                        "Receipt %(number)s is already recorded with other details; "
                        "void and reissue it in the admin instead."
                    )
                    % {"number": instance.receipt_number}
                }
            )
        return skip

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "imported"
        super().before_save_instance(instance, row, **kwargs)
