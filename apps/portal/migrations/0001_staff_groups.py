"""Staff groups, each with exactly the permissions its job needs.

No account is created here: demo accounts come from the demo_data command.
The lists are frozen in this migration; a later change of a group's rights is a
new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FULL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")
VIEW = ("view",)

AREA_APPS = ("core", "organizations", "honors", "aed", "training", "donations", "boai")

GROUPS = {
    "内容编辑": {
        "core.district": VIEW,
        "honors.authority": FULL,
        "honors.honor": FULL,
        "organizations.organization": FULL,
        "organizations.rescueoperation": FULL,
        "aed.aedsite": FULL,
        "aed.aedinspection": FULL,
        "boai.boaihome": FULL,
        "boai.service": FULL,
        "boai.ratingcriterion": FULL,
        "boai.starrating": FULL,
        "boai.criterionscore": FULL,
        "boai.servicesite": FULL,
        "boai.volunteeractivity": FULL,
    },
    "培训工作人员": {
        "core.district": VIEW,
        "core.populationrecord": EDIT,
        "training.trainingbase": EDIT,
        "training.trainingsession": FULL,
        "training.trainee": EDIT,
        "training.trainingbaseline": EDIT,
    },
    "财务人员": {
        "core.district": VIEW,
        "donations.alliancemember": EDIT,
        "donations.fund": EDIT,
        "donations.project": EDIT,
        "donations.overseasbatch": EDIT,
        "donations.donor": EDIT,
        "donations.donation": EDIT,
        "donations.disbursement": EDIT,
        "donations.lifedonation": EDIT,
    },
    # Auditors: view everything of every area, change nothing.
    "审计人员": None,
}


def sync_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, rights in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        if rights is None:
            perms = Permission.objects.filter(
                content_type__app_label__in=AREA_APPS, codename__startswith="view_"
            ).exclude(content_type__model__startswith="historical")
        else:
            codenames = [
                (model.split(".")[0], f"{action}_{model.split('.')[1]}")
                for model, actions in rights.items()
                for action in actions
            ]
            perms = [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames
            ]
        group.permissions.set(perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_districts"),
        ("organizations", "0001_initial"),
        ("honors", "0001_initial"),
        ("aed", "0001_initial"),
        ("training", "0001_initial"),
        ("donations", "0001_initial"),
        ("boai", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_groups, remove_groups)]
