"""Per-site settings that editors change in the admin (Settings menu)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from content_pages.foundations.languages import content_languages, english_name, fallback_chain, localized_field_name
from content_pages.foundations.limits import PRIVACY_LINK_LABEL_MAX, PRIVACY_NOTICE_MAX

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


@register_setting(icon="lock")
class EnquiryPrivacyNotice(BaseSiteSetting):
    """What the site does with what a person sends in its enquiry forms.

    Shown above the Send button of every enquiry form on the site and in the form's
    invitation on WhatsApp and Telegram, in the reader's language (the fields are
    registered with modeltranslation in ``translation.py``). Saving it marks the pages
    that show a form for re-rendering (``publishing/privacy_notices``).
    """

    text = models.TextField(
        "notice",
        blank=True,
        max_length=PRIVACY_NOTICE_MAX,
        help_text="One or two sentences, e.g. “We use your details only to answer your enquiry.” "
        "Leave empty to show no notice.",
    )
    link_label = models.CharField(
        "link text",
        max_length=PRIVACY_LINK_LABEL_MAX,
        blank=True,
        help_text="The words of the link to the full privacy notice, e.g. “How we use your information”.",
    )
    link_url = models.URLField(
        "link address",
        blank=True,
        max_length=500,
        help_text="The full privacy notice; may differ per language.",
    )

    panels = [
        HelpPanel(
            content="<p>Shown on every enquiry form of this site and in the form's WhatsApp and Telegram "
            "invitation. Fill it in for each language; a language left empty shows the English notice.</p>"
        ),
        FieldPanel("text"),
        FieldPanel("link_label"),
        FieldPanel("link_url"),
    ]

    class Meta:
        verbose_name = "enquiry privacy notice"

    def __str__(self) -> str:
        return f"Enquiry privacy notice for {self.site}"

    def clean(self) -> None:
        """In every language, as readers get it (fallbacks included), the link has both
        its words and its address, or neither: a link without words cannot be read."""
        super().clean()
        errors = {}
        for language in content_languages():
            label, url = (
                next((value for code in fallback_chain(language) if (value := self._in(name, code))), "")
                for name in ("link_label", "link_url")
            )
            if bool(label) != bool(url):
                missing = localized_field_name("link_url" if label else "link_label", language)
                errors[missing] = f"Give the link's {'address' if label else 'text'} too ({english_name(language)})."
        if errors:
            raise ValidationError(errors)

    def _in(self, name: str, language: str) -> str:
        return str(getattr(self, localized_field_name(name, language), "") or "").strip()
