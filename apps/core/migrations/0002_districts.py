"""Load Wuxi's county-level divisions, the reference data every area points to."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "districts.json"


def load_districts(apps, schema_editor):
    District = apps.get_model("core", "District")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        fields = row["fields"]
        District.objects.update_or_create(code=fields["code"], defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_districts, migrations.RunPython.noop)]
