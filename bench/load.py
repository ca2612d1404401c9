"""Load test: every public page under many concurrent clients for a minute; the goal is zero errors.

Not a test: run it (from the project folder, after `make check`):

    .venv/bin/python bench/load.py            # or: make load

It serves the portal under gunicorn with production settings on PostgreSQL (the
machinery of bench/harness.py, shared with bench/pages.py), on the demo data at
--scale (built once, then reused), and drives every public page of the tests'
page registry, both languages, with wrk: --connections clients for --seconds, each
request the next URL of the rotation. It prints the requests, the socket errors
(connect, read, write, timeout), every status with its count, and the non-2xx count;
it exits with status 1 when there was any error or non-2xx answer.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
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

# Each thread takes the next URL of the list for each request and counts the statuses;
# `done` adds up the threads' counts.
ROTATION_LUA = """
local paths = {%(paths)s}
local threads = {}
setup = function(thread)
  table.insert(threads, thread)
  thread:set("offset", #threads)
end
init = function(args)
  counter = offset * 7
  statuses = {}
end
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
report_statuses = function()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do
    table.insert(parts, string.format('"%%d": %%d', status, count))
  end
  io.write("\\nWRK-STATUSES {" .. table.concat(parts, ", ") .. "}\\n")
end
"""


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", default="wuxi_bench_s100", help="database (built when missing)")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/9"),
        help="the cache (default redis://127.0.0.1:6379/9; emptied first)",
    )
    parser.add_argument("--port", type=int, default=8510)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--connections", type=int, default=64, help="concurrent clients")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    need_wrk()
    database = DemoDatabase(args.db, args.scale)
    database.ensure()
    urls = public_urls(database.url)
    env = production_env(database.url, args.cache_url)
    collectstatic(env)
    empty_cache(args.cache_url)
    started = time.monotonic()
    with Portal(env, args.port, workers=args.workers, name="load") as portal:
        # Downloads are limited per visitor (DOWNLOAD_RATE) and in number at once: from one
        # address under load they are refused by design, so they are left out here.
        urls, downloads = split_downloads(portal, urls)
        if downloads:
            say(f"left out (downloads): {', '.join(name for name, _path in downloads)}")
        paths = [path for _name, path in urls]
        paths += ["/en" + path for path in paths]  # both languages
        lua = ROTATION_LUA % {"paths": ", ".join(lua_string(p) for p in paths)}
        say(
            f"{len(paths)} URLs ({len(urls)} pages in two languages), {args.connections} clients, "
            f"{args.seconds} s, gunicorn {args.workers} sync workers, cache {args.cache_url}, "
            f"database {args.db} (scale {args.scale})"
        )
        result = wrk(
            portal.base + "/",
            seconds=args.seconds,
            connections=args.connections,
            threads=args.threads,
            lua=lua,
            done_hook="report_statuses()",
        )
    statuses = result.statuses
    non_2xx = sum(count for status, count in statuses.items() if not 200 <= status < 300)
    say(f"requests:   {result.requests:,} in {result.seconds:.1f} s ({result.rps:,.0f}/s)")
    say(f"latency:    p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms")
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in result.socket_errors.items())
    say(f"errors:     {result.errors:,} ({kinds}; a timeout is no answer within 10 s)")
    say(f"statuses:   {', '.join(f'{s}: {n:,}' for s, n in sorted(statuses.items()))}")
    say(f"non-2xx:    {non_2xx:,}")
    ok = result.errors == 0 and non_2xx == 0
    say(
        ("PASS: no errors" if ok else "FAIL: errors or non-2xx answers")
        + f" ({time.monotonic() - started:.0f} s)"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
