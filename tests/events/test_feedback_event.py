"""``feedback.received``: a reader's answer reaches the subscriptions that list the event,
signed, to a real receiver on loopback; its comment only where asked for; never in the
change feed, and never to subscriptions written for content events."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks.webhooks import Webhook
from werkzeug import Response

from content_pages.models import OutboxEvent, PageFeedback, WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.publishing import feedback
from content_pages.publishing.webhooks.delivery import deliver_due, replay
from content_pages.publishing.webhooks.subscriptions import add_subscription

pytestmark = pytest.mark.django_db

COMMENT = "Bahagian dos kurang jelas. Telefon saya 012-345 6789"
SCRUBBED = "Bahagian dos kurang jelas. Telefon saya […]"


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.CMS_WEBHOOK_RETRY_SCHEDULE = "60,60"
    settings.CMS_WEBHOOK_TIMEOUT = 5


@pytest.fixture
def heard(httpserver):
    """A receiver on loopback per path; ``fail`` answers 500 to its first N requests."""
    calls = {}

    def listen(path, fail=0):
        calls[path] = []

        def handler(request):
            calls[path].append((request.get_data(as_text=True), dict(request.headers)))
            return Response("busy", status=500) if len(calls[path]) <= fail else Response("", status=204)

        httpserver.expect_request(path, method="POST").respond_with_handler(handler)
        return httpserver.url_for(path)

    return listen, calls


def _answer(page, *, comment="", helpful=False, channel="whatsapp", language="ms", capture=None):
    with capture(execute=True):
        return feedback.record(
            feedback.Answer(page_id=page.pk, language=language, channel=channel, helpful=helpful, comment=comment)
        )


def test_a_listed_subscription_receives_the_signed_answer_without_its_comment(
    seeded, heard, django_capture_on_commit_callbacks
):
    listen, calls = heard
    _subscription, secret = add_subscription(listen("/answers"), ["feedback.received"])
    stored = _answer(seeded, comment=COMMENT, capture=django_capture_on_commit_callbacks)

    assert len(calls["/answers"]) == 1
    body, headers = calls["/answers"][0]
    event = Webhook(secret).verify(body, headers)
    stored_event = OutboxEvent.objects.get(type="feedback.received")
    assert headers["Webhook-Id"] == event["id"] == str(stored_event.pk)
    assert event["type"] == "feedback.received"
    assert event["object"] == {"kind": "feedback", "id": stored.pk}
    assert (event["revision"], event["renditions"], event["web_pages"]) == (None, [], [])
    assert (event["languages"], event["channels"]) == (["ms"], ["whatsapp"])
    assert event["feedback"] == {
        "id": stored.pk,
        "page": seeded.pk,
        "language": "ms",
        "channel": "whatsapp",
        "helpful": False,
        "section": "",
        "received_at": stored.received_at.isoformat().replace("+00:00", "Z"),
    }
    assert "Bahagian" not in body
    assert WebhookDelivery.objects.get().status == WebhookDelivery.DELIVERED


def test_with_the_flag_the_scrubbed_comment_is_sent(seeded, heard, django_capture_on_commit_callbacks):
    listen, calls = heard
    _subscription, secret = add_subscription(listen("/editors"), ["feedback.received"], include_feedback_comments=True)
    add_subscription(listen("/bots"), ["feedback.received"])
    _answer(seeded, comment=COMMENT, capture=django_capture_on_commit_callbacks)

    event = Webhook(secret).verify(*calls["/editors"][0])
    assert event["feedback"]["comment"] == SCRUBBED
    assert "012-345" not in calls["/editors"][0][0]
    # One event, a body per subscription: the other receiver gets the answer alone.
    assert "comment" not in json.loads(calls["/bots"][0][0])["feedback"]
    assert json.loads(calls["/bots"][0][0])["id"] == event["id"]


def test_content_subscribers_and_the_change_feed_are_left_out(
    seeded, heard, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    listen, calls = heard
    add_subscription(listen("/everything"), [])  # no types listed: every content event
    add_subscription(listen("/publishes"), ["page.published"])
    add_subscription(listen("/other-language"), ["feedback.received"], languages=["en"])
    before = client.get("/api/v2/changes/").json()
    _answer(seeded, comment=COMMENT, capture=django_capture_on_commit_callbacks)

    assert calls == {"/everything": [], "/publishes": [], "/other-language": []}
    assert OutboxEvent.objects.filter(type="feedback.received").count() == 1
    assert not WebhookDelivery.objects.exists()
    with django_assert_num_queries(1):
        after = client.get("/api/v2/changes/", {"since": before["next"]} if before["items"] else {}).json()
    assert all(item["type"] != "feedback.received" for item in after["items"])
    assert after["next"] == before["next"]
    assert OutboxEvent.objects.get(type="feedback.received").sequence is None


def test_a_comment_added_later_is_an_event_of_its_own_and_retries_do_not_change(
    seeded, heard, django_capture_on_commit_callbacks
):
    """The website's form: the answer first, the comment after it. The first event's retry,
    sent after the comment was added, is byte for byte what its first attempt sent."""
    listen, calls = heard
    add_subscription(listen("/editors"), ["feedback.received"], include_feedback_comments=True)
    answered = _answer(seeded, channel="web", language="en", capture=django_capture_on_commit_callbacks)
    first_body = calls["/editors"][0][0]
    assert "comment" not in json.loads(first_body)["feedback"]

    with django_capture_on_commit_callbacks(execute=True):
        feedback.add_comment(answered.pk, COMMENT)
    bodies = [json.loads(body) for body, _headers in calls["/editors"]]
    assert len(bodies) == 2
    assert bodies[1]["feedback"]["comment"] == SCRUBBED
    assert bodies[1]["feedback"]["id"] == bodies[0]["feedback"]["id"] == answered.pk
    assert bodies[1]["id"] != bodies[0]["id"]

    # The first delivery again (as a retry would): the same bytes, still no comment.
    first = WebhookDelivery.objects.get(event_id=bodies[0]["id"])
    WebhookDelivery.objects.filter(pk=first.pk).update(status=WebhookDelivery.PENDING, next_attempt_at=timezone.now())
    deliver_due(event_id=first.event_id)
    assert calls["/editors"][-1][0] == first_body


def test_a_failed_delivery_is_retried_with_the_same_body_by_the_worker(
    seeded, heard, django_capture_on_commit_callbacks
):
    listen, calls = heard
    _subscription, secret = add_subscription(
        listen("/flaky", fail=1), ["feedback.received"], include_feedback_comments=True
    )
    _answer(seeded, comment=COMMENT, capture=django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.PENDING  # the receiver answered 500
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert len(calls["/flaky"]) == 2
    (first, _), (second, headers) = calls["/flaky"]
    assert first == second
    assert Webhook(secret).verify(second, headers)["feedback"]["comment"] == SCRUBBED
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED


def test_a_comment_blanked_by_retention_is_left_out_of_a_replay(seeded, heard, django_capture_on_commit_callbacks):
    listen, calls = heard
    subscription, _secret = add_subscription(listen("/editors"), ["feedback.received"], include_feedback_comments=True)
    stored = _answer(seeded, comment=COMMENT, capture=django_capture_on_commit_callbacks)
    assert json.loads(calls["/editors"][0][0])["feedback"]["comment"] == SCRUBBED
    PageFeedback.objects.filter(pk=stored.pk).update(received_at=timezone.now() - timezone.timedelta(days=400))
    assert feedback.purge_comments(180) == 1
    event = OutboxEvent.objects.get(type="feedback.received")
    replay(event.pk, subscription_id=subscription.pk)
    deliver_due(event_id=event.pk)
    replayed = json.loads(calls["/editors"][-1][0])
    assert replayed["id"] == str(event.pk)
    assert "comment" not in replayed["feedback"]


def test_an_answer_deleted_before_delivery_fails_once_without_blaming_the_receiver(
    seeded, heard, django_capture_on_commit_callbacks
):
    listen, calls = heard
    subscription, _secret = add_subscription(listen("/answers"), ["feedback.received"])
    with django_capture_on_commit_callbacks(execute=False):  # not sent yet
        stored = feedback.record(feedback.Answer(page_id=seeded.pk, language="en", channel="sms", helpful=True))
    PageFeedback.objects.filter(pk=stored.pk).delete()  # as deleting its page does
    deliver_due()
    assert calls["/answers"] == []
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.FAILED, 1)
    assert WebhookAttempt.objects.get().error.startswith("Gone:")
    subscription.refresh_from_db()
    assert subscription.failing_since is None
    assert subscription.active


def test_a_refused_answer_announces_nothing(seeded, heard, django_capture_on_commit_callbacks):
    listen, calls = heard
    add_subscription(listen("/answers"), ["feedback.received"])
    with pytest.raises(feedback.FeedbackRefused):
        _answer(seeded, comment="x" * 5000, capture=django_capture_on_commit_callbacks)
    with pytest.raises(feedback.FeedbackRefused):
        feedback.add_comment(987654, "Hello")
    assert not OutboxEvent.objects.filter(type="feedback.received").exists()
    assert calls["/answers"] == []


def test_the_command_and_the_listing_show_the_comment_flag():
    out = io.StringIO()
    call_command(
        "webhooks",
        "add",
        "--url",
        "https://example.org/answers",
        "--events",
        "feedback.received",
        "--include-feedback-comments",
        stdout=out,
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.include_feedback_comments is True
    listing = io.StringIO()
    call_command("webhooks", "list", stdout=listing)
    assert "events=feedback.received" in listing.getvalue()
    assert "comments=yes" in listing.getvalue()


def test_the_admin_form_offers_the_comment_flag(admin_client):
    from django.urls import reverse

    add = reverse("webhooksubscription:add")
    assert 'name="include_feedback_comments"' in admin_client.get(add).content.decode()
    response = admin_client.post(
        add,
        {
            "name": "Medical review inbox",
            "url": "https://reviews.example.org/answers",
            "events": ["feedback.received"],
            "include_feedback_comments": "on",
        },
    )
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["feedback.received"]
    assert subscription.include_feedback_comments is True
    listing = admin_client.get(reverse("webhooksubscription:index")).content.decode()
    assert "with feedback comments" in listing
