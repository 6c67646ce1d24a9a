"""Per-site settings that editors change in the admin (Settings menu)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

_GRADE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(20)]


@register_setting(icon="glasses")
class ReadabilityTarget(BaseSiteSetting):
    """The reading grade a site's articles aim for, shown beside each article's score.

    Only languages with a grade formula can be held to it (today English: Flesch–Kincaid
    grade); the article editor shows the others as having no figure.
    """

    min_grade = models.DecimalField(
        "lowest reading grade",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_GRADE_VALIDATORS,
        help_text="Flesch–Kincaid grade (English). Leave empty for no lower bound.",
    )
    max_grade = models.DecimalField(
        "highest reading grade",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=_GRADE_VALIDATORS,
        help_text="Flesch–Kincaid grade (English), e.g. 8 for patient information. Leave empty for no upper bound.",
    )

    panels = [
        HelpPanel(
            content="<p>The article editor shows each language's readability and whether the English text is "
            "within this range. Malay and Chinese have no readability formula, so no figure is shown for them.</p>"
        ),
        FieldPanel("min_grade"),
        FieldPanel("max_grade"),
    ]

    class Meta:
        verbose_name = "readability target"

    def __str__(self) -> str:
        return f"Readability target for {self.site}"

    def clean(self) -> None:
        super().clean()
        if self.min_grade is not None and self.max_grade is not None and self.min_grade > self.max_grade:
            raise ValidationError({"max_grade": "The highest grade must not be lower than the lowest."})
