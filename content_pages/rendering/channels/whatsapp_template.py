"""WhatsApp notification templates: telling a reader that an article is published.

Outside a 24-hour customer-service window WhatsApp only delivers messages made from a
template Meta has approved. So for each article and language this renders what a bot
needs: the creation payload for Meta's message-template API (category UTILITY, a text
header, a body whose parameter ``{{1}}`` is the title, with an example, and a URL button
to the article) and the matching send payload for one recipient (the bot adds ``to``).
Both are checked against Meta's published limits (``foundations/limits.py``).

The template's wording is UI text (the gettext catalogues); only the title, a parameter,
comes from the article, so one approved template serves every article in a language.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Page

from content_pages.foundations.languages import whatsapp_template_language
from content_pages.foundations.limits import (
    TEMPLATE_BODY_MAX,
    TEMPLATE_BUTTON_TEXT_MAX,
    TEMPLATE_HEADER_MAX,
    TEMPLATE_NAME_MAX,
    TEMPLATE_URL_MAX,
)
from content_pages.foundations.localized import localized
from content_pages.foundations.urls import base_url, page_full_url
from content_pages.rendering.channels.base import RenderContext, Rendering
from content_pages.rendering.channels.text import ChannelLimitError
from content_pages.rendering.contracts.channels import (
    TemplateBody,
    TemplateButtons,
    TemplateCreate,
    TemplateExample,
    TemplateHeader,
    TemplateLanguage,
    TemplateMeta,
    TemplateParameter,
    TemplateReference,
    TemplateSend,
    TemplateSendComponent,
    TemplateUrlButton,
    WhatsAppTemplateRendering,
)
from content_pages.rendering.contracts.common import to_json

TEMPLATE: Final = "template"
PARAMETER = "{{1}}"
TEMPLATE_NAME = re.compile(r"^[a-z0-9_]+$")


def template_name(page: Page) -> str:
    """One name per article, the same in every language (Meta keeps the languages of a
    template under one name), from the page id so that a new slug keeps it. A page checked
    before its first save has no id yet: it is named when it is published."""
    return f"article_{page.pk}" if page.pk else "article_unsaved"


def _check(text: str, limit: int, what: str, path: str) -> str:
    if not text or len(text) > limit:
        raise ChannelLimitError(
            f"Template {what} “{text[:40]}” is {len(text)} characters; WhatsApp allows 1 to {limit}.",
            path=path,
            channel="WhatsApp template",
        )
    return text


def template_payloads(page: Page, language: str, context: RenderContext) -> tuple[TemplateCreate, TemplateSend]:
    with override(language):
        title = context.text(localized(page, "title", language), "title")
        # A page being created has no address yet (it is checked before it is placed);
        # it links to the site until it has one, and is rendered again when published.
        url = _check(page_full_url(page, language) or f"{base_url()}/", TEMPLATE_URL_MAX, "URL", "url")
        header = _check(_("New health article"), TEMPLATE_HEADER_MAX, "header", "template.header")
        body = _("A new article you may find useful: “%(title)s”. Tap the button below to read it.") % {
            "title": PARAMETER
        }
        button = _check(_("Read the article"), TEMPLATE_BUTTON_TEXT_MAX, "button text", "template.button")
    name = template_name(page)
    if not TEMPLATE_NAME.match(name) or len(name) > TEMPLATE_NAME_MAX:
        raise ChannelLimitError(f"Template name {name!r} is not valid.", path="template.name", channel="WhatsApp")
    if body.count(PARAMETER) != 1 or body.strip().startswith(PARAMETER) or body.strip().endswith(PARAMETER):
        # Meta refuses a body that starts or ends with a parameter.
        raise ChannelLimitError(
            f"The template body must hold {PARAMETER} once, inside the text: “{body}”.",
            path="template.body",
            channel="WhatsApp",
        )
    # The body as sent (the title in place of the parameter) must fit too.
    _check(body.replace(PARAMETER, title), TEMPLATE_BODY_MAX, "body", "title")
    code = whatsapp_template_language(language)
    create = TemplateCreate(
        name=name,
        language=code,
        category="UTILITY",
        components=[
            TemplateHeader(type="HEADER", format="TEXT", text=header),
            TemplateBody(type="BODY", text=body, example=TemplateExample(body_text=[[title]])),
            TemplateButtons(type="BUTTONS", buttons=[TemplateUrlButton(type="URL", text=button, url=url)]),
        ],
    )
    send = TemplateSend(
        messaging_product="whatsapp",
        recipient_type="individual",
        type="template",
        template=TemplateReference(
            name=name,
            language=TemplateLanguage(code=code),
            components=[TemplateSendComponent(type="body", parameters=[TemplateParameter(type="text", text=title)])],
        ),
    )
    return create, send


def render_template(page: Page, language: str, channel: Literal["whatsapp"]) -> Rendering:
    context = RenderContext(language=language)
    create, send = template_payloads(page.specific, language, context)
    rendering = WhatsAppTemplateRendering(
        channel=channel,
        language=language,
        mode=TEMPLATE,
        create=create,
        send=send,
        meta=TemplateMeta(fallbacks=context.fallbacks),
    )
    return Rendering(
        payload=to_json(rendering), contract=rendering, summary={}, search_text="", dependencies=context.dependencies
    )
