"""An untranslated title is marked as English wherever a Malay page shows it."""

import pytest
from bs4 import BeautifulSoup

from tests.api.test_query_budget import build_article

pytestmark = pytest.mark.django_db

TITLE = "Article untranslated"


@pytest.fixture
def untranslated(seeded, django_capture_on_commit_callbacks):
    return build_article("untranslated", 2, django_capture_on_commit_callbacks)


def title_elements(html):
    soup = BeautifulSoup(html, "html.parser")
    return [element for element in soup.find_all(string=lambda text: text and TITLE in text)]


@pytest.mark.parametrize("url", ["/ms/", "/ms/artikel/"])
def test_listings_mark_the_english_title(untranslated, client, url):
    response = client.get(url)
    assert response.status_code == 200
    shown = title_elements(response.content.decode())
    assert shown, url
    for text in shown:
        assert text.find_parent(attrs={"lang": "en"}) is not None, url


def test_translated_title_in_a_listing_is_marked_malay(seeded, client):
    soup = BeautifulSoup(client.get("/ms/").content.decode(), "html.parser")
    strong = soup.find("strong", string=lambda text: text and text.startswith("Bagaimana Imunoterapi"))
    assert strong["lang"] == "ms"


def test_article_title_meta_and_notice_mark_english(untranslated, client):
    response = client.get("/ms/artikel/untranslated/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.html["lang"] == "ms"
    assert soup.find("h1")["lang"] == "en"
    assert soup.title["lang"] == "en"
    assert TITLE in soup.title.get_text()
    assert soup.find("meta", property="og:title")["lang"] == "en"
    assert soup.select_one("p.notice") is not None
