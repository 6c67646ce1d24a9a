"""Text blocks: headings, paragraphs, bullet lists and callouts.

Text children are not required at block level: the same block definitions serve the
source stream and each language's translation stream, where an empty text means
"not translated yet, fall back". Required-ness in the source language is checked by
the page (see ``services.article_validation``), which can name the block and language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.rich_text import expand_db_html

from content_pages.foundations.sanitising import web_html

if TYPE_CHECKING:
    from content_pages.reads.streams import LocalizedBlock
    from content_pages.rendering.channels.base import RenderContext

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link"]


class AnchorBlock(blocks.CharBlock):
    """A heading's URL fragment. Structural: shared by every language, never translated."""

    translatable = False


class SectionHeadingBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(choices=[("h2", "Section (h2)"), ("h3", "Subsection (h3)")], default="h2")
    text = blocks.CharBlock(required=False, max_length=200)
    anchor = AnchorBlock(
        required=False,
        max_length=80,
        help_text="Filled in from the English heading on first save and then kept, so links to it stay valid.",
    )

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        return {"level": item.value["level"], "text": item.value["text"] or "", "anchor": item.value["anchor"] or ""}

    def plain_text(self, value: Any) -> str:
        return value["text"] or ""

    class Meta:
        icon = "title"
        label = "Section heading"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(features=PARAGRAPH_FEATURES, required=False, **kwargs)

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        # Internal links become URLs in the language being rendered (the caller
        # activates it), so a frontend never sees Wagtail's <a linktype="page"> markup.
        # Cleaned because stored HTML may not have come through the editor.
        return {"html": web_html(expand_db_html(item.value.source))}

    def plain_text(self, value: Any) -> str:
        return strip_tags(value.source)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"


class BulletListBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(required=False, max_length=500, label="Item"))

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        return {"items": [entry or "" for entry in item.value["items"]]}

    def plain_text(self, value: Any) -> str:
        return "\n".join(entry or "" for entry in value["items"])

    class Meta:
        icon = "list-ul"
        label = "Bullet list"


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("quote", "Pull quote"), ("note", "Note"), ("warning", "Warning")],
        default="quote",
    )
    text = blocks.TextBlock(required=False, max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        value = item.value
        return {"style": value["style"], "text": value["text"] or "", "attribution": value["attribution"] or ""}

    def plain_text(self, value: Any) -> str:
        return " ".join(part for part in (value["text"], value["attribution"]) if part)

    class Meta:
        icon = "openquote"
        label = "Callout or quote"
