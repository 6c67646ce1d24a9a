"""Rules a call to action must meet before any channel can publish it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from content_pages.foundations.languages import content_languages, english_name, localized_field_name, source_language
from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.foundations.validators import normalize_e164

if TYPE_CHECKING:
    from content_pages.models import CallToAction


def validate_call_to_action(cta: CallToAction) -> dict[str, list[str]]:
    """Return errors keyed by the (language-specific) field that holds the problem.

    Normalises the phone number to E.164 in place when it is valid.
    """
    errors: dict[str, list[str]] = {}
    kind = cta.Kind

    for language in content_languages():
        field = localized_field_name("button_label", language)
        label = (getattr(cta, field, "") or "").strip()
        if len(label) > BUTTON_LABEL_MAX:
            errors.setdefault(field, []).append(
                f"Button label ({english_name(language)}) is {len(label)} characters long; "
                f"WhatsApp and Telegram buttons allow at most {BUTTON_LABEL_MAX}: “{label}”."
            )
    source_label = localized_field_name("button_label", source_language())
    if not (getattr(cta, source_label, "") or "").strip():
        errors.setdefault(source_label, []).append(
            f"Button label ({english_name(source_language())}) is required: every channel shows a button."
        )

    if cta.kind in (kind.WHATSAPP, kind.PHONE):
        if not cta.phone_number:
            errors.setdefault("phone_number", []).append(
                f"A {cta.get_kind_display()} call to action needs a phone number."
            )
        else:
            try:
                cta.phone_number = normalize_e164(cta.phone_number)
            except ValidationError as error:
                errors.setdefault("phone_number", []).extend(error.messages)
    if cta.kind == kind.LINK and not (cta.link_url or cta.link_page_id):
        errors.setdefault("link_url", []).append("A link call to action needs a URL or a page.")
    if cta.kind == kind.ENQUIRY_FORM and not cta.form_page_id:
        errors.setdefault("form_page", []).append("An enquiry form call to action needs a form page.")
    return errors
