"""HTML stored without the editor (a migration, an import, an API write) is inert everywhere.

The payloads go straight into stream data and rich text fields, are published, and
then looked for in every output: the web pages in each language, the API detail, the
stored renditions of every channel and the channel endpoints. The admin must also be
able to open a page whose stored HTML is malformed.
"""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import override
from wagtail.admin.rich_text import DraftailRichTextArea

from content_pages.blocks.text import PARAGRAPH_FEATURES
from content_pages.foundations.languages import content_languages
from content_pages.foundations.sanitising import TELEGRAM_TAGS, citation_html, telegram_html, web_html
from content_pages.interfaces.admin.rich_text import WellFormedDraftailRichTextArea
from content_pages.models import ChannelRendition, EnquiryFormPage
from content_pages.rendering.channels.text import paragraphs_from_html
from content_pages.rendering.channels.whatsapp import format_runs as whatsapp_runs
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db

LANGUAGES = content_languages()
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="javascript:alert(1)">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
]
ACTIVE_ELEMENTS = ["script", "iframe", "svg", "object", "embed", "frame", "style", "math", "form"]
ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
# Browsers ignore ASCII whitespace and control characters around and inside a scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")


def scheme(url):
    match = re.match(r"([a-z][a-z0-9+.-]*):", _IGNORED_IN_SCHEME.sub("", url).lower())
    return match.group(1) if match else ""


def assert_inert_html(html, where, *, allowed=()):
    """No script, no event handler, no active element, no link or style with a script URL."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        shown = str(element)[:200]
        assert element.name not in ACTIVE_ELEMENTS or element.name in allowed, f"{where}: {shown}"
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            assert not name.lower().startswith("on"), f"{where}: {shown}"
            assert "javascript:" not in _IGNORED_IN_SCHEME.sub("", text).lower(), f"{where}: {shown}"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert scheme(value) in ("", *ALLOWED_SCHEMES), f"{where}: {shown}"
    assert "alert(1)" not in html, f"{where}: the payload's code is still there"


def assert_inert_page(html, where):
    """A whole web page: its body as above; in the head, the JSON-LD is the only script."""
    from django.conf import settings

    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script", src=True):
        # The site's own files (the reach beacon), named by the template, never by content.
        assert script["src"].startswith(settings.STATIC_URL + "content_pages/js/"), f"{where}: {script}"
        assert not script.string, f"{where}: {script}"
        script.decompose()
    scripts = [script.get("type") for script in soup.find_all("script")]
    assert set(scripts) <= {"application/ld+json"}, f"{where}: scripts {scripts}"
    assert_inert_html(str(soup.body), where, allowed=("form",))


def assert_plain_text(text, where):
    """Plain-text channels: no markup from the page, no script URL written out as a link."""
    assert "javascript:" not in _IGNORED_IN_SCHEME.sub("", text).lower(), f"{where}: {text!r}"
    assert "data:text" not in text.lower(), f"{where}: {text!r}"
    assert "alert(1)" not in text, f"{where}: {text!r}"
    assert not re.search(r"<[a-zA-Z/!]", text), f"{where}: markup in a plain-text channel: {text!r}"


def assert_telegram(messages, where):
    """Telegram's HTML mode: only the tags it accepts, links with allowed schemes only."""
    for message in messages:
        assert_inert_html(message["text"], where)
        soup = BeautifulSoup(message["text"], "html.parser")
        for element in soup.find_all(True):
            assert element.name in TELEGRAM_TAGS, f"{where}: <{element.name}> in {message['text']}"
            assert set(element.attrs) <= ({"href"} if element.name == "a" else set()), f"{where}: {element}"
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                assert scheme(button.get("url", "")) in ("", "http", "https"), f"{where}: {button}"


