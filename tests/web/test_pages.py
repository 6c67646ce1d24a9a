"""The web channel: every page type in every language, with its metadata."""

import json
import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from django.utils.translation import override

from content_pages.models import ArticleIndexPage, EnquiryFormPage, HomePage
from content_pages.models import EnquirySubmission as FormSubmission
from tests.conftest import page_text
from tests.reviewing import approved_translations
from tests.seed_fallbacks import leave_untranslated

pytestmark = pytest.mark.django_db

LANGUAGES = {"en": "en", "ms": "ms", "zh-hans": "zh-Hans"}


def url_in(page, language):
    with override(language):
        return page.get_url()


def get(client, page, language):
    response = client.get(url_in(page, language))
    assert response.status_code == 200, url_in(page, language)
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", [HomePage, ArticleIndexPage, EnquiryFormPage])
def test_each_page_type_renders_in_each_language(seeded, client, model, language):
    page = model.objects.get()
    soup = get(client, page, language)
    assert soup.html["lang"] == LANGUAGES[language]
    expected_title = getattr(page, f"title_{language.replace('-', '_')}")
    assert soup.find("h1").get_text(strip=True) == expected_title


@pytest.mark.parametrize(
    ("language", "title", "heading"),
    [
        ("en", "How Immunotherapy Targets Cancer Cells", "How Does Immunotherapy Work?"),
        ("ms", "Bagaimana Imunoterapi Menyasarkan Sel Kanser", "Bagaimanakah Imunoterapi Berfungsi?"),
        ("zh-hans", "免疫疗法如何靶向癌细胞", "免疫疗法如何起作用？"),
    ],
)
def test_article_renders_translated_title_and_headings(seeded, client, language, title, heading):
    soup = get(client, seeded, language)
    assert soup.html["lang"] == LANGUAGES[language]
    assert soup.find("h1").get_text().startswith(title)
    assert heading in [h.get_text() for h in soup.find_all("h2")]


def test_translated_slugs_are_used_in_urls(seeded):
    assert url_in(seeded, "en") == "/en/articles/how-immunotherapy-targets-cancer-cells/"
    assert url_in(seeded, "ms") == "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"
    # No Chinese slug was given: the English slug serves under the /zh-hans/ prefix.
    assert url_in(seeded, "zh-hans") == "/zh-hans/articles/how-immunotherapy-targets-cancer-cells/"


def test_missing_translation_falls_back_to_english_visibly(seeded, client):
    leave_untranslated(seeded, "ms")
    soup = get(client, seeded, "ms")
    assert "Sebahagian halaman ini belum diterjemahkan" in soup.find("p", class_="notice").get_text()
    first_paragraph = soup.find("div", class_="paragraph")
    assert first_paragraph["lang"] == "en"
    assert "is-fallback" in first_paragraph["class"]
    assert first_paragraph.get_text().startswith("The immune system is constantly monitoring")
    heading = soup.find("h2", id="how-does-immunotherapy-work")
    assert heading["lang"] == "ms"
    assert "is-fallback" not in (heading.get("class") or [])


def test_a_translated_paragraph_replaces_the_fallback(seeded, client):
    first = next(child for child in seeded.body_ms if child.block_type == "paragraph")
    stream = seeded.body_ms.get_prep_value()
    for block in stream:
        if block["id"] == first.id:
            block["value"] = "<p>Sistem imun sentiasa memantau badan.</p>"
    seeded.body_ms = stream
    with approved_translations():
        seeded.save_revision().publish()
    soup = get(client, seeded, "ms")
    paragraph = soup.find("div", class_="paragraph")
    assert paragraph["lang"] == "ms"
    assert paragraph.get_text() == "Sistem imun sentiasa memantau badan."


def test_english_page_has_no_fallback_notice(seeded, client):
    soup = get(client, seeded, "en")
    assert soup.find("p", class_="notice") is None
    assert soup.find(class_="is-fallback") is None


def test_root_redirects_by_accept_language(seeded, client):
    cases = {
        "ms-MY,ms;q=0.9,en;q=0.5": "/ms/",
        "zh-CN,zh;q=0.9": "/zh-hans/",
        "zh-TW": "/zh-hans/",
        "fr-FR,fr;q=0.9,ms;q=0.4": "/ms/",
        "de-DE": "/en/",
        "": "/en/",
    }
    for header, target in cases.items():
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code == 302
        assert response["Location"] == target, header
        assert "Accept-Language" in response["Vary"]


def test_language_switcher_and_hreflang_alternates(seeded, client):
    soup = get(client, seeded, "en")
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates["ms"].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")
    assert alternates["zh-Hans"].endswith("/zh-hans/articles/how-immunotherapy-targets-cancer-cells/")
    assert alternates["x-default"] == alternates["en"]
    switcher = soup.find("nav", class_="languages")
    names = [a.get_text() for a in switcher.find_all("a")]
    assert names == ["English", "中文（简体）", "Bahasa Melayu"]
    assert switcher.find("a", attrs={"aria-current": "true"}).get_text() == "English"


