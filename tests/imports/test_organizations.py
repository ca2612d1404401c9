import pytest
from django.urls import reverse

from apps.organizations.models import Organization, OrganizationKind
from tests import factories as f

from .conftest import XLSX, csv_file, import_file, preview, xlsx_file

pytestmark = pytest.mark.django_db

LABEL = "organizations.organization"
HEADER = ["组织名称", "类型", "所在区", "地址", "成员数", "省示范学校"]
ROWS = [
    HEADER,
    ["崇安寺社区红十字会", "社区", "梁溪区", "崇安寺街道1号", "30", "否"],
    ["锡山高级中学红十字会", "学校", "锡山区", "", "120", "是"],
]


def assert_imported():
    community = Organization.objects.get(name="崇安寺社区红十字会")
    assert community.kind == OrganizationKind.COMMUNITY
    assert community.district == f.district("liangxi")
    assert community.members == 30
    school = Organization.objects.get(name="锡山高级中学红十字会")
    assert school.district == f.district("xishan")
    assert school.is_model_school is True
    assert Organization.objects.count() == 2


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_with_chinese_headers_imports_organizations(superuser_client, encoding):
    response = import_file(superuser_client, LABEL, csv_file(ROWS, encoding=encoding))

    changelist = reverse("admin:organizations_organization_changelist")
    assert response.redirect_chain[-1][0].endswith(changelist)
    assert_imported()


def test_xlsx_with_chinese_headers_imports_organizations(superuser_client):
    import_file(superuser_client, LABEL, xlsx_file(ROWS), file_format=XLSX)

    assert_imported()


def test_reimported_file_does_not_duplicate_organizations(superuser_client):
    import_file(superuser_client, LABEL, csv_file(ROWS, encoding="gbk"))
    changed = [
        HEADER,
        ["崇安寺社区红十字会", "社区", "梁溪区", "崇安寺街道1号", "45", "否"],
        ROWS[2],
    ]
    import_file(superuser_client, LABEL, csv_file(changed, encoding="gbk"))

    assert Organization.objects.count() == 2
    assert Organization.objects.get(name="崇安寺社区红十字会").members == 45


def test_same_name_in_another_district_is_another_organization(superuser_client):
    f.make_organization(name="崇安寺社区红十字会", district=f.district("binhu"))
    import_file(superuser_client, LABEL, csv_file(ROWS))

    assert Organization.objects.filter(name="崇安寺社区红十字会").count() == 2


def test_model_school_that_is_no_school_imports_nothing(superuser_client):
    rows = [*ROWS, ["某企业红十字会", "企业", "新吴区", "", "10", "是"]]
    response = preview(superuser_client, LABEL, csv_file(rows))

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert response.context["result"].has_validation_errors()
    assert Organization.objects.count() == 0
