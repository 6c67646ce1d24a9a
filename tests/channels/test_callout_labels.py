"""Notes and warnings carry their translated label on every messaging channel.

A table over styles × channels (and modes) × languages: a warning's message starts with
"⚠️" and its label in bold (WhatsApp, Telegram) or in capitals (SMS), and never shares a
message with what comes before it; a note starts with the lighter "ℹ️ Note"; a quote has
no label. The label follows the rendering's language, not the language that happens to
be active.
"""

import uuid
from html import escape

import pytest
from django.utils.translation import override

from content_pages.foundations.languages import content_languages
from content_pages.models import ArticlePage
from content_pages.rendering.callouts import callout_label
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.channels.sms import measure

pytestmark = pytest.mark.django_db

LANGUAGES = content_languages()
LABELS = {
    ("warning", "en"): "Warning",
    ("warning", "ms"): "Amaran",
    ("warning", "zh-hans"): "警告",
    ("note", "en"): "Note",
    ("note", "ms"): "Nota",
    ("note", "zh-hans"): "提示",
}
BEFORE = "Immunotherapy works differently for each patient."
CALLOUT = "A liquid biopsy cannot rule out cancer. See your doctor about any symptom that worries you."
AFTER = "Your care team can explain the options."
HEADING_ID = str(uuid.uuid4())


def article(style, text=CALLOUT, attribution=""):
    body = [
        {"type": "heading", "id": HEADING_ID, "value": {"level": "h2", "text": "Before you decide", "anchor": ""}},
        {"type": "paragraph", "id": str(uuid.uuid4()), "value": f"<p>{escape(BEFORE)}</p>"},
        {
            "type": "callout",
            "id": str(uuid.uuid4()),
            "value": {"style": style, "text": text, "attribution": attribution, "safety": style == "warning"},
        },
        {"type": "paragraph", "id": str(uuid.uuid4()), "value": f"<p>{escape(AFTER)}</p>"},
    ]
    return ArticlePage(
        title_en="Liquid biopsy", slug_en="liquid-biopsy", standfirst_en="What it can tell", body_en=body
    )


def chat_texts(channel, messages):
    """Each message's text as the platform receives it (markup included)."""
    if channel == "whatsapp":
        return [message["text"]["body"] for message in messages if message["type"] == "text"]
    return [message["text"] for message in messages if "text" in message]


def messages_of(channel, mode, payload):
    if mode == "conversation":
        return payload["turns"][f"s:{HEADING_ID}"]["messages"]
    return payload["messages"]


def expected_start(channel, style, language):
    if style == "quote":
        return {"whatsapp": "> ", "telegram": "<blockquote>", "sms": ""}[channel]
    label = LABELS[style, language]
    if channel == "sms":
        shown = label.upper() if style == "warning" else label
        return f"{shown}：" if language == "zh-hans" else f"{shown}: "
    if style == "warning":
        return {"whatsapp": f"⚠️ *{label}*\n", "telegram": f"⚠️ <b>{label}</b>\n"}[channel]
    return f"ℹ️ {label}\n"


CASES = [
    (channel, mode)
    for channel, modes in (("whatsapp", ["", "conversation"]), ("telegram", ["", "conversation"]), ("sms", ["full"]))
    for mode in modes
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("style", ["warning", "note", "quote"])
@pytest.mark.parametrize(("channel", "mode"), CASES)
def test_each_style_is_labelled_on_each_channel_in_each_language(seeded, channel, mode, style, language):
    # Another language active while rendering must not leak into the label.
    with override("ms" if language != "ms" else "zh-hans"):
        payload = CHANNELS[channel].render(article(style), language, mode).payload
    if channel == "sms":
        texts = [message["text"] for message in payload["messages"]]
    else:
        texts = chat_texts(channel, messages_of(channel, mode, payload))
    holding = [text for text in texts if "liquid biopsy cannot rule out cancer" in text.lower()]
    assert len(holding) == 1, texts  # the callout is whole in one message, never cut
    message = holding[0]
    start = expected_start(channel, style, language)
    if style == "warning":
        # Never merged into the previous message: the message starts with the label.
        assert message.startswith(start), message
        assert BEFORE not in message
        before = [text for text in texts if BEFORE in text]
        assert before
        assert texts.index(before[0]) < texts.index(message)
    elif style == "note":
        assert start in message
        assert message[message.index(start) + len(start) :].startswith("A liquid biopsy")
    else:
        assert not any(label in message for label in LABELS.values())
        if start:
            assert start in message


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_warning_label_in_sms_stays_in_gsm7_when_its_text_does(seeded, language):
    payload = CHANNELS["sms"].render(article("warning"), language, "full").payload
    warning = next(message for message in payload["messages"] if "cannot rule out" in message["text"])
    if language == "zh-hans":
        assert warning["text"].startswith("警告：")
    else:
        assert warning["encoding"] == "GSM-7"
        assert measure(warning["text"]).encoding == "GSM-7"


def test_the_label_counts_towards_the_message_limit(seeded):
    """A warning that fills a WhatsApp message on its own is split because of its label,
    and every message stays within the limit: the label is measured, not added after."""
    from content_pages.foundations.limits import TEXT_MESSAGE_MAX
    from content_pages.rendering.channels.outline import Part
    from content_pages.rendering.channels.text import text_run
    from content_pages.rendering.channels.whatsapp import part_blocks

    words = ("word " * (TEXT_MESSAGE_MAX // 5)).strip()
    assert len(words) <= TEXT_MESSAGE_MAX
    blocks = part_blocks(Part("warning", runs=text_run(words), path="body.x", label="Warning"))
    assert len(blocks) == 2
    assert blocks[0].startswith("⚠️ *Warning*\n")
    assert all(len(block) <= TEXT_MESSAGE_MAX for block in blocks)


def test_a_labelled_callout_without_text_sends_nothing(seeded):
    payload = CHANNELS["whatsapp"].render(article("warning", text=""), "en").payload
    assert "Warning" not in "".join(chat_texts("whatsapp", payload["messages"]))


def test_the_label_follows_the_style_only():
    assert callout_label("quote", "en") is None
    for (style, language), label in LABELS.items():
        with override("en"):
            assert callout_label(style, language) == label
