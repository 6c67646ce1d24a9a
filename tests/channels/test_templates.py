"""WhatsApp notification templates for the seed article, within Meta's limits in every language."""

import re

import pytest

from content_pages.foundations.languages import content_languages
from content_pages.foundations.limits import (
    TEMPLATE_BODY_MAX,
    TEMPLATE_BUTTON_TEXT_MAX,
    TEMPLATE_HEADER_MAX,
    TEMPLATE_NAME_MAX,
    TEMPLATE_URL_MAX,
)
from content_pages.rendering.channels import CHANNELS

from ..api.conftest import body

pytestmark = pytest.mark.django_db

LANGUAGES = content_languages()


@pytest.mark.parametrize(("language", "code"), [("en", "en"), ("ms", "ms"), ("zh-hans", "zh_CN")])
def test_template_payloads_pass_metas_limits(seeded, language, code):
    payload = CHANNELS["whatsapp"].render(seeded, language, "template").payload
    create, send = payload["create"], payload["send"]
    assert re.fullmatch(r"[a-z0-9_]+", create["name"])
    assert len(create["name"]) <= TEMPLATE_NAME_MAX
    assert (create["category"], create["language"]) == ("UTILITY", code)
    header, body_component, buttons = create["components"]
    assert header["format"] == "TEXT"
    assert 1 <= len(header["text"]) <= TEMPLATE_HEADER_MAX
    text = body_component["text"]
    assert text.count("{{1}}") == 1
    assert not text.startswith("{{1}}")
    assert not text.endswith("{{1}}")
    title = send["template"]["components"][0]["parameters"][0]["text"]
    assert body_component["example"] == {"body_text": [[title]]}
    assert len(text.replace("{{1}}", title)) <= TEMPLATE_BODY_MAX
    (button,) = buttons["buttons"]
    assert button["type"] == "URL"
    assert len(button["text"]) <= TEMPLATE_BUTTON_TEXT_MAX
    assert button["url"].startswith("http")
    assert len(button["url"]) <= TEMPLATE_URL_MAX
    # The send payload names the same template, language and parameter.
    assert send["type"] == "template"
    assert send["template"]["name"] == create["name"]
    assert send["template"]["language"] == {"code": code}
    assert title == {"en": seeded.title_en, "ms": seeded.title_ms, "zh-hans": seeded.title_zh_hans}[language]


def test_one_template_name_serves_every_language(seeded):
    names = {
        CHANNELS["whatsapp"].render(seeded, language, "template").payload["create"]["name"] for language in LANGUAGES
    }
    assert names == {f"article_{seeded.pk}"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_api_serves_the_stored_template(seeded, api, language):
    data = body(api(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/template/?lang={language}"))
    assert (data["channel"], data["language"], data["mode"]) == ("whatsapp", language, "template")
    assert data["create"]["components"][2]["buttons"][0]["url"].endswith("/")


def test_telegram_has_no_template(seeded, client):
    assert client.get(f"/api/v2/pages/{seeded.pk}/channels/telegram/template/").status_code == 404
    old = client.get(f"/api/v2/pages/{seeded.pk}/channels/telegram/?mode=template")
    assert old.status_code == 404
    assert old.json()["code"] == "unknown_mode"


def test_the_old_template_mode_answers_as_before_and_points_to_its_successor(seeded, client):
    new = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/template/?lang=zh-hans")
    old = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?mode=template&lang=zh-hans")
    assert old.status_code == 200
    assert old.content == new.content
    assert old["ETag"] == new["ETag"]
    assert (
        old["Link"] == f'</api/v2/pages/{seeded.pk}/channels/whatsapp/template/?lang=zh-hans>; rel="successor-version"'
    )
    assert old["Deprecation"].startswith("@")
    refused = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?mode=template&section=menu")
    assert refused.status_code == 400
    assert refused.json()["code"] == "section_without_conversation"
