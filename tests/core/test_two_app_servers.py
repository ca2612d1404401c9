"""Two app servers on one PostgreSQL and one Redis: a staff edit through one shows on the
other at once, though both serve public pages from the shared cache."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from apps.core.models import District
from apps.organizations.models import Organization, OrganizationKind

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
PORTS = range(8440, 8450)


def redis_is_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_ports(count):
    found = []
    for port in PORTS:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                found.append(port)
        if len(found) == count:
            return found
    pytest.fail(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


class Browser:
    """Just enough of a browser for the admin: cookies and CSRF tokens."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path) -> str:
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.read().decode()

    def post(self, path, data) -> int:
        token = next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=20) as response:
            return response.status


def organizations_figure(html: str) -> int:
    found = re.search(r'data-figure="F3">\s*<span class="figure-value" title="([\d,]+)"', html)
    return int(found.group(1).replace(",", ""))


@pytest.fixture
def two_servers(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("two app servers need a database server they share: runs on PostgreSQL")
    if not redis_is_up():
        pytest.fail("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_URL": "redis://127.0.0.1:6379/3",
        "CACHE_KEY_PREFIX": f"test-two-servers-{uuid.uuid4().hex}",
        "PAGE_CACHE_SECONDS": "300",
        # The stored figures of the home page too, long enough that only a refresh on
        # commit can make them right (apps/portal/snapshot.py).
        "FIGURE_SNAPSHOT_SECONDS": "300",
        # The plain static files storage (no collectstatic manifest needed).
        "DEBUG": "true",
        "SECRET_KEY": "two-servers-test",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    servers = []
    for port in free_ports(2):
        servers.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "wuxi_redcross.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"app server on port {port} did not start")
        servers[-1].base = base
    yield [server.base for server in servers]
    for server in servers:
        server.terminate()
        server.wait(timeout=20)


def test_an_admin_edit_on_one_server_shows_on_the_other_at_once(two_servers):
    first, second = two_servers
    district, _ = District.objects.get_or_create(
        code="liangxi", defaults={"name": "梁溪区", "name_en": "Liangxi", "kind": "district"}
    )
    organizations = [
        Organization.objects.create(
            name=f"测试组织{n}", kind=OrganizationKind.COMMUNITY, district=district
        )
        for n in range(3)
    ]
    get_user_model().objects.create_superuser("root", password="two-servers-pass")

    visitor = Browser(second)
    page, home = "/en/organizations/", "/en/"
    for path in (page, home):
        assert organizations_figure(visitor.get(path)) == 3
        assert organizations_figure(visitor.get(path)) == 3  # now from the shared cache

    staff = Browser(first)
    staff.get("/admin/login/")
    staff.post(
        "/admin/login/", {"username": "root", "password": "two-servers-pass", "next": "/admin/"}
    )
    doomed = organizations[0]
    delete = f"/admin/organizations/organization/{doomed.pk}/delete/"
    staff.get(delete)
    assert staff.post(delete, {"post": "yes"}) == 200
    assert not Organization.objects.filter(pk=doomed.pk).exists()

    for path in (page, home):
        assert organizations_figure(visitor.get(path)) == 2
        assert organizations_figure(Browser(first).get(path)) == 2
