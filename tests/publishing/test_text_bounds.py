"""An article's save and publish rules refuse a text over ``TEXT_MAX`` or a stream over
``STREAM_BLOCKS_MAX`` first, naming field, language and limit, without rendering a
single channel: whichever path brought the text (the page editor, an import, a revision
saved without checks and published later)."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from content_pages.foundations.limits import STREAM_BLOCKS_MAX, STREAM_TEXT_MAX, TEXT_MAX
from content_pages.publishing.gate import rules
from content_pages.publishing.text_bounds import oversized

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel_checks(monkeypatch):
    calls = []
    original = rules.channel_limit_errors
    monkeypatch.setattr(rules, "channel_limit_errors", lambda *a, **k: calls.append(a) or original(*a, **k))
    return calls


def _with_paragraph(article, html, language="ms"):
    draft = article.get_latest_revision_as_object()
    stream = getattr(draft, f"body_{language}")
    for child in stream:
        if child.block_type == "paragraph":
            child.value = RichText(html)
            break
    setattr(draft, f"body_{language}", stream)
    return draft


def test_a_paragraph_over_the_limit_is_refused_before_the_channel_checks(seeded, channel_checks):
    draft = _with_paragraph(seeded, "<p>" + "Teks. " * 2_000 + "</p>")  # 12,000 characters
    errors = rules.article_save_errors(draft)
    [message] = errors["body_ms"]
    assert "Body (Malay), block" in message
    assert "(paragraph)" in message
    assert "12,000 characters" in message
    assert f"at most {TEXT_MAX:,}" in message
    assert channel_checks == []
    # The same from the model's own clean, as the page editor and the import call it.
    with pytest.raises(ValidationError) as refused:
        draft.full_clean()
    assert "body_ms" in refused.value.message_dict
    assert channel_checks == []
    # And at publish, for a revision that was saved without checks.
    problems = rules.publish_problems(draft)
    assert any(f"at most {TEXT_MAX:,}" in problem for problem in problems)
    assert channel_checks == []


def test_markup_does_not_count(seeded):
    text = "x" * TEXT_MAX
    draft = _with_paragraph(seeded, f'<p><b>{text[:10]}</b><a href="https://example.org/">{text[10:]}</a></p>')
    assert oversized(draft) == {}
    draft = _with_paragraph(seeded, f"<p>{text}y</p>")
    assert "body_ms" in oversized(draft)


def test_a_body_of_too_many_blocks_is_refused_naming_the_count(seeded, channel_checks):
    draft = seeded.get_latest_revision_as_object()
    paragraph = next(child for child in draft.body_ms if child.block_type == "paragraph")
    draft.body_ms = [("paragraph", paragraph.value)] * (STREAM_BLOCKS_MAX + 1)
    errors = rules.article_save_errors(draft, ("ms",))
    assert errors == {
        "body_ms": [f"Body (Malay): {STREAM_BLOCKS_MAX + 1} blocks; at most {STREAM_BLOCKS_MAX} blocks in one body."]
    }
    assert channel_checks == []


def test_only_the_languages_asked_are_measured(seeded):
    draft = _with_paragraph(seeded, "<p>" + "x" * (TEXT_MAX + 1) + "</p>", language="zh_hans")
    assert "body_zh_hans" in oversized(draft)
    assert oversized(draft, ("ms",)) == {}


def test_a_body_over_the_total_is_refused_though_each_text_fits(seeded, channel_checks):
    draft = seeded.get_latest_revision_as_object()
    paragraph = RichText("<p>" + "Teks. " * 1_500 + "</p>")  # 9,000 characters
    draft.body_ms = [("paragraph", paragraph)] * (STREAM_TEXT_MAX // 9_000 + 1)
    [message] = rules.article_save_errors(draft, ("ms",))["body_ms"]
    assert f"at most {STREAM_TEXT_MAX:,} in one body" in message
    assert channel_checks == []
