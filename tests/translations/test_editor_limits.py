"""The page editor refuses a paragraph over ``TEXT_MAX`` at its block, and the article's
channel checks never see the oversized text."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from content_pages.foundations.limits import TEXT_MAX
from content_pages.publishing.gate import rules
from content_pages.publishing.text_bounds import oversized

from .conftest import article_form_data, stream_form_data

pytestmark = pytest.mark.django_db

HEADING_ID = "7d3c6a4e-5a0e-4c1f-9b7e-0d6a1f2c3b4a"
PARAGRAPH_ID = "0b6f3c1e-2d4a-4e5f-8a9b-1c2d3e4f5a6b"


def _with_paragraph(text):
    data = article_form_data("Tiredness", "", "What it is", "")
    heading = ("heading", {"level": "h2", "text": "What it is", "anchor": "tiredness"}, HEADING_ID)
    for key in [key for key in data if key.startswith("body_en-")]:
        del data[key]
    data.update(
        nested_form_data({"body_en": stream_form_data([heading, ("paragraph", rich_text(text), PARAGRAPH_ID)])})
    )
    return data


def test_a_paragraph_over_the_limit_is_refused_and_never_channel_checked(small_article, admin_client, monkeypatch):
    seen = []
    original = rules.channel_limit_errors
    monkeypatch.setattr(
        rules, "channel_limit_errors", lambda page, *a: seen.append(oversized(page)) or original(page, *a)
    )
    before = small_article.latest_revision_id
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[small_article.pk]), _with_paragraph("x" * (TEXT_MAX + 1))
    )
    assert response.status_code == 200
    assert f"at most {TEXT_MAX} characters (it has {TEXT_MAX + 1})" in response.content.decode()
    assert all(found == {} for found in seen)
    small_article.refresh_from_db()
    assert small_article.latest_revision_id == before


def test_a_paragraph_at_the_limit_counts_what_a_reader_sees(small_article, admin_client):
    words = "word " * (TEXT_MAX // 5)
    text = f"<b>{words[:10]}</b>{words[10:TEXT_MAX].strip()}y"  # TEXT_MAX characters without the tags
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[small_article.pk]), _with_paragraph(text))
    assert f"at most {TEXT_MAX} characters" not in response.content.decode()
