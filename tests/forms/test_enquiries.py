"""The enquiry form over the web and the API: same validation, same storage, protected."""

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from content_pages.models import EnquiryFormPage, EnquirySubmission
from tests.refusals import assert_sent_to_login

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Aminah",
    "phone_or_email": "012-345 6789",
    "i_would_like_to_know_about": ["Liquid biopsy", "Precision medicine"],
    "i_agree_to_be_contacted_about_my_enquiry": True,
}


@pytest.fixture
def form_page(seeded):
    return EnquiryFormPage.objects.get()


def post_api(client, page, data, lang="ms", channel=None, **extra):
    body = {"data": data, **({"channel": channel} if channel else {})}
    return client.post(
        f"/api/v2/forms/{page.pk}/submissions/?lang={lang}", json.dumps(body), content_type="application/json", **extra
    )


def test_form_definition_in_malay(form_page, api):
    data = api(f"/api/v2/forms/{form_page.pk}/?lang=ms").json()
    assert data["title"] == "Pertanyaan biopsi cecair"
    fields = {field["name"]: field for field in data["fields"]}
    assert fields["phone_or_email"] == {
        "name": "phone_or_email",
        "type": "contact",
        "required": True,
        "label": "Telefon atau e-mel",
        "help_text": "Supaya kami boleh membalas anda.",
        "choices": [],
        "autocomplete": "tel",
    }
    assert fields["name"]["autocomplete"] == "name"
    assert data["privacy_notice"] == {
        "text": "Kami menggunakan butiran anda hanya untuk menjawab pertanyaan anda. Kami tidak berkongsinya, "
        "dan kami memadamnya apabila tidak lagi diperlukan.",
        "language": "ms",
        "link_label": "",
        "link_url": "",
    }
    assert fields["i_would_like_to_know_about"]["choices"][1] == {
        "value": "Natural substances",
        "label": "Bahan semula jadi",
    }
    assert data["meta"]["honeypot"] == "website"
    assert data["meta"]["submit_url"].endswith(f"/api/v2/forms/{form_page.pk}/submissions/")


def test_web_and_api_submissions_are_stored_identically(form_page, client):
    with override("ms"):
        url = form_page.get_url()
    web = client.post(url, {**VALID, "i_agree_to_be_contacted_about_my_enquiry": "on"}, follow=True)
    assert web.redirect_chain[0][1] == 303
    assert "Terima kasih" in web.content.decode()
    api = post_api(client, form_page, VALID, channel="whatsapp")
    assert api.status_code == 201, api.content
    assert api.json() == {
        "status": "received",
        "message": "Terima kasih. Pasukan kami akan menghubungi anda tidak lama lagi.",
    }
    from_web, from_api = EnquirySubmission.objects.order_by("pk")
    assert from_web.form_data == from_api.form_data
    assert from_api.form_data["phone_or_email"] == "+60123456789"
    assert (from_web.channel, from_api.channel) == ("web", "whatsapp")
    assert from_web.language == from_api.language == "ms"
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["enquiries@localhost"]


def test_email_addresses_are_accepted_as_contact(form_page, client):
    response = post_api(client, form_page, {**VALID, "phone_or_email": "Aminah@Example.COM"}, lang="en")
    assert response.status_code == 201
    assert EnquirySubmission.objects.get().form_data["phone_or_email"] == "aminah@example.com"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"phone_or_email": "12"}, "phone_or_email", "Masukkan alamat e-mel atau nombor telefon yang sah."),
        ({"phone_or_email": "aminah@"}, "phone_or_email", "Masukkan alamat e-mel atau nombor telefon yang sah."),
        ({"name": ""}, "name", None),
        ({"i_agree_to_be_contacted_about_my_enquiry": False}, "i_agree_to_be_contacted_about_my_enquiry", None),
        ({"i_would_like_to_know_about": ["Astrology"]}, "i_would_like_to_know_about", None),
    ],
)
def test_each_invalid_answer_is_named_in_malay_and_nothing_is_stored(form_page, client, change, field, message):
    response = post_api(client, form_page, {**VALID, **change})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_submission"
    assert list(body["errors"]) == [field]
    if message:
        assert body["errors"][field] == [message]
    else:
        assert "This field" not in body["errors"][field][0]  # Django's own messages, in Malay
    assert EnquirySubmission.objects.count() == 0


def test_bad_phone_via_the_api_gets_a_malay_message_naming_the_field(form_page, client):
    response = post_api(client, form_page, {**VALID, "phone_or_email": "0000"})
    assert response.status_code == 400
    assert response.json()["message"] == "Sila betulkan: Telefon atau e-mel."
    assert response.json()["errors"] == {"phone_or_email": ["Masukkan alamat e-mel atau nombor telefon yang sah."]}


def test_bad_phone_on_the_malay_web_form_is_named_in_malay(form_page, client):
    with override("ms"):
        url = form_page.get_url()
    response = client.post(url, {**VALID, "phone_or_email": "abc", "i_agree_to_be_contacted_about_my_enquiry": "on"})
    assert "Masukkan alamat e-mel atau nombor telefon yang sah." in response.content.decode()
    assert EnquirySubmission.objects.count() == 0


