"""Translator groups: one per target language, allowed to change that language only.

A member of "Translators (ms)" can edit pages and the translated snippets, but the
admin forms reject any change outside the ``*_ms`` fields (so no structure and no
source text), they have no publish permission, and they may upload Malay PO files only.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from wagtail.models import GroupPagePermission, Page

from ..i18n.languages import localized_field_name, target_languages

GROUP_PREFIX = "Translators ("
SNIPPET_PERMISSIONS = ("change_calltoaction", "change_reference", "change_topic")


def group_name(language: str) -> str:
    return f"Translators ({language})"


def ensure_translator_groups() -> list[Group]:
    """Create (or complete) one group per target language; safe to run repeatedly."""
    groups = []
    root = Page.get_first_root_node()
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    snippet_permissions = Permission.objects.filter(
        content_type__app_label="content_pages", codename__in=SNIPPET_PERMISSIONS
    )
    for language in target_languages():
        group, _created = Group.objects.get_or_create(name=group_name(language))
        group.permissions.add(admin_access, *snippet_permissions)
        if root is not None:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)
        groups.append(group)
    return groups


def translator_languages(user: AbstractBaseUser | None) -> set[str] | None:
    """The languages a translator-only user may change; None for everyone else (unrestricted)."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    names = set(user.groups.values_list("name", flat=True))
    if not names:
        return None
    languages = {language for language in target_languages() if group_name(language) in names}
    if len(languages) != len(names):
        return None  # also an editor, moderator...: not restricted to translation
    return languages


def field_allowed(field_name: str, languages: set[str]) -> bool:
    """Whether a form field belongs to one of ``languages`` (``standfirst_ms``, ``body_zh_hans``)."""
    for language in languages:
        suffix = localized_field_name("", language)  # "_ms"
        if field_name.endswith(suffix):
            return True
    return False
