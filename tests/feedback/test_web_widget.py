"""The website's "Was this helpful?" form: part of the article stored at publish (one page
for every reader, kept by shared caches), answered without a script or a CSRF token,
stored for the web channel, then an optional comment added to that answer through a
signed link; refused with a page that says what to do, and nothing stored, otherwise."""

import time
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client
from django.utils.translation import override
from wagtail.models import PageViewRestriction

from content_pages.foundations.languages import content_languages
from content_pages.foundations.limits import FEEDBACK_COMMENT_MAX
from content_pages.interfaces.web import feedback as web_feedback
from content_pages.models import PageFeedback
from content_pages.publishing import feedback

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
QUESTION = {"en": "Was this helpful?", "ms": "Adakah ini membantu?"}
BUTTONS = {"en": ["Yes", "No"], "ms": ["Ya", "Tidak"]}


def url_in(page, language):
    with override(language):
        return page.get_url()


def answer_url(page_id, language="en"):
    return f"/{language}/feedback/{page_id}/"


def answer(client, page_id, helpful, language="en", **headers):
    return client.post(answer_url(page_id, language), {"helpful": helpful}, **{**SAME_ORIGIN, **headers})


def thanks_path(response):
    """The thank-you URL a 303 sent the browser to, without its fragment."""
    assert response.status_code == 303, response.content[:300]
    location = urlsplit(response["Location"])
    assert location.fragment == web_feedback.THANKS_ANCHOR
    return location.path


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("language", content_languages())
def test_the_stored_article_asks_in_its_language_and_stays_one_page_for_everyone(seeded, language):
    url = url_in(seeded, language)
    first, second = Client(enforce_csrf_checks=True).get(url), Client().get(url)
    assert first.status_code == second.status_code == 200
    # Byte for byte the same page for two readers, with the stored page's caching headers.
    assert first.content == second.content
    for response in (first, second):
        assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=")
        assert response["ETag"] == first["ETag"]
        assert response["Last-Modified"]
        assert response.cookies == {}
    assert Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert b"csrfmiddlewaretoken" not in first.content

    form = soup_of(first).find("form", class_="feedback")
    assert form["method"] == "post"
    assert form["action"] == answer_url(seeded.pk, language)
    assert form.find("input") is None  # nothing hidden: no token, nothing about the reader
    if language in QUESTION:
        assert form.find("fieldset").find("legend").get_text(strip=True) == QUESTION[language]
    buttons = form.find_all("button")
    assert [(button["type"], button["name"], button["value"]) for button in buttons] == [
        ("submit", "helpful", "yes"),
        ("submit", "helpful", "no"),
    ]
    if language in BUTTONS:
        assert [button.get_text(strip=True) for button in buttons] == BUTTONS[language]


def test_the_form_comes_after_the_references_and_before_the_aside(seeded, client):
    html = client.get(url_in(seeded, "en")).content.decode()
    assert html.index('id="references"') < html.index('class="feedback"') < html.index('class="enquiry"')


def test_a_yes_is_stored_for_the_web_and_thanked_without_a_cache(seeded, client):
    sent = answer(client, seeded.pk, "yes", "ms")
    path = thanks_path(sent)
    assert path.startswith("/ms/feedback/thanks/")
    stored = PageFeedback.objects.get()
    assert (stored.page_id, stored.language, stored.channel, stored.helpful, stored.comment) == (
        seeded.pk,
        "ms",
        "web",
        True,
        "",
    )
    page = client.get(path)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert page.cookies == {}
    soup = soup_of(page)
    assert soup.find("html")["lang"] == "ms"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert soup.find("a", class_="back")["href"] == url_in(seeded, "ms")
    # Reloading the thank-you page stores nothing again.
    client.get(path)
    assert PageFeedback.objects.count() == 1


