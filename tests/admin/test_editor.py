"""Editors work in the Wagtail admin: per-language fields, creating and publishing."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content_pages.models import ArticleIndexPage, ArticlePage, CallToAction, Contributor, Reference

pytestmark = pytest.mark.django_db


def field_names(html: str) -> set[str]:
    import re

    return set(re.findall(r'name="([^"]+)"', html))


def test_article_edit_form_has_a_field_per_language(seeded, admin_client):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk]))
    assert response.status_code == 200
    names = field_names(response.content.decode())
    for language in ("en", "ms", "zh_hans"):
        for field in ("title", "slug", "standfirst", "seo_title", "search_description"):
            assert f"{field}_{language}" in names, f"{field}_{language}"
        # StreamFields are drawn by the admin's JavaScript from a panel definition.
        assert f'"fieldName": "body_{language}"' in response.content.decode()


@pytest.mark.parametrize(
    ("model", "fields"),
    [(CallToAction, ("heading", "body", "button_label", "whatsapp_message")), (Reference, ("lay_summary",))],
)
def test_snippet_edit_forms_have_a_field_per_language(seeded, admin_client, model, fields):
    obj = model.objects.first()
    url = reverse(f"wagtailsnippets_content_pages_{model._meta.model_name}:edit", args=[obj.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    names = field_names(response.content.decode())
    for field in fields:
        for language in ("en", "ms", "zh_hans"):
            assert f"{field}_{language}" in names, f"{field}_{language}"


def test_cta_with_overlong_malay_label_cannot_be_saved_in_the_admin(seeded, admin_client):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    url = reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])
    data = {
        "name": cta.name,
        "kind": cta.kind,
        "phone_number": cta.phone_number,
        "heading_en": cta.heading_en,
        "button_label_en": cta.button_label_en,
        "button_label_ms": "Hubungi kami melalui WhatsApp",
        "whatsapp_message_en": cta.whatsapp_message_en,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Button label (Malay) is 29 characters long" in response.content.decode()
    cta.refresh_from_db()
    assert cta.button_label_ms == "Sembang di WhatsApp"


def article_form_data(title: str, slug: str, **extra):
    """A complete article as the editor posts it, reviewed and citing a seed reference, so
    that it passes the publish rules unless a test takes something away."""
    empty_stream = streamfield([])
    reviewer = Contributor.objects.get(name="Cancer A-Z Medical Review Panel")
    reference = Reference.objects.order_by("pk").first()
    data = {
        "title_en": title,
        "slug_en": slug,
        "standfirst_en": "What patients should know.",
        "body_en": streamfield(
            [
                ("heading", {"level": "h2", "text": "What it is", "anchor": ""}),
                ("paragraph", rich_text("<p>A clear explanation.</p>")),
            ]
        ),
        "body_ms": empty_stream,
        "body_zh_hans": empty_stream,
        "aside_en": empty_stream,
        "aside_ms": empty_stream,
        "aside_zh_hans": empty_stream,
        "references": inline_formset([{"reference": reference.pk, "ORDER": "1"}]),
        "comments": inline_formset([]),
        "medical_reviewer": reviewer.pk,
        "last_reviewed": "2026-11-01",
        "next_review_due": "2027-11-01",
        "action-publish": "action-publish",
    }
    data.update(extra)
    return nested_form_data(data)


def test_editor_creates_and_publishes_an_article(seeded, admin_client):
    index = ArticleIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, article_form_data("Living with fatigue", "living-with-fatigue"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = ArticlePage.objects.get(slug_en="living-with-fatigue")
    assert article.live
    assert [child.value["anchor"] for child in article.body_en if child.block_type == "heading"] == ["what-it-is"]
    # Each translation stream now holds an empty slot for every source block.
    assert [child.id for child in article.body_ms] == [child.id for child in article.body_en]
    page = admin_client.get("/en/articles/living-with-fatigue/")
    assert page.status_code == 200
    assert "A clear explanation." in page.content.decode()
    malay = admin_client.get("/ms/artikel/living-with-fatigue/")
    assert malay.status_code == 200
    assert 'lang="en"' in malay.content.decode()


def test_empty_english_paragraph_is_rejected_naming_the_block(seeded, admin_client):
    index = ArticleIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    data = article_form_data("Half written", "half-written")
    data.update(nested_form_data({"body_en": streamfield([("paragraph", rich_text(""))])}))
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The English text is required." in response.content.decode()
    assert not ArticlePage.objects.filter(slug_en="half-written").exists()


def test_admin_labels_stay_in_english_after_pages_were_rendered_in_other_languages(seeded, admin_client):
    """Rendering in Chinese must not leak into the admin's import-time labels."""
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    html = admin_client.get(reverse("wagtailsnippets_content_pages_calltoaction:edit", args=[cta.pk])).content.decode()
    assert "Choose a page (Enquiry form page)" in html
    assert "选择一个页面" not in html


