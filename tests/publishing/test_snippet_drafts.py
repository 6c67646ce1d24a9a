"""A snippet draft changes nothing readers see; publishing it changes what it should."""

import pytest
from wagtail.models import ModelLogEntry

from content_pages.models import CallToAction, ChannelRendition, TranslationRecord
from tests.reviewing import approved_translations

from .conftest import cta_form, cta_url

pytestmark = pytest.mark.django_db


def test_a_cta_draft_leaves_the_article_unchanged_and_publishing_it_changes_it(
    seeded, admin_client, whatsapp_cta, seen_by_readers, django_capture_on_commit_callbacks
):
    live_label = whatsapp_cta.button_label_ms
    records = list(
        TranslationRecord.objects.order_by("pk").values_list("segment_id", "source_hash", "translation_hash")
    )
    before = seen_by_readers(seeded)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(cta_url(whatsapp_cta), cta_form(whatsapp_cta, button_label_ms="WhatsApp kami"))
    assert response.status_code == 302
    whatsapp_cta.refresh_from_db()
    assert whatsapp_cta.button_label_ms == live_label
    assert whatsapp_cta.has_unpublished_changes
    assert seen_by_readers(seeded) == before
    assert (
        list(TranslationRecord.objects.order_by("pk").values_list("segment_id", "source_hash", "translation_hash"))
        == records
    )

    with django_capture_on_commit_callbacks(execute=True):
        with approved_translations():  # a reviewer of each language approves what the admin wrote
            response = admin_client.post(cta_url(whatsapp_cta), {**cta_form(whatsapp_cta), "action-publish": "publish"})
    assert response.status_code == 302
    whatsapp_cta.refresh_from_db()
    assert whatsapp_cta.button_label_ms == "WhatsApp kami"
    assert not whatsapp_cta.has_unpublished_changes
    after = seen_by_readers(seeded)
    # Malay changed everywhere the CTA is shown; English and Chinese did not.
    for key in ("ms", "whatsapp:ms", "telegram:ms"):
        assert after["api"][key][0] != before["api"][key][0], key
        assert "WhatsApp kami" in after["api"][key][1].decode()
    for key in ("en", "zh-hans", "whatsapp:en", "whatsapp:zh-hans"):
        assert after["api"][key] == before["api"][key], key
    assert "WhatsApp kami" in after["web"]["ms"]
    assert "WhatsApp kami" not in before["web"]["ms"]
    assert after["web"]["en"] == before["web"]["en"]
    record = TranslationRecord.objects.get(segment_id=f"cta:{whatsapp_cta.pk}:button_label", language="ms")
    assert (record.segment_id, record.source_hash, record.translation_hash) not in records


def test_saving_a_draft_in_code_writes_no_rendition(seeded, whatsapp_cta, django_capture_on_commit_callbacks):
    stored = {r.pk: (r.etag, r.body, r.search_text) for r in ChannelRendition.objects.all()}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        draft = whatsapp_cta.get_latest_revision_as_object()
        draft.heading_en = "A heading nobody has reviewed"
        draft.save_revision()
    assert callbacks == []
    assert {r.pk: (r.etag, r.body, r.search_text) for r in ChannelRendition.objects.all()} == stored
    assert CallToAction.objects.get(pk=whatsapp_cta.pk).heading_en != "A heading nobody has reviewed"


def test_existing_snippets_are_live_with_one_published_revision(seeded):
    from content_pages.models import Contributor, Reference, Topic

    for model in (CallToAction, Reference, Topic, Contributor):
        for obj in model.objects.all():
            assert obj.live, obj
            assert not obj.has_unpublished_changes, obj
            assert obj.live_revision_id == obj.latest_revision_id is not None, obj
            assert ModelLogEntry.objects.for_instance(obj).filter(action="wagtail.publish").exists(), obj


def test_the_preview_shows_the_draft_in_every_language_and_the_pages_that_use_it(seeded, admin_client, whatsapp_cta):
    url = cta_url(whatsapp_cta, "preview_on_edit")
    response = admin_client.post(url, cta_form(whatsapp_cta, button_label_ms="Cuba draf"))
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    html = admin_client.get(url).content.decode()
    assert "Cuba draf" in html
    assert 'data-language="zh-hans"' in html
    assert seeded.title in html  # the article that shows this CTA, linked for the editor
    whatsapp_cta.refresh_from_db()
    assert whatsapp_cta.button_label_ms != "Cuba draf"


def test_the_migration_makes_existing_rows_live_with_one_published_revision(seeded):
    """Rows saved before snippets had drafts: what readers saw becomes the live revision."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("content_pages.migrations.0009_snippets_live_with_initial_revision")
    old = CallToAction.objects.create(
        name="From before drafts", kind="link", link_url="https://example.org/", button_label_en="Go", live=False
    )
    CallToAction.objects.filter(pk=old.pk).update(live=True)  # as the column default made every old row
    migration.forwards(apps, connection.schema_editor())
    old.refresh_from_db()
    assert old.live
    assert not old.has_unpublished_changes
    assert old.live_revision_id == old.latest_revision_id is not None
    assert old.live_revision.as_object().button_label_en == "Go"
    assert old.get_latest_revision_as_object().name == "From before drafts"
