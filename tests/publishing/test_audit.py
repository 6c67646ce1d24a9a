"""The audit log says who published what, which revision, and in which languages."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from content_pages.models import CallToAction
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from tests.reviewing import approved_translations

from ..translations.conftest import fill
from .conftest import cta_form, cta_url

pytestmark = pytest.mark.django_db


def test_publishing_a_malay_label_is_logged_with_the_user_revision_and_language(seeded, admin_client, admin_user):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    with approved_translations():  # a reviewer of each language approves what the admin wrote
        admin_client.post(cta_url(cta), {**cta_form(cta, button_label_ms="WhatsApp kami"), "action-publish": "publish"})
    cta.refresh_from_db()
    entry = ModelLogEntry.objects.for_instance(cta).filter(action="wagtail.publish").latest("pk")
    assert entry.user == admin_user
    assert entry.revision_id == cta.live_revision_id
    assert entry.data["languages"] == ["ms"]
    assert entry.data["shared"] is False

    history = admin_client.get(cta_url(cta, "history")).content.decode()
    assert "Published (Malay)" in history
    report = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Published (Malay)" in report


def test_a_change_outside_any_language_is_reported_as_shared(seeded, admin_client):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    admin_client.post(
        cta_url(cta),
        {**cta_form(cta, phone_number="+60 3-2345 6789", heading_en="Ask us on WhatsApp"), "action-publish": "publish"},
    )
    entry = ModelLogEntry.objects.for_instance(cta).filter(action="wagtail.publish").latest("pk")
    assert entry.data == {**entry.data, "languages": ["en"], "shared": True}
    assert (
        "Published (English; fields shared by all languages)"
        in admin_client.get(cta_url(cta, "history")).content.decode()
    )


def test_page_publish_from_the_editor_and_unpublish_are_logged_with_languages(seeded, admin_client, admin_user):
    draft = seeded.get_latest_revision_as_object()
    draft.standfirst_zh_hans = "新的导语。"
    with approved_translations():  # a reviewer of each language approves what the admin wrote
        draft.save_revision(user=admin_user).publish(user=admin_user)
    entry = PageLogEntry.objects.filter(page=seeded, action="wagtail.publish").latest("pk")
    assert (entry.user, entry.data["languages"], entry.data["shared"]) == (admin_user, ["zh-hans"], False)

    seeded.refresh_from_db()
    seeded.unpublish(user=admin_user)
    entry = PageLogEntry.objects.filter(page=seeded, action="wagtail.unpublish").latest("pk")
    assert entry.user == admin_user
    assert entry.data["languages"] == ["en", "zh-hans", "ms"]
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[seeded.pk])).content.decode()
    assert "Published (Chinese (Simplified))" in history
    assert "Unpublished (English, Chinese (Simplified), Malay; fields shared by all languages)" in history


def test_a_po_import_that_publishes_is_logged_as_that_language_only(seeded, admin_user):
    data = fill(po_bytes(page_catalog(seeded, "ms")))
    with approved_translations():
        import_po(data, ImportOptions(publish=True, user=admin_user))
    entry = PageLogEntry.objects.filter(page=seeded, action="wagtail.publish").latest("pk")
    assert entry.user == admin_user
    assert entry.data["languages"] == ["ms"]
