"""The outbox: an event for every publish, unpublish and delete, written with the change,
completed once rendering has finished, and shown in order by the change feed."""

import json

import pytest
from django.db import transaction

from content_pages.foundations.languages import content_languages
from content_pages.models import CallToAction, ChannelRendition, OutboxEvent
from content_pages.publishing.gate import PublishRefused
from content_pages.rendering.channels.conversation import turn_ids
from tests.reviewing import approved_translations

from ..publishing.test_one_language import new_malay_standfirst

pytestmark = pytest.mark.django_db

PAYLOAD_KEYS = {"id", "type", "occurred_at", "object", "revision", "languages", "channels", "renditions", "web_pages"}


def publish(page, user, capture, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    with capture(execute=True):
        draft.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return OutboxEvent.objects.latest("occurred_at")


def feed(api, since=None):
    response = api("/api/v2/changes/" + (f"?since={since}" if since else ""))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    return json.loads(response.content)


def test_publishing_writes_a_completed_event_listing_every_rendition(
    seeded, admin_user, django_capture_on_commit_callbacks
):
    event = publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_en="A new standfirst.")
    assert event.type == "page.published"
    assert (event.object_kind, event.object_id) == ("page", str(seeded.pk))
    assert event.revision_id == seeded.live_revision_id
    assert event.completed_at is not None
    assert event.sequence is not None
    assert sorted(event.languages) == sorted(content_languages())
    # The API's renditions; the stored web page (channel "html") is the website's, not the API's.
    api_rows = ChannelRendition.objects.filter(page=seeded).exclude(channel="html")
    stored = {(r.channel, r.language): r.etag for r in api_rows}
    listed = {(r["channel"], r["language"]): r for r in event.renditions}
    assert set(listed) == set(stored)
    assert all(listed[key]["etag"] == etag for key, etag in stored.items())
    web_en = listed[("web", "en")]["url"]
    assert web_en.endswith(f"/api/v2/pages/{seeded.pk}/?lang=en")
    assert listed[("sms:full", "ms")]["url"].endswith("/channels/sms/?lang=ms&mode=full")
    # The website's page in every language, at its own (translated) path, with its ETag.
    html_rows = {row.language: row for row in ChannelRendition.objects.filter(page=seeded, channel="html")}
    web_pages = {item["language"]: item for item in event.web_pages}
    assert set(web_pages) == set(content_languages())
    assert web_pages["ms"]["url"].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")
    assert all(web_pages[lang]["etag"] == row.etag for lang, row in html_rows.items())
    assert {item["page"] for item in event.web_pages} == {seeded.pk}


def test_every_rendition_an_event_lists_is_served_with_the_etag_the_event_carries(
    seeded, admin_user, client, django_capture_on_commit_callbacks
):
    """A receiver compares the event's ETag with its cache and fetches the URL: they must
    agree for every channel and mode, conversations (the first turn) and templates included."""
    from urllib.parse import urlsplit

    event = publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_en="ETags agree.")
    listed = event.renditions
    modes = {rendition["channel"].partition(":")[2] or "web" for rendition in listed}
    assert {"web", "full", "conversation", "template"} <= modes, modes
    assert {rendition["channel"].partition(":")[0] for rendition in listed} >= {"web", "whatsapp", "telegram", "sms"}
    for rendition in listed:
        url = urlsplit(rendition["url"])
        path = f"{url.path}?{url.query}"
        # Conversations and templates at their own operations, not the deprecated ``?mode=``.
        mode = rendition["channel"].partition(":")[2]
        if mode in ("conversation", "template"):
            assert url.path.endswith(f"/{mode}/"), path
            assert "mode=" not in url.query, path
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:200])
        assert response["ETag"] == rendition["etag"], (rendition["channel"], rendition["language"])
        # What a receiver holding the event's ETag gets: nothing to fetch again.
        assert client.get(path, HTTP_IF_NONE_MATCH=rendition["etag"]).status_code == 304, path


