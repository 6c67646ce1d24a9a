import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from content_pages.foundations.languages import content_languages
from content_pages.models import CallToAction, ChannelRendition

from ..conftest import page_text

CTA_FIELDS = (
    "name",
    "kind",
    "link_url",
    "phone_number",
    *(
        f"{name}_{code}"
        for name in ("heading", "body", "button_label", "whatsapp_message")
        for code in ("en", "ms", "zh_hans")
    ),
)


def cta_form(cta, **changes):
    """The snippet edit form as the admin posts it, from the CTA's latest draft."""
    draft = cta.get_latest_revision_as_object()
    data = {name: getattr(draft, name) or "" for name in CTA_FIELDS}
    data["link_page"] = draft.link_page_id or ""
    data["form_page"] = draft.form_page_id or ""
    data.update(changes)
    return data


def cta_url(cta, view="edit"):
    return reverse(f"wagtailsnippets_content_pages_calltoaction:{view}", args=[cta.pk])


@pytest.fixture
def reader():
    return Client()


@pytest.fixture
def seen_by_readers(reader):
    """Everything readers of a page get: API bodies and ETags, stored renditions, web text."""

    def snapshot(page):
        api = {}
        web = {}
        for language in content_languages():
            response = reader.get(f"/api/v2/pages/{page.pk}/?lang={language}")
            assert response.status_code == 200
            api[language] = (response["ETag"], response.content)
            for channel in ("whatsapp", "telegram", "sms"):
                channel_response = reader.get(f"/api/v2/pages/{page.pk}/channels/{channel}/?lang={language}")
                assert channel_response.status_code == 200
                api[f"{channel}:{language}"] = (channel_response["ETag"], channel_response.content)
            with override(language):
                url = page.specific.get_url()
            html = reader.get(url)
            assert html.status_code == 200
            web[language] = page_text(html.content.decode())
        renditions = {
            (r.channel, r.language): (r.etag, r.body, r.search_text, r.revision_id)
            for r in ChannelRendition.objects.filter(page=page)
        }
        return {"api": api, "renditions": renditions, "web": web}

    return snapshot


@pytest.fixture
def whatsapp_cta(seeded):
    return CallToAction.objects.get(name="WhatsApp: liquid biopsy")
