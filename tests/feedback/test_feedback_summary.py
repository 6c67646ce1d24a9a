"""GET /api/v2/pages/<id>/feedback/summary/: a live article's reach and answers for
dashboards, with an API key only, figures only (never a comment), in a fixed number of
queries, and a named 4xx for every bad parameter."""

import datetime
import json
import re

import pytest
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from content_pages.models import ArticlePage, PageFeedback, PageReach
from content_pages.publishing.access.api_keys import create_key
from content_pages.reads.reach_report import utc_today

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "Tolong jelaskan dos ubat ini dengan lebih jelas"


@pytest.fixture
def key():
    _row, plain = create_key("Dashboard", rate_limit=10_000)
    return plain


@pytest.fixture
def summary(client, openapi, key):
    """GET the summary (with the key unless told otherwise), checked against the OpenAPI document."""

    def get(page_id, query="", status=200, auth=True, **headers):
        if auth:
            headers.setdefault("HTTP_AUTHORIZATION", f"Bearer {key}")
        response = client.get(f"/api/v2/pages/{page_id}/feedback/summary/{query}", **headers)
        assert response.status_code == status, response.content[:500]
        if status != 404 or str(page_id).isdigit():
            openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        return response

    return get


def _answer(page, language, channel, helpful, days_ago=0, comment=""):
    stored = PageFeedback.objects.create(
        page=page, language=language, channel=channel, helpful=helpful, comment=comment
    )
    received = datetime.datetime.combine(
        utc_today() - datetime.timedelta(days=days_ago), datetime.time(12), tzinfo=datetime.UTC
    )
    PageFeedback.objects.filter(pk=stored.pk).update(received_at=received)


def _reach(page, language, channel, days_ago=0, reads=0, deliveries=0):
    PageReach.objects.create(
        page=page,
        language=language,
        channel=channel,
        day=utc_today() - datetime.timedelta(days=days_ago),
        reads=reads,
        deliveries=deliveries,
    )


@pytest.fixture
def figures(seeded):
    """Counters and answers for the seed article, some outside the default 30 days, and
    some for another page, which must not be counted."""
    _reach(seeded, "ms", "web", reads=10)
    _reach(seeded, "ms", "whatsapp", days_ago=1, reads=2, deliveries=40)
    _reach(seeded, "en", "web", days_ago=5, reads=7)
    _reach(seeded, "en", "web", days_ago=40, reads=1000)  # outside the default period
    for _ in range(3):
        _answer(seeded, "ms", "web", True)
    _answer(seeded, "ms", "web", False, comment=SECRET_COMMENT)
    _answer(seeded, "en", "whatsapp", False, days_ago=29)  # the first day of the default period
    _answer(seeded, "en", "whatsapp", True, days_ago=30)  # the day before it
    other = seeded.get_parent()
    _reach(other, "ms", "web", reads=500)
    _answer(other, "ms", "web", True)
    return seeded


def _row(rows, name, value):
    return next(row for row in rows if row[name] == value)


def test_the_figures_are_what_was_counted_and_answered(figures, summary):
    response = summary(figures.pk)
    body = response.json()
    today = utc_today()
    assert body["page"] == figures.pk
    assert body["period"] == {"start": str(today - datetime.timedelta(days=29)), "end": str(today)}
    assert body["totals"] == {"reads": 19, "deliveries": 40, "yes": 3, "no": 2, "helpful_percent": 60.0}
    channels = body["by_channel"]
    assert [row["channel"] for row in channels] == ["web", "api", "whatsapp", "telegram", "sms"]
    assert _row(channels, "channel", "web") == {
        "channel": "web",
        "reads": 17,
        "deliveries": 0,
        "yes": 3,
        "no": 1,
        "helpful_percent": 75.0,
    }
    assert _row(channels, "channel", "whatsapp") == {
        "channel": "whatsapp",
        "reads": 2,
        "deliveries": 40,
        "yes": 0,
        "no": 1,
        "helpful_percent": 0.0,
    }
    # Nobody answered here: null, not 0 %.
    assert _row(channels, "channel", "api")["helpful_percent"] is None
    languages = body["by_language"]
    assert [row["language"] for row in languages] == ["en", "zh-hans", "ms"]  # the site's order
    assert _row(languages, "language", "ms") == {
        "language": "ms",
        "reads": 12,
        "deliveries": 40,
        "yes": 3,
        "no": 1,
        "helpful_percent": 75.0,
    }
    assert _row(languages, "language", "en")["reads"] == 7
    assert _row(languages, "language", "zh-hans") == {
        "language": "zh-hans",
        "reads": 0,
        "deliveries": 0,
        "yes": 0,
        "no": 0,
        "helpful_percent": None,
    }
    # Keyed figures: never kept by a shared cache or the browser; and no comment, anywhere.
    assert response["Cache-Control"] == "private, no-store"
    assert SECRET_COMMENT not in response.content.decode()
    assert "comment" not in response.content.decode()


