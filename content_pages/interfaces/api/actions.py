"""What each pages endpoint does, once its input is parsed.

Published pages are answered from stored renditions, so a request costs a fixed number
of queries whatever the size of the article; only previews render on the fly.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any, cast
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import override
from wagtail.models import Page, Site

from content_pages.foundations import cache_tags
from content_pages.foundations.etags import strong_etag
from content_pages.foundations.languages import content_languages
from content_pages.interfaces.api import list_cursor
from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.errors import BadRequest, NotFound
from content_pages.interfaces.api.params import (
    FieldSelection,
    parse_limit_offset,
    parse_order,
    parse_page_type,
    parse_search,
)
from content_pages.interfaces.api.preview import page_for_token
from content_pages.interfaces.api.reads_counted import API, count
from content_pages.publishing import renditions
from content_pages.reads import api_pages
from content_pages.reads.review_due import is_overdue, overdue_since
from content_pages.reads.search import ordered_listing, search_listing
from content_pages.rendering.channels import CHANNELS, Channel, get_channel, rendition_key
from content_pages.rendering.channels.conversation import CONVERSATION, conversation_turn, turn_ids
from content_pages.rendering.channels.web import SUMMARY_FIELDS
from content_pages.rendering.channels.whatsapp_template import TEMPLATE
from content_pages.rendering.shapes import page_listing

logger = logging.getLogger(__name__)

ALWAYS_LISTED = ("id", "meta")
# What the stored page detail says it is (``getPageChannel``'s discriminator): not a field to list.
RENDERING_KEYS = ("channel", "mode")
DEFAULT_LIST_FIELDS = ("title",)


def page_detail(request: HttpRequest, page_id: int, language: str, preview_token: str | None) -> HttpResponse:
    return _rendition_response(request, page_id, channel="web", mode="", language=language, token=preview_token)


# Modes that used to be asked for on getPageChannel and have their own operations now.
# They are still answered there, outside the documented schema, with a Deprecation header
# and a Link to the operation that replaces them (docs/api.md, CHANGELOG.md).
LEGACY_MODES = (CONVERSATION, TEMPLATE)
DEPRECATED_SINCE = datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)
CONVERSATION_CHANNELS = tuple(name for name, channel in CHANNELS.items() if CONVERSATION in channel.modes)
# What a channel's default rendering is called on the wire (stored without a mode).
FULL = "full"


def rendering_modes(channel: Channel) -> dict[str, str]:
    """The modes ``getPageChannel`` documents for ``channel``, each with the stored mode it
    serves: the default rendering is stored without a mode and answers as ``full``."""
    return {(mode or FULL): mode for mode in channel.modes if mode not in LEGACY_MODES}


def _known_channel(name: str, channels: tuple[str, ...], *, having: str = "") -> Channel:
    channel = get_channel(name)
    if channel is None or name not in channels:
        raise NotFound(
            f"No channel {name!r}{having}; channels{having} are: {', '.join(channels)}.",
            code="unknown_channel",
            accepted=list(channels),
        )
    return channel


def channel_detail(
    request: HttpRequest,
    page_id: int,
    channel_name: str,
    *,
    language: str,
    mode: str | None,
    preview_token: str | None,
    section: str | None = None,
) -> HttpResponse:
    channel = _known_channel(channel_name, tuple(CHANNELS))
    if mode in LEGACY_MODES and mode in channel.modes:
        return _legacy_mode(
            request, page_id, channel=channel_name, mode=mode, language=language, token=preview_token, section=section
        )
    modes = rendering_modes(channel)
    if mode is None:
        mode = next(iter(modes))
    elif mode not in modes:
        raise NotFound(
            f"mode={mode!r} is not a mode of the {channel_name} channel; use one of: {', '.join(modes)}.",
            code="unknown_mode",
            accepted=list(modes),
        )
    if section is not None:
        raise BadRequest(
            "section is a parameter of getConversationTurn "
            f"(/api/v2/pages/{page_id}/channels/{channel_name}/conversation/).",
            code="section_without_conversation",
        )
    return _rendition_response(
        request, page_id, channel=channel_name, mode=modes[mode], language=language, token=preview_token
    )


def conversation_detail(
    request: HttpRequest,
    page_id: int,
    channel_name: str,
    *,
    language: str,
    preview_token: str | None,
    section: str | None,
) -> HttpResponse:
    _known_channel(channel_name, CONVERSATION_CHANNELS, having=" with conversations")
    return _conversation_response(
        request, page_id, channel=channel_name, language=language, token=preview_token, section=section
    )


def template_detail(request: HttpRequest, page_id: int, *, language: str, preview_token: str | None) -> HttpResponse:
    return _rendition_response(
        request, page_id, channel="whatsapp", mode=TEMPLATE, language=language, token=preview_token
    )


def _legacy_mode(
    request: HttpRequest,
    page_id: int,
    *,
    channel: str,
    mode: str,
    language: str,
    token: str | None,
    section: str | None,
) -> HttpResponse:
    """``?mode=conversation`` / ``?mode=template`` as bots written before 2.1 ask for them:
    answered as before (a redirect would break clients that do not follow one, and cost a
    round trip per turn), and marked deprecated with the operation to move to."""
    if mode == CONVERSATION:
        response = _conversation_response(
            request, page_id, channel=channel, language=language, token=token, section=section
        )
    elif section is not None:
        raise BadRequest(f"section is only accepted with mode={CONVERSATION}.", code="section_without_conversation")
    else:
        response = _rendition_response(request, page_id, channel=channel, mode=mode, language=language, token=token)
    query = urlencode({k: v for k, v in request.GET.items() if k != "mode"})
    successor = f"/api/v2/pages/{page_id}/channels/{channel}/{mode}/" + (f"?{query}" if query else "")
    response["Deprecation"] = f"@{int(DEPRECATED_SINCE.timestamp())}"
    response["Link"] = f'<{successor}>; rel="successor-version"'
    return response


def _turn(stored: dict[str, Any], section: str | None) -> dict[str, Any]:
    turn = conversation_turn(stored, section)
    if turn is None:
        accepted = turn_ids(stored)
        raise NotFound(
            f"section={section!r} is not part of this conversation; use one of: {', '.join(accepted)}.",
            code="unknown_section",
            accepted=accepted,
        )
    return turn


def _conversation_response(
    request: HttpRequest, page_id: int, *, channel: str, language: str, token: str | None, section: str | None
) -> HttpResponse:
    """One turn of the stored conversation: the whole conversation is one rendition per
    language, and each request answers with the turn its ``section`` names.

    The ETag is the stored conversation's, so the URL an event lists (no ``section``: the
    first turn) answers with exactly the ETag the event carries; a named section's is
    derived from it. Either changes whenever the conversation does, and a conversation
    that is the same gives the same turn, so both stay strong validators."""
    if token:
        page = _preview_page(page_id, token)
        rendering = CHANNELS[channel].render(page, language, CONVERSATION)
        body = renditions.serialize(_turn(rendering.payload, section))
        return cached_json(request, body, private=True, language=language)
    stored = _stored(page_id, rendition_key(channel, CONVERSATION), language)
    body = renditions.serialize(_turn(json.loads(stored.body), section))
    etag = stored.etag if section is None else strong_etag(f"{stored.etag}\n{section}")
    response = cached_json(
        request, body, etag=etag, last_modified=stored.last_modified, language=language, tags=_page_tags(page_id)
    )
    if section is None:
        # The opening turn: one conversation, one read.
        count(request, response, page_id, language, channel)
    return response


def _page_tags(page_id: int) -> tuple[str, ...]:
    return (cache_tags.page_tag(page_id),)


def _rendition_response(
    request: HttpRequest, page_id: int, *, channel: str, mode: str, language: str, token: str | None
) -> HttpResponse:
    if token:
        return _preview(request, page_id, channel=channel, mode=mode, language=language, token=token)
    stored = _stored(page_id, rendition_key(channel, mode), language)
    if is_overdue(stored.review_due):
        response = _overdue_response(request, stored, language)
    else:
        response = _stored_response(request, stored, language)
    if mode != TEMPLATE:
        # A template announces the page; reading it is not reading the page.
        count(request, response, page_id, language, API if channel == "web" else channel)
    return response


def _stored_response(request: HttpRequest, stored: Any, language: str) -> HttpResponse:
    """A stored rendering as it was stored: its own body and validators."""
    return cached_json(
        request,
        stored.body,
        etag=stored.etag,
        last_modified=stored.last_modified,
        language=language,
        tags=_page_tags(stored.page_id),
    )


def _stored(page_id: int, key: str, language: str) -> Any:
    stored = api_pages.rendition(page_id, language, key)
    if stored is not None:
        return (_fresh(stored) or stored) if renditions.is_stale(stored, stored.live_revision_id) else stored
    if not api_pages.visible_pages().filter(pk=page_id).exists():
        raise NotFound(f"No published page with id {page_id}.")
    # Published before renditions existed, or its rendering task has not run yet:
    # rendered now, not stored (a read never writes; the task or the sweep stores it).
    logger.warning("Rendering page %s on request: no stored rendition", page_id)
    rendered = renditions.render_one(page_id, key, language)
    if rendered is None or not rendered.public:
        raise NotFound(f"No published page with id {page_id}.")
    return rendered


def _fresh(stored: Any) -> Any:
    """Older than what is live (the worker is behind, or died): rendered now, not served
    stale. Nothing is stored or enqueued here: the publish raised the rows' generation,
    and the worker's sweep refreshes every such row within CMS_WORKER_SWEEP_SECONDS."""
    logger.warning("Rendering page %s on request: stored rendition is stale", stored.page_id)
    return renditions.render_one(stored.page_id, stored.channel, stored.language)


