"""Every path that can make a translation live holds back a language no reviewer of it
approved: the bulk action, a scheduled go-live, an older revision published again, a
snippet's own publish, the admin's PO upload, and the translator's own submission,
which a reviewer's approval closes. The API says which texts wait."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from content_pages.models import CallToAction, TranslationReview
from content_pages.publishing.translation_review import approve_language, submit_language
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translators import group_name, reviewer_group_name
from content_pages.reads.translation_reviews import open_submission
from tests.admin.test_translation_editor import editor_url, paragraphs, posted
from tests.reviewing import translated_by_a_translator

from .test_translation_review import user_in

pytestmark = pytest.mark.django_db

STANDFIRST_MS = "Ringkasan baharu yang belum disemak."


def live(page):
    return type(page).objects.get(pk=page.pk)


def editor():
    return user_in("eddie", "Editors", "Moderators")


def test_bulk_publish_by_an_editor_holds_the_malay_and_the_api_says_it_waits(seeded, client):
    before = live(seeded).standfirst_ms
    translated_by_a_translator(seeded, "ms", standfirst_ms=STANDFIRST_MS)
    client.force_login(editor())
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={seeded.pk}"
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(url, {"include_descendants": ""}).status_code == 302
    page = live(seeded)
    assert page.standfirst_ms == before
    assert page.get_latest_revision_as_object().standfirst_ms == STANDFIRST_MS  # kept in the draft
    assert open_submission(page, "ms").submitted_by.username == "translator-ms"
    client.logout()
    meta = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()["meta"]
    assert meta["translation"]["awaiting_review"] == ["standfirst"]
    assert STANDFIRST_MS not in client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").content.decode()
    assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=en").json()["meta"]["translation"]["awaiting_review"] == []

    with TestCase.captureOnCommitCallbacks(execute=True):
        approve_language(live(seeded), "ms", user_in("aminah", reviewer_group_name("ms")))
    data = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()
    assert data["standfirst"] == STANDFIRST_MS
    assert data["meta"]["translation"]["awaiting_review"] == []


def test_a_scheduled_go_live_holds_an_unreviewed_malay_text(seeded):
    before = live(seeded).standfirst_ms
    translated_by_a_translator(seeded, "ms", standfirst_ms=STANDFIRST_MS)
    revision = live(seeded).get_latest_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    page = live(seeded)
    assert page.live_revision_id is not None
    assert page.standfirst_ms == before
    assert open_submission(page, "ms") is not None


def test_publishing_an_older_revision_again_holds_its_unreviewed_malay(seeded):
    """Reverting to an older revision publishes its content again: a Malay text in it that
    no reviewer approved stays out."""
    before = live(seeded).standfirst_ms
    translated_by_a_translator(seeded, "ms", standfirst_ms=STANDFIRST_MS)
    old = live(seeded).get_latest_revision()
    draft = live(seeded).get_latest_revision_as_object()
    draft.standfirst_ms = before  # the translator's text is taken out again in a newer draft
    draft.save_revision()
    old.publish(user=editor())
    assert live(seeded).standfirst_ms == before
    assert Revision.objects.get(pk=live(seeded).live_revision_id).content["standfirst_ms"] == before


def test_a_snippets_own_publish_holds_its_unreviewed_malay(seeded):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    before = cta.heading_ms
    translated_by_a_translator(cta, "ms", heading_ms="Tajuk baharu")
    publisher = editor()
    publisher.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_calltoaction", "publish_calltoaction"])
    )
    publisher = type(publisher).objects.get(pk=publisher.pk)  # permissions are cached on the instance
    CallToAction.objects.get(pk=cta.pk).get_latest_revision().publish(user=publisher)
    cta = CallToAction.objects.get(pk=cta.pk)
    assert cta.heading_ms == before
    assert cta.get_latest_revision_as_object().heading_ms == "Tajuk baharu"
    assert open_submission(cta, "ms") is not None

    approve_language(cta, "ms", user_in("aminah", reviewer_group_name("ms")))
    assert CallToAction.objects.get(pk=cta.pk).heading_ms == "Tajuk baharu"


def test_the_admin_upload_with_publish_by_its_author_submits_for_review(seeded, admin_client):
    """The administrator is a reviewer of every language, but uploads the texts: nobody
    approves their own translation, so the upload is submitted, not published."""
    before = live(seeded).standfirst_ms
    catalog = page_catalog(seeded, "ms")
    for message in catalog:
        if message.context == f"page:{seeded.pk}:standfirst":
            message.string = STANDFIRST_MS
    upload = io.BytesIO(po_bytes(catalog))
    upload.name = "ms.po"
    url = reverse("content_pages_page_translations", args=[seeded.pk])
    response = admin_client.post(url, {"po_file": upload, "publish": "on"}, follow=True)
    assert "Submitted for review by a reviewer of Malay, not published" in response.content.decode()
    assert live(seeded).standfirst_ms == before
    assert live(seeded).get_latest_revision_as_object().standfirst_ms == STANDFIRST_MS
    assert open_submission(seeded, "ms") is not None


def test_approving_closes_the_translators_submission(seeded, client):
    translator = user_in("siti", group_name("ms"))
    client.force_login(translator)
    segment = paragraphs(seeded, count=1)[0]
    response = client.post(editor_url(seeded), posted([segment], ["Teks untuk semakan"], action="submit"), follow=True)
    assert "Submitted for review." in response.content.decode()
    assert live(seeded).workflow_in_progress
    review = open_submission(seeded, "ms")
    assert review is not None
    assert review.submitted_by == translator

    reviewer = user_in("aminah", reviewer_group_name("ms"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        approve_language(live(seeded), "ms", reviewer)
    page = live(seeded)
    assert not page.workflow_in_progress  # the translator's task is closed with the review
    assert "Teks untuk semakan" in str(page.body_ms.get_prep_value())
    review = TranslationReview.objects.get(pk=review.pk)
    assert review.state == TranslationReview.State.APPROVED
    assert review.reviewer == reviewer


def test_the_dashboard_lists_translations_awaiting_the_reviewers_languages(seeded, client):
    translator = user_in("siti", group_name("ms"))
    translated_by_a_translator(seeded, "ms", standfirst_ms=STANDFIRST_MS)
    submit_language(live(seeded), "ms", translator)
    client.force_login(user_in("aminah", reviewer_group_name("ms")))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f"Malay translation of {seeded.title}" in html
    assert (
        reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"]) in html
    )
    client.force_login(user_in("li", reviewer_group_name("zh-hans")))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Translations awaiting your review" in html
    assert f"Malay translation of {seeded.title}" not in html


def test_the_reviewers_of_the_language_are_told_by_email(seeded, mailoutbox):
    translator = user_in("siti", group_name("ms"))
    translator.email = "siti@example.org"
    translator.save()
    for username, group in (("aminah", reviewer_group_name("ms")), ("li", reviewer_group_name("zh-hans"))):
        reviewer = user_in(username, group)
        reviewer.email = f"{username}@example.org"
        reviewer.save()
    translated_by_a_translator(seeded, "ms", standfirst_ms=STANDFIRST_MS)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit_language(live(seeded), "ms", translator)
    assert [message.to for message in mailoutbox] == [["aminah@example.org"]]
    message = mailoutbox[0]
    assert message.subject == f"Malay translation of “{seeded.title}” submitted for review"
    assert reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"]) in (
        message.body
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit_language(live(seeded), "ms", translator)  # the same submission, refreshed: no second notice
    assert len(mailoutbox) == 1


def test_a_reviewer_rejects_with_a_reason_and_the_text_stays_in_the_draft(seeded, client):
    from wagtail.models import PageLogEntry

    before = live(seeded).standfirst_ms
    translator = translated_by_a_translator(seeded, "ms", standfirst_ms=STANDFIRST_MS)
    submit_language(live(seeded), "ms", translator)
    reviewer = user_in("aminah", reviewer_group_name("ms"))
    client.force_login(reviewer)
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    response = client.post(url, {"reject": "1", "comment": "  "}, follow=True)
    assert "Say why in the comment" in response.content.decode()
    assert open_submission(seeded, "ms") is not None  # a rejection without a reason is not one
    assert client.post(url, {"reject": "1", "comment": "The dose is mistranslated."}).status_code == 302
    review = TranslationReview.objects.filter(object_id=str(seeded.pk), language="ms").latest("pk")
    assert review.state == TranslationReview.State.REJECTED
    assert review.comment == "The dose is mistranslated."
    assert live(seeded).standfirst_ms == before
    assert live(seeded).get_latest_revision_as_object().standfirst_ms == STANDFIRST_MS
    entry = PageLogEntry.objects.filter(page=seeded, action="content_pages.translation_rejected").latest("pk")
    assert entry.user == reviewer
    assert entry.data["comment"] == "The dose is mistranslated."
    assert "Rejected the Malay translation by aminah: The dose is mistranslated." in entry.message
