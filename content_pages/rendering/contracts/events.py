"""The event shape: one definition for webhook bodies, the change feed and its OpenAPI."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from content_pages.rendering.contracts.common import Strict, omitted

EventType = Literal[
    "page.published",
    "page.unpublished",
    "page.deleted",
    "snippet.published",
    "snippet.unpublished",
    "snippet.deleted",
    "feedback.received",
]


class EventObject(Strict):
    kind: Literal["page", "snippet", "feedback"]
    id: int | str = Field(description="The page's id, the snippet's primary key, or the answer's id (`feedback`).")


class EventRendition(Strict):
    channel: str = Field(description="`web`, `whatsapp`, `telegram`, `sms:summary`, ...")
    language: str
    etag: str = Field(description="The ETag the rendition's URL answers with now.")
    url: str = Field(description="Where to fetch it.")


class EventWebPage(Strict):
    page: int = Field(description="The page's id.")
    language: str
    etag: str = Field(description="The ETag the web page answers with now.")
    url: str = Field(description="The page on the website in this language, at its own (translated) path.")


class EventFeedback(Strict):
    """A reader's answer, in ``feedback.received`` webhooks only (never in the change feed)."""

    id: int = Field(description="The answer's id; a second event with the same id announces its comment.")
    page: int = Field(description="The page answered about.")
    language: str = Field(description="The language the reader read it in.")
    channel: str = Field(description="`web`, `whatsapp`, `telegram` or `sms`.")
    helpful: bool = Field(description="The answer to “Was this helpful?”.")
    section: str = Field(description="The section answered about (`s:…`, `intro`); empty for the whole article.")
    received_at: str = Field(description="When the answer was stored (UTC, ISO 8601).")
    comment: str | None = omitted(
        "What the reader wrote, with contact details removed: only to subscriptions that include feedback "
        "comments, and only while the comment is kept (left out once retention has blanked it)."
    )


class Event(Strict):
    id: str = Field(description="Unique; also the `webhook-id` of its webhook deliveries, for de-duplication.")
    type: EventType
    occurred_at: str = Field(description="When the change was committed (UTC, ISO 8601).")
    object: EventObject
    revision: int | None = Field(
        description="The revision that went live; null for unpublish, delete and feedback.received."
    )
    languages: list[str] = Field(description="The languages the change concerns (one, for a translation's publish).")
    channels: list[str]
    renditions: list[EventRendition] = Field(
        description="What changed, ready to fetch; empty for unpublish and delete (a tombstone: drop cached copies)."
    )
    web_pages: list[EventWebPage] = Field(
        description="The website's pages of the change, one per language and page (a snippet's: every page "
        "showing it); empty for unpublish and delete."
    )
    feedback: EventFeedback | None = omitted(
        "The reader's answer, on `feedback.received` webhooks only; left out of every other event."
    )


class ChangesPage(Strict):
    items: list[Event] = Field(description="Events in the order they were completed, oldest first.")
    next: str = Field(description="Pass as `since` for the events after these; the same cursor when none are new.")
