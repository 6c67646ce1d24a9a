"""The one JSON shape of an event, shared by webhooks and the change feed."""

from __future__ import annotations

import json
from typing import Any

from content_pages.models import OutboxEvent


def event_payload(event: OutboxEvent) -> dict[str, Any]:
    return {
        "id": str(event.id),
        "type": event.type,
        "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
        "object": {"kind": event.object_kind, "id": _object_id(event)},
        "revision": event.revision_id,
        "languages": list(event.languages),
        "channels": list(event.channels),
        "renditions": list(event.renditions),
        "web_pages": list(event.web_pages),
    }


def event_body(event: OutboxEvent) -> str:
    """The exact text sent (and signed): the same for every attempt of a delivery."""
    return json.dumps(event_payload(event), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _object_id(event: OutboxEvent) -> int | str:
    return int(event.object_id) if event.object_id.isdigit() else event.object_id
