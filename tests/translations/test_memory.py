"""Translation memory: the same sentence translated elsewhere is offered, never applied."""

import io

import pytest
from babel.messages.pofile import read_po

from content_pages.models import ArticlePage, TranslationRecord
from content_pages.publishing.translations.apply import apply_translations
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.reads.segments import translatable_segments
from content_pages.reads.translation_memory import Suggestion, normalise, source_key, suggestions

pytestmark = pytest.mark.django_db

SHARED_ID = "0b5e3c1a-6d2f-4a8b-9c7e-1f2a3b4c5d6e"
OTHER_ID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def test_normalise_unifies_typography_and_whitespace_but_keeps_case():
    assert normalise("  Your doctor’s team\u00a0 will  explain – “step by step”…\n") == (
        'Your doctor\'s team will explain - "step by step"...'
    )
    assert normalise("Ｔ cells") == "T cells"  # NFKC: a full-width letter is a letter
    assert normalise("PD‑1") == "PD-1"  # a non-breaking hyphen
    assert normalise("PD-1") != normalise("pd-1")
    assert source_key("PD-1  inhibitors") == source_key("PD‑1 inhibitors") != source_key("pd-1 inhibitors")


def add_paragraph(page, block_id, html, capture):
    """Add a paragraph to the English body and publish, as an editor does."""
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    stream.append({"type": "paragraph", "id": block_id, "value": html})
    draft.body_en = stream
    with capture(execute=True):
        draft.save_revision().publish()
    return f"page:{page.pk}:body:{block_id}"


@pytest.fixture
def shared_sentence(seeded, small_article, admin_user, django_capture_on_commit_callbacks):
    """The same sentence in two articles, typed differently; translated in the first only."""
    translated = add_paragraph(
        seeded, SHARED_ID, "<p>Your doctor’s team  will explain – step by step…</p>", django_capture_on_commit_callbacks
    )
    apply_translations(seeded, "ms", {translated: "Pasukan doktor anda akan menerangkan."}, user=admin_user)
    missing = add_paragraph(
        small_article,
        OTHER_ID,
        "<p>Your doctor's team will explain - step by step...</p>",
        django_capture_on_commit_callbacks,
    )
    return translated, missing


def test_a_missing_segment_with_the_same_source_gets_a_suggestion(shared_sentence, small_article):
    translated, missing = shared_sentence
    offered = suggestions(translatable_segments(small_article, "ms"), "ms")
    assert offered[missing] == Suggestion(
        text="Pasukan doktor anda akan menerangkan.",
        source="Your doctor’s team will explain – step by step…",
        segment_id=translated,
    )
    # Offered only: nothing was written to the second article.
    latest = ArticlePage.objects.get(pk=small_article.pk).get_latest_revision_as_object()
    assert OTHER_ID not in [child.id for child in latest.body_ms if str(child.value)]


def test_the_po_export_offers_it_prefilled_and_fuzzy(shared_sentence, small_article, admin_user):
    translated, missing = shared_sentence
    data = po_bytes(page_catalog(small_article, "ms"))
    entry = next(message for message in read_po(io.BytesIO(data)) if message.context == missing)
    assert entry.string == "Pasukan doktor anda akan menerangkan."
    assert entry.fuzzy
    comments = " ".join(entry.auto_comments)
    assert (
        f"Suggested by translation memory (from {translated}); check it and remove the fuzzy flag to use it."
        in comments
    )
    # Imported as exported, the suggestion is skipped: fuzzy entries never count.
    report = import_po(data, ImportOptions(user=admin_user))
    assert missing in report.skipped_fuzzy
    assert missing not in report.imported


def test_a_translated_segment_gets_no_suggestion(shared_sentence, small_article, admin_user):
    _translated, missing = shared_sentence
    apply_translations(small_article, "ms", {missing: "Terjemahan sendiri."}, user=admin_user)
    assert missing not in suggestions(translatable_segments(small_article, "ms"), "ms")
    entry = next(
        message
        for message in read_po(io.BytesIO(po_bytes(page_catalog(small_article, "ms"))))
        if message.context == missing
    )
    assert entry.string == "Terjemahan sendiri."
    assert not entry.fuzzy


def test_the_newest_translation_wins_and_a_segment_is_not_its_own_suggestion(shared_sentence, small_article):
    _translated, missing = shared_sentence
    key = source_key("Your doctor's team will explain - step by step...")
    for segment_id, language, text in [
        ("page:999:body:gone", "ms", "Terjemahan terbaharu."),
        (missing, "ms", "Its own old translation, since removed."),  # newer still, but its own
        ("page:998:body:other", "zh-hans", "另一种语言"),  # another language
    ]:
        TranslationRecord.objects.create(
            segment_id=segment_id,
            language=language,
            source_hash="x",
            translation_hash="y",
            source_text="Your doctor's team will explain - step by step...",
            translation_text=text,
            source_key=key,
        )
    offered = suggestions(translatable_segments(small_article, "ms"), "ms")
    assert offered[missing].text == "Terjemahan terbaharu."
    assert offered[missing].segment_id == "page:999:body:gone"


def test_suggestions_take_one_query(shared_sentence, small_article, django_assert_num_queries):
    segments = translatable_segments(small_article, "ms")
    with django_assert_num_queries(1):
        suggestions(segments, "ms")


def test_a_new_article_quoting_the_seed_is_offered_the_seeds_translation(
    seeded, small_article, django_capture_on_commit_callbacks
):
    """The seed's translations (imported from its PO files) are memory too."""
    sentence = "This process is known as immune evasion, and it is now recognized as one of the key hallmarks of cancer biology."
    seed_segment = next(s for s in translatable_segments(seeded, "ms") if s.source == sentence)
    assert seed_segment.translation
    missing = add_paragraph(small_article, OTHER_ID, f"<p>{sentence}</p>", django_capture_on_commit_callbacks)
    entry = next(m for m in read_po(io.BytesIO(po_bytes(page_catalog(small_article, "ms")))) if m.context == missing)
    assert entry.fuzzy
    assert entry.string == seed_segment.translation