def test_a_conversation_sections_etag_changes_with_the_conversation_and_differs_per_section(
    seeded, admin_user, client, django_capture_on_commit_callbacks
):
    base = f"/api/v2/pages/{seeded.pk}/channels/telegram/conversation/?lang=en"
    stored = ChannelRendition.objects.get(page=seeded, channel="telegram:conversation", language="en")
    sections = turn_ids(json.loads(stored.body))
    assert len(sections) >= 2
    etags = {section: client.get(f"{base}&section={section}")["ETag"] for section in sections}
    assert len(set(etags.values())) == len(sections)
    publish(seeded, admin_user, django_capture_on_commit_callbacks, title_en="A new title for every turn")
    after = {section: client.get(f"{base}&section={section}")["ETag"] for section in sections}
    assert all(after[section] != etags[section] for section in sections)
    # The same conversation, the same validators.
    assert after == {section: client.get(f"{base}&section={section}")["ETag"] for section in sections}


def test_an_event_exists_only_if_its_change_was_committed(seeded, admin_user):
    before = OutboxEvent.objects.count()

    def publish_then_fail():
        with transaction.atomic():
            draft = seeded.get_latest_revision_as_object()
            draft.standfirst_en = "Rolled back."
            draft.save_revision(user=admin_user).publish(user=admin_user)
            assert OutboxEvent.objects.count() == before + 1  # written inside the publish
            raise RuntimeError("the request failed after publishing")

    with pytest.raises(RuntimeError, match="failed after publishing"):
        publish_then_fail()
    assert OutboxEvent.objects.count() == before


def test_a_refused_publish_writes_no_event(seeded, admin_user):
    before = OutboxEvent.objects.count()
    draft = seeded.get_latest_revision_as_object()
    draft.title_en = ""
    with pytest.raises((PublishRefused, Exception)):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    assert OutboxEvent.objects.count() == before


def test_a_translation_publish_is_a_page_published_naming_its_language(
    seeded, admin_user, django_capture_on_commit_callbacks
):
    from content_pages.publishing.translations.importing import ImportOptions, import_po

    with django_capture_on_commit_callbacks(execute=True):
        with approved_translations():
            import_po(new_malay_standfirst(seeded), ImportOptions(publish=True, user=admin_user))
    event = OutboxEvent.objects.latest("occurred_at")
    assert event.type == "page.published"
    assert event.languages == ["ms"]
    assert {r["language"] for r in event.renditions} == {"ms"}


def test_a_snippet_publish_reaches_every_page_that_shows_it(seeded, admin_user, django_capture_on_commit_callbacks):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    draft = cta.get_latest_revision_as_object()
    draft.heading_en = "Ask us about liquid biopsy"
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision(user=admin_user).publish(user=admin_user)
    event = OutboxEvent.objects.latest("occurred_at")
    assert (event.type, event.object_kind, event.object_id) == ("snippet.published", "snippet", str(cta.pk))
    assert event.object_model == "content_pages.calltoaction"
    assert seeded.pk in event.page_ids
    assert {url["url"].split("/api/v2/pages/")[1].split("/")[0] for url in event.renditions} >= {str(seeded.pk)}
    whatsapp = ChannelRendition.objects.get(page=seeded, channel="whatsapp", language="en")
    assert "Ask us about liquid biopsy" in whatsapp.body


def test_the_change_feed_shows_the_publish_then_a_tombstone(
    seeded, admin_user, api, django_capture_on_commit_callbacks
):
    start = feed(api)["next"]
    publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_en="Changed for the feed.")
    first = feed(api, start)
    assert [item["type"] for item in first["items"]] == ["page.published"]
    item = first["items"][0]
    assert set(item) == PAYLOAD_KEYS
    assert item["object"] == {"kind": "page", "id": seeded.pk}
    assert item["renditions"]

    with django_capture_on_commit_callbacks(execute=True):
        seeded.unpublish(user=admin_user)
    second = feed(api, first["next"])
    assert [item["type"] for item in second["items"]] == ["page.unpublished"]
    tombstone = second["items"][0]
    assert tombstone["object"] == {"kind": "page", "id": seeded.pk}
    assert tombstone["renditions"] == []
    assert tombstone["revision"] is None
    assert feed(api, second["next"]) == {"items": [], "next": second["next"]}


