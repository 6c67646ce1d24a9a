"""An admin write renders every channel once to check an article's limits, however often
Wagtail cleans the page in that request; changed content is always checked again."""

import pytest
from django.urls import reverse

from content_pages.models import ArticleIndexPage, ArticlePage
from content_pages.publishing import channel_validation
from tests.admin.test_editor import article_form_data

from .test_reference_hygiene import current_rows, edit_data, edit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks(monkeypatch):
    """Each time every channel was rendered to check the limits: (page id, languages)."""
    calls = []
    real = channel_validation._problems

    def counting(page, languages=None):
        calls.append((page.pk, languages))
        return real(page, languages)

    monkeypatch.setattr(channel_validation, "_problems", counting)
    return calls


def add_url():
    return reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", ArticleIndexPage.objects.get().pk])


def test_a_first_draft_is_checked_once(seeded, admin_client, checks):
    response = admin_client.post(add_url(), article_form_data("Sleep", "sleep", **{"action-publish": ""}))
    assert response.status_code == 302
    assert not ArticlePage.objects.get(slug_en="sleep").live
    assert checks == [(None, None)]


def test_creating_and_publishing_checks_the_form_then_the_page_at_its_address(seeded, admin_client, checks):
    """Before ``add_child`` the page has no address yet (its links differ), so the form's
    check and the one of the saved page are two; ``save_revision`` and the gate reuse it."""
    response = admin_client.post(add_url(), article_form_data("Sleep", "sleep"))
    assert response.status_code == 302
    assert ArticlePage.objects.get(slug_en="sleep").live
    assert len(checks) == 2
    assert checks[0] == (None, None)


def test_saving_a_draft_of_a_live_article_is_checked_once(seeded, admin_client, checks):
    data = edit_data(seeded, current_rows(seeded))
    data["standfirst_en"] = "What patients should know, said again."
    response = admin_client.post(edit_url(seeded), data)
    assert response.status_code == 302
    assert checks == [(seeded.pk, None)]


def test_within_one_request_only_the_same_content_is_answered_again(seeded, checks):
    page = ArticlePage.objects.get(pk=seeded.pk)
    with channel_validation.each_check_once():
        first = channel_validation.channel_limit_problems(page)
        assert channel_validation.channel_limit_problems(page) is first
        channel_validation.channel_limit_problems(page, ["ms"])
        page.standfirst_ms = "Teks yang lain."
        channel_validation.channel_limit_problems(page)
        page.references.clear()
        channel_validation.channel_limit_problems(page)
    assert checks == [(seeded.pk, None), (seeded.pk, ("ms",)), (seeded.pk, None), (seeded.pk, None)]
    # Outside an admin write, every call renders.
    channel_validation.channel_limit_problems(page)
    channel_validation.channel_limit_problems(page)
    assert len(checks) == 6


def test_a_reader_request_is_not_kept_in_a_scope(seeded, client, checks):
    assert channel_validation._CHECKED.get() is None
    client.get("/en/")
    assert channel_validation._CHECKED.get() is None
