"""The call-to-action block: a reusable CTA snippet, optionally reworded for one page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from wagtail import blocks

from content_pages.blocks.choosers import SharedSnippetChooserBlock
from content_pages.blocks.tree import TextPart
from content_pages.foundations.limits import BUTTON_LABEL_MAX


class CallToActionBlock(blocks.StructBlock):
    # Every rendering of a call to action asks where its button leads.
    cta = SharedSnippetChooserBlock(
        "content_pages.CallToAction", prefetch=("link_page", "form_page"), label="Call to action"
    )
    heading_override = blocks.CharBlock(
        required=False, max_length=200, help_text="Replaces the CTA's heading on this page only."
    )
    body_override = blocks.TextBlock(
        required=False, max_length=1000, help_text="Replaces the CTA's text on this page only."
    )
    # No max_length here: the channel check on save reports an over-long label with the
    # language and the channel that rejects it, which a bare length error cannot.
    button_label_override = blocks.CharBlock(
        required=False,
        help_text=f"Replaces the button label on this page only; at most {BUTTON_LABEL_MAX} characters "
        "(WhatsApp's limit).",
    )

    # Translated like the snippet's own button label: held to the chat button's limit,
    # presented to translators as a WhatsApp and Telegram button.
    text_parts: ClassVar[Mapping[str, TextPart]] = {
        "button_label_override": TextPart(max_length=BUTTON_LABEL_MAX, chat_button=True),
    }

    class Meta:
        icon = "link"
        label = "Call to action"