def test_a_no_and_a_comment_are_stored_without_the_contact_details(seeded, client):
    path = thanks_path(answer(client, seeded.pk, "no"))
    offered = soup_of(client.get(path))
    assert offered.find("h1").get_text(strip=True) == "Thank you for your answer"
    form = offered.find("form", class_="feedback-comment")
    assert form["method"] == "post"
    assert form["action"].startswith(path)
    textarea = form.find("textarea", attrs={"name": "comment"})
    assert textarea["maxlength"] == str(FEEDBACK_COMMENT_MAX)
    assert form.find("label", attrs={"for": textarea["id"]}) is not None
    hint = form.find(id="feedback-comment-hint").get_text()
    assert "E-mail addresses and phone numbers are removed" in hint
    assert textarea["aria-describedby"] == "feedback-comment-hint"
    assert form.find("input") is None

    sent = client.post(path, {"comment": "call me on +60 12-345 6789 or a@b.com"}, **SAME_ORIGIN)
    assert thanks_path(sent) == path
    stored = PageFeedback.objects.get()
    assert (stored.channel, stored.helpful, stored.comment) == ("web", False, "call me on […] or […]")
    thanked = client.get(path)
    assert thanked["Cache-Control"] == "no-store"
    soup = soup_of(thanked)
    assert soup.find("h1").get_text(strip=True) == "Thank you for your comment"
    assert soup.find("form") is None
    assert soup.find("a", class_="back")["href"] == url_in(seeded, "en")


def test_a_second_comment_on_the_same_answer_is_refused(seeded, client):
    path = thanks_path(answer(client, seeded.pk, "no"))
    thanks_path(client.post(path, {"comment": "Too long."}, **SAME_ORIGIN))
    again = client.post(path, {"comment": "Something else."}, **SAME_ORIGIN)
    assert again.status_code == 409
    assert soup_of(again).find("h1").get_text(strip=True) == "Your comment was already sent"
    assert PageFeedback.objects.get().comment == "Too long."


def expired_token(feedback_id):
    class AnHourAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - web_feedback.TOKEN_MAX_AGE - 1)

    return AnHourAgo(salt=web_feedback.ANSWER_LINK_SALT).sign_object(feedback_id)


@pytest.mark.parametrize("kind", ["tampered", "other-answer", "expired", "other-salt", "garbage"])
def test_a_bad_link_is_refused_and_changes_nothing(seeded, client, kind):
    path = thanks_path(answer(client, seeded.pk, "no"))
    token = path.rstrip("/").rsplit("/", 1)[1]
    stored = PageFeedback.objects.get()
    bad = {
        "tampered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "other-answer": signing.dumps(stored.pk + 1, salt="elsewhere")[:-1] + token[-1],
        "expired": expired_token(stored.pk),
        "other-salt": signing.dumps(stored.pk),
        "garbage": "not-a-token",
    }[kind]
    url = f"/en/feedback/thanks/{bad}/"
    for response in (client.get(url), client.post(url, {"comment": "Hello"}, **SAME_ORIGIN)):
        assert response.status_code == 400
        assert response["Cache-Control"] == "no-store"
        soup = soup_of(response)
        assert soup.find("h1").get_text(strip=True) == "This link no longer works"
        assert "nothing you sent has been kept" in soup.get_text()
    stored.refresh_from_db()
    assert stored.comment == ""


@pytest.mark.parametrize("headers", [{"HTTP_SEC_FETCH_SITE": "cross-site"}, {"HTTP_ORIGIN": "https://evil.example"}])
def test_a_post_from_another_site_is_refused_and_nothing_is_stored(seeded, headers):
    reader = Client(enforce_csrf_checks=True)
    refused = reader.post(answer_url(seeded.pk), {"helpful": "yes"}, **headers)
    assert refused.status_code == 403
    assert "This form was sent from another website" in refused.content.decode()
    assert PageFeedback.objects.count() == 0
    # Nor can another site's page add a comment to a reader's answer.
    path = thanks_path(answer(reader, seeded.pk, "no"))
    assert reader.post(path, {"comment": "spam"}, **headers).status_code == 403
    assert PageFeedback.objects.get().comment == ""


def test_the_rate_limit_answers_429_with_retry_after(seeded, client, settings):
    settings.CMS_FEEDBACK_RATE_LIMIT = 1
    thanks_path(answer(client, seeded.pk, "yes"))
    limited = answer(client, seeded.pk, "yes")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= settings.CMS_FEEDBACK_RATE_WINDOW
    assert limited["Cache-Control"] == "no-store"
    assert soup_of(limited).find("h1").get_text(strip=True) == "Too many answers"
    assert PageFeedback.objects.count() == 1


