"""Reads behind the change feed: completed events in feed order.

Positions (``sequence``) are given at completion under a lock held until commit, so a
reader that has seen position N can never later find a new event below N: a cursor
never skips an event committed late.
"""

from __future__ import annotations

from content_pages.models import OutboxEvent


def events_after(position: int, limit: int) -> list[OutboxEvent] | None:
    """Up to ``limit`` events after ``position``, or None when no event has reached that
    position: a cursor the feed never gave out, which would make a client skip every
    event until the feed got there. One query: the event at the position itself (it
    exists for every cursor given out, as events are never removed) is read along, so
    "nothing new" and "not a position" differ without asking for the head apart."""
    if position <= 0:
        return list(OutboxEvent.objects.filter(sequence__gt=0).order_by("sequence")[:limit])
    rows = list(OutboxEvent.objects.filter(sequence__gte=position).order_by("sequence")[: limit + 1])
    if not rows:
        return None
    if rows[0].sequence == position:
        rows = rows[1:]
    return rows[:limit]
