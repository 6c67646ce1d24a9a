"""One codec for a stream's texts: what the blocks declare is what is extracted, written
back and named in messages, with the ids PO files already hold."""

import pytest

from content_pages.blocks import ArticleAsideBlock, ArticleBodyBlock, CallToActionBlock
from content_pages.blocks.tree import StoredStream, TextPart, declared_part
from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.reads.segments import object_label, page_segments, translatable_segments
from tests.reviewing import approved_translations

from .conftest import with_translation

pytestmark = pytest.mark.django_db


def test_a_call_to_action_declares_its_label_override_a_chat_button():
    assert declared_part(CallToActionBlock(), "button_label_override") == TextPart(BUTTON_LABEL_MAX, chat_button=True)
    assert declared_part(CallToActionBlock(), "heading_override") == TextPart()


def _with_label_overrides(page, label):
    """The page (in memory) with every English call to action's button label reworded."""
    for name in ("body", "aside"):
        raw = getattr(page, f"{name}_en").get_prep_value()
        for item in raw:
            if item["type"] == "cta":
                item["value"]["button_label_override"] = label
        setattr(page, f"{name}_en", raw)
    return page


def test_a_streams_button_label_is_extracted_as_its_block_declares_with_the_id_po_files_hold(seeded):
    segments = page_segments(_with_label_overrides(seeded.specific, "Ask a nurse"), "ms")
    buttons = [segment for segment in segments if segment.stream_path[-1:] == ("button_label_override",)]
    assert buttons, "the seed article shows a call to action"
    for segment in buttons:
        block_id = segment.stream_path[0]
        assert segment.id == f"page:{seeded.pk}:{segment.field}:{block_id}:button_label_override"
        assert segment.max_length == BUTTON_LABEL_MAX
        assert segment.chat_button
        assert "(WhatsApp and Telegram buttons)." in segment.note
    others = [segment for segment in segments if segment.stream_path and segment not in buttons]
    assert others
    assert not any(segment.chat_button for segment in others)


def test_a_call_to_action_snippets_label_is_a_chat_button_and_its_other_texts_are_not(seeded):
    snippet = [segment for segment in translatable_segments(seeded, "ms") if segment.id.startswith("cta:")]
    by_field = {segment.field: segment.chat_button for segment in snippet}
    assert by_field["button_label"] is True
    assert by_field["heading"] is False


def _stored_body():
    return [
        {"type": "heading", "id": "h", "value": {"level": "h2", "text": "", "anchor": "a", "menu_label": ""}},
        {
            "type": "bullet_list",
            "id": "list",
            "value": {"items": [{"type": "item", "id": "i1", "value": ""}, {"type": "item", "id": "i2", "value": ""}]},
        },
        {"type": "bullet_list", "id": "old", "value": {"items": ["", ""]}},
    ]


def test_the_stored_stream_sets_each_text_where_its_path_says():
    stream = StoredStream(ArticleBodyBlock(), _stored_body())
    assert stream.set_text(("h", "text"), "Tajuk")
    assert stream.set_text(("list", "items", "i2"), "Kedua")
    assert stream.set_text(("old", "items", "1"), "Lama")
    assert stream.raw[0]["value"]["text"] == "Tajuk"
    assert stream.raw[0]["value"]["anchor"] == "a"
    assert [item["value"] for item in stream.raw[1]["value"]["items"]] == ["", "Kedua"]
    assert stream.raw[2]["value"]["items"] == ["", "Lama"]


def test_the_stored_stream_refuses_a_path_that_is_not_there_and_changes_nothing():
    stream = StoredStream(ArticleBodyBlock(), _stored_body())
    assert not stream.set_text(("gone", "text"), "x")
    assert not stream.set_text(("list", "items", "i9"), "x")
    assert not stream.set_text(("h", "items", "i1"), "x")
    assert stream.raw == _stored_body()


def test_the_aside_stream_holds_calls_to_action_too():
    raw = [{"type": "cta", "id": "c", "value": {"cta": 1, "heading_override": "", "button_label_override": ""}}]
    stream = StoredStream(ArticleAsideBlock(), raw)
    assert stream.set_text(("c", "button_label_override"), "Tanya")
    assert raw[0]["value"]["button_label_override"] == "Tanya"
    assert raw[0]["value"]["cta"] == 1


def test_a_published_call_to_action_is_named_as_its_segment_ids_name_it(seeded, admin_user):
    heading = next(
        segment
        for segment in translatable_segments(seeded, "ms")
        if segment.id.startswith("cta:") and segment.field == "heading"
    )
    label = object_label(heading.owner)
    assert heading.id == f"{label}:heading"
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), heading.id, "Tajuk baharu")
    with approved_translations():
        report = import_po(data, ImportOptions(user=admin_user, publish=True))
    assert report.imported == [heading.id]
    assert report.published == [label]
