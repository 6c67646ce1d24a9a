"""The enquiry form embedded in an article: errors under their own fields, posted in
place, a redirect to the thank-you page with a way back to the article, and a staff
e-mail without the anti-spam field."""

import pytest
from bs4 import BeautifulSoup

from content_pages.foundations.form_fields import HONEYPOT
from content_pages.models import EnquiryFormPage, EnquirySubmission

pytestmark = pytest.mark.django_db

ARTICLE_MS = "/ms/artikel/bagaimana-imunoterapi-menyasarkan-sel-kanser/"
VALID = {
    "name": "Aminah",
    "phone_or_email": "012-345 6789",
    "i_would_like_to_know_about": ["Liquid biopsy"],
    "i_agree_to_be_contacted_about_my_enquiry": "on",
}


@pytest.fixture
def form_page(seeded):
    return EnquiryFormPage.objects.get()


def embedded_form(html):
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one("section.enquiry form")
    assert form is not None
    return form


def test_embedded_form_posts_in_place(form_page, client):
    form = embedded_form(client.get(ARTICLE_MS).content.decode())
    assert form["action"].startswith(ARTICLE_MS)
    assert form.find("input", {"name": "enquiry_form_page"})["value"] == str(form_page.pk)


def test_each_error_is_under_its_own_field_on_the_malay_article(form_page, client):
    response = client.post(ARTICLE_MS, {**VALID, "phone_or_email": "abc", "enquiry_form_page": str(form_page.pk)})
    assert response.status_code == 200
    form = embedded_form(response.content.decode())
    errors = form.select("ul.errorlist")
    assert [error.get_text(strip=True) for error in errors] == ["Masukkan alamat e-mel atau nombor telefon yang sah."]
    error = errors[0]
    # Drawn after the phone input, in the phone field's own group, not under the name field.
    assert error.find_previous("input")["name"] == "phone_or_email"
    assert error.parent.find("input", {"name": "phone_or_email"}) is not None
    assert error.parent.find("input", {"name": "name"}) is None
    assert error["id"] in form.find("input", {"name": "phone_or_email"})["aria-describedby"].split()
    # Every id a field points to exists on the page.
    for described in form.find_all(attrs={"aria-describedby": True}):
        for target in described["aria-describedby"].split():
            assert form.find(id=target) is not None, target
    assert EnquirySubmission.objects.count() == 0


def test_success_links_back_to_the_article(form_page, seeded, client):
    response = client.post(ARTICLE_MS, {**VALID, "enquiry_form_page": str(form_page.pk)})
    # Post/Redirect/Get, to the form page's thank-you URL in Malay, naming the article.
    assert response.status_code == 303
    assert response["Location"] == f"/ms/pertanyaan-biopsi-cecair/terima-kasih/?from={seeded.pk}#thanks"
    response = client.get(response["Location"])
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert "Terima kasih" in soup.get_text()
    back = soup.select_one("a.back")
    assert back["href"] == ARTICLE_MS
    submission = EnquirySubmission.objects.get()
    assert (submission.language, submission.channel) == ("ms", "web")


def test_a_post_naming_no_embedded_form_is_refused(form_page, client):
    response = client.post(ARTICLE_MS, {**VALID, "enquiry_form_page": "999999"})
    assert response.status_code == 405
    assert EnquirySubmission.objects.count() == 0


def test_form_page_landing_links_back(form_page, client):
    response = client.post("/ms/pertanyaan-biopsi-cecair/", VALID, follow=True)
    assert response.redirect_chain == [("/ms/pertanyaan-biopsi-cecair/terima-kasih/#thanks", 303)]
    assert BeautifulSoup(response.content.decode(), "html.parser").select_one("a.back")["href"] == "/ms/"


def test_staff_email_never_lists_the_honeypot(form_page, client, mailoutbox):
    response = client.post(ARTICLE_MS, {**VALID, "enquiry_form_page": str(form_page.pk)})
    assert response.status_code == 303
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Aminah" in body
    assert HONEYPOT not in body
    assert "Biarkan ruangan ini kosong" not in body
    assert "Leave this field empty" not in body
