"""Organization names indexed by character pairs (apps/core/bigram.py): a search of two
characters ('志愿') finds them through the index as well as a longer one does. It serves
what the trigram index served (three characters or more), which goes."""

from django.db import migrations

from apps.core.bigram import bigram_indexes
from apps.core.trigram import trigram_indexes

TRIGRAMS = trigram_indexes("organizations_organization", {"organizations_org_name_trgm": "name"})


class Migration(migrations.Migration):
    dependencies = [("organizations", "0006_name_trigram_index")]

    operations = [
        bigram_indexes("organizations_organization", {"organization_name_bigrams": "name"}),
        migrations.RunPython(TRIGRAMS.reverse_code, TRIGRAMS.code, elidable=False),
    ]
