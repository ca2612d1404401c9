"""With the database away, pages answer a friendly 503 at once; when it is back, they recover.

PostgreSQL: a small TCP proxy in front of the server is closed (connections refused), made
to hang (connections accepted, never answered) and reopened; the shared server itself is
never touched. SQLite: a missing, an empty and a locked database file.
"""

import contextlib
import socket
import sqlite3
import threading
import time

import pytest
from django.db import connection
from django.utils import translation

from apps.core import middleware

PAGES = ["/", "/aed/", "/donations/", "/search/?q=AED"]
PROXY_PORTS = range(8650, 8700)
CONNECT_TIMEOUT = 2  # libpq's shortest, set in settings

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the TCP proxy stands in front of PostgreSQL"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite database files")


class TcpProxy:
    """Forwards 127.0.0.1:<port> to the database server; can refuse, hang or forward."""

    def __init__(self, target):
        self.target = target
        self.listener = None
        self.port = None
        self.mode = "forward"
        self.sockets = []
        self.lock = threading.Lock()

    def open(self, mode="forward"):
        self.mode = mode
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        for port in [self.port] if self.port else PROXY_PORTS:
            try:
                listener.bind(("127.0.0.1", port))
                break
            except OSError:
                continue
        else:
            raise RuntimeError("no free port for the proxy")
        self.port = listener.getsockname()[1]
        listener.listen(32)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self):
        """Refuse new connections and drop the open ones, as a stopped server does."""
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            with self.lock:
                self.sockets.append(client)
            if self.mode == "hang":
                continue  # accepted, never answered
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def quick_retry(monkeypatch):
    """Shorten the time the portal answers 503 without trying after a failed connect."""
    monkeypatch.setattr(middleware, "RETRY_AFTER", 0.3)
    monkeypatch.setattr(middleware, "_down_until", 0.0)


@pytest.fixture
def database_settings():
    """Point the default connection elsewhere for the test; put the test database back after."""
    saved_settings = connection.settings_dict.copy()
    saved_connection, connection.connection = connection.connection, None
    yield connection.settings_dict
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved_settings)
    connection.connection = saved_connection


@pytest.fixture
def proxy(database_settings):
    proxy = TcpProxy(
        (database_settings["HOST"] or "127.0.0.1", int(database_settings["PORT"] or 5432))
    )
    proxy.open()
    database_settings.update(HOST="127.0.0.1", PORT=str(proxy.port))
    yield proxy
    proxy.close()


def timed_get(client, url):
    start = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - start


def assert_friendly_503(response, language="zh-hans"):
    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 0
    body = response.content.decode()
    assert "Traceback" not in body
    assert "OperationalError" not in body
    if language == "en":
        assert "Please try again shortly" in body
        assert '<html lang="en">' in body
    else:
        assert "请稍后再试" in body
        assert '<html lang="zh-Hans">' in body


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_at_once_while_the_server_is_down_and_recover(client, proxy, quick_retry):
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200

    proxy.close()  # refused, as a stopped server
    for url in PAGES:
        response, elapsed = timed_get(client, url)
        assert_friendly_503(response)
        assert elapsed < 1, url
    response, elapsed = timed_get(client, "/en/aed/")
    assert_friendly_503(response, "en")
    assert elapsed < 1
    health = client.get("/healthz")
    assert (health.status_code, health.json()["database"]) == (503, "down")

    proxy.open()  # the server is back: no restart
    time.sleep(0.4)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert client.get("/healthz").status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_hanging_server_costs_one_connect_timeout_then_503_at_once(client, proxy, quick_retry):
    proxy.close()
    proxy.open(mode="hang")
    response, elapsed = timed_get(client, "/")
    assert_friendly_503(response)
    assert elapsed < CONNECT_TIMEOUT + 1
    # The next requests do not wait for a connection of their own.
    for url in PAGES:
        response, elapsed = timed_get(client, url)
        assert_friendly_503(response)
        assert elapsed < 1, url

    proxy.close()
    proxy.open()
    time.sleep(0.4)
    assert client.get("/").status_code == 200


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["missing directory", "empty file"])
def test_a_missing_sqlite_database_gives_503_not_a_trace(
    client, database_settings, quick_retry, tmp_path, where
):
    name = (
        "/nonexistent-directory/db.sqlite3"
        if where == "missing directory"
        else tmp_path / "db.sqlite3"
    )
    database_settings["NAME"] = str(name)
    client.get("/robots.txt")  # the first request of a process loads the URLs
    for url in PAGES:
        response, elapsed = timed_get(client, url)
        assert response.status_code == 503, url
        assert_friendly_503(response)
        assert elapsed < 1, url
    assert client.get("/healthz").status_code == 503


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_locked_sqlite_database_gives_503_not_a_trace(
    client, database_settings, quick_retry, tmp_path
):
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE t (x)")
    database_settings["NAME"] = str(path)
    database_settings["OPTIONS"] = database_settings["OPTIONS"] | {"timeout": 0.2}
    try:
        response, elapsed = timed_get(client, "/en/")
        assert_friendly_503(response, "en")
        assert elapsed < 1
    finally:
        holder.close()


def test_the_503_page_is_rendered_without_the_database():
    # No django_db mark: any query here would fail the test.
    with translation.override("zh-hans"):
        assert_friendly_503(middleware.database_unavailable_response())
    with translation.override("en"):
        assert_friendly_503(middleware.database_unavailable_response(), "en")
