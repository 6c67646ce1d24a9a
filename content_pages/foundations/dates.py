"""Dates a person reads, formatted with Babel in the page's language."""

from __future__ import annotations

import datetime

from babel.dates import format_date

from content_pages.foundations.languages import babel_locale


def human_date(value: datetime.date | None, language: str, form: str = "long") -> str:
    if value is None:
        return ""
    return format_date(value, format=form, locale=babel_locale(language))


def bcp47(language: str) -> str:
    """``zh-hans`` -> ``zh-Hans``: the tag HTML ``lang``, hreflang and schema.org expect."""
    locale = babel_locale(language)
    parts = [locale.language]
    if locale.script:
        parts.append(locale.script)
    if locale.territory:
        parts.append(locale.territory)
    return "-".join(parts)
