"""The shared cache across processes: two gunicorn servers (two workers each, production
settings, one file SQLite database) with the same CMS_CACHE_URL on a real redis-server.
A per-minute limit of N lets exactly N requests through across both; a key revoked by
`manage.py api_keys revoke` is refused by both on the next request; with Redis stopped both
keep answering, and start sharing again once it is back."""

import hashlib
import json
import time
import urllib.error
import urllib.request

import pytest

from ..processes import RedisServer, free_port, manage, production_env, start_gunicorn, stop, wait_for

LIMIT = 6
# The keys the tests use, made in one process start: {name: [id, secret]}.
MAKE_KEYS = f"""
import hashlib
import json
from content_pages.publishing.access.api_keys import create_key
limits = {{"Exact": {LIMIT}, "Revoked": 100, "Outage": 100, "After": 100}}
made = {{name: create_key(name, rate_limit=limit) for name, limit in limits.items()}}
print(json.dumps({{name: [key.pk, plain] for name, (key, plain) in made.items()}}))
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shared-cache")
    redis_server = RedisServer()
    ports = [free_port(), free_port()]
    settings = {
        "CMS_CACHE_URL": redis_server.url,
        "CMS_CACHE_RETRY_SECONDS": "0.5",
        # Long enough that only the delete on revoke can explain a refusal.
        "CMS_API_KEY_CACHE_SECONDS": "600",
        "CMS_LOG_LEVEL": "WARNING",
    }
    env = production_env(folder, ports[0], **settings)
    manage(env, "migrate", "--noinput")
    keys = json.loads(manage(env, "shell", "-c", MAKE_KEYS).strip().splitlines()[-1])
    logs = [folder / f"gunicorn-{port}.log" for port in ports]
    servers = [
        start_gunicorn(production_env(folder, port, **settings), port, log=log)
        for port, log in zip(ports, logs, strict=True)
    ]
    yield env, ports, redis_server, logs, keys
    for server in servers:
        stop(server)
    redis_server.stop()


def get(port, key=None, path="/api/v2/images/"):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def room_in_this_window(needed=15):
    """Wait, if need be, for a fresh one-minute window: the counts must not restart halfway."""
    if time.time() % 60 > 60 - needed:
        time.sleep(60 - time.time() % 60 + 0.2)


def test_a_limit_of_n_lets_exactly_n_requests_through_across_both_servers(cluster):
    _env, ports, _redis, _logs, keys = cluster
    _key_id, plain = keys["Exact"]
    room_in_this_window()
    answers = [get(ports[turn % 2], plain) for turn in range(3 * LIMIT)]
    statuses = [status for status, _headers, _body in answers]
    assert statuses == [200] * LIMIT + [429] * (2 * LIMIT)
    # One count, whichever server and worker answered.
    assert [int(headers["RateLimit-Remaining"]) for _s, headers, _b in answers[:LIMIT]] == list(range(LIMIT))[::-1]
    for _status, headers, body in answers[LIMIT:]:
        assert body["code"] == "rate_limited"
        assert 1 <= int(headers["Retry-After"]) <= 60


def test_a_revoked_key_is_refused_by_both_servers_on_the_next_request(cluster):
    env, ports, redis_server, _logs, keys = cluster
    key_id, plain = keys["Revoked"]
    for port in ports * 2:
        assert get(port, plain)[0] == 200
    # The one look-up both servers read.
    assert f":1:api-key:{hashlib.sha256(plain.encode()).hexdigest()}" in redis_server.keys("*api-key:*")
    manage(env, "api_keys", "revoke", str(key_id))
    for port in ports:
        status, headers, body = get(port, plain)
        assert (status, body["code"]) == (401, "invalid_api_key")
        assert headers["WWW-Authenticate"].startswith("Bearer")


def test_with_redis_stopped_both_servers_keep_answering_then_share_again(cluster):
    env, ports, redis_server, logs, keys = cluster
    key_id, plain = keys["Outage"]
    redis_server.stop()
    try:
        for port in ports * 2:
            status, headers, _body = get(port, plain)
            assert status == 200
            assert headers["RateLimit-Limit"] == "100"  # counted, in the process meanwhile
            assert get(port, path="/healthz")[0] == 200
        # A revocation meanwhile is read from the database.
        manage(env, "api_keys", "revoke", str(key_id))
        for port in ports:
            assert get(port, plain)[0] == 401
    finally:
        redis_server.start()
    _other_id, other = keys["After"]

    def log_text():
        return "".join(log.read_text() for log in logs)

    def shared_again():
        """Counted in Redis again, and a worker that met the outage said it is over."""
        for port in ports * 2:
            get(port, other)
        return redis_server.keys("*api-rate:key:*") and "answers again" in log_text()

    wait_for(shared_again, timeout=20, interval=0.3)
    text = log_text()
    assert "The shared cache (Redis) is unavailable (ConnectionError)" in text
    # Nothing personal, and nothing of the cache's address or the keys.
    for secret in ("127.0.0.1", str(redis_server.port), plain, other):
        assert secret not in text
