"""Shapes of the messaging channel renderings, with each channel's hard limits."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, TypeAdapter

from content_pages.foundations.limits import (
    BUTTON_LABEL_MAX,
    INTERACTIVE_BODY_MAX,
    INTERACTIVE_HEADER_MAX,
    REPLY_BUTTON_ID_MAX,
    REPLY_BUTTONS_MAX,
    SMS_GSM7_SEGMENT,
    SMS_GSM7_SINGLE,
    SMS_UCS2_SEGMENT,
    SMS_UCS2_SINGLE,
    TEXT_MESSAGE_MAX,
)
from content_pages.rendering.contracts.common import Fallback, Strict


class WhatsAppText(Strict):
    preview_url: bool
    body: str = Field(max_length=TEXT_MESSAGE_MAX)


class WhatsAppTextMessage(Strict):
    messaging_product: Literal["whatsapp"]
    recipient_type: Literal["individual"]
    type: Literal["text"]
    text: WhatsAppText


class WhatsAppHeader(Strict):
    type: Literal["text"]
    text: str = Field(max_length=INTERACTIVE_HEADER_MAX)


class WhatsAppBody(Strict):
    text: str = Field(min_length=1, max_length=INTERACTIVE_BODY_MAX)


class CtaUrlParameters(Strict):
    display_text: str = Field(min_length=1, max_length=BUTTON_LABEL_MAX)
    url: str


class CtaUrlAction(Strict):
    name: Literal["cta_url"]
    parameters: CtaUrlParameters


class CtaUrlInteractive(Strict):
    type: Literal["cta_url"]
    header: WhatsAppHeader | None = None
    body: WhatsAppBody
    action: CtaUrlAction


class Reply(Strict):
    id: str = Field(max_length=REPLY_BUTTON_ID_MAX)
    title: str = Field(min_length=1, max_length=BUTTON_LABEL_MAX)


class ReplyButton(Strict):
    type: Literal["reply"]
    reply: Reply


class ButtonsAction(Strict):
    buttons: list[ReplyButton] = Field(min_length=1, max_length=REPLY_BUTTONS_MAX)


class ButtonInteractive(Strict):
    type: Literal["button"]
    header: WhatsAppHeader | None = None
    body: WhatsAppBody
    action: ButtonsAction


class WhatsAppInteractiveMessage(Strict):
    messaging_product: Literal["whatsapp"]
    recipient_type: Literal["individual"]
    type: Literal["interactive"]
    interactive: Annotated[CtaUrlInteractive | ButtonInteractive, Field(discriminator="type")]


WhatsAppMessage = Annotated[WhatsAppTextMessage | WhatsAppInteractiveMessage, Field(discriminator="type")]


class TelegramButton(Strict):
    text: str = Field(min_length=1)
    url: str


class TelegramMarkup(Strict):
    inline_keyboard: list[list[TelegramButton]]


class TelegramLinkPreview(Strict):
    is_disabled: bool


class TelegramMessage(Strict):
    method: Literal["sendMessage"]
    text: str = Field(description=f"HTML; at most {TEXT_MESSAGE_MAX} UTF-16 code units once Telegram has parsed it.")
    parse_mode: Literal["HTML"]
    link_preview_options: TelegramLinkPreview
    reply_markup: TelegramMarkup | None = None


class SmsMessage(Strict):
    text: str
    encoding: Literal["GSM-7", "UCS-2"]
    units: int = Field(description="Septets (GSM-7, extension characters count 2) or UTF-16 code units (UCS-2).")
    segments: int = Field(
        description=f"1 up to {SMS_GSM7_SINGLE}/{SMS_UCS2_SINGLE} units; "
        f"then segments of {SMS_GSM7_SEGMENT}/{SMS_UCS2_SEGMENT}."
    )


class MessagingMeta(Strict):
    count: int
    characters: list[int] = Field(
        description="Per message: characters (WhatsApp) or UTF-16 units after parsing (Telegram)."
    )
    fallbacks: list[Fallback]


class SmsMeta(Strict):
    count: int
    segments: list[int]
    fallbacks: list[Fallback]


class WhatsAppRendering(Strict):
    channel: Literal["whatsapp"]
    language: str
    messages: list[WhatsAppMessage]
    meta: MessagingMeta


class TelegramRendering(Strict):
    channel: Literal["telegram"]
    language: str
    messages: list[TelegramMessage]
    meta: MessagingMeta


class SmsRendering(Strict):
    channel: Literal["sms"]
    language: str
    mode: Literal["summary", "full"]
    messages: list[SmsMessage]
    meta: SmsMeta


ChannelRendering = Annotated[WhatsAppRendering | TelegramRendering | SmsRendering, Field(discriminator="channel")]


_CHANNEL_ADAPTER: TypeAdapter[Any] = TypeAdapter(ChannelRendering)


def validate_channel_rendering(payload: dict[str, Any]) -> None:
    """Raise if a messaging rendering breaks its channel's published shape or limits."""
    _CHANNEL_ADAPTER.validate_python(payload)
