"""Benchmark: stream every figure's public download and report rows, size, time and memory.

Not a test. Runs against an existing database, e.g. the demo data (at scale 100 the
certified trainees run to millions of rows):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/wuxi_bench
    SECRET_KEY=x .venv/bin/python manage.py migrate
    SECRET_KEY=x .venv/bin/python manage.py demo_data --scale 100 --no-accounts
    SECRET_KEY=x .venv/bin/python bench/figures_bench.py [--only F7 F13]

Each download goes through the view (`/figures/<key>/records.csv`) as a visitor's
would; the bytes are thrown away as they come. Peak RSS growth is the process's
high-water mark over the run (getrusage), so a download that built its rows in a list
would show here.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="figure keys to measure (default: all)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuxi_redcross.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from apps.portal.figures import FIGURES

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{'figure':18} {'rows':>10} {'MB':>8} {'page s':>7} {'csv s':>7} {'rows/s':>9} {'queries':>7}"
    )
    for figure in FIGURES:
        if args.only and figure.key not in args.only:
            continue
        began = time.perf_counter()
        page = client.get(reverse("portal:figure", args=[figure.key]))
        page_seconds = time.perf_counter() - began
        assert page.status_code == 200, figure.key
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:figure-csv", args=[figure.key]))
            size = lines = 0
            for chunk in response.streaming_content:
                size += len(chunk)
                lines += chunk.count(b"\r\n")
        seconds = time.perf_counter() - began
        rows = lines - 1
        print(
            f"{figure.key:18} {rows:>10,} {size / 1e6:>8.2f} {page_seconds:>7.2f} {seconds:>7.2f}"
            f" {rows / seconds:>9,.0f} {len(queries):>7}"
        )
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start_rss) / 1024
    print(f"peak RSS growth over the run: {grown:.1f} MB")


if __name__ == "__main__":
    main()