def _overdue_response(request: HttpRequest, stored: Any, language: str) -> HttpResponse:
    """A stored page whose review has fallen due since it was rendered: the same payload
    with ``review.overdue`` set, and validators that change with it, so caches refetch."""
    payload = json.loads(stored.body)
    if "review" not in payload:
        return _stored_response(request, stored, language)
    payload["review"]["overdue"] = True
    body = renditions.serialize(payload)
    last_modified = max(stored.last_modified, overdue_since(stored.review_due))
    return cached_json(request, body, last_modified=last_modified, language=language, tags=_page_tags(stored.page_id))


def _preview_page(page_id: int, token: str) -> Page:
    if page_for_token(token) != page_id:
        raise BadRequest("This preview token is for another page.", code="preview_wrong_page")
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise NotFound(f"No page with id {page_id}.")
    return cast(Page, page.specific.get_latest_revision_as_object())


def _preview(request: HttpRequest, page_id: int, *, channel: str, mode: str, language: str, token: str) -> HttpResponse:
    draft = _preview_page(page_id, token)
    rendering = CHANNELS[channel].render(draft, language, mode)
    if channel == "web":
        rendering.payload["meta"]["preview"] = True
        if "review" in rendering.payload:
            rendering.payload["review"]["overdue"] = is_overdue(rendering.review_due)
    return cached_json(request, renditions.serialize(rendering.payload), private=True, language=language)