def test_review_dates_are_formatted_for_the_page_language(seeded, client):
    texts = {language: page_text(str(get(client, seeded, language))) for language in LANGUAGES}
    assert "Last reviewed: November 1, 2026" in texts["en"]
    assert "Next review due: November 1, 2027" in texts["en"]
    assert "Kali terakhir disemak: 1 November 2026" in texts["ms"]
    assert "最近审核：2026年11月1日" in texts["zh-hans"]


def test_json_ld_medical_web_page(seeded, client):
    soup = get(client, seeded, "zh-hans")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "MedicalWebPage"
    assert data["inLanguage"] == "zh-Hans"
    assert data["lastReviewed"] == "2026-11-01"
    assert data["reviewedBy"] == {"@type": "Organization", "name": "Cancer A-Z Medical Review Panel"}
    assert len(data["citation"]) == 5
    assert data["citation"][0]["sameAs"] == "https://doi.org/10.1158/2159-8290.CD-21-1059"
    assert data["name"].startswith("免疫疗法")


def test_open_graph_tags_for_link_previews(seeded, client):
    soup = get(client, seeded, "ms")
    og = {meta["property"]: meta["content"] for meta in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"].startswith("Bagaimana Imunoterapi")
    assert og["og:description"].startswith("Imunoterapi membantu")
    assert og["og:locale"] == "ms_MY"
    assert og["og:url"].endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/")


def test_ctas_are_buttons_and_whatsapp_opens_click_to_chat(seeded, client):
    soup = get(client, seeded, "ms")
    whatsapp = soup.find("a", class_="button--whatsapp")
    assert whatsapp.get_text() == "Sembang di WhatsApp"
    assert whatsapp["href"].startswith("https://wa.me/60123456789?text=")
    assert unquote(whatsapp["href"].split("text=", 1)[1]) == "Helo, saya ingin tahu lebih lanjut tentang biopsi cecair."
    enquiry = soup.find("a", string="Minta perbincangan")
    assert enquiry["href"].endswith("/ms/pertanyaan-biopsi-cecair/")
    assert enquiry["href"].startswith("http")


def test_references_link_their_dois(seeded, client):
    soup = get(client, seeded, "en")
    links = [a["href"] for a in soup.find("ul", class_="references").find_all("a")]
    assert links == [
        "https://doi.org/10.1158/2159-8290.CD-21-1059",
        "https://doi.org/10.1126/science.aar6711",
        "https://doi.org/10.1126/science.aar4060",
        "https://doi.org/10.1038/nature23003",
        "https://doi.org/10.1016/j.cell.2017.01.017",
    ]


def test_headings_have_stable_anchors(seeded):
    anchors = [child.value["anchor"] for child in seeded.body_en if child.block_type == "heading"]
    assert anchors[0] == "what-is-the-hidden-problem-why-can-cancer-escape-the-immune-system"
    assert len(set(anchors)) == len(anchors)
    stream = seeded.body_en.get_prep_value()
    stream[0]["value"]["text"] = "A reworded heading"
    seeded.body_en = stream
    seeded.full_clean()
    assert seeded.body_en[0].value["anchor"] == anchors[0]


def test_enquiry_form_submission_is_stored_in_the_source_language(seeded, client):
    form_page = EnquiryFormPage.objects.get()
    response = client.post(
        url_in(form_page, "ms"),
        {
            "name": "Aminah",
            "phone_or_email": "aminah@example.com",
            "i_would_like_to_know_about": ["Liquid biopsy"],
            "i_agree_to_be_contacted_about_my_enquiry": "on",
        },
        follow=True,
    )
    # Post/Redirect/Get: the thank-you page is a page of its own, in Malay.
    assert response.redirect_chain == [("/ms/pertanyaan-biopsi-cecair/terima-kasih/#thanks", 303)]
    assert "Terima kasih" in page_text(response.content.decode())
    submission = FormSubmission.objects.get()
    data = submission.get_data()
    assert data["name"] == "Aminah"
    assert data["i_would_like_to_know_about"] == ["Liquid biopsy"]


def test_enquiry_form_rejects_missing_consent_and_stores_nothing(seeded, client):
    form_page = EnquiryFormPage.objects.get()
    response = client.post(url_in(form_page, "en"), {"name": "A", "phone_or_email": "a@example.com"})
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 0
    assert "This field is required." in response.content.decode()


def test_sitemap_lists_every_page_in_every_language_with_alternates(seeded, client):
    index = client.get("/sitemap.xml").content.decode()
    sitemaps = [loc.split("/", 3)[3] for loc in re.findall(r"<loc>(.*?)</loc>", index)]
    assert sitemaps == ["sitemap-en.xml", "sitemap-zh-hans.xml", "sitemap-ms.xml"]
    xml = "".join(client.get(f"/{sitemap}").content.decode() for sitemap in sitemaps)
    locations = re.findall(r"<loc>(.*?)</loc>", xml)
    assert len(locations) == 4 * 3
    assert any(loc.endswith("/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/") for loc in locations)
    assert 'hreflang="zh-hans"' in xml
    assert 'hreflang="x-default"' in xml
