"""Benchmark: every public page at a hundred times the article's data, as ratios to the floor.

Not a test: run it (from the project folder, after `make check`):

    .venv/bin/python bench/pages.py            # or: make bench

In one run it
1. builds (once; later runs reuse it) a PostgreSQL database with the demo data at
   --scale 100, and one at scale 1 (bench/harness.py: `DemoDatabase`);
2. serves the portal under gunicorn with production settings, three times: on the
   big database "as deployed" (the cache of --cache-url, Redis by default, warmed),
   then "cold" (CACHE_URL=dummycache://: nothing is cached), then cold on scale 1;
3. measures with wrk the throughput and the p50/p99 latency of the floor (robots.txt,
   a TemplateView: the least a request through Django's stack costs) and of one URL
   per public page (the page registry of the tests), and prints each page's throughput
   as a ratio to the floor of the same server, beside the targets, PASS or FAIL;
4. times the full CSV export of the donations in a subprocess (rows/s, growth of its
   peak memory) against `psql \\copy` of the same rows;
5. prints the home page's size over the wire and its number of requests.

Absolute numbers depend on the machine and on whatever else runs on it; the ratios
within one run are what the targets are about.
"""

import argparse
import html.parser
import json
import os
import re
import resource
import subprocess
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (
    POSTGRES,
    PYTHON,
    ROOT,
    DemoDatabase,
    Portal,
    collectstatic,
    empty_cache,
    need_wrk,
    production_env,
    public_urls,
    say,
    split_downloads,
    wrk,
)

FLOOR = "/robots.txt"
# Targets of the issue, as ratios of a page's requests/s to the floor's.
DEPLOYED, DEPLOYED_HOME = 0.5, 0.7
COLD, COLD_MINIMUM, COLD_NEAREST = 0.06, 0.03, 0.2
SCALE_KEEPS = 0.7  # cold at scale 100 / cold at scale 1
EXPORT_SHARE, EXPORT_MEMORY_MB = 0.5, 50
BUILD_SECONDS = 300
HOME_BYTES, HOME_REQUESTS = 150 * 1024, 10
GEOJSON_BYTES = 1024 * 1024


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --- pages -------------------------------------------------------------------------------


def measure_downloads(portal, downloads, failures):
    say("\n== Downloads (each fetched once, whole; not cached) ==")
    for name, path in downloads:
        started = time.perf_counter()
        status, headers, body = portal.get(path)
        seconds = time.perf_counter() - started
        rows = (
            body.count(b"\n") - 1
            if path.split("?")[0].endswith(".csv") or ("csv" in headers.get("Content-Type", ""))
            else None
        )
        per_second = f", {rows / seconds:,.0f} rows/s" if rows else ""
        rows_text = f"{rows:,} rows, " if rows is not None else ""
        say(
            f"  {name:<24} {status} {rows_text}{len(body) / 2**20:,.1f} MiB in {seconds:.2f} s"
            f"{per_second}  {path}"
        )
        failures.append((f"download {name}", status == 200))


def measure_server(portal, urls, args, label):
    """Floor before and after the pages; each page after a short warm-up."""
    results = {}
    say(f"\n[{label}] {portal.base}")
    floor_runs = [measure(portal, FLOOR, args)]
    for name, path in urls:
        results[name] = measure(portal, path, args)
        r = results[name]
        say(f"  {name:<36} {r.rps:8,.0f} req/s  p50 {r.p50_ms:6.1f} ms  p99 {r.p99_ms:7.1f} ms")
    floor_runs.append(measure(portal, FLOOR, args))
    floor = sum(r.rps for r in floor_runs) / len(floor_runs)
    say(f"  floor {FLOOR}: {', '.join(f'{r.rps:,.0f}' for r in floor_runs)} req/s")
    return floor, floor_runs, results


def measure(portal, path, args):
    url = portal.base + path
    if args.warmup:
        wrk(url, seconds=args.warmup, connections=args.connections, threads=args.threads)
    result = wrk(url, seconds=args.seconds, connections=args.connections, threads=args.threads)
    if result.errors or result.status_errors:
        say(f"  ! {path}: {result.errors} socket errors, {result.status_errors} answers >= 400")
    return result


