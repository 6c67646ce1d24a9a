"""The seed's safety warning is a labelled panel on the article, in every language.

The panel has its label as a visible heading that names it for screen readers
(``role="note"`` with ``aria-labelledby``, not a complementary landmark inside ``main``),
an icon (drawn by the stylesheet) hidden from them, and the label in the page's language even when another
language is asked for by the request's headers.
"""

import pytest
from bs4 import BeautifulSoup
from django.utils.translation import override

pytestmark = pytest.mark.django_db

WARNINGS = {
    "en": ("Warning", "A liquid biopsy cannot rule out cancer"),
    "ms": ("Amaran", "Biopsi cecair tidak dapat menolak kemungkinan kanser"),
    "zh-hans": ("警告", "液体活检无法排除癌症"),
}


def article_soup(client, page, language, **headers):
    with override(language):
        url = page.get_url()
    response = client.get(url, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("language", WARNINGS)
def test_the_seed_warning_is_a_labelled_panel(seeded, client, language):
    label, text = WARNINGS[language]
    soup = article_soup(client, seeded, language, HTTP_ACCEPT_LANGUAGE="ms" if language != "ms" else "zh-hans")
    panels = soup.select("main .callout--warning")
    assert len(panels) == 1
    panel = panels[0]
    assert panel.name == "aside"
    assert panel["role"] == "note"
    heading = soup.find(id=panel["aria-labelledby"])
    assert heading is not None
    assert heading in panel.descendants
    assert heading.get_text(strip=True) == label
    # The heading comes first, then the text; the icon is decoration for screen readers.
    assert panel.get_text(" ", strip=True).startswith(label)
    assert text in panel.get_text(" ", strip=True)
    icon = heading.select_one(".callout__icon")
    assert icon is not None
    assert icon["aria-hidden"] == "true"
    assert not icon.get_text(strip=True)
    assert panel.find("svg") is None  # no active elements in a page (test_sanitising)
    assert not panel.find_all(style=True)  # the CSP forbids inline styles


def test_a_quote_has_no_label_and_stays_a_quote(seeded, client):
    soup = article_soup(client, seeded, "en")
    quote = soup.select_one("main blockquote.callout")
    assert quote is not None
    assert "meaningful question" in quote.get_text()
    assert quote.select(".callout__label") == []


def test_the_stylesheet_styles_each_panel_and_its_print_version(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("content_pages/site.css"), encoding="utf-8").read()
    for selector in (".callout--warning", ".callout--note", ".callout__label", ".callout__icon", "@media print"):
        assert selector in css
