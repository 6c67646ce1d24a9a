"""Shapes of the messaging channel renderings, with each channel's hard limits."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from content_pages.foundations.limits import (
    BUTTON_LABEL_MAX,
    IMAGE_CAPTION_MAX,
    INTERACTIVE_BODY_MAX,
    INTERACTIVE_HEADER_MAX,
    LIST_BODY_MAX,
    LIST_BUTTON_MAX,
    LIST_ROW_DESCRIPTION_MAX,
    LIST_ROW_ID_MAX,
    LIST_ROW_TITLE_MAX,
    LIST_ROWS_MAX,
    LIST_SECTION_TITLE_MAX,
    MENU_LABEL_MAX,
    REPLY_BUTTON_ID_MAX,
    REPLY_BUTTONS_MAX,
    SMS_GSM7_SEGMENT,
    SMS_GSM7_SINGLE,
    SMS_UCS2_SEGMENT,
    SMS_UCS2_SINGLE,
    TELEGRAM_CALLBACK_DATA_MAX_BYTES,
    TEMPLATE_BODY_MAX,
    TEMPLATE_BUTTON_TEXT_MAX,
    TEMPLATE_HEADER_MAX,
    TEMPLATE_NAME_MAX,
    TEMPLATE_URL_MAX,
    TEXT_MESSAGE_MAX,
)
from content_pages.rendering.contracts.common import Fallback, Strict, omitted
from content_pages.rendering.contracts.pages import WebRendering


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
    header: WhatsAppHeader | None = omitted()
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

    @model_validator(mode="after")
    def _unique(self) -> ButtonsAction:
        # WhatsApp refuses reply buttons that share a title or an id.
        for name in ("id", "title"):
            values = [getattr(button.reply, name) for button in self.buttons]
            if len(set(values)) != len(values):
                raise ValueError(f"Reply button {name}s must be unique: {values}")
        return self


class ButtonInteractive(Strict):
    type: Literal["button"]
    header: WhatsAppHeader | None = omitted()
    body: WhatsAppBody
    action: ButtonsAction


class ListRow(Strict):
    id: str = Field(min_length=1, max_length=LIST_ROW_ID_MAX, description="The `section` value that answers it.")
    title: str = Field(min_length=1, max_length=LIST_ROW_TITLE_MAX)
    description: str | None = omitted(max_length=LIST_ROW_DESCRIPTION_MAX)


class ListSection(Strict):
    title: str | None = omitted(max_length=LIST_SECTION_TITLE_MAX)
    rows: list[ListRow] = Field(min_length=1, max_length=LIST_ROWS_MAX)


class ListAction(Strict):
    button: str = Field(min_length=1, max_length=LIST_BUTTON_MAX)
    sections: list[ListSection] = Field(min_length=1, max_length=LIST_ROWS_MAX)

    @model_validator(mode="after")
    def _rows(self) -> ListAction:
        # At most ten rows in all the list's sections, with unique ids.
        ids = [row.id for section in self.sections for row in section.rows]
        if len(ids) > LIST_ROWS_MAX:
            raise ValueError(f"A list message holds at most {LIST_ROWS_MAX} rows; this one has {len(ids)}.")
        if len(set(ids)) != len(ids):
            raise ValueError(f"List row ids must be unique: {ids}")
        return self


class ListBody(Strict):
    text: str = Field(min_length=1, max_length=LIST_BODY_MAX)


class ListInteractive(Strict):
    type: Literal["list"]
    header: WhatsAppHeader | None = omitted()
    body: ListBody
    action: ListAction


WhatsAppInteractive = Annotated[CtaUrlInteractive | ButtonInteractive | ListInteractive, Field(discriminator="type")]


class WhatsAppInteractiveMessage(Strict):
    messaging_product: Literal["whatsapp"]
    recipient_type: Literal["individual"]
    type: Literal["interactive"]
    interactive: WhatsAppInteractive


class WhatsAppImage(Strict):
    link: str = Field(description="The image's absolute URL.")
    caption: str | None = omitted(max_length=IMAGE_CAPTION_MAX)


class WhatsAppImageMessage(Strict):
    messaging_product: Literal["whatsapp"]
    recipient_type: Literal["individual"]
    type: Literal["image"]
    image: WhatsAppImage


WhatsAppMessage = Annotated[
    WhatsAppTextMessage | WhatsAppInteractiveMessage | WhatsAppImageMessage, Field(discriminator="type")
]


class TelegramButton(Strict):
    text: str = Field(min_length=1)
    url: str


class TelegramCallbackButton(Strict):
    text: str = Field(min_length=1)
    callback_data: str = Field(
        min_length=1,
        description=f"1-{TELEGRAM_CALLBACK_DATA_MAX_BYTES} bytes (UTF-8): the `section` value that answers it.",
    )

    @field_validator("callback_data")
    @classmethod
    def _bytes(cls, value: str) -> str:
        size = len(value.encode("utf-8"))
        if size > TELEGRAM_CALLBACK_DATA_MAX_BYTES:
            raise ValueError(f"callback_data is {size} bytes; Telegram allows {TELEGRAM_CALLBACK_DATA_MAX_BYTES}.")
        return value


class TelegramMarkup(Strict):
    inline_keyboard: list[list[TelegramButton | TelegramCallbackButton]]


class TelegramLinkPreview(Strict):
    is_disabled: bool


class TelegramMessage(Strict):
    method: Literal["sendMessage"]
    text: str = Field(description=f"HTML; at most {TEXT_MESSAGE_MAX} UTF-16 code units once Telegram has parsed it.")
    parse_mode: Literal["HTML"]
    link_preview_options: TelegramLinkPreview
    reply_markup: TelegramMarkup | None = omitted()


class TelegramPhoto(Strict):
    method: Literal["sendPhoto"]
    photo: str = Field(description="The image's absolute URL.")
    parse_mode: Literal["HTML"]
    caption: str | None = omitted(f"HTML; at most {IMAGE_CAPTION_MAX} UTF-16 code units once Telegram has parsed it.")
    reply_markup: TelegramMarkup | None = omitted()


TelegramAnyMessage = Annotated[TelegramMessage | TelegramPhoto, Field(discriminator="method")]


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


class SmsFeedbackKeywords(Strict):
    yes: str = Field(description="The reply that means “yes, it helped”, in the rendering's language.")
    no: str = Field(description="The reply that means “no”.")


class SmsMeta(Strict):
    count: int
    segments: list[int]
    fallbacks: list[Fallback]
    feedback_keywords: SmsFeedbackKeywords | None = Field(
        None,
        description="The full text ends by asking “Was this helpful?” and naming these replies; match a reply to "
        "them (ignoring case) and send it to submitFeedback. Null in the summary, which does not ask.",
    )


class WhatsAppRendering(Strict):
    channel: Literal["whatsapp"]
    language: str
    mode: Literal["full"] = Field(description="The whole article as messages, one after another.")
    messages: list[WhatsAppMessage]
    meta: MessagingMeta


class TelegramRendering(Strict):
    channel: Literal["telegram"]
    language: str
    mode: Literal["full"] = Field(description="The whole article as messages, one after another.")
    messages: list[TelegramAnyMessage]
    meta: MessagingMeta


class SmsRendering(Strict):
    channel: Literal["sms"]
    language: str
    mode: Literal["summary", "full"]
    messages: list[SmsMessage]
    meta: SmsMeta


ChannelRendering = Annotated[WhatsAppRendering | TelegramRendering | SmsRendering, Field(discriminator="channel")]
# What ``getPageChannel`` answers: one rendering per channel, told apart by ``channel``.
PageChannelRendering = Annotated[
    WhatsAppRendering | TelegramRendering | SmsRendering | WebRendering, Field(discriminator="channel")
]


class SectionSummary(Strict):
    id: str = Field(description="`intro`, `s:<block id>`, `refs` or `aside`: the `section` value that answers it.")
    title: str = Field(description="The section's name in full.")
    label: str = Field(max_length=MENU_LABEL_MAX, description="Its name in the menu.")


_SECTION_DESCRIPTION = (
    "The `section` asked for: null for the opening (title, standfirst, review date, menu), "
    "`menu`/`menu:2`/... for a menu page, or a section id."
)


# Each turn spells out its fields, in the order they are stored and served.
class WhatsAppConversationTurn(Strict):
    """One turn of conversation mode: what a bot sends for one tap."""

    channel: Literal["whatsapp"]
    language: str
    mode: Literal["conversation"]
    section: str | None = Field(description=_SECTION_DESCRIPTION)
    messages: list[WhatsAppMessage]
    meta: MessagingMeta


class TelegramConversationTurn(Strict):
    """One turn of conversation mode: what a bot sends for one tap."""

    channel: Literal["telegram"]
    language: str
    mode: Literal["conversation"]
    section: str | None = Field(description=_SECTION_DESCRIPTION)
    messages: list[TelegramAnyMessage]
    meta: MessagingMeta


ConversationTurn = Annotated[WhatsAppConversationTurn | TelegramConversationTurn, Field(discriminator="channel")]


class Conversation(Strict):
    """A whole conversation as stored, one per (channel, language): the API answers each
    ``section`` with one of its turns."""

    channel: Literal["whatsapp", "telegram"]
    language: str
    mode: Literal["conversation"]
    sections: list[SectionSummary]
    opening: ConversationTurn
    turns: dict[str, ConversationTurn]


# WhatsApp message templates: what Meta's template API is sent to create one, and the
# message that sends it to one recipient.


class TemplateHeader(Strict):
    type: Literal["HEADER"]
    format: Literal["TEXT"]
    text: str = Field(min_length=1, max_length=TEMPLATE_HEADER_MAX)


class TemplateExample(Strict):
    body_text: list[list[str]] = Field(min_length=1)


class TemplateBody(Strict):
    type: Literal["BODY"]
    text: str = Field(min_length=1, max_length=TEMPLATE_BODY_MAX, description="Holds the parameter `{{1}}`.")
    example: TemplateExample


class TemplateUrlButton(Strict):
    type: Literal["URL"]
    text: str = Field(min_length=1, max_length=TEMPLATE_BUTTON_TEXT_MAX)
    url: str = Field(min_length=1, max_length=TEMPLATE_URL_MAX)


class TemplateButtons(Strict):
    type: Literal["BUTTONS"]
    buttons: list[TemplateUrlButton] = Field(min_length=1, max_length=1)


class TemplateCreate(Strict):
    """POST to ``/<WhatsApp Business Account id>/message_templates``."""

    name: str = Field(pattern=r"^[a-z0-9_]+$", max_length=TEMPLATE_NAME_MAX)
    language: str
    category: Literal["UTILITY"]
    components: list[Annotated[TemplateHeader | TemplateBody | TemplateButtons, Field(discriminator="type")]] = Field(
        min_length=3, max_length=3
    )


class TemplateParameter(Strict):
    type: Literal["text"]
    text: str = Field(min_length=1)


class TemplateSendComponent(Strict):
    type: Literal["body"]
    parameters: list[TemplateParameter] = Field(min_length=1, max_length=1)


class TemplateLanguage(Strict):
    code: str


class TemplateReference(Strict):
    name: str = Field(pattern=r"^[a-z0-9_]+$", max_length=TEMPLATE_NAME_MAX)
    language: TemplateLanguage
    components: list[TemplateSendComponent]


class TemplateSend(Strict):
    """A Cloud API message (add ``to``) sending the template to one recipient."""

    messaging_product: Literal["whatsapp"]
    recipient_type: Literal["individual"]
    type: Literal["template"]
    template: TemplateReference


class TemplateMeta(Strict):
    fallbacks: list[Fallback]


class WhatsAppTemplateRendering(Strict):
    """``mode=template`` of the WhatsApp channel: a notification that the article is out."""

    channel: Literal["whatsapp"]
    language: str
    mode: Literal["template"]
    create: TemplateCreate
    send: TemplateSend
    meta: TemplateMeta


# What each kind of rendering is, as a union per kind. Every rendering names its
# ``channel`` and ``mode``; each operation answers one union discriminated on ``channel``.
MessagingRendering = WhatsAppRendering | TelegramRendering | SmsRendering
ChatRendering = WhatsAppRendering | TelegramRendering
ChatMessage = WhatsAppTextMessage | WhatsAppInteractiveMessage | WhatsAppImageMessage | TelegramMessage | TelegramPhoto
