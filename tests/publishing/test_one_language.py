"""Publishing one language carries nothing else: a pending English draft stays pending."""

import io
import json

import pytest
from babel.messages.pofile import read_po, write_po
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content_pages.models import ArticleIndexPage, ArticlePage, CallToAction
from content_pages.publishing.translation_review import approve_language
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from tests.reviewing import approved_translations, make_reviewer, translated_by_a_translator

from ..admin.test_editor import article_form_data
from .conftest import cta_form, cta_url

pytestmark = pytest.mark.django_db

PENDING = "An English standfirst still waiting for medical review."


def pending_english_draft(page):
    draft = page.get_latest_revision_as_object()
    draft.standfirst_en = PENDING
    draft.save_revision()
    return draft


def new_malay_standfirst(page):
    """A Malay PO file whose standfirst entry has a new translation."""
    catalog = read_po(io.BytesIO(po_bytes(page_catalog(page, "ms"))))
    for message in catalog:
        if message.context == f"page:{page.pk}:standfirst":
            message.string = "[ms] Ringkasan yang baharu."
            message.flags.discard("fuzzy")  # as Poedit does once the translator has revised it
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def api(client, page, language):
    return json.loads(client.get(f"/api/v2/pages/{page.pk}/?lang={language}").content)


def test_importing_malay_with_publish_leaves_the_english_draft_pending(
    seeded, admin_user, client, django_capture_on_commit_callbacks
):
    live_english = seeded.standfirst_en
    pending_english_draft(seeded)
    data = new_malay_standfirst(seeded)
    with django_capture_on_commit_callbacks(execute=True):
        with approved_translations():
            report = import_po(data, ImportOptions(publish=True, user=admin_user))
    assert f"page:{seeded.pk}" in report.published

    seeded.refresh_from_db()
    assert seeded.standfirst_en == live_english  # live English unchanged
    assert seeded.standfirst_ms.startswith("[ms] ")  # live Malay is the import
    latest = seeded.get_latest_revision_as_object()
    assert latest.standfirst_en == PENDING  # the English draft is still the newest revision...
    assert latest.standfirst_ms == seeded.standfirst_ms  # ...and holds the new Malay too
    assert seeded.has_unpublished_changes
    assert seeded.latest_revision_id != seeded.live_revision_id

    assert api(client, seeded, "ms")["standfirst"] == seeded.standfirst_ms
    assert api(client, seeded, "en")["standfirst"] == live_english
    entry = PageLogEntry.objects.filter(page=seeded, action="wagtail.publish").latest("pk")
    assert entry.data["languages"] == ["ms"]
    assert not entry.data["shared"]


def test_importing_for_a_page_that_is_not_live_does_not_make_it_live(seeded, admin_user):
    seeded.unpublish()
    with approved_translations():
        report = import_po(new_malay_standfirst(seeded), ImportOptions(publish=True, user=admin_user))
    seeded.refresh_from_db()
    assert not seeded.live
    assert f"page:{seeded.pk}" in report.not_live
    assert seeded.get_latest_revision_as_object().standfirst_ms.startswith("[ms] ")


def test_an_editor_publishes_only_the_malay_changes_of_a_page(seeded, admin_client, client):
    index = ArticleIndexPage.objects.get()
    add = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    assert admin_client.post(add, article_form_data("Sleep and cancer", "sleep-and-cancer")).status_code == 302
    page = ArticlePage.objects.get(slug_en="sleep-and-cancer")
    live_english = page.standfirst_en

    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = article_form_data(
        "Sleep and cancer",
        "sleep-and-cancer",
        standfirst_en=PENDING,
        standfirst_ms="Apa yang pesakit perlu tahu tentang tidur.",
        **{"action-publish": "", "action-publish-language-ms": "action-publish-language-ms"},
    )
    # The reference row the page already has, posted back as the editor's form does.
    link = page.references.get()
    form.update(
        nested_form_data({"references": inline_formset([{"id": link.pk, "reference": link.reference_id}], initial=1)})
    )
    response = admin_client.post(edit, form)
    assert response.status_code == 302, response.content.decode()[:1500]

    # The editor (a superuser, so a reviewer of every language) typed this Malay:
    # nobody approves their own translation, so it is submitted for review.
    page.refresh_from_db()
    assert page.standfirst_ms != "Apa yang pesakit perlu tahu tentang tidur."
    messages = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Nobody approves their own translation" in messages
    assert "submitted for review" in messages

    # Another reviewer of Malay approves it: Malay only goes live.
    approve_language(page, "ms", make_reviewer("aminah", ("ms",)))
    page.refresh_from_db()
    assert page.standfirst_ms == "Apa yang pesakit perlu tahu tentang tidur."
    assert page.standfirst_en == live_english
    assert page.get_latest_revision_as_object().standfirst_en == PENDING
    assert page.has_unpublished_changes
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest("pk").data["languages"] == ["ms"]


