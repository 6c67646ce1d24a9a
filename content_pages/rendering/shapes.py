"""One builder per JSON shape that more than one payload carries.

A page, a snippet and a listing all describe languages, references and their own URLs;
each of those shapes is built here only, so the web payload, the snippet API and the
listings cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from content_pages.foundations.languages import content_languages, direction, display_name, english_name
from content_pages.foundations.sanitising import citation_html
from content_pages.foundations.urls import base_url
from content_pages.models import Reference
from content_pages.rendering.contracts.common import Language, ListMeta, to_json
from content_pages.rendering.contracts.pages import Author, PageListMeta
from content_pages.rendering.contracts.pages import Reference as ReferenceContract

API_PATH = "/api/v2"


def api_base_url() -> str:
    """The API's absolute root: frontends and chat bots have no base URL of ours."""
    return base_url() + API_PATH


def page_detail_url(page_id: int, language: str) -> str:
    return f"{api_base_url()}/pages/{page_id}/?lang={language}"


def snippet_detail_url(kind: str, snippet_id: int, language: str) -> str:
    return f"{api_base_url()}/snippets/{kind}/{snippet_id}/?lang={language}"


def media_detail_url(kind: str, media_id: int) -> str:
    return f"{api_base_url()}/{kind}/{media_id}/"


def form_submit_url(page_id: int) -> str:
    return f"{api_base_url()}/forms/{page_id}/submissions/"


def language_contracts() -> list[Language]:
    return [
        Language(code=code, name=display_name(code), english_name=english_name(code), direction=direction(code))
        for code in content_languages()
    ]


def languages() -> list[dict[str, Any]]:
    """The site's languages as JSON, for the payloads assembled as JSON around them."""
    return [to_json(language) for language in language_contracts()]


def reference(ref: Reference, lay_summary: str) -> ReferenceContract:
    """A reference as every payload shows it; the caller resolves the lay summary, whose
    fallback path depends on where the reference appears."""
    return ReferenceContract(
        id=ref.pk,
        authors=[Author(family=author.family, given=author.given) for author in ref.authors.all()],
        year=ref.year,
        title=ref.title,
        journal=ref.journal,
        volume=ref.volume,
        issue=ref.issue,
        pages=ref.pages,
        doi=ref.doi or "",
        doi_url=ref.doi_url,
        url=ref.url,
        apa=ref.citation_apa_text,
        apa_html=citation_html(ref.citation_apa_html),
        lay_summary=lay_summary,
    )


def listing(*, total: int, language: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """The envelope of every list endpoint (pages, calls to action, references): its
    ``meta`` and the items, already JSON, as the endpoint built them."""
    # Built per request, so not validated: the count comes from the database, the language
    # was parsed against the site's languages, and those come from the settings, so there
    # is nothing a check could catch, only time it would take.
    meta = ListMeta.model_construct(total_count=total, language=language, available_languages=language_contracts())
    return {"meta": to_json(meta), "items": items}


def page_listing(*, total: int, language: str, items: list[dict[str, Any]], next_cursor: str | None) -> dict[str, Any]:
    """The pages list's envelope: ``listing``'s, and where the next page starts."""
    meta = PageListMeta.model_construct(
        total_count=total, language=language, available_languages=language_contracts(), next_cursor=next_cursor
    )
    return {"meta": to_json(meta), "items": items}
