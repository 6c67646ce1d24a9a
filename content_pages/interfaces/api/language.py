"""Which language a request wants: ``?lang=`` wins, then Accept-Language, then the source."""

from __future__ import annotations

from enum import Enum

from django.http import HttpRequest

from content_pages.foundations.languages import negotiate_language


def query_or_accept_language(request: HttpRequest, lang: Enum | None) -> str:
    """``lang`` as django-ninja parsed it (an unknown code never gets here: it is a 400,
    ``unknown_language``, from ``errors.py``), or else the best match for Accept-Language."""
    if lang is not None:
        return str(lang.value)
    return negotiate_language(request.headers.get("Accept-Language"))