def test_deleting_a_published_page_leaves_a_tombstone(seeded, admin_user, api, django_capture_on_commit_callbacks):
    start = feed(api)["next"]
    page_id = seeded.pk
    with django_capture_on_commit_callbacks(execute=True):
        seeded.delete()
    items = feed(api, start)["items"]
    # Wagtail unpublishes a live page as it deletes it: the unpublish, then the deletion.
    assert [(item["type"], item["object"]["id"]) for item in items] == [
        ("page.unpublished", page_id),
        ("page.deleted", page_id),
    ]


def test_the_feed_is_ordered_and_pages_with_limit(seeded, admin_user, api, django_capture_on_commit_callbacks):
    start = feed(api)["next"]
    for number in range(3):
        publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_en=f"Version {number}.")
    page = json.loads(api(f"/api/v2/changes/?since={start}&limit=2").content)
    rest = feed(api, page["next"])
    ids = [item["id"] for item in page["items"] + rest["items"]]
    expected = [str(pk) for pk in OutboxEvent.objects.order_by("sequence").values_list("pk", flat=True)][-3:]
    assert ids == expected


@pytest.mark.parametrize("cursor", ["nonsense", "12", "c-1", "c1:12", "c" + "9" * 19, "x" * 65])
def test_a_cursor_the_feed_did_not_give_out_is_a_400_naming_since(client, cursor):
    response = client.get(f"/api/v2/changes/?since={cursor}")
    assert response.status_code == 400
    body = json.loads(response.content)
    assert "since" in body["message"]


def test_a_cursor_beyond_the_head_is_a_400_and_every_given_cursor_still_works(
    seeded, admin_user, api, client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    head = feed(api)["next"]
    position = int(head[1:])
    assert position > 0
    for beyond in (f"c{position + 1}", "c1000000", "c" + "9" * 18):
        with django_assert_num_queries(1):
            response = client.get(f"/api/v2/changes/?since={beyond}")
        assert response.status_code == 400, beyond
        body = json.loads(response.content)
        assert body["code"] == "invalid_cursor"
        assert f"since={beyond}" in body["message"]
        assert "beyond the newest event" in body["message"]
    # At the head: nothing new, same cursor back, one query.
    with django_assert_num_queries(1):
        assert feed(api, head) == {"items": [], "next": head}
    # The next event makes the refused cursor's neighbour valid, and nothing is skipped.
    event = publish(seeded, admin_user, django_capture_on_commit_callbacks, standfirst_en="After the head.")
    assert [item["id"] for item in feed(api, head)["items"]] == [str(event.pk)]
    assert feed(api, f"c{event.sequence}")["items"] == []
    # Every cursor the feed gave out, walked one event at a time, answers 200 and loses nothing.
    cursor, seen = "c0", []
    while True:
        page = json.loads(api(f"/api/v2/changes/?since={cursor}&limit=1").content)
        if not page["items"]:
            break
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
    assert seen == [str(pk) for pk in OutboxEvent.objects.order_by("sequence").values_list("pk", flat=True)]


def test_the_feed_costs_one_query(seeded, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get("/api/v2/changes/?limit=100").status_code == 200


def test_the_event_contract_names_exactly_the_event_types_the_outbox_writes():
    from typing import get_args

    from content_pages.models import EVENT_TYPES
    from content_pages.rendering.contracts.events import EventType

    assert set(get_args(EventType)) == set(EVENT_TYPES)
