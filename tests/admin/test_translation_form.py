"""The translation editor's form: what a save sends, parsed without the page around it."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from content_pages.interfaces.admin.translate.forms import TranslationForm
from content_pages.models import ArticlePage
from content_pages.publishing.translations.outcome import Problem
from content_pages.reads.segments import Segment


def segment(segment_id, source="Rest when you need to."):
    return Segment(
        id=segment_id, source=source, translation="", note="", max_length=None, markup=None, owner=None, field="body"
    )


SHOWN = [segment("page:1:title"), segment("para:1"), segment("para:2")]


def form(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = value
    bound = TranslationForm(query, segments=SHOWN)
    assert bound.is_valid(), bound.errors
    return bound


def test_only_the_texts_posted_count_with_the_line_ends_of_translator_text():
    bound = form({"t:para:1": "  Berehat.\r\nMinum air.\r ", "s:para:1": "Rest.\r\nDrink.\r", "t:bogus": "x"})
    assert bound.texts == {"para:1": "Berehat.\nMinum air."}
    assert bound.sources() == {"para:1": "Rest.\nDrink.\n"}  # a source is compared as shown, unstripped
    assert bound.confirmed() == set()
    assert not bound.wants_review


def test_an_empty_text_is_sent_as_empty_and_still_correct_is_read_per_segment():
    bound = form({"t:para:2": "", "ok:para:2": "1", "action": "submit"})
    assert bound.texts == {"para:2": ""}
    assert bound.confirmed() == {"para:2"}
    assert bound.wants_review


def test_a_refusal_lands_on_its_segment_or_on_the_form():
    bound = form({"t:para:1": "Teks"})
    bound.refuse(
        [
            Problem(None, "para:1", "the placeholders <b1> are missing"),
            Problem(None, "cta:9:heading", "no such text here any more; reload the page"),
        ]
    )
    assert bound.segment_errors() == {"para:1": ["the placeholders <b1> are missing"]}
    assert bound.general_errors() == ["file (cta:9:heading): no such text here any more; reload the page"]
    assert bound.typed == {"para:1": "Teks"}  # shown again to be fixed


def test_a_null_character_is_refused_on_its_segment_and_what_was_typed_is_kept():
    query = QueryDict(mutable=True)
    query["t:para:1"] = "Teks\x00"
    bound = TranslationForm(query, segments=SHOWN)
    assert not bound.is_valid()
    assert list(bound.segment_errors()) == ["para:1"]
    assert bound.typed == {"para:1": "Teks\x00"}


@pytest.mark.django_db
def test_the_editor_answers_get_and_post_only(seeded, admin_client):
    """A save is a POST, the one method the admin's write lock serialises: a PUT is refused
    and writes nothing."""
    url = reverse("content_pages_translate_page", args=[seeded.pk, "ms"])
    before = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    response = admin_client.put(url, "action=save", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 405
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == before
