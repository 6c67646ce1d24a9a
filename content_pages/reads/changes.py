"""Reads behind the change feed: completed events in feed order.

Positions (``sequence``) are given at completion under a lock held until commit, so a
reader that has seen position N can never later find a new event below N: a cursor
never skips an event committed late.
"""

from __future__ import annotations

from content_pages.models import OutboxEvent


def events_after(position: int, limit: int) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(sequence__gt=position).order_by("sequence")[:limit])
