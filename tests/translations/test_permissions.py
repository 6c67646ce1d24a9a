"""Translators change their own language only, and upload only their language's files."""

import io

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from content_pages.models import CallToAction
from content_pages.publishing.translators import translator_languages
from tests.refusals import assert_refused

from .conftest import article_form_data, fill

pytestmark = pytest.mark.django_db


def test_groups_exist_per_target_language_and_define_the_language(translator):
    user = translator("ms")
    assert translator_languages(user) == {"ms"}
    assert translator_languages(User(is_superuser=True)) is None


def cta_form(cta, **changes):
    data = {
        "name": cta.name,
        "kind": cta.kind,
        "phone_number": cta.phone_number,
        "heading_en": cta.heading_en,
        "heading_ms": cta.heading_ms,
        "heading_zh_hans": cta.heading_zh_hans,
        "button_label_en": cta.button_label_en,
        "button_label_ms": cta.button_label_ms,
        "button_label_zh_hans": cta.button_label_zh_hans,
        "whatsapp_message_en": cta.whatsapp_message_en,
        "whatsapp_message_ms": cta.whatsapp_message_ms,
        "whatsapp_message_zh_hans": cta.whatsapp_message_zh_hans,
    }
    data.update(changes)
    return data


def test_translator_can_change_their_language_of_a_snippet(seeded, client, translator):
    translator("ms")
    cta = CallToAction.objects.get(kind="whatsapp")
    url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    live_heading = cta.heading_ms
    response = client.post(url, cta_form(cta, heading_ms="Mesej kami di WhatsApp"))
    assert response.status_code == 302
    cta.refresh_from_db()
    # A draft: what readers see is unchanged until someone with publish permission publishes.
    assert cta.heading_ms == live_heading
    assert cta.has_unpublished_changes
    assert cta.get_latest_revision_as_object().heading_ms == "Mesej kami di WhatsApp"


def test_translator_cannot_publish_a_snippet(seeded, client, translator):
    translator("ms")
    cta = CallToAction.objects.get(kind="whatsapp")
    live_heading = cta.heading_ms
    url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    client.post(url, {**cta_form(cta, heading_ms="Mesej kami di WhatsApp"), "action-publish": "publish"})
    cta.refresh_from_db()
    assert cta.heading_ms == live_heading
    assert cta.live_revision.as_object().heading_ms == live_heading


@pytest.mark.parametrize("change", [{"heading_en": "Changed source"}, {"heading_zh_hans": "改了"}, {"kind": "link"}])
def test_translator_cannot_change_other_languages_or_structure(seeded, client, translator, change):
    translator("ms")
    cta = CallToAction.objects.get(kind="whatsapp")
    before = (cta.heading_en, cta.heading_zh_hans, cta.kind)
    url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    response = client.post(url, cta_form(cta, **change))
    assert response.status_code == 403  # refused as a whole
    assert "is not yours to change: as a translator you can change Malay texts only." in response.content.decode()
    cta.refresh_from_db()
    assert (cta.heading_en, cta.heading_zh_hans, cta.kind) == before


def test_translator_cannot_publish(seeded, translator):
    user = translator("ms")
    assert seeded.permissions_for_user(user).can_edit()
    assert not seeded.permissions_for_user(user).can_publish()


def test_translator_of_another_language_cannot_upload_or_download_malay(seeded, client, translator, malay_po):
    translator("zh-hans")
    refused = client.get(reverse("content_pages_download_po", args=[seeded.pk, "ms"]))
    assert_refused(refused)
    assert b"msgctxt" not in refused.content
    upload = io.BytesIO(fill(malay_po))
    upload.name = "ms.po"
    response = client.post(reverse("content_pages_page_translations", args=[seeded.pk]), {"po_file": upload})
    content = response.content.decode()
    assert "Nothing was imported." in content, content[content.find('class="nice-padding"') :][:1500]
    assert "this is a Malay file; you translate Chinese (Simplified) only" in content
    assert not seeded.revisions.filter(content__body_ms__icontains="MS The immune").exists()
    assert 'name="publish"' not in content


def test_malay_translator_can_upload_malay(seeded, client, translator, malay_po):
    translator("ms")
    upload = io.BytesIO(fill(malay_po))
    upload.name = "ms.po"
    response = client.post(
        reverse("content_pages_page_translations", args=[seeded.pk]), {"po_file": upload}, follow=True
    )
    # malay_po leaves 33 entries empty (24 paragraphs, 9 list items), which fill() translates;
    # the 32 Malay translations the article kept are unchanged.
    assert "Imported 33 Malay translations that changed (32 unchanged;" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.has_unpublished_changes


def test_translator_saves_a_malay_draft_of_a_page(small_article, client, translator):
    translator("ms")
    url = reverse("wagtailadmin_pages:edit", args=[small_article.pk])
    response = client.post(url, article_form_data("Tiredness", "Keletihan", "What it is", "Apakah ia"))
    assert response.status_code == 302, response.content.decode()[:3000]
    small_article.refresh_from_db()
    draft = small_article.get_latest_revision_as_object()
    assert draft.title_ms == "Keletihan"
    assert draft.body_ms[0].value["text"] == "Apakah ia"
    assert small_article.title_ms in ("", None)  # the live page is unchanged: a translator cannot publish


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_en": "Fatigue"}, "Title [en]"),
        ({"heading_en": "What fatigue is"}, "Body [en]"),
        ({"level": "h3"}, "Body [en]"),
    ],
)
def test_translator_cannot_change_the_source_or_the_structure_of_a_page(
    small_article, client, translator, changes, field
):
    translator("ms")
    arguments = {
        "title_en": "Tiredness",
        "title_ms": "Keletihan",
        "heading_en": "What it is",
        "heading_ms": "Apakah ia",
    }
    arguments.update(changes)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[small_article.pk]), article_form_data(**arguments))
    assert response.status_code == 403  # refused as a whole
    assert (
        f"“{field}” is not yours to change: as a translator you can change Malay texts only."
        in response.content.decode()
    )
    small_article.refresh_from_db()
    assert small_article.get_latest_revision_as_object().title_ms in ("", None)
