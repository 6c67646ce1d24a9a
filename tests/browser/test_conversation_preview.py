"""An editor walks the WhatsApp conversation preview in a real headless Chromium, as a
reader would: the menu first, then a tapped section, then "Next" to the one after it."""

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from content_pages.models import ArticlePage
from tests.browser.conftest import BROWSER_MARKS
from tests.browser.test_translator_journey import PASSWORD, click, log_in

pytestmark = BROWSER_MARKS


def shown_turns(column):
    return [bubble.get_attribute("data-turn") for bubble in column.find_elements(By.CSS_SELECTOR, ".bubble.shown")]


@pytest.mark.django_db(transaction=True)
def test_the_conversation_preview_can_be_walked_row_then_next(site, browser):
    User.objects.create_superuser("walker", "walker@example.org", PASSWORD)
    article = ArticlePage.objects.get(slug_en="how-immunotherapy-targets-cancer-cells")
    log_in(browser, site, "walker")
    browser.get(f"{site.url}/admin/pages/{article.pk}/view_draft/?mode=whatsapp:conversation")
    column = WebDriverWait(browser, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-conversation]"))
    assert set(shown_turns(column)) == {"start"}  # only the opening and the menu at first
    # Styled by its own stylesheet (the CSP refuses inline styles here).
    assert column.value_of_css_property("border-radius") != "0px"

    rows = [button for button in column.find_elements(By.CSS_SELECTOR, "button[data-target]") if button.is_displayed()]
    first_section = rows[0].get_attribute("data-target")
    assert first_section.startswith("s:")
    click(browser, rows[0])
    WebDriverWait(browser, 5).until(lambda d: first_section in shown_turns(column))

    next_button = next(
        button
        for button in column.find_elements(By.CSS_SELECTOR, f".bubble.shown[data-turn='{first_section}'] button")
        if button.text.strip() == "Next"
    )
    second_section = next_button.get_attribute("data-target")
    assert second_section not in (first_section, "menu")
    click(browser, next_button)
    WebDriverWait(browser, 5).until(lambda d: second_section in shown_turns(column))
    assert shown_turns(column)[-1] == second_section
