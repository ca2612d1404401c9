"""Honor titles indexed by character pairs (apps/core/bigram.py), as every field the site
search reads is: a search never reads a whole table, however many honors are recorded."""

from django.db import migrations

from apps.core.bigram import bigram_indexes


class Migration(migrations.Migration):
    dependencies = [("honors", "0003_alter_honor_scan")]

    operations = [bigram_indexes("honors_honor", {"honor_title_bigrams": "title"})]
