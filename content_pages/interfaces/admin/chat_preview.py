"""What the admin's WhatsApp, Telegram and SMS previews show: each language's messages
as bubbles, with their size against the channel's limit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from content_pages.foundations.languages import content_languages, display_name
from content_pages.foundations.limits import (
    IMAGE_CAPTION_MAX,
    INTERACTIVE_BODY_MAX,
    LIST_BODY_MAX,
    TEMPLATE_BODY_MAX,
    TEXT_MESSAGE_MAX,
)
from content_pages.models import ArticlePage
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.channels.telegram import visible_length
from content_pages.rendering.channels.text import ChannelLimitError

_WA_BOLD = re.compile(r"\*(\S(?:[^*\n]*\S)?)\*")
_WA_ITALIC = re.compile(r"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])")


@dataclass
class Bubble:
    html: SafeString
    buttons: list[str] = field(default_factory=list)
    usage: str = ""
    warning: str = ""
    # Conversation previews: the turn this bubble belongs to ("start" for the opening),
    # and per button the turn it leads to ("" for a link), for chat_walk.js.
    turn: str = ""
    targets: list[str] = field(default_factory=list)

    @property
    def button_targets(self) -> list[tuple[str, str]]:
        return list(zip(self.buttons, self.targets or [""] * len(self.buttons), strict=True))


def _targets(message: dict[str, Any]) -> list[str]:
    """Per button of a message, the conversation turn it asks for ("" for a link)."""
    if "interactive" in message:
        action = message["interactive"]["action"]
        targets = [""] if "parameters" in action else []
        targets += [button["reply"]["id"] for button in action.get("buttons", [])]
        targets += [row["id"] for section in action.get("sections", []) for row in section["rows"]]
        return targets
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [button.get("callback_data", "") for row in rows for button in row]


def _walkable(bubble: Bubble, message: dict[str, Any], turn: str) -> Bubble:
    bubble.turn = turn
    bubble.targets = _targets(message)
    return bubble


@dataclass
class LanguageColumn:
    language: str
    name: str
    title: str = ""
    bubbles: list[Bubble] = field(default_factory=list)
    error: str = ""
    fallbacks: int = 0


def _whatsapp_html(text: str) -> SafeString:
    html = str(escape(text))
    html = _WA_BOLD.sub(r"<b>\1</b>", html)
    html = _WA_ITALIC.sub(r"<i>\1</i>", html)
    return mark_safe(linebreaksbr(mark_safe(html)))  # noqa: S308 - escaped above


def _usage(used: int, limit: int, unit: str) -> tuple[str, str]:
    warning = "Close to the limit" if used > 0.9 * limit else ""
    return f"{used:,} / {limit:,} {unit}", warning


def _whatsapp_bubble(message: dict[str, Any]) -> Bubble:
    if message["type"] == "text":
        body = message["text"]["body"]
        usage, warning = _usage(len(body), TEXT_MESSAGE_MAX, "characters")
        return Bubble(_whatsapp_html(body), usage=usage, warning=warning)
    if message["type"] == "image":
        caption = message["image"].get("caption", "")
        usage, warning = _usage(len(caption), IMAGE_CAPTION_MAX, "characters")
        return Bubble(_whatsapp_html(f"[image] {caption}"), usage=usage, warning=warning)
    interactive = message["interactive"]
    text = interactive["body"]["text"]
    if "header" in interactive:
        text = f"*{interactive['header']['text']}*\n{text}"
    action = interactive["action"]
    buttons = [action["parameters"]["display_text"]] if "parameters" in action else []
    buttons += [button["reply"]["title"] for button in action.get("buttons", [])]
    buttons += [row["title"] for section in action.get("sections", []) for row in section["rows"]]
    limit = LIST_BODY_MAX if interactive["type"] == "list" else INTERACTIVE_BODY_MAX
    usage, warning = _usage(len(interactive["body"]["text"]), limit, "characters")
    return Bubble(_whatsapp_html(text), buttons=buttons, usage=usage, warning=warning)


def _telegram_bubble(message: dict[str, Any]) -> Bubble:
    text = message.get("text", message.get("caption", ""))
    safe = nh3.clean(text, tags={"b", "i", "a", "blockquote"}, attributes={"a": {"href"}})
    if message["method"] == "sendPhoto":
        safe = f"[image] {safe}"
    buttons = [button["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for button in row]
    limit = IMAGE_CAPTION_MAX if message["method"] == "sendPhoto" else TEXT_MESSAGE_MAX
    usage, warning = _usage(visible_length(message), limit, "UTF-16 units")
    return Bubble(mark_safe(linebreaksbr(mark_safe(safe))), buttons=buttons, usage=usage, warning=warning)  # noqa: S308


def _sms_bubble(message: dict[str, Any]) -> Bubble:
    unit = "septets" if message["encoding"] == "GSM-7" else "UTF-16 units"
    segments = message["segments"]
    usage = f"{message['encoding']} · {message['units']:,} {unit} · {segments} segment{'s' if segments != 1 else ''}"
    return Bubble(mark_safe(linebreaksbr(message["text"])), usage=usage)  # noqa: S308 - linebreaksbr escapes


BUBBLES = {"whatsapp": _whatsapp_bubble, "telegram": _telegram_bubble, "sms": _sms_bubble}


def _template_bubble(payload: dict[str, Any]) -> Bubble:
    """A notification template as the reader receives it: the header, the body with the
    title in place of its parameter, and the URL button."""
    components = {component["type"]: component for component in payload["create"]["components"]}
    title = payload["send"]["template"]["components"][0]["parameters"][0]["text"]
    body = components["BODY"]["text"].replace("{{1}}", title)
    text = f"*{components['HEADER']['text']}*\n{body}"
    usage, warning = _usage(len(body), TEMPLATE_BODY_MAX, "characters")
    buttons = [button["text"] for button in components["BUTTONS"]["buttons"]]
    name = f"{payload['create']['name']} · {payload['create']['language']} · {payload['create']['category']}"
    return Bubble(_whatsapp_html(text), buttons=buttons, usage=f"{usage} · {name}", warning=warning)


def payload_bubbles(channel_name: str, payload: dict[str, Any]) -> list[Bubble]:
    """Every bubble of a rendering: a conversation turn by turn (the opening with the menu,
    the menu pages, then each section ending with its buttons), each bubble marked with
    its turn so that the preview can be walked; a template as one bubble."""
    if "create" in payload:
        return [_template_bubble(payload)]
    if "turns" in payload:
        turns = [("start", payload["opening"]), *payload["turns"].items()]
        bubble = BUBBLES[channel_name]
        return [_walkable(bubble(message), message, key) for key, turn in turns for message in turn["messages"]]
    else:
        messages = payload["messages"]
    return [BUBBLES[channel_name](message) for message in messages]


def chat_preview(
    page: ArticlePage, channel_name: str, mode: str = "", languages: tuple[str, ...] | None = None
) -> list[LanguageColumn]:
    channel = CHANNELS[channel_name]
    columns = []
    for language in content_languages() if languages is None else languages:
        column = LanguageColumn(language=language, name=display_name(language))
        try:
            rendering = channel.render(page, language, mode or channel.modes[0])
        except ChannelLimitError as error:
            column.error = str(error)
        else:
            column.bubbles = payload_bubbles(channel_name, rendering.payload)
            meta = rendering.payload.get("meta") or rendering.payload["opening"]["meta"]
            column.fallbacks = len(meta["fallbacks"])
        columns.append(column)
    return columns


def channel_preview_response(page: ArticlePage, request: HttpRequest, mode_name: str) -> HttpResponse:
    """The admin preview of a page in a messaging channel, every language side by side, or
    those the preview view chose (``interfaces/admin/page_preview.py``)."""
    channel, _, mode = mode_name.partition(":")
    languages: tuple[str, ...] | None = getattr(request, "preview_languages", None)
    columns = chat_preview(page, channel, mode, languages)
    context = {
        "page": page,
        "channel": channel,
        "channel_label": dict(page.preview_modes)[mode_name],
        "mode": mode,
        "columns": columns,
        "every_language": len(columns) == len(content_languages()),
    }
    return TemplateResponse(request, "content_pages/preview/chat.html", context)
