"""Accessibility in a real Chromium: the article in every language and the enquiry form
have no serious or critical axe-core violations."""

import pytest

from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

PAGES = [
    "/en/articles/how-immunotherapy-targets-cancer-cells/",
    "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/",
    "/zh-hans/articles/how-immunotherapy-targets-cancer-cells/",
    "/en/liquid-biopsy-enquiry/",
    "/ms/pertanyaan-biopsi-cecair/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(site, browser, axe, path):
    browser.get(f"{site.url}{path}")
    assert browser.find_element("tag name", "h1").text
    assert axe() == []
