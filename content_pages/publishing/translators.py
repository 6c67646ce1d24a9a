"""Translator groups: one per target language, allowed to change that language only.

A member of "Translators (ms)" can edit pages and the translated snippets (every snippet
model with fields in modeltranslation's registry), but the admin forms reject any change
outside the Malay columns of the registered fields (so no structure and no source text),
they have no publish permission, and they may upload Malay PO files only.

A member of "Translation reviewers (ms)" has the same access (to read and correct the
Malay) and may approve Malay translations, which publishes them: the approval is the
publish permission of that language, checked by the publish gate, not a Wagtail
permission.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page
from wagtail.snippets.models import get_snippet_models

from content_pages.foundations.languages import target_languages
from content_pages.foundations.roles import field_allowed, group_name, reviewer_group_name, translator_languages
from content_pages.foundations.translated_fields import is_translated

__all__ = [
    "ensure_translator_groups",
    "field_allowed",
    "group_name",
    "reviewer_group_name",
    "snippet_permissions",
    "translator_languages",
]


def snippet_permissions() -> tuple[str, ...]:
    """Change permission on every snippet with translated fields: calls to action,
    references, topics, contributors, and any snippet registered for translation later."""
    return tuple(sorted(f"change_{model._meta.model_name}" for model in get_snippet_models() if is_translated(model)))


def ensure_translator_groups() -> list[Group]:
    """Create (or complete) one group per target language; safe to run repeatedly."""
    groups = []
    root = Page.get_first_root_node()
    change_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    snippet_changes = Permission.objects.filter(
        content_type__app_label="content_pages", codename__in=snippet_permissions()
    )
    for language in target_languages():
        for name in (group_name(language), reviewer_group_name(language)):
            group, _created = Group.objects.get_or_create(name=name)
            group.permissions.add(admin_access, *snippet_changes)
            if root is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)
            groups.append(group)
    return groups
