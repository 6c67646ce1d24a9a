"""WhatsApp: Cloud API message objects, ready to POST once the bot adds ``to``.

Text uses WhatsApp's own formatting (``*bold*``, ``_italic_``, ``- `` bullets, ``> ``
quotes; links written out). Each text body is at most 4096 characters, split on
paragraphs, then sentences, then words, never inside a word or a link. A CTA becomes an
interactive ``cta_url`` message (body <= 1024, button <= 20); an embedded enquiry form
becomes a reply button the bot can answer with its own form flow.
"""

from __future__ import annotations

from typing import Any, Final

from django.utils.translation import gettext as _
from wagtail.models import Page

from content_pages.foundations.limits import (
    BUTTON_LABEL_MAX,
    INTERACTIVE_BODY_MAX,
    INTERACTIVE_HEADER_MAX,
    TEXT_MESSAGE_MAX,
)
from content_pages.rendering.callouts import NOTE, NOTE_SIGN, WARNING, WARNING_SIGN
from content_pages.rendering.channels.base import Rendering
from content_pages.rendering.channels.bidi import isolate_for_reader
from content_pages.rendering.channels.chat import ChatParts, ChatRenderer, Turn, Way
from content_pages.rendering.channels.conversation import CONVERSATION, MENU, MenuPage
from content_pages.rendering.channels.feedback_question import Question
from content_pages.rendering.channels.outline import Part
from content_pages.rendering.channels.text import ChannelLimitError, Run, Runs, pack, plain, split_runs, text_run
from content_pages.rendering.channels.whatsapp_template import TEMPLATE, render_template
from content_pages.rendering.contracts.channels import (
    ButtonInteractive,
    ButtonsAction,
    CtaUrlAction,
    CtaUrlInteractive,
    CtaUrlParameters,
    ListAction,
    ListBody,
    ListInteractive,
    ListRow,
    ListSection,
    MessagingMeta,
    Reply,
    ReplyButton,
    WhatsAppBody,
    WhatsAppConversationTurn,
    WhatsAppHeader,
    WhatsAppImage,
    WhatsAppImageMessage,
    WhatsAppInteractive,
    WhatsAppInteractiveMessage,
    WhatsAppMessage,
    WhatsAppRendering,
    WhatsAppText,
    WhatsAppTextMessage,
)

NAME: Final = "whatsapp"


def _wrap(text: str, marker: str) -> str:
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{trail}"


def format_runs(runs: Runs) -> str:
    out = []
    for run in runs:
        text = run.text
        if run.href:
            label = text.strip()
            text = run.href if not label or label == run.href else f"{text} ({run.href})"
        text = isolate_for_reader(text)
        if run.italic:
            text = _wrap(text, "_")
        if run.bold:
            text = _wrap(text, "*")
        out.append(text)
    return "".join(out)


def _fits(prefix: str, limit: int = TEXT_MESSAGE_MAX) -> Any:
    return lambda runs: len(prefix + format_runs(runs)) <= limit


def _text_blocks(runs: Runs, prefix: str, path: str) -> list[str]:
    return [prefix + format_runs(chunk) for chunk in split_runs(runs, _fits(prefix), path=path, channel="WhatsApp")]


def _bold(runs: Runs) -> Runs:
    return [Run(run.text, bold=True, italic=run.italic, href=run.href) for run in runs]


def _italic(runs: Runs) -> Runs:
    return [Run(run.text, bold=run.bold, italic=True, href=run.href) for run in runs]


def callout_heading(part: Part) -> Runs:
    """ "⚠️ *Warning*" (bold) or "ℹ️ Note" (lighter), on a line of its own before the text.

    Part of the text's runs, so the label counts towards the message limit."""
    if part.kind == WARNING:
        return [Run(f"{WARNING_SIGN} "), Run(part.label, bold=True), Run("\n")]
    return [Run(f"{NOTE_SIGN} {part.label}\n")]


