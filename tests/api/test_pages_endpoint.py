"""/api/v2/pages/: language, resolved blocks, fallbacks; every response checked against the OpenAPI document."""

import pytest

from content_pages.models import ArticlePage, CallToAction, EnquiryFormPage, HomePage
from tests.reviewing import approved_translations

from ..seed_fallbacks import leave_untranslated
from .conftest import body

pytestmark = pytest.mark.django_db


def expected_malay_fallbacks(article):
    """Computed from the stored translation, independently of the API code."""
    translated = {child.id: child for child in article.body_ms}
    paths = set()
    for child in article.body_en:
        ms = translated[child.id]
        if child.block_type == "paragraph" and not ms.value.source.strip():
            paths.add(f"body.{child.id}")
        if child.block_type == "bullet_list":
            ms_items = {item.id: item.value for item in ms.value["items"].bound_blocks}
            for item in child.value["items"].bound_blocks:
                if not ms_items.get(item.id):
                    paths.add(f"body.{child.id}.items.{item.id}")
    return paths


def test_article_list_in_malay(seeded, api):
    data = body(api("/api/v2/pages/?type=content_pages.ArticlePage&lang=ms"))
    assert data["meta"]["total_count"] == 1
    assert data["meta"]["language"] == "ms"
    item = data["items"][0]
    assert item["id"] == seeded.pk
    assert item["title"] == seeded.title_ms
    assert item["meta"]["html_url"].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")


def test_detail_resolves_ctas_and_references(seeded, api):
    data = body(api(f"/api/v2/pages/{seeded.pk}/?lang=ms"))
    assert data["meta"]["type"] == "content_pages.ArticlePage"
    ctas = [block["value"] for block in data["body"] + data["aside"] if block["type"] == "cta"]
    assert len(ctas) == 7
    whatsapp = next(cta for cta in ctas if cta["kind"] == "whatsapp")
    assert whatsapp["button_label"] == "Sembang di WhatsApp"
    assert whatsapp["url"].startswith("https://wa.me/60123456789?text=Helo")
    enquiry = next(cta for cta in ctas if cta["button_label"] == "Minta perbincangan")
    assert enquiry["url"].endswith("/ms/pertanyaan-biopsi-cecair/")
    references = data["references"]
    assert [ref["doi_url"] for ref in references][0] == "https://doi.org/10.1158/2159-8290.CD-21-1059"
    assert references[0]["apa"].startswith("Hanahan, D. (2022). Hallmarks of cancer: New dimensions.")
    assert references[1]["authors"][1] == {"family": "O’Connor", "given": "R. S."}
    heading = next(block for block in data["body"] if block["type"] == "heading")
    assert heading["value"] == {
        "level": "h2",
        "text": "Apakah Masalah Tersembunyi: Mengapa Kanser Boleh Melepasi Sistem Imun?",
        "anchor": "what-is-the-hidden-problem-why-can-cancer-escape-the-immune-system",
    }
    assert data["review"]["last_reviewed"] == "2026-11-01"
    assert data["review"]["last_reviewed_display"] == "1 November 2026"
    assert data["review"]["medical_reviewer"]["role"] == "Penyemak perubatan"
    assert data["json_ld"]["@type"] == "MedicalWebPage"
    assert data["json_ld"]["inLanguage"] == "ms"


def test_fallbacks_list_exactly_the_untranslated_parts(seeded, api):
    leave_untranslated(seeded, "ms")  # the seed is fully translated: leave paragraphs and lists in English
    assert expected_malay_fallbacks(seeded)  # so there is something to fall back
    data = body(api(f"/api/v2/pages/{seeded.pk}/?lang=ms"))
    paths = {item["path"] for item in data["meta"]["fallbacks"]}
    assert paths == expected_malay_fallbacks(seeded)
    assert all(item["language"] == "en" for item in data["meta"]["fallbacks"])
    paragraph = next(item for item in data["meta"]["fallbacks"] if item["field"] == "body")
    assert paragraph["block_id"] == paragraph["path"].split(".")[1]
    english = body(api(f"/api/v2/pages/{seeded.pk}/?lang=en"))
    assert english["meta"]["fallbacks"] == []


