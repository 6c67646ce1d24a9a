"""The enquiry form to the GOV.UK/NHS pattern, as served: an error summary linking to each
field, messages tied to their fields, required fields marked in words, the checkbox group
in a fieldset, autocomplete, the site's privacy notice, and Post/Redirect/Get to a
thank-you URL in the reader's language that a reload cannot send again."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override
from wagtail.models import Site

from content_pages.models import ChannelRendition, EnquiryFormField, EnquiryFormPage, EnquiryPrivacyNotice
from content_pages.models import EnquirySubmission as Submission

pytestmark = pytest.mark.django_db

FORM_EN = "/en/liquid-biopsy-enquiry/"
FORM_MS = "/ms/pertanyaan-biopsi-cecair/"
THANKS_MS = "/ms/pertanyaan-biopsi-cecair/terima-kasih/"
ARTICLE_MS = "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"
VALID = {
    "name": "Aminah",
    "phone_or_email": "012-345 6789",
    "i_would_like_to_know_about": ["Liquid biopsy"],
    "i_agree_to_be_contacted_about_my_enquiry": "on",
}
GROUP = "i_would_like_to_know_about"
CONSENT = "i_agree_to_be_contacted_about_my_enquiry"


@pytest.fixture
def form_page(seeded):
    return EnquiryFormPage.objects.get()


def form_of(response):
    form = BeautifulSoup(response.content.decode(), "html.parser").select_one("form.enquiry")
    assert form is not None
    return form


# The error summary


def test_a_form_without_errors_has_no_summary(form_page, client):
    form = form_of(client.get(FORM_EN))
    assert form.select_one(".error-summary") is None
    assert not form.select("[aria-invalid]")


def test_a_refused_send_opens_with_a_summary_linking_to_each_field(form_page, client):
    response = client.post(FORM_MS, {"phone_or_email": "abc", GROUP: ["Astrology"]})
    assert response.status_code == 200
    form = form_of(response)
    summary = form.select_one(".error-summary")
    # The form posts to the summary's fragment: the browser focuses it (it takes focus, tabindex -1).
    assert form["action"] == f"{FORM_MS}#{summary['id']}"
    assert summary["id"] == f"enquiry-errors-{form_page.pk}"
    assert summary["tabindex"] == "-1"
    assert summary.find("h2").get_text(strip=True) == "Terdapat masalah"
    links = summary.select("a")
    assert [link["href"] for link in links] == ["#id_name", "#id_phone_or_email", f"#id_{GROUP}_0", f"#id_{CONSENT}"]
    # Each link leads to a field that exists and says which field and what is wrong.
    for link in links:
        target = form.find(id=link["href"][1:])
        assert target is not None
        assert target.name == "input"
    assert links[1].get_text(strip=True) == "Telefon atau e-mel: Masukkan alamat e-mel atau nombor telefon yang sah."
    assert Submission.objects.count() == 0


def test_the_embedded_form_posts_to_its_summary_on_the_article(form_page, client):
    form = form_of(client.get(ARTICLE_MS))
    assert form["action"] == f"{ARTICLE_MS}#enquiry-errors-{form_page.pk}"
    response = client.post(ARTICLE_MS, {**VALID, "name": "", "enquiry_form_page": str(form_page.pk)})
    form = form_of(response)
    assert form.select_one(f"#enquiry-errors-{form_page.pk} a")["href"] == "#id_name"


# Each field's message, state and marking


def test_invalid_fields_are_marked_and_described_by_their_message(form_page, client):
    form = form_of(client.post(FORM_EN, {**VALID, "phone_or_email": "abc", GROUP: ["Astrology"]}))
    phone = form.find("input", {"name": "phone_or_email"})
    assert phone["aria-invalid"] == "true"
    assert phone["aria-describedby"].split() == ["id_phone_or_email_helptext", "id_phone_or_email_error"]
    assert (
        form.find(id="id_phone_or_email_error").get_text(strip=True) == "Enter a valid email address or phone number."
    )
    assert "has-errors" in phone.find_parent(class_="field")["class"]
    # A valid field stays unmarked.
    name = form.find("input", {"name": "name"})
    assert not name.has_attr("aria-invalid")
    assert "has-errors" not in name.find_parent(class_="field")["class"]
    # The checkbox group: its fieldset is described by the message, its boxes marked invalid.
    fieldset = form.find("fieldset", class_=f"field--{GROUP}")
    assert fieldset["aria-describedby"] == f"id_{GROUP}_error"
    assert form.find(id=f"id_{GROUP}_error") is not None
    assert all(box["aria-invalid"] == "true" for box in fieldset.select("input[type=checkbox]"))


def test_the_checkbox_group_is_a_fieldset_with_its_label_as_legend(form_page, client):
    form = form_of(client.get(FORM_MS))
    fieldset = form.find("fieldset", class_=f"field--{GROUP}")
    assert fieldset.legend.get_text(strip=True) == "Saya ingin tahu tentang"
    assert len(fieldset.select("input[type=checkbox]")) == 3
    # Each choice is labelled by its own text.
    assert [label.get_text(strip=True) for label in fieldset.select("label")] == [
        "Biopsi cecair",
        "Bahan semula jadi",
        "Perubatan tepat",
    ]


@pytest.mark.parametrize(
    ("url", "word"), [(FORM_EN, "(required)"), (FORM_MS, "(wajib)"), ("/zh-hans/liquid-biopsy-enquiry/", "(必填)")]
)
def test_required_fields_say_so_in_words(form_page, client, url, word):
    form = form_of(client.get(url))
    marked = {
        label.get("for") or label.find_parent("fieldset")["class"][1]: word in label.get_text()
        for label in form.select("label[for], legend")
        if (not label.find_parent(class_="hp") and not label.find_parent("fieldset")) or label.name == "legend"
    }
    assert marked == {
        "id_name": True,
        "id_phone_or_email": True,
        f"field--{GROUP}": False,
        f"id_{CONSENT}": True,
    }
    assert form.find("input", {"name": "name"}).has_attr("required")
    assert form.has_attr("novalidate")  # the server's messages, in the reader's language


def test_autocomplete_follows_the_editor_then_the_field_type(form_page, client):
    form = form_of(client.get(FORM_EN))
    assert form.find("input", {"name": "name"})["autocomplete"] == "name"
    assert form.find("input", {"name": "phone_or_email"})["autocomplete"] == "tel"
    assert form.find("input", {"name": "website"})["autocomplete"] == "off"  # the honeypot
    assert not form.find("input", {"name": CONSENT}).has_attr("autocomplete")
    EnquiryFormField.objects.create(page=form_page, label="Email", field_type="email", required=False, sort_order=9)
    EnquiryFormField.objects.filter(page=form_page, clean_name="name").update(autocomplete="off")
    form = form_of(client.get(FORM_EN))
    assert form.find("input", {"name": "email"})["autocomplete"] == "email"
    assert form.find("input", {"name": "name"})["autocomplete"] == "off"


def test_the_migration_lets_existing_name_fields_fill_in_a_name(form_page):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("content_pages.migrations.0022_enquiry_privacy_notice_and_autocomplete")
    EnquiryFormField.objects.filter(clean_name="name").update(autocomplete="")
    migration.name_fields_fill_in_the_name(apps, None)
    assert EnquiryFormField.objects.get(clean_name="name").autocomplete == "name"
    assert EnquiryFormField.objects.get(clean_name="phone_or_email").autocomplete == ""


# The privacy notice


def notice_of(response):
    return form_of(response).select_one(".privacy-notice")


def test_the_privacy_notice_is_on_the_form_in_the_readers_language(form_page, client):
    notice = EnquiryPrivacyNotice.objects.get()
    notice.link_label_en, notice.link_url_en = "How we use your information", "https://example.org/privacy"
    notice.link_label_ms, notice.link_url_ms = "Cara kami menggunakan maklumat anda", "https://example.org/ms/privasi"
    notice.save()
    shown = notice_of(client.get(FORM_MS))
    assert shown.get_text(" ", strip=True).startswith("Kami menggunakan butiran anda hanya")
    link = shown.find("a")
    assert (link["href"], link.get_text(strip=True)) == (
        "https://example.org/ms/privasi",
        "Cara kami menggunakan maklumat anda",
    )
    # Before the Send button, where a reader reads it before sending.
    assert shown.find_next("button")["type"] == "submit"
    # The article's embedded form shows the same notice.
    assert notice_of(client.get(ARTICLE_MS)).find("a")["href"] == "https://example.org/ms/privasi"


def test_a_language_without_its_own_notice_gets_the_english_one_marked_as_english(form_page, client):
    notice = EnquiryPrivacyNotice.objects.get()
    notice.text_zh_hans = ""
    notice.save()
    shown = notice_of(client.get("/zh-hans/liquid-biopsy-enquiry/"))
    span = shown.find("span")
    assert span["lang"] == "en"
    assert span.get_text().startswith("We use your details only")
    assert shown.find("a") is None  # no link set


def test_a_site_without_a_notice_shows_none(form_page, client):
    EnquiryPrivacyNotice.objects.all().delete()
    assert notice_of(client.get(FORM_EN)) is None


def test_the_notice_is_set_per_language_in_the_admin(form_page, admin_client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["content_pages", "enquiryprivacynotice", site.pk])
    data = {
        "text_en": "We keep your details safe.",
        "text_ms": "Kami menyimpan butiran anda dengan selamat.",
        "text_zh_hans": "",
        "link_label_en": "Privacy",
        "link_url_en": "https://example.org/privacy",
        "link_label_ms": "Privasi",
        "link_url_ms": "",
        "link_label_zh_hans": "",
        "link_url_zh_hans": "",
    }
    assert admin_client.post(url, data).status_code == 302
    notice = EnquiryPrivacyNotice.objects.get(site=site)
    assert (notice.text_ms, notice.link_label_ms, notice.link_url_en) == (
        "Kami menyimpan butiran anda dengan selamat.",
        "Privasi",
        "https://example.org/privacy",
    )


def test_a_link_without_words_or_address_is_refused_naming_the_language(form_page):
    notice = EnquiryPrivacyNotice.objects.get()
    notice.link_url_ms = "https://example.org/ms/privasi"
    with pytest.raises(ValidationError) as refused:
        notice.full_clean()
    assert refused.value.message_dict == {"link_label_ms": ["Give the link's text too (Malay)."]}
    notice.link_label_en, notice.link_url_en = "Privacy", "https://example.org/privacy"
    notice.full_clean()  # Malay borrows the English words; every language has both


def test_saving_the_notice_renders_the_pages_that_show_it_again(
    form_page, seeded, client, django_capture_on_commit_callbacks
):
    before = dict(ChannelRendition.objects.filter(page=seeded).values_list("pk", "generation"))
    assert before
    notice = EnquiryPrivacyNotice.objects.get()
    notice.text_ms = "Notis privasi yang baharu."
    with django_capture_on_commit_callbacks(execute=True):
        notice.save()
        after = dict(ChannelRendition.objects.filter(page=seeded).values_list("pk", "generation"))
        assert all(after[pk] == generation + 1 for pk, generation in before.items())  # stale at once
    stored = ChannelRendition.objects.get(page=seeded, channel="html", language="ms")
    assert "Notis privasi yang baharu." in stored.body
    assert stored.rendered_generation == stored.generation
    assert "Notis privasi yang baharu." in notice_of(client.get(ARTICLE_MS)).get_text()


# Post/Redirect/Get


def test_a_stored_enquiry_redirects_and_the_thank_you_page_stores_nothing(form_page, client):
    response = client.post(FORM_MS, VALID)
    assert response.status_code == 303
    assert response["Location"] == f"{THANKS_MS}#thanks"
    assert Submission.objects.count() == 1
    for _reload in range(2):
        thanks = client.get(THANKS_MS)
        assert thanks.status_code == 200
        assert "Terima kasih. Pasukan kami akan menghubungi anda tidak lama lagi." in thanks.content.decode()
    assert Submission.objects.count() == 1
    soup = BeautifulSoup(thanks.content.decode(), "html.parser")
    assert soup.find(id="thanks")["tabindex"] == "-1"
    # The heading and the tab say the enquiry went, not the form's name again.
    assert soup.find("h1").get_text() == "Pertanyaan dihantar"
    assert soup.title.get_text().startswith("Pertanyaan dihantar: ")
    assert soup.find("meta", {"name": "robots"})["content"] == "noindex"
    assert soup.select_one("a.back")["href"] == "/ms/"


def test_the_thank_you_page_refuses_a_post(form_page, client):
    response = client.post(THANKS_MS, VALID)
    assert response.status_code == 405
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "thanks"),
    [("en", "/en/liquid-biopsy-enquiry/thank-you/"), ("zh-hans", "/zh-hans/liquid-biopsy-enquiry/%E8%B0%A2%E8%B0%A2/")],
)
def test_the_thank_you_url_is_in_the_readers_language(form_page, client, language, thanks):
    with override(language):
        url = form_page.get_url()
    response = client.post(url, VALID)
    assert response["Location"] == f"{thanks}#thanks"
    page = client.get(thanks)
    assert page.status_code == 200
    assert page["Content-Language"] == language


def test_only_the_thank_you_segment_of_the_language_is_served(form_page, client):
    assert client.get("/ms/pertanyaan-biopsi-cecair/thank-you/").status_code == 404
    assert client.get("/en/liquid-biopsy-enquiry/anything-else/").status_code == 404


def test_the_thank_you_page_leads_back_to_the_article_named_by_id_only(form_page, seeded, client):
    back = BeautifulSoup(client.get(f"{THANKS_MS}?from={seeded.pk}").content.decode(), "html.parser").select_one(
        "a.back"
    )
    assert back["href"] == ARTICLE_MS
    assert back.get_text(strip=True) == "Kembali ke artikel"
    for other in (str(form_page.pk), "https://evil.example/", "99999999", "1e3", "٣"):
        back = BeautifulSoup(client.get(THANKS_MS, {"from": other}).content.decode(), "html.parser").select_one(
            "a.back"
        )
        assert back["href"] == "/ms/", other


def test_the_thank_you_page_of_an_unpublished_form_is_gone(form_page, client):
    form_page.unpublish()
    assert client.get(THANKS_MS).status_code == 404


def test_the_thank_you_page_costs_a_constant_number_of_queries(
    form_page, seeded, client, django_assert_max_num_queries
):
    client.get(f"{THANKS_MS}?from={seeded.pk}")
    # Routing, the view restrictions, the site, its privacy notice and the one article.
    with django_assert_max_num_queries(13):
        assert client.get(f"{THANKS_MS}?from={seeded.pk}").status_code == 200


def test_a_honeypot_send_looks_accepted_and_stores_nothing(form_page, client):
    response = client.post(FORM_MS, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 303
    assert response["Location"] == f"{THANKS_MS}#thanks"
    assert Submission.objects.count() == 0


def test_the_rate_limit_still_answers_before_any_redirect(form_page, client, settings):
    settings.CMS_ENQUIRY_RATE_LIMIT = 1
    assert client.post(FORM_MS, VALID).status_code == 303
    limited = client.post(FORM_MS, VALID)
    assert limited.status_code == 429
    assert limited["Retry-After"]
    assert Submission.objects.count() == 1


def test_the_landing_preview_shows_the_thank_you_page(form_page, admin_client):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[form_page.pk])
    response = admin_client.get(url, {"mode": "landing"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.find(id="thanks") is not None
    assert Submission.objects.count() == 0


def test_the_api_gives_bots_the_notice_and_says_when_it_is_a_fallback(
    form_page, api, client, django_capture_on_commit_callbacks
):
    notice = EnquiryPrivacyNotice.objects.get()
    notice.text_zh_hans = ""
    notice.link_label_en, notice.link_url_en = "Privacy", "https://example.org/privacy"
    with django_capture_on_commit_callbacks(execute=True):
        notice.save()  # the form page's stored renditions are rendered again
    data = api(f"/api/v2/forms/{form_page.pk}/?lang=zh-hans").json()
    assert data["privacy_notice"] == {
        "text": "We use your details only to answer your enquiry. We do not share them, and we delete them when "
        "they are no longer needed.",
        "language": "en",
        "link_label": "Privacy",
        "link_url": "https://example.org/privacy",
    }
    page = api(f"/api/v2/pages/{form_page.pk}/?lang=zh-hans").json()
    assert page["privacy_notice"] == data["privacy_notice"]
    assert {(fallback["path"], fallback["language"]) for fallback in page["meta"]["fallbacks"]} >= {
        ("privacy_notice.text", "en"),
        ("privacy_notice.link_label", "en"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        EnquiryPrivacyNotice.objects.all().delete()
    assert api(f"/api/v2/forms/{form_page.pk}/?lang=en").json()["privacy_notice"] is None
    assert api(f"/api/v2/pages/{form_page.pk}/?lang=en").json()["privacy_notice"] is None


def test_editors_choose_what_the_browser_may_fill_in(form_page, admin_client):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[form_page.pk])).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("select[name$='-autocomplete']")) == 4  # one per field
    choices = [option["value"] for option in soup.select("select[name='form_fields-0-autocomplete'] option")]
    assert choices == ["", "name", "email", "tel", "off"]
    assert soup.select_one("select[name='form_fields-0-autocomplete'] option[selected]")["value"] == "name"