def assert_channel_payload(channel, payload, where):
    if payload.get("mode") == "conversation" and "turns" in payload:
        # A stored conversation: every turn the API can answer with.
        for turn in [payload["opening"], *payload["turns"].values()]:
            assert_channel_payload(channel, turn, where)
    elif payload.get("mode") == "template":
        assert_plain_text(json.dumps([payload["create"], payload["send"]], ensure_ascii=False), where)
    elif channel == "web":
        for html in web_fragments(payload):
            assert_inert_html(html, where)
    elif channel == "telegram":
        assert_telegram(payload["messages"], where)
    elif channel == "whatsapp":
        assert_plain_text(json.dumps(payload["messages"], ensure_ascii=False), where)
    else:
        assert_plain_text("\n".join(message["text"] for message in payload["messages"]), where)


def web_fragments(payload):
    """Every HTML string of a page detail: paragraph blocks, intro, thank-you text, citations."""
    fragments = [payload.get("intro") or "", payload.get("thank_you_text") or ""]
    for block in [*payload.get("body", []), *payload.get("aside", [])]:
        if block["type"] == "paragraph":
            fragments.append(block["value"]["html"])
    fragments += [reference["apa_html"] for reference in payload.get("references", [])]
    return [fragment for fragment in fragments if fragment]


def with_paragraph(page, field, html):
    """The stream with its first paragraph's stored HTML replaced, as a migration would."""
    stream = getattr(page, field).get_prep_value()
    paragraph = next(block for block in stream if block["type"] == "paragraph")
    paragraph["value"] = html
    setattr(page, field, stream)
    return paragraph["id"]


def form_page():
    return EnquiryFormPage.objects.get()


@pytest.fixture
def published(seeded, django_capture_on_commit_callbacks):
    """Publish the payload in the article's body (every language) and the form's texts."""

    def publish(payload):
        html = f"<p>Before {payload} after.</p>"
        for field in ("body_en", "body_ms", "body_zh_hans"):
            block_id = with_paragraph(seeded, field, html)
        form = form_page()
        for language in ("en", "ms", "zh_hans"):
            setattr(form, f"intro_{language}", html)
        form.thank_you_text_en = html
        with django_capture_on_commit_callbacks(execute=True), approved_translations():
            seeded.save_revision(clean=False).publish()
            form.save_revision(clean=False).publish()
        return seeded, form, block_id

    return publish


@pytest.mark.parametrize("payload", PAYLOADS)
def test_web_pages_in_every_language_are_inert(published, client, payload):
    article, form, _ = published(payload)
    for page in (article, form):
        for language in LANGUAGES:
            with override(language):
                url = page.get_url()
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Before" in response.content.decode(), f"{url}: the payload's paragraph is missing"
            assert_inert_page(response.content.decode(), url)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_api_detail_stored_renditions_and_channel_endpoints_are_inert(published, client, api, payload):
    """The stored path: what publishing rendered, as stored and as the API serves it."""
    article, form, block_id = published(payload)
    for page in (article, form):
        for language in LANGUAGES:
            data = client.get(f"/api/v2/pages/{page.pk}/?lang={language}").json()
            where = f"API detail of {page.pk} in {language}"
            if page is article:
                paragraph = next(block for block in data["body"] if block["id"] == block_id)
                assert paragraph["value"]["html"].startswith("<p>Before"), where
            else:
                assert data["intro"].startswith("<p>Before"), where
            for html in web_fragments(data):
                assert_inert_html(html, where)

    renditions = ChannelRendition.objects.filter(page__in=[article, form])
    assert {rendition.channel for rendition in renditions} == {
        "web",
        "whatsapp",
        "telegram",
        "sms:summary",
        "sms:full",
        "whatsapp:conversation",
        "telegram:conversation",
        "whatsapp:template",
        "html",
    }
    assert {rendition.language for rendition in renditions} == set(LANGUAGES)
    # The article's web page is stored too (form pages are rendered per request).
    assert {(r.page_id, r.language) for r in renditions if r.channel == "html"} == {
        (article.pk, language) for language in LANGUAGES
    }
    for rendition in renditions:
        where = f"stored {rendition.channel}/{rendition.language} of page {rendition.page_id}"
        if rendition.channel == "html":
            assert_inert_page(rendition.body, where)
            continue
        assert_channel_payload(rendition.channel.split(":")[0], json.loads(rendition.body), where)

    for page in (article, form):
        for language in LANGUAGES:
            for channel, query in [
                ("web", ""),
                ("whatsapp", ""),
                ("telegram", ""),
                ("sms", ""),
                ("sms", "&mode=full"),
                ("whatsapp/conversation", ""),
                ("whatsapp/template", ""),
                ("telegram/conversation", "&section=menu" if page is article else ""),
            ]:
                url = f"/api/v2/pages/{page.pk}/channels/{channel}/?lang={language}{query}"
                assert_channel_payload(channel.split("/")[0], json.loads(api(url).content), url)


