"""Boai home names and communities indexed by character pairs (apps/core/bigram.py), as
every field the site search reads is."""

from django.db import migrations

from apps.core.bigram import bigram_indexes


class Migration(migrations.Migration):
    dependencies = [("boai", "0009_latest_rating_on_home")]

    operations = [
        bigram_indexes(
            "boai_boaihome",
            {"boai_home_name_bigrams": "name", "boai_home_community_bigrams": "community"},
        )
    ]
