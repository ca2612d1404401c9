"""The Redis cache backend (apps/core/cache.py): Django's, sharing one client per pool."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from apps.core.cache import RedisCache
from tests.core.test_two_app_servers import ROOT, redis_is_up


@pytest.fixture
def redis_cache():
    if not redis_is_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    cache = RedisCache("redis://127.0.0.1:6379/4", {"KEY_PREFIX": f"test-cache-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_one_client_serves_every_call(redis_cache):
    first = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is first
    assert redis_cache._cache.get_client(write=True) is first  # one server: one pool
    stock = DjangoRedisCache("redis://127.0.0.1:6379/4", {})._cache
    assert stock.get_client() is not stock.get_client()  # what it saves


def test_it_behaves_as_djangos_backend(redis_cache):
    redis_cache.set("page", (7, b"<html>", {"Content-Type": "text/html"}), 60)
    assert redis_cache.add("version", 1)
    assert not redis_cache.add("version", 5)
    assert redis_cache.incr("version") == 2
    assert redis_cache.get_many(["version", "page", "missing"]) == {
        "version": 2,
        "page": (7, b"<html>", {"Content-Type": "text/html"}),
    }
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_a_redis_cache_url_chooses_it():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {
        **os.environ,
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "DJANGO_SETTINGS_MODULE": "wuxi_redcross.settings",
        "SECRET_KEY": "x",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "apps.core.cache.RedisCache", out.stderr