def test_a_link_with_a_script_scheme_is_its_text_alone_in_messaging_channels():
    runs = paragraphs_from_html(
        '<p>See <a href="javascript:alert(1)">the guide</a> and <a href="https://e.org">this</a>.</p>'
    )
    assert [(run.text, run.href) for run in runs[0] if run.href or "guide" in run.text] == [
        ("the guide", ""),
        ("this", "https://e.org"),
    ]
    assert whatsapp_runs(runs[0]) == "See the guide and this (https://e.org)."


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<b>b</b> <tg-spoiler>s</tg-spoiler> <span class="x">t</span>', "<b>b</b> <tg-spoiler>s</tg-spoiler> t"),
        ('<a href="tel:+60123">call</a> <a href="vbscript:x">v</a>', '<a href="tel:+60123">call</a> <a>v</a>'),
        ("a\u00a0b &lt;c&gt;", "a\u00a0b &lt;c&gt;"),
    ],
)
def test_telegram_allowlist(html, expected):
    assert telegram_html(html) == expected


def test_web_links_get_rel_and_keep_legitimate_markup():
    html = '<p>A <b>bold</b>, <i>italic</i> <a href="https://e.org/a?b=1&amp;c=2">link</a><br/>x</p>'
    assert web_html(html) == (
        '<p>A <b>bold</b>, <i>italic</i> <a href="https://e.org/a?b=1&amp;c=2" rel="noopener noreferrer">link</a>'
        "<br>x</p>"
    )
    assert citation_html('<i>J</i> <a href="javascript:x">doi</a>') == '<i>J</i> <a rel="noopener noreferrer">doi</a>'


MALFORMED = ["<p><b>x</p>", "<p>unclosed <i>text", "<p>a < b</p>", "<p>a<br>b</p>", "<b><p>x</b></p>", "<p>x</i></p>"]


@pytest.mark.parametrize("html", MALFORMED)
def test_admin_edit_view_opens_a_page_with_malformed_stored_html(seeded, admin_client, html):
    with_paragraph(seeded, "body_en", html)
    with_paragraph(seeded, "body_ms", html)
    seeded.save_revision(clean=False)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("html", MALFORMED)
def test_admin_edit_view_opens_a_rich_text_field_with_malformed_stored_html(seeded, admin_client, html):
    form = form_page()
    form.intro_en = html
    form.save_revision(clean=False)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[form.pk]))
    assert response.status_code == 200


def test_editor_loads_well_formed_rich_text_as_wagtail_does():
    html = (
        '<p>Read <a linktype="page" id="3">the <b>guide</b></a>,<br/><i>now</i> <a href="https://e.org">here</a>.</p>'
    )
    ours = json.loads(WellFormedDraftailRichTextArea(features=PARAGRAPH_FEATURES).format_value(html))
    wagtails = json.loads(DraftailRichTextArea(features=PARAGRAPH_FEATURES).format_value(html))
    for state in (ours, wagtails):
        for block in state["blocks"]:
            block.pop("key")
    assert ours == wagtails
