"""What shared caches are told: public responses a purge reaches carry s-maxage and the
tags that purge them; negotiated ones vary on Accept-Language; private ones stay private."""

import pytest

from tests.api.test_query_budget import build_article
from tests.web.test_stored_pages import url_in

pytestmark = pytest.mark.django_db


def test_a_stored_page_may_stay_in_a_shared_cache_until_purged(
    seeded, client, settings, django_capture_on_commit_callbacks
):
    settings.CMS_SHARED_CACHE_MAX_AGE = 7200
    page = build_article("shared", 4, django_capture_on_commit_callbacks)
    response = client.get(url_in(page, "ms"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=7200"
    assert response["Cache-Tag"] == f"page-{page.pk}"
    assert response["Surrogate-Key"] == f"page-{page.pk}"
    assert "Accept-Language" not in response.get("Vary", "")  # the language is in the path
    again = client.get(url_in(page, "ms"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == response["Cache-Control"]


def test_api_reads_name_their_page_and_vary_only_when_negotiated(seeded, api, settings):
    settings.CMS_SHARED_CACHE_MAX_AGE = 7200
    asked = api(f"/api/v2/pages/{seeded.pk}/?lang=zh-hans")
    assert asked["Cache-Control"] == f"public, max-age={settings.CMS_API_CACHE_MAX_AGE}, s-maxage=7200"
    assert asked["Cache-Tag"] == f"page-{seeded.pk}"
    assert "Accept-Language" not in asked.get("Vary", "")
    negotiated = api(f"/api/v2/pages/{seeded.pk}/channels/telegram/", HTTP_ACCEPT_LANGUAGE="ms")
    assert negotiated["Content-Language"] == "ms"
    assert "Accept-Language" in negotiated["Vary"]
    assert negotiated["Surrogate-Key"] == f"page-{seeded.pk}"
    listing = api("/api/v2/pages/?lang=en")
    assert listing["Cache-Tag"] == "pages"
    assert "s-maxage=7200" in listing["Cache-Control"]
    cta = api("/api/v2/snippets/ctas/?lang=en")
    assert cta["Cache-Tag"] == "cta-list"


def test_what_no_purge_reaches_keeps_the_short_lifetime(seeded, api, settings):
    """Media are not purged on change: no s-maxage, no tags."""
    response = api("/api/v2/images/")
    assert response["Cache-Control"] == f"public, max-age={settings.CMS_API_CACHE_MAX_AGE}"
    assert "Cache-Tag" not in response


def test_previews_stay_private(seeded, api):
    from content_pages.interfaces.api.preview import make_token

    response = api(f"/api/v2/pages/{seeded.pk}/?lang=en&preview_token={make_token(seeded.pk)}")
    assert response["Cache-Control"] == "private, no-store"
    assert "Cache-Tag" not in response


def test_the_negotiating_root_varies_on_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ms")
    assert "Accept-Language" in response["Vary"]
    assert "public" not in response.get("Cache-Control", "")
