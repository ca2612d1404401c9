"""What the benchmark (bench/pages.py) and the load test (bench/load.py) share.

- `DemoDatabase`: a PostgreSQL database holding the demo data at a given scale, built
  once and reused: the scale it holds is recorded as the database's comment
  (`psql -l+` shows it), so a later run checks it instead of building again.
- `Portal`: the portal under gunicorn (sync workers) with production settings: DEBUG
  off, a random SECRET_KEY, ALLOWED_HOSTS, static files collected and served by
  WhiteNoise, persistent database connections, and the cache given by CACHE_URL.
- `wrk`: runs the HTTP load generator and returns its figures as a `WrkResult`.
- `public_urls`: one URL per public page, from the page registry of the tests
  (tests/<area>/pages.py), built against the benchmark's database.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
COMMENT_PREFIX = "wuxi-redcross demo_data"
AREAS = ["portal", "honors", "organizations", "aed", "training", "donations", "boai"]
# The day the demo's AED inspection log runs to: fixed, so that every build is the same.
AS_OF = "2024-10-31"


def say(*parts) -> None:
    print(*parts, flush=True)


def need_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit(
            "wrk, the HTTP load generator, is not installed. On Debian or Ubuntu:\n"
            "    sudo apt-get install -y wrk\n"
            "(elsewhere: https://github.com/wg/wrk), then run this again."
        )
    return path


def _number(text: str):
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


# --- the database ------------------------------------------------------------------------


class DemoDatabase:
    """A PostgreSQL database named `name` holding the demo data at `scale`."""

    def __init__(self, name: str, scale: int, server: str = POSTGRES):
        self.name, self.scale, self.server = name, scale, server.rstrip("/")
        self.url = f"{self.server}/{name}"

    def _admin(self):
        import psycopg

        return psycopg.connect(f"{self.server}/postgres", autocommit=True)

    def recorded(self) -> dict | None:
        """What the database's comment says it holds: {'scale': 100, 'built_in': 281.3}."""
        with self._admin() as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [self.name],
            ).fetchone()
        if row is None:
            return None
        comment = row[0] or ""
        if not comment.startswith(COMMENT_PREFIX):
            return {}
        return {
            key: _number(value)
            for key, value in (part.split("=", 1) for part in comment.split()[2:] if "=" in part)
        }

    def ensure(self, *, rebuild: bool = False) -> dict:
        """Reuse the database when it holds this scale, else build it; return its record."""
        record = self.recorded()
        if record and record.get("scale") == self.scale and not rebuild:
            say(f"database {self.name}: demo data at scale {self.scale}, reused")
            self.manage("migrate", "--noinput", "-v0")
            self.vacuum()
            return record
        say(f"database {self.name}: building the demo data at scale {self.scale}…")
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.manage("migrate", "--noinput", "-v0")
        started = time.monotonic()
        self.manage("demo_data", "--scale", str(self.scale), "--no-accounts", "--as-of", AS_OF)
        built_in = time.monotonic() - started
        comment = f"{COMMENT_PREFIX} scale={self.scale} built_in={built_in:.1f} as_of={AS_OF}"
        with self._admin() as conn:
            conn.execute(f"COMMENT ON DATABASE \"{self.name}\" IS '{comment}'")
        say(f"database {self.name}: built in {built_in:.1f} s")
        self.vacuum()
        return {"scale": self.scale, "built_in": round(built_in, 1), "built_now": 1}

    def vacuum(self) -> None:
        """What autovacuum would do over the next minutes, done now: without statistics
        the planner guesses (27 rows for 52,000 AED sites), and a vacuum running in the
        middle of the measurements takes a core. Quick when nothing changed."""
        import psycopg

        started = time.monotonic()
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
        say(f"database {self.name}: vacuumed and analysed in {time.monotonic() - started:.1f} s")

    def manage(self, *args: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "x"),
        }
        env.pop("DEBUG", None)
        subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
        )


def public_urls(database_url: str) -> list[tuple[str, str]]:
    """(name, path) of every page in the tests' registry, built against that database."""
    code = (
        "import django, importlib, json; django.setup(); "
        "from django.utils.encoding import iri_to_uri; "
        f"areas = {AREAS!r}; "
        "pages = [p for a in areas for p in importlib.import_module(f'tests.{a}.pages').PAGES]; "
        "print(json.dumps([(p.name, iri_to_uri(p.url())) for p in pages]))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "x"),
        "DJANGO_SETTINGS_MODULE": "wuxi_redcross.settings",
    }
    env.pop("DEBUG", None)
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return [tuple(pair) for pair in json.loads(out.stdout.splitlines()[-1])]


