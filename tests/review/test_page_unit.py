"""A page's translation is one unit: the texts of the snippets it shows (here a
reference's lay summary) are shown in the translation editor as saved, go into review
with the page, are approved with it, and until then readers see the English, marked as
a fallback on the web page as in the API."""

import pytest
from bs4 import BeautifulSoup
from django.test import TestCase
from django.urls import reverse

from content_pages.models import ArticlePage, Reference, TranslationReview
from content_pages.publishing.translators import group_name, reviewer_group_name
from content_pages.reads.segments import translatable_segments
from content_pages.reads.translation_reviews import open_submission
from tests.admin.test_translation_editor import editor_url, posted, row_of, soup
from tests.reviewing import approved_translations

from .test_translation_review import user_in

pytestmark = pytest.mark.django_db

SUMMARY_EN = "A study of how tumours hide from the immune system."
SUMMARY_MS = "Kajian tentang cara tumor bersembunyi daripada sistem imun."


@pytest.fixture
def reference(seeded):
    reference = seeded.references.select_related("reference").first().reference
    reference.lay_summary_en = SUMMARY_EN
    with TestCase.captureOnCommitCallbacks(execute=True), approved_translations():
        reference.save_revision().publish()
    return Reference.objects.get(pk=reference.pk)


def summary_segment(page):
    return next(
        s for s in translatable_segments(page, "ms") if s.id.endswith(":lay_summary") and s.source == SUMMARY_EN
    )


def test_a_snippet_text_goes_through_review_with_its_page(seeded, reference, client):
    translator = user_in("siti", group_name("ms"))
    client.force_login(translator)
    segment = summary_segment(seeded)
    response = client.post(editor_url(seeded), posted([segment], [SUMMARY_MS], action="submit"), follow=True)
    assert "Submitted for review." in response.content.decode()
    # Saved in the reference's draft, and shown as saved after a reload, not as missing.
    assert Reference.objects.get(pk=reference.pk).get_latest_revision_as_object().lay_summary_ms == SUMMARY_MS
    row = row_of(soup(client.get(editor_url(seeded))), segment.id)
    assert row.find("textarea").get_text() == SUMMARY_MS
    assert row["data-state"] != "missing"
    # Submitted with the page, as one unit.
    assert open_submission(seeded, "ms") is not None
    held = open_submission(reference, "ms")
    assert held is not None
    assert held.submitted_by == translator
    client.logout()

    # Until approved, Malay readers get the English summary, visibly marked as a fallback.
    page = ArticlePage.objects.get(pk=seeded.pk)
    html = BeautifulSoup(client.get(f"/ms/artikel/{page.slug_ms}/").content, "html.parser")
    span = next(s for s in html.select("span[lang]") if s.get_text() == SUMMARY_EN)
    assert "is-fallback" in span.get("class", [])
    assert span["lang"] == "en"
    assert html.select_one("p.notice") is not None
    data = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()
    assert f"references.{reference.pk}.lay_summary" in {f["path"] for f in data["meta"]["fallbacks"]}

    # The reviewer sees the snippet's text on the page's review, and approves both.
    reviewer = user_in("aminah", reviewer_group_name("ms"))
    client.force_login(reviewer)
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    review_page = client.get(url).content.decode()
    assert SUMMARY_MS in review_page
    assert str(reference) in review_page
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(url, {"approve": "1"}).status_code == 302
    client.logout()
    assert Reference.objects.get(pk=reference.pk).lay_summary_ms == SUMMARY_MS
    approved = TranslationReview.objects.get(pk=held.pk)
    assert approved.state == TranslationReview.State.APPROVED
    assert approved.reviewer == reviewer
    data = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()
    assert any(r["lay_summary"] == SUMMARY_MS for r in data["references"])
    assert f"references.{reference.pk}.lay_summary" not in {f["path"] for f in data["meta"]["fallbacks"]}


def test_a_snippet_text_the_reviewer_wrote_waits_for_another_reviewer(seeded, reference, client):
    reviewer = user_in("aminah", reviewer_group_name("ms"))
    draft = reference.get_latest_revision_as_object()
    draft.lay_summary_ms = SUMMARY_MS
    draft.save_revision(user=reviewer)
    translator = user_in("siti", group_name("ms"))
    page_draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    page_draft.standfirst_ms = "Ringkasan baharu."
    page_draft.save_revision(user=translator)
    from content_pages.publishing.translation_review import approve_language, submit_language

    submit_language(ArticlePage.objects.get(pk=seeded.pk), "ms", translator)
    approve_language(ArticlePage.objects.get(pk=seeded.pk), "ms", reviewer)
    assert ArticlePage.objects.get(pk=seeded.pk).standfirst_ms == "Ringkasan baharu."
    assert Reference.objects.get(pk=reference.pk).lay_summary_ms != SUMMARY_MS  # aminah wrote it
    assert open_submission(reference, "ms") is not None
