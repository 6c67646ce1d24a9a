"""What the admin's WhatsApp, Telegram and SMS previews show: each language's messages
as bubbles, with their size against the channel's limit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pydantic import BaseModel

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
from content_pages.rendering.contracts.channels import (
    ButtonsAction,
    ChatMessage,
    Conversation,
    CtaUrlAction,
    ListInteractive,
    SmsMessage,
    SmsRendering,
    TelegramAnyMessage,
    TelegramCallbackButton,
    TelegramMessage,
    TelegramPhoto,
    TelegramRendering,
    TemplateBody,
    TemplateButtons,
    TemplateHeader,
    WhatsAppImageMessage,
    WhatsAppInteractive,
    WhatsAppInteractiveMessage,
    WhatsAppMessage,
    WhatsAppRendering,
    WhatsAppTemplateRendering,
    WhatsAppTextMessage,
)

_WA_BOLD = re.compile(r"\*(\S(?:[^*\n]*\S)?)\*")
_WA_ITALIC = re.compile(r"(?<![\w])_(\S(?:[^_\n]*\S)?)_(?![\w])")


PreviewMessage = ChatMessage | SmsMessage


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


def _targets(message: PreviewMessage) -> list[str]:
    """Per button of a message, the conversation turn it asks for ("" for a link)."""
    if isinstance(message, WhatsAppInteractiveMessage):
        action = message.interactive.action
        if isinstance(action, CtaUrlAction):
            return [""]
        if isinstance(action, ButtonsAction):
            return [button.reply.id for button in action.buttons]
        return [row.id for section in action.sections for row in section.rows]
    if isinstance(message, TelegramMessage | TelegramPhoto) and message.reply_markup is not None:
        buttons = [button for row in message.reply_markup.inline_keyboard for button in row]
        return [button.callback_data if isinstance(button, TelegramCallbackButton) else "" for button in buttons]
    return []


def _walkable(bubble: Bubble, message: PreviewMessage, turn: str) -> Bubble:
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


def _interactive_bubble(interactive: WhatsAppInteractive) -> Bubble:
    text = interactive.body.text
    if interactive.header is not None:
        text = f"*{interactive.header.text}*\n{text}"
    action = interactive.action
    if isinstance(action, CtaUrlAction):
        buttons = [action.parameters.display_text]
    elif isinstance(action, ButtonsAction):
        buttons = [button.reply.title for button in action.buttons]
    else:
        buttons = [row.title for section in action.sections for row in section.rows]
    limit = LIST_BODY_MAX if isinstance(interactive, ListInteractive) else INTERACTIVE_BODY_MAX
    usage, warning = _usage(len(interactive.body.text), limit, "characters")
    return Bubble(_whatsapp_html(text), buttons=buttons, usage=usage, warning=warning)


def _whatsapp_bubble(message: WhatsAppMessage) -> Bubble:
    if isinstance(message, WhatsAppTextMessage):
        body = message.text.body
        usage, warning = _usage(len(body), TEXT_MESSAGE_MAX, "characters")
        return Bubble(_whatsapp_html(body), usage=usage, warning=warning)
    if isinstance(message, WhatsAppImageMessage):
        caption = message.image.caption or ""
        usage, warning = _usage(len(caption), IMAGE_CAPTION_MAX, "characters")
        return Bubble(_whatsapp_html(f"[image] {caption}"), usage=usage, warning=warning)
    return _interactive_bubble(message.interactive)


def _telegram_bubble(message: TelegramAnyMessage) -> Bubble:
    photo = isinstance(message, TelegramPhoto)
    text = (message.caption or "") if isinstance(message, TelegramPhoto) else message.text
    safe = nh3.clean(text, tags={"b", "i", "a", "blockquote"}, attributes={"a": {"href"}})
    if photo:
        safe = f"[image] {safe}"
    markup = message.reply_markup
    buttons = [button.text for row in markup.inline_keyboard for button in row] if markup is not None else []
    limit = IMAGE_CAPTION_MAX if photo else TEXT_MESSAGE_MAX
    usage, warning = _usage(visible_length(message), limit, "UTF-16 units")
    return Bubble(mark_safe(linebreaksbr(mark_safe(safe))), buttons=buttons, usage=usage, warning=warning)  # noqa: S308


def _sms_bubble(message: SmsMessage) -> Bubble:
    unit = "septets" if message.encoding == "GSM-7" else "UTF-16 units"
    segments = message.segments
    usage = f"{message.encoding} · {message.units:,} {unit} · {segments} segment{'s' if segments != 1 else ''}"
    return Bubble(mark_safe(linebreaksbr(message.text)), usage=usage)  # noqa: S308 - linebreaksbr escapes


def _bubble(message: PreviewMessage) -> Bubble:
    if isinstance(message, SmsMessage):
        return _sms_bubble(message)
    if isinstance(message, TelegramMessage | TelegramPhoto):
        return _telegram_bubble(message)
    return _whatsapp_bubble(message)


def _template_bubble(rendering: WhatsAppTemplateRendering) -> Bubble:
    """A notification template as the reader receives it: the header, the body with the
    title in place of its parameter, and the URL button."""
    create = rendering.create
    title = rendering.send.template.components[0].parameters[0].text
    header = next(component for component in create.components if isinstance(component, TemplateHeader))
    body = next(component for component in create.components if isinstance(component, TemplateBody))
    buttons = next(component for component in create.components if isinstance(component, TemplateButtons))
    text = body.text.replace("{{1}}", title)
    usage, warning = _usage(len(text), TEMPLATE_BODY_MAX, "characters")
    name = f"{create.name} · {create.language} · {create.category}"
    return Bubble(
        _whatsapp_html(f"*{header.text}*\n{text}"),
        buttons=[button.text for button in buttons.buttons],
        usage=f"{usage} · {name}",
        warning=warning,
    )


def contract_bubbles(rendering: BaseModel | None) -> list[Bubble]:
    """Every bubble of a rendering: a conversation turn by turn (the opening with the menu,
    the menu pages, then each section ending with its buttons), each bubble marked with
    its turn so that the preview can be walked; a template as one bubble."""
    if isinstance(rendering, WhatsAppTemplateRendering):
        return [_template_bubble(rendering)]
    if isinstance(rendering, Conversation):
        turns = [("start", rendering.opening), *rendering.turns.items()]
        return [_walkable(_bubble(message), message, key) for key, turn in turns for message in turn.messages]
    if isinstance(rendering, WhatsAppRendering | TelegramRendering | SmsRendering):
        return [_bubble(message) for message in rendering.messages]
    raise TypeError(f"No chat preview for {type(rendering).__name__}.")


def _fallback_count(rendering: BaseModel | None) -> int:
    if isinstance(rendering, Conversation):
        return len(rendering.opening.meta.fallbacks)
    if isinstance(rendering, WhatsAppRendering | TelegramRendering | SmsRendering | WhatsAppTemplateRendering):
        return len(rendering.meta.fallbacks)
    return 0


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
            column.bubbles = contract_bubbles(rendering.contract)
            column.fallbacks = _fallback_count(rendering.contract)
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
