"""Normalisers and validators for identifiers that editors paste in many shapes.

Each returns the canonical form or raises a ``ValidationError`` whose message quotes
the bad value and says what shape is expected, so the admin can show it next to the
field that holds it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Crossref's recommended pattern for modern DOIs: "10." + registrant + "/" + suffix.
_DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[-._;()/:<>\[\]A-Za-z0-9]+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "doi:",
)


def normalize_doi(value: str) -> str:
    """``https://doi.org/10.1038/X``, ``doi:10.1038/X`` and ``10.1038/X`` -> ``10.1038/X``."""
    doi = value.strip()
    lowered = doi.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            doi = unquote(doi[len(prefix) :]).strip()
            break
    if not _DOI_PATTERN.match(doi):
        raise ValidationError(
            _("“%(value)s” is not a DOI; a DOI looks like 10.1038/nature23003 or https://doi.org/…"),
            code="invalid_doi",
            params={"value": value},
        )
    return doi


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def normalize_e164(value: str) -> str:
    """Parse an international phone number with libphonenumber and return it as E.164."""
    raw = value.strip()
    try:
        number = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number; include the country code, e.g. +60 12-345 6789."),
            code="invalid_phone",
            params={"value": value},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
