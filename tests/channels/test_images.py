"""Image blocks become WhatsApp image messages and Telegram photos, in both modes."""

import uuid

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from content_pages.foundations.limits import IMAGE_CAPTION_MAX
from content_pages.models import ArticlePage
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.channels.telegram import visible_length

pytestmark = pytest.mark.django_db


def article_with_images(image):
    heading = {"type": "heading", "id": str(uuid.uuid4()), "value": {"level": "h2", "text": "Scans", "anchor": ""}}
    captioned = {"image": image.pk, "alt_text": "A CT scanner", "caption": "The scanner & its <bed>"}
    alt_only = {"image": image.pk, "alt_text": "A waiting room", "caption": ""}
    body = [
        heading,
        {"type": "image", "id": str(uuid.uuid4()), "value": captioned},
        {"type": "paragraph", "id": str(uuid.uuid4()), "value": "<p>After the scan.</p>"},
        {"type": "image", "id": str(uuid.uuid4()), "value": alt_only},
    ]
    return ArticlePage(title_en="Imaging", slug_en="imaging", standfirst_en="", body_en=body)


@pytest.fixture
def image(django_capture_on_commit_callbacks):
    # Saved as the admin saves it: the worker makes its renditions once the save commits.
    with django_capture_on_commit_callbacks(execute=True):
        return Image.objects.create(title="Scan", file=get_test_image_file())


@pytest.mark.parametrize("mode", ["", "conversation"])
def test_images_are_whatsapp_image_messages_with_caption_or_alt_text(seeded, image, mode):
    payload = CHANNELS["whatsapp"].render(article_with_images(image), "en", mode).payload
    messages = payload["messages"] if not mode else [m for turn in payload["turns"].values() for m in turn["messages"]]
    images = [message["image"] for message in messages if message["type"] == "image"]
    assert [item.get("caption") for item in images] == ["The scanner & its <bed>", "A waiting room"]
    assert all(item["link"].startswith("http://") and "/images/" in item["link"] for item in images)
    assert all(len(item["caption"]) <= IMAGE_CAPTION_MAX for item in images)


@pytest.mark.parametrize("mode", ["", "conversation"])
def test_images_are_telegram_photos_with_escaped_captions(seeded, image, mode):
    payload = CHANNELS["telegram"].render(article_with_images(image), "en", mode).payload
    messages = payload["messages"] if not mode else [m for turn in payload["turns"].values() for m in turn["messages"]]
    photos = [message for message in messages if message["method"] == "sendPhoto"]
    assert [photo["caption"] for photo in photos] == ["The scanner &amp; its &lt;bed&gt;", "A waiting room"]
    assert all(photo["photo"].startswith("http://") for photo in photos)
    assert all(visible_length(photo) <= IMAGE_CAPTION_MAX for photo in photos)


def test_sms_keeps_the_caption_as_text(seeded, image):
    payload = CHANNELS["sms"].render(article_with_images(image), "en", "full").payload
    text = "\n".join(message["text"] for message in payload["messages"])
    assert "The scanner & its <bed>" in text
    assert "A waiting room" in text
