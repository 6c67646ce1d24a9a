"""The enquiry form page, built with Wagtail's form builder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.db import models
from django.http import HttpRequest, HttpResponse
from modelcluster.fields import ParentalKey
from typing_extensions import override
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.fields import RichTextField

from content_pages.foundations.form_fields import HONEYPOT, ContactField, HoneypotField, PhoneField
from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.foundations.limits import TEXT_MAX
from content_pages.foundations.localized import localized
from content_pages.models.gate import GatedPublishMixin
from content_pages.models.hooks import HookSlot, PageContext
from content_pages.models.indexing import IndexedAsStored
from content_pages.models.permissions import TranslatorPermissionsMixin

if TYPE_CHECKING:
    from content_pages.models.pages import ArticlePage


class EnquiryRecord(Protocol):
    """Stores a valid bound form's answers; None when nothing was stored."""

    def __call__(self, page: EnquiryFormPage, form: Any, /) -> EnquirySubmission | None: ...


class EnquiryRefusePost(Protocol):
    """A refusal response (the rate limit), or None to serve the form."""

    def __call__(self, page: EnquiryFormPage, request: HttpRequest, /) -> HttpResponse | None: ...


class EnquiryRedirect(Protocol):
    """The redirect to the thank-you URL after a stored enquiry (Post/Redirect/Get), naming
    the article whose embedded form sent it, if any."""

    def __call__(self, page: EnquiryFormPage, request: HttpRequest, article: ArticlePage | None, /) -> HttpResponse: ...


class EnquiryThankYou(Protocol):
    def __call__(self, page: EnquiryFormPage, request: HttpRequest, /) -> HttpResponse: ...


# Installed by interfaces/wiring.py (``models/hooks.py`` says why).
ENQUIRY_RECORD: HookSlot[EnquiryRecord] = HookSlot("enquiry_record")
ENQUIRY_REFUSE_POST: HookSlot[EnquiryRefusePost] = HookSlot("enquiry_refuse_post")
ENQUIRY_CONTEXT: HookSlot[PageContext[EnquiryFormPage]] = HookSlot("enquiry_context")
ENQUIRY_REDIRECT: HookSlot[EnquiryRedirect] = HookSlot("enquiry_redirect")
ENQUIRY_THANK_YOU: HookSlot[EnquiryThankYou] = HookSlot("enquiry_thank_you")


def split_choices(text: str) -> list[str]:
    separator = "\n" if "\n" in text else ","
    return [choice.strip() for choice in text.split(separator) if choice.strip()]


ENQUIRY_FIELD_CHOICES = (
    *FORM_FIELD_CHOICES,
    ("phone", "Phone number"),
    ("contact", "Phone number or email"),
)


class TranslatedChoicesFormBuilder(FormBuilder):
    """Show choices in the reader's language but submit the source-language value.

    Submissions from every language then read the same in reports and exports. Adds
    phone and "phone or email" fields (stored as E.164) and a honeypot field.
    """

    def create_phone_field(self, _field: EnquiryFormField, options: dict[str, Any]) -> PhoneField:
        return PhoneField(**options)

    def create_contact_field(self, _field: EnquiryFormField, options: dict[str, Any]) -> ContactField:
        return ContactField(**options)

    @property
    def formfields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().formfields
        for form_field in self.fields:
            token = autocomplete_token(form_field)
            if token and form_field.clean_name in fields:
                fields[form_field.clean_name].widget.attrs["autocomplete"] = token
        fields[HONEYPOT] = HoneypotField()
        return fields

    def get_formatted_field_choices(self, field: EnquiryFormField) -> list[tuple[str, str]]:
        from django.utils.translation import get_language

        values = split_choices(getattr(field, localized_field_name("choices", source_language())) or "")
        labels = split_choices(str(localized(field, "choices", get_language() or source_language())))
        if len(labels) != len(values):
            labels = values
        return list(zip(values, labels, strict=True))


# What a browser may fill in a field with (HTML autocomplete tokens), so that people who
# find typing hard need not type their name, e-mail or phone number (WCAG 1.3.5).
AUTOCOMPLETE_CHOICES = (
    ("name", "Full name"),
    ("email", "E-mail address"),
    ("tel", "Phone number"),
    ("off", "Never fill in"),
)
# Where the editor chose nothing: what the field's type asks for.
AUTOCOMPLETE_BY_TYPE = {"email": "email", "phone": "tel", "contact": "tel"}


