"""Turn any channel's messages back into the plain text a reader sees."""

import html
import re

from content_pages.rendering.channels.sms import normalize


def whatsapp_text(payload):
    """Every text a reader sees across the WhatsApp messages."""
    parts = []
    for message in payload["messages"]:
        if message["type"] == "text":
            parts.append(message["text"]["body"])
            continue
        if message["type"] == "image":
            parts.append(message["image"].get("caption", ""))
            continue
        interactive = message["interactive"]
        if "header" in interactive:
            parts.append(interactive["header"]["text"])
        parts.append(interactive["body"]["text"])
        action = interactive["action"]
        if "parameters" in action:
            parts.append(action["parameters"]["display_text"])
        for button in action.get("buttons", []):
            parts.append(button["reply"]["title"])
    return "\n".join(parts)


def telegram_text(payload):
    parts = []
    for message in payload["messages"]:
        parts.append(html.unescape(re.sub(r"<[^>]+>", "", message.get("text", message.get("caption", "")))))
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