def test_a_missing_title_translation_is_reported(seeded, api, django_capture_on_commit_callbacks):
    seeded.title_ms = ""
    with django_capture_on_commit_callbacks(execute=True), approved_translations():
        seeded.save_revision().publish()
    data = body(api(f"/api/v2/pages/{seeded.pk}/?lang=ms"))
    assert data["title"] == seeded.title_en
    assert {"path": "title", "field": "title", "block_id": None, "language": "en"} in data["meta"]["fallbacks"]
    listing = body(api("/api/v2/pages/?type=content_pages.ArticlePage&lang=ms"))
    assert [f["path"] for f in listing["items"][0]["meta"]["fallbacks"]] == ["title"]


def test_rich_text_internal_links_become_urls_in_the_requested_language(
    seeded, api, django_capture_on_commit_callbacks
):
    form_page = EnquiryFormPage.objects.get()
    stream = seeded.body_ms.get_prep_value()
    paragraph = next(block for block in stream if block["type"] == "paragraph")
    paragraph["value"] = f'<p>Isi <a linktype="page" id="{form_page.pk}">borang ini</a>.</p>'
    seeded.body_ms = stream
    with django_capture_on_commit_callbacks(execute=True), approved_translations():
        seeded.save_revision().publish()
    data = body(api(f"/api/v2/pages/{seeded.pk}/?lang=ms"))
    html = next(block for block in data["body"] if block["id"] == paragraph["id"])["value"]["html"]
    assert 'href="/ms/pertanyaan-biopsi-cecair/"' in html
    assert "linktype" not in html


def test_language_negotiation(seeded, api):
    assert body(api(f"/api/v2/pages/{seeded.pk}/", HTTP_ACCEPT_LANGUAGE="ms-MY,ms;q=0.9"))["meta"]["language"] == "ms"
    assert body(api(f"/api/v2/pages/{seeded.pk}/", HTTP_ACCEPT_LANGUAGE="zh-CN"))["meta"]["language"] == "zh-hans"
    assert body(api(f"/api/v2/pages/{seeded.pk}/?lang=en", HTTP_ACCEPT_LANGUAGE="ms"))["meta"]["language"] == "en"
    assert body(api(f"/api/v2/pages/{seeded.pk}/"))["meta"]["language"] == "en"
    data = body(api(f"/api/v2/pages/{seeded.pk}/?lang=zh-hans"))
    assert data["title"] == seeded.title_zh_hans
    assert {lang["code"]: lang["name"] for lang in data["meta"]["available_languages"]} == {
        "en": "English",
        "zh-hans": "中文（简体）",
        "ms": "Bahasa Melayu",
    }
    alternates = {alt["language"]: alt for alt in data["meta"]["alternates"]}
    assert alternates["ms"]["html_url"].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")
    assert alternates["ms"]["detail_url"].endswith(f"/api/v2/pages/{seeded.pk}/?lang=ms")


def test_unknown_language_is_a_400_naming_the_accepted_codes(seeded, api):
    data = body(api(f"/api/v2/pages/{seeded.pk}/?lang=fr", status=400))
    assert data["code"] == "unknown_language"
    assert data["accepted"] == ["en", "zh-hans", "ms"]
    assert "'fr'" in data["message"]
    assert "en, zh-hans, ms" in data["message"]


@pytest.mark.parametrize("model", [HomePage, EnquiryFormPage])
def test_other_page_types_validate(seeded, api, model):
    page = model.objects.get()
    data = body(api(f"/api/v2/pages/{page.pk}/?lang=zh-hans"))
    assert data["title"] == page.title_zh_hans


def test_enquiry_form_fields_show_translated_labels_and_source_values(seeded, api):
    page = EnquiryFormPage.objects.get()
    data = body(api(f"/api/v2/pages/{page.pk}/?lang=ms"))
    checkboxes = next(field for field in data["fields"] if field["type"] == "checkboxes")
    assert checkboxes["label"] == "Saya ingin tahu tentang"
    assert checkboxes["choices"][0] == {"value": "Liquid biopsy", "label": "Biopsi cecair"}


