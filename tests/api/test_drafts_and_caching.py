"""Drafts only with a preview token; ETags, Last-Modified and 304s."""

import pytest
from wagtail.models import PageViewRestriction

from content_pages.interfaces.api.preview import make_token
from content_pages.models import ArticleIndexPage, ArticlePage, CallToAction
from tests.reviewing import approved_translations

from .conftest import body

pytestmark = pytest.mark.django_db


def save_draft(page, **fields):
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision()
    return draft


def test_draft_change_is_invisible_without_the_token_and_visible_with_it(seeded, api):
    save_draft(seeded, title_en="Draft title the public must not see")
    public = body(api(f"/api/v2/pages/{seeded.pk}/?lang=en"))
    assert public["title"] == "How Immunotherapy Targets Cancer Cells — And Why It Doesn’t Work for Everyone"
    assert public["meta"]["preview"] is False
    listed = body(api("/api/v2/pages/?type=content_pages.ArticlePage"))
    assert listed["items"][0]["title"] == public["title"]

    response = api(f"/api/v2/pages/{seeded.pk}/?lang=en&preview_token={make_token(seeded.pk)}")
    preview = body(response)
    assert preview["title"] == "Draft title the public must not see"
    assert preview["meta"]["preview"] is True
    assert response["Cache-Control"] == "private, no-store"


def test_never_published_page_appears_nowhere_without_a_token(seeded, api, client):
    index = ArticleIndexPage.objects.get()
    draft = ArticlePage(title_en="Unpublished plans", slug_en="unpublished-plans", live=False)
    index.add_child(instance=draft)
    draft.save_revision()
    assert body(api(f"/api/v2/pages/{draft.pk}/", status=404))["code"] == "not_found"
    assert draft.pk not in [item["id"] for item in body(api("/api/v2/pages/"))["items"]]
    assert body(api("/api/v2/pages/?search=unpublished"))["meta"]["total_count"] == 0
    assert client.get("/api/v2/pages/find/?html_path=/en/articles/unpublished-plans/").status_code == 404
    preview = body(api(f"/api/v2/pages/{draft.pk}/?preview_token={make_token(draft.pk)}"))
    assert preview["title"] == "Unpublished plans"


def test_private_pages_are_hidden(seeded, api):
    PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.LOGIN)
    api(f"/api/v2/pages/{seeded.pk}/", status=404)
    assert seeded.pk not in [item["id"] for item in body(api("/api/v2/pages/"))["items"]]


@pytest.mark.parametrize(
    ("token", "status", "code"),
    [("not-a-token", 403, "preview_invalid"), ("OTHER", 400, "preview_wrong_page")],
)
def test_bad_preview_tokens_are_refused(seeded, api, token, status, code):
    if token == "OTHER":
        token = make_token(seeded.pk + 1000)
    assert body(api(f"/api/v2/pages/{seeded.pk}/?preview_token={token}", status=status))["code"] == code


def test_expired_preview_token_is_refused(seeded, api, settings):
    token = make_token(seeded.pk)
    settings.CMS_PREVIEW_TOKEN_MAX_AGE = -1
    assert body(api(f"/api/v2/pages/{seeded.pk}/?preview_token={token}", status=403))["code"] == "preview_expired"


def test_etag_last_modified_and_304(seeded, api, settings):
    settings.CMS_API_CACHE_MAX_AGE = 123
    settings.CMS_SHARED_CACHE_MAX_AGE = 900
    url = f"/api/v2/pages/{seeded.pk}/?lang=ms"
    first = api(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert not etag.startswith("W/")
    assert first["Cache-Control"] == "public, max-age=123, s-maxage=900"
    # The language came from ?lang=, not the header: one cached copy for every reader.
    assert "Accept-Language" not in first.get("Vary", "")
    assert first["Content-Language"] == "ms"
    assert api(url, status=304, HTTP_IF_NONE_MATCH=etag).content == b""
    assert api(url, status=304, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).content == b""
    assert api(url, HTTP_IF_NONE_MATCH='"something-else"')["ETag"] == etag
    assert api(f"/api/v2/pages/{seeded.pk}/?lang=en")["ETag"] != etag


def test_list_responses_have_validators_too(seeded, api):
    first = api("/api/v2/pages/?lang=ms")
    assert first["ETag"]
    assert first["Last-Modified"]
    api("/api/v2/pages/?lang=ms", status=304, HTTP_IF_NONE_MATCH=first["ETag"])


def test_publishing_a_cta_the_article_uses_changes_its_etag(seeded, api, django_capture_on_commit_callbacks):
    url = f"/api/v2/pages/{seeded.pk}/?lang=ms"
    before = api(url)["ETag"]
    unused = CallToAction.objects.create(
        name="Unused", kind="link", link_url="https://example.org/", button_label_en="Go"
    )
    with django_capture_on_commit_callbacks(execute=True), approved_translations():
        unused.button_label_ms = "Pergi"
        unused.save_revision().publish()
    assert api(url)["ETag"] == before

    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    with django_capture_on_commit_callbacks(execute=True), approved_translations():
        cta.button_label_ms = "WhatsApp kami"
        cta.save_revision().publish()
    after = api(url)
    assert after["ETag"] != before
    labels = [block["value"]["button_label"] for block in body(after)["aside"] if block["type"] == "cta"]
    assert "WhatsApp kami" in labels
    assert api(url, status=304, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_publishing_the_page_changes_its_etag(seeded, api, django_capture_on_commit_callbacks):
    url = f"/api/v2/pages/{seeded.pk}/?lang=en"
    before = api(url)["ETag"]
    draft = save_draft(seeded, standfirst_en="A new standfirst.")
    with django_capture_on_commit_callbacks(execute=True):
        draft.get_latest_revision().publish()
    after = api(url)
    assert after["ETag"] != before
    assert body(after)["standfirst"] == "A new standfirst."