def test_one_language_and_other_periods(figures, summary):
    ms = summary(figures.pk, "?lang=ms").json()
    assert ms["totals"] == {"reads": 12, "deliveries": 40, "yes": 3, "no": 1, "helpful_percent": 75.0}
    assert [row["language"] for row in ms["by_language"]] == ["ms"]

    longer = summary(figures.pk, "?days=60").json()
    assert longer["totals"]["reads"] == 1019
    assert (longer["totals"]["yes"], longer["totals"]["no"]) == (4, 2)

    today = utc_today()
    one_day = summary(figures.pk, f"?since={today - datetime.timedelta(days=1)}&until={today}").json()
    assert one_day["totals"] == {"reads": 12, "deliveries": 40, "yes": 3, "no": 1, "helpful_percent": 75.0}
    yesterday = today - datetime.timedelta(days=1)
    window = summary(figures.pk, f"?days=1&until={yesterday}").json()
    assert window["period"] == {"start": str(yesterday), "end": str(yesterday)}
    assert window["totals"]["deliveries"] == 40
    assert window["totals"]["reads"] == 2


def test_a_fixed_number_of_queries_however_much_was_counted(figures, summary, django_assert_max_num_queries):
    summary(figures.pk)  # the key's look-up is cached from here on
    with django_assert_max_num_queries(3):
        summary(figures.pk)
    for days_ago in range(2, 25):
        for channel in ("web", "telegram", "sms"):
            _reach(figures, "zh-hans", channel, days_ago=days_ago, reads=1)
            _answer(figures, "zh-hans", "telegram", days_ago % 2 == 0, days_ago=days_ago)
    with django_assert_max_num_queries(3):
        body = summary(figures.pk).json()
    assert _row(body["by_language"], "language", "zh-hans")["reads"] == 23 * 3


def test_a_key_is_required(figures, summary):
    refused = summary(figures.pk, auth=False, status=401)
    assert refused.json()["code"] == "api_key_required"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    # Asked first: bad parameters without a key learn nothing but that.
    assert summary(figures.pk, "?days=0", auth=False, status=401).json()["code"] == "api_key_required"
    unknown = summary(figures.pk, auth=False, status=401, HTTP_AUTHORIZATION="Bearer cms_00000000_not-a-key")
    assert unknown.json()["code"] == "invalid_api_key"
    basic = summary(figures.pk, auth=False, status=401, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert basic.json()["code"] == "invalid_api_key"


def _over(days):
    """A day relative to today, written into a query when the test runs, not when it is collected.

    Collection and the run can fall either side of midnight UTC in a long suite."""
    return str(utc_today() + datetime.timedelta(days=days))


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("?days=0", "invalid_parameter"),
        ("?days=-3", "invalid_parameter"),
        ("?days=367", "invalid_parameter"),
        ("?days=99999", "invalid_parameter"),
        ("?days=99999999999999999999999", "invalid_parameter"),
        ("?days=thirty", "invalid_parameter"),
        ("?since=2026-02-30", "invalid_period"),
        ("?since=26-01-01", "invalid_parameter"),
        ("?since=1999-12-31", "invalid_period"),
        ("?until=9999-12-31", "invalid_period"),
        ("?since=0001-01-01&until=0001-01-01", "invalid_period"),
        ("?until={+2}", "invalid_period"),
        ("?since={+0}&until={-1}", "invalid_period"),
        ("?since=2024-01-01&until=2025-12-31", "invalid_period"),
        ("?since=2025-01-01&days=3", "invalid_period"),
        ("?lang=xx", "unknown_language"),
        ("?lang=ms&lang=en", "repeated_parameter"),
        ("?days=7&page=1", "unknown_parameter"),
    ],
)
def test_bad_parameters_are_named(figures, summary, query, code):
    query = re.sub(r"\{([+-]\d+)\}", lambda day: _over(int(day.group(1))), query)
    refused = summary(figures.pk, query, status=400).json()
    assert refused["code"] == code, refused
    assert refused["message"]


def test_only_live_articles_are_summed(figures, summary):
    assert summary(999_999, status=404).json()["code"] == "not_found"
    assert summary(figures.get_parent().pk, status=404).json()["code"] == "not_found"  # not an article
    assert summary(2**63, status=404).json()["code"] == "not_found"
    assert summary(0, status=404).json()["code"] == "not_found"
    assert summary("-1", status=404)
    assert summary("six", status=404)
    ArticlePage.objects.get(pk=figures.pk).unpublish()
    assert summary(figures.pk, status=404).json()["code"] == "not_found"


def test_the_document_describes_it_as_keyed_and_comment_free(client):
    document = json.loads(client.get("/api/v2/openapi.json").content)
    operation = document["paths"]["/api/v2/pages/{page_id}/feedback/summary/"]["get"]
    assert operation["operationId"] == "getFeedbackSummary"
    assert operation["tags"] == ["feedback"]
    assert operation["security"] == [{"apiKey": []}]
    assert {"200", "400", "401", "404", "429"} <= set(operation["responses"])
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"page_id", "days", "since", "until", "lang"}
    shape = json.dumps(
        {
            name: document["components"]["schemas"][name]
            for name in document["components"]["schemas"]
            if name.endswith(("Summary", "Figures", "Period"))
        }
    )
    assert "comment" not in shape
