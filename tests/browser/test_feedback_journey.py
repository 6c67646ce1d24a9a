"""A reader answers "Was this helpful?" at the end of the article in a real headless Chromium
with JavaScript switched off: "No", then a comment with a phone number in it, then the
thanks. What is stored is the answer for the web channel, with the number removed. With
JavaScript on, axe-core finds nothing on the form or on any state of its thank-you page."""

import shutil

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from content_pages.models import PageFeedback
from tests.browser.conftest import AXE, BROWSER_MARKS, chromium

pytestmark = BROWSER_MARKS

ARTICLE = "/en/articles/how-immunotherapy-targets-cancer-cells/"
DESKTOP, PHONE = (1280, 2000), (390, 844)


@pytest.fixture
def browser():
    """This module's Chromium has JavaScript off (named ``browser`` so that a failing test
    leaves its screenshot, like the others)."""
    driver, profile = chromium(script=False)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def scripted_browser():
    driver, profile = chromium(script=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_javascript_is_off(browser):
    browser.get("data:text/html,<title>off</title><script>document.title = 'on'</script>")
    assert browser.title == "off"


def answer_no(browser, site):
    browser.get(f"{site.url}{ARTICLE}")
    form = browser.find_element(By.CSS_SELECTOR, "form.feedback")
    assert form.find_element(By.TAG_NAME, "legend").text == "Was this helpful?"
    no = form.find_element(By.CSS_SELECTOR, "button[value=no]")
    assert no.text == "No"
    # Touch targets of at least 24×24 CSS px (WCAG 2.2, 2.5.8); these are 44.
    assert no.size["height"] >= 44
    assert no.size["width"] >= 44
    no.click()
    WebDriverWait(browser, 15).until(expected_conditions.url_contains("/en/feedback/thanks/"))


def test_a_reader_without_javascript_answers_no_and_comments(site, browser):
    answer_no(browser, site)
    assert browser.current_url.endswith("#thanks")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Thank you for your answer"
    stored = PageFeedback.objects.get()
    assert (stored.channel, stored.language, stored.helpful, stored.comment) == ("web", "en", False, "")

    box = browser.find_element(By.ID, "feedback-comment")
    label = browser.find_element(By.CSS_SELECTOR, "label[for=feedback-comment]")
    assert label.text == "Tell us more (optional)"
    box.send_keys("The dosage part was confusing. Please call me on 012-345 6789.")
    browser.find_element(By.CSS_SELECTOR, "form.feedback-comment button[type=submit]").click()
    # The h1 found may belong to the page being left (see below): look again.
    WebDriverWait(browser, 15, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Thank you for your comment")
    )
    assert browser.find_elements(By.TAG_NAME, "textarea") == []
    back = browser.find_element(By.CSS_SELECTOR, "a.back")
    assert back.get_attribute("href") == f"{site.url}{ARTICLE}"

    stored.refresh_from_db()
    assert (stored.channel, stored.helpful) == ("web", False)
    assert stored.comment == "The dosage part was confusing. Please call me on […]."
    assert "6789" not in stored.comment

    # Reloading the thanks (a GET after the redirect) sends nothing again.
    browser.refresh()
    WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.ID, "thanks")))
    assert PageFeedback.objects.count() == 1
    browser.find_element(By.CSS_SELECTOR, "a.back").click()
    WebDriverWait(browser, 15).until(expected_conditions.url_to_be(f"{site.url}{ARTICLE}"))


def axe_violations(driver, selector):
    """Every axe-core violation, whatever its impact, inside ``selector``."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document.querySelector(arguments[0]), {resultTypes: ['violations']})"
        ".then(done, e => done({error: String(e)}));",
        selector,
    )
    assert "error" not in results, results
    return [
        (violation["id"], [node["html"][:120] for node in violation["nodes"]]) for violation in results["violations"]
    ]


def test_the_form_and_every_state_of_its_thank_you_page_pass_axe(site, scripted_browser):
    driver = scripted_browser
    found = {}
    for name, size in {"desktop": DESKTOP, "phone": PHONE}.items():
        driver.set_window_size(*size)
        driver.get(f"{site.url}{ARTICLE}")
        found[name, "form"] = axe_violations(driver, "form.feedback")
        answer_no(driver, site)
        WebDriverWait(driver, 5).until(lambda d: d.switch_to.active_element.get_attribute("id") == "thanks")
        found[name, "ask"] = axe_violations(driver, "html")
        driver.execute_script("document.getElementById('feedback-comment').value = 'x'.repeat(1001)")
        driver.find_element(By.CSS_SELECTOR, "form.feedback-comment button[type=submit]").click()
        WebDriverWait(driver, 15).until(expected_conditions.presence_of_element_located((By.ID, "comment-errors")))
        # The form posts to the summary's fragment: the browser moves focus to it.
        assert driver.switch_to.active_element.get_attribute("id") == "comment-errors"
        found[name, "refused"] = axe_violations(driver, "html")
        box = driver.find_element(By.ID, "feedback-comment")
        box.clear()
        box.send_keys("Clear, thank you.")
        driver.find_element(By.CSS_SELECTOR, "form.feedback-comment button[type=submit]").click()
        # While the thank-you page loads, the h1 found may belong to the page being left:
        # Chrome then answers that the node is not in the document; look again.
        WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
            expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Thank you for your comment")
        )
        found[name, "thanked"] = axe_violations(driver, "html")
    assert found == {key: [] for key in found}
    assert PageFeedback.objects.filter(comment="Clear, thank you.").count() == 2
