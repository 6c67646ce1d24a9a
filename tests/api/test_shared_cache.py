"""The shared cache on a real redis-server: read counts and key look-ups live in Redis, a
revocation deletes the shared entry once it commits, and a Redis that stops answering
leaves the API answering, counting per process, with one warning that names nobody."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from content_pages.foundations.shared_cache import CacheUnavailable
from content_pages.interfaces.api.rate_limits import _local_counts
from content_pages.publishing.access.api_keys import create_key, revoke
from content_pages.reads.api_keys import cache_key, grant_for, hash_key

from ..processes import wait_for

pytestmark = pytest.mark.django_db

LIST = "/api/v2/pages/?lang=en"
LIMIT = 3
SHARED_CACHE_LOG = "content_pages.foundations.shared_cache"


@pytest.fixture
def shared(settings, redis_server):
    backend = {
        "BACKEND": "content_pages.foundations.shared_cache.ResilientRedisCache",
        "LOCATION": redis_server.url,
        "OPTIONS": {"socket_connect_timeout": 1.0, "socket_timeout": 1.0, "retry_seconds": 0.2},
    }
    settings.CMS_API_ANON_RATE_LIMIT = LIMIT
    settings.CMS_TRUSTED_PROXY_COUNT = 0
    settings.CMS_TRUST_X_FORWARDED_FOR = False
    _local_counts.clear()  # the process's own counts, kept while Redis is unreachable
    with override_settings(CACHES={"default": backend}):
        yield redis_server
    _local_counts.clear()


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_read_counts_and_key_lookups_are_kept_in_redis(seeded, client, shared):
    key, plain = create_key("Partner", rate_limit=50)
    assert client.get(LIST, **bearer(plain)).status_code == 200
    assert client.get(LIST).status_code == 200
    [counted] = shared.keys("*api-rate:key:*")
    assert counted.startswith(f":1:api-rate:key:{key.pk}:")
    assert len(shared.keys("*api-rate:client:*")) == 1
    assert shared.keys("*api-key:*") == [f":1:{cache_key(key.key_hash)}"]


def test_revoking_deletes_the_shared_entry_once_the_revocation_commits(
    seeded, client, shared, django_capture_on_commit_callbacks
):
    key, plain = create_key("Partner", rate_limit=50)
    assert grant_for(plain) is not None
    entry = f":1:{cache_key(hash_key(plain))}"
    assert shared.keys("*api-key:*") == [entry]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revoke(key)
    # Before the commit another process could cache the still-active row again.
    assert shared.keys("*api-key:*") == [entry]
    for callback in callbacks:
        callback()
    assert shared.keys("*api-key:*") == []
    assert client.get(LIST, **bearer(plain)).status_code == 401


def test_an_unreachable_redis_leaves_the_api_answering_and_counting_per_process(seeded, client, shared, caplog):
    _key, plain = create_key("Partner", rate_limit=50)
    assert client.get(LIST, **bearer(plain)).status_code == 200
    shared.stop()
    caplog.set_level(logging.WARNING, logger=SHARED_CACHE_LOG)

    # Reads: a miss, and the caller's slower path (the key from the database).
    assert cache.get("anything", "default") == "default"
    cache.set("anything", 1)
    with pytest.raises(CacheUnavailable):
        cache.incr("anything")
    assert client.get(LIST, **bearer(plain)).status_code == 200

    # The anonymous limit still holds, counted in this process.
    statuses = [client.get(LIST).status_code for _ in range(LIMIT + 2)]
    assert statuses == [200] * LIMIT + [429, 429]
    limited = client.get(LIST)
    assert limited.json()["code"] == "rate_limited"
    assert limited["RateLimit-Remaining"] == "0"

    warnings = [record.getMessage() for record in caplog.records if record.name == SHARED_CACHE_LOG]
    assert len(warnings) == 1, warnings
    assert "unavailable (ConnectionError)" in warnings[0]
    assert "127.0.0.1" not in warnings[0]
    assert str(shared.port) not in warnings[0]

    # Back again: counts go to Redis, and the log says so.
    shared.start()

    def counted_in_redis():
        client.get(LIST, REMOTE_ADDR="198.51.100.7")
        return shared.keys("*api-rate:client:*")

    wait_for(counted_in_redis, timeout=10)
    assert "answers again" in [r for r in caplog.records if r.name == SHARED_CACHE_LOG][-1].getMessage()


def test_revoking_while_redis_is_unreachable_still_refuses_the_key(seeded, client, shared):
    key, plain = create_key("Partner", rate_limit=50)
    assert client.get(LIST, **bearer(plain)).status_code == 200
    shared.stop()
    revoke(key)
    assert client.get(LIST, **bearer(plain)).status_code == 401
