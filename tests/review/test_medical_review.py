"""Medical review: articles reach patients only reviewed, dated and citing evidence.

The seed goes live through the Medical review workflow; approving a review records its
dates; and an article without a reviewer or references is refused on every publish path
(the edit view, the add view, workflow approval, scheduled publishing, code), with the
rule named.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content_pages.models import ArticleIndexPage, ArticlePage
from content_pages.publishing.gate import PublishRefused
from content_pages.publishing.medical_review import (
    MEDICAL_REVIEW,
    MEDICAL_REVIEWERS,
    add_months,
    review_problems,
)
from tests.admin.test_editor import article_form_data

pytestmark = pytest.mark.django_db

NO_REVIEWER = "Medical review: name the medical reviewer"
NO_REFERENCE = "References: cite at least one reference with a well-formed DOI or URL."


@pytest.fixture
def medical_reviewer(django_user_model):
    user = django_user_model.objects.create_user(username="dr-lim", password="x")
    user.groups.add(Group.objects.get(name=MEDICAL_REVIEWERS))
    return user


def draft_of(page, **fields):
    draft = page.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft


def without_references(page):
    draft = page.get_latest_revision_as_object()
    draft.references = []
    return draft


def test_the_seed_article_went_live_through_an_approved_medical_review(seeded, admin_user):
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(seeded.pk))
    assert state.workflow.name == MEDICAL_REVIEW
    assert state.status == WorkflowState.STATUS_APPROVED
    approval = PageLogEntry.objects.get(page=seeded, action="wagtail.workflow.approve")
    assert approval.user is not None
    assert approval.user.is_superuser
    assert seeded.live
    assert seeded.medical_reviewer.name == "Cancer A-Z Medical Review Panel"
    assert seeded.last_reviewed == datetime.date(2026, 11, 1)
    assert seeded.next_review_due == datetime.date(2027, 11, 1)  # earlier than the cycle: kept


def test_approving_a_review_dates_it_today_and_sets_the_next_one_a_cycle_later(seeded, admin_user, medical_reviewer):
    draft = draft_of(seeded, standfirst_en="Reviewed again.", next_review_due=None)
    draft.save_revision(user=admin_user)
    state = seeded.get_workflow().start(seeded, admin_user)
    state.current_task_state.approve(user=medical_reviewer)
    seeded.refresh_from_db()
    today = timezone.localdate()
    assert seeded.standfirst_en == "Reviewed again."
    assert seeded.last_reviewed == today
    assert seeded.next_review_due == add_months(today, 36)
    entry = PageLogEntry.objects.filter(page=seeded, action="wagtail.workflow.approve").latest("pk")
    assert entry.user == medical_reviewer


@override_settings(CMS_REVIEW_CYCLE_MONTHS=12)
def test_the_review_cycle_is_a_setting_and_an_earlier_due_date_is_kept(seeded, admin_user, medical_reviewer):
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=100)
    draft_of(seeded, next_review_due=soon).save_revision(user=admin_user)
    seeded.get_workflow().start(seeded, admin_user).current_task_state.approve(user=medical_reviewer)
    seeded.refresh_from_db()
    assert seeded.next_review_due == soon
    draft_of(seeded, next_review_due=add_months(today, 30)).save_revision(user=admin_user)
    seeded.get_workflow().start(seeded, admin_user).current_task_state.approve(user=medical_reviewer)
    seeded.refresh_from_db()
    assert seeded.next_review_due == add_months(today, 12)


def test_only_the_medical_reviewers_group_may_approve(seeded, admin_user, django_user_model):
    task = seeded.get_workflow().tasks.get().specific
    editor = django_user_model.objects.create_user(username="editor", password="x")
    assert [group.name for group in task.groups.all()] == [MEDICAL_REVIEWERS]
    state = seeded.get_workflow().start(seeded, admin_user)
    assert not task.user_can_access_editor(state.current_task_state.revision.content_object, editor)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"medical_reviewer": None}, NO_REVIEWER),
        ({"last_reviewed": None}, "has no last-reviewed date"),
        ({"last_reviewed": datetime.date(2999, 1, 1)}, "is in the future"),
        ({"next_review_due": datetime.date(2026, 10, 1)}, "must be due after the last review"),
        ({"next_review_due": None}, "set when the next review is due"),
    ],
)
def test_each_review_rule_refuses_a_publish_in_code(seeded, change, message):
    live = seeded.live_revision_id
    revision = draft_of(seeded, **change).save_revision(clean=False)
    with pytest.raises(PublishRefused, match=message):
        revision.publish()
    seeded.refresh_from_db()
    assert seeded.live_revision_id == live


def test_an_article_citing_nothing_is_refused(seeded):
    assert review_problems(seeded) == []
    with pytest.raises(PublishRefused, match=NO_REFERENCE):
        without_references(seeded).save_revision(clean=False).publish()


def test_the_edit_view_refuses_to_publish_without_a_reviewer(seeded, admin_client):
    index = ArticleIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    assert admin_client.post(add, article_form_data("Sleep and cancer", "sleep-and-cancer")).status_code == 302
    page = ArticlePage.objects.get(slug_en="sleep-and-cancer")
    assert page.live
    link = page.references.get()
    data = article_form_data("Sleep and cancer", "sleep-and-cancer", medical_reviewer="", standfirst_en="Changed.")
    data.update(
        nested_form_data({"references": inline_formset([{"id": link.pk, "reference": link.reference_id}], initial=1)})
    )
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(edit, data, HTTP_REFERER=f"http://testserver{edit}")
    assert response.status_code == 302
    followed = admin_client.get(edit).content.decode()
    assert "was not published" in followed
    assert NO_REVIEWER in followed
    page.refresh_from_db()
    assert page.standfirst_en == "What patients should know."
    assert page.medical_reviewer is not None


def test_the_add_view_leaves_a_refused_article_a_draft_nobody_can_read(seeded, admin_client, client):
    index = ArticleIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    data = article_form_data("Unreviewed", "unreviewed", medical_reviewer="")
    assert admin_client.post(add, data).status_code == 302
    page = ArticlePage.objects.get(slug_en="unreviewed")
    assert not page.live
    assert page.live_revision is None
    assert client.get("/en/articles/unreviewed/").status_code == 404
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404


def test_workflow_approval_of_an_article_without_references_is_refused(seeded, admin_user, medical_reviewer):
    live = seeded.live_revision_id
    without_references(seeded).save_revision(user=admin_user, clean=False)
    state = seeded.get_workflow().start(seeded, admin_user)
    with pytest.raises(PublishRefused, match=NO_REFERENCE):
        state.current_task_state.approve(user=medical_reviewer)
    seeded.refresh_from_db()
    assert seeded.live_revision_id == live
    assert ArticlePage.objects.get(pk=seeded.pk).references.count() == 5


def test_workflow_approval_in_the_admin_is_refused_with_the_rule_named(seeded, admin_user, client, medical_reviewer):
    draft_of(seeded, medical_reviewer=None).save_revision(user=admin_user, clean=False)
    state = seeded.get_workflow().start(seeded, admin_user)
    task_state = state.current_task_state
    client.force_login(medical_reviewer)
    edit = reverse("wagtailadmin_pages:edit", args=[seeded.pk])
    url = reverse("wagtailadmin_pages:workflow_action", args=[seeded.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": ""}, HTTP_REFERER=f"http://testserver{edit}")
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS  # the approval was rolled back
    seeded.refresh_from_db()
    assert seeded.medical_reviewer is not None


def test_scheduled_publishing_of_an_article_without_a_reviewer_is_refused_and_logged(seeded):
    live = seeded.live_revision_id
    revision = draft_of(seeded, medical_reviewer=None).save_revision(clean=False)
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    revision.save(update_fields=["approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    seeded.refresh_from_db()
    assert seeded.live_revision_id == live
    refusal = ModelLogEntry.objects.filter(action="content_pages.publish_refused").first() or PageLogEntry.objects.get(
        page=seeded, action="content_pages.publish_refused"
    )
    assert any(NO_REVIEWER in problem for problem in refusal.data["problems"])


def test_setup_command_assigns_the_workflow_to_every_article_index(seeded):
    call_command("setup_medical_review", verbosity=0)
    index = ArticleIndexPage.objects.get()
    assert index.get_workflow().name == MEDICAL_REVIEW
    assert seeded.get_workflow().name == MEDICAL_REVIEW


def test_overdue_flips_in_the_api_the_day_after_the_review_falls_due(seeded, client):
    from content_pages.models import ChannelRendition

    url = f"/api/v2/pages/{seeded.pk}/?lang=ms"
    due = seeded.next_review_due
    before = client.get(url)
    assert before.json()["review"]["overdue"] is False
    stored = ChannelRendition.objects.get(page=seeded, channel="web", language="ms")
    with time_machine_on(due):
        assert client.get(url).json()["review"]["overdue"] is False
    with time_machine_on(due + datetime.timedelta(days=1)):
        after = client.get(url)
        assert after.json()["review"]["overdue"] is True
        assert after["ETag"] != before["ETag"]
        assert client.get(url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
        assert client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304
        listed = client.get("/api/v2/pages/?lang=ms&type=content_pages.ArticlePage&fields=review").json()
        assert listed["items"][0]["review"]["overdue"] is True
    # Nothing was re-rendered: the stored payload is the one published.
    assert ChannelRendition.objects.get(pk=stored.pk).etag == stored.etag


def time_machine_on(day):
    """Today is ``day`` for the code under test (what the date is, not how time passes)."""
    from unittest import mock

    return mock.patch("content_pages.reads.review_due.today", return_value=day)


def test_every_messaging_channel_shows_the_review_date_in_the_readers_language(seeded, client):
    from content_pages.rendering.channels import CHANNELS

    expected = {"en": "Last reviewed: November 1, 2026", "ms": "Kali terakhir disemak: 1 November 2026"}
    for language, line in expected.items():
        for name in ("whatsapp", "telegram"):
            assert line in json_text(CHANNELS[name].render(seeded, language).payload), (name, language)
        assert line in json_text(CHANNELS["sms"].render(seeded, language, "full").payload)
    assert "最近审核：2026年11月1日" in json_text(CHANNELS["telegram"].render(seeded, "zh-hans").payload)


def json_text(payload):
    import json

    return json.dumps(payload, ensure_ascii=False)


def test_the_admin_api_publish_action_is_refused_with_the_rule_named(seeded, admin_client):
    live = seeded.live_revision_id
    draft_of(seeded, medical_reviewer=None).save_revision(clean=False)
    response = admin_client.post(f"/admin/api/main/pages/{seeded.pk}/action/publish/", content_type="application/json")
    assert response.status_code == 400
    assert any(NO_REVIEWER in problem for problem in response.json()["problems"])
    seeded.refresh_from_db()
    assert seeded.live_revision_id == live
    assert seeded.medical_reviewer is not None


def test_an_editor_submitting_an_unpublishable_article_is_told_why_at_once(seeded, admin_client):
    """Found in a browser: the editor heard nothing at submission, and the reviewer's
    approval was refused with the rules named."""
    index = ArticleIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    data = article_form_data("Unreviewed", "unreviewed", medical_reviewer="", **{"action-submit": "action-submit"})
    del data["action-publish"]
    response = admin_client.post(add, data, follow=True)
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    warning = next(text for text in shown if text.startswith("Submitted, but the review cannot publish"))
    assert "“Unreviewed”" in warning
    assert NO_REVIEWER in warning
    assert ArticlePage.objects.get(slug_en="unreviewed").workflow_in_progress


def test_a_complete_article_is_submitted_without_a_warning(seeded, admin_client):
    index = ArticleIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    data = article_form_data("Sleep and cancer", "sleep-and-cancer", **{"action-submit": "action-submit"})
    del data["action-publish"]
    response = admin_client.post(add, data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert not [text for text in shown if text.startswith("Submitted, but")]
    assert ArticlePage.objects.get(slug_en="sleep-and-cancer").workflow_in_progress