def test_honeypot_submissions_look_accepted_but_are_dropped(form_page, client):
    response = post_api(client, form_page, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 201
    assert EnquirySubmission.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_answers_429_with_retry_after(form_page, client, settings):
    settings.CMS_ENQUIRY_RATE_LIMIT = 2
    assert post_api(client, form_page, VALID).status_code == 201
    assert post_api(client, form_page, VALID).status_code == 201
    limited = post_api(client, form_page, VALID)
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= settings.CMS_ENQUIRY_RATE_WINDOW
    assert limited.json()["code"] == "rate_limited"
    assert EnquirySubmission.objects.count() == 2
    other_client = post_api(client, form_page, VALID, REMOTE_ADDR="10.0.0.9")
    assert other_client.status_code == 201


def test_web_form_is_rate_limited_too(form_page, client, settings):
    settings.CMS_ENQUIRY_RATE_LIMIT = 0
    response = client.post(form_page.get_url(), {**VALID, "i_agree_to_be_contacted_about_my_enquiry": "on"})
    assert response.status_code == 429
    assert response["Retry-After"]
    assert EnquirySubmission.objects.count() == 0


def test_oversized_body_is_a_413(form_page, client):
    response = post_api(client, form_page, {**VALID, "name": "x" * 20000})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert EnquirySubmission.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"data": {**VALID, "shoe_size": 42}}, "unknown_field"),
        ({"data": VALID, "channel": "carrier-pigeon"}, "unknown_channel"),
        ({"answers": VALID}, "invalid_parameter"),
    ],
)
def test_malformed_requests_are_400s(form_page, client, body, code):
    response = client.post(
        f"/api/v2/forms/{form_page.pk}/submissions/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert EnquirySubmission.objects.count() == 0


def test_invalid_json_is_a_400(form_page, client):
    response = client.post(f"/api/v2/forms/{form_page.pk}/submissions/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_web_form_needs_no_csrf_token_but_refuses_other_sites(form_page):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = {**VALID, "i_agree_to_be_contacted_about_my_enquiry": "on"}
    refused = strict.post(form_page.get_url(), data, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    assert EnquirySubmission.objects.count() == 0
    sent = strict.post(form_page.get_url(), data, HTTP_ORIGIN="http://testserver")
    assert sent.status_code == 303
    assert EnquirySubmission.objects.count() == 1


def test_submissions_are_not_readable_without_permission(form_page, client, django_user_model):
    post_api(client, form_page, VALID)
    assert client.get(f"/api/v2/forms/{form_page.pk}/submissions/").status_code == 405
    listing = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    assert_sent_to_login(client.get(listing), listing)
    # Signed in without access to the admin: the login page again, to sign in as someone who has it.
    someone = django_user_model.objects.create_user("someone", password="pw")
    client.force_login(someone)
    assert_sent_to_login(client.get(listing), listing)


def test_staff_can_list_and_export_submissions(form_page, client, admin_client):
    post_api(client, form_page, VALID)
    listing = admin_client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]))
    assert listing.status_code == 200
    assert "+60123456789" in listing.content.decode()
    csv = admin_client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]) + "?export=csv")
    content = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "+60123456789" in content
    assert "whatsapp" not in content
    assert ",api" in content


def test_retention_command_deletes_old_submissions(form_page, client, settings):
    post_api(client, form_page, VALID)
    post_api(client, form_page, VALID)
    old = EnquirySubmission.objects.first()
    EnquirySubmission.objects.filter(pk=old.pk).update(submit_time=timezone.now() - datetime.timedelta(days=100))
    settings.CMS_ENQUIRY_RETENTION_DAYS = 90
    call_command("purge_enquiries")
    assert list(EnquirySubmission.objects.values_list("pk", flat=True)) != [old.pk]
    assert EnquirySubmission.objects.count() == 1


def test_submission_responses_match_the_openapi_document(form_page, client, openapi, settings):
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    settings.CMS_ENQUIRY_RATE_LIMIT = 2
    for data, status in ((VALID, 201), ({**VALID, "name": ""}, 400), (VALID, 429)):
        response = post_api(client, form_page, data)
        assert response.status_code == status
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


FORMULA = '=HYPERLINK("http://evil","x")'


def _submissions_export(admin_client, page, export_format):
    response = admin_client.get(reverse("wagtailforms:list_submissions", args=[page.pk]), {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_exports_neutralise_formulas(form_page, client, admin_client):
    import csv
    import io as stdio

    import openpyxl

    with override("ms"):
        url = form_page.get_url()
    response = client.post(url, {**VALID, "name": FORMULA, "i_agree_to_be_contacted_about_my_enquiry": "on"})
    assert response.status_code == 303
    assert EnquirySubmission.objects.get().form_data["name"] == FORMULA  # stored as typed

    rows = list(csv.DictReader(stdio.StringIO(_submissions_export(admin_client, form_page, "csv").decode())))
    assert rows[0]["Name"] == "'" + FORMULA
    assert rows[0]["Phone or email"] == "'+60123456789"

    sheet = openpyxl.load_workbook(stdio.BytesIO(_submissions_export(admin_client, form_page, "xlsx"))).active
    headings = [cell.value for cell in sheet[1]]
    cells = dict(zip(headings, (cell.value for cell in sheet[2]), strict=True))
    assert cells["Name"] == "'" + FORMULA
    assert cells["Phone or email"] == "'+60123456789"


def test_the_submissions_listing_shows_the_value_as_stored(form_page, admin_client):
    EnquirySubmission.objects.create(page=form_page, form_data={"name": FORMULA}, language="en")
    response = admin_client.get(reverse("wagtailforms:list_submissions", args=[form_page.pk]))
    assert response.status_code == 200
    assert "'=HYPERLINK" not in response.content.decode()
