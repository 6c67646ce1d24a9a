"""Every chat rendering ends by asking "Was this helpful?" in the reader's language, with
buttons (WhatsApp, Telegram) or reply words (SMS) that a bot turns into an answer."""

import json

import pytest

from content_pages.foundations.languages import content_languages
from content_pages.foundations.limits import BUTTON_LABEL_MAX, REPLY_BUTTONS_MAX
from content_pages.models import PageFeedback
from content_pages.rendering.channels import CHANNELS

pytestmark = pytest.mark.django_db

ASKED = {"en": "Was this helpful?", "ms": "Adakah ini membantu?", "zh-hans": "这对您有帮助吗？"}
LABELS = {"en": ("Yes", "No"), "ms": ("Ya", "Tidak"), "zh-hans": ("是", "否")}


def whatsapp_question(message):
    assert message["type"] == "interactive"
    assert message["interactive"]["type"] == "button"
    buttons = message["interactive"]["action"]["buttons"]
    return message["interactive"]["body"]["text"], [(b["reply"]["title"], b["reply"]["id"]) for b in buttons]


def telegram_question(message):
    rows = message["reply_markup"]["inline_keyboard"]
    return message["text"], [(b["text"], b["callback_data"]) for b in rows[0]]


@pytest.mark.parametrize("language", content_languages())
def test_whatsapp_asks_last_with_two_reply_buttons(seeded, language):
    messages = CHANNELS["whatsapp"].render(seeded, language, "").payload["messages"]
    text, buttons = whatsapp_question(messages[-1])
    assert ASKED[language] in text
    assert buttons == [
        (LABELS[language][0], f"feedback:{seeded.pk}:yes"),
        (LABELS[language][1], f"feedback:{seeded.pk}:no"),
    ]
    assert len(buttons) <= REPLY_BUTTONS_MAX
    assert all(len(label) <= BUTTON_LABEL_MAX for label, _id in buttons)
    # Asked once.
    assert sum("feedback:" in json.dumps(message) for message in messages) == 1


@pytest.mark.parametrize("language", content_languages())
def test_telegram_asks_last_with_two_callback_buttons(seeded, language):
    messages = CHANNELS["telegram"].render(seeded, language, "").payload["messages"]
    text, buttons = telegram_question(messages[-1])
    assert text == ASKED[language]
    assert [data for _label, data in buttons] == [f"feedback:{seeded.pk}:yes", f"feedback:{seeded.pk}:no"]
    assert all(len(data.encode()) <= 64 for _label, data in buttons)


@pytest.mark.parametrize("channel", ["whatsapp", "telegram"])
def test_the_conversation_asks_in_its_last_section_before_the_menu_button(seeded, channel):
    payload = CHANNELS[channel].render(seeded, "ms", "conversation").payload
    last = payload["sections"][-1]["id"]
    asking = [key for key, turn in payload["turns"].items() if f"feedback:{seeded.pk}:yes" in json.dumps(turn)]
    assert asking == [last]
    assert f"feedback:{seeded.pk}" not in json.dumps(payload["opening"])
    messages = payload["turns"][last]["messages"]
    if channel == "whatsapp":
        text, _buttons = whatsapp_question(messages[-2])
        assert ASKED["ms"] in text
        assert [title for title, _id in whatsapp_question(messages[-1])[1]] == ["Menu"]
    else:
        # One message: the question's buttons, then the row back to the menu.
        rows = messages[-1]["reply_markup"]["inline_keyboard"]
        assert [[button["text"] for button in row] for row in rows[-2:]] == [["Ya", "Tidak"], ["Menu"]]


@pytest.mark.parametrize("language", content_languages())
def test_sms_full_text_names_the_reply_words_and_the_summary_does_not_ask(seeded, language):
    full = CHANNELS["sms"].render(seeded, language, "full").payload
    keywords = full["meta"]["feedback_keywords"]
    assert full["messages"][-1]["text"].endswith(
        {
            "en": "Was this helpful? Reply YES or NO.",
            "ms": "Adakah ini membantu? Balas YA atau TIDAK.",
            "zh-hans": "这对您有帮助吗？请回复“是”或“否”。",
        }[language]
    )
    assert keywords == {"en": {"yes": "YES", "no": "NO"}, "ms": {"yes": "YA", "no": "TIDAK"}}.get(
        language, {"yes": "是", "no": "否"}
    )
    summary = CHANNELS["sms"].render(seeded, language, "summary").payload
    assert summary["meta"]["feedback_keywords"] is None
    assert ASKED[language] not in json.dumps(summary, ensure_ascii=False)


def test_a_whatsapp_reply_button_becomes_a_stored_answer(seeded, client):
    """As a bot does it: the button's id, sent back when the reader taps it, is all it
    needs to report the answer."""
    messages = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?lang=ms").json()["messages"]
    _text, buttons = whatsapp_question(messages[-1])
    tapped = buttons[1][1]  # "Tidak"
    prefix, page_id, answer = tapped.split(":")
    assert prefix == "feedback"
    response = client.post(
        f"/api/v2/pages/{page_id}/feedback/",
        json.dumps({"channel": "whatsapp", "lang": "ms", "helpful": answer == "yes", "comment": "Sukar difahami"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    stored = PageFeedback.objects.get()
    assert (stored.page_id, stored.channel, stored.language, stored.helpful, stored.comment) == (
        seeded.pk,
        "whatsapp",
        "ms",
        False,
        "Sukar difahami",
    )
