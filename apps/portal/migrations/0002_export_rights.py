"""Exports: who may read the export log, and who may export personal data unmasked.

Finance staff keep donor records and training staff keep trainees' phones, so their
exports show those columns in full; auditors and editors get masked columns. Every
staff group may read the export log (it is view-only for everyone).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERSONAL_DATA = ("财务人员", "培训工作人员")
LOG_READERS = ("内容编辑", "培训工作人员", "财务人员", "审计人员")


def grant(apps, schema_editor):
    core = apps.get_app_config("core")
    core.models_module = True
    create_permissions(core, apps=apps, verbosity=0)
    core.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_log = Permission.objects.get(content_type__app_label="core", codename="view_exportlog")
    personal = Permission.objects.get(
        content_type__app_label="core", codename="view_personal_data"
    )
    for group in Group.objects.filter(name__in=LOG_READERS):
        group.permissions.add(view_log)
    for group in Group.objects.filter(name__in=PERSONAL_DATA):
        group.permissions.add(personal)
    # 0001 gives auditors every view_* permission of the areas; if core's export log
    # existed when it ran, that swept in view_personal_data too. Auditors get masked data.
    for group in Group.objects.exclude(name__in=PERSONAL_DATA):
        group.permissions.remove(personal)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="core", codename__in=["view_exportlog", "view_personal_data"]
    )
    for group in Group.objects.filter(name__in=LOG_READERS):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_staff_groups"),
        ("core", "0003_export_log"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