def test_the_editor_offers_publish_per_language_on_live_pages(seeded, admin_client):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk])).content.decode()
    for name in ("English", "Chinese (Simplified)", "Malay"):
        assert f"Publish {name} only" in html
    assert 'name="action-publish-language-ms"' in html


def test_an_editor_publishes_only_the_malay_label_of_a_cta_and_its_review_goes_on(seeded, admin_client, admin_user):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    live_heading = cta.heading_en
    draft = cta.get_latest_revision_as_object()
    draft.heading_en = "Ask our nurses on WhatsApp"
    draft.save_revision(user=admin_user)
    state = Workflow.objects.get(name="Moderators approval").start(cta, admin_user)

    translated_by_a_translator(cta, button_label_ms="WhatsApp kami")  # the admin approves, not writes, it
    form = cta_form(cta, button_label_ms="WhatsApp kami")
    response = admin_client.post(cta_url(cta), {**form, "action-publish-language-ms": "1"})
    assert response.status_code == 302
    cta.refresh_from_db()
    assert cta.button_label_ms == "WhatsApp kami"
    assert cta.heading_en == live_heading
    latest = cta.get_latest_revision_as_object()
    assert latest.heading_en == "Ask our nurses on WhatsApp"
    assert latest.button_label_ms == "WhatsApp kami"
    assert cta.has_unpublished_changes
    entry = ModelLogEntry.objects.for_instance(cta).filter(action="wagtail.publish").latest("pk")
    assert entry.data["languages"] == ["ms"]
    state.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS  # the English review was not cancelled


def test_a_full_publish_still_ends_the_review_in_progress(seeded, admin_user):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    draft = cta.get_latest_revision_as_object()
    draft.heading_en = "Ask our nurses on WhatsApp"
    revision = draft.save_revision(user=admin_user)
    state = Workflow.objects.get(name="Moderators approval").start(cta, admin_user)
    revision.publish(user=admin_user)
    state.refresh_from_db()
    assert state.status == state.STATUS_CANCELLED


def test_approving_a_translators_submission_publishes_only_their_language(seeded, client, admin_client, admin_user):
    from content_pages.publishing.translators import ensure_translator_groups, group_name

    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    live_heading = cta.heading_en
    draft = cta.get_latest_revision_as_object()
    draft.heading_en = "Ask our nurses on WhatsApp"  # an English change waiting for its own review
    draft.save_revision(user=admin_user)

    ensure_translator_groups()
    translator = User.objects.create_user(username="siti", password="pw")
    translator.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(translator)
    response = client.post(cta_url(cta), {**cta_form(cta, button_label_ms="WhatsApp kami"), "action-submit": "1"})
    assert response.status_code == 302
    state = CallToAction.objects.get(pk=cta.pk).current_workflow_state
    assert state is not None
    assert state.requested_by == translator

    url = reverse(
        "wagtailsnippets_content_pages_calltoaction:workflow_action",
        args=[cta.pk, "approve", state.current_task_state.pk],
    )
    assert admin_client.post(url, {"comment": ""}).status_code in (200, 302)

    cta.refresh_from_db()
    assert cta.button_label_ms == "WhatsApp kami"  # the translation is live
    assert cta.heading_en == live_heading  # the English draft is not
    latest = cta.get_latest_revision_as_object()
    assert latest.heading_en == "Ask our nurses on WhatsApp"
    assert latest.button_label_ms == "WhatsApp kami"
    entry = ModelLogEntry.objects.for_instance(cta).filter(action="wagtail.publish").latest("pk")
    assert entry.data["languages"] == ["ms"]
    assert entry.user == admin_user
