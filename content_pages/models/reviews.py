"""A translation's review, one record per object (page or snippet), language and round.

Wagtail allows one workflow in progress per object, and that one is the English medical
review; so each language's review is kept here, beside it, and the publish gate
(``publishing/gate/language_review.py``) reads it on every publish: a language's text
reaches readers only as a reviewer of that language approved it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TranslationReview(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=255)
    language = models.CharField(max_length=10)
    state = models.CharField(max_length=16, choices=State.choices, default=State.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The revision that went live with this language's approved text (approved), or the
    # draft that was submitted (submitted, rejected).
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    # Approved when the seed was loaded, by the local administrator: a person who reads
    # the language must still review it (the review-due report keeps listing it).
    at_setup = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "language", "state"])]
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} [{self.language}] {self.state}"
