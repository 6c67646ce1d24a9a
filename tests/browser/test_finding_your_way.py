"""Finding one's way through a long article in a real Chromium, on a desktop and a phone:
no axe-core violation of any impact, a skip link, "On this page" contents, touch targets
of at least 24×24 CSS px."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

ARTICLES = [
    "/en/articles/how-immunotherapy-targets-cancer-cells/",
    "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/",
    "/zh-hans/articles/how-immunotherapy-targets-cancer-cells/",
]
DESKTOP, PHONE = (1280, 2000), (390, 844)
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ARTICLES)
def test_articles_have_no_accessibility_violations_of_any_impact(site, browser, axe, path, size):
    browser.set_window_size(*size)
    browser.get(f"{site.url}{path}")
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert axe(ALL_IMPACTS) == []


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(site, browser):
    browser.get(f"{site.url}{ARTICLES[0]}")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to main content"
    assert skip.get_attribute("href").endswith("#main")
    assert skip.rect["y"] >= 0, "the focused skip link is on screen"
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


TARGETS = "nav.languages a, .contents a, .cta .button, a.brand"


@pytest.mark.parametrize("path", ARTICLES)
def test_touch_targets_are_at_least_24_css_pixels_on_a_phone(site, browser, path):
    browser.set_window_size(*PHONE)
    browser.get(f"{site.url}{path}")
    sizes = browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => {"
        " const r = e.getBoundingClientRect(); return [e.textContent.trim().slice(0, 40), r.width, r.height]; });",
        TARGETS,
    )
    assert len(sizes) > 8
    small = [(text, width, height) for text, width, height in sizes if width < 24 or height < 24]
    assert small == []


def test_chinese_quotes_are_upright_and_english_ones_italic(site, browser):
    styles = {}
    for path in (ARTICLES[0], ARTICLES[2]):
        browser.get(f"{site.url}{path}")
        quote = browser.find_element(By.CSS_SELECTOR, "blockquote")
        styles[path] = (quote.get_attribute("lang"), quote.value_of_css_property("font-style"))
    assert styles == {ARTICLES[0]: ("en", "italic"), ARTICLES[2]: ("zh-Hans", "normal")}


def test_the_fallback_marker_leaves_room_for_list_bullets(site, browser):
    from content_pages.models import ArticlePage
    from tests.seed_fallbacks import leave_untranslated

    leave_untranslated(ArticlePage.objects.get(), "ms")
    browser.get(f"{site.url}{ARTICLES[1]}")
    lists = browser.execute_script(
        "return [...document.querySelectorAll('ul.bullets.is-fallback')].map(ul => {"
        " const s = getComputedStyle(ul), li = ul.querySelector('li').getBoundingClientRect();"
        " const box = ul.getBoundingClientRect();"
        " return [li.left - box.left - parseFloat(s.borderLeftWidth), parseFloat(s.fontSize), ul.getAttribute('dir')]; });"
    )
    assert lists, "the Malay page shows English list items"
    # An outside bullet sits about 1 em before its item: the gap keeps it clear of the border.
    for gap, font_size, direction in lists:
        assert gap >= 2 * font_size
        assert direction == "ltr"