def test_listing_parameters(seeded, api):
    all_pages = body(api("/api/v2/pages/"))
    assert all_pages["meta"]["total_count"] == 4
    assert [item["meta"]["type"] for item in all_pages["items"]][0] == "content_pages.HomePage"
    index = seeded.get_parent()
    children = body(api(f"/api/v2/pages/?child_of={index.pk}&fields=standfirst,review&type=content_pages.ArticlePage"))
    item = children["items"][0]
    assert set(item) == {"id", "meta", "title", "standfirst", "review"}
    assert item["review"]["next_review_due"] == "2027-11-01"
    everything = body(api("/api/v2/pages/?type=content_pages.ArticlePage&fields=*,-json_ld"))["items"][0]
    assert "body" in everything
    assert "json_ld" not in everything
    ordered = body(api("/api/v2/pages/?order=-title&lang=ms&limit=2&offset=1"))
    assert ordered["meta"]["total_count"] == 4
    assert len(ordered["items"]) == 2


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("foo=1", "unknown_parameter"),
        ("limit=101", "invalid_limit"),
        ("offset=-1", "invalid_offset"),
        ("order=random", "invalid_order"),
        ("type=content_pages.Nope", "unknown_type"),
        ("type=content_pages.CallToAction", "unknown_type"),
        ("fields=nonsense", "unknown_field"),
        ("child_of=abc", "invalid_parameter"),
    ],
)
def test_bad_listing_parameters_are_400s(seeded, api, query, code):
    data = body(api(f"/api/v2/pages/?{query}", status=400))
    assert data["code"] == code
    assert data["message"]


def test_find_redirects_a_website_path_to_the_detail(seeded, client):
    response = client.get("/api/v2/pages/find/?html_path=/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")
    assert response.status_code == 302
    assert response["Location"] == f"/api/v2/pages/{seeded.pk}/?lang=ms"
    missing = client.get("/api/v2/pages/find/?html_path=/en/nowhere/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_search_finds_text_in_the_requested_language(seeded, api):
    malay = body(api("/api/v2/pages/?search=imunoterapi&lang=ms"))
    assert [item["id"] for item in malay["items"]] == [seeded.pk]
    assert body(api("/api/v2/pages/?search=menyasarkan&lang=en"))["meta"]["total_count"] == 0
    assert body(api("/api/v2/pages/?search=checkpoint+inhibitors&lang=en"))["items"][0]["id"] == seeded.pk
    chinese = body(api("/api/v2/pages/?search=免疫疗法&lang=zh-hans&type=content_pages.ArticlePage"))
    assert [item["id"] for item in chinese["items"]] == [seeded.pk]


def test_errors_are_json_never_html(seeded, client, settings):
    settings.DEBUG = True
    for method, url, status in [
        ("get", "/api/v2/pages/999999/", 404),
        ("post", f"/api/v2/pages/{seeded.pk}/", 405),
        ("delete", "/api/v2/pages/", 405),
        ("get", "/api/v2/no-such-endpoint/", 404),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == status, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()["message"]


def test_an_unexpected_failure_is_a_json_500(seeded, client, settings, monkeypatch):
    from content_pages.interfaces.api import actions

    settings.DEBUG = True

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(actions, "page_detail", explode)
    response = client.get(f"/api/v2/pages/{seeded.pk}/")
    assert response.status_code == 500
    assert response.json() == {
        "message": "Something went wrong on our side; it has been logged.",
        "code": "server_error",
    }


def test_docs_page_and_openapi_document(client):
    docs = client.get("/api/v2/docs/")
    assert docs.status_code == 200
    assert b"openapi.json" in docs.content
    spec = client.get("/api/v2/openapi.json").json()
    block_types = spec["components"]["schemas"]["ArticlePageDetail"]["properties"]["body"]["items"]["discriminator"]
    assert set(block_types["mapping"]) == {
        "heading",
        "paragraph",
        "bullet_list",
        "callout",
        "cta",
        "image",
        "enquiry_form",
    }


def test_cta_snippet_without_translation_reports_fallback(seeded, api):
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    cta.heading_ms = ""
    cta.save()
    data = body(api(f"/api/v2/snippets/ctas/{cta.pk}/?lang=ms"))
    assert data["heading"] == cta.heading_en
    assert [f["path"] for f in data["meta"]["fallbacks"]] == ["heading"]
    assert ArticlePage.objects.count() == 1


def test_schema_names_are_unique_so_the_openapi_components_cannot_collide():
    import inspect

    from pydantic import BaseModel

    from content_pages.interfaces.api.schemas import forms, snippets
    from content_pages.rendering.contracts import blocks, channels, common, pages

    seen = {}
    for module in (blocks, channels, common, forms, pages, snippets):
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, BaseModel) and obj.__module__ == module.__name__:
                assert name not in seen, f"{name} is defined in {seen.get(name)} and {module.__name__}"
                seen[name] = module.__name__
