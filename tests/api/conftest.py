import json

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse


@pytest.fixture
def openapi(client):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    return OpenAPI.from_dict(json.loads(response.content))


@pytest.fixture
def api(client, openapi):
    """GET an API URL and validate the response against the OpenAPI document."""

    def get(url, status=200, **headers):
        response = client.get(url, **headers)
        assert response.status_code == status, response.content[:500]
        if status != 304:
            assert response["Content-Type"].startswith("application/json")
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        return response

    return get


def body(response):
    return json.loads(response.content)
