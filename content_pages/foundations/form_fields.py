"""Form fields the enquiry form builder adds to Wagtail's: phone numbers and "phone or
email", both normalised so that every channel stores the same value."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website"


def parse_phone(value: str) -> str:
    """Any common way of writing a number -> E.164, local numbers read in the default region."""
    try:
        number = phonenumbers.parse(value, settings.CMS_PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(
            _("Enter a valid phone number, for example 012-345 6789."), code="invalid_phone"
        ) from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid phone number, for example 012-345 6789."), code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PhoneField(forms.CharField):
    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return parse_phone(text) if text else text


class ContactField(forms.CharField):
    """An email address or a phone number, whichever the person gave."""

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").strip()
        if not text:
            return text
        if "@" in text:
            try:
                validate_email(text)
            except ValidationError as error:
                raise ValidationError(
                    _("Enter a valid email address or phone number."), code="invalid_contact"
                ) from error
            return text.lower()
        try:
            return parse_phone(text)
        except ValidationError as error:
            raise ValidationError(_("Enter a valid email address or phone number."), code="invalid_contact") from error


class HoneypotField(forms.CharField):
    """Left empty by people (it is hidden); bots that fill every input reveal themselves."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            **kwargs,
        )
