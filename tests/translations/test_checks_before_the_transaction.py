"""The slow part of a translation save (checking the draft against every channel's limits)
runs before the write transaction opens, so on SQLite the one write lock is held only for
the writes; the result is the same as checking inside it."""

import pytest
from django.db import connection

from content_pages.models import ArticlePage
from content_pages.publishing.translations import writing
from content_pages.publishing.translations.apply import apply_translations

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(monkeypatch):
    """The transaction depth at each real draft check, and at the test's own level."""
    depths = []
    real = writing.check_draft

    def check_draft(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return real(*args, **kwargs)

    monkeypatch.setattr(writing, "check_draft", check_draft)
    return depths


def test_a_valid_translation_is_checked_outside_the_write_transaction(seeded, admin_user, checks):
    outside = len(connection.atomic_blocks)  # the test's own transaction
    title = f"page:{seeded.pk}:title"
    report = apply_translations(seeded, "ms", {title: "Tajuk baharu"}, user=admin_user)
    assert report.pages == [seeded.pk]
    assert checks == [outside]
    assert ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object().title_ms == "Tajuk baharu"
