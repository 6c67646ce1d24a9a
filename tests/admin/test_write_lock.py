"""Admin writes to one page run one after another (autosave racing a publish deadlocked),
across processes, and a second writer waits only a few seconds before hearing so."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from content_pages.interfaces.admin.write_lock import object_write_lock, page_key, snippet_key
from content_pages.models import ArticlePage, CallToAction, ObjectWriteLock
from content_pages.publishing.write_locks import ObjectBusy

pytestmark = pytest.mark.django_db

WAIT = 0.3


@pytest.fixture(autouse=True)
def short_wait(settings):
    settings.CMS_ADMIN_WRITE_LOCK_WAIT = WAIT


class HeldElsewhere:
    """The lock as another process holding it leaves it: a row with another holder and a
    lease still running."""

    def __init__(self, key: str, expires_in: float = 60) -> None:
        self.key = key
        self.expires_in = expires_in

    def __enter__(self) -> "HeldElsewhere":
        ObjectWriteLock.objects.create(
            key=self.key,
            holder="another-process",
            expires_at=timezone.now() + datetime.timedelta(seconds=self.expires_in),
        )
        return self

    def __exit__(self, *exc: object) -> None:
        ObjectWriteLock.objects.filter(key=self.key, holder="another-process").delete()


def test_a_write_to_a_page_another_request_is_writing_waits_briefly_and_then_says_busy(seeded, admin_client):
    url = reverse("wagtailadmin_pages:unpublish", args=[seeded.pk])
    with HeldElsewhere(page_key(seeded.pk)):
        started = time.monotonic()
        response = admin_client.post(url)
        waited = time.monotonic() - started
    assert response.status_code == 409
    assert "Someone else is saving this item" in response.content.decode()
    assert waited >= WAIT, "it waited its turn first"
    assert ArticlePage.objects.get(pk=seeded.pk).live, "a refused write changed nothing"

    # Once the other request is done, the same write goes through, and leaves no lock.
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not ArticlePage.objects.get(pk=seeded.pk).live
    assert not ObjectWriteLock.objects.exists()


def test_a_lock_whose_holder_died_expires(seeded, admin_client):
    url = reverse("wagtailadmin_pages:unpublish", args=[seeded.pk])
    with HeldElsewhere(page_key(seeded.pk), expires_in=-1):
        assert admin_client.post(url).status_code == 302
    assert not ArticlePage.objects.get(pk=seeded.pk).live


def test_other_pages_and_reads_do_not_wait(seeded, admin_client):
    with HeldElsewhere(page_key(seeded.pk)):
        assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk])).status_code == 200
        with object_write_lock(page_key(seeded.pk + 1000)):
            assert ObjectWriteLock.objects.filter(key=page_key(seeded.pk + 1000)).exists()
        with pytest.raises(ObjectBusy):
            with object_write_lock(page_key(seeded.pk)):
                pass


def test_snippet_edits_are_serialised_under_their_own_key(seeded, admin_client):
    cta = CallToAction.objects.first()
    url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    with HeldElsewhere(snippet_key("content_pages_calltoaction", cta.pk)):
        response = admin_client.post(url, {"name": "changed while busy"})
    assert response.status_code == 409
    cta.refresh_from_db()
    assert cta.name != "changed while busy"


def test_the_translation_editor_waits_for_the_page_editor(seeded, admin_client):
    url = reverse("content_pages_translate_page", args=[seeded.pk, "ms"])
    revision = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    with HeldElsewhere(page_key(seeded.pk)):
        response = admin_client.post(url, {"action": "save"})
    assert response.status_code == 409
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == revision


def test_the_snippet_translation_editor_shares_the_snippet_views_key(seeded, admin_client):
    cta = CallToAction.objects.first()
    url = reverse("content_pages_translate_snippet", args=["content_pages.calltoaction", cta.pk, "ms"])
    with HeldElsewhere(snippet_key("content_pages_calltoaction", cta.pk)):
        assert admin_client.post(url, {"action": "save"}).status_code == 409


def test_only_someone_who_may_use_the_admin_takes_a_lock(seeded, client, django_user_model):
    """An anonymous flood of POSTs neither writes lock rows nor turns an editor away."""
    url = reverse("wagtailadmin_pages:unpublish", args=[seeded.pk])
    with HeldElsewhere(page_key(seeded.pk)):
        started = time.monotonic()
        anonymous = client.post(url)
        assert time.monotonic() - started < WAIT, "an anonymous POST does not wait for the lock"
        assert anonymous.status_code == 302
        assert "/login/" in anonymous.headers["Location"]
        outsider = django_user_model.objects.create_user("outsider", password="x-outsider-1")
        client.force_login(outsider)
        assert client.post(url).status_code != 409
    assert not ObjectWriteLock.objects.exists()
    assert ArticlePage.objects.get(pk=seeded.pk).live