def autocomplete_token(field: EnquiryFormField) -> str:
    return field.autocomplete or AUTOCOMPLETE_BY_TYPE.get(field.field_type, "")


class EnquiryFormField(AbstractFormField):
    page = ParentalKey("EnquiryFormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(max_length=16, choices=ENQUIRY_FIELD_CHOICES)
    autocomplete = models.CharField(
        "browser may fill in",
        max_length=8,
        blank=True,
        choices=AUTOCOMPLETE_CHOICES,
        help_text="What the reader's browser may offer here. Empty: e-mail fields get the e-mail address, "
        "phone and “phone or e-mail” fields the phone number, others nothing.",
    )

    panels = [
        *AbstractFormField.panels,
        FieldPanel("autocomplete"),
    ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The stored key of an answer comes from the source-language label, whatever
        # language the editor happened to be working in.
        if not getattr(self, "clean_name", ""):
            source_label = getattr(self, localized_field_name("label", source_language())) or self.label
            self.clean_name = get_field_clean_name(source_label)
        super().save(*args, **kwargs)


class EnquiryFormPage(GatedPublishMixin, TranslatorPermissionsMixin, IndexedAsStored, AbstractEmailForm):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], max_length=TEXT_MAX)
    thank_you_text = RichTextField(blank=True, features=["bold", "italic", "link"], max_length=TEXT_MAX)

    form_builder = TranslatedChoicesFormBuilder

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
    # Assigned at start-up by ``interfaces/wiring.py``, which this layer cannot import:
    # - ``base_form_class``: the admin's ``TranslatorAwareFormPageForm``;
    # - ``submissions_list_view_class``: the admin's ``EnquirySubmissionsListView`` (exports
    #   neutralised); Wagtail reads both from these attributes only.
    # - ``route``: ``models.routing.route_form_page`` (its thank-you URL), after
    #   wagtail-modeltranslation has replaced ``route`` at its start-up.
    parent_page_types = ["content_pages.HomePage"]
    subpage_types: list[str] = []

    def get_submission_class(self) -> type[EnquirySubmission]:
        return EnquirySubmission

    def process_form_submission(self, form: Any) -> EnquirySubmission | None:
        """The website's submissions go through the same service as the API's."""
        return ENQUIRY_RECORD.get()(self, form)

    def serve(self, request: HttpRequest, *args: Any, thank_you: bool = False, **kwargs: Any) -> HttpResponse:
        if thank_you:  # the thank-you URL (``routing.route_form_page``)
            return ENQUIRY_THANK_YOU.get()(self, request)
        if request.method == "POST":
            refusal = ENQUIRY_REFUSE_POST.get()(self, request)
            if refusal is not None:
                return refusal
        page: HttpResponse = super().serve(request, *args, **kwargs)
        return page

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return ENQUIRY_CONTEXT.get()(self, request, super().get_context(request, *args, **kwargs))

    @override
    def render_landing_page(
        self, request: HttpRequest, form_submission: EnquirySubmission | None = None, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        """Post/Redirect/Get: a stored enquiry answers with a redirect to the thank-you URL,
        so reloading the thank-you page never sends the enquiry again."""
        return ENQUIRY_REDIRECT.get()(self, request, None)

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if mode_name == "landing":
            return ENQUIRY_THANK_YOU.get()(self, request)
        page: HttpResponse = super().serve_preview(request, mode_name)
        return page

    def render_email(self, form: Any) -> str:
        """The staff e-mail lists the person's answers only, never the hidden anti-spam field."""
        honeypot = form.fields.pop(HONEYPOT, None)
        try:
            return str(super().render_email(form))
        finally:
            if honeypot is not None:
                form.fields[HONEYPOT] = honeypot

    def get_data_fields(self) -> list[tuple[str, str]]:
        return [*super().get_data_fields(), ("language", "Language"), ("channel", "Channel")]


class EnquirySubmission(AbstractFormSubmission):
    """A submission, with the language it was made in and where it came from."""

    language = models.CharField(max_length=10, blank=True)
    channel = models.CharField(max_length=20, default="web", help_text="web, api, whatsapp, telegram, sms...")

    def get_data(self) -> dict[str, Any]:
        return {**super().get_data(), "language": self.language, "channel": self.channel}

    class Meta:
        verbose_name = "enquiry"
        verbose_name_plural = "enquiries"
