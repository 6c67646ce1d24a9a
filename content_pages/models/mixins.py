"""Abstract model parts shared by page types."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class MedicalReviewMixin(models.Model):
    """Who wrote and who medically reviewed a page, and when the review is due again.

    Patients and search engines both need to see that health content is current, so
    these dates are shown on every page and carried into its structured data.
    """

    author = models.ForeignKey(
        "content_pages.Contributor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    medical_reviewer = models.ForeignKey(
        "content_pages.Contributor", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    review_panels = [
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldPanel("medical_reviewer"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review_due"),
            ],
            heading="Authorship and medical review",
        )
    ]

    class Meta:
        abstract = True

    def clean_review_dates(self) -> None:
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must be due after the last review date."})
