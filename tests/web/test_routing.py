"""A URL finds its page by the slug in the reader's language, asking the database for it."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from wagtail.models import Page

from content_pages.models import ArticleIndexPage

pytestmark = pytest.mark.django_db


def routed(parent, slug, language):
    with override(language):
        return parent.route(RequestFactory().get("/"), [slug]).page.specific


@pytest.fixture
def siblings(seeded):
    """Two children of the index: "x" in Malay is one of them, "x" in English the other."""
    index = ArticleIndexPage.objects.get()
    first = index.add_child(instance=Page(title="First", slug="first", slug_en="first", slug_ms="x"))
    second = index.add_child(instance=Page(title="Second", slug="x", slug_en="x", slug_ms="kedua"))
    untranslated = index.add_child(instance=Page(title="Third", slug="third", slug_en="third"))
    return index, first, second, untranslated


def test_the_slug_of_the_readers_language_wins(siblings):
    index, first, second, _untranslated = siblings
    assert routed(index, "x", "ms").pk == first.pk
    assert routed(index, "x", "en").pk == second.pk
    assert routed(index, "kedua", "ms").pk == second.pk
    with pytest.raises(Http404):
        routed(index, "kedua", "en")


def test_a_page_without_a_slug_in_that_language_is_found_by_the_english_one(siblings):
    index, _first, _second, untranslated = siblings
    assert routed(index, "third", "ms").pk == untranslated.pk
    assert routed(index, "third", "zh-hans").pk == untranslated.pk
    # An English slug does not reach a page that has its own Malay slug.
    with pytest.raises(Http404):
        routed(index, "first", "ms")


def test_the_article_is_looked_up_by_slug_not_by_loading_every_sibling(seeded, settings):
    """wagtail-modeltranslation's own route loads every child of the index per request.

    An editor is routed by Wagtail; readers get the stored page (tests/web/test_stored_pages.py),
    so the store's middleware is left out here to reach the route."""
    with override("ms"):
        url = seeded.get_url()
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("StoredPageMiddleware")]
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    by_slug = [q["sql"] for q in queries.captured_queries if '"slug_ms" = ' in q["sql"]]
    assert by_slug, "no query looks the article up by its Malay slug"


@pytest.mark.parametrize(
    "path",
    [
        "/admin/translate/999999/ms/",
        "/admin/translate/{page}/xx/",
        "/admin/pages/999999/edit/",
        "/documents/999999/nothing.pdf",
        "/l/nosuchcode",
    ],
)
def test_a_missing_object_outside_the_language_prefixes_stays_a_404_there(seeded, admin_client, path):
    """Not a redirect to ``/en/admin/…``, where the website's own "not found" would answer."""
    response = admin_client.get(path.format(page=seeded.pk))
    assert response.status_code == 404
    assert "Location" not in response


def test_a_missing_website_path_is_still_sent_to_the_readers_language(seeded, client):
    response = client.get("/artikel/", HTTP_ACCEPT_LANGUAGE="ms")
    assert response.status_code == 302
    assert response["Location"] == "/ms/artikel/"
