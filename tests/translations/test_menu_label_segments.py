"""A heading's menu label is a translatable text like the heading itself."""

import pytest

from content_pages.reads.segments import own_segments

pytestmark = pytest.mark.django_db


def test_a_menu_label_is_a_segment_with_its_limit_once_the_english_has_one(seeded):
    assert not [segment for segment in own_segments(seeded, "ms") if segment.id.endswith(":menu_label")]
    heading = next(child for child in seeded.body_en if child.block_type == "heading")
    heading.value["menu_label"] = "The hidden problem"
    (segment,) = [segment for segment in own_segments(seeded, "ms") if segment.id.endswith(":menu_label")]
    assert segment.id == f"page:{seeded.pk}:body:{heading.id}:menu_label"
    assert (segment.source, segment.translation, segment.max_length) == ("The hidden problem", "", 24)
    assert "At most 24 characters" in segment.note
