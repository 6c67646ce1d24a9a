"""Which language a request wants: ``?lang=`` wins, then Accept-Language, then the source."""

from __future__ import annotations

from django.http import HttpRequest

from content_pages.foundations.languages import content_languages, is_content_language, negotiate_language
from content_pages.interfaces.api.errors import BadRequest


def request_language(request: HttpRequest) -> str:
    requested = request.GET.get("lang")
    if requested is not None:
        code = requested.strip().lower()
        if not is_content_language(code):
            accepted = list(content_languages())
            raise BadRequest(
                f"lang={requested!r} is not a language of this site; use one of: {', '.join(accepted)}.",
                code="unknown_language",
                accepted=accepted,
            )
        return code
    return negotiate_language(request.headers.get("Accept-Language"))
