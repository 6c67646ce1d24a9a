"""Export -> translate -> import, through the commands and the admin, and stale detection."""

import io
import json

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command
from django.urls import reverse

from content_pages.models import ArticlePage
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.reads.segments import page_segments
from content_pages.reads.translation_status import page_status
from tests.reviewing import approved_translations, make_reviewer

from .conftest import fill

pytestmark = pytest.mark.django_db


def entries(data):
    return {message.context: message for message in read_po(io.BytesIO(data)) if message.id}


def test_export_is_a_proper_po_file(seeded, malay_po):
    catalog = read_po(io.BytesIO(malay_po))
    assert str(catalog.locale) == "ms"
    assert "Plural-Forms: nplurals=1; plural=0;" in malay_po.decode()
    messages = entries(malay_po)
    title = messages[f"page:{seeded.pk}:title"]
    assert title.id == seeded.title_en
    assert title.string == seeded.title_ms
    assert title.locations[0][0].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")
    label = next(m for ctx, m in messages.items() if ctx.endswith(":button_label") and m.id == "Chat on WhatsApp")
    assert "At most 20 characters" in label.auto_comments[0]
    paragraph = next(m for m in messages.values() if m.id.startswith("The immune system is constantly"))
    assert paragraph.string == ""
    assert "placeholder" in paragraph.auto_comments[0]
    assert not any(m.fuzzy for m in messages.values())


