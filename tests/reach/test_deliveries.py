"""``POST /api/v2/pages/<id>/deliveries/``: a bot with an API key reports how many messages
it sent; anything else is a clear 4xx that writes nothing."""

import datetime
import json

import pytest
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from content_pages.models import EnquiryFormPage, PageReach
from content_pages.publishing.access.api_keys import create_key, revoke
from content_pages.publishing.reach import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def bot_key():
    _key, plain = create_key("WhatsApp bot", rate_limit=1000)
    return plain


@pytest.fixture
def report(client, openapi, bot_key):
    """POST a report (with the bot's key unless told otherwise), checked against the OpenAPI document."""

    def post(page_id, body, status=201, key=None, **headers):
        raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
        key = bot_key if key is None else key
        if key:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
        response = client.post(f"/api/v2/pages/{page_id}/deliveries/", raw, content_type="application/json", **headers)
        assert response.status_code == status, response.content[:500]
        assert response["Cache-Control"] == "no-store"
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        return response.json()

    return post


def test_a_bot_reports_deliveries_and_gets_the_days_total(seeded, report):
    first = report(seeded.pk, {"channel": "whatsapp", "lang": "ms", "count": 120})
    assert first == {
        "page": seeded.pk,
        "lang": "ms",
        "channel": "whatsapp",
        "day": today().isoformat(),
        "deliveries": 120,
    }
    assert report(seeded.pk, {"channel": "whatsapp", "lang": "ms", "count": 30})["deliveries"] == 150
    row = PageReach.objects.get()
    assert (row.page_id, row.language, row.channel, row.day, row.reads, row.deliveries) == (
        seeded.pk,
        "ms",
        "whatsapp",
        today(),
        0,
        150,
    )


def test_a_late_report_names_its_day(seeded, report):
    yesterday = today() - datetime.timedelta(days=1)
    answer = report(seeded.pk, {"channel": "sms", "lang": "en", "count": 7, "day": yesterday.isoformat()})
    assert (answer["day"], answer["deliveries"]) == (yesterday.isoformat(), 7)
    week_ago = today() - datetime.timedelta(days=7)
    assert report(seeded.pk, {"channel": "telegram", "lang": "zh-hans", "count": 1, "day": week_ago.isoformat()})
    assert PageReach.objects.count() == 2


def test_without_a_key_the_report_is_refused_before_its_body_is_read(seeded, report):
    for body in ({"channel": "whatsapp", "lang": "ms", "count": 5}, {"count": "not even valid"}):
        refused = report(seeded.pk, body, status=401, key="")
        assert refused["code"] == "api_key_required"
        assert "Authorization: Bearer" in refused["message"]
    assert not PageReach.objects.exists()


def test_an_unknown_or_revoked_key_is_refused(seeded, report, client):
    body = {"channel": "whatsapp", "lang": "ms", "count": 5}
    assert report(seeded.pk, body, status=401, key="not-a-key")["code"] == "invalid_api_key"
    key, plain = create_key("Retired bot", rate_limit=100)
    revoke(key)
    assert report(seeded.pk, body, status=401, key=plain)["code"] == "invalid_api_key"
    response = client.post(
        f"/api/v2/pages/{seeded.pk}/deliveries/",
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz",
    )
    assert response.status_code == 401
    assert not PageReach.objects.exists()


DAY = "day"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"channel": "whatsapp", "lang": "ms", "count": 0}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": -1}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": 1e9}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": 1_000_000_000}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": 100_001}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": "5"}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": True}, "count"),
        ({"channel": "whatsapp", "lang": "ms", "count": 2.5}, "count"),
        ({"channel": "whatsapp", "lang": "ms"}, "count"),
        ({"channel": "web", "lang": "ms", "count": 5}, "channel"),
        ({"channel": "email", "lang": "ms", "count": 5}, "channel"),
        ({"channel": "whatsapp", "lang": "xx", "count": 5}, "lang"),
        ({"channel": "whatsapp", "lang": "ms", "count": 5, "day": "2026-02-30"}, DAY),
        ({"channel": "whatsapp", "lang": "ms", "count": 5, "day": 1_700_000_000}, DAY),
        ({"channel": "whatsapp", "lang": "ms", "count": 5, "day": "tomorrow"}, DAY),
        ({"channel": "whatsapp", "lang": "ms", "count": 5, "reader": "+60123456789"}, "reader"),
    ],
)
def test_hostile_bodies_are_refused_naming_the_field(seeded, report, body, named):
    refused = report(seeded.pk, body, status=400)
    assert named in refused["message"]
    assert not PageReach.objects.exists()


@pytest.mark.parametrize(("days", "says"), [(-1, "in the future"), (8, "more than 7 days ago")])
def test_a_day_outside_the_week_is_refused(seeded, report, days, says):
    day = (today() - datetime.timedelta(days=days)).isoformat()
    refused = report(seeded.pk, {"channel": "sms", "lang": "en", "count": 5, "day": day}, status=400)
    assert refused["code"] == "invalid_day"
    assert refused["message"].startswith(f"day={day} ")
    assert says in refused["message"]
    assert not PageReach.objects.exists()


def test_not_json_is_refused(seeded, report):
    report(seeded.pk, "{not json", status=400)
    assert not PageReach.objects.exists()


def test_no_report_for_a_page_readers_cannot_read(seeded, report):
    body = {"channel": "whatsapp", "lang": "en", "count": 5}
    assert report(999999, body, status=404)["code"] == "not_found"
    form = EnquiryFormPage.objects.live().get()
    form.unpublish()
    assert report(form.pk, body, status=404)["code"] == "not_found"
    seeded.unpublish()
    assert report(seeded.pk, body, status=404)["code"] == "not_found"
    assert not PageReach.objects.exists()


def test_the_document_describes_the_operation(client):
    document = client.get("/api/v2/openapi.json").json()
    operation = document["paths"]["/api/v2/pages/{page_id}/deliveries/"]["post"]
    assert operation["operationId"] == "reportDeliveries"
    assert operation["tags"] == ["reach"]
    assert operation["security"] == [{"apiKey": []}]
    for status in ("201", "400", "401", "404", "413", "429"):
        assert status in operation["responses"], status
    for status in ("400", "401", "404", "413", "429"):
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/Error"}, status
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/DeliveriesIn"}
    schema = document["components"]["schemas"]["DeliveriesIn"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["channel"]["enum"] == ["whatsapp", "telegram", "sms"]
    assert (schema["properties"]["count"]["minimum"], schema["properties"]["count"]["maximum"]) == (1, 100_000)
