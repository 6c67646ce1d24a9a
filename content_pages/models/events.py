"""The outbox: what changed for patients, recorded in the same transaction as the change.

An event row is written inside the publish, unpublish or delete that it describes, so a
crash can never leave a change without its event, nor an event without its change. It
is completed (renditions listed, a place in the change feed assigned) once rendering has
finished, and only then delivered to webhooks or shown in ``/api/v2/changes/``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

EVENT_TYPES = (
    "page.published",
    "page.unpublished",
    "page.deleted",
    "snippet.published",
    "snippet.unpublished",
    "snippet.deleted",
    "feedback.received",
)


class OutboxEvent(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=32, choices=[(t, t) for t in EVENT_TYPES])
    object_kind = models.CharField(max_length=16, help_text="page or snippet")
    object_model = models.CharField(max_length=100, help_text="The model label, e.g. content_pages.calltoaction.")
    object_id = models.CharField(max_length=64)
    revision_id = models.BigIntegerField(null=True, blank=True)
    languages = models.JSONField(default=list)
    channels = models.JSONField(default=list)
    renditions = models.JSONField(default=list)
    web_pages = models.JSONField(
        default=list, help_text="The website's pages of the change, one per language: language, url, etag."
    )
    page_ids = models.JSONField(default=list, help_text="The pages whose renditions this event changes.")
    announces_comment = models.BooleanField(
        default=False,
        help_text="feedback.received: this event announces the answer's comment. The answer's own event, "
        "stored before a comment was added, never sends it, so a retry keeps its exact body.",
    )
    occurred_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    sequence = models.BigIntegerField(
        null=True, blank=True, unique=True, help_text="Its place in the change feed, assigned when completed."
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["completed_at", "occurred_at"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        return f"{self.type} {self.object_kind} {self.object_id} ({self.id})"


class OutboxSequence(models.Model):
    """One row: the last feed position handed out. Locking it orders completions, so the
    feed's positions become visible in the order they were given."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
