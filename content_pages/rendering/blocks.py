"""What each body block becomes in the web/JSON payload and in the page's search text.

Blocks hold structure only and know no renderer; this table is where a block type meets
its rendering. A new block type needs an entry here, which a test checks for every child
of the body and aside streams.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import override
from wagtail import blocks

from content_pages.blocks import (
    BulletListBlock,
    CalloutBlock,
    CallToActionBlock,
    EnquiryFormEmbedBlock,
    ImageBlock,
    ParagraphBlock,
    SectionHeadingBlock,
)
from content_pages.foundations.localized import localized
from content_pages.foundations.sanitising import web_html
from content_pages.foundations.urls import page_full_url
from content_pages.reads.rich_text import expand
from content_pages.reads.streams import LocalizedBlock
from content_pages.rendering import images
from content_pages.rendering.callouts import callout_label
from content_pages.rendering.channels.base import RenderContext
from content_pages.rendering.contracts.common import to_json


@dataclass(frozen=True)
class BlockRenderer:
    value: Callable[[LocalizedBlock, RenderContext], dict[str, Any]]
    plain_text: Callable[[Any], str]


def _heading(item: LocalizedBlock, _context: RenderContext) -> dict[str, Any]:
    return {"level": item.value["level"], "text": item.value["text"] or "", "anchor": item.value["anchor"] or ""}


def _paragraph(item: LocalizedBlock, _context: RenderContext) -> dict[str, Any]:
    # Internal links become URLs in the language being rendered (the caller activates
    # it), so a frontend never sees Wagtail's <a linktype="page"> markup. Cleaned because
    # stored HTML may not have come through the editor.
    return {"html": web_html(expand(item.value.source))}


def _bullet_list(item: LocalizedBlock, _context: RenderContext) -> dict[str, Any]:
    return {"items": [entry or "" for entry in item.value["items"]]}


def _callout(item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
    value = item.value
    return {
        "style": value["style"],
        "text": value["text"] or "",
        "attribution": value["attribution"] or "",
        "safety": bool(value.get("safety")),
        # In the language being rendered, even where the text fell back to another.
        "label": callout_label(value["style"], context.language),
    }


def _cta(item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
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


def _image(item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
    image = item.value["image"]
    context.depends_on(image)
    found = images.renditions(image) if image is not None else {}
    rendition = found.get(images.BLOCK_SPEC)
    return {
        "image_id": image.pk if image is not None else None,
        "url": images.url(rendition) if rendition is not None else "",
        "width": rendition.width if rendition is not None else 0,
        "height": rendition.height if rendition is not None else 0,
        "alt_text": item.value["alt_text"] or "",
        "caption": item.value["caption"] or "",
        "renditions": to_json(images.contract(found)),
    }


def _enquiry_form(item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
    form_page = item.value["form_page"].specific
    context.depends_on(form_page)
    heading = item.value["heading_override"] or context.text(
        localized(form_page, "title", context.language), f"{item.path}.form_page.title"
    )
    with override(context.language):
        html_url = page_full_url(form_page)
    return {"form_page_id": form_page.pk, "heading": heading, "html_url": html_url}


def _joined(*names: str, separator: str = " ") -> Callable[[Any], str]:
    return lambda value: separator.join(part for part in (value[name] for name in names) if part)


BLOCK_RENDERERS: dict[type[blocks.Block], BlockRenderer] = {
    SectionHeadingBlock: BlockRenderer(_heading, lambda value: value["text"] or ""),
    ParagraphBlock: BlockRenderer(_paragraph, lambda value: strip_tags(value.source)),
    BulletListBlock: BlockRenderer(_bullet_list, lambda value: "\n".join(entry or "" for entry in value["items"])),
    CalloutBlock: BlockRenderer(_callout, _joined("text", "attribution")),
    CallToActionBlock: BlockRenderer(_cta, _joined("heading_override", "body_override")),
    ImageBlock: BlockRenderer(_image, lambda value: value["caption"] or ""),
    EnquiryFormEmbedBlock: BlockRenderer(_enquiry_form, lambda value: value["heading_override"] or ""),
}


def renderer_for(block: blocks.Block) -> BlockRenderer:
    for cls in type(block).__mro__:
        if cls in BLOCK_RENDERERS:
            return BLOCK_RENDERERS[cls]
    raise LookupError(f"No renderer for block {type(block).__name__}; add it to rendering.blocks.BLOCK_RENDERERS.")
