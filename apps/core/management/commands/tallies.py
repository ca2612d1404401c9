from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.changes import mark_all
from apps.core.tallies import RECOUNTS, TALLIES, rebuild_all


class Command(BaseCommand):
    help = (
        "Count every tally (and what is kept like one) again from the records, and note "
        "each table's last change "
        "(after loading rows with SQL or COPY, "
        "which bypasses the tallies' upkeep)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            rebuild_all()
            for recount in RECOUNTS:
                recount()
        mark_all()
        for tally in TALLIES:
            self.stdout.write(f"{tally.model._meta.label}: {tally.model.objects.count()} rows")
