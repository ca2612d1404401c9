"""A backup of a database holding the demo data restores into an empty database with every
record: the row count of every table and checksums of the key tables are equal.

PostgreSQL: `pg_dump -Fc` and `pg_restore` (as the README says) into a fresh database.
SQLite: the sqlite3 backup API (what `sqlite3 db.sqlite3 ".backup ..."` uses) to a file,
then from that file into an empty database.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess

import pytest
from django.apps import apps
from django.db import connection

from apps.portal.demo.build import Demo
from tests.conftest import DEMO_AS_OF

KEY_TABLES = [
    "donations_donation",
    "donations_disbursement",
    "donations_fund",
    "training_trainee",
    "aed_aedsite",
    "honors_honor",
    "organizations_organization",
    "boai_boaihome",
]


def tables():
    """Every table of the project's models, many-to-many tables included."""
    names = set()
    for model in apps.get_models(include_auto_created=True):
        names.add(model._meta.db_table)
    return sorted(names)


def sqlite_snapshot(db):
    counts = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables()}
    sums = {}
    for table in KEY_TABLES:
        digest = hashlib.sha256()
        for row in db.execute(f'SELECT * FROM "{table}" ORDER BY id'):
            digest.update(repr(row).encode())
        sums[table] = digest.hexdigest()
    return counts, sums


def postgresql_snapshot(cursor):
    counts = {}
    for table in tables():
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    sums = {}
    for table in KEY_TABLES:
        cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM \"{table}\" t")
        sums[table] = cursor.fetchone()[0]
    return counts, sums


@pytest.fixture
def committed_demo(transactional_db):
    """The demo data committed, so that another process (pg_dump) sees it."""
    Demo(as_of=DEMO_AS_OF).build(accounts=True)


def assert_holds_the_demo(counts):
    for table in KEY_TABLES:
        assert counts[table] > 0, table


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the sqlite3 backup API")
def test_sqlite_backup_restores_every_record(committed_demo, tmp_path):
    live = connection.connection  # the test database (in memory or a file)
    before = sqlite_snapshot(live)
    assert_holds_the_demo(before[0])

    backup_file = tmp_path / "backup.sqlite3"
    with sqlite3.connect(backup_file) as backup:
        live.backup(backup)
    backup.close()

    # An empty database, read with the converters Django's connection uses (dates, bools).
    restored = sqlite3.connect(
        ":memory:", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    with sqlite3.connect(backup_file) as source:
        source.backup(restored)
    source.close()
    assert sqlite_snapshot(restored) == before
    restored.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore")
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_postgresql_dump_restores_every_record(committed_demo, tmp_path):
    import psycopg

    settings = connection.settings_dict
    source = settings["NAME"]
    # test_<name> is the test database; its copy is <name>_restore.
    target = f"{source.removeprefix('test_')}_restore"
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    server = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    server += ["-U", settings["USER"] or "postgres"]
    with connection.cursor() as cursor:
        before = postgresql_snapshot(cursor)
    assert_holds_the_demo(before[0])

    dump = tmp_path / "portal.dump"
    subprocess.run(
        ["pg_dump", "-Fc", *server, "-f", str(dump), source], check=True, env=env, timeout=300
    )
    conninfo = {
        "host": server[1],
        "port": server[3],
        "user": server[5],
        "password": env["PGPASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target}"')
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", *server, "-d", target, str(dump)],
            check=True,
            env=env,
            timeout=300,
        )
        with psycopg.connect(dbname=target, **conninfo) as restored:
            after = postgresql_snapshot(restored.cursor())
        assert after == before
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
