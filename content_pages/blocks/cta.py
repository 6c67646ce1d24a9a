"""The call-to-action block: a reusable CTA snippet, optionally reworded for one page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from content_pages.foundations.limits import BUTTON_LABEL_MAX

if TYPE_CHECKING:
    from content_pages.reads.streams import LocalizedBlock
    from content_pages.rendering.channels.base import RenderContext


class CallToActionBlock(blocks.StructBlock):
    cta = SnippetChooserBlock("content_pages.CallToAction", label="Call to action")
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

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        view = item.extra["cta"]
        cta = item.value["cta"]
        context.depends_on(cta)
        base = f"{item.path}.cta"
        return {
            "cta_id": cta.pk,
            "kind": view.kind,
            "heading": context.text(view.heading, f"{base}.heading"),
            "body": context.text(view.body, f"{base}.body"),
            "button_label": context.text(view.button_label, f"{base}.button_label"),
            "url": view.url,
        }

    def plain_text(self, value: Any) -> str:
        return " ".join(part for part in (value["heading_override"], value["body_override"]) if part)

    class Meta:
        icon = "link"
        label = "Call to action"
