"""A trigram index on organization names, on PostgreSQL: a name that contains three or
more given characters (a community's name on its page, a search of three or more) is
found through the index instead of by reading every organization. Shorter searches
cannot use it (PostgreSQL's pg_trgm has nothing to look up for two characters).

pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may
create it. SQLite has no such index and keeps its scan.
"""

from django.db import migrations

INDEX = "organizations_org_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON organizations_organization "
        "USING gin (name gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0005_team_recent_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
