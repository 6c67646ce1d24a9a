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


class TranslationCount(models.Model):
    """A page's translation status in one language, as the status report counts it.

    Counting a page reads its live and draft revisions, the snippets it shows and their
    records (tens of milliseconds); the report, *My work* and ``translation_status`` read
    these rows instead, so that they cost the same at 10 or 10,000 pages
    (``publishing/translation_counts``). A row counts the page as it was at the two
    revisions it names: a later draft or publish makes it outdated without any write,
    and a changed snippet deletes the rows of the pages showing it.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    total = models.PositiveIntegerField()
    translated = models.PositiveIntegerField()
    missing = models.PositiveIntegerField()
    stale = models.PositiveIntegerField()
    stale_paths = models.JSONField(default=list)
    # The page's latest and live revision when counted; 0 for none (a page never published).
    latest_revision_id = models.PositiveIntegerField()
    live_revision_id = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "page"], name="unique_translation_count")]

    def __str__(self) -> str:
        return f"page {self.page_id} [{self.language}]"
