"""What rendering a page for every channel and language reads once: its Site, the Site's
home page and privacy notice, the snippets it shows. Read again in the next unit of work,
so a change made in between is seen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Site

from content_pages.foundations.lookups import shared_lookups
from content_pages.models import EnquiryPrivacyNotice
from content_pages.publishing import page_html
from content_pages.reads.privacy_notices import privacy_notice
from content_pages.reads.segments import snippets_shown
from content_pages.reads.sites import site_home, site_of

pytestmark = pytest.mark.django_db


def site_reads(captured):
    """Reads of one Site by its id (``Page.get_site``), not Wagtail's list of the sites' root
    paths (cached by Wagtail itself)."""
    return [query for query in captured if 'FROM "wagtailcore_site" WHERE "wagtailcore_site"."id" =' in query["sql"]]


def render_every_language(page, languages):
    with shared_lookups(), CaptureQueriesContext(connection) as captured:
        for language in languages:
            page_html.render_page(page, language)
            privacy_notice(page, language)
        assert site_home(page).pk == site_of(page).root_page_id
    return len(site_reads(captured.captured_queries))


def test_a_pages_site_is_read_once_per_unit_of_work(seeded):
    site = Site.objects.get(is_default_site=True)
    with CaptureQueriesContext(connection) as outside:
        assert site_of(seeded) == site_of(seeded) == site
    assert len(site_reads(outside.captured_queries)) == 2
    one_language = render_every_language(seeded, ["en"])
    # The article's Site, and its embedded form page's.
    assert 1 <= one_language <= 2
    assert render_every_language(seeded, ["en", "ms", "zh-hans"]) == one_language


def test_the_header_links_home_to_the_sites_root(seeded):
    site = Site.objects.get(is_default_site=True)
    with translation.override("ms"):
        home = site.root_page.get_url()
    assert home.startswith("/ms/")
    assert f'<a class="brand" href="{home}">' in page_html.render_page(seeded, "ms")


def test_a_privacy_notice_changed_between_units_of_work_is_read_again(seeded):
    with shared_lookups():
        before = privacy_notice(seeded, "en")
    notice = EnquiryPrivacyNotice.objects.get(site=site_of(seeded))
    notice.text_en = "We keep your enquiry for 30 days."
    notice.save()
    with shared_lookups():
        after = privacy_notice(seeded, "en")
    assert before is not None
    assert after is not None
    assert str(after.text) == "We keep your enquiry for 30 days." != str(before.text)


def test_the_snippets_a_page_shows_are_read_once_for_the_same_page_object(seeded, django_assert_num_queries):
    with shared_lookups():
        first = snippets_shown(seeded)
        with django_assert_num_queries(0):
            assert snippets_shown(seeded) == first
        # Another object of the same page (another version, say) is read for itself.
        other = type(seeded).objects.get(pk=seeded.pk)
        with CaptureQueriesContext(connection) as reads:
            again = snippets_shown(other)
        assert any('"content_pages_reference"' in query["sql"] for query in reads.captured_queries)
        assert again == first
        assert all(mine is not theirs for mine, theirs in zip(again, first, strict=True))
    assert first, "the seed article shows calls to action, references and contributors"
