"""The purge list: every absolute URL whose response a change made different.

Built from the stored rows (``ChannelRendition``), not from Wagtail's ``page.url``: each
language's web page is at its own path (translated slugs), found in its ``html`` row,
and the API answers a page in every language at one path, with ``?lang=`` variants and,
without ``?lang``, the language ``Accept-Language`` asked for. A cache that clears every
query variant of a purged path (the shipped Varnish configuration) needs only the
paths; URL-purging CDNs get the variants a client is given (events list
``?lang=<language>`` and ``?lang=<language>&mode=<mode>``); tag-purging CDNs can use
``foundations/cache_tags`` for the rest (a conversation's ``?section=``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.encoding import iri_to_uri
from wagtail.models import Page

from content_pages.foundations.cache_tags import CTA, REFERENCE
from content_pages.foundations.languages import content_languages
from content_pages.foundations.urls import absolute_url
from content_pages.models import CallToAction, ChannelRendition, Reference
from content_pages.publishing import page_html
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.channels.conversation import CONVERSATION
from content_pages.rendering.channels.whatsapp_template import TEMPLATE
from content_pages.rendering.sitemap_xml import sitemap_path

API = "/api/v2"
# What lists pages: a publish, withdrawal or move changes them (and each language's
# sitemap). The finder redirects a web path to a page's detail, so a move or withdrawal
# changes its answers.
PAGE_LISTINGS = (f"{API}/pages/", f"{API}/pages/find/", "/sitemap.xml")
SNIPPET_PATHS = {CallToAction: ("ctas", CTA), Reference: ("references", REFERENCE)}
# Modes served at a path of their own (getConversationTurn, getPageTemplate), not by ``?mode=``.
OWN_PATH_MODES = (CONVERSATION, TEMPLATE)
# What the stored default rendering is called on the wire (``interfaces/api/actions.FULL``).
FULL = "full"


@dataclass(frozen=True)
class Stored:
    """Where a stored rendition is served: its page, key (``channel[:mode]``), language
    and, for the web page (``html``), its path."""

    page_id: int
    channel: str
    language: str
    path: str


def of_row(row: ChannelRendition) -> Stored:
    return Stored(page_id=row.page_id, channel=row.channel, language=row.language, path=row.path)


def stored_rows(page_ids: Iterable[int]) -> list[Stored]:
    """The pages' stored renditions, read before they change or go."""
    rows = ChannelRendition.objects.filter(page_id__in=list(page_ids)).values_list(
        "page_id", "channel", "language", "path"
    )
    return [Stored(*row) for row in rows]


def rendition_urls(row: Stored) -> set[str]:
    """Where ``row`` is served: the web page at its path, or the API URL with its variants."""
    if row.channel == page_html.HTML:
        # Stored percent-decoded (as ``request.path``); sent as browsers ask for it.
        return {absolute_url(iri_to_uri(row.path))} if row.path else set()
    channel, _sep, mode = row.channel.partition(":")
    pages = f"{API}/pages/{row.page_id}/"
    if channel == "web":
        # The page detail, also answered as the web channel.
        return _variants(pages, row.language) | _variants(f"{pages}channels/web/", row.language)
    path = f"{pages}channels/{channel}/"
    if mode in OWN_PATH_MODES:
        return _variants(f"{path}{mode}/", row.language)
    return _variants(path, row.language) | _variants(path, row.language, mode=mode or FULL)


def _variants(path: str, language: str, *, mode: str | None = None) -> set[str]:
    """``path`` as asked for in ``language``, and without ``?lang`` (Accept-Language may
    have chosen it), in the order the events list them (``lang`` first)."""
    with_language: dict[str, str] = {"lang": language}
    without: dict[str, str] = {}
    if mode:
        with_language["mode"] = mode
        without["mode"] = mode
    return {absolute_url(f"{path}?{urlencode(query)}" if query else path) for query in (with_language, without)}


def page_urls(page: Page | None, changed: Iterable[Stored], gone_paths: Iterable[str] = ()) -> set[str]:
    """What a change of ``changed`` (the rows whose content or path changed) makes
    different: the rows' URLs, the web paths that went (``gone_paths``: a move, a new
    slug, a withdrawal), the listings and sitemap, and the stored web pages of ``page``'s
    ancestors (the home page and the index that list it)."""
    urls: set[str] = set()
    for row in changed:
        urls |= rendition_urls(row)
    urls |= {absolute_url(iri_to_uri(path)) for path in gone_paths if path}
    if not urls:
        return urls
    urls |= {absolute_url(path) for path in PAGE_LISTINGS}
    urls |= {absolute_url(sitemap_path(language, 1)) for language in content_languages()}
    if page is not None:
        urls |= listing_pages(page)
    return urls


def listing_pages(page: Page) -> set[str]:
    """The stored web pages of the page's ancestors, in every language: one query."""
    ancestors = [page.path[:end] for end in range(Page.steplen, len(page.path), Page.steplen)]
    paths = ChannelRendition.objects.filter(page__path__in=ancestors, channel=page_html.HTML).values_list(
        "path", flat=True
    )
    return {absolute_url(iri_to_uri(path)) for path in paths if path}


def withdrawn_page_urls(page: Page, rows: Iterable[Stored]) -> set[str]:
    """A page readers no longer get (withdrawn, deleted, made private): every URL it
    had. Without stored rows (deleted with its rows), each language's path and each
    channel's API URLs are worked out from the page itself."""
    rows = list(rows)
    if not rows:
        rows = [
            Stored(page.pk, key, language, _web_path(page, language) if key == page_html.HTML else "")
            for key in (page_html.HTML, *rendition_keys())
            for language in content_languages()
        ]
    return page_urls(page, rows)


def rendition_keys() -> list[str]:
    return [f"{name}:{mode}" if mode else name for name, channel in CHANNELS.items() for mode in channel.modes]


def _web_path(page: Page, language: str) -> str:
    try:
        return page_html.request_path(page, language)
    except Exception:
        return ""


def snippet_urls(snippet: object) -> set[str]:
    """A snippet's API detail and list in every language; the pages that show it are
    purged as they are rendered again."""
    for model, (segment, _kind) in SNIPPET_PATHS.items():
        if isinstance(snippet, model):
            pk = getattr(snippet, "pk", None)
            urls: set[str] = set()
            for language in content_languages():
                urls |= _variants(f"{API}/snippets/{segment}/", language)
                urls |= _variants(f"{API}/snippets/{segment}/{pk}/", language)
            return urls
    return set()
