"""What each translation was made from, so that a changed source shows up as stale."""

from __future__ import annotations

from django.db import models


class TranslationRecord(models.Model):
    """The source text (by hash) that a segment's current translation translates."""

    segment_id = models.CharField(max_length=255)
    language = models.CharField(max_length=10)
    source_hash = models.CharField(max_length=32)
    translation_hash = models.CharField(max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["segment_id", "language"], name="unique_translation_record")]

    def __str__(self) -> str:
        return f"{self.segment_id} [{self.language}]"
