"""Signed deliveries to a real receiver on loopback: retries, timeouts, failure, replay, disabling."""

import datetime
import json
import time

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from werkzeug import Response

from content_pages.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.publishing.outbox.payload import event_body
from content_pages.publishing.webhooks.delivery import deliver_due, fan_out, replay
from content_pages.publishing.webhooks.subscriptions import add_subscription

pytestmark = pytest.mark.django_db


def _drain():
    total = 0
    while attempted := deliver_due():
        total += attempted
    return total


def test_delivery_is_signed_per_standard_webhooks(receiver, make_event):
    server, url = receiver
    subscription, secret = add_subscription(url, ["page.published"])
    server.expect_request("/hook", method="POST").respond_with_data("ok")
    event = make_event()

    deliveries = fan_out(event)
    assert [d.subscription for d in deliveries] == [subscription]
    assert deliver_due(event_id=str(event.id)) == 1

    ((request, _),) = server.log
    body = request.get_data(as_text=True)
    assert body == event_body(event)
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["webhook-id"] == str(event.id)
    assert headers["content-type"] == "application/json"
    assert Webhook(secret).verify(body, headers)["id"] == str(event.id)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(body, headers)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert delivery.delivered_at is not None
    attempt = WebhookAttempt.objects.get()
    assert attempt.succeeded
    assert attempt.status_code == 200
    assert attempt.error == ""


def test_fan_out_is_idempotent(receiver, make_event):
    _, url = receiver
    add_subscription(url, [])
    event = make_event()
    first = fan_out(event)
    second = fan_out(event)
    assert [d.pk for d in first] == [d.pk for d in second]
    assert WebhookDelivery.objects.count() == 1


def test_an_incomplete_event_is_not_fanned_out(receiver, make_event):
    _, url = receiver
    add_subscription(url, [])
    with pytest.raises(ValueError, match="not completed"):
        fan_out(make_event(completed=False))


def test_500_twice_then_200_retries_with_the_same_webhook_id(receiver, make_event):
    server, url = receiver
    add_subscription(url, ["page.published"])
    server.expect_ordered_request("/hook").respond_with_data("down", status=500)
    server.expect_ordered_request("/hook").respond_with_data("down", status=500)
    server.expect_ordered_request("/hook").respond_with_data("ok", status=200)
    event = make_event()
    fan_out(event)

    assert _drain() == 3
    server.check_assertions()
    attempts = list(WebhookAttempt.objects.order_by("started_at", "pk"))
    assert [a.status_code for a in attempts] == [500, 500, 200]
    assert [a.succeeded for a in attempts] == [False, False, True]
    assert attempts[0].error == "HTTP 500"
    assert {request.headers["webhook-id"] for request, _ in server.log} == {str(event.id)}
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert delivery.attempts == 3
    assert delivery.subscription.failing_since is None  # cleared by the success


def test_a_retry_waits_for_its_time(receiver, make_event, settings):
    server, url = receiver
    settings.CMS_WEBHOOK_RETRY_SCHEDULE = "60"
    add_subscription(url, [])
    server.expect_request("/hook").respond_with_data("", status=503)
    fan_out(make_event())
    assert deliver_due() == 1
    assert deliver_due() == 0  # not due for a minute
    delivery = WebhookDelivery.objects.get()
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert delivery.status == WebhookDelivery.PENDING
    assert 50 < wait <= 66


def test_a_timeout_is_logged_and_retried(receiver, make_event, settings):
    server, url = receiver
    settings.CMS_WEBHOOK_TIMEOUT = 0.5
    settings.CMS_WEBHOOK_RETRY_SCHEDULE = "0"

    def slow(request):
        time.sleep(1.0)
        return Response("late")

    server.expect_request("/hook").respond_with_handler(slow)
    add_subscription(url, [])
    fan_out(make_event())
    assert _drain() == 2
    attempts = list(WebhookAttempt.objects.all())
    assert len(attempts) == 2
    assert all(a.error.startswith("Timeout") and a.status_code is None for a in attempts)
    assert WebhookDelivery.objects.get().status == WebhookDelivery.FAILED


