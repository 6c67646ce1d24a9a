"""modeltranslation's registry is the one list of translated fields, everywhere.

Proved with ``Contributor.role``, which was translated and shown to readers but never
exported, tracked or editable by translators while a hand-made list stood in for the
registry.
"""

import io

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth.models import Group, User
from django.urls import reverse
from modeltranslation.translator import translator
from wagtail.models import Page

from content_pages.foundations import translated_fields
from content_pages.foundations.roles import field_allowed
from content_pages.models import ArticlePage, CallToAction, Contributor, EnquiryFormField
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.publishing.translators import ensure_translator_groups, group_name, snippet_permissions
from content_pages.reads import segments as segments_module
from content_pages.reads.segments import page_segments, snippet_segments
from content_pages.reads.translation_status import page_status
from tests.reviewing import approved_translations

from .conftest import with_translation

pytestmark = pytest.mark.django_db


# --- the registry module ---------------------------------------------------------------


def test_translator_fields_are_the_registered_fields_minus_the_named_exclusions():
    models = translator.get_registered_models(abstract=False)
    assert set(translated_fields.translated_models()) == set(models)
    for model in models:
        registered = set(translator.get_options_for_model(model).all_fields)
        excluded = {"slug", "url_path"} if issubclass(model, Page) else set()
        assert set(translated_fields.registered_fields(model)) == registered, model
        assert set(translated_fields.translator_fields(model)) == registered - excluded, model


def test_what_the_registry_says_for_the_project_models():
    assert translated_fields.translator_fields(ArticlePage) == (
        "title",
        "seo_title",
        "search_description",
        "standfirst",
        "body",
        "aside",
    )
    assert translated_fields.translator_fields(Contributor) == ("role",)
    assert translated_fields.translator_fields(Contributor(name="x")) == ("role",)  # an instance too
    assert translated_fields.translator_fields(CallToAction) == ("heading", "body", "button_label", "whatsapp_message")
    assert translated_fields.translator_fields(EnquiryFormField) == ("label", "choices", "help_text")
    assert translated_fields.translator_fields(User) == ()
    assert not translated_fields.is_translated(User)


def test_language_columns_leave_out_derived_fields_only():
    columns = translated_fields.language_columns(ArticlePage, "ms")
    assert "slug_ms" in columns
    assert "standfirst_ms" in columns
    assert "body_ms" in columns
    assert "url_path_ms" not in columns
    assert not any(column.endswith("_en") for column in columns)
    assert translated_fields.language_columns(Contributor, "zh-hans") == ("role_zh_hans",)
    assert translated_fields.column_language(Contributor, "role_ms") == "ms"
    assert translated_fields.column_language(Contributor, "name") is None
    assert translated_fields.column_language(ArticlePage, "url_path_ms") is None
    assert translated_fields.is_derived(ArticlePage, "url_path_ms")


def test_translators_may_change_their_languages_columns_of_registered_fields():
    assert field_allowed(Contributor, "role_ms", {"ms"})
    assert not field_allowed(Contributor, "role_zh_hans", {"ms"})
    assert not field_allowed(Contributor, "role_en", {"ms"})
    assert not field_allowed(Contributor, "name", {"ms"})
    assert not field_allowed(ArticlePage, "url_path_ms", {"ms"})  # derived from the slugs
    assert not field_allowed(None, "role_ms", {"ms"})  # a form's own field, of no model


def test_translators_may_change_every_snippet_with_translated_fields():
    assert snippet_permissions() == (
        "change_calltoaction",
        "change_contributor",
        "change_reference",
        "change_topic",
    )


# --- Contributor.role: exported, tracked, imported, editable -----------------------------


def _contributors(page):
    return page.author, page.medical_reviewer


def _entries(data):
    return {message.context: message for message in read_po(io.BytesIO(data)) if message.id}


def test_the_roles_of_author_and_reviewer_are_in_the_malay_po_export(seeded):
    messages = _entries(po_bytes(page_catalog(seeded, "ms")))
    for contributor in _contributors(seeded):
        message = messages[f"contributor:{contributor.pk}:role"]
        assert message.id == contributor.role_en
        assert message.string == contributor.role_ms
        note = " ".join(message.auto_comments)  # Babel wraps long notes over several lines
        assert "author or medical reviewer" in note
        assert "At most 120 characters." in note
    assert messages[f"contributor:{seeded.author.pk}:role"].id == "Editorial team"


def test_a_registered_field_without_a_note_is_exported_with_a_default_note(seeded, monkeypatch):
    notes = {key: note for key, note in segments_module.NOTES.items() if key != (Contributor, "role")}
    monkeypatch.setattr(segments_module, "NOTES", notes)
    (segment,) = snippet_segments(seeded.author, "ms")
    assert segment.id == f"contributor:{seeded.author.pk}:role"
    assert segment.note == "Contributor: role. For example “Consultant oncologist”. At most 120 characters."


