"""What a translator may do to a page: edit their language as a draft, and nothing else.

Wagtail decides every page action (delete, move, copy, unpublish, privacy, locking,
scheduling, ordering children, adding pages) through the page's permission tester, in
the views, the explorer's menus and the bulk actions alike; a translator gets a tester
that says no to all of them, so the refusal holds for a crafted request too.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import override
from wagtail.models import Page, PagePermissionTester

from content_pages.foundations.roles import translator_languages


class TranslatorPagePermissionTester(PagePermissionTester):
    def can_add_subpage(self) -> bool:
        return False

    @override
    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return False

    def can_unpublish(self) -> bool:
        return False

    def can_publish(self) -> bool:
        return False

    def can_publish_subpage(self) -> bool:
        return False

    def can_set_view_restrictions(self) -> bool:
        return False

    def can_unschedule(self) -> bool:
        return False

    def can_lock(self) -> bool:
        return False

    def can_unlock(self) -> bool:
        return False

    def can_reorder_children(self) -> bool:
        return False

    def can_move(self) -> bool:
        return False

    def can_copy(self) -> bool:
        return False

    @override
    def can_move_to(self, destination: Page) -> bool:
        return False

    @override
    def can_copy_to(self, destination: Page, recursive: bool = False) -> bool:
        return False


class TranslatorPermissionsMixin:
    """Put in the bases of every page type: translators get the restricted tester."""

    def permissions_for_user(self, user: Any) -> PagePermissionTester:
        if translator_languages(user) is not None:
            return TranslatorPagePermissionTester(user, self)
        return super().permissions_for_user(user)  # type: ignore[misc]
