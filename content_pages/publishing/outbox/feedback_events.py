"""``feedback.received``: telling subscribed systems that a reader answered, as it happens.

Written in the transaction that stores the answer (or adds its comment), like every
other event, so an answer is never announced without being stored, nor stored without
its event. Unlike a publish there is nothing to render, so the event is completed at
once and its deliveries made in that same transaction; they are sent after commit, and
retried by the worker like any other (``webhooks/delivery.py``).

The event takes no place in the change feed (``sequence`` stays empty): that feed is
what changed for patients, which an answer does not. Only subscriptions that list
``feedback.received`` receive it (``webhooks/subscriptions.matches``).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from content_pages.models import OutboxEvent, PageFeedback
from content_pages.publishing.outbox.payload import FEEDBACK_RECEIVED
from content_pages.publishing.tasks import deliver_event_task
from content_pages.publishing.webhooks.delivery import fan_out


def announce(answer: PageFeedback, *, with_comment: bool) -> OutboxEvent:
    """Record, complete and fan out the event for ``answer``; call inside the transaction
    that stored it. ``with_comment``: whether this event announces the answer's comment
    (stored with the answer, or added to it since)."""
    now = timezone.now()
    event = OutboxEvent.objects.create(
        type=FEEDBACK_RECEIVED,
        object_kind="feedback",
        object_model=PageFeedback._meta.label_lower,
        object_id=str(answer.pk),
        announces_comment=with_comment,
        languages=[answer.language],
        channels=[answer.channel],
        page_ids=[answer.page_id],
        occurred_at=now,
        completed_at=now,
    )
    if fan_out(event):
        # No subscriber, no task: most answers end here, with one more row written.
        event_id = str(event.pk)
        transaction.on_commit(lambda: deliver_event_task.enqueue(event_id))
    return event
