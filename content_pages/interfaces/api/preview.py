"""Signed, short-lived preview tokens: a frontend shows an editor's latest draft.

A token names one page and expires after ``CMS_PREVIEW_TOKEN_MAX_AGE`` seconds. Only
people who may edit the page can create one (in the admin or with ``manage.py
preview_token``); anyone holding it can read that page's draft until it expires.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from content_pages.interfaces.api.errors import Forbidden

SALT = "content_pages.interfaces.api.preview"


def make_token(page_id: int) -> str:
    return signing.dumps({"page": page_id}, salt=SALT, compress=True)


def page_for_token(token: str) -> int:
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CMS_PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise Forbidden(
            "The preview token has expired; ask for a new one in the admin.", code="preview_expired"
        ) from error
    except signing.BadSignature as error:
        raise Forbidden("The preview token is not valid.", code="preview_invalid") from error
    page = data.get("page") if isinstance(data, dict) else None
    if not isinstance(page, int) or isinstance(page, bool):
        # Signed with our key but not a token this code made (an old format, a leaked key).
        raise Forbidden("The preview token is not valid.", code="preview_invalid")
    return page
