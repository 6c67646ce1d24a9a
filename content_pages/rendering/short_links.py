"""Short links for SMS: a stable code per URL, served as a redirect at /l/<code>.

The code is derived from the URL alone, so rendering needs no database; the publishing
layer stores the codes a rendition uses (``publishing.short_links.remember``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings

_ALPHABET = "23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 7


def short_code(url: str) -> str:
    number = int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest(), "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, remainder = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[remainder])
    return "".join(chars)


def short_url(code: str) -> str:
    return f"{settings.CMS_SHORT_LINK_BASE.rstrip('/')}/{code}"