def summary_suffices(selection: FieldSelection) -> bool:
    """Whether the stored summaries hold every field the listing shows: then no row's
    body (the largest column) is read. A page type without a summary field (an index
    page has no standfirst) has it in its body neither, so the items are the same."""
    return not selection.everything and set(selection.include) <= set(SUMMARY_FIELDS)


def _list_item(row: Any, selection: FieldSelection) -> dict[str, Any]:
    """One listed page: its stored summary, or the full rendition when ``fields=`` asks
    for more than the summary holds."""
    summary = row.summary
    wanted = set(DEFAULT_LIST_FIELDS) | set(selection.include)
    source = summary
    if not summary_suffices(selection):
        source = json.loads(row.body)
        if selection.everything:
            wanted |= set(source) - set(ALWAYS_LISTED) - set(RENDERING_KEYS)
    wanted -= set(selection.exclude)
    item: dict[str, Any] = {"id": row.page_id, "meta": dict(summary["meta"])}
    item["meta"]["fallbacks"] = [f for f in source["meta"]["fallbacks"] if f["field"] in wanted]
    item.update({name: value for name, value in source.items() if name in wanted})
    if "review" in item:
        item["review"] = {**item["review"], "overdue": is_overdue(row.review_due)}
    return item


def page_list(
    request: HttpRequest,
    language: str,
    *,
    type_name: str | None,
    child_of: int | None,
    fields: str | None,
    search: str | None,
    order: str | None,
    limit: int,
    offset: int,
    cursor: str | None = None,
) -> HttpResponse:
    model = parse_page_type(type_name)
    selection = FieldSelection.parse(fields)
    selection.check(available_fields(model))
    limit, offset = parse_limit_offset(limit, offset)
    order = parse_order(order)
    terms = parse_search(search)
    after = _position(cursor, order, offset=offset, ranked=terms is not None and order is None)

    pages = api_pages.PageFilter(
        language=language,
        content_type_ids=api_pages.page_type_ids(model),
        parent_id=child_of,
    )
    body = not summary_suffices(selection)
    if terms is None:
        listing = api_pages.listing(pages, order, limit, offset, body=body, after=after)
    elif order is None:
        listing = search_listing(pages, terms, limit, offset, body=body)
    else:
        listing = ordered_listing(pages, terms, order, limit, offset, body=body, after=after)
    if child_of is not None and not listing.page_ids and not api_pages.is_listable_parent(child_of):
        raise NotFound(f"child_of={child_of}: no published page has that id.", code="unknown_parent")

    rows, total = _listed_renditions(listing)
    items = [_list_item(rows[pk], selection) for pk in listing.page_ids if pk in rows]
    next_cursor = list_cursor.encode(order, listing.next) if listing.next else None
    body_text = renditions.serialize(page_listing(total=total, language=language, items=items, next_cursor=next_cursor))
    last_modified = max((row.last_modified for row in rows.values()), default=None)
    return cached_json(
        request, body_text, last_modified=last_modified, language=language, tags=(cache_tags.PAGE_LISTS,)
    )


