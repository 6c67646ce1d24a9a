"""/api/v2/pages/: published pages in the requested language."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Path, Query
from pydantic import WithJsonSchema

from content_pages.interfaces.api import actions, list_cursor
from content_pages.interfaces.api.language import query_or_accept_language
from content_pages.interfaces.api.params import (
    MAX_ID,
    SEARCH_MAX_LENGTH,
    LanguageCode,
    OrderCode,
    PageTypeCode,
    StrictRouter,
    fields_pattern,
    id_path,
    lang_query,
    limit_query,
    offset_query,
)
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.contracts.channels import (
    ConversationTurn,
    PageChannelRendering,
    WhatsAppTemplateRendering,
)
from content_pages.rendering.contracts.common import Error
from content_pages.rendering.contracts.pages import PageDetail, PageList

router = StrictRouter(tags=["pages"])
# Longer than any id a conversation uses (``s:`` and a 36-character block id).
SECTION_ID_MAX = 100


LANG = lang_query()
# ``getPageChannel``'s modes, listed in the document; which ones a channel has is checked by
# the endpoint (a 404 listing them).
RENDERING_MODES = tuple(
    dict.fromkeys(mode for channel in CHANNELS.values() for mode in actions.rendering_modes(channel))
)


@router.get(
    "/",
    response={200: PageList, 304: None, 400: Error, 404: Error},
    operation_id="listPages",
    summary="List published pages",
    description=(
        "Live, public pages in the requested language. Each item has `id`, `meta` and `title`, plus the "
        "fields named in `fields=` (`*` for all; `-name` to drop one). Without `type=`, only `title` is "
        "available."
    ),
)
def list_pages(
    request: HttpRequest,
    *,
    type: PageTypeCode | None = Query(None, description="Page type, e.g. `content_pages.ArticlePage`."),
    child_of: int | None = Query(None, ge=1, le=MAX_ID, description="Only direct children of this page id."),
    fields: str | None = Query(
        None,
        pattern=fields_pattern(actions.all_fields()),
        description="Comma-separated extra fields, `*`, or `-field`. A field that a page's type does not have "
        "is left out of that page's item.",
    ),
    search: str | None = Query(
        None,
        max_length=SEARCH_MAX_LENGTH,
        description="Full-text search in the requested language; only words count, not quotes or operators.",
    ),
    order: OrderCode | None = Query(
        None, description="id, title, first_published_at, last_published_at; `-` to reverse."
    ),
    limit: int = limit_query(),
    offset: int = offset_query(),
    cursor: str | None = Query(
        None,
        pattern=list_cursor.CURSOR_PATTERN,
        max_length=list_cursor.CURSOR_MAX_LENGTH,
        description="`meta.next_cursor` of the previous page, unchanged, with the same `order`: the next page "
        "starts after that one's last item, however deep, and nothing shifts when pages are published meanwhile. "
        "Not with `offset`, nor a search without `order`.",
    ),
    lang: LanguageCode | None = LANG,
) -> HttpResponse:
    return actions.page_list(
        request,
        query_or_accept_language(request, lang),
        type_name=type.value if type else None,
        child_of=child_of,
        fields=fields,
        search=search,
        order=order.value if order else None,
        limit=limit,
        offset=offset,
        cursor=cursor,
    )


@router.get(
    "/find/",
    response={302: None, 400: Error, 404: Error},
    operation_id="findPage",
    summary="Find a page by its website path",
    description="Redirects to the detail endpoint of the page at `html_path` (a language prefix sets the language).",
)
def find_page(
    request: HttpRequest,
    html_path: str = Query(..., description="A website path such as `/ms/artikel/…/`."),
    lang: LanguageCode | None = LANG,
) -> HttpResponse:
    language = str(lang.value) if lang is not None else None
    return actions.find_page(request, html_path, language)


@router.get(
    "/{int:page_id}/",
    response={200: PageDetail, 304: None, 400: Error, 403: Error, 404: Error},
    operation_id="getPage",
    summary="A published page, fully resolved",
    description=(
        "CTAs come inline with their translated texts and final URL, references formatted (APA 7) with DOI "
        "links, rich text with internal links as URLs. `meta.fallbacks` lists every part served from a "
        "fallback language. With `preview_token`, the latest draft is returned instead (never cached)."
    ),
)
def page_detail(
    request: HttpRequest,
    page_id: int = id_path("page"),
    lang: LanguageCode | None = LANG,
    preview_token: str | None = Query(None, description="Signed token from the admin; shows the latest draft."),
) -> HttpResponse:
    return actions.page_detail(request, page_id, query_or_accept_language(request, lang), preview_token)


_TURN_DESCRIPTION = (
    "The article one section per turn, as a bot sends it for one tap. Without `section`, the opening (title, "
    "standfirst, review date) and the section menu (a WhatsApp list message, a Telegram inline keyboard); with "
    "`section=<id>` (a menu row's or button's id: `menu`, `menu:2`, `intro`, `s:<block id>`, `refs`, `aside`), "
    "that menu page or section, ending with buttons to the next section and the menu. A channel without "
    "conversations is a 404 listing the ones with."
)
_LEGACY_MODES = (
    "Deprecated: `mode=conversation` (WhatsApp, Telegram) and `mode=template` (WhatsApp) are still answered here "
    "for bots written before API 2.1 (this document's `info.version`), outside this schema, with a `Deprecation` "
    "header and a `Link` "
    '(`rel="successor-version"`) to `getConversationTurn` / `getPageTemplate`; use those.'
)


def _channel_path(channels: tuple[str, ...]) -> Any:
    return Path(..., description=f"One of: {', '.join(channels)}. Another is a 404 listing them.")


# Strings the document lists as enums and the endpoint checks itself: an unknown channel
# is a 404 that lists the channels, an unknown mode one that lists the channel's modes.
ChannelName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(CHANNELS)})]
ConversationChannelName = Annotated[
    str, WithJsonSchema({"type": "string", "enum": list(actions.CONVERSATION_CHANNELS)})
]
RenderingMode = Annotated[str, WithJsonSchema({"type": "string", "enum": list(RENDERING_MODES)})]
CHANNEL = _channel_path(tuple(CHANNELS))
CONVERSATION_CHANNEL = _channel_path(actions.CONVERSATION_CHANNELS)


@router.get(
    "/{int:page_id}/channels/{channel}/",
    response={200: PageChannelRendering, 304: None, 400: Error, 403: Error, 404: Error},
    operation_id="getPageChannel",
    summary="A published page rendered for one channel",
    description=(
        "`whatsapp`: Cloud API message objects (add `to`); `telegram`: Bot API sendMessage objects (add "
        "`chat_id`); `sms`: texts with encoding and segment counts, `mode=summary` (default) or `full`; `web`: "
        "the same as the page detail. Every message is within the channel's limits. Each rendering names its "
        "`channel` (the discriminator) and `mode`. An unknown channel is a 404 listing the channels. " + _LEGACY_MODES
    ),
)
def page_channel(
    request: HttpRequest,
    *,
    page_id: int = id_path("page"),
    channel: ChannelName = CHANNEL,
    lang: LanguageCode | None = LANG,
    mode: RenderingMode | None = Query(
        None,
        description="SMS: `summary` (default) or `full`; the other channels: `full` (their default). A mode the "
        "channel does not have is a 404 listing its modes.",
    ),
    section: str | None = Query(
        None,
        min_length=1,
        max_length=SECTION_ID_MAX,
        deprecated=True,
        description="Only with the deprecated `mode=conversation` (a 400 otherwise): use getConversationTurn.",
    ),
    preview_token: str | None = Query(None, description="Signed token from the admin; renders the latest draft."),
) -> HttpResponse:
    return actions.channel_detail(
        request,
        page_id,
        channel,
        language=query_or_accept_language(request, lang),
        mode=mode,
        preview_token=preview_token,
        section=section,
    )


@router.get(
    "/{int:page_id}/channels/{channel}/conversation/",
    response={200: ConversationTurn, 304: None, 400: Error, 403: Error, 404: Error},
    operation_id="getConversationTurn",
    summary="One turn of a page as a chat conversation (WhatsApp, Telegram)",
    description=_TURN_DESCRIPTION,
)
def conversation_turn(
    request: HttpRequest,
    *,
    page_id: int = id_path("page"),
    channel: ConversationChannelName = CONVERSATION_CHANNEL,
    lang: LanguageCode | None = LANG,
    section: str | None = Query(
        None,
        min_length=1,
        max_length=SECTION_ID_MAX,
        description="The menu page or section to send, by the id its row or button carries; without it, the "
        "opening. An id the article does not have is a 404 listing the ids.",
    ),
    preview_token: str | None = Query(None, description="Signed token from the admin; renders the latest draft."),
) -> HttpResponse:
    return actions.conversation_detail(
        request,
        page_id,
        channel,
        language=query_or_accept_language(request, lang),
        preview_token=preview_token,
        section=section,
    )


@router.get(
    "/{int:page_id}/channels/whatsapp/template/",
    response={200: WhatsAppTemplateRendering, 304: None, 400: Error, 403: Error, 404: Error},
    operation_id="getPageTemplate",
    summary="A WhatsApp notification template announcing a published page",
    description=(
        "The creation payload for Meta's template API and the send payload for one recipient (add `to`), the "
        "page's title as its parameter."
    ),
)
def page_template(
    request: HttpRequest,
    *,
    page_id: int = id_path("page"),
    lang: LanguageCode | None = LANG,
    preview_token: str | None = Query(None, description="Signed token from the admin; renders the latest draft."),
) -> HttpResponse:
    return actions.template_detail(
        request, page_id, language=query_or_accept_language(request, lang), preview_token=preview_token
    )
