"""A Malay translator previews the saved Malay draft in the translation editor's pane, in
a real headless Chromium: the pane is framed by the admin (a browser refuses a frame the
server forbids), and the channel buttons switch what it shows."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from content_pages.models import ArticlePage
from tests.browser.conftest import BROWSER_MARKS
from tests.browser.test_translator_journey import click, log_in, translator  # noqa: F401 - a fixture

pytestmark = BROWSER_MARKS


@pytest.mark.django_db(transaction=True)
def test_the_translator_switches_the_preview_pane_between_channels(site, browser, translator):  # noqa: F811
    article = ArticlePage.objects.get(slug_en="how-immunotherapy-targets-cancer-cells")
    log_in(browser, site, translator.username)
    browser.get(f"{site.url}/admin/translate/{article.pk}/ms/")
    frame = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, ".tr-preview iframe"))

    browser.switch_to.frame(frame)
    heading = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.TAG_NAME, "h1"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ms"
    assert heading.text == article.title_ms
    browser.switch_to.default_content()

    whatsapp = browser.find_element(By.CSS_SELECTOR, ".tr-preview-tabs a[data-mode='whatsapp']")
    click(browser, whatsapp)
    assert whatsapp.get_attribute("aria-current") == "true"
    browser.switch_to.frame(frame)
    column = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "section.chat--whatsapp"))
    assert column.get_attribute("lang") == "ms"
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.chat")) == 1  # Malay only
    first = column.find_element(By.CSS_SELECTOR, ".bubble b")
    assert first.text == article.title_ms  # WhatsApp's *bold*, as the app shows it
    assert column.value_of_css_property("border-radius") != "0px"  # its own stylesheet loaded
