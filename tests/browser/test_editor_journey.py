"""An editor in a real headless Chromium writes a new article with a call to action and a
reference, names its medical reviewer, previews it as WhatsApp, publishes it, and a Malay
reader finds it."""

import pytest
from django.contrib.auth.models import User
from django.utils.translation import override
from selenium.common.exceptions import ElementClickInterceptedException, TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from content_pages.models import ArticleIndexPage, ArticlePage
from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

TITLE = "Sleep during cancer treatment"
CTA = "WhatsApp: liquid biopsy"
REVIEWER = "Cancer A-Z Medical Review Panel"


def wait(driver, seconds=15):
    return WebDriverWait(driver, seconds)


def click(driver, element):
    """Click as a user would; when the sticky action footer covers the element, click it
    the way keyboard activation would."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    try:
        element.click()
    except ElementClickInterceptedException:
        driver.execute_script("arguments[0].click()", element)


def choose_in_modal(driver, text):
    link = wait(driver).until(
        expected_conditions.element_to_be_clickable(
            (By.XPATH, f"//div[contains(@class,'modal')]//a[contains(., '{text}')]")
        )
    )
    click(driver, link)
    wait(driver).until(
        expected_conditions.invisibility_of_element_located((By.CSS_SELECTOR, ".modal.show, .modal.fade.in"))
    )


@pytest.fixture
def editor(site):
    User.objects.create_superuser("editor", "editor@example.org", "correct horse battery")
    return "editor", "correct horse battery"


def log_in(browser, site, editor):
    browser.get(f"{site.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(editor[0])
    browser.find_element(By.NAME, "password").send_keys(editor[1])
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(expected_conditions.url_to_be(f"{site.url}/admin/"))


def add_call_to_action(browser):
    """A call to action in the body, chosen in the chooser's modal."""
    click(
        browser,
        browser.find_elements(
            By.CSS_SELECTOR, "#panel-child-content-child-body_en-section button.c-sf-add-button, button.c-sf-add-button"
        )[0],
    )
    option = wait(browser).until(
        expected_conditions.element_to_be_clickable((By.XPATH, "//*[@role='option'][contains(., 'Call to action')]"))
    )
    click(browser, option)
    chooser = wait(browser).until(
        expected_conditions.element_to_be_clickable(
            (
                By.CSS_SELECTOR,
                "[data-contentpath='body_en'] button[data-chooser-action-choose], #body_en button[data-chooser-action-choose]",
            )
        )
    )
    click(browser, chooser)
    choose_in_modal(browser, CTA)


def add_review(browser):
    """A reference, and the medical reviewer with the review dates."""
    click(browser, browser.find_element(By.ID, "id_references-ADD"))
    click(
        browser,
        wait(browser).until(
            expected_conditions.element_to_be_clickable(
                (By.CSS_SELECTOR, "#id_references-0-reference-chooser button[data-chooser-action-choose]")
            )
        ),
    )
    first = wait(browser).until(
        expected_conditions.element_to_be_clickable((By.CSS_SELECTOR, ".modal a[data-chooser-modal-choice]"))
    )
    click(browser, first)
    wait(browser).until(expected_conditions.invisibility_of_element_located((By.CSS_SELECTOR, ".modal.show")))
    click(
        browser,
        browser.find_element(By.CSS_SELECTOR, "#id_medical_reviewer-chooser button[data-chooser-action-choose]"),
    )
    choose_in_modal(browser, REVIEWER)
    for name, value in (("last_reviewed", "2026-11-01"), ("next_review_due", "2027-11-01")):
        field = browser.find_element(By.ID, f"id_{name}")
        browser.execute_script("arguments[0].value = arguments[1];", field, value)


def test_editor_writes_previews_and_publishes_an_article_a_reader_then_finds(site, browser, editor):
    log_in(browser, site, editor)

    index = ArticleIndexPage.objects.get()
    browser.get(f"{site.url}/admin/pages/add/content_pages/articlepage/{index.pk}/")
    wait(browser).until(expected_conditions.visibility_of_element_located((By.ID, "id_title_en"))).send_keys(TITLE)

    # "Copy content from" never targets the English source: only the translations' streams
    # offer it (and it asks before replacing anything).
    def copy_buttons(driver):
        if driver.execute_script("return document.readyState") != "complete":
            return None
        found = driver.find_elements(By.CSS_SELECTOR, ".translation-field-copy")
        return [button.get_attribute("current-lang-code") for button in found] or None

    targets = wait(browser).until(copy_buttons)
    assert any(target.endswith("_ms") for target in targets), targets
    assert not any(target.endswith("_en") for target in targets), targets
    browser.find_element(By.ID, "id_standfirst_en").send_keys("How to rest well while you are being treated.")
    browser.execute_script(
        "const slug = document.getElementById('id_slug_en'); if (!slug.value) slug.value = arguments[0];",
        "sleep-during-cancer-treatment",
    )

    add_call_to_action(browser)

    add_review(browser)

    # The WhatsApp preview shows the call to action before anything is saved.
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-side-panel-toggle='preview']"))
    mode = wait(browser).until(expected_conditions.visibility_of_element_located((By.ID, "id_preview_mode")))
    Select(mode).select_by_visible_text("WhatsApp")

    def preview_shows_cta(driver):
        # Wagtail swaps in a new iframe on each refresh: a frame may vanish while read.
        for frame in driver.find_elements(By.CSS_SELECTOR, "iframe[id*='preview']"):
            try:
                driver.switch_to.frame(frame)
                text = driver.find_element(By.TAG_NAME, "body").text
            except WebDriverException:
                continue
            finally:
                driver.switch_to.default_content()
            if TITLE in text and "Chat on WhatsApp" in text:
                return True
        return False

    wait(browser, 30).until(preview_shows_cta)
    # The editor closes the preview before publishing, so the action menu is in reach.
    click(browser, browser.find_element(By.CSS_SELECTOR, "[data-side-panel-toggle='preview']"))
    wait(browser).until(expected_conditions.invisibility_of_element_located((By.ID, "id_preview_mode")))

    # Publish from the action menu.
    click(browser, browser.find_element(By.CSS_SELECTOR, "footer .w-dropdown__toggle"))
    publish = wait(browser).until(expected_conditions.element_to_be_clickable((By.NAME, "action-publish")))
    # Activated as a keyboard would: scrolling a menu item into view can close the menu
    # under the pointer, and the click then lands on nothing.
    browser.execute_script("arguments[0].click()", publish)
    # Publishing renders every channel and language inside the request (no worker here):
    # on a loaded machine that takes a while. Any message ends the wait, and says why.
    try:
        outcome = wait(browser, 90).until(
            expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".messages .success, .messages .error"))
        )
    except TimeoutException as timeout:
        raise AssertionError(f"No message after Publish at {browser.current_url}: {browser.title}") from timeout
    assert "success" in outcome.get_attribute("class"), outcome.text

    article = ArticlePage.objects.get(title_en=TITLE)
    assert article.live
    assert article.medical_reviewer.name == REVIEWER
    assert article.references.count() == 1
    with override("ms"):
        url = article.get_url()
    browser.get(f"{site.url}{url}")
    heading = wait(browser).until(expected_conditions.visibility_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == TITLE
    assert heading.get_attribute("lang") == "en"
    assert (
        browser.find_element(By.CSS_SELECTOR, "a.button--whatsapp").get_attribute("href").startswith("https://wa.me/")
    )
