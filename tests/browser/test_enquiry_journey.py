"""A Malay reader in a real headless Chromium fills in the enquiry form on the article: a
mistyped phone number is refused under its own field, the corrected one is accepted, and
the thank-you page leads back to the article."""

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from content_pages.models import EnquirySubmission
from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

ARTICLE = "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"


def fill_and_send(browser, contact):
    form = browser.find_element(By.CSS_SELECTOR, "form.enquiry")
    name = form.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("Siti Aminah")
    field = form.find_element(By.NAME, "phone_or_email")
    field.clear()
    field.send_keys(contact)
    for checkbox in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
        if not checkbox.is_selected():
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", checkbox)
            checkbox.click()
    button = form.find_element(By.CSS_SELECTOR, "button[type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def test_reader_corrects_a_phone_number_and_gets_back_to_the_article(site, browser):
    browser.get(f"{site.url}{ARTICLE}")
    fill_and_send(browser, "12345")
    error = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".field--phone_or_email .errorlist"))
    )
    assert "Masukkan alamat e-mel atau nombor telefon yang sah." in error.text
    assert not browser.find_elements(By.CSS_SELECTOR, ".field--name .errorlist")
    assert EnquirySubmission.objects.count() == 0

    fill_and_send(browser, "012-345 6789")
    back = WebDriverWait(browser, 15).until(
        expected_conditions.visibility_of_element_located((By.PARTIAL_LINK_TEXT, "Kembali ke artikel"))
    )
    assert EnquirySubmission.objects.count() == 1
    back.click()
    WebDriverWait(browser, 15).until(expected_conditions.url_to_be(f"{site.url}{ARTICLE}"))
