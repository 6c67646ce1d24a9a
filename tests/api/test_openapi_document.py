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


def _get_operations(document):
    for path, operations in document["paths"].items():
        if "get" in operations:
            yield path, operations["get"]


def test_every_endpoint_refuses_exactly_the_query_parameters_its_document_does_not_list(db, client):
    document = client.get("/api/v2/openapi.json").json()
    operations = list(_get_operations(document))
    assert len(operations) == 15  # getImageOriginal (issue 28) is the 15th
    for path, operation in operations:
        parameters = operation.get("parameters", [])
        declared = sorted(p["name"] for p in parameters if p["in"] == "query")
        required = "".join(f"&{p['name']}=/x/" for p in parameters if p["in"] == "query" and p.get("required"))
        url = path.replace("{channel}", "sms")
        for name in ("page_id", "cta_id", "reference_id", "image_id", "document_id"):
            url = url.replace("{" + name + "}", "1")
        response = client.get(f"{url}?zz=1&aa=2{required}")
        assert response.status_code == 400, (path, response.content)
        answer = response.json()
        assert answer["code"] == "unknown_parameter", path
        assert answer["message"] == "Unknown query parameters: aa, zz.", path
        assert answer["accepted"] == declared, path
