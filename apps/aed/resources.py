"""Importing AED sites from a spreadsheet with Chinese headers; the serial number is the key."""

from apps.core.imports import (
    ChineseDateWidget,
    ChineseHeaderResource,
    ChoiceWidget,
    CoordinateWidget,
    DistrictWidget,
    YesNoWidget,
    column,
)

from .models import Access, AedSite, DeviceStatus, VenueType


class AedSiteResource(ChineseHeaderResource):
    name = column("name", "点位名称")
    address = column("address", "地址")
    district = column("district", "所在区", DistrictWidget())
    latitude = column("latitude", "纬度", CoordinateWidget())
    longitude = column("longitude", "经度", CoordinateWidget())
    venue_type = column("venue_type", "场所类型", ChoiceWidget(VenueType))
    indoor = column("indoor", "室内", YesNoWidget(), default=True)
    location_detail = column("location_detail", "具体位置")
    access = column("access", "开放对象", ChoiceWidget(Access), default=Access.PUBLIC)
    opening_hours = column("opening_hours", "开放时间", default="24/7")
    manufacturer = column("manufacturer", "生产厂家")
    device_model = column("device_model", "设备型号")
    serial_number = column("serial_number", "设备序列号")
    installed_on = column("installed_on", "安装日期", ChineseDateWidget())
    status = column("status", "状态", ChoiceWidget(DeviceStatus), default=DeviceStatus.IN_SERVICE)
    keeper = column("keeper", "管理单位")

    class Meta(ChineseHeaderResource.Meta):
        model = AedSite
        import_id_fields = ["serial_number"]
        fields = [
            "name",
            "address",
            "district",
            "latitude",
            "longitude",
            "venue_type",
            "indoor",
            "location_detail",
            "access",
            "opening_hours",
            "manufacturer",
            "device_model",
            "serial_number",
            "installed_on",
            "status",
            "keeper",
        ]
