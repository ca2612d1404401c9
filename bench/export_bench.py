"""Benchmark: stream the donations CSV export to /dev/null and report rows/s and memory.

Not a test. Two ways to get data:

    # a throw-away SQLite database filled with N synthetic donations (default 1,000,000)
    SECRET_KEY=x .venv/bin/python bench/export_bench.py --rows 200000

    # an existing database, e.g. built with the demo data at scale 100
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/wuxi_bench
    SECRET_KEY=x .venv/bin/python manage.py migrate
    SECRET_KEY=x .venv/bin/python manage.py demo_data --scale 100
    SECRET_KEY=x .venv/bin/python bench/export_bench.py --existing

The rows are generated in a child process, so the measuring process starts clean:
peak RSS growth (getrusage) and the peak of Python allocations (tracemalloc, optional
because it slows the run) then belong to the export alone. The export goes through the
same `DonationExport` and `csv_chunks` as the admin action, masked as for an auditor.
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DB = Path("/tmp/wuxi_export_bench.sqlite3")


def setup(database_url: str | None):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuxi_redcross.settings")
    import django

    django.setup()


def generate(rows: int) -> None:
    """Fill the database with `rows` donations (bulk inserts, a few thousand donors)."""
    from datetime import date, timedelta
    from decimal import Decimal

    from django.core.management import call_command

    from apps.core.models import District
    from apps.donations.models import Donation, Donor, DonorKind, Fund

    call_command("migrate", verbosity=0)
    have = Donation.objects.count()
    if have >= rows:
        print(f"database already holds {have:,} donations", file=sys.stderr)
        return
    districts = list(District.objects.all())
    fund, _ = Fund.objects.get_or_create(
        code="bench",
        defaults={"name": "基准测试基金", "kind": "general", "established_on": date(2020, 1, 1)},
    )
    donors = Donor.objects.bulk_create(
        Donor(
            kind=DonorKind.PERSON if i % 3 else DonorKind.COMPANY,
            name=f"捐赠人{i:05d}",
            phone=f"139{i:08d}",
            address=f"无锡市梁溪区测试路{i}号",
            district=districts[i % len(districts)],
        )
        for i in range(5000)
    )
    start = date(2020, 1, 1)
    batch = []
    for i in range(have, rows):
        batch.append(
            Donation(
                receipt_number=f"B-{i:09d}",
                kind="money",
                donor=donors[i % len(donors)],
                is_anonymous=i % 7 == 0,
                received_on=start + timedelta(days=i % 1800),
                amount=Decimal(i % 100000 + 1).scaleb(-2) + 1,
                fund=fund,
            )
        )
        if len(batch) == 10_000:
            Donation.objects.bulk_create(batch)
            batch = []
            print(f"generated {i + 1:,}", file=sys.stderr)
    Donation.objects.bulk_create(batch)


def measure(use_tracemalloc: bool) -> None:
    from apps.core.exports import ExportStats, csv_chunks
    from apps.donations.exports import DonationExport

    export = DonationExport()
    stats = ExportStats(sorted(export.money_columns))
    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    written = 0
    with open(os.devnull, "wb") as sink:
        for chunk in csv_chunks(export, export.iter_rows(mask=True), stats):
            sink.write(chunk)
            written += len(chunk)
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows:            {stats.rows:,}")
    print(f"bytes:           {written:,}")
    print(f"seconds:         {elapsed:.1f}")
    print(f"rows/s:          {stats.rows / elapsed:,.0f}")
    print(f"peak RSS before: {rss_before / 1024:,.1f} MiB")
    print(f"peak RSS growth: {(rss_after - rss_before) / 1024:,.1f} MiB")
    if use_tracemalloc:
        _current, peak = tracemalloc.get_traced_memory()
        print(f"tracemalloc peak: {peak / 2**20:,.1f} MiB")
    print(f"control total:   {stats.totals['amount']}")
    print(f"sha256:          {stats.sha256}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--existing", action="store_true", help="use DATABASE_URL as it is")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = None if args.existing else f"sqlite:///{DEFAULT_DB}"
    if args.generate_only:
        setup(database_url)
        generate(args.rows)
        return
    if not args.existing:
        subprocess.run(
            [sys.executable, __file__, "--rows", str(args.rows), "--generate-only"], check=True
        )
    setup(database_url)
    measure(args.tracemalloc)


if __name__ == "__main__":
    main()
