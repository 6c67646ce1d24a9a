"""Who is a translator, and of which languages.

A member of "Translators (ms)" translates Malay and nothing else. "Translation reviewers
(ms)" may approve Malay translations (``reviewer_languages``) and nothing more: being a
reviewer gives no right to edit English or structure, so a member of translator and
reviewer groups only is restricted to those groups' languages. Only membership of
another group (an editor who translates) lifts the restriction. The groups themselves
are set up by ``publishing/translators.py``.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User

from content_pages.foundations.languages import target_languages
from content_pages.foundations.translated_fields import ModelOrInstance, column_language


def group_name(language: str) -> str:
    return f"Translators ({language})"


def reviewer_group_name(language: str) -> str:
    return f"Translation reviewers ({language})"


# Whatever Django calls a user: ``request.user``, a model instance, or nobody.
AnyUser = User | AnonymousUser | AbstractBaseUser


def translator_languages(user: AnyUser | None) -> set[str] | None:
    """The languages a translator-only user may change; None for everyone else (unrestricted)."""
    if user is None or not user.is_authenticated or getattr(user, "is_superuser", False):
        return None
    cached: set[str] | bool | None = getattr(user, "_translator_languages", False)
    if cached is not False:
        return cached  # type: ignore[return-value]  # a set or None, as stored below
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]  # authenticated: a User
    translation_groups = {
        name: language
        for language in target_languages()
        for name in (group_name(language), reviewer_group_name(language))
    }
    languages: set[str] | None = {translation_groups[name] for name in names if name in translation_groups}
    if not names or not names <= translation_groups.keys():
        languages = None  # no group, or also an editor, moderator...: not restricted to translation
    user._translator_languages = languages  # type: ignore[attr-defined]  # asked many times per request
    return languages


def reviewer_languages(user: AnyUser | None) -> set[str]:
    """The languages whose translations ``user`` may approve: those of their "Translation
    reviewers" groups; every target language for a superuser, who could join any group.
    Nobody else approves a translation, whatever other rights they have."""
    if user is None or not user.is_authenticated:
        return set()
    if getattr(user, "is_superuser", False):
        return set(target_languages())
    cached: set[str] | None = getattr(user, "_reviewer_languages", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]  # authenticated: a User
    languages = {language for language in target_languages() if reviewer_group_name(language) in names}
    user._reviewer_languages = languages  # type: ignore[attr-defined]  # asked several times per request
    return languages


def field_allowed(model: ModelOrInstance | None, field_name: str, languages: set[str]) -> bool:
    """Whether a form field of ``model`` is a column of one of ``languages``
    (``standfirst_ms``, ``body_zh_hans``, ``role_ms``), as modeltranslation's registry
    says (``translated_fields.py``); a field of no model (a form's own) never is."""
    return model is not None and column_language(model, field_name) in languages