def _position(cursor: str | None, order: str | None, *, offset: int, ranked: bool) -> api_pages.Position | None:
    """Where ``cursor`` says the page starts, if it is one this list gives out."""
    if cursor is None:
        return None
    if offset:
        raise BadRequest("Pass cursor or offset, not both: a cursor says where the page starts.", code="invalid_cursor")
    if ranked:
        raise BadRequest(
            "A search without order= is ranked by relevance, which has no cursor; page it with offset.",
            code="invalid_cursor",
        )
    return list_cursor.decode(cursor, order)


def _listed_renditions(listing: api_pages.Listing) -> tuple[dict[int, Any], int]:
    """The rows to show and the total: a stale row rendered now, as a detail does. A list
    shows stored rows only: a page is listed once the worker has stored its rows, seconds
    after its publish (as its webhook is sent)."""
    # Stored rows with their page's ``live_revision_id`` read beside them.
    rows: dict[int, Any] = dict(listing.renditions)
    for pk, row in list(rows.items()):
        if renditions.is_stale(row, row.live_revision_id):
            rows[pk] = _fresh(row) or row
    return rows, listing.total


COMMON_FIELDS = {"title"}
TYPE_FIELDS: dict[str, set[str]] = {
    "ArticlePage": {"standfirst", "topics", "hero_image", "body", "references", "aside", "review", "json_ld"},
    "ArticleIndexPage": {"intro"},
    "HomePage": {"intro"},
    "EnquiryFormPage": {"intro", "thank_you_text", "fields"},
}


def all_fields() -> set[str]:
    return COMMON_FIELDS.union(*TYPE_FIELDS.values())


def available_fields(_model: type[Page] | None) -> set[str]:
    """Any page type's field may be asked for: a page whose type has no such field simply
    leaves it out, so one request can list several types."""
    return all_fields()


def find_page(request: HttpRequest, html_path: str, language: str | None) -> HttpResponse:
    """Redirect a website path (``/ms/artikel/...``) to the page's detail endpoint."""
    components = [part for part in html_path.split("/") if part]
    # The slugs in the path are in the language of its prefix; ``lang`` only chooses the
    # language of the answer.
    path_language = components.pop(0) if components and components[0] in content_languages() else None
    path_language = path_language or language or content_languages()[0]
    language = language or path_language
    site = Site.find_for_request(request)
    if site is None:
        raise NotFound("No site is configured.")
    with override(path_language):
        try:
            route = site.root_page.localized.specific.route(request, components)
        except Exception as error:  # Wagtail raises Http404 for unknown or unpublished paths
            raise NotFound(f"No published page at {html_path!r}.") from error
    page = route.page if hasattr(route, "page") else route[0]
    if not api_pages.visible_pages().filter(pk=page.pk).exists():
        raise NotFound(f"No published page at {html_path!r}.")
    return HttpResponseRedirect(f"/api/v2/pages/{page.pk}/?lang={language}")
