"""Trigram indexes on AED sites' names and addresses (apps/core/trigram.py): a search of
three or more characters finds the sites through them instead of reading every site."""

from django.db import migrations

from apps.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("aed", "0008_newest_inspection_on_site")]

    operations = [
        trigram_indexes(
            "aed_aedsite", {"aed_site_name_trgm": "name", "aed_site_address_trgm": "address"}
        )
    ]
