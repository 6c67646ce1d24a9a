"""Texts that exist only in a pending English draft (a new list item, a new block): what a
translator types for them is kept in the draft under the same block and item ids, shown
again on reload, and reaches readers once that English is published. A save, an upload
and the import command say exactly what they stored, and name what they could not."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from content_pages.models import ArticlePage
from content_pages.publishing.gate import publish_language
from content_pages.publishing.translation_review import approve_language
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import import_po
from content_pages.reads.segments import translatable_segments
from tests.reviewing import make_reviewer

from .conftest import with_translation

pytestmark = pytest.mark.django_db

NEW_BLOCK = "2f0c1a9e-7b6d-4e3c-9a8b-1c2d3e4f5a6b"
NEW_ITEM = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"
ITEM_EN, ITEM_MS = "Keep a diary of side effects.", "Simpan diari kesan sampingan."
BLOCK_EN, BLOCK_MS = "Ask about support groups.", "Tanya tentang kumpulan sokongan."


def editor_url(page, language="ms"):
    return reverse("content_pages_translate_page", args=[page.pk, language])


def draft_of(page):
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def bullet_list(stream):
    return next(block for block in stream if block["type"] == "bullet_list")


def admin():
    return User.objects.filter(is_superuser=True).first()


@pytest.fixture
def english_draft(seeded):
    """The editor's pending English draft adds a list item and a paragraph; not published.
    Returns the page and the list block's id."""
    draft = draft_of(seeded)
    stream = draft.body_en.get_prep_value()
    listed = bullet_list(stream)
    listed["value"]["items"].append({"type": "item", "value": ITEM_EN, "id": NEW_ITEM})
    stream.append({"type": "paragraph", "value": f"<p>{BLOCK_EN}</p>", "id": NEW_BLOCK})
    draft.body_en = stream
    draft.save_revision(user=admin())
    return seeded, listed["id"]


def draft_only(page, list_id):
    segments = {segment.id: segment for segment in translatable_segments(page, "ms")}
    item = segments[f"page:{page.pk}:body:{list_id}:items:{NEW_ITEM}"]
    block = segments[f"page:{page.pk}:body:{NEW_BLOCK}"]
    assert item.unpublished
    assert block.unpublished
    assert (item.source, block.source) == (ITEM_EN, BLOCK_EN)
    return item, block


def save_in_editor(client, page, list_id):
    item, block = draft_only(page, list_id)
    data = {
        "action": "save",
        f"t:{item.id}": ITEM_MS,
        f"s:{item.id}": item.source,
        f"t:{block.id}": BLOCK_MS,
        f"s:{block.id}": block.source,
    }
    return client.post(editor_url(page), data, follow=True), item, block


def assert_in_draft(page):
    """Both Malay texts are in the draft, each under its English block and item id."""
    draft = draft_of(page)
    english = bullet_list(draft.body_en.get_prep_value())["value"]["items"]
    malay = bullet_list(draft.body_ms.get_prep_value())["value"]["items"]
    assert [entry["id"] for entry in malay] == [entry["id"] for entry in english]
    assert malay[-1] == {"type": "item", "value": ITEM_MS, "id": NEW_ITEM}
    paragraph = next(block for block in draft.body_ms.get_prep_value() if block["id"] == NEW_BLOCK)
    assert paragraph["value"] == f"<p>{BLOCK_MS}</p>"


def test_the_editor_keeps_malay_for_draft_only_texts_and_says_what_it_saved(english_draft, admin_client):
    page, list_id = english_draft
    live = ArticlePage.objects.get(pk=page.pk).body_ms.get_prep_value()
    response, item, block = save_in_editor(admin_client, page, list_id)
    assert response.status_code == 200
    shown = [
        " ".join(li.get_text().split()) for li in BeautifulSoup(response.content, "html.parser").select(".messages li")
    ]
    assert "Saved 2 Malay translations." in shown, shown
    assert f"They are the translations of “{ITEM_EN}”, “{BLOCK_EN}”." in shown
    assert any(text.startswith(f"“{ITEM_EN}”, “{BLOCK_EN}” are English not yet published") for text in shown), shown
    assert_in_draft(page)
    # A draft: readers still get the live Malay, which has neither text.
    assert ArticlePage.objects.get(pk=page.pk).body_ms.get_prep_value() == live

    # After a reload the boxes hold what was typed, and the rows count as translated.
    document = BeautifulSoup(admin_client.get(editor_url(page)).content.decode(), "html.parser")
    for segment, text in ((item, ITEM_MS), (block, BLOCK_MS)):
        textarea = document.find("textarea", attrs={"name": f"t:{segment.id}"})
        assert textarea.get_text() == text
        row = textarea.find_parent("li", class_="tr-row")
        assert row["data-state"] == "translated"
        assert "English not yet published" in row.get_text()


