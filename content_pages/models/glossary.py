"""The translators' glossary: how a medical term is rendered in each language.

Reference data for translators, shown next to the texts that contain a term (PO
comments, the web translation editor); it is not content, so none of its fields is
registered with modeltranslation and it has no revisions or publishing.
"""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from content_pages.foundations.languages import english_name, target_languages
from content_pages.foundations.limits import TEXT_MAX


def glossary_languages() -> list[tuple[str, str]]:
    """The target languages as choices; a callable, so migrations do not pin the list."""
    return [(code, english_name(code)) for code in target_languages()]


class GlossaryTerm(ClusterableModel):
    term = models.CharField(
        max_length=100, unique=True, help_text="As written in the English source, e.g. “PD-1” or “biopsy”."
    )
    keep_as_is = models.BooleanField(
        "Keep as written in every language",
        default=False,
        help_text="Names of genes, proteins, drugs and tests that are never translated.",
    )
    note = models.TextField(blank=True, max_length=TEXT_MAX, help_text="A note for translators of every language.")

    panels = [
        FieldPanel("term"),
        FieldPanel("keep_as_is"),
        FieldPanel("note"),
        InlinePanel("translations", label="Translations"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self) -> str:
        return self.term


class GlossaryTranslation(Orderable):
    term = ParentalKey(GlossaryTerm, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=glossary_languages)
    translation = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, max_length=TEXT_MAX, help_text="A note for translators of this language.")

    panels = [FieldPanel("language"), FieldPanel("translation"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["term", "language"], name="unique_glossary_translation")]

    def __str__(self) -> str:
        return f"{self.term} [{self.language}]"
