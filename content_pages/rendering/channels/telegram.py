"""Telegram: Bot API ``sendMessage`` objects in HTML parse mode, ready once the bot adds
``chat_id``.

Only tags Telegram accepts are used (b, i, a, blockquote) and ``< > &`` are escaped;
every message text then passes ``sanitising.telegram_html``.
Telegram limits a message to 4096 UTF-16 code units *after* parsing, so lengths are
measured on the visible text, not the markup. CTAs become inline keyboard URL buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from typing import Any, Final

from django.utils.translation import gettext as _
from wagtail.models import Page

from content_pages.foundations.limits import TEXT_MESSAGE_MAX
from content_pages.foundations.sanitising import telegram_html
from content_pages.rendering.callouts import NOTE, NOTE_SIGN, WARNING, WARNING_SIGN
from content_pages.rendering.channels.base import Rendering
from content_pages.rendering.channels.bidi import isolate_for_reader
from content_pages.rendering.channels.chat import ChatParts, ChatRenderer, Turn, Way
from content_pages.rendering.channels.conversation import CONVERSATION, MENU, MenuPage
from content_pages.rendering.channels.feedback_question import Question
from content_pages.rendering.channels.outline import Part
from content_pages.rendering.channels.text import Run, Runs, plain, split_runs, text_run, utf16_length
from content_pages.rendering.contracts.channels import (
    MessagingMeta,
    TelegramAnyMessage,
    TelegramButton,
    TelegramCallbackButton,
    TelegramConversationTurn,
    TelegramLinkPreview,
    TelegramMarkup,
    TelegramMessage,
    TelegramPhoto,
    TelegramRendering,
)

NAME: Final = "telegram"
Keyboard = list[list[TelegramButton | TelegramCallbackButton]]


def format_runs(runs: Runs) -> str:
    out = []
    for run in runs:
        text = escape(isolate_for_reader(run.text), quote=False)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        if run.href:
            text = f'<a href="{escape(run.href, quote=True)}">{text}</a>'
        out.append(text)
    return "".join(out)


def visible(runs: Runs) -> str:
    """The text Telegram counts of ``format_runs(runs)``: bidi isolation marks included."""
    return "".join(isolate_for_reader(run.text) for run in runs)


class _Block:
    """A piece of a message: its HTML and the text Telegram counts after parsing."""

    def __init__(self, html: str, visible: str) -> None:
        self.html = html
        self.visible = visible


def _fits(prefix: str) -> Any:
    return lambda runs: utf16_length(prefix + visible(runs)) <= TEXT_MESSAGE_MAX


def _blocks(runs: Runs, path: str, prefix: str = "", wrap: tuple[str, str] = ("", "")) -> list[_Block]:
    return [
        _Block(wrap[0] + escape(prefix, quote=False) + format_runs(chunk) + wrap[1], prefix + visible(chunk))
        for chunk in split_runs(runs, _fits(prefix), path=path, channel="Telegram")
    ]


def _bold(runs: Runs) -> Runs:
    return [Run(run.text, bold=True, italic=run.italic, href=run.href) for run in runs]


def callout_heading(part: Part) -> Runs:
    """ "⚠️ <b>Warning</b>" or "ℹ️ Note" (lighter), on a line of its own before the text.

    Part of the text's runs, so the label counts towards the message limit."""
    if part.kind == WARNING:
        return [Run(f"{WARNING_SIGN} "), Run(part.label, bold=True), Run("\n")]
    return [Run(f"{NOTE_SIGN} {part.label}\n")]


