"""CORS: single-page apps on listed origins read the API and send enquiries; nobody else
gets CORS headers, and the admin and the website never do."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from content_pages.models import EnquiryFormPage, EnquirySubmission
from site_cms.settings.base import _origins

pytestmark = pytest.mark.django_db

APP = "https://app.example.org"
OTHER = "https://elsewhere.example.net"
ENQUIRY = {
    "data": {
        "name": "Aminah",
        "phone_or_email": "012-345 6789",
        "i_would_like_to_know_about": ["Liquid biopsy"],
        "i_agree_to_be_contacted_about_my_enquiry": True,
    }
}


@pytest.fixture
def allow_app(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


def cors_headers(response):
    return {name: value for name, value in response.headers.items() if name.lower().startswith("access-control-")}


def preflight(client, path, origin, method="GET", headers="if-none-match, authorization"):
    return client.options(
        path, HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD=method, HTTP_ACCESS_CONTROL_REQUEST_HEADERS=headers
    )


def post_enquiry(client, page, **headers):
    return client.post(
        f"/api/v2/forms/{page.pk}/submissions/?lang=en", json.dumps(ENQUIRY), content_type="application/json", **headers
    )


def test_an_allowed_origin_reads_the_api_and_its_revalidation_and_limit_headers(seeded, client, allow_app, settings):
    settings.CMS_API_ANON_RATE_LIMIT = 50
    response = client.get("/api/v2/pages/?lang=ms", HTTP_ORIGIN=APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    exposed = {name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"} <= exposed
    assert response["RateLimit-Limit"] == "50"
    assert "Access-Control-Allow-Credentials" not in response
    # A shared cache keeps one copy per origin: the allow header differs between them.
    assert "origin" in response["Vary"].lower()


def test_a_preflight_from_an_allowed_origin_is_answered(seeded, client, allow_app):
    response = preflight(client, "/api/v2/pages/1/", APP)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    assert {"GET", "POST"} <= {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    allowed = {h.strip() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "authorization", "content-type", "accept-language"} <= allowed
    assert int(response["Access-Control-Max-Age"]) > 0


def test_a_revalidated_304_carries_the_headers_too(seeded, client, allow_app):
    first = client.get("/api/v2/pages/?lang=en", HTTP_ORIGIN=APP)
    again = client.get("/api/v2/pages/?lang=en", HTTP_ORIGIN=APP, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == APP


@pytest.mark.parametrize("origin", [OTHER, "null", "https://app.example.org.evil.test", "http://app.example.org"])
def test_other_origins_get_no_cors_headers(seeded, client, allow_app, origin):
    assert cors_headers(client.get("/api/v2/pages/", HTTP_ORIGIN=origin)) == {}
    assert cors_headers(preflight(client, "/api/v2/pages/", origin)) == {}


def test_no_origin_is_allowed_by_default(seeded, client):
    assert cors_headers(client.get("/api/v2/pages/", HTTP_ORIGIN=APP)) == {}


def test_the_admin_and_the_website_never_get_cors_headers(seeded, client, admin_client, allow_app):
    for response in (
        client.get("/admin/login/", HTTP_ORIGIN=APP),
        preflight(client, "/admin/login/", APP, method="POST"),
        admin_client.get("/admin/pages/", HTTP_ORIGIN=APP),
        client.get("/en/", HTTP_ORIGIN=APP, follow=True),
        client.get("/sitemap.xml", HTTP_ORIGIN=APP),
    ):
        assert cors_headers(response) == {}, response.request["PATH_INFO"]


def test_a_limited_client_on_an_allowed_origin_can_read_retry_after(seeded, client, allow_app, settings):
    settings.CMS_API_ANON_RATE_LIMIT = 1
    client.get("/api/v2/pages/", HTTP_ORIGIN=APP)
    refused = client.get("/api/v2/pages/", HTTP_ORIGIN=APP)
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == APP
    assert "retry-after" in refused["Access-Control-Expose-Headers"].lower()


def test_an_allowed_origin_sends_an_enquiry(seeded, client, allow_app):
    assert (
        preflight(
            client,
            f"/api/v2/forms/{EnquiryFormPage.objects.get().pk}/submissions/",
            APP,
            method="POST",
            headers="content-type",
        )["Access-Control-Allow-Origin"]
        == APP
    )
    response = post_enquiry(client, EnquiryFormPage.objects.get(), HTTP_ORIGIN=APP)
    assert response.status_code == 201, response.content
    assert response["Access-Control-Allow-Origin"] == APP
    assert EnquirySubmission.objects.count() == 1


@pytest.mark.parametrize("origin", [OTHER, "null", "http://app.example.org"])
def test_an_enquiry_from_another_origin_is_refused_and_nothing_is_stored(seeded, client, allow_app, origin):
    response = post_enquiry(client, EnquiryFormPage.objects.get(), HTTP_ORIGIN=origin)
    assert response.status_code == 403
    assert response.json()["code"] == "origin_not_allowed"
    assert origin in response.json()["message"]
    assert cors_headers(response) == {}
    assert EnquirySubmission.objects.count() == 0


@pytest.mark.parametrize("origin", [None, "http://testserver", "http://127.0.0.1:8000"])
def test_enquiries_from_bots_and_from_the_site_itself_need_no_listing(seeded, client, origin, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    headers = {"HTTP_ORIGIN": origin} if origin else {}
    assert post_enquiry(client, EnquiryFormPage.objects.get(), **headers).status_code == 201


def test_the_allow_list_is_read_from_the_environment():
    assert _origins(" https://a.example.org, http://localhost:5173 ,") == [
        "https://a.example.org",
        "http://localhost:5173",
    ]
    assert _origins("") == []


@pytest.mark.parametrize("value", ["https://a.example.org/", "a.example.org", "https://a.example.org/app", "*"])
def test_a_malformed_origin_stops_the_site_from_starting_with_its_name(value):
    with pytest.raises(ImproperlyConfigured, match="CMS_CORS_ALLOWED_ORIGINS"):
        _origins(f"https://ok.example.org,{value}")
