"""WhatsApp: Cloud API message objects, ready to POST once the bot adds ``to``.

Text uses WhatsApp's own formatting (``*bold*``, ``_italic_``, ``- `` bullets, ``> ``
quotes; links written out). Each text body is at most 4096 characters, split on
paragraphs, then sentences, then words, never inside a word or a link. A CTA becomes an
interactive ``cta_url`` message (body <= 1024, button <= 20); an embedded enquiry form
becomes a reply button the bot can answer with its own form flow.
"""

from __future__ import annotations

from typing import Any

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
from content_pages.rendering.channels.chat import ChatRenderer
from content_pages.rendering.channels.conversation import CONVERSATION, MENU, MenuPage, Section
from content_pages.rendering.channels.outline import Part
from content_pages.rendering.channels.text import ChannelLimitError, Run, Runs, pack, plain, split_runs, text_run
from content_pages.rendering.channels.whatsapp_template import TEMPLATE, render_template

NAME = "whatsapp"


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


def text_message(body: str) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "type": "text",
        "text": {"preview_url": "http://" in body or "https://" in body, "body": body},
    }


def _interactive(interactive: dict[str, Any]) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "type": "interactive",
        "interactive": interactive,
    }


def _check_label(label: str, path: str) -> str:
    if len(label) > BUTTON_LABEL_MAX:
        raise ChannelLimitError(
            f"Button label “{label}” is {len(label)} characters; WhatsApp allows {BUTTON_LABEL_MAX}.",
            path=path,
            channel="WhatsApp",
        )
    return label


def cta_messages(part: Part) -> list[dict[str, Any]]:
    cta = part.cta
    assert cta is not None
    heading, body = isolate_for_reader(str(cta.heading)), isolate_for_reader(str(cta.body))
    label = _check_label(str(cta.button_label), f"{part.path}.cta.button_label")
    if not cta.url.startswith(("https://", "http://")):
        # cta_url buttons open web links only; a phone number written out is tappable.
        lines = [
            format_runs(_bold(text_run(heading))) if heading else "",
            body,
            isolate_for_reader(f"{label}: {cta.url.removeprefix('tel:')}"),
        ]
        return [text_message("\n".join(line for line in lines if line))]
    messages: list[dict[str, Any]] = []
    interactive: dict[str, Any] = {"type": "cta_url"}
    if heading and body and len(heading) <= INTERACTIVE_HEADER_MAX:
        interactive["header"] = {"type": "text", "text": heading}
        text = body
    elif heading and body:
        text = f"{format_runs(_bold(text_run(heading)))}\n\n{body}"
    else:
        text = heading or body or label
    if len(text) > INTERACTIVE_BODY_MAX:
        # Say the heading first, then let the button message carry the body alone.
        messages.append(text_message(format_runs(_bold(text_run(heading)))))
        text = body
        interactive.pop("header", None)
    interactive["body"] = {"text": text}
    interactive["action"] = {"name": "cta_url", "parameters": {"display_text": label, "url": cta.url}}
    messages.append(_interactive(interactive))
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


def form_messages(part: Part) -> list[dict[str, Any]]:
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
    lead = [text_message(isolate_for_reader(plain(chunk))) for chunk in chunks[:-1]]
    button = _interactive(
        {
            "type": "button",
            "body": {"text": isolate_for_reader(plain(chunks[-1]))},
            "action": {
                "buttons": [{"type": "reply", "reply": {"id": f"enquiry_form:{form.get('page_id')}", "title": title}}]
            },
        }
    )
    return [*lead, button]


def image_messages(part: Part) -> list[dict[str, Any]]:
    """An image message with its caption (the alt text when there is none)."""
    caption = plain(part.runs)
    image = {"link": part.image_url, **({"caption": caption} if caption else {})}
    return [{"messaging_product": "whatsapp", "recipient_type": "individual", "type": "image", "image": image}]


def message_length(message: dict[str, Any]) -> int:
    if message["type"] == "text":
        return len(message["text"]["body"])
    if message["type"] == "image":
        return len(message["image"].get("caption", ""))
    return len(message["interactive"]["body"]["text"])


def _messages(blocks: list[str]) -> list[dict[str, Any]]:
    return [text_message(body) for body in pack(blocks, lambda text: len(text) <= TEXT_MESSAGE_MAX)]


def _reply(reply_id: str, title: str, path: str) -> dict[str, Any]:
    return {"type": "reply", "reply": {"id": reply_id, "title": _check_label(title, path)}}


class WhatsAppConversation:
    """Conversation mode on WhatsApp: the menu as an interactive list message, and each
    section ending with reply buttons to the next section and back to the menu."""

    def menu(self, page: MenuPage) -> dict[str, Any]:
        rows = [
            {"id": row.id, "title": row.title, **({"description": row.description} if row.description else {})}
            for row in page.rows
        ]
        return _interactive(
            {
                "type": "list",
                "body": {"text": _("Choose a section to read.")},
                "action": {"button": _check_label(_("Sections"), page.id), "sections": [{"rows": rows}]},
            }
        )

    def navigation(
        self,
        messages: list[dict[str, Any]],
        section: Section,
        number: int,
        total: int,
        following: Section | None,
    ) -> list[dict[str, Any]]:
        body = _("Section %(number)d of %(total)d") % {"number": number, "total": total}
        buttons = []
        if following is not None:
            body += "\n" + _("Next: %(title)s") % {"title": following.title}
            buttons.append(_reply(following.id, _("Next"), section.id))
        buttons.append(_reply(MENU, _("Menu"), section.id))
        navigation = _interactive({"type": "button", "body": {"text": body}, "action": {"buttons": buttons}})
        return [*messages, navigation]


class WhatsAppChannel:
    name = NAME
    modes: tuple[str, ...] = ("", CONVERSATION, TEMPLATE)

    def __init__(self) -> None:
        self._renderer = ChatRenderer(
            NAME,
            blocks=part_blocks,
            messages_from_blocks=_messages,
            cta=cta_messages,
            form=form_messages,
            image=image_messages,
            size=message_length,
        )

    def render(self, page: Page, language: str, mode: str = "") -> Rendering:
        if mode == CONVERSATION:
            return self._renderer.render_conversation(page, language, WhatsAppConversation())
        if mode == TEMPLATE:
            return render_template(page, language, NAME)
        return self._renderer.render(page, language)


__all__ = ["WhatsAppChannel", "format_runs", "plain"]