def part_blocks(part: Part) -> list[_Block]:  # noqa: PLR0911 one return per part kind; issue 27 part A
    if part.kind in ("title", "heading"):
        return _blocks(_bold(part.runs), part.path)
    if part.kind == "standfirst":
        return _blocks([Run(run.text, bold=run.bold, italic=True, href=run.href) for run in part.runs], part.path)
    if part.kind == "quote":
        return _blocks(part.runs, part.path, wrap=("<blockquote>", "</blockquote>"))
    if part.kind in (WARNING, NOTE):
        # The label goes with the first piece of the text, never alone in a message; it
        # is measured with every piece, so each fits whichever carries it.
        label = callout_heading(part)
        chunks = split_runs(part.runs, _fits(visible(label)), path=part.path, channel="Telegram")
        pieces = [_Block(format_runs(chunk), visible(chunk)) for chunk in chunks]
        first = pieces[0]
        return [_Block(format_runs(label) + first.html, visible(label) + first.visible), *pieces[1:]]
    if part.kind == "bullets":
        return _pack([block for item in part.items for block in _blocks(item, part.path, prefix="• ")], "\n")
    if part.kind == "references":
        heading = _blocks(_bold(text_run(_("References"))), part.path)
        numbered = [
            block
            for number, item in enumerate(part.items, start=1)
            for block in _blocks(item, part.path, prefix=f"{number}. ")
        ]
        return _pack(heading + numbered, "\n")
    if part.kind == "meta":
        return _blocks(part.runs, part.path, prefix=_("Read it on our website:") + " ")
    return _blocks(part.runs, part.path)


def send_message(text: str, *, buttons: Keyboard | None = None, preview: bool = False) -> TelegramMessage:
    return TelegramMessage(
        method="sendMessage",
        # Every message passes the Telegram allowlist, whatever part of the page it came from.
        text=telegram_html(text),
        parse_mode="HTML",
        link_preview_options=TelegramLinkPreview(is_disabled=not preview),
        reply_markup=TelegramMarkup(inline_keyboard=buttons) if buttons else None,
    )


def _pack(blocks: list[_Block], separator: str = "\n\n") -> list[_Block]:
    packed: list[_Block] = []
    for block in blocks:
        if packed and utf16_length(packed[-1].visible + separator + block.visible) <= TEXT_MESSAGE_MAX:
            packed[-1] = _Block(
                packed[-1].html + separator + block.html, packed[-1].visible + separator + block.visible
            )
        else:
            packed.append(block)
    return packed


def cta_message(part: Part) -> TelegramMessage:
    cta = part.cta
    assert cta is not None
    lines = []
    if cta.heading.value:
        lines.append(f"<b>{escape(isolate_for_reader(str(cta.heading)), quote=False)}</b>")
    if cta.body.value:
        lines.append(escape(isolate_for_reader(str(cta.body)), quote=False))
    label = str(cta.button_label)
    if cta.url.startswith(("https://", "http://")):
        return send_message(
            "\n".join(lines) or escape(label, quote=False), buttons=[[TelegramButton(text=label, url=cta.url)]]
        )
    # Telegram buttons open web links only; a phone number in the text is tappable.
    lines.append(escape(isolate_for_reader(f"{label}: {cta.url.removeprefix('tel:')}"), quote=False))
    return send_message("\n".join(lines))


def form_message(part: Part) -> TelegramMessage:
    form = part.form or {}
    text = f"<b>{escape(form.get('heading', ''), quote=False)}</b>"
    if form.get("privacy_text"):
        # The site's privacy notice under the heading: seen before the reader opens the form.
        text += f"\n\n{escape(form['privacy_text'], quote=False)}"
        if form.get("privacy_url"):
            href = escape(form["privacy_url"], quote=True)
            text += f' <a href="{href}">{escape(form.get("privacy_link_label", ""), quote=False)}</a>'
    return send_message(text, buttons=[[TelegramButton(text=_("Fill in the form"), url=form.get("url", ""))]])


def photo_message(part: Part) -> TelegramPhoto:
    """A ``sendPhoto`` with its caption (the alt text when there is none)."""
    caption = plain(part.runs)
    return TelegramPhoto(
        method="sendPhoto",
        photo=part.image_url,
        parse_mode="HTML",
        caption=telegram_html(escape(caption, quote=False)) if caption else None,
    )


