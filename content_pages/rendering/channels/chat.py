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
from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from django.utils.translation import override
from pydantic import BaseModel
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
from content_pages.rendering.channels.feedback_question import Question, question
from content_pages.rendering.channels.outline import Part, page_outline
from content_pages.rendering.contracts.channels import ChatRendering, Conversation, ConversationTurn, MessagingMeta
from content_pages.rendering.contracts.common import to_json

Block = TypeVar("Block")
Message = TypeVar("Message", bound=BaseModel)


@dataclass(frozen=True)
class Way:
    """Where a section stands in the conversation: what its last message offers next."""

    section: Section
    number: int
    total: int
    following: Section | None


@dataclass(frozen=True)
class Turn(Generic[Message]):
    """One turn's content; the channel builds its own turn contract from it."""

    language: str
    section: str | None
    messages: list[Message]
    meta: MessagingMeta


class ConversationStyle(Protocol[Message]):
    def menu(self, page: MenuPage) -> Message:
        """The menu page as one message: a list message, an inline keyboard."""
        ...

    def navigation(self, messages: list[Message], way: Way) -> list[Message]:
        """A section's messages ending with the way on: to the following section and to the menu."""
        ...


@dataclass(frozen=True)
class ChatParts(Generic[Block, Message]):
    """What a chat channel supplies: how each kind of part becomes its messages (its own
    contract objects), how a message is measured, and its rendering and turn contracts."""

    name: Literal["whatsapp", "telegram"]
    blocks: Callable[[Part], list[Block]]
    messages_from_blocks: Callable[[list[Block]], list[Message]]
    cta: Callable[[Part], list[Message]]
    form: Callable[[Part], list[Message]]
    image: Callable[[Part], list[Message]]
    question: Callable[[Question], list[Message]]
    size: Callable[[Message], int]
    rendering: Callable[[str, list[Message], MessagingMeta], ChatRendering]
    turn: Callable[[Turn[Message]], ConversationTurn]


class ChatRenderer(Generic[Block, Message]):
    def __init__(self, parts: ChatParts[Block, Message]) -> None:
        self.parts = parts
        self.name = parts.name

    def messages(self, parts: list[Part]) -> list[Message]:
        """Parts as messages: a new message at each section and around each action or image."""
        messages: list[Message] = []
        pending: list[Block] = []
        kit = self.parts

        def flush() -> None:
            messages.extend(kit.messages_from_blocks(pending))
            pending.clear()

        for part in parts:
            # A warning opens a message of its own, so its label is the first thing a
            # reader sees on the screen, never lost in the middle of a longer message.
            if part.kind in ("cta", "form", "image", WARNING) or part.starts_section:
                flush()
            if part.kind == "cta":
                messages.extend(kit.cta(part))
            elif part.kind == "form":
                messages.extend(kit.form(part))
            elif part.kind == "image":
                messages.extend(kit.image(part))
            else:
                pending.extend(kit.blocks(part))
        flush()
        return messages

    def _meta(self, messages: list[Message], context: RenderContext) -> MessagingMeta:
        return MessagingMeta(
            count=len(messages),
            characters=[self.parts.size(message) for message in messages],
            fallbacks=list(context.fallbacks),
        )

    def _asked(self, page: Page) -> list[Message]:
        """The question "Was this helpful?" with its two buttons; none for an unsaved page."""
        return self.parts.question(question(page.pk)) if page.pk is not None else []

    def render(self, page: Page, language: str) -> Rendering:
        context = RenderContext(language=language)
        with override(language):
            messages = [*self.messages(page_outline(page.specific, context)), *self._asked(page)]
        # Built from the contract objects, so the shape and the channel's limits were
        # checked as each message was made; stored as JSON, served as stored.
        rendering = self.parts.rendering(language, messages, self._meta(messages, context))
        return Rendering(
            payload=to_json(rendering),
            contract=rendering,
            summary={},
            search_text="",
            dependencies=context.dependencies,
        )

    def render_conversation(self, page: Page, language: str, style: ConversationStyle[Message]) -> Rendering:
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
                way = Way(section, number, total, following)
                # The last section asks "Was this helpful?" (of the article as a whole, as the
                # full text does) before the way back to the menu.
                asked = self._asked(page) if following is None else []
                sections.append((section.id, style.navigation([*self.messages(section.parts), *asked], way)))

        def turn(section: str | None, messages: list[Message]) -> ConversationTurn:
            return self.parts.turn(Turn(language, section, messages, self._meta(messages, context)))

        whole = Conversation(
            channel=self.name,
            language=language,
            mode=CONVERSATION,
            sections=[section.summary() for section in cut.sections],
            opening=turn(None, opening),
            turns={key: turn(key, messages) for key, messages in [*menus, *sections]},
        )
        return Rendering(
            payload=to_json(whole), contract=whole, summary={}, search_text="", dependencies=context.dependencies
        )
