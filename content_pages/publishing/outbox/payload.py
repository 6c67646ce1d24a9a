"""The one JSON shape of an event, shared by webhooks and the change feed.

A ``feedback.received`` event also carries the reader's answer (``feedback``), read from
the stored ``PageFeedback`` when each attempt is sent rather than copied into the event:
a copy would outlive ``CMS_FEEDBACK_RETENTION_DAYS``. Its comment goes only to
subscriptions that include feedback comments, so that one event's body may differ per
subscription; for one delivery it is the same on every attempt (keys sorted, nothing
taken from the clock) unless retention blanks the comment or an administrator changes
the subscription's comment setting in between, and then the newer rule wins.
"""

from __future__ import annotations

import json
from typing import Any

from content_pages.models import OutboxEvent, PageFeedback, WebhookSubscription

FEEDBACK_RECEIVED = "feedback.received"


class FeedbackGone(LookupError):
    """The answer a ``feedback.received`` event announces was deleted (with its page)."""


def event_payload(event: OutboxEvent, feedback: dict[str, Any] | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(event.id),
        "type": event.type,
        "occurred_at": _utc(event.occurred_at.isoformat()),
        "object": {"kind": event.object_kind, "id": _object_id(event)},
        "revision": event.revision_id,
        "languages": list(event.languages),
        "channels": list(event.channels),
        "renditions": list(event.renditions),
        "web_pages": list(event.web_pages),
    }
    if feedback is not None:
        payload["feedback"] = feedback
    return payload


def feedback_payload(answer: PageFeedback, *, comment: bool) -> dict[str, Any]:
    """The answer as a webhook shows it; its comment only when asked for and still kept."""
    shown: dict[str, Any] = {
        "id": answer.pk,
        "page": answer.page_id,
        "language": answer.language,
        "channel": answer.channel,
        "helpful": answer.helpful,
        "section": answer.section,
        "received_at": _utc(answer.received_at.isoformat()),
    }
    if comment and answer.comment:
        shown["comment"] = answer.comment
    return shown


def event_body(event: OutboxEvent, subscription: WebhookSubscription | None = None) -> str:
    """The exact text sent (and signed) to ``subscription``: the same for every attempt of a
    delivery. Raises ``FeedbackGone`` for a feedback event whose answer no longer exists."""
    feedback = None
    if event.type == FEEDBACK_RECEIVED:
        answer = PageFeedback.objects.filter(pk=_object_id(event)).first()
        if answer is None:
            raise FeedbackGone(f"Answer {event.object_id} no longer exists (its page was deleted).")
        wants_comment = subscription is not None and subscription.include_feedback_comments
        feedback = feedback_payload(answer, comment=wants_comment and event.announces_comment)
    return json.dumps(event_payload(event, feedback), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _utc(iso: str) -> str:
    return iso.replace("+00:00", "Z")


def _object_id(event: OutboxEvent) -> int | str:
    return int(event.object_id) if event.object_id.isdigit() else event.object_id