def test_an_unknown_unpublished_or_private_page_is_not_found(seeded, client):
    assert answer(client, 999_999, "yes").status_code == 404
    assert answer(client, 10**30, "yes").status_code == 404
    PageViewRestriction.objects.create(page=seeded, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert answer(client, seeded.pk, "yes").status_code == 404
    PageViewRestriction.objects.all().delete()
    seeded.unpublish()
    assert answer(client, seeded.pk, "yes").status_code == 404
    assert PageFeedback.objects.count() == 0


@pytest.mark.parametrize("body", [{}, {"helpful": "maybe"}, {"helpful": ""}, {"helpful": "YES"}])
def test_an_answer_that_is_neither_yes_nor_no_says_what_to_do(seeded, client, body):
    refused = client.post(answer_url(seeded.pk), body, **SAME_ORIGIN)
    assert refused.status_code == 400
    soup = soup_of(refused)
    assert soup.find("h1").get_text(strip=True) == "Your answer was not sent"
    assert "Choose “Yes” or “No”" in soup.get_text()
    assert soup.find("a", class_="back")["href"] == url_in(seeded, "en")
    assert PageFeedback.objects.count() == 0


def test_the_answer_url_takes_posts_only(seeded, client):
    assert client.get(answer_url(seeded.pk)).status_code == 405
    assert PageFeedback.objects.count() == 0


def test_an_over_long_comment_is_shown_again_with_the_readers_text(seeded, client):
    path = thanks_path(answer(client, seeded.pk, "no"))
    text = "Too much jargon. " * 70  # 1190 characters
    refused = client.post(path, {"comment": text}, **SAME_ORIGIN)
    assert refused.status_code == 400
    assert refused["Cache-Control"] == "no-store"
    soup = soup_of(refused)
    textarea = soup.find("textarea", attrs={"name": "comment"})
    assert textarea.get_text() == text
    assert textarea["aria-invalid"] == "true"
    assert textarea["aria-describedby"].split() == ["feedback-comment-hint", "feedback-comment-error"]
    message = soup.find(id="feedback-comment-error").get_text(strip=True)
    assert (
        message
        == f"Your comment is {len(text)} characters long. Shorten it to {FEEDBACK_COMMENT_MAX} characters or fewer."
    )
    summary = soup.find(id=web_feedback.ERRORS_ANCHOR)
    assert summary.find("a")["href"] == "#feedback-comment"
    assert PageFeedback.objects.get().comment == ""
    # Shortened, it is kept.
    thanks_path(client.post(path, {"comment": text[:FEEDBACK_COMMENT_MAX]}, **SAME_ORIGIN))
    assert PageFeedback.objects.get().comment == text[:FEEDBACK_COMMENT_MAX].strip()


def test_line_breaks_count_as_the_browser_counted_them(seeded, client):
    """A textarea sends CRLF for each line break that its maxlength counted as one."""
    path = thanks_path(answer(client, seeded.pk, "no"))
    text = ("x" * 99 + "\r\n") * 10  # 1000 characters in the box, 1010 on the wire
    thanks_path(client.post(path, {"comment": text}, **SAME_ORIGIN))
    assert PageFeedback.objects.get().comment == text.replace("\r\n", "\n").strip()


@pytest.mark.parametrize(
    ("comment", "said"),
    [("bad\x00byte", "plain text"), ("   ", "Write a comment")],
    ids=["control-character", "empty"],
)
def test_a_comment_that_cannot_be_kept_is_refused(seeded, client, comment, said):
    path = thanks_path(answer(client, seeded.pk, "no"))
    refused = client.post(path, {"comment": comment}, **SAME_ORIGIN)
    assert refused.status_code == 400
    assert said in soup_of(refused).find(id="feedback-comment-error").get_text()
    assert PageFeedback.objects.get().comment == ""


def test_the_comment_rules_are_the_same_as_the_apis(seeded):
    stored = feedback.record(feedback.Answer(seeded.pk, "en", channel="web", helpful=False))
    for comment, code in (("x" * (FEEDBACK_COMMENT_MAX + 1), "comment_too_long"), ("a\x07b", "invalid_comment")):
        with pytest.raises(feedback.FeedbackRefused) as refused:
            feedback.add_comment(stored.pk, comment)
        assert refused.value.code == code
        with pytest.raises(feedback.FeedbackRefused) as refused:
            feedback.record(feedback.Answer(seeded.pk, "en", channel="web", helpful=False, comment=comment))
        assert refused.value.code == code
    with pytest.raises(feedback.FeedbackRefused) as missing:
        feedback.add_comment(stored.pk + 1000, "Hello")
    assert (missing.value.code, missing.value.status) == ("not_found", 404)
    assert feedback.add_comment(stored.pk, " wa.me/60123456789 please ").comment == "[…] please"
    assert PageFeedback.objects.filter(comment="").count() == 0
