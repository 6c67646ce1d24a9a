"""Payload links follow the configured base URL, not the host stored in the Site record."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

pytestmark = pytest.mark.django_db

BASE = "https://cms.example.org"


@pytest.fixture
def moved(seeded):
    # The Site row still names the address stored at seed time; only the setting changed.
    for site in Site.objects.all():
        site.hostname, site.port = "stale.invalid", 8000
        site.save()  # clears Wagtail's cached site root paths
    with override_settings(WAGTAILADMIN_BASE_URL=BASE):
        call_command("refresh_renditions", verbosity=0, stdout=io.StringIO())
        yield seeded


def test_page_payload_links_use_the_base_url(moved, client):
    response = client.get(f"/api/v2/pages/{moved.pk}/?lang=ms")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["html_url"] == f"{BASE}/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"
    for alternate in data["meta"]["alternates"]:
        assert alternate["html_url"].startswith(f"{BASE}/"), alternate
        assert alternate["detail_url"].startswith(f"{BASE}/api/v2/"), alternate
    text = response.content.decode()
    assert "127.0.0.1" not in text
    assert "stale.invalid" not in text


def test_whatsapp_links_use_the_base_url(moved, client):
    response = client.get(f"/api/v2/pages/{moved.pk}/channels/whatsapp/?lang=ms")
    assert response.status_code == 200, response.content[:300]
    text = json.dumps(response.json(), ensure_ascii=False)
    assert f"{BASE}/ms/pertanyaan-biopsi-cecair/" in text
    assert "127.0.0.1" not in text
    assert "stale.invalid" not in text


def test_web_page_links_use_the_base_url(moved, client):
    html = client.get("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/").content.decode()
    assert f'hreflang="en" href="{BASE}/en/articles/how-immunotherapy-targets-cancer-cells/"' in html
    assert f'rel="canonical" href="{BASE}/ms/artikel/' in html
    assert f'property="og:url" content="{BASE}/ms/artikel/' in html
    assert "stale.invalid" not in html
