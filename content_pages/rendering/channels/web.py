"""The web channel: the JSON a website frontend reads from the pages API.

Rendered once per page and language when the page (or a snippet it shows) is published;
the API serves the stored result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.utils.translation import override
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from content_pages.foundations.languages import content_languages
from content_pages.foundations.localized import localized
from content_pages.foundations.sanitising import web_html
from content_pages.foundations.search_text import searchable
from content_pages.foundations.urls import page_full_url
from content_pages.models import ArticleIndexPage, ArticlePage, EnquiryFormPage, HomePage
from content_pages.reads.article_view import ArticleView, ContributorView, article_view
from content_pages.reads.privacy_notices import privacy_notice
from content_pages.reads.rich_text import expand
from content_pages.reads.streams import LocalizedStream
from content_pages.reads.translation_reviews import awaiting_paths
from content_pages.reads.translation_status import page_status
from content_pages.rendering import images, shapes
from content_pages.rendering.blocks import renderer_for
from content_pages.rendering.channels.base import RenderContext, Rendering
from content_pages.rendering.contracts.common import Alternate, to_json
from content_pages.rendering.contracts.pages import Contributor, HeroImage, Review, Topic, validate_page_detail
from content_pages.rendering.readability import stream_readability

SUMMARY_FIELDS = ("title", "standfirst")


def page_type(page: Page) -> str:
    return f"{page._meta.app_label}.{type(page).__name__}"


def _alternates(page: Page) -> list[dict[str, Any]]:
    alternates = []
    for code in content_languages():
        with override(code):
            alternate = Alternate(
                language=code, html_url=page_full_url(page), detail_url=shapes.page_detail_url(page.pk, code)
            )
            alternates.append(to_json(alternate))
    return alternates


def _meta(page: Page, context: RenderContext) -> dict[str, Any]:
    language = context.language
    return {
        "type": page_type(page),
        "detail_url": shapes.page_detail_url(page.pk, language),
        "html_url": page_full_url(page),
        "slug": page.slug,
        "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
        "last_published_at": page.last_published_at.isoformat() if page.last_published_at else None,
        "parent_id": page.get_parent().pk if (page.depth or 0) > 1 else None,
        "seo_title": context.text(localized(page, "seo_title", language), "seo_title"),
        "search_description": context.text(localized(page, "search_description", language), "search_description"),
        "language": language,
        "available_languages": shapes.languages(),
        "alternates": _alternates(page),
        "fallbacks": [to_json(item) for item in context.fallbacks],
        "translation": {**page_status(page, language).as_dict(), "awaiting_review": awaiting_paths(page, language)},
        "preview": False,
        **context.extra_meta,
    }


def _rich_text(page: Page, field: str, context: RenderContext) -> str:
    value = localized(page, field, context.language)
    source = getattr(value.value, "source", value.value) or ""
    if source and value.is_fallback:
        context.note_fallback(field, value.language)
    return web_html(expand(source)) if source else ""


def _blocks(stream: LocalizedStream, context: RenderContext) -> list[dict[str, Any]]:
    result = []
    for item in stream.blocks:
        for path in item.fallback_paths:
            context.note_fallback(path, item.served_by[path])
        renderer = renderer_for(item.block)
        context.search_parts.append(renderer.plain_text(item.value))
        result.append({"type": item.block_type, "id": item.id, "value": renderer.value(item, context)})
    return result


def _kind(kind: str) -> Literal["person", "organization"]:
    if kind == "person":
        return "person"
    if kind == "organization":
        return "organization"
    raise ValueError(f"A contributor is a person or an organization, not {kind!r}.")


def _contributor(view: ContributorView | None, path: str, context: RenderContext) -> Contributor | None:
    if view is None:
        return None
    role = context.text(view.role, f"{path}.role")
    return Contributor(name=view.name, kind=_kind(view.kind), role=role, url=view.url)


def _review(page: ArticlePage, view: ArticleView, context: RenderContext) -> Review:
    return Review(
        author=_contributor(view.author, "review.author", context),
        medical_reviewer=_contributor(view.reviewer, "review.medical_reviewer", context),
        last_reviewed=page.last_reviewed.isoformat() if page.last_reviewed else None,
        next_review_due=page.next_review_due.isoformat() if page.next_review_due else None,
        last_reviewed_display=view.last_reviewed,
        next_review_due_display=view.next_review_due,
        # Stored as not overdue; the API sets it as of the request (``review_due`` below).
        overdue=False,
    )


def _hero(image: AbstractImage) -> HeroImage:
    found = images.renditions(image)
    social = found.get(images.SOCIAL_SPEC)
    return HeroImage(
        image_id=image.pk,
        url=images.url(social) if social is not None else "",
        width=social.width if social is not None else 0,
        height=social.height if social is not None else 0,
        renditions=images.contract(found),
    )


def _article(page: ArticlePage, context: RenderContext) -> dict[str, Any]:
    view: ArticleView = article_view(page, None, context.language)
    for consulted in view.consulted:
        context.depends_on(consulted)
    context.extra_meta["readability"] = stream_readability(view.body).as_dict()
    references = []
    for ref_view in view.references:
        reference = ref_view.reference
        lay_summary = context.text(ref_view.lay_summary, f"references.{reference.pk}.lay_summary")
        references.append(to_json(shapes.reference(reference, lay_summary)))
    hero = None
    if page.hero_image is not None:
        context.depends_on(page.hero_image)
        hero = to_json(_hero(page.hero_image))
    return {
        "title": context.text(view.title, "title"),
        "standfirst": context.text(view.standfirst, "standfirst"),
        "topics": [
            to_json(
                Topic(
                    id=topic.topic.pk,
                    slug=topic.topic.slug,
                    name=context.text(topic.name, f"topics.{topic.topic.slug}.name"),
                )
            )
            for topic in view.topics
        ],
        "hero_image": hero,
        "body": _blocks(view.body, context),
        "references": references,
        "aside": _blocks(view.aside, context),
        "review": to_json(_review(page, view, context)),
        "json_ld": view.json_ld,
    }


def _with_intro(page: Page, context: RenderContext) -> dict[str, Any]:
    return {
        "title": context.text(localized(page, "title", context.language), "title"),
        "intro": _rich_text(page, "intro", context),
    }


def _form(page: EnquiryFormPage, context: RenderContext) -> dict[str, Any]:
    from content_pages.models.forms import autocomplete_token, split_choices

    language = context.language
    fields = []
    for form_field in page.form_fields.all():
        values = split_choices(form_field.choices_en or "")
        labels = split_choices(str(localized(form_field, "choices", language)))
        fields.append(
            {
                "name": form_field.clean_name,
                "type": form_field.field_type,
                "required": form_field.required,
                "label": context.text(
                    localized(form_field, "label", language), f"form_fields.{form_field.clean_name}.label"
                ),
                "help_text": context.text(
                    localized(form_field, "help_text", language), f"form_fields.{form_field.clean_name}.help_text"
                ),
                "choices": [
                    {"value": value, "label": label}
                    for value, label in zip(values, labels if len(labels) == len(values) else values, strict=True)
                ],
                "autocomplete": autocomplete_token(form_field),
            }
        )
    return {
        **_with_intro(page, context),
        "thank_you_text": _rich_text(page, "thank_you_text", context),
        "fields": fields,
        "privacy_notice": _privacy_notice(page, context),
    }


def _privacy_notice(page: EnquiryFormPage, context: RenderContext) -> dict[str, str] | None:
    notice = privacy_notice(page, context.language)
    if notice is None:
        return None
    if notice.text.is_fallback:
        context.note_fallback("privacy_notice.text", notice.text.language)
    if notice.has_link and notice.link_label.is_fallback:
        context.note_fallback("privacy_notice.link_label", notice.link_label.language)
    return {
        "text": str(notice.text),
        "language": notice.text.language,
        "link_label": str(notice.link_label) if notice.has_link else "",
        "link_url": notice.link_url if notice.has_link else "",
    }


def _base(page: Page, context: RenderContext) -> dict[str, Any]:
    return {"title": context.text(localized(page, "title", context.language), "title")}


BUILDERS: dict[type[Page], Callable[[Any, RenderContext], dict[str, Any]]] = {
    ArticlePage: _article,
    ArticleIndexPage: _with_intro,
    HomePage: _with_intro,
    EnquiryFormPage: _form,
}


class WebChannel:
    name = "web"
    modes: tuple[str, ...] = ("",)

    def render(self, page: Page, language: str, mode: str = "") -> Rendering:  # noqa: ARG002 the Channel protocol's signature; issue 27 part A rebuilds it
        page = page.specific
        context = RenderContext(language=language)
        with override(language):
            builder = BUILDERS.get(type(page), _base)
            fields = builder(page, context)
            payload = {"id": page.pk, "channel": "web", "mode": "full", "meta": _meta(page, context), **fields}
        # The stored payload is served verbatim, so check it against the published
        # contract here, once, rather than trusting every future template change.
        validate_page_detail(payload)
        summary_meta = {
            key: payload["meta"][key] for key in ("type", "detail_url", "html_url", "slug", "first_published_at")
        }
        summary_meta["fallbacks"] = [to_json(item) for item in context.fallbacks if item.field in SUMMARY_FIELDS]
        summary = {
            "id": page.pk,
            "meta": summary_meta,
            **{key: payload[key] for key in SUMMARY_FIELDS if key in payload},
        }
        return Rendering(
            review_due=getattr(page, "next_review_due", None),
            payload=payload,
            summary=summary,
            search_text=searchable(
                " ".join(
                    part for part in (fields.get("title"), fields.get("standfirst"), *context.search_parts) if part
                )
            ),
            dependencies=context.dependencies,
        )