class _VisibleText(HTMLParser):
    """The text of Telegram HTML as a reader sees it: tags dropped, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def visible_length(message: TelegramAnyMessage | dict[str, Any]) -> int:
    """UTF-16 length of the text (a photo's caption) after Telegram parses the HTML; of a
    message object, or of one read back from a stored rendering."""
    if isinstance(message, dict):
        html = str(message.get("text", message.get("caption", "")))
    else:
        html = message.text if isinstance(message, TelegramMessage) else message.caption or ""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return utf16_length("".join(parser.chunks))


def _messages(blocks: list[_Block]) -> list[TelegramAnyMessage]:
    return [send_message(block.html, preview="http" in block.visible) for block in _pack(blocks)]


class TelegramConversation:
    """Conversation mode on Telegram: the menu as an inline keyboard of callback buttons,
    and each section's last message with a row of "next" and "menu" buttons."""

    def menu(self, page: MenuPage) -> TelegramAnyMessage:
        keyboard: Keyboard = [[TelegramCallbackButton(text=row.title, callback_data=row.id)] for row in page.rows]
        return send_message(
            f"<b>{escape(_('Sections'), quote=False)}</b>\n" + escape(_("Choose a section to read.")), buttons=keyboard
        )

    def navigation(self, messages: list[TelegramAnyMessage], way: Way) -> list[TelegramAnyMessage]:
        row: list[TelegramButton | TelegramCallbackButton] = []
        if way.following is not None:
            row.append(TelegramCallbackButton(text=_("Next"), callback_data=way.following.id))
        row.append(TelegramCallbackButton(text=_("Menu"), callback_data=MENU))
        *before, last = messages or [send_message(f"<b>{escape(way.section.title, quote=False)}</b>")]
        markup = last.reply_markup.inline_keyboard if last.reply_markup is not None else []
        # A copy with the row added (the stored message is not changed): the message was
        # checked when it was made, and the buttons are as they are built here.
        ending = last.model_copy()
        ending.reply_markup = TelegramMarkup(inline_keyboard=[*markup, row])
        return [*before, ending]


def question_message(asked: Question) -> TelegramAnyMessage:
    """The question "Was this helpful?" as a message of its own with two callback buttons."""
    row: list[TelegramButton | TelegramCallbackButton] = [
        TelegramCallbackButton(text=asked.yes_label, callback_data=asked.yes_id),
        TelegramCallbackButton(text=asked.no_label, callback_data=asked.no_id),
    ]
    return send_message(escape(asked.text, quote=False), buttons=[row])


def _rendering(language: str, messages: list[TelegramAnyMessage], meta: MessagingMeta) -> TelegramRendering:
    return TelegramRendering(channel=NAME, language=language, mode="full", messages=messages, meta=meta)


def _turn(turn: Turn[TelegramAnyMessage]) -> TelegramConversationTurn:
    return TelegramConversationTurn(
        channel=NAME,
        language=turn.language,
        mode="conversation",
        section=turn.section,
        messages=turn.messages,
        meta=turn.meta,
    )


def _one(make: Callable[[Part], TelegramAnyMessage]) -> Callable[[Part], list[TelegramAnyMessage]]:
    return lambda part: [make(part)]


class TelegramChannel:
    name = NAME
    modes: tuple[str, ...] = ("", CONVERSATION)

    def __init__(self) -> None:
        self._renderer = ChatRenderer(
            ChatParts(
                name=NAME,
                blocks=part_blocks,
                messages_from_blocks=_messages,
                cta=_one(cta_message),
                form=_one(form_message),
                question=lambda asked: [question_message(asked)],
                image=_one(photo_message),
                size=visible_length,
                rendering=_rendering,
                turn=_turn,
            )
        )

    def render(self, page: Page, language: str, mode: str = "") -> Rendering:
        if mode == CONVERSATION:
            return self._renderer.render_conversation(page, language, TelegramConversation())
        return self._renderer.render(page, language)


__all__ = ["TelegramChannel", "visible_length"]
