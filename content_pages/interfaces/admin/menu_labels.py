"""A warning, not an error, when chat menus will shorten a section heading.

A menu row holds 24 characters and most headings are longer (6 of the seed's 7), so a
missing menu label is normal: the menu shows the heading shortened at a word boundary.
Editors are told which headings that will be, in which language, after each save, so
they can write a label where the shortened words read badly; nothing is refused.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from content_pages.foundations.languages import content_languages, english_name, localized_field_name
from content_pages.foundations.limits import MENU_LABEL_MAX
from content_pages.models import ArticlePage
from content_pages.rendering.channels.conversation import shorten


def shortened_headings(page: ArticlePage) -> list[tuple[str, str, str]]:
    """(language, heading, menu text) for every h2 heading a chat menu will shorten."""
    found = []
    for language in content_languages():
        for child in getattr(page, localized_field_name("body", language)) or []:
            if child.block_type != "heading" or child.value.get("level") != "h2":
                continue
            text = " ".join((child.value.get("text") or "").split())
            if len(text) > MENU_LABEL_MAX and not (child.value.get("menu_label") or "").strip():
                found.append((language, text, shorten(text, MENU_LABEL_MAX)))
    return found


def warning_text(page: ArticlePage) -> str:
    found = shortened_headings(page)
    if not found:
        return ""
    by_language: dict[str, list[str]] = {}
    for language, _heading, short in found:
        by_language.setdefault(language, []).append(f"“{short}”")
    listed = "; ".join(f"{english_name(language)}: {', '.join(shorts)}" for language, shorts in by_language.items())
    return (
        f"Chat menus will shorten {len(found)} section heading{'s' if len(found) != 1 else ''} "
        f"longer than {MENU_LABEL_MAX} characters ({listed}). To choose the words, give the heading a "
        f"menu label of at most {MENU_LABEL_MAX} characters."
    )


def warn_about_shortened_headings(request: HttpRequest, page: Any) -> None:
    """``after_create_page`` / ``after_edit_page``: add the warning to the admin's messages.

    Not on an autosave (a request that wants JSON, as Wagtail skips its own "saved"
    message there): each would queue another copy, all shown on the next page load."""
    if not request.accepts("text/html"):
        return
    specific = getattr(page, "specific", page)
    if isinstance(specific, ArticlePage):
        text = warning_text(specific)
        if text:
            messages.warning(request, text)
