"""A translation reaches readers only once a reviewer of its language approved it,
whichever path publishes it (``publishing/gate/language_review.py``)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry

from content_pages.models import ArticlePage, TranslationReview
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translators import group_name, reviewer_group_name
from content_pages.reads.translation_reviews import open_submission
from tests.reviewing import approved_translations, translated_by_a_translator

from ..publishing.test_one_language import new_malay_standfirst
from .test_reviewer_roles import user_in

pytestmark = pytest.mark.django_db

WARNING_MS = "AMARAN BAHARU: hubungi doktor anda segera jika demam."
WARNING_EN = "Call your doctor at once if you have a fever."


def safety_callout(page):
    return next(item for item in page.body_en if item.block_type == "callout")


def draft_malay_warning(page, user=None):
    """A translator's draft: the article's callout made a safety warning (English live)
    and, in the next draft, translated into Malay."""
    block_id = safety_callout(page).id
    draft = page.get_latest_revision_as_object()
    value = next(item for item in draft.body_en if item.id == block_id).value
    value["text"], value["safety"] = WARNING_EN, True
    with TestCase.captureOnCommitCallbacks(execute=True), approved_translations():
        draft.save_revision().publish()
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    next(item for item in draft.body_ms if item.id == block_id).value["text"] = WARNING_MS
    draft.save_revision(user=user)
    return block_id


def served_everywhere(client, page):
    """What Malay readers get on the web, from the API and in each chat channel."""
    page = ArticlePage.objects.get(pk=page.pk)
    texts = [client.get(f"/ms/artikel/{page.slug_ms}/").content.decode()]
    texts.append(client.get(f"/api/v2/pages/{page.pk}/?lang=ms").content.decode())
    for channel, query in (("whatsapp", ""), ("telegram", ""), ("sms", "mode=full")):
        response = client.get(f"/api/v2/pages/{page.pk}/channels/{channel}/?lang=ms&{query}")
        assert response.status_code == 200, (channel, response.content[:300])
        texts.append(response.content.decode())
    return texts


def test_an_unapproved_malay_safety_callout_is_served_nowhere_until_a_reviewer_approves(seeded, client):
    translator = user_in("siti", group_name("ms"))
    draft_malay_warning(seeded, user=translator)
    editor = user_in("eddie", "Editors", "Moderators")
    with TestCase.captureOnCommitCallbacks(execute=True):
        # The English editor publishes the whole draft: the Malay is not theirs to approve.
        ArticlePage.objects.get(pk=seeded.pk).get_latest_revision().publish(user=editor)
    for text in served_everywhere(client, seeded):
        assert WARNING_MS not in text
    assert ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object().body_ms  # kept in the draft
    held = open_submission(seeded, "ms")
    assert held is not None
    assert held.submitted_by == translator

    reviewer = user_in("aminah", reviewer_group_name("ms"))
    admin = client
    admin.force_login(reviewer)
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    page = admin.get(url).content.decode()
    assert WARNING_MS in page  # the diff shows what is to be approved
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert admin.post(url, {"approve": "1", "comment": "Checked the dose wording."}).status_code == 302
    admin.logout()
    for text in served_everywhere(client, seeded):
        assert WARNING_MS in text
    review = TranslationReview.objects.get(pk=held.pk)
    assert review.state == TranslationReview.State.APPROVED
    assert review.reviewer == reviewer
    entry = PageLogEntry.objects.filter(page=seeded, action="content_pages.translation_approved").latest("pk")
    assert entry.user == reviewer
    assert entry.data["language"] == "ms"


def test_an_editor_who_is_not_a_malay_reviewer_may_only_submit_malay(seeded, client):
    editor = user_in("eddie", "Editors", "Moderators")
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[seeded.pk])
    html = client.get(edit).content.decode()
    assert "Publish Malay only" not in html
    assert 'name="action-publish-language-ms"' not in html
    assert "Submit Malay for review" in html
    revisions = seeded.revisions.count()
    response = client.post(edit, {"action-publish-language-ms": "1", "title_en": "Changed"})
    assert response.status_code == 403
    assert "Only a reviewer of Malay translations can publish Malay text" in response.content.decode()
    assert seeded.revisions.count() == revisions  # nothing written


def test_a_malay_reviewer_is_offered_publish_malay_only(seeded, client):
    client.force_login(user_in("aminah", reviewer_group_name("ms"), "Editors", "Moderators"))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk])).content.decode()
    assert 'name="action-publish-language-ms"' in html
    assert "Submit Malay for review" not in html


def test_nobody_approves_their_own_translation(seeded, client):
    reviewer = user_in("aminah", reviewer_group_name("ms"))
    draft_malay_warning(seeded, user=reviewer)
    client.force_login(reviewer)
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    response = client.post(url, {"approve": "1"})
    assert response.status_code == 403
    assert "Nobody approves their own translation" in response.content.decode()
    assert WARNING_MS not in json.dumps(list(ArticlePage.objects.get(pk=seeded.pk).body_ms.raw_data))


def test_a_reviewer_of_another_language_cannot_approve_malay(seeded, client):
    draft_malay_warning(seeded)
    client.force_login(user_in("li", reviewer_group_name("zh-hans")))
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    assert client.post(url, {"approve": "1"}).status_code == 403


def test_import_with_publish_but_no_reviewer_submits_only(seeded, tmp_path):
    path = tmp_path / "ms.po"
    path.write_bytes(new_malay_standfirst(seeded))
    out = io.StringIO()
    call_command("import_translations", str(path), "--publish", stdout=out)
    assert "Submitted for review" in out.getvalue()
    seeded.refresh_from_db()
    assert not seeded.standfirst_ms.startswith("[ms] ")
    assert open_submission(seeded, "ms") is not None


def test_import_with_a_reviewer_publishes_and_records_the_approver(seeded, tmp_path):
    reviewer = user_in("aminah", reviewer_group_name("ms"))
    path = tmp_path / "ms.po"
    path.write_bytes(new_malay_standfirst(seeded))
    call_command("import_translations", str(path), "--publish", "--reviewer", "aminah", stdout=io.StringIO())
    seeded.refresh_from_db()
    assert seeded.standfirst_ms.startswith("[ms] ")
    approval = TranslationReview.objects.filter(state="approved", language="ms", object_id=str(seeded.pk)).latest("pk")
    assert approval.reviewer == reviewer
    assert not approval.at_setup


def test_import_refuses_a_reviewer_of_another_language(seeded, tmp_path):
    user_in("li", reviewer_group_name("zh-hans"))
    path = tmp_path / "ms.po"
    path.write_bytes(po_bytes(page_catalog(seeded, "ms")))
    with pytest.raises(CommandError, match="not a reviewer of Malay"):
        call_command("import_translations", str(path), "--publish", "--reviewer", "li", stdout=io.StringIO())


def test_the_seed_is_approved_at_setup_and_listed_as_such(seeded, admin_client):
    approval = TranslationReview.objects.filter(object_id=str(seeded.pk), language="ms", state="approved").latest("pk")
    assert approval.at_setup
    html = admin_client.get(reverse("content_pages_review_due")).content.decode()
    assert "approved at set-up, not yet by a reviewer of the language" in html


def test_a_reviewer_reading_the_seeds_translation_takes_it_off_the_list(seeded, client):
    reviewer = user_in("aminah", reviewer_group_name("ms"))
    client.force_login(reviewer)
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    assert "same as what is live" in client.get(url).content.decode()
    link = f'href="{url}">Malay translation of {seeded.title}</a>'
    assert link in client.get(reverse("wagtailadmin_home")).content.decode()  # their dashboard
    assert client.post(url, {"approve": "1", "comment": "Read it all."}).status_code == 302
    approval = TranslationReview.objects.filter(object_id=str(seeded.pk), language="ms", state="approved").latest("pk")
    assert approval.reviewer == reviewer
    assert not approval.at_setup
    assert approval.comment == "Read it all."
    assert approval.revision_id == ArticlePage.objects.get(pk=seeded.pk).live_revision_id
    assert link not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_submission_is_listed_once_and_before_texts_approved_only_at_setup(seeded):
    from content_pages.publishing.translation_review import submit_language
    from content_pages.reads.translation_reviews import awaiting_rows

    translator = translated_by_a_translator(seeded, "ms", standfirst_ms="Bacalah dengan teliti.")
    submit_language(ArticlePage.objects.get(pk=seeded.pk), "ms", translator)
    rows = awaiting_rows({"ms"})
    article = (seeded.get_base_content_type().pk, str(seeded.pk))
    article_rows = [row for row in rows if (row.content_type_id, row.object_id) == article]
    assert [row.label for row in article_rows] == ["awaiting review"], [(r.title, r.label) for r in rows]
    assert (rows[0].content_type_id, rows[0].object_id) == article
    assert len(rows) > 1  # the seed's other Malay texts, approved only at set-up, follow
    assert {row.label for row in rows[1:]} == {"approved at set-up, not yet by a reviewer of the language"}


def test_the_review_page_marks_the_words_that_change(seeded, client):
    from content_pages.publishing.translation_review import submit_language

    live = ArticlePage.objects.get(pk=seeded.pk).standfirst_ms
    first_word, rest = live.split(" ", 1)
    translator = translated_by_a_translator(seeded, "ms", standfirst_ms=f"Sesungguhnya {rest} Bacalah dengan teliti.")
    submit_language(ArticlePage.objects.get(pk=seeded.pk), "ms", translator)
    client.force_login(user_in("aminah", reviewer_group_name("ms")))
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "ms"])
    html = client.get(url).content.decode()
    assert f"<del>{first_word}</del><ins>Sesungguhnya</ins>" in html
    assert "<ins> Bacalah dengan teliti.</ins>" in html
    assert f"<ins>{rest}" not in html  # the words kept are not marked


def test_the_review_page_speaks_the_reviewers_admin_language(seeded, client):
    from wagtail.users.models import UserProfile

    reviewer = user_in("mei", reviewer_group_name("zh-hans"))
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(reviewer)
    url = reverse("content_pages_translation_review", args=[seeded.get_base_content_type().pk, seeded.pk, "zh-hans"])
    html = client.get(url).content.decode()
    assert "批准并发布" in html
    assert "评论（拒绝时必填）" in html
    assert "Comment (required to reject)" not in html
