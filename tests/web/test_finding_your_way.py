"""The article page's way-finding and direction markup: a skip link, "On this page"
contents naming the sections conversation mode offers, no nested complementary
landmarks, link names that stand on their own, and ``dir`` where the direction is set."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.utils import translation

from content_pages.foundations.languages import content_languages, direction
from tests.api.conftest import body
from tests.seed_fallbacks import leave_untranslated
from tests.web.test_pages import url_in


def page(client, seeded, language):
    response = client.get(url_in(seeded, language))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("language", content_languages())
def test_contents_list_the_sections_of_conversation_mode_in_order(seeded, client, language):
    soup = page(client, seeded, language)
    links = soup.select("nav.contents ol a")
    # A section the conversation does not have: the answer lists every one it has.
    unknown = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/conversation/?lang={language}&section=s:x")
    sections = [row for row in body(unknown)["accepted"] if row.startswith("s:") or row == "refs"]
    assert len(sections) > 3
    assert [link["data-section"] for link in links] == sections
    for link in links:
        target = soup.find(id=link["href"].removeprefix("#"))
        assert target is not None
        assert target.name == "h2"
        assert target.get_text() == link.get_text()
    assert soup.select_one("nav.contents")["aria-labelledby"] == "contents-title"


def test_the_skip_link_comes_first_and_leads_to_main(seeded, client):
    soup = page(client, seeded, "ms")
    first = soup.body.find("a")
    assert first["href"] == "#main"
    assert first.get_text() == "Langkau ke kandungan utama"
    assert soup.find("main")["id"] == "main"


def test_no_complementary_landmark_inside_main(seeded, client):
    main = page(client, seeded, "en").find("main")
    assert [aside for aside in main.find_all("aside") if aside.get("role") not in ("note",)] == []
    assert main.select(".cta")


def test_a_generic_button_label_is_completed_by_the_cta_heading(seeded, client):
    soup = page(client, seeded, "en")
    read_more = next(a for a in soup.select(".cta a.button") if a.contents[0].strip() == "Read more")
    assert read_more.get_text() == (
        "Read more: Precision medicine provides patients with clearer and more personalized treatment guidelines"
    )
    assert "visually-hidden" in read_more.span["class"]
    whatsapp = soup.select_one(".cta a.button--whatsapp")
    assert whatsapp.get_text() == "Chat on WhatsApp"


@pytest.mark.parametrize("language", content_languages())
def test_the_page_states_its_direction(seeded, client, language):
    soup = page(client, seeded, language)
    assert soup.find("html")["dir"] == "ltr"
    # Only what is in another language than the page says its direction: the references
    # (English citations) on a translated page.
    marked = {(tag.name, tag["lang"], tag["dir"]) for tag in soup.find("main").find_all(dir=True)}
    assert marked == (set() if language == "en" else {("li", "en", "ltr")})


def test_a_fallback_block_carries_its_own_language_and_direction(seeded, client):
    leave_untranslated(seeded, "ms")
    soup = page(client, seeded, "ms")
    fallbacks = soup.select(".is-fallback")
    assert fallbacks
    assert {(tag["lang"], tag["dir"]) for tag in fallbacks} == {("en", "ltr")}


def test_directions_come_from_the_language_info():
    assert [direction(code) for code in ("en", "ms", "zh-hans", "ar", "he", "fa", "ur")] == [
        "ltr",
        "ltr",
        "ltr",
        "rtl",
        "rtl",
        "rtl",
        "rtl",
    ]


def test_an_english_fallback_inside_an_arabic_page_is_marked_left_to_right():
    template = Template(
        '{% load content_tags %}<html dir="{% current_dir %}"><p {{ "en"|lang_attrs }}></p><p {{ "ar"|lang_attrs }}></p>'
    )
    with translation.override("ar"):
        # Arabic is not a content language here; the template tags are asked directly.
        html = template.render(Context())
    assert html == '<html dir="ltr"><p lang="en"></p><p lang="ar" dir="rtl"></p>'
