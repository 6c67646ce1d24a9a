"""The enquiry form's invitation on WhatsApp and Telegram carries the site's privacy
notice in the reader's language, with its link, and says when a fallback served it."""

import pytest

from content_pages.models import EnquiryPrivacyNotice
from content_pages.rendering.channels import CHANNELS

pytestmark = pytest.mark.django_db

PRIVACY_URL_MS = "https://example.org/ms/privasi"


@pytest.fixture
def notice(seeded):
    notice = EnquiryPrivacyNotice.objects.get()
    notice.link_label_en = "How we use your information"
    notice.link_url_en = "https://example.org/privacy"
    notice.link_label_ms = "Cara kami menggunakan maklumat anda"
    notice.link_url_ms = PRIVACY_URL_MS
    notice.save()
    return notice


def invitation(payload, marker):
    return [message for message in payload["messages"] if marker in str(message)]


def test_whatsapp_invitation_ends_with_the_notice_and_its_link(seeded, notice):
    payload = CHANNELS["whatsapp"].render(seeded, "ms", "").payload
    (message,) = invitation(payload, "enquiry_form:")
    body = message["interactive"]["body"]["text"]
    assert body.endswith(
        "Kami menggunakan butiran anda hanya untuk menjawab pertanyaan anda. Kami tidak berkongsinya, dan kami "
        f"memadamnya apabila tidak lagi diperlukan. Cara kami menggunakan maklumat anda: {PRIVACY_URL_MS}"
    )
    assert len(body) <= 1024


def test_telegram_invitation_links_the_notice(seeded, notice):
    payload = CHANNELS["telegram"].render(seeded, "ms", "").payload
    (message,) = invitation(payload, "Isi borang")
    assert message["text"].endswith(f'<a href="{PRIVACY_URL_MS}">Cara kami menggunakan maklumat anda</a>')
    assert "Kami menggunakan butiran anda" in message["text"]


def test_a_notice_without_a_malay_text_is_served_in_english_and_said_so(seeded, notice):
    notice.text_ms = ""
    notice.save()
    rendering = CHANNELS["telegram"].render(seeded, "ms", "")
    (message,) = invitation(rendering.payload, "Isi borang")
    assert "We use your details only to answer your enquiry." in message["text"]
    fallbacks = [
        fallback for fallback in rendering.payload["meta"]["fallbacks"] if "privacy_notice" in fallback["path"]
    ]
    assert [(fallback["path"].rsplit(".", 2)[-2:], fallback["language"]) for fallback in fallbacks] == [
        (["privacy_notice", "text"], "en")
    ]


def test_no_notice_no_extra_text(seeded):
    EnquiryPrivacyNotice.objects.all().delete()
    payload = CHANNELS["whatsapp"].render(seeded, "en", "").payload
    (message,) = invitation(payload, "enquiry_form:")
    assert message["interactive"]["body"]["text"] == (
        "Enquire about liquid biopsy by sending us a message today\nhttp://127.0.0.1:8000/en/liquid-biopsy-enquiry/"
    )