def test_round_trip_with_the_commands_makes_the_article_complete(
    partly_translated, seeded, tmp_path, client, django_capture_on_commit_callbacks
):
    assert page_status(seeded, "ms").percent < 100  # its paragraphs and lists fall back to English
    exported = tmp_path / "ms.po"
    call_command("export_translations", "--lang", "ms", "--page", str(seeded.pk), "--output", str(exported))
    translated = tmp_path / "ms-done.po"
    translated.write_bytes(fill(exported.read_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        make_reviewer()
        call_command("import_translations", str(translated), "--publish", "--reviewer", "translation-reviewer")

    article = ArticlePage.objects.get(pk=seeded.pk)
    assert page_status(article, "ms").percent == 100.0
    data = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()
    assert data["meta"]["fallbacks"] == []
    assert data["meta"]["translation"]["percent"] == 100.0
    paragraph = next(block for block in data["body"] if block["type"] == "paragraph")
    assert paragraph["value"]["html"].startswith("<p>MS The immune system is constantly monitoring")
    page = client.get("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/").content.decode()
    assert "MS The immune system is constantly monitoring" in page
    assert "Sebahagian halaman ini belum diterjemahkan" not in page


def test_links_survive_the_round_trip(partly_translated, seeded, django_capture_on_commit_callbacks, client):
    # The Malay paragraph is untranslated, so the export leaves it for the translator to fill.
    form_page = (
        seeded.get_parent().get_parent().get_children().type(__import__("content_pages").models.EnquiryFormPage).first()
    )
    stream = seeded.body_en.get_prep_value()
    paragraph = next(block for block in stream if block["type"] == "paragraph")
    paragraph["value"] = f'<p>Fill in <a linktype="page" id="{form_page.pk}">the <b>form</b></a> today.</p>'
    seeded.body_en = stream
    with django_capture_on_commit_callbacks(execute=True):
        seeded.save_revision().publish()
    from content_pages.publishing.translations.export import page_catalog, po_bytes

    data = po_bytes(page_catalog(seeded, "ms"))
    message = next(m for m in entries(data).values() if m.id.startswith("Fill in"))
    assert message.id == "Fill in <a1>the <b1>form</b1></a1> today."
    done = fill(data, lambda source: source.replace("Fill in", "Isi").replace("the", "").replace("today", "hari ini"))
    with django_capture_on_commit_callbacks(execute=True):
        with approved_translations():
            import_po(done, ImportOptions(publish=True))
    html = next(
        block["value"]["html"]
        for block in client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()["body"]
        if block["id"] == paragraph["id"]
    )
    # Every link in the API's HTML carries rel (content_pages/foundations/sanitising.py).
    assert (
        html
        == '<p>Isi <a href="/ms/pertanyaan-biopsi-cecair/" rel="noopener noreferrer"> <b>form</b></a> hari ini.</p>'
    )


def test_import_without_publish_is_a_draft(seeded, malay_po, client):
    import_po(fill(malay_po))
    article = ArticlePage.objects.get(pk=seeded.pk)
    assert article.has_unpublished_changes
    assert "MS The immune system" in json.dumps(article.get_latest_revision().content)
    assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()["meta"]["translation"]["percent"] < 100


def test_dry_run_writes_nothing(seeded, malay_po):
    revisions = seeded.revisions.count()
    report = import_po(fill(malay_po), ImportOptions(dry_run=True))
    # Only what changed: the 33 entries fill() translates (the 24 paragraphs and 9 list items
    # partly_translated emptied); the 32 existing Malay translations are unchanged, so not written.
    assert (len(report.imported), len(report.unchanged)) == (33, 32)
    assert seeded.revisions.count() == revisions


def test_editing_english_makes_the_translation_stale_and_the_next_export_fuzzy(
    seeded, malay_po, django_capture_on_commit_callbacks
):
    with approved_translations():
        import_po(fill(malay_po), ImportOptions(publish=True))
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    paragraph = next(block for block in stream if block["type"] == "paragraph")
    paragraph["value"] = "<p>The immune system watches the body all the time.</p>"
    draft.body_en = stream
    revision = draft.save_revision()
    # A pending English draft changes nothing for translators yet: they translate the live text.
    assert page_status(ArticlePage.objects.get(pk=seeded.pk), "ms").stale == 0
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()

    latest = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    status = page_status(latest, "ms")
    assert (status.stale, status.missing) == (1, 0)
    from content_pages.publishing.translations.export import page_catalog, po_bytes

    message = entries(po_bytes(page_catalog(latest, "ms")))[f"page:{seeded.pk}:body:{paragraph['id']}"]
    assert message.fuzzy
    assert message.id == "The immune system watches the body all the time."
    assert message.string.startswith("MS The immune system is constantly")
    report_rows = [
        row
        for row in __import__("content_pages.publishing.translations.report", fromlist=["x"]).status_rows(
            ["ms"], "stale"
        )
    ]
    assert [row["page_id"] for row in report_rows] == [seeded.pk]


def test_admin_download_and_upload(partly_translated, seeded, admin_client, django_capture_on_commit_callbacks):
    page_url = reverse("content_pages_page_translations", args=[seeded.pk])
    overview = admin_client.get(page_url)
    # 32 of 65: the paragraphs and list items (33 texts) are untranslated.
    assert overview.status_code == 200
    assert "49.2%" in overview.content.decode()
    download = admin_client.get(reverse("content_pages_download_po", args=[seeded.pk, "ms"]))
    assert download["Content-Disposition"] == f'attachment; filename="{seeded.slug}-ms.po"'
    upload = io.BytesIO(fill(download.content))
    upload.name = "ms.po"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(page_url, {"po_file": upload, "publish": "on"}, follow=True)
    content = response.content.decode()
    # 33 filled (24 paragraphs, 9 list items); the 32 translations the article kept are unchanged.
    assert "Imported 33 Malay translations that changed (32 unchanged;" in content, content[
        content.find("import-problems") :
    ][:600]
    assert "100.0%" in response.content.decode()
    report = admin_client.get(reverse("content_pages_translations_report") + "?language=ms&state=complete")
    assert seeded.title_en in report.content.decode()


def test_segments_cover_every_text_of_the_article(seeded):
    ids = [segment.id for segment in page_segments(seeded, "ms")]
    assert len(ids) == len(set(ids)) == 65
    kinds = {segment_id.split(":")[0] for segment_id in ids}
    assert kinds == {"page", "cta", "topic", "contributor"}


def test_form_field_labels_are_imported_into_the_form_pages_draft(seeded, admin_user):
    from content_pages.models import EnquiryFormPage

    from .conftest import with_translation

    form = EnquiryFormPage.objects.get()
    field = form.form_fields.first()
    live_label = field.label_ms
    data = with_translation(po_bytes(page_catalog(form, "ms")), f"formfield:{field.pk}:label", "Nama penuh")
    import_po(data, ImportOptions(user=admin_user))
    field.refresh_from_db()
    assert field.label_ms == live_label  # a draft: the live form is unchanged
    draft = EnquiryFormPage.objects.get(pk=form.pk).get_latest_revision_as_object()
    assert next(f for f in draft.form_fields.all() if f.pk == field.pk).label_ms == "Nama penuh"

    with approved_translations():
        import_po(data, ImportOptions(user=admin_user, publish=True))
    field.refresh_from_db()
    assert field.label_ms == "Nama penuh"


def test_a_pending_english_draft_is_exported_as_live_text_plus_marked_new_texts(seeded):
    from content_pages.publishing.translations.export import page_catalog, po_bytes
    from content_pages.reads.segments import UNPUBLISHED_NOTE

    draft = seeded.get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    changed = next(block for block in stream if block["type"] == "paragraph")
    live_text = changed["value"]
    changed["value"] = "<p>Reworded, waiting for medical review.</p>"
    stream.append({"type": "paragraph", "id": "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "value": "<p>A new section.</p>"})
    draft.body_en = stream
    draft.save_revision()

    exported = entries(po_bytes(page_catalog(seeded, "ms")))
    reworded = exported[f"page:{seeded.pk}:body:{changed['id']}"]
    assert reworded.id in live_text
    assert "Reworded" not in reworded.id
    assert UNPUBLISHED_NOTE not in " ".join(reworded.auto_comments)
    new = exported[f"page:{seeded.pk}:body:5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"]
    assert new.id == "A new section."
    assert UNPUBLISHED_NOTE in " ".join(new.auto_comments)


def test_a_translation_of_a_block_the_pending_draft_removed_is_skipped_not_fatal(seeded, admin_user):
    from content_pages.publishing.translations.export import page_catalog, po_bytes

    from .conftest import with_translation

    removed = next(child for child in seeded.body_en if child.block_type == "paragraph")
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), f"page:{seeded.pk}:body:{removed.id}", "Teks baharu.")
    draft = seeded.get_latest_revision_as_object()
    draft.body_en = [block for block in draft.body_en.get_prep_value() if block["id"] != removed.id]
    draft.save_revision()

    report = import_po(data, ImportOptions(user=admin_user))
    assert f"page:{seeded.pk}:body:{removed.id}" in report.skipped_removed
    latest = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    assert removed.id not in [child.id for child in latest.body_en]