def test_existing_segment_ids_are_unchanged(seeded):
    ids = {segment.id for segment in page_segments(seeded, "ms")}
    assert f"page:{seeded.pk}:title" in ids
    assert f"page:{seeded.pk}:standfirst" in ids
    assert any(segment_id.startswith("cta:") and segment_id.endswith(":button_label") for segment_id in ids)
    assert any(segment_id.startswith("topic:") and segment_id.endswith(":name") for segment_id in ids)
    assert not any(":slug" in segment_id or ":url_path" in segment_id for segment_id in ids)
    form_page = Page.objects.get(slug_en="liquid-biopsy-enquiry").specific
    assert any(segment.id.startswith("formfield:") for segment in page_segments(form_page, "ms"))


def test_the_roles_are_counted_in_the_translation_status(seeded):
    author, reviewer = _contributors(seeded)
    ids = [segment.id for segment in page_segments(seeded, "ms")]
    assert f"contributor:{author.pk}:role" in ids
    assert f"contributor:{reviewer.pk}:role" in ids
    before = page_status(seeded, "ms")
    assert before.total == len(ids)

    Contributor.objects.filter(pk=author.pk).update(role_ms="")
    missing = page_status(ArticlePage.objects.get(pk=seeded.pk), "ms")
    assert (missing.total, missing.missing, missing.translated) == (
        before.total,
        before.missing + 1,
        before.translated - 1,
    )


def test_a_new_english_role_makes_the_malay_role_stale(seeded):
    reviewer = seeded.medical_reviewer
    before = page_status(seeded, "ms")
    reviewer.role_en = "Medical review panel"
    reviewer.save_revision().publish()
    after = page_status(ArticlePage.objects.get(pk=seeded.pk), "ms")
    assert after.stale == before.stale + 1
    message = _entries(po_bytes(page_catalog(seeded, "ms")))[f"contributor:{reviewer.pk}:role"]
    assert message.fuzzy
    assert message.id == "Medical review panel"


def test_a_po_import_sets_role_ms(seeded, admin_user):
    author = seeded.author
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), f"contributor:{author.pk}:role", "Pasukan penulis")

    import_po(data, ImportOptions(user=admin_user))
    author.refresh_from_db()
    assert author.role_ms == "Pasukan editorial"  # a draft: what readers see is unchanged
    assert author.get_latest_revision_as_object().role_ms == "Pasukan penulis"

    with approved_translations():  # the admin wrote it: another, a reviewer of Malay, approves
        import_po(data, ImportOptions(user=admin_user, publish=True))
    author.refresh_from_db()
    assert author.role_ms == "Pasukan penulis"
    assert author.role_en == "Editorial team"
    assert author.role_zh_hans == "编辑团队"


# --- the contributor edit form, as a Malay translator ------------------------------------


@pytest.fixture
def malay_translator(client, seeded):
    ensure_translator_groups()
    user = User.objects.create_user(username="aminah", password="pw")
    user.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(user)
    return client


def _contributor_form(contributor, **changes):
    data = {
        "name": contributor.name,
        "kind": contributor.kind,
        "role_en": contributor.role_en,
        "role_ms": contributor.role_ms,
        "role_zh_hans": contributor.role_zh_hans,
        "url": contributor.url,
    }
    data.update(changes)
    return data


def test_a_malay_translator_edits_role_ms_of_a_contributor(malay_translator, seeded):
    author = seeded.author
    url = reverse("wagtailsnippets_content_pages_contributor:edit", args=[author.pk])
    # A GET leads to the translation editor; the form's own POST is still checked.
    assert malay_translator.get(url)["Location"] == reverse(
        "content_pages_translate_snippet", args=["content_pages.contributor", author.pk, "ms"]
    )
    response = malay_translator.post(url, _contributor_form(author, role_ms="Pasukan penulis"))
    assert response.status_code == 302, response.content.decode()[:2000]
    author.refresh_from_db()
    assert author.role_ms == "Pasukan editorial"  # a draft until someone publishes it
    assert author.get_latest_revision_as_object().role_ms == "Pasukan penulis"


@pytest.mark.parametrize(
    "change", [{"name": "Someone else"}, {"role_en": "Writers"}, {"role_zh_hans": "作者"}, {"kind": "person"}]
)
def test_a_malay_translator_cannot_change_anything_else_of_a_contributor(malay_translator, seeded, change):
    author = seeded.author
    revision = author.latest_revision_id
    url = reverse("wagtailsnippets_content_pages_contributor:edit", args=[author.pk])
    response = malay_translator.post(url, _contributor_form(author, **change))
    assert response.status_code == 403  # refused as a whole
    assert "is not yours to change: as a translator you can change Malay texts only." in response.content.decode()
    author = Contributor.objects.get(pk=author.pk)
    assert author.latest_revision_id == revision
    assert (author.name, author.kind, author.role_en, author.role_zh_hans) == (
        "Cancer A-Z Editorial Team",
        "organization",
        "Editorial team",
        "编辑团队",
    )