def report_pages(urls, deployed, cold, small, failures):
    floor_d, floor_runs_d, res_d = deployed
    floor_c, _floor_runs_c, res_c = cold
    say("\n== Public pages: requests/s as a ratio to the floor of the same server ==")
    say(
        f"floor {FLOOR}: as deployed {floor_d:,.0f} req/s "
        f"(p50 {floor_runs_d[0].p50_ms:.1f} ms, p99 {floor_runs_d[0].p99_ms:.1f} ms); "
        f"cold {floor_c:,.0f} req/s" + (f"; scale 1 cold {small[0]:,.0f} req/s" if small else "")
    )
    head = (
        f"{'page':<34} {'deployed req/s':>14} {'p50':>6} {'p99':>7} {'ratio':>6} {'target':>6} "
        f"{'':4} {'cold req/s':>10} {'p50':>6} {'p99':>7} {'ratio':>6} {'target':>6} {'':4}"
    )
    if small:
        head += f" {'s100/s1':>7} {'target':>6} {'':4}"
    say(head)
    for name, _path in urls:
        d, c = res_d[name], res_c[name]
        ratio_d, ratio_c = d.rps / floor_d, c.rps / floor_c
        target_d = DEPLOYED_HOME if name == "home" else DEPLOYED
        target_c = COLD_NEAREST if name == "aed:nearest" else COLD
        ok_d = ratio_d >= target_d and not (d.errors or d.status_errors)
        ok_c = ratio_c >= target_c and not (c.errors or c.status_errors)
        cold_mark = verdict(ok_c)
        if not ok_c and ratio_c >= COLD_MINIMUM and target_c == COLD:
            cold_mark = "LOW"  # under 0.06, above the 0.03 that no page may go below
        line = (
            f"{name:<34} {d.rps:14,.0f} {d.p50_ms:6.1f} {d.p99_ms:7.1f} {ratio_d:6.3f} "
            f"{target_d:6.2f} {verdict(ok_d):4} {c.rps:10,.0f} {c.p50_ms:6.1f} {c.p99_ms:7.1f} "
            f"{ratio_c:6.3f} {target_c:6.2f} {cold_mark:4}"
        )
        failures.append(("deployed " + name, ok_d))
        failures.append(("cold " + name, ok_c or cold_mark == "LOW"))
        if small:
            floor_s, _runs, res_s = small
            s = res_s.get(name)
            if s is not None:
                keeps = (c.rps / floor_c) / (s.rps / floor_s) if s.rps else 0.0
                ok_s = keeps >= SCALE_KEEPS
                line += f" {keeps:7.2f} {SCALE_KEEPS:6.2f} {verdict(ok_s):4}"
                failures.append(("scale " + name, ok_s))
        say(line)
    cold_ratios = [res_c[name].rps / floor_c for name, _ in urls]
    below = [name for name, _ in urls if res_c[name].rps / floor_c < COLD_MINIMUM]
    say(
        f"cold: {sum(r >= COLD for r in cold_ratios)} of {len(cold_ratios)} pages at "
        f">= {COLD} of the floor; below {COLD_MINIMUM}: {', '.join(below) or 'none'}"
    )
    failures.append(("no cold page below 0.03", not below))
    say(
        "(s100/s1: the cold ratio at scale 100 over the cold ratio at scale 1; "
        "LOW: under 0.06 but not under 0.03)"
    )


# --- the home page over the wire ---------------------------------------------------------


