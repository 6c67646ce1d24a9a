"""Read limits on /api/v2/: RateLimit headers, 429 at the limit, API keys with their own
limit, 401 for a bad key, no extra SQL per request, and a client address that a forged
X-Forwarded-For cannot change."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_pages.publishing.access.api_keys import create_key, revoke

pytestmark = pytest.mark.django_db

LIST = "/api/v2/pages/?lang=en"


@pytest.fixture(autouse=True)
def _limits(settings):
    cache.clear()
    settings.CMS_API_ANON_RATE_LIMIT = 5
    settings.CMS_TRUSTED_PROXY_COUNT = 0
    settings.CMS_TRUST_X_FORWARDED_FOR = False
    yield
    cache.clear()


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_every_response_states_the_limit_and_what_is_left(seeded, client):
    remaining = []
    for _ in range(3):
        response = client.get(LIST)
        assert response.status_code == 200
        assert response["RateLimit-Limit"] == "5"
        assert 1 <= int(response["RateLimit-Reset"]) <= 60
        remaining.append(int(response["RateLimit-Remaining"]))
    assert remaining == [4, 3, 2]


def test_error_answers_carry_the_headers_too(seeded, client):
    response = client.get("/api/v2/nowhere/")
    assert response.status_code == 404
    assert response["RateLimit-Remaining"] == "4"


def test_over_the_limit_is_429_with_retry_after(seeded, client):
    for _ in range(5):
        assert client.get(LIST).status_code == 200
    limited = client.get(LIST)
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["RateLimit-Remaining"] == "0"
    # Another client is not affected.
    assert client.get(LIST, REMOTE_ADDR="198.51.100.9").status_code == 200


def test_the_openapi_document_is_not_counted(seeded, client):
    for _ in range(7):
        assert client.get("/api/v2/openapi.json").status_code == 200
    assert client.get(LIST)["RateLimit-Remaining"] == "4"


def test_a_key_has_its_own_higher_limit(seeded, client):
    _key, plain = create_key("Website", rate_limit=8)
    for _ in range(5):
        client.get(LIST)
    assert client.get(LIST).status_code == 429  # the address is spent...
    statuses = [client.get(LIST, **bearer(plain)).status_code for _ in range(9)]
    assert statuses == [200] * 8 + [429]  # ...the key counts on its own
    assert client.get(LIST, **bearer(plain))["RateLimit-Limit"] == "8"


@pytest.mark.parametrize("authorization", ["Bearer cms_00000000_not-a-key", "Basic dXNlcjpwdw==", "Bearer "])
def test_an_unknown_key_is_401(seeded, client, authorization):
    response = client.get(LIST, HTTP_AUTHORIZATION=authorization)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_api_key"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["RateLimit-Remaining"] == "4"  # counted against the client


def test_a_revoked_key_is_401(seeded, client):
    key, plain = create_key("Bot", rate_limit=100)
    assert client.get(LIST, **bearer(plain)).status_code == 200
    revoke(key)
    cache.delete(f"api-key:{key.key_hash}")  # what revoke's on_commit does once the transaction commits
    assert client.get(LIST, **bearer(plain)).status_code == 401


def test_a_key_adds_no_query_once_looked_up(seeded, client, article):
    _key, plain = create_key("Website", rate_limit=1000)
    url = f"/api/v2/pages/{article.pk}/?lang=ms"
    client.get(url)  # warm the renditions
    with CaptureQueriesContext(connection) as anonymous:
        assert client.get(url).status_code == 200
    assert client.get(url, **bearer(plain)).status_code == 200  # the lookup, cached
    with CaptureQueriesContext(connection) as keyed:
        assert client.get(url, **bearer(plain)).status_code == 200
    assert len(keyed.captured_queries) == len(anonymous.captured_queries)


def test_anonymous_requests_add_no_query(seeded, client, article, django_assert_max_num_queries):
    url = f"/api/v2/pages/{article.pk}/?lang=ms"
    client.get(url)
    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_a_forged_forwarded_for_changes_nothing_without_a_trusted_proxy(seeded, client):
    for number in range(5):
        assert client.get(LIST, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code == 200
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_one_proxy_the_right_most_entry_is_the_client(seeded, client, settings):
    settings.CMS_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for number in range(5):
        # The client forges the left entry; the proxy appends the address it saw.
        response = client.get(LIST, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.7", **proxy)
        assert response.status_code == 200
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", **proxy).status_code == 429
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 200


def test_the_openapi_document_declares_the_limits(client):
    document = client.get("/api/v2/openapi.json").json()
    assert document["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["apiKey"]["description"],
    }
    assert {} in document["security"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "429"} <= set(responses), (path, method)
            assert "Retry-After" in responses["429"]["headers"]
            for response in responses.values():
                assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(response["headers"])


def test_responses_still_validate_against_the_document(seeded, api):
    api(LIST)
