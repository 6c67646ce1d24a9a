"""The same page in every content language, for hreflang links and the switcher."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import override
from wagtail.models import Page

from content_pages.foundations.dates import bcp47
from content_pages.foundations.languages import content_languages, display_name
from content_pages.foundations.urls import page_full_url


@dataclass(frozen=True)
class Alternate:
    language: str
    hreflang: str
    name: str
    url: str
    full_url: str


def page_alternates(page: Page, request: HttpRequest | None = None) -> list[Alternate]:
    result = []
    for language in content_languages():
        with override(language):
            url = page.get_url(request) or ""
            full_url = page_full_url(page)
        result.append(
            Alternate(
                language=language, hreflang=bcp47(language), name=display_name(language), url=url, full_url=full_url
            )
        )
    return result
