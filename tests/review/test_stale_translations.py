"""Stale translations: a translated text whose English source changed since.

``meta.translation.stale_paths`` names them; by default readers get the translation
marked as possibly out of date (the web page marks it as it marks fallbacks); the site
may choose the source text instead; a safety callout always gets the source.
"""

import pytest
from django.test import TestCase, override_settings
from wagtail.rich_text import RichText

from content_pages.models import ArticlePage
from content_pages.publishing.renditions import refresh_page
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db

MALAY = "Imunoterapi membantu sistem imun melawan kanser."
ENGLISH_BEFORE = "Immunotherapy helps the immune system fight cancer."
ENGLISH_AFTER = "Immunotherapy helps the immune system find and fight cancer cells."


def publish(page, change):
    """Publish a change, running the after-commit work (renditions) as a real publish does."""
    draft = page.get_latest_revision_as_object()
    change(draft)
    with TestCase.captureOnCommitCallbacks(execute=True), approved_translations():
        draft.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def child(stream, block_id):
    return next(item for item in stream if item.id == block_id)


def make_stale(page, block_type="paragraph", before=ENGLISH_BEFORE, after=ENGLISH_AFTER, malay=MALAY, safety=False):
    """Translate one block into Malay, publish, then change its English and publish again."""
    block_id = next(item.id for item in page.body_en if item.block_type == block_type)

    def translate(draft):
        if block_type == "paragraph":
            child(draft.body_en, block_id).value = RichText(f"<p>{before}</p>")
            child(draft.body_ms, block_id).value = RichText(f"<p>{malay}</p>")
        else:
            source = child(draft.body_en, block_id).value
            source["text"], source["safety"] = before, safety
            child(draft.body_ms, block_id).value["text"] = malay

    def change_source(draft):
        value = child(draft.body_en, block_id).value
        if block_type == "paragraph":
            child(draft.body_en, block_id).value = RichText(f"<p>{after}</p>")
        else:
            value["text"] = after

    page = publish(publish(page, translate), change_source)
    return page, f"body.{block_id}" + ("" if block_type == "paragraph" else ".text")


def block(payload, block_id):
    return next(item for item in payload["body"] if item["id"] == block_id)


def test_a_stale_translation_is_served_marked_and_named_in_the_api(seeded, client):
    page, path = make_stale(seeded)
    block_id = path.split(".")[1]
    data = client.get(f"/api/v2/pages/{page.pk}/?lang=ms").json()
    assert data["meta"]["translation"]["stale_paths"] == [path]
    assert data["meta"]["translation"]["stale"] >= 1
    assert MALAY in block(data, block_id)["value"]["html"]
    assert path not in [fallback["path"] for fallback in data["meta"]["fallbacks"]]
    english = client.get(f"/api/v2/pages/{page.pk}/?lang=en").json()
    assert english["meta"]["translation"]["stale_paths"] == []


def test_the_web_page_marks_stale_text_as_it_marks_fallbacks(seeded, client):
    make_stale(seeded)
    html = client.get("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/").content.decode()
    assert f'<div class="paragraph is-stale" lang="ms"><p>{MALAY}</p></div>' in html
    assert "notice--stale" in html
    assert "notice--stale" not in client.get("/en/articles/how-immunotherapy-targets-cancer-cells/").content.decode()


@override_settings(CMS_STALE_TRANSLATIONS="source")
def test_the_site_may_serve_the_source_for_stale_text(seeded, client):
    page, path = make_stale(seeded)
    refresh_page(page.pk)
    data = client.get(f"/api/v2/pages/{page.pk}/?lang=ms").json()
    assert ENGLISH_AFTER in block(data, path.split(".")[1])["value"]["html"]
    assert {"path": path, "language": "en"}.items() <= next(
        fallback for fallback in data["meta"]["fallbacks"] if fallback["path"] == path
    ).items()
    assert data["meta"]["translation"]["stale_paths"] == [path]


def test_a_stale_safety_callout_always_gets_the_source(seeded, client):
    page, path = make_stale(
        seeded,
        block_type="callout",
        before="Take one tablet a day.",
        after="Take one tablet every twelve hours.",
        malay="Ambil satu tablet sehari.",
        safety=True,
    )
    data = client.get(f"/api/v2/pages/{page.pk}/?lang=ms").json()
    value = block(data, path.split(".")[1])["value"]
    assert value["safety"] is True
    assert value["text"] == "Take one tablet every twelve hours."
    assert path in [fallback["path"] for fallback in data["meta"]["fallbacks"]]


def test_an_ordinary_stale_callout_keeps_its_translation(seeded, client):
    page, path = make_stale(seeded, block_type="callout", malay="Petikan lama.", safety=False)
    data = client.get(f"/api/v2/pages/{page.pk}/?lang=ms").json()
    assert block(data, path.split(".")[1])["value"]["text"] == "Petikan lama."
    assert path in data["meta"]["translation"]["stale_paths"]


@override_settings(CMS_STALE_TRANSLATIONS="newest")
def test_an_unknown_policy_is_a_configuration_error(seeded):
    from django.core.exceptions import ImproperlyConfigured

    from content_pages.reads.stale import stale_policy

    with pytest.raises(ImproperlyConfigured, match="CMS_STALE_TRANSLATIONS"):
        stale_policy()
