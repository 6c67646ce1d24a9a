"""What WhatsApp and Telegram share: walking the outline into messages.

Text parts collect into the current message until a new section starts, a warning
begins, or an action (a CTA, a form) needs a message of its own; each channel supplies how text blocks
become messages, how an action looks, and how a message is measured.

Conversation mode (``conversation.py``) walks the same parts section by section; each
channel supplies a ``ConversationStyle``: how its menu looks and how a section ends
with "next" and "menu".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from django.utils.translation import override
from wagtail.models import Page

from content_pages.rendering.callouts import WARNING
from content_pages.rendering.channels.base import RenderContext, Rendering
from content_pages.rendering.channels.conversation import (
    CONVERSATION,
    MenuPage,
    Section,
    conversation,
    menu_pages,
)
from content_pages.rendering.channels.outline import Part, page_outline
from content_pages.rendering.contracts.channels import validate_channel_rendering, validate_conversation

Block = TypeVar("Block")
Message = dict[str, Any]


class ConversationStyle(Protocol):
    def menu(self, page: MenuPage) -> Message:
        """The menu page as one message: a list message, an inline keyboard."""
        ...

    def navigation(
        self, messages: list[Message], section: Section, number: int, total: int, following: Section | None
    ) -> list[Message]:
        """A section's messages ending with the way on: to ``following`` and to the menu."""
        ...


class ChatRenderer(Generic[Block]):
    def __init__(
        self,
        name: str,
        *,
        blocks: Callable[[Part], list[Block]],
        messages_from_blocks: Callable[[list[Block]], list[Message]],
        cta: Callable[[Part], list[Message]],
        form: Callable[[Part], list[Message]],
        image: Callable[[Part], list[Message]],
        size: Callable[[Message], int],
    ) -> None:
        self.name = name
        self.blocks = blocks
        self.messages_from_blocks = messages_from_blocks
        self.cta = cta
        self.form = form
        self.image = image
        self.size = size

    def messages(self, parts: list[Part]) -> list[Message]:
        """Parts as messages: a new message at each section and around each action or image."""
        messages: list[Message] = []
        pending: list[Block] = []

        def flush() -> None:
            messages.extend(self.messages_from_blocks(pending))
            pending.clear()

        for part in parts:
            # A warning opens a message of its own, so its label is the first thing a
            # reader sees on the screen, never lost in the middle of a longer message.
            if part.kind in ("cta", "form", "image", WARNING) or part.starts_section:
                flush()
            if part.kind == "cta":
                messages.extend(self.cta(part))
            elif part.kind == "form":
                messages.extend(self.form(part))
            elif part.kind == "image":
                messages.extend(self.image(part))
            else:
                pending.extend(self.blocks(part))
        flush()
        return messages

    def _payload(self, language: str, messages: list[Message], context: RenderContext) -> dict[str, Any]:
        return {
            "channel": self.name,
            "language": language,
            "messages": messages,
            "meta": {
                "count": len(messages),
                "characters": [self.size(message) for message in messages],
                "fallbacks": context.fallbacks,
            },
        }

    def render(self, page: Page, language: str) -> Rendering:
        context = RenderContext(language=language)
        with override(language):
            messages = self.messages(page_outline(page.specific, context))
        payload = self._payload(language, messages, context)
        validate_channel_rendering(payload)
        return Rendering(payload=payload, summary={}, search_text="", dependencies=context.dependencies)

    def render_conversation(self, page: Page, language: str, style: ConversationStyle) -> Rendering:
        """Every turn of the conversation, stored as one rendition: the opening (with the
        first menu page), each further menu page and each section, by the id a bot's
        button sends (``conversation.turn_ids``)."""
        context = RenderContext(language=language)
        with override(language):
            cut = conversation(page_outline(page.specific, context))
            menus = [(menu.id, [style.menu(menu)]) for menu in menu_pages(cut.sections)]
            opening = [*self.messages(cut.opening), *(menus[0][1] if menus else [])]
            sections = []
            total = len(cut.sections)
            for number, section in enumerate(cut.sections, start=1):
                following = cut.sections[number] if number < total else None
                messages = style.navigation(self.messages(section.parts), section, number, total, following)
                sections.append((section.id, messages))

        def turn(section: str | None, messages: list[Message]) -> dict[str, Any]:
            payload = self._payload(language, messages, context)
            return {
                "channel": self.name,
                "language": language,
                "mode": CONVERSATION,
                "section": section,
                "messages": payload["messages"],
                "meta": payload["meta"],
            }

        payload = {
            "channel": self.name,
            "language": language,
            "mode": CONVERSATION,
            "sections": [section.summary() for section in cut.sections],
            "opening": turn(None, opening),
            "turns": {key: turn(key, messages) for key, messages in [*menus, *sections]},
        }
        validate_conversation(payload)
        return Rendering(payload=payload, summary={}, search_text="", dependencies=context.dependencies)
