"""Readers' answers to "Was this helpful?" through the API: stored without contact details
or anything about the reader, refused with a named error (and nothing stored) otherwise."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from content_pages.models import ArticlePage, ChannelRendition, PageFeedback
from content_pages.publishing.access.api_keys import create_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(client, openapi):
    """POST an answer and check the response against the OpenAPI document."""

    def post(page_id, body, status=201, **headers):
        raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
        response = client.post(f"/api/v2/pages/{page_id}/feedback/", raw, content_type="application/json", **headers)
        assert response.status_code == status, response.content[:500]
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        return response.json()

    return post


def conversation_sections(client, page_id, lang="ms"):
    """The section ids of the menu a WhatsApp bot is given, as it reads them."""
    opening = client.get(f"/api/v2/pages/{page_id}/channels/whatsapp/conversation/?lang={lang}").json()
    rows = [
        row
        for message in opening["messages"]
        if message["type"] == "interactive" and message["interactive"]["type"] == "list"
        for section in message["interactive"]["action"]["sections"]
        for row in section["rows"]
    ]
    return [row["id"] for row in rows if not row["id"].startswith("menu")]


def test_a_yes_from_whatsapp_is_stored_with_nothing_about_the_reader(seeded, send):
    answer = send(seeded.pk, {"channel": "whatsapp", "lang": "ms", "helpful": True})
    assert answer == {"status": "received", "helpful": True, "comment_stored": False}
    stored = PageFeedback.objects.get()
    assert (stored.page_id, stored.language, stored.channel, stored.helpful, stored.comment, stored.section) == (
        seeded.pk,
        "ms",
        "whatsapp",
        True,
        "",
        "",
    )
    # Nothing that could identify a reader has a column to go in.
    assert {field.name for field in PageFeedback._meta.concrete_fields} == {
        "id",
        "page",
        "language",
        "channel",
        "helpful",
        "comment",
        "section",
        "received_at",
    }


def test_a_no_with_a_phone_number_and_an_email_is_stored_without_them(seeded, send):
    comment = "Terlalu panjang. Sila telefon saya 012-345 6789 atau +60 3-2615 5555, e-mel aminah.b@example.my"
    answer = send(seeded.pk, {"channel": "web", "lang": "ms", "helpful": False, "comment": comment})
    assert answer["comment_stored"] is True
    stored = PageFeedback.objects.get()
    assert stored.helpful is False
    assert stored.comment == "Terlalu panjang. Sila telefon saya […] atau […], e-mel […]"


def test_an_answer_about_one_section(seeded, client, send):
    sections = conversation_sections(client, seeded.pk)
    send(seeded.pk, {"channel": "telegram", "lang": "ms", "helpful": True, "section": sections[1]})
    assert PageFeedback.objects.get().section == sections[1]

    refused = send(seeded.pk, {"channel": "telegram", "lang": "ms", "helpful": True, "section": "s:nope"}, status=404)
    assert refused["code"] == "unknown_section"
    assert sections[1] in refused["accepted"]
    assert not any(accepted.startswith("menu") for accepted in refused["accepted"])
    assert PageFeedback.objects.count() == 1


def test_an_answer_while_the_worker_has_not_stored_the_page_yet(seeded, client, send):
    sections = conversation_sections(client, seeded.pk)
    ChannelRendition.objects.filter(page=seeded).delete()
    send(seeded.pk, {"channel": "whatsapp", "lang": "ms", "helpful": True, "section": sections[0]})
    assert PageFeedback.objects.get().section == sections[0]
    assert not ChannelRendition.objects.filter(page=seeded).exists()  # an answer renders nothing to store


def test_no_answer_for_a_page_readers_may_not_see(seeded, send):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.LOGIN)
    ChannelRendition.objects.filter(page=seeded).delete()
    refused = send(seeded.pk, {"channel": "web", "lang": "en", "helpful": True}, status=404)
    assert refused["code"] == "not_found"
    assert not PageFeedback.objects.exists()


def test_no_answer_for_a_page_that_is_not_live(seeded, send):
    draft = ArticlePage.objects.exclude(pk=seeded.pk).live().first() or seeded
    draft.unpublish()
    refused = send(draft.pk, {"channel": "sms", "lang": "en", "helpful": True}, status=404)
    assert refused["code"] == "not_found"
    assert send(999999, {"channel": "sms", "lang": "en", "helpful": True}, status=404)["code"] == "not_found"
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"channel": "fax", "lang": "en", "helpful": True}, "channel"),
        ({"channel": "web", "lang": "xx", "helpful": True}, "lang"),
        ({"channel": "web", "lang": "en", "helpful": "maybe"}, "helpful"),
        ({"channel": "web", "lang": "en", "helpful": 0}, "helpful"),
        ({"channel": "web", "lang": "en", "helpful": "true"}, "helpful"),
        ({"channel": "web", "lang": "en"}, "helpful"),
        ({"channel": "web", "lang": "en", "helpful": True, "comment": "x" * 1001}, "comment"),
        ({"channel": "web", "lang": "en", "helpful": True, "section": "s:" + "a" * 200}, "section"),
        ({"channel": "web", "lang": "en", "helpful": True, "ip": "203.0.113.9"}, "ip"),
        ({"channel": "web", "lang": "en", "helpful": True, "comment": ["a"]}, "comment"),
        ('{"channel": "web", "lang": "en", "helpful": true, "comment": "\\ud800"}', None),
        ({"channel": "web", "lang": "en", "helpful": True, "comment": "nul\x00byte"}, "comment"),
        ({"channel": "web", "lang": "en", "helpful": True, "comment": "bell\x07"}, "comment"),
        ("not json", None),
        ("", None),
    ],
)
def test_hostile_answers_are_refused_by_name_and_store_nothing(seeded, send, body, named):
    refused = send(seeded.pk, body, status=400)
    assert refused["message"]
    if named:
        assert named in refused["message"]
    assert not PageFeedback.objects.exists()


def test_answers_are_limited_per_client_but_a_bot_is_held_by_its_key(seeded, send, settings):
    settings.CMS_FEEDBACK_RATE_LIMIT = 2
    answer = {"channel": "whatsapp", "lang": "en", "helpful": True}
    send(seeded.pk, answer)
    send(seeded.pk, answer)
    refused = send(seeded.pk, answer, status=429)
    assert refused["code"] == "rate_limited"
    _key, plain = create_key("WhatsApp bot", rate_limit=1000)
    for _answer in range(3):
        send(seeded.pk, answer, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert PageFeedback.objects.count() == 5


def test_a_page_on_another_site_may_not_send_answers(seeded, send):
    refused = send(
        seeded.pk,
        {"channel": "web", "lang": "en", "helpful": False},
        status=403,
        HTTP_ORIGIN="https://evil.example",
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert refused["code"] == "origin_not_allowed"
    assert not PageFeedback.objects.exists()


def test_old_comments_are_blanked_and_the_answers_kept(seeded, send):
    send(seeded.pk, {"channel": "web", "lang": "en", "helpful": False, "comment": "Too long for me"})
    send(seeded.pk, {"channel": "web", "lang": "en", "helpful": False, "comment": "Clear, thanks"})
    old = PageFeedback.objects.order_by("pk").first()
    PageFeedback.objects.filter(pk=old.pk).update(received_at=timezone.now() - datetime.timedelta(days=200))
    call_command("purge_feedback", "--days", "180")
    assert list(PageFeedback.objects.order_by("pk").values_list("helpful", "comment")) == [
        (False, ""),
        (False, "Clear, thanks"),
    ]


def test_the_openapi_document_describes_the_answer(client):
    document = client.get("/api/v2/openapi.json").json()
    operation = document["paths"]["/api/v2/pages/{page_id}/feedback/"]["post"]
    assert operation["operationId"] == "submitFeedback"
    assert set(operation["responses"]) >= {"201", "400", "403", "404", "429"}


def test_the_worker_blanks_old_comments_without_a_cron_job(seeded, send):
    send(seeded.pk, {"channel": "sms", "lang": "en", "helpful": False, "comment": "Hard words"})
    PageFeedback.objects.update(received_at=timezone.now() - datetime.timedelta(days=181))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    assert list(PageFeedback.objects.values_list("helpful", "comment")) == [(False, "")]


def test_the_service_refuses_control_characters_for_every_caller(seeded):
    from content_pages.publishing import feedback

    with pytest.raises(feedback.FeedbackRefused, match="control character"):
        feedback.record(feedback.Answer(seeded.pk, "en", "web", helpful=False, comment="a\x00b"))
    stored = feedback.record(feedback.Answer(seeded.pk, "en", "web", helpful=False, comment="line one\r\nline two\t."))
    assert stored.comment == "line one\r\nline two\t."
