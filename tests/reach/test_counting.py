"""What counts as a read, and that counting one writes nothing on the request path: the
website's beacon, the API's page detail, the channel renditions and a conversation's opening."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_pages.models import PageReach
from content_pages.publishing import reach
from content_pages.publishing.access.api_keys import create_key

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
# As a browser sends the page's beacon: same origin, its own User-Agent.
SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver", "HTTP_USER_AGENT": BROWSER}


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def beacon(client, page_id, language="ms", method="post", **headers):
    return getattr(client, method)(f"/reach/{page_id}/{language}/", **{**SAME_ORIGIN, **headers})


def test_a_beacon_counts_one_web_read_in_memory_with_no_query(client, seeded, counted):
    with CaptureQueriesContext(connection) as queries:
        response = beacon(client, seeded.pk)
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert len(queries) == 0, [q["sql"] for q in queries]
    assert counted() == {(seeded.pk, "ms", "web"): 1}
    assert not PageReach.objects.exists()


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("head", {}),
        ("post", {"HTTP_SEC_PURPOSE": "prefetch"}),
        ("post", {"HTTP_SEC_PURPOSE": "prefetch;prerender"}),
        ("post", {"HTTP_PURPOSE": "prefetch"}),
        ("post", {"HTTP_USER_AGENT": GOOGLEBOT}),
        ("post", {"HTTP_USER_AGENT": "curl/8.5.0"}),
        ("post", {"HTTP_DNT": "1"}),
        ("post", {"HTTP_SEC_GPC": "1"}),
    ],
    ids=["head", "sec-purpose", "sec-purpose-prerender", "purpose", "googlebot", "curl", "dnt", "sec-gpc"],
)
def test_a_beacon_that_is_not_a_read_is_answered_and_not_counted(client, seeded, counted, method, headers):
    response = beacon(client, seeded.pk, method=method, **headers)
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    assert counted() == {}


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": ""},
        {"HTTP_SEC_FETCH_SITE": "", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "", "HTTP_ORIGIN": "null"},
    ],
    ids=["cross-site", "same-site", "other-origin", "null-origin"],
)
def test_a_beacon_from_another_site_is_refused(client, seeded, counted, headers):
    response = beacon(client, seeded.pk, **headers)
    assert response.status_code == 403
    assert response["Cache-Control"] == "no-store"
    assert counted() == {}


def test_only_a_post_in_a_language_of_the_site_is_a_beacon(client, seeded, counted):
    assert beacon(client, seeded.pk, method="get").status_code == 405
    assert beacon(client, seeded.pk, language="xx").status_code == 400
    assert counted() == {}


def test_the_api_detail_counts_an_api_read_and_gains_no_query(client, seeded, counted, django_assert_max_num_queries):
    client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms")  # the key's cache and the like, warmed
    reach.reset()
    # tests/api/test_query_budget.py's DETAIL_BUDGET: counting adds none.
    with django_assert_max_num_queries(1), CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").status_code == 200
    assert writes(queries) == []
    assert counted() == {(seeded.pk, "ms", "api"): 1}


@pytest.mark.parametrize(
    ("path", "channel"),
    [
        ("channels/whatsapp/", "whatsapp"),
        ("channels/telegram/", "telegram"),
        ("channels/sms/", "sms"),
        ("channels/sms/?mode=full", "sms"),
        ("channels/web/", "api"),
    ],
)
def test_a_rendition_counts_a_read_on_its_channel(client, seeded, counted, path, channel):
    separator = "&" if "?" in path else "?"
    client.get(f"/api/v2/pages/{seeded.pk}/{path}{separator}lang=en")
    reach.reset()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v2/pages/{seeded.pk}/{path}{separator}lang=en").status_code == 200
    assert writes(queries) == []
    assert len(queries) <= 1
    assert counted() == {(seeded.pk, "en", channel): 1}


def test_a_conversation_counts_once_on_its_opening_turn(client, seeded, counted):
    base = f"/api/v2/pages/{seeded.pk}/channels/telegram/conversation/?lang=ms"
    opening = client.get(base)
    assert opening.status_code == 200
    buttons = [
        button["callback_data"]
        for message in opening.json()["messages"]
        for row in message.get("reply_markup", {}).get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]
    sections = [b for b in buttons if b.startswith(("s:", "intro", "refs"))]
    assert sections, buttons
    for section in sections[:3]:
        assert client.get(f"{base}&section={section}").status_code == 200
    assert counted() == {(seeded.pk, "ms", "telegram"): 1}


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_PURPOSE": "prefetch"}, {"HTTP_USER_AGENT": GOOGLEBOT}],
    ids=["sec-purpose", "purpose", "googlebot"],
)
def test_the_api_does_not_count_prefetches_or_crawlers(client, seeded, counted, headers):
    assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=en", **headers).status_code == 200
    assert client.get(f"/api/v2/pages/{seeded.pk}/channels/sms/?lang=en", **headers).status_code == 200
    assert counted() == {}


def test_the_api_does_not_count_head(client, seeded, counted):
    client.head(f"/api/v2/pages/{seeded.pk}/?lang=en")
    assert counted() == {}


def test_programs_that_fetch_for_readers_are_counted_on_the_api(client, seeded, counted):
    """Bots and server-side frontends use HTTP libraries; a bot with a key is counted
    whatever its User-Agent, and without one a self-named bot is taken for a crawler."""
    url = f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?lang=en"
    client.get(url, HTTP_USER_AGENT="python-requests/2.32.3")
    client.get(url, HTTP_USER_AGENT="node-fetch/1.0 (+https://github.com/bitinn/node-fetch)")
    client.get(url, HTTP_USER_AGENT="AcmeHealthBot/1.0")
    _key, plain = create_key("WhatsApp bot", rate_limit=1000)
    client.get(url, HTTP_USER_AGENT="AcmeHealthBot/1.0", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert counted() == {(seeded.pk, "en", "whatsapp"): 3}


def test_what_does_not_serve_a_reader_is_not_counted(client, seeded, counted):
    assert client.get("/api/v2/pages/999999/?lang=en").status_code == 404
    assert client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/template/?lang=en").status_code == 200
    assert client.get("/api/v2/pages/?lang=en").status_code == 200
    assert counted() == {}


def test_a_revalidation_served_from_the_frontends_copy_is_a_read(client, seeded, counted):
    first = client.get(f"/api/v2/pages/{seeded.pk}/?lang=en")
    again = client.get(f"/api/v2/pages/{seeded.pk}/?lang=en", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert counted() == {(seeded.pk, "en", "api"): 2}
