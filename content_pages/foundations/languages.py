"""The configured content languages and everything derived from them.

``settings.CMS_LANGUAGES`` is the single definition; this module turns it into
fallback chains, modeltranslation field names, Babel locales and display names so
that no other module hard-codes a language.
"""

from __future__ import annotations

from functools import cache
from typing import Final, Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django.conf import settings
from django.utils.translation import get_language_info, to_locale
from django.utils.translation.trans_real import parse_accept_lang_header
from modeltranslation.utils import build_localized_fieldname

# A BCP 47 script subtag is four letters (Latn, Hans); a region is two letters or three digits.
_SCRIPT_SUBTAG_LENGTH = 4


def source_language() -> str:
    return settings.CMS_SOURCE_LANGUAGE


def content_languages() -> tuple[str, ...]:
    return tuple(settings.CMS_LANGUAGES)


def target_languages() -> tuple[str, ...]:
    return tuple(code for code in content_languages() if code != source_language())


def is_content_language(code: str) -> bool:
    return code in content_languages()


def fallback_chain(language: str) -> tuple[str, ...]:
    """The languages to try, in order, for a value requested in ``language``."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    chain = [language]
    configured = fallbacks.get(language, fallbacks.get("default", ()))
    for code in configured:
        if code not in chain:
            chain.append(code)
    return tuple(chain)


def localized_field_name(field: str, language: str) -> str:
    """``title`` + ``zh-hans`` -> ``title_zh_hans``, as modeltranslation names it."""
    return build_localized_fieldname(field, language)


@cache
def babel_locale(language: str) -> Locale:
    return Locale.parse(to_locale(language))


def display_name(language: str) -> str:
    """The language's name in its own language, for switchers and notices."""
    return dict(settings.LANGUAGES).get(language) or babel_locale(language).display_name or language


def english_name(language: str) -> str:
    return babel_locale(language).get_display_name("en") or language


def _maximized(locale: Locale) -> tuple[str, str | None]:
    """Language and script, with the script filled in from CLDR's likely subtags.

    The likely-subtags value is read as a string: ``Locale.parse("en_Latn_US")`` drops
    a script that is the default for the language, which is exactly the one wanted.
    """
    if locale.script:
        return locale.language, locale.script
    likely = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}", locale.language):
        if key in likely:
            subtags = likely[key].split("_")[1:]
            script = next((tag for tag in subtags if len(tag) == _SCRIPT_SUBTAG_LENGTH and tag.isalpha()), None)
            return locale.language, script.title() if script else None
    return locale.language, None


def negotiate_language(accept_language: str | None) -> str:
    """Pick a content language for an ``Accept-Language`` header, using CLDR data.

    A reader asking for ``zh-CN`` gets Simplified Chinese (CLDR says zh-CN is written
    in Hans); ``ms-MY`` gets Malay. A script mismatch (``zh-TW``) is only used when no
    other accepted language matches exactly, because a Traditional Chinese reader may
    still prefer Simplified Chinese over English.
    """
    if not accept_language:
        return source_language()
    ours = {code: _maximized(babel_locale(code)) for code in content_languages()}
    wanted: list[tuple[str, str | None]] = []
    for tag, _quality in parse_accept_lang_header(accept_language):
        if tag == "*":
            continue
        try:
            wanted.append(_maximized(Locale.parse(tag, sep="-")))
        except (ValueError, UnknownLocaleError):
            continue
    for language, script in wanted:
        for code, (our_language, our_script) in ours.items():
            if language == our_language and (script == our_script or not script or not our_script):
                return code
    for language, _script in wanted:
        for code, (our_language, _our_script) in ours.items():
            if language == our_language:
                return code
    return source_language()


def open_graph_locale(language: str) -> str:
    """The most likely ``language_TERRITORY`` for a content language, from CLDR."""
    locale = babel_locale(language)
    if locale.territory:
        return f"{locale.language}_{locale.territory}"
    likely = get_global("likely_subtags")
    key = f"{locale.language}_{locale.script}" if locale.script else locale.language
    expanded = Locale.parse(likely.get(key, likely.get(locale.language, locale.language)))
    return f"{expanded.language}_{expanded.territory}" if expanded.territory else expanded.language


Direction = Literal["ltr", "rtl"]
LTR: Final = "ltr"
RTL: Final = "rtl"


@cache
def direction(language: str) -> Direction:
    """``rtl`` for a language written right to left, else ``ltr``: Django's language info
    (its ``bidi``, what ``{% get_current_language_bidi %}`` reads), or CLDR's character
    order for a language Django does not list."""
    try:
        bidi = bool(get_language_info(language)["bidi"])
    except KeyError:
        bidi = babel_locale(language).character_order == "right-to-left"
    return RTL if bidi else LTR


def script_of(language: str) -> str | None:
    """The writing system of a content language (``Latn``, ``Hans``...), from CLDR."""
    return _maximized(babel_locale(language))[1]


def whatsapp_template_language(language: str) -> str:
    """The language code WhatsApp message templates use: the bare language (``en``,
    ``ms``) unless the language names a script, whose most likely territory then tells
    the variants apart (``zh-hans`` → ``zh_CN``, as Meta's list has it)."""
    locale = babel_locale(language)
    return open_graph_locale(language) if locale.script else locale.language