def part_blocks(part: Part) -> list[str]:  # noqa: PLR0911 one return per part kind; issue 27 part A
    """A text part as one or more blocks, each within the text message limit."""
    if part.kind in ("title", "heading"):
        return _text_blocks(_bold(part.runs), "", part.path)
    if part.kind == "standfirst":
        return _text_blocks(_italic(part.runs), "", part.path)
    if part.kind == "quote":
        return _text_blocks(part.runs, "> ", part.path)
    if part.kind in (WARNING, NOTE):
        # The label goes with the first piece of the text, never alone in a message; it
        # is measured with every piece, so each fits whichever carries it.
        heading = format_runs(callout_heading(part))
        chunks = [
            format_runs(chunk) for chunk in split_runs(part.runs, _fits(heading), path=part.path, channel="WhatsApp")
        ]
        return [heading + chunks[0], *chunks[1:]]
    if part.kind == "bullets":
        lines = [block for item in part.items for block in _text_blocks(item, "- ", part.path)]
        return pack(lines, lambda text: len(text) <= TEXT_MESSAGE_MAX, separator="\n")
    if part.kind == "references":
        heading = format_runs(_bold(text_run(_("References"))))
        numbered = [
            block
            for number, item in enumerate(part.items, start=1)
            for block in _text_blocks(item, f"{number}. ", part.path)
        ]
        return pack([heading, *numbered], lambda text: len(text) <= TEXT_MESSAGE_MAX, separator="\n")
    if part.kind == "meta":
        return _text_blocks(part.runs, _("Read it on our website:") + " ", part.path)
    return _text_blocks(part.runs, "", part.path)


def text_message(body: str) -> WhatsAppTextMessage:
    return WhatsAppTextMessage(
        messaging_product="whatsapp",
        recipient_type="individual",
        type="text",
        text=WhatsAppText(preview_url="http://" in body or "https://" in body, body=body),
    )


def _interactive(interactive: WhatsAppInteractive) -> WhatsAppInteractiveMessage:
    return WhatsAppInteractiveMessage(
        messaging_product="whatsapp", recipient_type="individual", type="interactive", interactive=interactive
    )


def _check_label(label: str, path: str) -> str:
    if len(label) > BUTTON_LABEL_MAX:
        raise ChannelLimitError(
            f"Button label “{label}” is {len(label)} characters; WhatsApp allows {BUTTON_LABEL_MAX}.",
            path=path,
            channel="WhatsApp",
        )
    return label


def _written_out(heading: str, body: str, label: str, url: str) -> WhatsAppTextMessage:
    """A CTA whose target is no web link: cta_url buttons open web links only, and a phone
    number written out is tappable."""
    lines = [
        format_runs(_bold(text_run(heading))) if heading else "",
        body,
        isolate_for_reader(f"{label}: {url.removeprefix('tel:')}"),
    ]
    return text_message("\n".join(line for line in lines if line))


def cta_messages(part: Part) -> list[WhatsAppMessage]:
    cta = part.cta
    assert cta is not None
    heading, body = isolate_for_reader(str(cta.heading)), isolate_for_reader(str(cta.body))
    label = _check_label(str(cta.button_label), f"{part.path}.cta.button_label")
    if not cta.url.startswith(("https://", "http://")):
        return [_written_out(heading, body, label, cta.url)]
    messages: list[WhatsAppMessage] = []
    header: WhatsAppHeader | None = None
    if heading and body and len(heading) <= INTERACTIVE_HEADER_MAX:
        header = WhatsAppHeader(type="text", text=heading)
        text = body
    elif heading and body:
        text = f"{format_runs(_bold(text_run(heading)))}\n\n{body}"
    else:
        text = heading or body or label
    if len(text) > INTERACTIVE_BODY_MAX:
        # Say the heading first, then let the button message carry the body alone.
        messages.append(text_message(format_runs(_bold(text_run(heading)))))
        text = body
        header = None
    action = CtaUrlAction(name="cta_url", parameters=CtaUrlParameters(display_text=label, url=cta.url))
    messages.append(
        _interactive(CtaUrlInteractive(type="cta_url", header=header, body=WhatsAppBody(text=text), action=action))
    )
    return messages


def privacy_runs(form: dict[str, Any]) -> Runs:
    """The site's privacy notice after the invitation's text, its link written out."""
    text = str(form.get("privacy_text", ""))
    if not text:
        return []
    runs: Runs = [Run("\n\n"), *text_run(text)]
    link = str(form.get("privacy_url", ""))
    if link:
        runs += [Run(f" {form.get('privacy_link_label', '')}: "), Run(link, href=link)]
    return runs


def _buttons(text: str, buttons: list[ReplyButton]) -> WhatsAppInteractiveMessage:
    return _interactive(
        ButtonInteractive(type="button", body=WhatsAppBody(text=text), action=ButtonsAction(buttons=buttons))
    )


