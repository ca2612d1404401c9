"""Importing grassroots organizations; a district and a name identify one."""

from import_export import widgets

from apps.core.imports import (
    ChineseDateWidget,
    ChineseHeaderResource,
    ChoiceWidget,
    DistrictWidget,
    YesNoWidget,
    column,
)

from .models import Organization, OrganizationKind


class OrganizationResource(ChineseHeaderResource):
    name = column("name", "组织名称")
    kind = column("kind", "类型", ChoiceWidget(OrganizationKind))
    district = column("district", "所在区", DistrictWidget())
    address = column("address", "地址")
    founded_on = column("founded_on", "成立日期", ChineseDateWidget())
    members = column("members", "成员数", widgets.IntegerWidget(), default=0)
    is_model_school = column("is_model_school", "省示范学校", YesNoWidget(), default=False)
    contact_name = column("contact_name", "联系人")
    contact_phone = column("contact_phone", "联系电话")
    is_active = column("is_active", "是否在册", YesNoWidget(), default=True)
    description = column("description", "简介")

    class Meta(ChineseHeaderResource.Meta):
        model = Organization
        import_id_fields = ["district", "name"]
        fields = [
            "name",
            "kind",
            "district",
            "address",
            "founded_on",
            "members",
            "is_model_school",
            "contact_name",
            "contact_phone",
            "is_active",
            "description",
        ]
