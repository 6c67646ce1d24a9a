"""What a search engine and a browser tab take from every page type: a meta description
(the page's search description, else its intro or standfirst) in the reader's language,
and an icon that exists, so the browser asks for no /favicon.ico that is not there."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils.translation import override

from content_pages.foundations.languages import content_languages
from content_pages.models import ArticleIndexPage, ArticlePage, EnquiryFormPage, HomePage
from tests.conftest import page_text
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db

MODELS = [HomePage, ArticleIndexPage, EnquiryFormPage, ArticlePage]


def soup_of(client: Client, page, language: str) -> BeautifulSoup:
    with override(language):
        url = page.get_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def description(soup: BeautifulSoup) -> str:
    tags = soup.find_all("meta", attrs={"name": "description"})
    assert len(tags) == 1
    return tags[0]["content"]


@pytest.mark.parametrize("language", content_languages())
@pytest.mark.parametrize("model", MODELS)
def test_every_page_type_has_a_description_in_the_readers_language(seeded, client, model, language):
    page = model.objects.get()
    text = description(soup_of(client, page, language))
    field = "standfirst" if model is ArticlePage else "intro"
    source = getattr(page, f"{field}_{language.replace('-', '_')}")
    assert text
    assert text == page_text(str(getattr(source, "source", source)))


def test_the_search_description_wins_over_the_intro(seeded, client):
    page = HomePage.objects.get()
    page.search_description_ms = "Maklumat kanser yang disemak oleh doktor."
    with approved_translations():
        page.save_revision().publish()
    assert description(soup_of(client, page, "ms")) == "Maklumat kanser yang disemak oleh doktor."
    assert description(soup_of(client, page, "en")) != "Maklumat kanser yang disemak oleh doktor."


def test_the_icon_the_page_names_is_a_static_file(seeded, client):
    """Served in production as the stylesheet is (tests/web/test_static_files_processes.py)."""
    link = soup_of(client, HomePage.objects.get(), "en").find("link", rel="icon")
    assert link["href"].startswith(settings.STATIC_URL)
    found = finders.find(link["href"].removeprefix(settings.STATIC_URL))
    assert found
    assert Path(found).read_text(encoding="utf-8").startswith("<svg")
