"""The seed article's publish reaches a subscribed receiver, signed, even when the
receiver fails at first: in-process, with the development task backend."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks.webhooks import Webhook
from werkzeug import Response

from content_pages.models import WebhookAttempt, WebhookDelivery
from content_pages.publishing.gate import publish_language
from content_pages.publishing.webhooks.subscriptions import add_subscription
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_twice(httpserver):
    received = []

    def handler(request):
        received.append((request.get_data(as_text=True), dict(request.headers)))
        return Response("busy", status=500) if len(received) <= 2 else Response("", status=204)

    httpserver.expect_request("/events", method="POST").respond_with_handler(handler)
    return httpserver.url_for("/events"), received


def test_publishing_the_seed_article_delivers_a_verified_event_despite_failures(
    seeded, admin_user, settings, failing_twice, django_capture_on_commit_callbacks
):
    settings.CMS_WEBHOOK_RETRY_SCHEDULE = "60,60,60"
    url, received = failing_twice
    subscription, secret = add_subscription(url, ["page.published"], languages=["ms"])

    draft = seeded.get_latest_revision_as_object()
    draft.standfirst_ms = "Ringkasan baharu untuk pembaca."
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    # Delivered inside the request here (the immediate backend): one failed attempt so far,
    # the next due in a minute.
    assert len(received) == 1
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == WebhookDelivery.PENDING
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert len(received) == 1  # not due yet

    # A minute later, twice: the worker's sweep sends each due retry.
    for _minute in range(2):
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert len(received) == 3
    ids = {headers["Webhook-Id"] for _body, headers in received}
    assert ids == {str(delivery.event_id)}
    body, headers = received[-1]
    event = Webhook(secret).verify(body, headers)
    assert event["type"] == "page.published"
    assert event["object"] == {"kind": "page", "id": seeded.pk}
    assert {r["language"] for r in event["renditions"]} == {"ms", "en", "zh-hans"}

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED
    attempts = WebhookAttempt.objects.filter(delivery=delivery)
    assert attempts.count() == 3
    assert attempts.filter(succeeded=True).count() == 1
    assert list(attempts.values_list("status_code", flat=True)) == [500, 500, 204]


def test_a_translation_publish_reaches_only_subscribers_of_its_language(
    seeded, admin_user, httpserver, django_capture_on_commit_callbacks
):
    heard = {"ms": [], "zh-hans": []}
    for language, calls in heard.items():
        httpserver.expect_request(f"/{language}", method="POST").respond_with_handler(
            lambda request, calls=calls: calls.append(request.get_data(as_text=True)) or Response("", status=204)
        )
        add_subscription(httpserver.url_for(f"/{language}"), ["page.published"], languages=[language])
    draft = seeded.get_latest_revision_as_object()
    draft.standfirst_ms = "Hanya bahasa Melayu yang berubah."
    draft.save_revision(user=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        with approved_translations():  # a reviewer of each language approves what the admin wrote
            publish_language(seeded, "ms", user=admin_user)
    assert len(heard["ms"]) == 1
    assert heard["zh-hans"] == []
    assert '"languages":["ms"]' in heard["ms"][0]
