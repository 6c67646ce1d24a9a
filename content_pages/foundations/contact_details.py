"""Finding e-mail addresses and phone numbers in free text a reader wrote.

A comment about an article is not the place for contact details, and a health
publisher must not keep them: ``remove_contact_details`` replaces each with a marker
before anything is stored. Phone numbers are found by libphonenumber's matcher (the
same rules that validate enquiry forms), in any national or international format;
numbers written without a country code are read as numbers of
``CMS_PHONE_DEFAULT_REGION``.
"""

from __future__ import annotations

import re

import phonenumbers

REMOVED = "[…]"

# Local part and domain as mail is actually addressed; no attempt at RFC 5322's quoted
# forms, which nobody types into a feedback box.
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)\S+", re.IGNORECASE)
_PHONE_LINK = re.compile(r"(?:\bhttps?://)?(?:\bwa\.me|\bapi\.whatsapp\.com)/\S*", re.IGNORECASE)


def remove_contact_details(text: str, region: str) -> str:
    """``text`` with every e-mail address and phone number replaced by ``REMOVED``.

    Web addresses are kept whole (a DOI or a page the reader means has digits that look
    like a number), except links that open a chat with a phone number (``wa.me/…``),
    which are contact details themselves."""
    text = _EMAIL.sub(REMOVED, text)
    text = _PHONE_LINK.sub(REMOVED, text)
    urls = [(found.start(), found.end()) for found in _URL.finditer(text)]
    # POSSIBLE: anything of a phone number's length and shape in some region, valid or
    # mistyped (a mistyped number is still someone's); years, doses and percentages are
    # too short to be one.
    matches = [
        match
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE)
        if not any(start < match.end and match.start < end for start, end in urls)
    ]
    for match in reversed(matches):
        text = text[: match.start] + REMOVED + text[match.end :]
    return text