def test_draft_only_malay_reaches_readers_when_that_english_is_published(
    english_draft, admin_client, client, django_capture_on_commit_callbacks
):
    page, list_id = english_draft
    save_in_editor(admin_client, page, list_id)
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePage.objects.get(pk=page.pk).latest_revision.publish(user=admin())
    # The English is live; the Malay typed for it waits for a reviewer of Malay (the
    # publisher typed it), and readers of Malay get the new English, marked as a fallback.
    waiting = client.get(f"/api/v2/pages/{page.pk}/?lang=ms").json()
    assert ITEM_MS not in json.dumps(waiting)
    assert BLOCK_MS not in json.dumps(waiting)
    assert f"body.{NEW_BLOCK}" in {entry["path"] for entry in waiting["meta"]["fallbacks"]}
    assert_in_draft(page)
    with django_capture_on_commit_callbacks(execute=True):
        approve_language(ArticlePage.objects.get(pk=page.pk), "ms", make_reviewer("aminah", ("ms",)))

    data = client.get(f"/api/v2/pages/{page.pk}/?lang=ms").json()
    listed = next(block for block in data["body"] if block["id"] == list_id)
    assert listed["value"]["items"][-1] == ITEM_MS
    paragraph = next(block for block in data["body"] if block["id"] == NEW_BLOCK)
    assert BLOCK_MS in paragraph["value"]["html"]
    fallbacks = {entry["path"] for entry in data["meta"]["fallbacks"]}
    assert f"body.{list_id}.items.{NEW_ITEM}" not in fallbacks
    assert f"body.{NEW_BLOCK}" not in fallbacks

    html = client.get(data["meta"]["html_url"]).content.decode()
    assert ITEM_MS in html
    assert BLOCK_MS in html


def test_publishing_malay_only_keeps_draft_only_texts_in_the_draft(english_draft, admin_client, client):
    """The English is still pending: a Malay-only publish serves nothing of it, and the
    Malay typed for it stays in the draft, for when it is published."""
    page, list_id = english_draft
    save_in_editor(admin_client, page, list_id)
    publish_language(ArticlePage.objects.get(pk=page.pk), "ms", user=make_reviewer("aminah", ("ms",)))
    live = ArticlePage.objects.get(pk=page.pk)
    assert NEW_ITEM not in [item["id"] for item in bullet_list(live.body_ms.get_prep_value())["value"]["items"]]
    assert NEW_BLOCK not in [block["id"] for block in live.body_ms.get_prep_value()]
    assert ITEM_MS not in client.get(f"/api/v2/pages/{page.pk}/?lang=ms").content.decode()
    assert_in_draft(page)


def test_a_po_entry_for_a_draft_only_text_is_stored(english_draft, tmp_path):
    page, list_id = english_draft
    item, block = draft_only(page, list_id)
    data = with_translation(po_bytes(page_catalog(page, "ms")), item.id, ITEM_MS)
    data = with_translation(data, block.id, BLOCK_MS)
    path = tmp_path / "ms.po"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_translations", str(path), stdout=out)
    assert f"Imported 2 changed ms translation(s) into page(s) [{page.pk}]" in out.getvalue()
    assert "Skipped" not in out.getvalue()
    assert_in_draft(page)


def test_the_admin_upload_stores_a_draft_only_text(english_draft, admin_client):
    page, list_id = english_draft
    item, _block = draft_only(page, list_id)
    upload = io.BytesIO(with_translation(po_bytes(page_catalog(page, "ms")), item.id, ITEM_MS))
    upload.name = "ms.po"
    response = admin_client.post(
        reverse("content_pages_page_translations", args=[page.pk]), {"po_file": upload}, follow=True
    )
    assert "Imported 1 Malay translations that changed" in response.content.decode()
    malay = bullet_list(draft_of(page).body_ms.get_prep_value())["value"]["items"]
    assert malay[-1] == {"type": "item", "value": ITEM_MS, "id": NEW_ITEM}


@pytest.fixture
def item_removed(seeded):
    """The pending English draft removes a live list item: a translation of it has nowhere to go."""
    draft = draft_of(seeded)
    stream = draft.body_en.get_prep_value()
    listed = bullet_list(stream)
    removed = listed["value"]["items"].pop(0)
    draft.body_en = stream
    draft.save_revision(user=admin())
    return seeded, f"page:{seeded.pk}:body:{listed['id']}:items:{removed['id']}", removed["value"]


def test_a_text_the_draft_removes_is_named_as_not_saved_never_counted(item_removed, admin_client, tmp_path):
    page, segment_id, english = item_removed
    data = {"action": "save", f"t:{segment_id}": "Teks untuk butiran yang dibuang.", f"s:{segment_id}": english}
    response = admin_client.post(editor_url(page), data, follow=True)
    shown = [
        " ".join(li.get_text().split()) for li in BeautifulSoup(response.content, "html.parser").select(".messages li")
    ]
    assert "Saved 0 Malay translations." in shown, shown
    assert any(text.startswith(f"Not saved: “{english[:20]}") for text in shown), shown

    po = tmp_path / "ms.po"
    po.write_bytes(with_translation(po_bytes(page_catalog(page, "ms")), segment_id, "Teks lain."))
    out = io.StringIO()
    call_command("import_translations", str(po), stdout=out)
    assert "Imported 0 changed ms translation(s)" in out.getvalue()
    assert f"Skipped 1 whose text the pending draft removes (nowhere to keep the translation): {segment_id}." in (
        out.getvalue()
    )
    report = import_po(po.read_bytes())
    assert report.imported == []
    assert report.skipped_removed == [segment_id]
