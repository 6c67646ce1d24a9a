"""What each translation was made from, so that a changed source shows up as stale."""

from __future__ import annotations

from django.db import models


class TranslationRecord(models.Model):
    """The source text that a segment's current translation translates.

    The hashes decide staleness; the texts let a translator see what the English said
    before it changed, and let translation memory offer this translation for the same
    sentence elsewhere (looked up by ``source_key``, the hash of the normalised source).
    """

    class Origin(models.TextChoices):
        EDITOR = "editor", "Web editor"
        PO = "po", "PO file"
        SEED = "seed", "Seed content"
        PUBLISH = "publish", "Published"

    segment_id = models.CharField(max_length=255)
    language = models.CharField(max_length=10)
    source_hash = models.CharField(max_length=32)
    translation_hash = models.CharField(max_length=32)
    source_text = models.TextField(blank=True)
    translation_text = models.TextField(blank=True)
    source_key = models.CharField(max_length=32, db_index=True, blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.EDITOR)
    # Nobody medically reviewed this translation yet (seed or machine-made translations).
    needs_review = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["segment_id", "language"], name="unique_translation_record")]

    def __str__(self) -> str:
        return f"{self.segment_id} [{self.language}]"
