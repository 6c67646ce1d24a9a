"""A snippet that is not live never reaches a channel, even when a page chooses it."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from content_pages.foundations.languages import content_languages
from content_pages.models import ArticlePageReference, CallToAction, ChannelRendition, Reference, ReferenceAuthor

from .conftest import cta_url

pytestmark = pytest.mark.django_db

SECRET = "Unreviewed offer"


def everything_readers_get(reader, page):
    """Every channel's stored payload and every web page of ``page``, as one text."""
    parts = [r.body + r.search_text for r in ChannelRendition.objects.filter(page=page)]
    for language in content_languages():
        parts.append(reader.get(f"/api/v2/pages/{page.pk}/?lang={language}").content.decode())
        for channel in ("whatsapp", "telegram", "sms"):
            parts.append(reader.get(f"/api/v2/pages/{page.pk}/channels/{channel}/?lang={language}").content.decode())
        with override(language):
            parts.append(reader.get(page.get_url()).content.decode())
    parts.append(reader.get("/api/v2/snippets/ctas/?limit=100").content.decode())
    return "\n".join(parts)


def choose_in_body(page, cta):
    draft = page.get_latest_revision_as_object()
    draft.body_en.append(
        ("cta", {"cta": cta, "heading_override": "", "body_override": "", "button_label_override": ""})
    )
    draft.save_revision().publish()


def test_a_cta_saved_as_draft_only_is_skipped_until_published(
    seeded, admin_client, reader, django_capture_on_commit_callbacks
):
    data = {"name": "Draft offer", "kind": "link", "link_url": "https://example.org/offer", "heading_en": SECRET}
    data.update({"button_label_en": "Read the offer", "link_page": "", "form_page": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailsnippets_content_pages_calltoaction:add"), data)
    assert response.status_code == 302
    cta = CallToAction.objects.get(name="Draft offer")
    assert not cta.live

    with django_capture_on_commit_callbacks(execute=True):
        choose_in_body(seeded, cta)
    assert SECRET not in everything_readers_get(reader, seeded)
    assert reader.get(f"/api/v2/snippets/ctas/{cta.pk}/").status_code == 404

    # Publishing the CTA re-renders the page that chose it: it now appears everywhere.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(cta_url(cta), {**data, "action-publish": "publish"})
    cta.refresh_from_db()
    assert cta.live
    shown = everything_readers_get(reader, seeded)
    assert shown.count(SECRET) >= 3 * 4  # web API, WhatsApp, Telegram, web page in each language

    # Unpublishing takes it out again.
    with django_capture_on_commit_callbacks(execute=True):
        cta.unpublish()
    assert SECRET not in everything_readers_get(reader, seeded)


def test_unpublished_and_expired_snippets_disappear_from_every_channel(
    seeded, reader, django_capture_on_commit_callbacks
):
    topic = seeded.topics.first()
    author = seeded.author

    def web_payload(language):
        return json.loads(reader.get(f"/api/v2/pages/{seeded.pk}/?lang={language}").content)

    assert topic.pk in [t["id"] for t in web_payload("ms")["topics"]]
    assert web_payload("ms")["review"]["author"]["name"] == author.name

    with django_capture_on_commit_callbacks(execute=True):
        topic.unpublish()
    # Expiry: the snippet's expiry time passes and Wagtail's scheduler unpublishes it.
    type(author).objects.filter(pk=author.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)
    author.refresh_from_db()
    assert author.expired
    assert not author.live

    for language in content_languages():
        payload = web_payload(language)
        assert topic.pk not in [t["id"] for t in payload["topics"]]
        assert payload["review"]["author"] is None
        assert author.name not in json.dumps(payload["json_ld"], ensure_ascii=False)
        with override(language):
            html = reader.get(seeded.get_url()).content.decode()
        assert author.name not in html
        assert f">{topic.name_en}<" not in html
        assert f">{getattr(topic, 'name_' + language.replace('-', '_'))}<" not in html


def test_a_reference_never_published_is_not_cited(seeded, reader, django_capture_on_commit_callbacks):
    reference = Reference(
        title="An unreviewed preprint nobody checked", year=2026, url="https://example.org/p", live=False
    )
    reference.authors = [ReferenceAuthor(family="Nobody", given="A.")]
    reference.save()
    reference.save_revision()
    draft = seeded.get_latest_revision_as_object()
    draft.references.add(ArticlePageReference(reference=reference, sort_order=99))
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    assert "unreviewed preprint" not in everything_readers_get(reader, seeded)

    with django_capture_on_commit_callbacks(execute=True):
        reference.get_latest_revision().publish()
    assert "unreviewed preprint" in everything_readers_get(reader, seeded)


def test_choosers_offer_live_snippets_only(seeded, admin_client):
    draft_only = CallToAction.objects.create(
        name="Never published", kind="link", link_url="https://example.org/", button_label_en="Go", live=False
    )
    draft_only.save_revision()
    live = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    response = admin_client.get(reverse("wagtailsnippetchoosers_content_pages_calltoaction:choose"))
    assert response.status_code == 200
    html = response.content.decode()
    assert live.name in html
    assert draft_only.name not in html
    results = admin_client.get(
        reverse("wagtailsnippetchoosers_content_pages_calltoaction:choose_results"), {"q": "Never"}
    )
    assert draft_only.name not in results.content.decode()
