"""The OpenAPI document as clients receive it: the served bytes, not the dict it is built from."""

import json

import pytest

from content_pages.interfaces.api.rate_limits import document_rate_limits


class DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKeyError(f"{key!r} appears twice in one JSON object")
        seen[key] = value
    return seen


def test_the_guard_raises_on_a_duplicate_key():
    with pytest.raises(DuplicateKeyError, match="'429' appears twice"):
        json.loads('{"429": {}, "429": {}}', object_pairs_hook=_no_duplicates)


def test_the_served_document_has_each_key_once(client):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content, object_pairs_hook=_no_duplicates)
    responses = document["paths"]["/api/v2/forms/{page_id}/submissions/"]["post"]["responses"]
    assert list(responses) == ["201", "400", "404", "413", "429", "401"]
    # The enquiry's own 429: its error body and the Retry-After of the enquiry limit.
    assert responses["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    retry_after = responses["429"]["headers"]["Retry-After"]
    assert retry_after["description"] == "Seconds to wait before sending another enquiry."


def test_a_status_documented_twice_is_refused_when_the_document_is_built():
    schema = {"paths": {"/x/": {"get": {"operationId": "getX", "responses": {429: {}, "429": {}}}}}}
    with pytest.raises(ValueError, match="getX documents status 429 twice"):
        document_rate_limits(schema)
