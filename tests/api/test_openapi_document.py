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
    assert list(responses) == ["201", "400", "403", "404", "413", "429", "401"]
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


def _key_headers(operation):
    """An API key for the operations that require one, so their parameters are reached."""
    if {"apiKey": []} not in operation.get("security", []) or {} in operation.get("security", []):
        return {}
    from content_pages.publishing.access.api_keys import create_key

    _row, plain = create_key("Document check", rate_limit=10_000)
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_every_endpoint_refuses_exactly_the_query_parameters_its_document_does_not_list(db, client):
    document = client.get("/api/v2/openapi.json").json()
    operations = list(_get_operations(document))
    # getImageOriginal, getConversationTurn and getPageTemplate are new in 2.1, getFeedbackSummary in 2.3
    assert len(operations) == 18
    for path, operation in operations:
        parameters = operation.get("parameters", [])
        declared = sorted(p["name"] for p in parameters if p["in"] == "query")
        required = "".join(f"&{p['name']}=/x/" for p in parameters if p["in"] == "query" and p.get("required"))
        url = path.replace("{channel}", "sms")
        for name in ("page_id", "cta_id", "reference_id", "image_id", "document_id"):
            url = url.replace("{" + name + "}", "1")
        response = client.get(f"{url}?zz=1&aa=2{required}", **_key_headers(operation))
        assert response.status_code == 400, (path, response.content)
        answer = response.json()
        assert answer["code"] == "unknown_parameter", path
        assert answer["message"] == "Unknown query parameters: aa, zz.", path
        assert answer["accepted"] == declared, path


# A value each of these parameters accepts, so that only the repetition is wrong.
_ACCEPTED = {"lang": "ms", "limit": "1", "offset": "0", "html_path": "/en/"}


def test_every_endpoint_refuses_a_parameter_given_twice(db, client):
    """``lang=ms&lang=en`` served English: the parser keeps the last value while a cache or
    a reader of the logs may go by the first."""
    document = client.get("/api/v2/openapi.json").json()
    tried = 0
    for path, operation in _get_operations(document):
        declared = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        name = next((n for n in declared if n in _ACCEPTED), None)
        assert name is not None or not declared, (path, declared)
        if name is None:
            continue
        url = path.replace("{channel}", "sms")
        for placeholder in ("page_id", "cta_id", "reference_id", "image_id", "document_id"):
            url = url.replace("{" + placeholder + "}", "1")
        required = "".join(
            f"&{p['name']}={_ACCEPTED[p['name']]}"
            for p in operation["parameters"]
            if p["in"] == "query" and p.get("required") and p["name"] != name
        )
        response = client.get(
            f"{url}?{name}={_ACCEPTED[name]}&{name}={_ACCEPTED[name]}{required}", **_key_headers(operation)
        )
        assert response.status_code == 400, (path, response.content)
        assert response.json()["code"] == "repeated_parameter", path
        assert name in response.json()["message"], path
        tried += 1
    assert tried >= 12


def _served(client):
    return json.loads(client.get("/api/v2/openapi.json").content, object_pairs_hook=_no_duplicates)


def test_the_document_validates_as_openapi_3_1(db, client):
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    document = _served(client)
    assert document["openapi"].startswith("3.1")
    validate(document, cls=OpenAPIV31SpecValidator)


def _parameter(document, path, name):
    (parameter,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    schema = parameter["schema"]
    if "anyOf" in schema:
        (schema,) = [option for option in schema["anyOf"] if option.get("type") != "null"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


@pytest.mark.parametrize(
    ("path", "name", "values"),
    [
        ("/api/v2/pages/{page_id}/channels/{channel}/", "channel", ["web", "whatsapp", "telegram", "sms"]),
        ("/api/v2/pages/{page_id}/channels/{channel}/conversation/", "channel", ["whatsapp", "telegram"]),
        ("/api/v2/pages/{page_id}/channels/{channel}/", "mode", ["full", "summary"]),
        ("/api/v2/pages/{page_id}/channels/{channel}/", "lang", ["en", "zh-hans", "ms"]),
        (
            "/api/v2/pages/",
            "order",
            [
                "id",
                "-id",
                "title",
                "-title",
                "first_published_at",
                "-first_published_at",
                "last_published_at",
                "-last_published_at",
            ],
        ),
    ],
)
def test_channel_mode_lang_and_order_are_enums(db, client, path, name, values):
    assert _parameter(_served(client), path, name)["enum"] == values


def test_the_page_type_is_an_enum(db, client):
    assert "content_pages.ArticlePage" in _parameter(_served(client), "/api/v2/pages/", "type")["enum"]


def _ok_schema(document, operation_id):
    for operations in document["paths"].values():
        operation = operations.get("get")
        if operation and operation["operationId"] == operation_id:
            return operation["responses"]["200"]["content"]["application/json"]["schema"]
    raise AssertionError(operation_id)


@pytest.mark.parametrize(
    ("operation_id", "mapping"),
    [
        (
            "getPageChannel",
            {
                "sms": "SmsRendering",
                "telegram": "TelegramRendering",
                "web": "WebRendering",
                "whatsapp": "WhatsAppRendering",
            },
        ),
        ("getConversationTurn", {"telegram": "TelegramConversationTurn", "whatsapp": "WhatsAppConversationTurn"}),
    ],
)
def test_each_channel_operation_answers_one_union_discriminated_on_channel(db, client, operation_id, mapping):
    schema = _ok_schema(_served(client), operation_id)
    assert schema["discriminator"]["propertyName"] == "channel"
    assert schema["discriminator"]["mapping"] == {key: f"#/components/schemas/{name}" for key, name in mapping.items()}
    assert sorted(option["$ref"] for option in schema["oneOf"]) == sorted(schema["discriminator"]["mapping"].values())


def test_every_rendering_requires_its_channel_and_mode_as_literals(db, client):
    schemas = _served(client)["components"]["schemas"]
    names = [
        "WhatsAppRendering",
        "TelegramRendering",
        "SmsRendering",
        "WhatsAppConversationTurn",
        "TelegramConversationTurn",
        "WhatsAppTemplateRendering",
        "ArticlePageDetail",
        "IntroPageDetail",
        "EnquiryFormPageDetail",
    ]
    for name in names:
        schema = schemas[name]
        assert {"channel", "mode"} <= set(schema["required"]), name
        for field in ("channel", "mode"):
            literal = schema["properties"][field]
            assert "const" in literal or "enum" in literal, (name, field)
    assert _ok_schema(_served(client), "getPageTemplate") == {"$ref": "#/components/schemas/WhatsAppTemplateRendering"}
