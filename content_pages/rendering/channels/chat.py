"""What WhatsApp and Telegram share: walking the outline into messages.

Text parts collect into the current message until a new section starts or an action
(a CTA, a form) needs a message of its own; each channel supplies how text blocks
become messages, how an action looks, and how a message is measured.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.utils.translation import override
from wagtail.models import Page

from content_pages.rendering.channels.base import RenderContext, Rendering
from content_pages.rendering.channels.outline import Part, page_outline
from content_pages.rendering.contracts.channels import validate_channel_rendering

Block = TypeVar("Block")
Message = dict[str, Any]


class ChatRenderer(Generic[Block]):
    def __init__(
        self,
        name: str,
        *,
        blocks: Callable[[Part], list[Block]],
        messages_from_blocks: Callable[[list[Block]], list[Message]],
        cta: Callable[[Part], list[Message]],
        form: Callable[[Part], list[Message]],
        size: Callable[[Message], int],
    ) -> None:
        self.name = name
        self.blocks = blocks
        self.messages_from_blocks = messages_from_blocks
        self.cta = cta
        self.form = form
        self.size = size

    def render(self, page: Page, language: str) -> Rendering:
        context = RenderContext(language=language)
        messages: list[Message] = []
        pending: list[Block] = []

        def flush() -> None:
            messages.extend(self.messages_from_blocks(pending))
            pending.clear()

        with override(language):
            for part in page_outline(page.specific, context):
                if part.kind in ("cta", "form") or part.starts_section:
                    flush()
                if part.kind == "cta":
                    messages.extend(self.cta(part))
                elif part.kind == "form":
                    messages.extend(self.form(part))
                else:
                    pending.extend(self.blocks(part))
            flush()
        payload = {
            "channel": self.name,
            "language": language,
            "messages": messages,
            "meta": {
                "count": len(messages),
                "characters": [self.size(message) for message in messages],
                "fallbacks": context.fallbacks,
            },
        }
        validate_channel_rendering(payload)
        return Rendering(payload=payload, summary={}, search_text="", dependencies=context.dependencies)