def test_exhausted_delivery_is_kept_as_failed_and_replay_delivers_it(receiver, make_event):
    server, url = receiver
    _, secret = add_subscription(url, [])
    server.expect_ordered_request("/hook").respond_with_data("", status=500)
    server.expect_ordered_request("/hook").respond_with_data("", status=500)
    server.expect_ordered_request("/hook").respond_with_data("", status=500)
    server.expect_ordered_request("/hook").respond_with_data("", status=500)
    event = make_event()
    fan_out(event)
    assert _drain() == 4  # the first attempt and three retries
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.FAILED
    assert delivery.attempts == 4
    assert deliver_due() == 0

    server.expect_ordered_request("/hook").respond_with_data("ok")
    assert replay(str(event.id)) == 1
    assert deliver_due(event_id=str(event.id)) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 5  # the log is kept
    request = server.log[-1][0]
    assert request.headers["webhook-id"] == str(event.id)
    assert Webhook(secret).verify(request.get_data(as_text=True), dict(request.headers))


def test_replay_to_one_subscription_creates_its_delivery(receiver, make_event):
    server, url = receiver
    server.expect_request("/hook").respond_with_data("ok")
    event = make_event()
    subscription, _ = add_subscription(url, [])  # subscribed after the event
    assert replay(str(event.id), subscription_id=subscription.pk) == 1
    assert deliver_due(event_id=str(event.id)) == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.DELIVERED


def test_failing_for_a_day_disables_the_subscription(receiver, make_event, caplog):
    server, url = receiver
    subscription, secret = add_subscription(url, [])
    server.expect_request("/hook").respond_with_data("", status=502)
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    subscription.refresh_from_db()
    assert subscription.active
    assert subscription.failing_since is not None
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        failing_since=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )
    with caplog.at_level("WARNING"):
        assert deliver_due(limit=1) == 1
    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.disabled_at is not None
    assert "HTTP 502" in subscription.disabled_reason
    assert f"subscription {subscription.pk} disabled" in caplog.text
    assert secret not in caplog.text
    assert url not in caplog.text
    # A disabled subscription gets no more attempts, and no new deliveries.
    assert deliver_due() == 0
    assert fan_out(make_event()) == []


def test_a_connection_failure_is_logged_without_the_url(make_event):
    url = "http://127.0.0.1:9/hook?token=private"  # discard port: nothing listens
    add_subscription(url, [])
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    error = WebhookAttempt.objects.get().error
    # A category, not the socket's message ("[Errno 111] …"), and nothing of the URL.
    assert error == "Connection refused: nothing accepted the connection"


def test_an_unreadable_secret_fails_with_a_clear_error(receiver, make_event, settings):
    server, url = receiver
    add_subscription(url, [])
    settings.SECRET_KEY = "another-key-after-rotation"
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    attempt = WebhookAttempt.objects.get()
    assert "cannot be decrypted" in attempt.error
    assert attempt.status_code is None
    assert server.log == []  # nothing unsigned was sent


def test_a_claimed_delivery_is_not_attempted_twice_until_its_lease_runs_out(receiver, make_event):
    server, url = receiver
    server.expect_request("/hook").respond_with_data("ok")
    add_subscription(url, [])
    fan_out(make_event())
    delivery = WebhookDelivery.objects.get()
    # Another worker holds it...
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.SENDING, claimed_until=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert deliver_due() == 0
    # ...and was killed: once its lease ran out, the delivery is taken over.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    assert deliver_due() == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.DELIVERED


def test_redirects_are_not_followed(receiver, make_event):
    server, url = receiver
    server.expect_request("/hook").respond_with_response(Response("", status=302, headers={"Location": "/other"}))
    add_subscription(url, [])
    fan_out(make_event())
    assert deliver_due(limit=1) == 1
    assert [request.path for request, _ in server.log] == ["/hook"]
    assert WebhookAttempt.objects.get().error == "HTTP 302: redirect not followed"
    assert json.loads(event_body(WebhookDelivery.objects.get().event))["type"] == "page.published"
