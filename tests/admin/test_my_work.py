"""Where translators find their work: the dashboard, the status report and the page header."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from content_pages.models import Topic

pytestmark = pytest.mark.django_db


def _panel(html):
    return BeautifulSoup(html, "html.parser").find(id="my-translation-work-section")


def test_my_work_lists_what_is_left_in_the_translators_language(malay_translator, seeded):
    topic = Topic.objects.create(name_en="Side effects", slug="side-effects")
    panel = _panel(malay_translator.get(reverse("wagtailadmin_home")).content.decode())
    assert panel is not None
    links = {a.get_text(strip=True): a["href"] for a in panel.find_all("a")}
    assert links["Side effects"] == reverse(
        "content_pages_translate_snippet", args=["content_pages.topic", topic.pk, "ms"]
    )
    row = panel.find("a", string="Side effects").find_parent("tr")
    assert [cell.get_text(strip=True) for cell in row.find_all("td")][1:] == ["Malay", "1", "0"]
    # Chinese is not this translator's work.
    assert "/zh-hans/" not in str(panel)
    assert "Chinese" not in panel.get_text()


def test_my_work_shows_a_stale_text_after_an_english_edit(malay_translator, seeded):
    seeded.standfirst_en = "A new English standfirst, not yet translated."
    seeded.save_revision().publish()
    panel = _panel(malay_translator.get(reverse("wagtailadmin_home")).content.decode())
    row = panel.find("a", href=reverse("content_pages_translate_page", args=[seeded.pk, "ms"])).find_parent("tr")
    cells = [cell.get_text(strip=True) for cell in row.find_all("td")]
    assert cells[1] == "Malay"
    assert int(cells[3]) >= 1, cells


def test_editors_dashboards_have_no_translator_panel(admin_client, seeded):
    assert _panel(admin_client.get(reverse("wagtailadmin_home")).content.decode()) is None


def test_status_report_and_page_header_lead_to_the_translation_editor(admin_client, seeded):
    report = admin_client.get(reverse("content_pages_translations_report"), {"language": "ms"}).content.decode()
    assert reverse("content_pages_translate_page", args=[seeded.pk, "ms"]) in report
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk])).content.decode()
    soup = BeautifulSoup(edit, "html.parser")
    for language, name in (("ms", "Malay"), ("zh-hans", "Chinese")):
        link = soup.find("a", href=reverse("content_pages_translate_page", args=[seeded.pk, language]))
        assert link is not None, language
        assert name in link.get_text(), language
