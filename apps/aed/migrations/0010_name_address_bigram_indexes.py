"""AED names and addresses indexed by character pairs (apps/core/bigram.py): a search of
two characters finds them through the index as well as a longer one does. They serve what
the trigram indexes served (three characters or more), which go."""

from django.db import migrations

from apps.core.bigram import bigram_indexes
from apps.core.trigram import trigram_indexes

TRIGRAMS = trigram_indexes(
    "aed_aedsite", {"aed_site_name_trgm": "name", "aed_site_address_trgm": "address"}
)


class Migration(migrations.Migration):
    dependencies = [("aed", "0009_name_address_trigram_indexes")]

    operations = [
        bigram_indexes(
            "aed_aedsite", {"aed_site_name_bigrams": "name", "aed_site_address_bigrams": "address"}
        ),
        migrations.RunPython(TRIGRAMS.reverse_code, TRIGRAMS.code, elidable=False),
    ]
