"""The channel endpoint, limits enforced at save time, and the admin's chat previews."""

import uuid

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from content_pages.interfaces.api.preview import make_token
from content_pages.models import ArticleIndexPage, ArticlePage, CallToAction

from ..api.conftest import body
from ..seed_fallbacks import leave_untranslated
from ..translations.conftest import review_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("channel", "query", "unit"),
    [
        ("whatsapp", "", "characters"),
        ("telegram", "", "characters"),
        ("sms", "", "segments"),
        ("sms", "&mode=full", "segments"),
    ],
)
def test_channel_endpoint_serves_the_stored_rendering(seeded, api, channel, query, unit):
    leave_untranslated(seeded, "ms")
    data = body(api(f"/api/v2/pages/{seeded.pk}/channels/{channel}/?lang=ms{query}"))
    assert data["channel"] == channel
    assert data["language"] == "ms"
    assert data["meta"]["count"] == len(data["messages"]) == len(data["meta"][unit])
    # The Malay article now leaves its paragraphs in English; the SMS summary shows none of them.
    expected = set() if channel == "sms" and not query else {"en"}
    assert {item["language"] for item in data["meta"]["fallbacks"]} == expected


def test_web_channel_is_the_page_detail(seeded, client):
    assert (
        client.get(f"/api/v2/pages/{seeded.pk}/channels/web/?lang=ms").content
        == client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").content
    )


def test_unknown_channel_is_a_404_listing_the_channels(seeded, api):
    data = body(api(f"/api/v2/pages/{seeded.pk}/channels/fax/", status=404))
    assert data["code"] == "unknown_channel"
    assert data["accepted"] == ["web", "whatsapp", "telegram", "sms"]


def test_bad_mode_is_refused(seeded, api):
    # Like an unknown channel, a mode the channel does not have is a 404 listing its modes.
    refused = body(api(f"/api/v2/pages/{seeded.pk}/channels/sms/?mode=huge", status=404))
    assert (refused["code"], refused["accepted"]) == ("unknown_mode", ["summary", "full"])
    missing = body(api(f"/api/v2/pages/{seeded.pk}/channels/telegram/?mode=summary", status=404))
    assert (missing["code"], missing["accepted"]) == ("unknown_mode", ["full"])


@pytest.mark.parametrize("channel", ["web", "whatsapp", "telegram", "sms"])
def test_every_rendering_names_its_channel_and_mode(seeded, api, channel):
    default = body(api(f"/api/v2/pages/{seeded.pk}/channels/{channel}/?lang=ms"))
    assert (default["channel"], default["mode"]) == (channel, "summary" if channel == "sms" else "full")
    full = api(f"/api/v2/pages/{seeded.pk}/channels/{channel}/?lang=ms&mode=full")
    assert (body(full)["channel"], body(full)["mode"]) == (channel, "full")


def test_channel_renderings_are_cached_and_previewable(seeded, api):
    url = f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?lang=en"
    first = api(url)
    api(url, status=304, HTTP_IF_NONE_MATCH=first["ETag"])
    draft = seeded.get_latest_revision_as_object()
    draft.title_en = "Draft for chat"
    draft.save_revision()
    assert "Draft for chat" not in first.content.decode()
    preview = api(f"{url}&preview_token={make_token(seeded.pk)}")
    assert body(preview)["messages"][0]["text"]["body"].startswith("*Draft for chat*")


def test_sms_short_links_redirect(seeded, client):
    data = client.get(f"/api/v2/pages/{seeded.pk}/channels/sms/?lang=ms").json()
    link = data["messages"][0]["text"].rsplit("\n", 1)[1]
    assert "/l/" in link
    response = client.get("/l/" + link.rsplit("/", 1)[1])
    assert response.status_code == 302
    assert response["Location"].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")


def test_overlong_malay_cta_label_blocks_publishing_naming_it(seeded, admin_client):
    index = ArticleIndexPage.objects.get()
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    block_id = str(uuid.uuid4())

    def cta_stream(label):
        stream = streamfield(
            [("cta", {"cta": cta.pk, "heading_override": "", "body_override": "", "button_label_override": label})]
        )
        stream["0"]["id"] = block_id
        return stream

    data = nested_form_data(
        {
            "title_en": "Chat with us",
            "slug_en": "chat-with-us",
            "body_en": cta_stream(""),
            "body_ms": cta_stream("Hubungi pasukan kami sekarang"),
            "body_zh_hans": streamfield([]),
            "aside_en": streamfield([]),
            "aside_ms": streamfield([]),
            "aside_zh_hans": streamfield([]),
            "comments": inline_formset([]),
            **review_form_data("chat-with-us"),
            "action-publish": "action-publish",
        }
    )
    url = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    content = response.content.decode()
    # The message sits on the block in the Malay tab (JSON for the admin's block widget).
    assert (
        "WhatsApp, Malay: Button label \\u201cHubungi pasukan kami sekarang\\u201d is 29 characters; WhatsApp allows 20."
        in content
    )
    assert not ArticlePage.objects.filter(slug_en="chat-with-us").exists()

    data.update(nested_form_data({"body_ms": cta_stream("Hubungi kami")}))
    assert admin_client.post(url, data).status_code == 302
    assert ArticlePage.objects.get(slug_en="chat-with-us").live


def test_article_offers_chat_preview_modes(seeded):
    assert [mode for mode, _label in seeded.preview_modes] == [
        "",
        "whatsapp",
        "telegram",
        "sms",
        "sms:full",
        "whatsapp:conversation",
        "telegram:conversation",
        "whatsapp:template",
    ]


@pytest.mark.parametrize(
    ("mode", "expected", "bubbles"),
    [
        ("whatsapp", "Sembang di WhatsApp", 40),
        ("telegram", "Sembang di WhatsApp", 40),
        ("sms", "segments", 3),
        ("sms:full", "GSM-7", 20),
        ("whatsapp:conversation", "Bahagian 7 daripada 8", 40),
        ("telegram:conversation", "Seterusnya", 30),
        ("whatsapp:template", "Baca artikel", 3),
    ],
)
def test_chat_preview_shows_every_language_as_bubbles(seeded, rf, admin_user, mode, expected, bubbles):
    request = rf.get("/")
    request.user = admin_user
    response = seeded.serve_preview(request, mode)
    response.render()
    content = response.content.decode()
    assert content.count('class="bubble"') >= bubbles
    assert expected in content
    assert "Bahasa Melayu" in content
    assert "中文（简体）" in content
    assert "English" in content
