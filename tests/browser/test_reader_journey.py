"""A reader in a real headless Chromium: home page -> article -> another language."""

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def wait_for_h1(driver, text):
    """While the next page loads, the h1 found may belong to the page being left, and
    Chrome answers that the node is not in the document: look again."""
    WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), text)
    )


def test_reader_finds_the_article_from_the_home_page_and_switches_language(site, browser, tmp_path):
    browser.get(f"{site.url}/")
    wait_for_h1(browser, "Cancer A-Z")
    assert browser.current_url == f"{site.url}/en/"

    browser.find_element(By.PARTIAL_LINK_TEXT, "How Immunotherapy Targets Cancer Cells").click()
    wait_for_h1(browser, "How Immunotherapy Targets Cancer Cells")
    headings = [element.text for element in browser.find_elements(By.TAG_NAME, "h2")]
    assert "How Does Immunotherapy Work?" in headings
    assert "References" in headings
    whatsapp = browser.find_element(By.CSS_SELECTOR, "a.button--whatsapp")
    assert whatsapp.is_displayed()
    assert whatsapp.get_attribute("href").startswith("https://wa.me/60123456789?text=")
    browser.save_screenshot(str(tmp_path / "article-en.png"))

    browser.find_element(By.LINK_TEXT, "Bahasa Melayu").click()
    wait_for_h1(browser, "Bagaimana Imunoterapi Menyasarkan Sel Kanser")
    assert browser.current_url.endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")
    headings = [element.text for element in browser.find_elements(By.TAG_NAME, "h2")]
    assert "Bagaimanakah Imunoterapi Berfungsi?" in headings
    assert "Rujukan" in headings

    browser.get(f"{site.url}/zh-hans/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "免疫疗法如何靶向癌细胞").click()
    wait_for_h1(browser, "免疫疗法如何靶向癌细胞")
    headings = [element.text for element in browser.find_elements(By.TAG_NAME, "h2")]
    assert "免疫疗法如何起作用？" in headings
