"""Text blocks: headings, paragraphs, bullet lists and callouts.

Text children are not required at block level: the same block definitions serve the
source stream and each language's translation stream, where an empty text means
"not translated yet, fall back". Required-ness in the source language is checked by
the page (``publishing.article_structure.validate_source_stream``), which can name
the block and the language. What a block becomes in each output is the rendering
layer's business (``rendering.blocks``); blocks hold structure only.
"""

from __future__ import annotations

from wagtail import blocks

from content_pages.foundations.limits import MENU_LABEL_MAX, TEXT_MAX

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
    # Chat menus (WhatsApp list rows, Telegram buttons) have room for 24 characters; a
    # section without a label is listed under its heading shortened at a word boundary.
    menu_label = blocks.CharBlock(
        required=False,
        max_length=MENU_LABEL_MAX,
        label="Menu label",
        help_text=f"Sections (h2) only. Optional short name for chat menus, at most {MENU_LABEL_MAX} characters; "
        "without one, a longer heading is shortened with “…”.",
    )

    class Meta:
        icon = "title"
        label = "Section heading"


class ParagraphBlock(blocks.RichTextBlock):
    """At most ``TEXT_MAX`` characters, counted as a reader sees them (without markup):
    the bound that keeps a save's channel checks short."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_length", TEXT_MAX)
        super().__init__(features=PARAGRAPH_FEATURES, required=False, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"


class BulletListBlock(blocks.StructBlock):
    items = blocks.ListBlock(blocks.CharBlock(required=False, max_length=500, label="Item"))

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
    safety = blocks.BooleanBlock(
        required=False,
        help_text="Safety information (a dose, a warning, what to do in an emergency): when its translation is out "
        "of date, readers get the source text instead.",
    )

    class Meta:
        icon = "openquote"
        label = "Callout or quote"
