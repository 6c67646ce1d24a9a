"""Hostile input gets a 4xx with the API's JSON error, never a 5xx (issue: API robustness)."""

import json

import pytest
from django.core import signing

from content_pages.interfaces.api.preview import SALT
from content_pages.models import EnquiryFormPage, EnquirySubmission

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
LISTS = [
    "/api/v2/pages/",
    "/api/v2/snippets/ctas/",
    "/api/v2/snippets/references/",
    "/api/v2/images/",
    "/api/v2/documents/",
]


def json_error(response, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = json.loads(response.content)
    assert body["message"]
    assert body["code"]
    return body


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'immune "system',
        "immune\x00system",
        " ".join(["immune"] * 600),  # over the length limit: a 400
        "免疫" * 50,  # the longest accepted: 100 terms
        "免疫" * 150,
        "AND OR NOT",
        "-",
        "*",
        "NEAR(immune system)",
        "immune*",
        "'; DROP TABLE wagtailcore_page; --",
        "x" * 5000,
        " ".join(["a"] * 50),  # 50 one-letter terms within the length limit
    ],
    ids=[
        "quote",
        "inner-quote",
        "nul",
        "600-words",
        "100-han",
        "300-han",
        "operators",
        "minus",
        "star",
        "near",
        "prefix",
        "sql",
        "long",
        "50-terms",
    ],
)
def test_search_never_fails(seeded, client, query):
    response = client.get("/api/v2/pages/", {"search": query, "lang": "en"})
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        json_error(response)


def test_search_still_finds_the_article(seeded, client):
    response = client.get("/api/v2/pages/", {"search": "immunotherapy", "lang": "en"})
    assert [item["id"] for item in response.json()["items"]] == [seeded.pk]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("offset", [HUGE, str(2**64), "99999999999999999999999"])
def test_huge_offsets_are_refused(seeded, client, url, offset):
    json_error(client.get(url, {"offset": offset}))


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v2/pages/{HUGE}/",
        f"/api/v2/pages/{HUGE}/channels/whatsapp/",
        f"/api/v2/snippets/ctas/{HUGE}/",
        f"/api/v2/snippets/references/{HUGE}/",
        f"/api/v2/images/{HUGE}/",
        f"/api/v2/documents/{HUGE}/",
        f"/api/v2/forms/{HUGE}/",
    ],
)
def test_huge_ids_are_not_found(seeded, client, url):
    json_error(client.get(url), status=404)


def test_huge_child_of_is_refused_or_empty(seeded, client):
    response = client.get("/api/v2/pages/", {"child_of": HUGE})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("payload", ["not-a-dict", ["a", "list"], 12345, None, {"page": "x"}, {"page": [1]}, {}])
def test_signed_preview_tokens_with_malformed_payloads_are_refused(seeded, client, payload):
    token = signing.dumps(payload, salt=SALT, compress=True)
    body = json_error(client.get(f"/api/v2/pages/{seeded.pk}/", {"preview_token": token}), status=403)
    assert body["code"] == "preview_invalid"


VALID = {
    "name": "Aminah",
    "phone_or_email": "012-345 6789",
    "i_would_like_to_know_about": ["Liquid biopsy"],
    "i_agree_to_be_contacted_about_my_enquiry": True,
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


def _submit(client, data, **extra):
    form = EnquiryFormPage.objects.get()
    return client.post(
        f"/api/v2/forms/{form.pk}/submissions/", json.dumps({"data": data, **extra}), content_type="application/json"
    )


def test_a_lone_surrogate_in_an_enquiry_is_refused(seeded, client):
    body = json.dumps({"data": VALID}).replace('"Aminah"', '"\\ud800"')
    assert "\\ud800" in body
    form = EnquiryFormPage.objects.get()
    response = client.post(f"/api/v2/forms/{form.pk}/submissions/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert not EnquirySubmission.objects.exists()


@pytest.mark.parametrize("name", [{"a": 1}, ["a", "b"], 12, True])
def test_an_object_or_list_as_a_text_answer_is_refused(seeded, client, name):
    response = _submit(client, {**VALID, "name": name})
    body = json_error(response)
    assert "name" in json.dumps(body)
    assert not EnquirySubmission.objects.exists()


def test_find_accepts_a_language_prefixed_path_with_lang(seeded, client):
    from django.utils.translation import override

    with override("ms"):
        path = seeded.get_url()
    response = client.get("/api/v2/pages/find/", {"html_path": path, "lang": "ms"})
    assert response.status_code == 302, response.content[:300]
    assert response["Location"].endswith(f"/api/v2/pages/{seeded.pk}/?lang=ms")


def test_the_openapi_document_states_what_is_accepted(client):
    document = client.get("/api/v2/openapi.json").json()
    operations = {op["operationId"]: op for path in document["paths"].values() for op in path.values()}
    assert {"listPages", "getPage", "getPageChannel", "findPage", "submitEnquiry", "getForm"} <= set(operations)
    parameters = {p["name"]: p["schema"] for p in operations["listPages"]["parameters"]}
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 100)
    assert parameters["offset"]["minimum"] == 0
    assert parameters["offset"]["maximum"] >= 10_000
    assert parameters["search"]["anyOf"][0]["maxLength"] == 100
    assert document["components"]["schemas"]["LanguageCode"]["enum"] == ["en", "zh-hans", "ms"]
    page_id = next(p for p in operations["getPage"]["parameters"] if p["name"] == "page_id")["schema"]
    assert page_id["maximum"] == 2**63 - 1
    too_many = operations["submitEnquiry"]["responses"]["429"]
    assert "Retry-After" in too_many["headers"]


def test_documented_values_are_accepted(seeded, client):
    for language in ("en", "zh-hans", "ms"):
        assert client.get("/api/v2/pages/", {"lang": language, "limit": 100, "offset": 1_000_000}).status_code == 200


def test_an_unknown_parent_is_a_404(seeded, client):
    json_error(client.get("/api/v2/pages/", {"child_of": 99999}), status=404)


def test_a_field_of_another_page_type_is_left_out_of_items_without_it(seeded, client):
    items = client.get("/api/v2/pages/", {"fields": "standfirst"}).json()["items"]
    by_id = {item["id"]: item for item in items}
    assert "standfirst" in by_id[seeded.pk]
    assert all("standfirst" not in item for pk, item in by_id.items() if pk != seeded.pk)


def test_search_finds_chinese_at_the_longest_accepted_length(seeded, client):
    response = client.get("/api/v2/pages/", {"search": "免疫" * 50, "lang": "zh-hans"})
    assert response.status_code == 200


# Lone UTF-16 surrogates: JSON can spell them, Python decodes them, nothing can encode them.
SURROGATE = "\ud800"


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('{"data": {"\\ud800": "x"}}', "a key in data"),
        ('{"\\udfff": 1}', "a top-level key"),
        ('{"data": {"name": "Ami\\udc00nah"}}', "data.name"),
        ('{"data": {"i_would_like_to_know_about": ["ok", "\\ud83d"]}}', "data.i_would_like_to_know_about[1]"),
        ('{"data": {}, "channel": "\\uDBFF"}', "channel"),
    ],
    ids=["key", "top-level-key", "value", "list-item", "upper-case-escape"],
)
def test_a_lone_surrogate_anywhere_in_a_json_body_is_a_400_naming_where(seeded, client, body, where):
    form = EnquiryFormPage.objects.get()
    response = client.post(f"/api/v2/forms/{form.pk}/submissions/", body, content_type="application/json")
    error = json_error(response)
    assert error["code"] == "invalid_text"
    assert f"the JSON body at {where}" in error["message"]
    assert not EnquirySubmission.objects.exists()