class Assets(html.parser.HTMLParser):
    RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and self.RELS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href"))
        elif tag in ("script", "img", "source", "iframe", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def home_page(portal, failures):
    accept = {"Accept-Encoding": "br, gzip", "Accept-Language": "zh-hans"}
    status, headers, body = portal.get("/", accept)
    parser = Assets()
    parser.feed(body.decode("utf-8", "replace") if "Content-Encoding" not in headers else "")
    if "Content-Encoding" in headers:
        _s, _h, plain = portal.get("/")
        parser.feed(plain.decode("utf-8", "replace"))
    seen, rows = set(), [("/", status, headers.get("Content-Encoding", "-"), len(body))]
    pending = [u for u in parser.urls if u]
    while pending:
        url = pending.pop(0).split("#")[0]
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        if not url.startswith("/") or url.startswith("//"):
            rows.append((url, 0, "external", 0))
            continue
        status, headers, data = portal.get(url, accept)
        rows.append((url, status, headers.get("Content-Encoding", "-"), len(data)))
        if url.split("?")[0].endswith(".css") and status == 200:
            _s, _h, css = portal.get(url)
            base = url.rsplit("/", 1)[0] + "/"
            for ref in CSS_URL.findall(css.decode("utf-8", "replace")):
                if not ref.startswith(("data:", "#")):
                    pending.append(ref if ref.startswith("/") else base + ref)
    total = sum(size for *_rest, size in rows)
    say("\n== Home page over the wire (Accept-Encoding: br, gzip) ==")
    for url, status, encoding, size in rows:
        say(f"  {size:9,} B  {status}  {encoding:<8} {url}")
    gzip_html = len(zlib.compress(body, 6)) if "Content-Encoding" not in headers else None
    ok_size, ok_requests = total < HOME_BYTES, len(rows) < HOME_REQUESTS
    say(
        f"home page: {total / 1024:,.1f} KB in {len(rows)} requests "
        f"(targets: under {HOME_BYTES // 1024} KB {verdict(ok_size)}, under {HOME_REQUESTS} "
        f"requests {verdict(ok_requests)})"
    )
    if gzip_html is not None:
        say(f"  (the HTML is sent uncompressed; gzip would make it about {gzip_html:,} B)")
    failures += [("home page size", ok_size), ("home page requests", ok_requests)]


def geojson_size(portal, urls, failures):
    for name, path in urls:
        if "geojson" in name:
            _status, _headers, body = portal.get(path)
            _s, _h, whole = portal.get(path.split("?")[0])
            ok = len(body) < GEOJSON_BYTES and len(whole) < GEOJSON_BYTES
            say(
                f"\nGeoJSON: {len(body):,} B for {path}; {len(whole):,} B without a bbox "
                f"(target: under 1 MB {verdict(ok)})"
            )
            failures.append(("geojson size", ok))


# --- the CSV export ----------------------------------------------------------------------

PSQL_QUERY = (
    "SELECT d.receipt_number, d.received_on, n.name, n.kind, d.is_anonymous, n.phone, "
    "n.address, district.name, d.kind, d.amount_fen, d.goods_description, d.goods_quantity, "
    "d.goods_unit, d.purpose, fund.name, project.name, batch.reference, d.status, d.void_reason "
    "FROM donations_donation d JOIN donations_donor n ON n.id = d.donor_id "
    "LEFT JOIN core_district district ON district.id = n.district_id "
    "JOIN donations_fund fund ON fund.id = d.fund_id "
    "LEFT JOIN donations_project project ON project.id = d.project_id "
    "LEFT JOIN donations_overseasbatch batch ON batch.id = d.overseas_batch_id "
    "ORDER BY d.received_on, d.receipt_number"
)


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def current_rss_kb() -> int:
    return _status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss_kb() -> int:
    """This process's own peak. Not ru_maxrss: Linux carries that over an exec from the
    parent's memory at the fork, so a worker started by a bench that had read a large
    download into memory reported the bench's size as its own."""
    return _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def export_worker(way: str) -> None:
    """In a subprocess of its own: the donations CSV to /dev/null, as the admin writes it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuxi_redcross.settings")
    import django

    django.setup()
    from django.db import connection

    from apps.core.exports import ExportStats, csv_chunks, csv_stream
    from apps.donations.exports import DonationExport

    connection.ensure_connection()
    export = DonationExport()
    stats = ExportStats(sorted(export.money_columns))
    rss_before = current_rss_kb()
    started = time.perf_counter()
    if way == "copy":
        chunks = csv_stream(export, None, stats, mask=True)
    else:
        chunks = csv_chunks(export, export.iter_rows(mask=True), stats)
    written = 0
    with open(os.devnull, "wb") as sink:
        for chunk in chunks:
            sink.write(chunk)
            written += len(chunk)
    seconds = time.perf_counter() - started
    peak = peak_rss_kb()
    print(
        json.dumps(
            {
                "way": way,
                "vendor": connection.vendor,
                "rows": stats.rows,
                "bytes": written,
                "seconds": seconds,
                "rss_before_kb": rss_before,
                "peak_kb": peak,
                "sha256": stats.sha256,
            }
        )
    )


def run_export(database: DemoDatabase, way: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database.url, "SECRET_KEY": "x"}
    env.pop("DEBUG", None)
    out = subprocess.run(
        [PYTHON, __file__, "--export-worker", way],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def psql_copy(database: DemoDatabase) -> tuple[int, float]:
    started = time.perf_counter()
    out = subprocess.run(
        ["psql", "-X", "-d", database.url, "-c", f"\\copy ({PSQL_QUERY}) TO '/dev/null' CSV"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    seconds = time.perf_counter() - started
    return int(out.split()[-1]), seconds


def report_export(database, args, failures):
    say("\n== CSV export of every donation (masked, as for an auditor) ==")
    rows_psql, seconds_psql = psql_copy(database)
    rate_psql = rows_psql / seconds_psql
    say(
        f"psql \\copy of the same rows:   {rows_psql:,} rows in {seconds_psql:.1f} s = {rate_psql:,.0f} rows/s"
    )
    ways = ["copy", "python"] if args.export_python else ["copy"]
    for way in ways:
        r = run_export(database, way)
        rate = r["rows"] / r["seconds"]
        growth_mb = (r["peak_kb"] - r["rss_before_kb"]) / 1024
        label = "export (COPY through psycopg)" if way == "copy" else "export (rows through Python)"
        ok_rate = rate >= EXPORT_SHARE * rate_psql
        ok_memory = growth_mb < EXPORT_MEMORY_MB
        say(
            f"{label:<31} {r['rows']:,} rows in {r['seconds']:.1f} s = {rate:,.0f} rows/s, "
            f"{rate / rate_psql:.2f} of psql (target {EXPORT_SHARE} {verdict(ok_rate)}); "
            f"{r['bytes'] / 2**20:,.0f} MiB written; worker's peak memory grew by "
            f"{growth_mb:,.1f} MB (target under {EXPORT_MEMORY_MB} MB {verdict(ok_memory)})"
        )
        if way == "copy":
            failures += [("export rows/s", ok_rate), ("export memory", ok_memory)]


# --- main --------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", default="wuxi_bench_s100", help="database of the big scale")
    parser.add_argument("--small-db", default="wuxi_bench_s1", help="database at scale 1")
    parser.add_argument("--rebuild", action="store_true", help="build the databases again")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9"),
        help="the cache as deployed (default redis://127.0.0.1:6379/9; emptied first)",
    )
    parser.add_argument("--port", type=int, default=8500)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seconds", type=int, default=5, help="wrk run per URL (seconds)")
    parser.add_argument(
        "--warmup", type=int, default=1, help="wrk warm-up per URL (seconds; 0: none)"
    )
    parser.add_argument("--only", nargs="*", help="only these pages (names of the registry)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["pages", "small", "export"])
    parser.add_argument("--export-python", action="store_true", help="also time the Python path")
    parser.add_argument("--export-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_worker:
        export_worker(args.export_worker)
        return
    need_wrk()
    started = time.monotonic()
    failures = []
    say(f"PostgreSQL at {POSTGRES}; cache as deployed: {args.cache_url}")
    big = DemoDatabase(args.db, args.scale)
    record = big.ensure(rebuild=args.rebuild)
    small = None
    if "small" not in args.skip and "pages" not in args.skip:
        small = DemoDatabase(args.small_db, 1)
        small.ensure(rebuild=args.rebuild)
    if "built_in" in record:
        ok = record["built_in"] < BUILD_SECONDS
        when = "now" if record.get("built_now") else "when the database was made"
        say(
            f"demo data at scale {args.scale} built in {record['built_in']:.1f} s ({when}; "
            f"target under {BUILD_SECONDS} s {verdict(ok)})"
        )
        failures.append(("demo build", ok))

    if "pages" not in args.skip:
        urls = public_urls(big.url)
        if args.only:
            urls = [(name, path) for name, path in urls if name in args.only]
        env = production_env(big.url, args.cache_url)
        collectstatic(env)
        empty_cache(args.cache_url)
        with Portal(env, args.port, workers=args.workers, name="deployed") as portal:
            urls, downloads = split_downloads(portal, urls)
            deployed = measure_server(portal, urls, args, "as deployed: cache on")
            measure_downloads(portal, downloads, failures)
            home_page(portal, failures)
            geojson_size(portal, urls, failures)
        cold_env = production_env(big.url, "dummycache://")
        with Portal(cold_env, args.port, workers=args.workers, name="cold") as portal:
            cold = measure_server(portal, urls, args, "cold: cache off")
        small_run = None
        if small:
            small_urls = dict(public_urls(small.url))
            small_env = production_env(small.url, "dummycache://")
            pairs = [(name, small_urls[name]) for name, _ in urls if name in small_urls]
            with Portal(small_env, args.port, workers=args.workers, name="small") as portal:
                small_run = measure_server(portal, pairs, args, "cold at scale 1")
        report_pages(urls, deployed, cold, small_run, failures)

    if "export" not in args.skip:
        report_export(big, args, failures)

    failed = [name for name, ok in failures if not ok]
    say(
        f"\n{len(failures) - len(failed)} of {len(failures)} targets met"
        + (f"; not met: {', '.join(failed)}" if failed else "")
        + f" ({time.monotonic() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
