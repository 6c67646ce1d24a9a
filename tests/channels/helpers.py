"""Turn any channel's messages back into the plain text a reader sees."""

import html
import re

from content_pages.rendering.channels.sms import normalize
from content_pages.rendering.channels.whatsapp import all_text


def whatsapp_text(payload):
    return all_text(payload["messages"])


def telegram_text(payload):
    parts = []
    for message in payload["messages"]:
        parts.append(html.unescape(re.sub(r"<[^>]+>", "", message["text"])))
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            parts.extend(button["text"] for button in row)
    return "\n".join(parts)


def sms_text(payload):
    return "\n".join(message["text"] for message in payload["messages"])


READERS = {"whatsapp": whatsapp_text, "telegram": telegram_text, "sms": sms_text}


def squash(text, channel, language):
    """Compare text, not layout: drop whitespace and the channel's own markers."""
    if channel == "sms":
        text = normalize(text, language)
    if channel == "whatsapp":
        text = text.replace("*", "").replace("_", "")
    return re.sub(r"\s+", "", text)
