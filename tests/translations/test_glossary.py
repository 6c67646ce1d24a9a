"""The glossary: which terms a text holds, and what the PO export tells translators."""

import io

import pytest
from babel.messages.pofile import read_po
from django.urls import reverse

from content_pages.models import GlossaryTerm, GlossaryTranslation
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.reads.glossary import GlossaryHit, terms_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def glossary(db):
    GlossaryTerm.objects.all().delete()  # the seed's own terms; these tests bring theirs
    pd1 = GlossaryTerm.objects.create(term="PD-1", keep_as_is=True, note="A protein on T cells.")
    biopsy = GlossaryTerm.objects.create(term="biopsy", note="The test, not the sample.")
    GlossaryTranslation.objects.create(term=biopsy, language="ms", translation="biopsi", note="Bukan 'sampel'.")
    GlossaryTranslation.objects.create(term=biopsy, language="zh-hans", translation="活检")
    immune = GlossaryTerm.objects.create(term="immune system")
    return pd1, biopsy, immune


def found(texts, language="ms"):
    return {key: [hit.term for hit in hits] for key, hits in terms_in(texts, language).items()}


def test_terms_match_whole_words_only(glossary):
    assert found(
        {
            "hyphenated": "Anti-PD-1 drugs block it.",
            "longer": "PD-10 is another thing.",
            "inside": "A rebiopsy, biopsying.",
            "plural": "Two biopsies.",
            "end": "She had a biopsy.",
            "spaces": "The immune\n system reacts.",
            "none": "Nothing here.",
        }
    ) == {"hyphenated": ["PD-1"], "end": ["biopsy"], "spaces": ["immune system"]}


def test_case_matters_for_terms_with_capitals_or_digits_only(glossary):
    assert found({"lower": "pd-1 written lower", "upper": "Biopsy starts the sentence.", "shout": "IMMUNE SYSTEM"}) == {
        "upper": ["biopsy"],
        "shout": ["immune system"],
    }


def test_typographic_variants_match(glossary):
    assert found({"nbhyphen": "PD‑1 inhibitors", "nbsp": "the immune\u00a0system"}) == {
        "nbhyphen": ["PD-1"],
        "nbsp": ["immune system"],
    }


def test_hits_carry_the_languages_translation_and_notes(glossary):
    hits = terms_in({"s": "A biopsy finds PD-1."}, "ms")["s"]
    assert hits == [
        GlossaryHit(term="PD-1", translation="PD-1", note="A protein on T cells.", keep_as_is=True),
        GlossaryHit(
            term="biopsy", translation="biopsi", note="The test, not the sample. Bukan 'sampel'.", keep_as_is=False
        ),
    ]
    assert terms_in({"s": "A biopsy."}, "zh-hans")["s"][0].translation == "活检"


def test_one_query_for_every_text(glossary, django_assert_num_queries):
    with django_assert_num_queries(1):
        terms_in({str(n): "A biopsy of PD-1." for n in range(50)}, "ms")


def test_the_po_export_names_the_terms_of_each_text(seeded, glossary):
    GlossaryTerm.objects.create(term="CTLA-4", note="Say it as written.")
    catalog = read_po(io.BytesIO(po_bytes(page_catalog(seeded, "ms"))))
    entry = next(message for message in catalog if message.id and "PD-1, PD-L1, or CTLA-4" in message.id)
    comments = " ".join(entry.auto_comments)
    assert "Glossary: PD-1 → PD-1 (keep as written). A protein on T cells." in comments
    assert "Glossary: CTLA-4 → (no translation agreed yet). Say it as written." in comments
    title = next(message for message in catalog if message.context == f"page:{seeded.pk}:title")
    assert not any("Glossary" in comment for comment in title.auto_comments)  # no term in it


def test_the_glossary_is_a_snippet_in_the_admin(admin_client, glossary):
    listing = admin_client.get(reverse("wagtailsnippets_content_pages_glossaryterm:list"))
    assert listing.status_code == 200
    assert "PD-1" in listing.content.decode()
    search = admin_client.get(reverse("wagtailsnippets_content_pages_glossaryterm:list") + "?q=biopsy")
    assert search.status_code == 200
    assert "The test, not the sample." in search.content.decode()
    assert "A protein on T cells." not in search.content.decode()
    edit = admin_client.get(reverse("wagtailsnippets_content_pages_glossaryterm:edit", args=[glossary[1].pk]))
    assert edit.status_code == 200
    assert "Keep as written in every language" in edit.content.decode()


def test_the_seed_brings_a_first_glossary(seeded):
    """Names that stay as written and the article's key terms, as the seed's translations
    render them, so translators of new articles start consistent with it."""
    hits = terms_in({"text": "Immunotherapy drugs block PD-1 and CTLA-4; a liquid biopsy can help."}, "ms")["text"]
    by_term = {hit.term: hit for hit in hits}
    assert by_term["PD-1"].keep_as_is
    assert by_term["PD-1"].translation == "PD-1"
    assert by_term["CTLA-4"].keep_as_is
    assert by_term["immunotherapy"].translation == "imunoterapi"
    assert by_term["liquid biopsy"].translation == "biopsi cecair"
    assert terms_in({"text": "A liquid biopsy."}, "zh-hans")["text"][0].translation == "液体活检"
