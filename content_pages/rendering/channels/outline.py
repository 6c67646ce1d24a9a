"""A page as a channel-neutral sequence of parts, for the messaging channels.

The outline is built from the same localized view the website uses, so every channel
shows the same text in the same language with the same fallbacks; each channel only
decides how a part looks and where messages break.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Page

from content_pages.foundations import sections as article_sections
from content_pages.foundations.localized import localized
from content_pages.foundations.urls import page_full_url
from content_pages.models import ArticlePage
from content_pages.reads.article_view import article_view
from content_pages.reads.cta import CtaView
from content_pages.reads.rich_text import expand
from content_pages.rendering import images
from content_pages.rendering.callouts import QUOTE, callout_label
from content_pages.rendering.channels.base import RenderContext
from content_pages.rendering.channels.text import Runs, paragraphs_from_html, text_run

logger = logging.getLogger(__name__)


@dataclass
class Part:
    """One thing a messaging channel shows: text, a list, a quote, an action."""

    # title | standfirst | heading | paragraph | bullets | quote | note | warning | image | cta | form |
    # references | review | meta
    kind: str
    runs: Runs = field(default_factory=list)
    items: list[Runs] = field(default_factory=list)
    cta: CtaView | None = None
    form: dict[str, Any] | None = None
    path: str = ""
    # True where a new section starts: messaging channels begin a new message there.
    starts_section: bool = False
    # A section heading's short name for chat menus, as the editor wrote it ("" when none).
    menu_label: str = ""
    # An image's absolute URL (its runs are the caption, or the alt text without one).
    image_url: str = ""
    # A note's or warning's label in the rendering's language ("Warning", "Amaran"):
    # each channel puts it before the text in its own way (``callouts.callout_label``).
    label: str = ""


def _paragraph_parts(html: str, path: str) -> list[Part]:
    return [Part("paragraph", runs=runs, path=path) for runs in paragraphs_from_html(expand(html))]


def _block_parts(item: Any, context: RenderContext, page_url: str) -> list[Part]:  # noqa: C901, PLR0911, PLR0912 split in issue 27 part A
    value = item.value
    kind = item.block_type
    label_path = f"{item.path}.menu_label"
    # A menu label served from another language than its heading would name the section
    # in the wrong language: the heading, shortened, names it instead.
    foreign_label = label_path in item.fallback_paths and f"{item.path}.text" not in item.fallback_paths
    for path in item.fallback_paths:
        if not (foreign_label and path == label_path):
            context.note_fallback(path, item.served_by[path])
    if kind == "heading":
        return [
            Part(
                "heading",
                runs=text_run(value["text"] or ""),
                path=item.path,
                starts_section=article_sections.starts_section(value["level"]),
                menu_label="" if foreign_label else " ".join((value.get("menu_label") or "").split()),
            )
        ]
    if kind == "paragraph":
        return _paragraph_parts(value.source, item.path)
    if kind == "bullet_list":
        return [Part("bullets", items=[text_run(entry) for entry in value["items"] if entry], path=item.path)]
    if kind == "callout":
        text = value["text"] or ""
        if value["attribution"]:
            text = f"{text} — {value['attribution']}"
        # The label is in the page's language even where the text fell back to another:
        # it is the page speaking, like "References".
        label = callout_label(value["style"], context.language)
        if label is None:
            return [Part(QUOTE, runs=text_run(text), path=item.path)]
        if not text:
            return []  # a label alone would warn of nothing
        return [Part(value["style"], runs=text_run(text), path=item.path, label=label)]
    if kind == "cta":
        view = item.extra["cta"]
        context.depends_on(value["cta"])
        for name, part in (("heading", view.heading), ("body", view.body), ("button_label", view.button_label)):
            if part.value and part.is_fallback:
                context.note_fallback(f"{item.path}.cta.{name}", part.language)
        return [Part("cta", cta=view, path=item.path)]
    if kind == "enquiry_form":
        form_page = item.extra["form_page"]
        context.depends_on(form_page)
        with override(context.language):
            url = page_full_url(form_page) or page_url
        form = {"page_id": form_page.pk, "heading": str(item.extra["heading"]), "url": url}
        notice = item.extra.get("privacy_notice")
        if notice is not None:
            # The site's privacy notice goes with the invitation: people see what happens
            # to their details before they start.
            for name in ("text", "link_label"):
                served = getattr(notice, name)
                if served.value and served.is_fallback:
                    context.note_fallback(f"{item.path}.privacy_notice.{name}", served.language)
            form["privacy_text"] = str(notice.text)
            if notice.has_link:
                form["privacy_link_label"] = str(notice.link_label)
                form["privacy_url"] = notice.link_url
        return [Part("form", form=form, path=item.path)]
    if kind == "image":
        caption = value["caption"] or value["alt_text"] or ""
        image = value["image"]
        if image is None:
            return [Part("paragraph", runs=text_run(caption, italic=True), path=item.path)] if caption else []
        context.depends_on(image)
        rendition = images.chat_rendition(images.renditions(image, *images.RESPONSIVE_SPECS))
        if rendition is None:
            # No JPEG or PNG within the platforms' limits (or none made yet, for a reader's
            # on-the-spot rendering): the caption goes as text, as for a missing image.
            logger.warning("Image %s of %s has no rendition a chat platform accepts", image.pk, item.path)
            return [Part("paragraph", runs=text_run(caption, italic=True), path=item.path)] if caption else []
        return [Part("image", runs=text_run(caption), path=item.path, image_url=images.url(rendition))]
    return []


def page_outline(page: Page, context: RenderContext) -> list[Part]:
    language = context.language
    with override(language):
        page_url = page_full_url(page)
        if not isinstance(page, ArticlePage):
            title = localized(page, "title", language)
            parts = [Part("title", runs=text_run(context.text(title, "title")), path="title")]
            intro = localized(page, "intro", language) if hasattr(page, "intro") else None
            if intro is not None and intro.value:
                if intro.is_fallback:
                    context.note_fallback("intro", intro.language)
                parts += _paragraph_parts(getattr(intro.value, "source", str(intro.value)), "intro")
            parts.append(Part("meta", runs=text_run(page_url, href=page_url), path="url"))
            return parts

        view = article_view(page, None, language)
        for consulted in view.consulted:
            context.depends_on(consulted)
        parts = [Part("title", runs=text_run(context.text(view.title, "title")), path="title")]
        standfirst = context.text(view.standfirst, "standfirst")
        if standfirst:
            parts.append(Part("standfirst", runs=text_run(standfirst), path="standfirst"))
        for item in view.body.blocks:
            parts += _block_parts(item, context, page_url)
        if view.references:
            parts.append(
                Part(
                    "references",
                    items=[text_run(ref.citation_text) for ref in view.references],
                    path="references",
                    starts_section=True,
                )
            )
        for item in view.aside.blocks:
            parts += _block_parts(item, context, page_url)
        if view.last_reviewed:
            # The date is already in the reader's language (Babel), like the website's.
            reviewed = _("Last reviewed: %(date)s") % {"date": view.last_reviewed}
            parts.append(Part("review", runs=text_run(reviewed), path="review"))
        parts.append(Part("meta", runs=text_run(page_url, href=page_url), path="url"))
    return parts


def page_url_of(parts: list[Part]) -> str:
    return next((part.runs[0].href for part in parts if part.kind == "meta" and part.runs), "")