# --- the portal under gunicorn -----------------------------------------------------------


def production_env(database_url: str, cache_url: str, **extra: str) -> dict:
    """The environment an operator gives the portal (README, Configuration)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "CACHE_URL", "SECRET_KEY"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
        # In production a TLS proxy in front redirects plain HTTP; here gunicorn is asked
        # directly over HTTP, so it must answer rather than redirect.
        SECURE_SSL_REDIRECT="false",
        **extra,
    )
    return env


def empty_cache(cache_url: str) -> None:
    """Empty the benchmark's own Redis database, so that no answer cached from another
    database (another scale) is served; say how to start Redis when it does not answer."""
    if not cache_url.startswith(("redis://", "rediss://")):
        return
    import redis

    try:
        redis.Redis.from_url(cache_url, socket_connect_timeout=3).flushdb()
    except redis.exceptions.ConnectionError as error:
        sys.exit(
            f"Redis does not answer at {cache_url} ({error}). Start it (Debian: "
            "sudo apt-get install -y redis-server), or give another --cache-url."
        )


def collectstatic(env: dict) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )


class Portal:
    """`with Portal(env, port) as portal:` serves the portal at `portal.base` meanwhile."""

    def __init__(self, env: dict, port: int, *, workers: int = 4, name: str = "portal"):
        self.env, self.port, self.workers, self.name = env, port, workers, name
        self.base = f"http://127.0.0.1:{port}"
        self.process = None
        self.log = Path(tempfile.gettempdir()) / f"wuxi-bench-{name}-{port}.log"

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "wuxi_redcross.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                # A slow page is measured, not killed at gunicorn's default 30 s.
                "--timeout",
                "120",
                "--error-logfile",
                str(self.log),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {self.log}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def is_download(headers: dict) -> bool:
    return headers.get("Content-Disposition", "").startswith("attachment")


def split_downloads(portal, urls):
    """(pages, downloads): a download is an answer sent as an attachment (the CSV, JSON and
    GeoJSON files of the open data), whose size grows with the data by its nature; it is
    timed once, whole, rather than driven by wrk as a page is (and they are limited per visitor:
    DOWNLOAD_RATE)."""
    pages, downloads = [], []
    for name, path in urls:
        status, headers, _body = portal.get(path)
        if status != 200:
            say(f"  {name}: {path} answered {status}")
        (downloads if is_download(headers) else pages).append((name, path))
    return pages, downloads


# --- wrk ---------------------------------------------------------------------------------

# wrk's own summary, printed as one JSON line after its usual report.
SUMMARY_LUA = """
done = function(summary, latency, requests)
  -- HOOK
  local e = summary.errors
  io.write(string.format(
    '\\nWRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    errors: int  # connect, read, write errors and timeouts
    status_errors: int  # answers with a status of 400 or more
    p50_ms: float
    p99_ms: float
    bytes: int
    output: str = ""
    statuses: dict = field(default_factory=dict)  # status: count, when the script counts them
    socket_errors: dict = field(default_factory=dict)  # connect, read, write, timeout

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int = 2,
    lua: str = "",
    headers: dict | None = None,
    done_hook: str = "",
) -> WrkResult:
    """Runs wrk on `url` (with `lua`, a script of its own, if given); `done_hook` is Lua
    run first in wrk's `done`, e.g. to print WRK-STATUSES {"200": n, ...}."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + "\n" + SUMMARY_LUA.replace("-- HOOK", done_hook))
    command = [
        need_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
    ]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    try:
        out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("WRK-JSON "))
    data = json.loads(line.removeprefix("WRK-JSON "))
    statuses = {}
    for line in out.splitlines():
        if line.startswith("WRK-STATUSES "):
            counts = json.loads(line.removeprefix("WRK-STATUSES "))
            statuses = {int(status): count for status, count in counts.items()}
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        status_errors=data["status"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        bytes=data["bytes"],
        output=out,
        statuses=statuses,
        socket_errors={kind: data[kind] for kind in ("connect", "read", "write", "timeout")},
    )