def test_a_valid_surrogate_pair_is_text_and_accepted(seeded, client):
    body = json.dumps({"data": {**VALID, "name": "Aminah 😀"}})
    assert "\\ud83d\\ude00" in body
    form = EnquiryFormPage.objects.get()
    response = client.post(f"/api/v2/forms/{form.pk}/submissions/", body, content_type="application/json")
    assert response.status_code == 201, response.content[:300]
    assert EnquirySubmission.objects.get().form_data["name"] == "Aminah 😀"


def test_utf8_encoded_surrogate_bytes_in_a_body_are_a_400(seeded, client):
    form = EnquiryFormPage.objects.get()
    body = b'{"data": {"name": "\xed\xa0\x80"}}'
    response = client.post(f"/api/v2/forms/{form.pk}/submissions/", body, content_type="application/json")
    json_error(response)
    assert not EnquirySubmission.objects.exists()


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": f"ms,{SURROGATE}"}, "header Accept-Language"),
        ({"HTTP_IF_NONE_MATCH": f'"{SURROGATE}"'}, "header If-None-Match"),
        ({"query": ("search", SURROGATE)}, "query parameter 'search'"),
        ({"query": (SURROGATE, "1")}, "a query parameter's name"),
        ({"PATH_INFO": f"/api/v2/pages/{SURROGATE}/"}, "the path"),
    ],
    ids=["accept-language", "if-none-match", "query-value", "query-name", "path"],
)
def test_a_lone_surrogate_in_a_header_query_or_path_is_a_400_naming_where(seeded, client, extra, where):
    """A WSGI server decodes these as Latin-1, so none arrives from gunicorn; an ASGI server
    or another front end may hand them on as they came, and the API must not depend on that."""
    from django.http import QueryDict
    from django.test import RequestFactory

    from site_cms.wsgi import application

    request = RequestFactory().get("/api/v2/pages/")
    if "query" in extra:
        name, value = extra["query"]
        request.GET = QueryDict(mutable=True)
        request.GET[name] = value
    else:
        request.environ.update(extra)
    if "PATH_INFO" in extra:
        request.path = request.path_info = extra["PATH_INFO"]
    response = application.get_response(request)
    error = json_error(response)
    assert error["code"] == "invalid_text"
    assert where in error["message"]


def test_an_error_that_quotes_a_surrogate_is_still_json(seeded):
    """The last line of defence: a message quoting a surrogate is escaped, not a 500."""
    from content_pages.interfaces.api.errors import error_response

    response = error_response(400, f"Unknown field(s): {SURROGATE}.", "unknown_field", [SURROGATE])
    body = json.loads(response.content)
    assert body["message"] == "Unknown field(s): \\ud800."
    assert body["accepted"] == ["\\ud800"]


def test_json_nested_past_the_parsers_depth_is_a_400_not_a_500(seeded, client):
    """Small enough for the body limit, deep enough that Python's parser gives up."""
    form = EnquiryFormPage.objects.get()
    body = "[" * 4000 + '"\\ud800"' + "]" * 4000
    response = client.post(f"/api/v2/forms/{form.pk}/submissions/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    json_error(response)
    assert not EnquirySubmission.objects.exists()
