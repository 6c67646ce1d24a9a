"""Block-by-block resolution of translated StreamFields."""

import pytest

from content_pages.reads.streams import localize_stream

from ..seed_fallbacks import leave_untranslated

pytestmark = pytest.mark.django_db


def test_fallback_paths_name_every_untranslated_block(seeded):
    leave_untranslated(seeded, "ms")  # headings stay translated; paragraphs and lists fall back
    stream = localize_stream(seeded, "body", "ms")
    by_type = {}
    for item in stream.blocks:
        by_type.setdefault(item.block_type, []).append(item)
    assert all(not item.is_fallback and item.language == "ms" for item in by_type["heading"])
    assert all(item.is_fallback and item.language == "en" for item in by_type["paragraph"])
    paragraph = by_type["paragraph"][0]
    assert paragraph.fallback_paths == [f"body.{paragraph.id}"]
    bullets = by_type["bullet_list"][0]
    assert len(bullets.fallback_paths) == 5
    assert all(path.startswith(f"body.{bullets.id}.items.") for path in bullets.fallback_paths)


def test_source_language_has_no_fallbacks(seeded):
    assert localize_stream(seeded, "body", "en").fallback_paths == []


def test_translation_blocks_cannot_change_structure(seeded):
    """A translator's stream may hold a different heading level or CTA; the source decides."""
    stream = seeded.body_ms.get_prep_value()
    heading = next(block for block in stream if block["type"] == "heading")
    heading["value"]["level"] = "h3"
    heading["value"]["anchor"] = "terjemahan"
    seeded.body_ms = stream
    resolved = next(item for item in localize_stream(seeded, "body", "ms").blocks if item.id == heading["id"])
    assert resolved.value["level"] == "h2"
    assert resolved.value["anchor"] == "what-is-the-hidden-problem-why-can-cancer-escape-the-immune-system"
    assert resolved.value["text"] == heading["value"]["text"]


def test_a_block_missing_from_a_translation_falls_back_whole(seeded):
    seeded.body_ms = seeded.body_ms.get_prep_value()[1:]
    first = localize_stream(seeded, "body", "ms").blocks[0]
    assert first.language == "en"
    assert first.value["text"].startswith("What Is the Hidden Problem")
    assert first.fallback_paths == [f"body.{first.id}.text"]
