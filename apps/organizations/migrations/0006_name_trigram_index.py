"""A trigram index on organization names (apps/core/trigram.py): a community's page lists
the organizations whose name holds the community's name, and a search of three or more
characters finds them, through the index instead of by reading every organization."""

from django.db import migrations

from apps.core.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_team_recent_index")]

    operations = [
        trigram_indexes("organizations_organization", {"organizations_org_name_trgm": "name"})
    ]