EMPTY_CTA = ("cta", {"cta": "", "heading_override": "", "body_override": "", "button_label_override": ""})


@pytest.mark.parametrize("action", ["save-draft", "autosave", "publish"])
def test_a_cta_block_without_its_snippet_is_an_error_on_the_block(seeded, admin_client, action):
    """Wagtail defers required choosers on a draft save and on autosave; the structure
    rules still refuse a CTA block with no snippet chosen, on the block, not with a 500."""
    from .test_reference_hygiene import current_rows, edit_data, edit_url, latest_draft

    admin_client.raise_request_exception = True
    before = latest_draft(seeded).latest_revision_id
    data = edit_data(seeded, current_rows(seeded))
    data.update(nested_form_data({"body_en": streamfield([("paragraph", rich_text("<p>Text.</p>")), EMPTY_CTA])}))
    headers = {}
    if action == "publish":
        data["action-publish"] = "action-publish"
    elif action == "autosave":
        headers["HTTP_ACCEPT"] = "application/json"
    response = admin_client.post(edit_url(seeded), data, **headers)
    if action == "autosave":
        assert response.status_code == 400
        assert response.json()["error_code"] == "validation_error"
    else:
        assert response.status_code == 200
        errors = response.context["form"].errors["body_en"].as_data()[0]
        # On publish, Wagtail's own required check says it first.
        expected = "This field is required." if action == "publish" else "Choose a call to action."
        assert errors.block_errors[1].block_errors["cta"].messages == [expected]
    assert latest_draft(seeded).latest_revision_id == before


def test_a_slug_taken_by_a_sibling_is_a_form_error_not_a_server_error(seeded, admin_client):
    """Two articles with the same title: Wagtail checks only a field named ``slug``, so the
    English slug reached ``Page.save()`` and the editor (and autosave) got a 500."""
    index = ArticleIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    draft = article_form_data(seeded.title_en, seeded.slug_en)
    del draft["action-publish"]
    response = admin_client.post(url, draft)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"The slug “{seeded.slug_en}” is already used by another page in this section" in html
    assert ArticlePage.objects.count() == 1


def test_a_malay_slug_taken_by_a_sibling_is_refused_too(seeded, admin_client):
    """Otherwise two pages would answer the same Malay address."""
    index = ArticleIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])
    response = admin_client.post(
        url, article_form_data("Living with fatigue", "living-with-fatigue", slug_ms=seeded.slug_ms)
    )
    assert response.status_code == 200
    assert f"The slug “{seeded.slug_ms}” is already used" in response.content.decode()
    assert not ArticlePage.objects.filter(slug_en="living-with-fatigue").exists()


def test_a_page_keeps_its_own_slugs_when_it_is_saved_again(seeded, admin_client):
    created = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", ArticleIndexPage.objects.get().pk]),
        article_form_data("Living with fatigue", "living-with-fatigue", slug_ms="hidup-dengan-keletihan"),
    )
    assert created.status_code == 302
    article = ArticlePage.objects.get(slug_en="living-with-fatigue")
    cited = article.references.get()
    again = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form_data(
            "Living with fatigue",
            "living-with-fatigue",
            slug_ms="hidup-dengan-keletihan",
            references=inline_formset([{"id": cited.pk, "reference": cited.reference_id, "ORDER": "1"}], initial=1),
        ),
    )
    assert again.status_code == 302, again.content.decode()[:1000]
