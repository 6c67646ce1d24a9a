"""Admin writes to one page run one after another (autosave racing a publish deadlocked)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from content_pages.interfaces.admin import write_lock
from content_pages.interfaces.admin.write_lock import object_write_lock, page_key, snippet_key
from content_pages.models import ArticlePage, CallToAction

pytestmark = pytest.mark.django_db


class HeldElsewhere:
    """Holds a lock from another thread (another connection, as another request would)."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.taken = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        try:
            with object_write_lock(self.key):
                self.taken.set()
                self.release.wait(10)
        finally:
            connection.close()

    def __enter__(self) -> "HeldElsewhere":
        self.thread.start()
        assert self.taken.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(10)


def test_a_write_to_a_page_another_request_is_writing_waits_and_then_says_busy(seeded, admin_client, monkeypatch):
    monkeypatch.setattr(write_lock, "WAIT_SECONDS", 0.3)
    url = reverse("wagtailadmin_pages:unpublish", args=[seeded.pk])
    with HeldElsewhere(page_key(seeded.pk)):
        response = admin_client.post(url)
    assert response.status_code == 409
    assert "Someone else is saving this item" in response.content.decode()
    assert ArticlePage.objects.get(pk=seeded.pk).live, "a refused write changed nothing"

    # Once the other request is done, the same write goes through.
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not ArticlePage.objects.get(pk=seeded.pk).live


def test_other_pages_and_reads_do_not_wait(seeded, admin_client, monkeypatch):
    monkeypatch.setattr(write_lock, "WAIT_SECONDS", 0.3)
    with HeldElsewhere(page_key(seeded.pk)):
        assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk])).status_code == 200
        # Another object's lock is free (striped locks: pick a key on another stripe).
        other = next(
            n
            for n in range(10_000, 20_000)
            if write_lock._number(page_key(n)) % 64 != write_lock._number(page_key(seeded.pk)) % 64
        )
        with object_write_lock(page_key(other)):
            pass


def test_snippet_edits_are_serialised_under_their_own_key(seeded, admin_client, monkeypatch):
    monkeypatch.setattr(write_lock, "WAIT_SECONDS", 0.3)
    cta = CallToAction.objects.first()
    url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    with HeldElsewhere(snippet_key("content_pages_calltoaction", cta.pk)):
        response = admin_client.post(url, {"name": "changed while busy"})
    assert response.status_code == 409
    cta.refresh_from_db()
    assert cta.name != "changed while busy"


def test_the_translation_editor_waits_for_the_page_editor(seeded, admin_client, monkeypatch):
    monkeypatch.setattr(write_lock, "WAIT_SECONDS", 0.3)
    url = reverse("content_pages_translate_page", args=[seeded.pk, "ms"])
    revision = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    with HeldElsewhere(page_key(seeded.pk)):
        response = admin_client.post(url, {"action": "save"})
    assert response.status_code == 409
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == revision


def test_the_snippet_translation_editor_shares_the_snippet_views_key(seeded, admin_client, monkeypatch):
    monkeypatch.setattr(write_lock, "WAIT_SECONDS", 0.3)
    cta = CallToAction.objects.first()
    url = reverse("content_pages_translate_snippet", args=["content_pages.calltoaction", cta.pk, "ms"])
    with HeldElsewhere(snippet_key("content_pages_calltoaction", cta.pk)):
        assert admin_client.post(url, {"action": "save"}).status_code == 409
