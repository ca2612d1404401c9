import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.organizations.models import Organization
from apps.portal.demo.build import DEMO_ACCOUNTS, DEMO_PASSWORD, Demo


class Command(BaseCommand):
    help = (
        "Build the deterministic demo dataset that reproduces the article's figures "
        "(F1–F24) from records. --scale N multiplies the volumes for load tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply the volumes (default 1)")
        parser.add_argument("--seed", type=int, default=20241009)
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="the day the AED inspection log runs to (default: today)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already holds records",
        )
        parser.add_argument("--no-accounts", action="store_true", help="create no demo accounts")
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="create the demo accounts even with DEBUG off (never on a public server)",
        )

    def handle(
        self, *args, scale, seed, as_of, if_empty, no_accounts, allow_demo_accounts, **options
    ):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        accounts = not no_accounts
        if accounts and not settings.DEBUG and not allow_demo_accounts:
            raise CommandError(
                "DEBUG is off: refusing to create demo accounts with published passwords. "
                "Pass --no-accounts, or --allow-demo-accounts if this is not a public server."
            )
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("The database already holds records: demo data not loaded.")
                return
            raise CommandError(
                "The database already holds records. Start from an empty database "
                "(manage.py flush, or a new DATABASE_URL)."
            )
        started = time.monotonic()
        self.stdout.write(f"Building the demo dataset at scale {scale}…")
        demo = Demo(
            scale=scale, seed=seed, stream=self.stderr._out, **({"as_of": as_of} if as_of else {})
        )
        demo.build(accounts=accounts)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data built in {time.monotonic() - started:.1f} s.")
        )
        if accounts:
            names = ", ".join(DEMO_ACCOUNTS)
            self.stdout.write(f"Demo accounts ({names}), password: {DEMO_PASSWORD}")
