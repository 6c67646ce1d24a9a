"""Accessibility in a real Chromium: the pages CI measures with Lighthouse (`make lighthouse`)
have no axe-core violation of any impact, on a desktop and on a phone. The seed article is
checked the same way, with more, in test_finding_your_way.py."""

import pytest

from tests.browser.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS

PAGES = [
    "/en/",
    "/ms/",
    "/zh-hans/",
    "/en/articles/",
    "/ms/artikel/",
    "/en/liquid-biopsy-enquiry/",
    "/ms/pertanyaan-biopsi-cecair/",
    "/zh-hans/liquid-biopsy-enquiry/",
]
SIZES = {"desktop": (1280, 2000), "phone": (390, 844)}
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations_of_any_impact(site, browser, axe, path):
    found = {}
    for name, size in SIZES.items():
        browser.set_window_size(*size)
        browser.get(f"{site.url}{path}")
        assert browser.find_element("tag name", "h1").text
        found[name] = axe(ALL_IMPACTS)
    assert found == {name: [] for name in SIZES}