def form_messages(part: Part) -> list[WhatsAppMessage]:
    """The enquiry form's invitation: a reply button under its text. A text longer than a
    button message allows goes first as text messages, split, never cut."""
    form = part.form or {}
    title = _("Start enquiry")
    heading, url = str(form.get("heading", "")), str(form.get("url", ""))
    runs = [*text_run(heading), *([Run("\n")] if heading and url else []), *([Run(url, href=url)] if url else [])]
    runs += privacy_runs(form)
    chunks = split_runs(
        runs,
        lambda chunk: len(isolate_for_reader(plain(chunk))) <= INTERACTIVE_BODY_MAX,
        path=part.path,
        channel="WhatsApp",
    )
    lead: list[WhatsAppMessage] = [text_message(isolate_for_reader(plain(chunk))) for chunk in chunks[:-1]]
    reply = ReplyButton(type="reply", reply=Reply(id=f"enquiry_form:{form.get('page_id')}", title=title))
    return [*lead, _buttons(isolate_for_reader(plain(chunks[-1])), [reply])]


def question_messages(asked: Question) -> list[WhatsAppMessage]:
    """The question "Was this helpful?" as a message of its own with two reply buttons."""
    buttons = [
        _reply(asked.yes_id, asked.yes_label, "feedback"),
        _reply(asked.no_id, asked.no_label, "feedback"),
    ]
    return [_buttons(isolate_for_reader(asked.text), buttons)]


def image_messages(part: Part) -> list[WhatsAppMessage]:
    """An image message with its caption (the alt text when there is none)."""
    caption = plain(part.runs)
    image = WhatsAppImage(link=part.image_url, caption=caption or None)
    return [WhatsAppImageMessage(messaging_product="whatsapp", recipient_type="individual", type="image", image=image)]


def message_length(message: WhatsAppMessage) -> int:
    if isinstance(message, WhatsAppTextMessage):
        return len(message.text.body)
    if isinstance(message, WhatsAppImageMessage):
        return len(message.image.caption or "")
    return len(message.interactive.body.text)


def _messages(blocks: list[str]) -> list[WhatsAppMessage]:
    return [text_message(body) for body in pack(blocks, lambda text: len(text) <= TEXT_MESSAGE_MAX)]


def _reply(reply_id: str, title: str, path: str) -> ReplyButton:
    return ReplyButton(type="reply", reply=Reply(id=reply_id, title=_check_label(title, path)))


class WhatsAppConversation:
    """Conversation mode on WhatsApp: the menu as an interactive list message, and each
    section ending with reply buttons to the next section and back to the menu."""

    def menu(self, page: MenuPage) -> WhatsAppMessage:
        rows = [ListRow(id=row.id, title=row.title, description=row.description or None) for row in page.rows]
        action = ListAction(button=_check_label(_("Sections"), page.id), sections=[ListSection(rows=rows)])
        return _interactive(
            ListInteractive(type="list", body=ListBody(text=_("Choose a section to read.")), action=action)
        )

    def navigation(self, messages: list[WhatsAppMessage], way: Way) -> list[WhatsAppMessage]:
        body = _("Section %(number)d of %(total)d") % {"number": way.number, "total": way.total}
        buttons = []
        if way.following is not None:
            body += "\n" + _("Next: %(title)s") % {"title": way.following.title}
            buttons.append(_reply(way.following.id, _("Next"), way.section.id))
        buttons.append(_reply(MENU, _("Menu"), way.section.id))
        return [*messages, _buttons(body, buttons)]


def _rendering(language: str, messages: list[WhatsAppMessage], meta: MessagingMeta) -> WhatsAppRendering:
    return WhatsAppRendering(channel=NAME, language=language, mode="full", messages=messages, meta=meta)


def _turn(turn: Turn[WhatsAppMessage]) -> WhatsAppConversationTurn:
    return WhatsAppConversationTurn(
        language=turn.language,
        mode="conversation",
        section=turn.section,
        meta=turn.meta,
        channel=NAME,
        messages=turn.messages,
    )


class WhatsAppChannel:
    name = NAME
    modes: tuple[str, ...] = ("", CONVERSATION, TEMPLATE)

    def __init__(self) -> None:
        self._renderer = ChatRenderer(
            ChatParts(
                name=NAME,
                blocks=part_blocks,
                messages_from_blocks=_messages,
                cta=cta_messages,
                form=form_messages,
                image=image_messages,
                question=question_messages,
                size=message_length,
                rendering=_rendering,
                turn=_turn,
            )
        )

    def render(self, page: Page, language: str, mode: str = "") -> Rendering:
        if mode == CONVERSATION:
            return self._renderer.render_conversation(page, language, WhatsAppConversation())
        if mode == TEMPLATE:
            return render_template(page, language, NAME)
        return self._renderer.render(page, language)


__all__ = ["WhatsAppChannel", "format_runs", "plain"]
