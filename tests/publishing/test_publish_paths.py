"""Every way Wagtail publishes goes through the publishing service and its rules.

A revision that breaks a rule is saved without the form's checks (as an import, a
script or an old draft could hold it), then sent down each path: nothing goes live and
the editor is told why; a valid revision goes down the same path and is published.
"""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, Workflow

from content_pages.models import CallToAction
from content_pages.publishing.gate import PublishRefused
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db

TOO_LONG = "Hubungi kami melalui WhatsApp sekarang"  # 38 characters; buttons allow 20


def cta_draft(cta, **fields):
    draft = cta.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft.save_revision(clean=False)


def page_draft_with_long_button(page):
    draft = page.get_latest_revision_as_object()
    for child in draft.body_ms:
        if child.block_type == "cta":
            child.value["button_label_override"] = TOO_LONG
            break
    else:  # pragma: no cover - the seed article has CTAs in its body
        raise AssertionError("no CTA block in the seed article")
    return draft.save_revision(clean=False)


def publish_entries(obj):
    model = PageLogEntry if hasattr(obj, "path") else ModelLogEntry
    return model.objects.for_instance(obj).filter(action__startswith="wagtail.publish")


@pytest.fixture
def cta(seeded):
    return CallToAction.objects.get(name="WhatsApp: liquid biopsy")


def test_publishing_in_code_is_refused_with_the_rule_named(seeded, cta):
    live_label = cta.button_label_ms
    entries = publish_entries(cta).count()
    revision = cta_draft(cta, button_label_ms=TOO_LONG)
    with approved_translations():  # a reviewer of each language approves what the admin wrote
        with pytest.raises(PublishRefused) as refused:
            revision.publish()
    assert "Button label (Malay) is 38 characters long" in str(refused.value)
    cta.refresh_from_db()
    assert cta.button_label_ms == live_label
    assert publish_entries(cta).count() == entries


def test_a_page_breaking_a_channel_limit_is_refused(seeded):
    live_revision = seeded.live_revision_id
    with approved_translations():  # a reviewer of each language approves what the admin wrote
        with pytest.raises(PublishRefused) as refused:
            page_draft_with_long_button(seeded).publish()
    assert "Malay" in str(refused.value)
    assert "20" in str(refused.value)
    seeded.refresh_from_db()
    assert seeded.live_revision_id == live_revision


def _start_review(obj, user):
    workflow = Workflow.objects.get(name="Moderators approval")
    return workflow.start(obj, user)


def test_workflow_approval_publishes_through_the_gate(seeded, cta, admin_client, admin_user):
    cta_draft(cta, button_label_ms="WhatsApp kami")
    state = _start_review(cta, admin_user)
    url = reverse(
        "wagtailsnippets_content_pages_calltoaction:workflow_action",
        args=[cta.pk, "approve", state.current_task_state.pk],
    )
    response = admin_client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    cta.refresh_from_db()
    assert cta.button_label_ms == "WhatsApp kami"
    entry = publish_entries(cta).latest("pk")
    assert entry.data["languages"] == ["ms"]
    assert entry.data["shared"] is False


def test_workflow_approval_of_a_revision_breaking_a_rule_is_refused_and_undone(seeded, cta, admin_client, admin_user):
    live_label = cta.button_label_ms
    cta_draft(cta, button_label_ms=TOO_LONG)
    state = _start_review(cta, admin_user)
    task_state = state.current_task_state
    url = reverse("wagtailsnippets_content_pages_calltoaction:workflow_action", args=[cta.pk, "approve", task_state.pk])
    edit_url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    response = admin_client.post(url, {"comment": ""}, HTTP_REFERER=f"http://testserver{edit_url}")
    assert response.status_code == 302
    assert response["Location"].endswith(edit_url)
    followed = admin_client.get(edit_url).content.decode()
    assert "was not published" in followed
    assert "Button label (Malay)" in followed
    cta.refresh_from_db()
    assert cta.button_label_ms == live_label
    task_state.refresh_from_db()
    assert task_state.status == task_state.STATUS_IN_PROGRESS  # the approval was rolled back


def test_bulk_publish_passes_the_rules(seeded, admin_client):
    live_revision = seeded.live_revision_id
    page_draft_with_long_button(seeded)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={seeded.pk}"
    response = admin_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.live_revision_id == live_revision

    draft = seeded.live_revision.as_object()  # the editor starts again from what is live
    draft.standfirst_ms = "Ringkasan baharu."
    draft.save_revision()
    response = admin_client.post(url, {"include_descendants": ""})
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.live_revision_id != live_revision
    assert seeded.standfirst_ms == "Ringkasan baharu."
    assert publish_entries(seeded).latest("pk").data["languages"] == ["ms"]


def test_scheduled_publishing_runs_the_rules_and_keeps_going(seeded, cta):
    other = CallToAction.objects.get(name="Precision medicine: your treatment")
    past = timezone.now() - datetime.timedelta(minutes=5)
    bad = cta_draft(cta, button_label_ms=TOO_LONG)
    good = cta_draft(other, heading_zh_hans="新的标题")
    for revision in (bad, good):
        revision.approved_go_live_at = past
        revision.save(update_fields=["approved_go_live_at"])

    with approved_translations():  # a reviewer of each language approves what the admin wrote
        call_command("publish_scheduled", verbosity=0)

    cta.refresh_from_db()
    other.refresh_from_db()
    assert cta.button_label_ms != TOO_LONG
    refusal = ModelLogEntry.objects.for_instance(cta).get(action="content_pages.publish_refused")
    assert "Button label (Malay)" in " ".join(refusal.data["problems"])
    assert other.heading_zh_hans == "新的标题"
    entry = publish_entries(other).get(action="wagtail.publish.scheduled")
    assert entry.data["languages"] == ["zh-hans"]
