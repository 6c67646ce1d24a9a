"""The enquiry form page, built with Wagtail's form builder."""

from __future__ import annotations

from typing import Any

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.fields import RichTextField

from ..forms import TranslatorAwareFormPageForm
from ..i18n.fields import localized
from ..i18n.languages import localized_field_name, source_language


def split_choices(text: str) -> list[str]:
    separator = "\n" if "\n" in text else ","
    return [choice.strip() for choice in text.split(separator) if choice.strip()]


class TranslatedChoicesFormBuilder(FormBuilder):
    """Show choices in the reader's language but submit the source-language value.

    Submissions from every language then read the same in reports and exports.
    """

    def get_formatted_field_choices(self, field: EnquiryFormField) -> list[tuple[str, str]]:
        from django.utils.translation import get_language

        values = split_choices(getattr(field, localized_field_name("choices", source_language())) or "")
        labels = split_choices(str(localized(field, "choices", get_language() or source_language())))
        if len(labels) != len(values):
            labels = values
        return list(zip(values, labels, strict=True))


class EnquiryFormField(AbstractFormField):
    page = ParentalKey("EnquiryFormPage", on_delete=models.CASCADE, related_name="form_fields")

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The stored key of an answer comes from the source-language label, whatever
        # language the editor happened to be working in.
        if not self.clean_name:
            source_label = getattr(self, localized_field_name("label", source_language())) or self.label
            self.clean_name = get_field_clean_name(source_label)
        super().save(*args, **kwargs)


class EnquiryFormPage(AbstractEmailForm):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"])

    form_builder = TranslatedChoicesFormBuilder
    base_form_class = TranslatorAwareFormPageForm

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]), FieldPanel("subject")],
            heading="Email notification",
        ),
    ]
    parent_page_types = ["content_pages.HomePage"]
    subpage_types: list[str] = []
