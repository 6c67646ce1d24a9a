"""Readability per article and language: textstat's formulas, only where they exist."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import textstat
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page

from content_pages.foundations import readability as readability_module
from content_pages.foundations.readability import readability, target_status
from content_pages.models import ReadabilityTarget
from content_pages.reads.streams import localize_stream
from content_pages.rendering.channels.web import WebChannel
from content_pages.rendering.readability import readable_text, stream_readability

from ..seed_fallbacks import leave_untranslated

PLAIN = (
    "Immunotherapy helps your immune system find cancer cells. "
    "It can work for a long time. Some people get side effects, such as tiredness or a rash. "
    "Your doctor will check how you are doing."
)


# The formulas -------------------------------------------------------------------------


def test_english_text_gets_both_formulas_rounded():
    result = readability(PLAIN, "en")
    assert result.supported
    assert result.words == len(PLAIN.split())
    assert result.score is not None
    assert 50 < result.score < 100
    assert result.grade is not None
    assert 0 < result.grade < 10
    assert result.score == round(result.score, 1)
    assert result.grade == round(result.grade, 1)
    assert result.as_dict() == {
        "supported": True,
        "formula": "flesch_reading_ease",
        "score": result.score,
        "grade_formula": "flesch_kincaid_grade",
        "grade": result.grade,
        "words": result.words,
    }


def test_regional_english_is_english():
    assert readability(PLAIN, "en-gb") == readability(PLAIN, "en")


@pytest.mark.parametrize("language", ["ms", "zh-hans", "fr", "xx"])
def test_no_formula_no_figure(language):
    # textstat would run its English formula on any text; we never ask it to.
    malay = "Imunoterapi membantu sistem imun anda mencari sel kanser. Ia boleh berkesan untuk masa yang lama."
    assert readability(malay, language).as_dict() == {"supported": False}
    assert readability(PLAIN, language).as_dict() == {"supported": False}


def test_no_text_is_supported_without_numbers():
    result = readability("", "en")
    assert result.as_dict() == {
        "supported": True,
        "formula": "flesch_reading_ease",
        "score": None,
        "grade_formula": "flesch_kincaid_grade",
        "grade": None,
        "words": 0,
    }


def test_textstat_global_language_does_not_leak_in():
    expected = readability(PLAIN, "en")
    try:
        textstat.set_lang("de_DE")  # someone else's code changing the shared object
        assert readability(PLAIN, "en") == expected
    finally:
        textstat.set_lang("en_US")


@pytest.mark.parametrize(
    ("grade", "lowest", "highest", "status"),
    [
        (7.5, Decimal("6"), Decimal("8"), "within"),
        (8.0, Decimal("6"), Decimal("8"), "within"),
        (9.1, Decimal("6"), Decimal("8"), "above"),
        (5.0, Decimal("6"), None, "below"),
        (12.0, None, Decimal("8"), "above"),
        (12.0, None, None, "no_target"),
        (None, Decimal("6"), Decimal("8"), "no_score"),
    ],
)
def test_target_status(grade, lowest, highest, status):
    assert target_status(grade, lowest, highest) == status


# The article's text --------------------------------------------------------------------


def _english_paragraph_served_in_malay(article):
    """An English paragraph of the seed that the Malay article serves as a fallback."""
    stream = localize_stream(article, "body", "ms")
    item = next(item for item in stream.blocks if item.block_type == "paragraph" and item.is_fallback)
    assert item.served_by == {item.path: "en"}
    return re.sub(r"<[^>]+>", "", item.value.source)


@pytest.mark.django_db
def test_readable_text_is_the_body_prose_only(seeded):
    text = readable_text(localize_stream(seeded, "body", "en"))
    assert "How Does Immunotherapy Work?" in text  # a heading
    assert "Checkpoint inhibitors are among the most widely used forms of immunotherapy." in text  # a paragraph
    body = seeded.body_en
    cta = next(child for child in body if child.block_type == "cta")
    cta_snippet = cta.value["cta"]
    assert cta_snippet.button_label_en not in text  # calls to action are not prose
    assert seeded.references.first().reference.title not in text  # nor are references


@pytest.mark.django_db
def test_seed_article_scores_in_english_only(seeded):
    channel = WebChannel()
    english = channel.render(seeded, "en").payload["meta"]["readability"]
    assert english["supported"] is True
    assert english["formula"] == "flesch_reading_ease"
    assert english["grade_formula"] == "flesch_kincaid_grade"
    # A patient article on immunotherapy: fairly difficult, not absurd.
    assert 10 < english["score"] < 80
    assert 6 < english["grade"] < 16
    assert english["words"] > 500
    for language in ("ms", "zh-hans"):
        assert channel.render(seeded, language).payload["meta"]["readability"] == {"supported": False}


@pytest.mark.django_db
def test_fallback_english_is_not_scored_as_malay(seeded, monkeypatch):
    leave_untranslated(seeded, "ms")  # Malay headings, English paragraphs and lists
    english_paragraph = _english_paragraph_served_in_malay(seeded)
    malay = localize_stream(seeded, "body", "ms")
    # Malay has no formula, so there is no Malay figure at all, fallbacks or not.
    assert stream_readability(malay).as_dict() == {"supported": False}
    # Even for a language that had one, English served in its place is never its text:
    # the Malay text to score holds the translated headings but not the English paragraphs.
    text = readable_text(malay)
    assert "Bagaimanakah Imunoterapi Berfungsi?" in text
    assert english_paragraph[:60] not in text
    monkeypatch.setitem(readability_module.TEXTSTAT_LOCALES, "ms", "en_US")  # pretend Malay had a formula
    figure = stream_readability(malay)
    assert figure.supported
    assert figure.words == readability(text, "ms").words
    assert figure.words < stream_readability(localize_stream(seeded, "body", "en")).words / 4
    # A Malay article that is all fallback has nothing of its own to score.
    for child in seeded.body_ms:
        child.value = child.block.get_default()
    all_fallback = stream_readability(localize_stream(seeded, "body", "ms"))
    assert (all_fallback.words, all_fallback.score, all_fallback.grade) == (0, None, None)


# The API -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ms", "zh-hans"])
def test_api_page_detail_says_unsupported(seeded, api, language):
    leave_untranslated(seeded, language)
    detail = api(f"/api/v2/pages/{seeded.pk}/?lang={language}").json()
    assert detail["meta"]["readability"] == {"supported": False}
    assert detail["meta"]["fallbacks"]  # the article serves English text, and still no figure


@pytest.mark.django_db
def test_api_page_detail_carries_the_english_figure(seeded, api):
    detail = api(f"/api/v2/pages/{seeded.pk}/?lang=en").json()
    assert detail["meta"]["readability"] == WebChannel().render(seeded, "en").payload["meta"]["readability"]
    assert detail["meta"]["readability"]["supported"] is True


@pytest.mark.django_db
def test_other_page_types_have_no_readability(seeded, api):
    home = seeded.get_parent().get_parent()
    detail = api(f"/api/v2/pages/{home.pk}/?lang=en").json()
    assert detail["meta"]["type"] == "content_pages.HomePage"
    assert "readability" not in detail["meta"]


# The admin -----------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("readability-editor", "editor@example.com", "x")
    client.force_login(user)
    return client


def _rows(html):
    return dict(re.findall(r'<tr data-language="([^"]+)" data-status="([^"]+)">', html))


@pytest.mark.django_db
def test_editor_sees_each_language_and_the_site_target(seeded, editor_client):
    english = stream_readability(localize_stream(seeded.get_latest_revision_as_object(), "body", "en"))
    site = Page.objects.get(pk=seeded.pk).get_site()
    url = reverse("wagtailadmin_pages:edit", args=[seeded.pk])

    html = editor_client.get(url).content.decode()
    assert "No readability target is set for this site." in html
    assert _rows(html) == {"en": "no_target", "zh-hans": "unsupported", "ms": "unsupported"}
    assert f"{english.grade} <span" in html
    assert f"{english.score} <span" in html
    assert "there is no readability formula for Malay" in html

    grade = Decimal(str(english.grade))
    target = ReadabilityTarget.objects.create(site=site, min_grade=grade - 2, max_grade=grade + 1)
    html = editor_client.get(url).content.decode()
    assert f"Site target: reading grade {grade - 2} to {grade + 1} (Flesch–Kincaid, English)." in re.sub(
        r"\s+", " ", html
    )
    assert _rows(html)["en"] == "within"
    assert "Within the site&#x27;s target" in html

    target.max_grade = grade - 1
    target.save()
    html = editor_client.get(url).content.decode()
    assert _rows(html)["en"] == "above"
    assert "Above the site&#x27;s target" in html
    settings_url = reverse("wagtailsettings:edit", args=["content_pages", "readabilitytarget", site.pk])
    assert settings_url in html


@pytest.mark.django_db
def test_editor_sees_the_draft_not_the_live_version(seeded, editor_client):
    draft = seeded.get_latest_revision_as_object()
    for child in draft.body_en:
        if child.block_type == "paragraph":
            child.value = child.block.to_python("<p>The cat sat. The dog ran. We all went home.</p>")
    draft.save_revision()
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk])).content.decode()
    live = WebChannel().render(Page.objects.get(pk=seeded.pk).specific, "en").payload["meta"]["readability"]
    drafted = stream_readability(localize_stream(draft, "body", "en"))
    assert drafted.score != live["score"]
    assert f"{drafted.score} <span" in html


@pytest.mark.django_db
def test_target_settings_page_and_validation(seeded, editor_client):
    site = Page.objects.get(pk=seeded.pk).get_site()
    url = reverse("wagtailsettings:edit", args=["content_pages", "readabilitytarget", site.pk])
    assert editor_client.get(url).status_code == 200
    with pytest.raises(ValidationError):
        ReadabilityTarget(site=site, min_grade=Decimal("9"), max_grade=Decimal("8")).full_clean(validate_unique=False)
    ReadabilityTarget(site=site, min_grade=Decimal("6"), max_grade=Decimal("8")).full_clean(validate_unique=False)
