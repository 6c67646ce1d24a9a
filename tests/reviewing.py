"""Test helpers for the review of translations: a reviewer of every target language,
and publishing as they approve (the gate holds back any language no reviewer of it
approved, so a test that means to publish a translation says who approved it)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.auth.models import Group, User

from content_pages.foundations.languages import target_languages
from content_pages.foundations.roles import reviewer_group_name
from content_pages.publishing.gate.language_review import approving_as
from content_pages.publishing.translators import ensure_translator_groups


def make_reviewer(username: str = "translation-reviewer", languages: tuple[str, ...] | None = None) -> User:
    ensure_translator_groups()
    user, _created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
    for language in languages if languages is not None else target_languages():
        user.groups.add(Group.objects.get(name=reviewer_group_name(language)))
    return user


@contextmanager
def approved_translations(username: str = "translation-reviewer") -> Iterator[User]:
    """Everything published inside is approved, in every language, by a reviewer of it
    who wrote none of it."""
    reviewer = make_reviewer(username)
    with approving_as(reviewer):
        yield reviewer


def translated_by_a_translator(obj, language: str = "ms", **fields) -> User:
    """Save a draft of ``obj`` with ``fields`` (its ``language`` texts) as a translator of
    that language wrote them, so that whoever publishes them is not their author."""
    from content_pages.foundations.roles import group_name

    ensure_translator_groups()
    translator, _created = User.objects.get_or_create(username=f"translator-{language}")
    translator.groups.add(Group.objects.get(name=group_name(language)))
    draft = obj.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(user=translator, clean=False)
    return translator
