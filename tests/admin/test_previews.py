"""Previews where people decide: the translator's pane in the translation editor, the
editor's preview in every mode, and a reviewer's workflow preview in the mode and
language asked; each refused to those who may not see it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.urls import reverse

from content_pages.models import ArticlePage
from content_pages.publishing.translations.apply import editor_segments
from content_pages.publishing.translators import ensure_translator_groups, group_name

from .test_reference_hygiene import current_rows, edit_data

pytestmark = pytest.mark.django_db

MALAY_TITLE = "Imunoterapi: draf untuk semakan"
MALAY_PARAGRAPH = "Rehat secukupnya dan minum air yang banyak."

# Every preview mode of an article and what only that channel's rendering shows.
CHANNEL_MARKS = {
    "": "<h1 lang=",
    "whatsapp": '<section class="chat chat--whatsapp"',
    "telegram": '<section class="chat chat--telegram"',
    "sms": '<section class="chat chat--sms"',
    "sms:full": '<section class="chat chat--sms"',
    "whatsapp:conversation": 'class="chat chat--whatsapp" lang="ms" data-conversation',
    "telegram:conversation": 'class="chat chat--telegram" lang="ms" data-conversation',
    "whatsapp:template": "TEMPLATE",
}


@pytest.fixture
def malay_translator(client):
    ensure_translator_groups()
    user = User.objects.create_user(username="siti", password="pw")
    user.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(user)
    return user


def segment(page, field):
    """The Malay editor's segment of the page's ``field`` (``title``) or, for ``"paragraph"``,
    its first rich-text paragraph."""
    segments = editor_segments(page, "ms")
    if field == "paragraph":
        return next(item for item in segments if item.stream_path and item.markup is not None)
    return next(item for item in segments if item.id.endswith(f":{field}"))


def save_malay_draft(client, page, action="save"):
    """The translator types a new Malay title and a paragraph and presses Save (or Submit)."""
    title, paragraph = segment(page, "title"), segment(page, "paragraph")
    data = {"action": action}
    for item, text in ((title, MALAY_TITLE), (paragraph, MALAY_PARAGRAPH)):
        data[f"t:{item.id}"] = text
        data[f"s:{item.id}"] = item.source
    response = client.post(reverse("content_pages_translate_page", args=[page.pk, "ms"]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def pane_url(page, mode, language="ms"):
    return reverse("content_pages_translate_page_preview", args=[page.pk, language]) + f"?mode={mode}"


def columns(html):
    return [section["lang"] for section in BeautifulSoup(html, "html.parser").select("section.chat")]


def test_the_translation_editor_links_each_channel_into_its_preview_pane(seeded, client, malay_translator):
    response = client.get(reverse("content_pages_translate_page", args=[seeded.pk, "ms"]))
    document = BeautifulSoup(response.content.decode(), "html.parser")
    frame = document.select_one("section.tr-preview iframe")
    tabs = document.select(".tr-preview-tabs a")
    assert [tab["data-mode"] for tab in tabs] == [mode for mode, _label in seeded.preview_modes]
    assert all(tab["target"] == frame["name"] for tab in tabs)
    assert frame["src"] == pane_url(seeded, "")
    assert client.get(frame["src"]).status_code == 200


def test_the_pane_shows_the_saved_malay_draft_in_each_channel(seeded, client, malay_translator):
    assert ArticlePage.objects.get(pk=seeded.pk).title_ms != MALAY_TITLE
    save_malay_draft(client, seeded)
    # Saved as a draft, not live: the pane is the only place it shows yet.
    assert ArticlePage.objects.get(pk=seeded.pk).title_ms != MALAY_TITLE

    web = client.get(pane_url(seeded, "")).content.decode()
    assert '<html lang="ms"' in web
    assert MALAY_TITLE in BeautifulSoup(web, "html.parser").h1.get_text()
    assert f"<p>{MALAY_PARAGRAPH}</p>" in web

    for channel in ("whatsapp", "telegram"):
        response = client.get(pane_url(seeded, channel))
        assert response["X-Frame-Options"] == "SAMEORIGIN"  # shown in the editor's frame
        html = response.content.decode()
        assert columns(html) == ["ms"], channel  # the translator's language only
        assert "in Bahasa Melayu;" in html
        assert f"<b>{MALAY_TITLE}</b>" in html, channel  # *bold* / <b> as the chat app shows it
        assert MALAY_PARAGRAPH in html
    assert "characters" in client.get(pane_url(seeded, "whatsapp")).content.decode()
    assert "UTF-16 units" in client.get(pane_url(seeded, "telegram")).content.decode()

    sms = client.get(pane_url(seeded, "sms")).content.decode()
    assert columns(sms) == ["ms"]
    assert MALAY_TITLE in sms
    assert "GSM-7 · " in sms
    assert " segment" in sms
    assert MALAY_PARAGRAPH in client.get(pane_url(seeded, "sms:full")).content.decode()

    for channel in ("whatsapp", "telegram"):
        conversation = client.get(pane_url(seeded, f"{channel}:conversation")).content.decode()
        assert CHANNEL_MARKS[f"{channel}:conversation"] in conversation
        assert 'data-turn="start"' in conversation
        assert MALAY_TITLE in conversation
        assert "Seterusnya" in conversation  # the Malay "Next" button


def refused(response):
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard, with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_pane_follows_the_translators_rule_on_languages(seeded, client, malay_translator):
    # As the translation editor itself: a Malay translator may not open the Chinese one.
    assert refused(client.get(reverse("content_pages_translate_page", args=[seeded.pk, "zh-hans"])))
    assert refused(client.get(pane_url(seeded, "whatsapp", "zh-hans")))
    assert client.get(pane_url(seeded, "whatsapp", "en"), follow=True).status_code == 404
    assert client.get(pane_url(seeded, "bogus"), follow=True).status_code == 404


def test_previews_send_anonymous_visitors_to_log_in(seeded, client):
    for url in (
        pane_url(seeded, "whatsapp"),
        reverse("wagtailadmin_pages:preview_on_edit", args=[seeded.pk]) + "?mode=whatsapp",
        reverse("wagtailadmin_pages:workflow_preview", args=[seeded.pk, 1]) + "?mode=whatsapp",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login")), url


def edit_preview(client, page, mode, language=""):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    return client.get(url, {"mode": mode, "lang": language} if language else {"mode": mode})


@pytest.mark.parametrize("mode", list(CHANNEL_MARKS))
def test_the_edit_preview_shows_the_saved_draft_without_posted_edits(seeded, admin_client, mode):
    """Opened without the preview panel's posted edits (a link, a new tab), Wagtail said
    "Preview not available"; it now shows the saved draft."""
    draft = seeded.get_latest_revision_as_object()
    draft.title_en = "Saved draft for every channel"
    draft.save_revision()
    html = edit_preview(admin_client, seeded, mode).content.decode()
    assert "Preview not available" not in html
    if mode == "whatsapp:template":
        assert "Baca artikel" in html  # the Malay template's button
    else:
        assert CHANNEL_MARKS[mode].replace(' lang="ms" data-conversation', "") in html
        assert "Saved draft for every channel" in html
    if mode:
        assert columns(html) == ["en", "zh-hans", "ms"]


@pytest.mark.parametrize("mode", ["whatsapp", "sms:full", "telegram:conversation"])
def test_the_edit_preview_shows_the_panels_posted_edits(seeded, admin_client, mode):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[seeded.pk])
    data = edit_data(seeded, current_rows(seeded))
    data["title_en"] = "Unsaved edit in the panel"
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    html = edit_preview(admin_client, seeded, mode, "en").content.decode()
    assert "Unsaved edit in the panel" in html
    assert columns(html) == ["en"]


def test_the_edit_preview_works_for_a_translator_in_their_language(seeded, client, malay_translator):
    save_malay_draft(client, seeded)
    for mode in CHANNEL_MARKS:
        html = edit_preview(client, seeded, mode, "ms").content.decode()
        assert "Preview not available" not in html, mode
        if mode != "whatsapp:template":
            assert MALAY_TITLE in html, mode
    # English (the source) and Malay side by side; Chinese is not theirs to see.
    assert columns(edit_preview(client, seeded, "whatsapp").content.decode()) == ["en", "ms"]
    assert refused(edit_preview(client, seeded, "whatsapp", "zh-hans"))
    assert refused(edit_preview(client, seeded, "", "zh-hans"))


def test_the_workflow_preview_honours_mode_and_language(seeded, client, admin_client, malay_translator):
    save_malay_draft(client, seeded, action="submit")
    page = ArticlePage.objects.get(pk=seeded.pk)
    task = page.current_workflow_task
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task.pk])

    seen = {}
    for mode in ("", "whatsapp", "telegram", "sms", "whatsapp:conversation", "telegram:conversation"):
        response = admin_client.get(url, {"mode": mode, "lang": "ms"})
        assert response.status_code == 200, mode
        html = response.content.decode()
        assert CHANNEL_MARKS[mode] in html, mode
        assert MALAY_TITLE in html, mode  # the revision under review
        seen[mode] = html
    assert len(set(seen.values())) == len(seen)
    assert columns(seen["whatsapp"]) == ["ms"]
    assert '<html lang="ms"' in seen[""]
    every = admin_client.get(url, {"mode": "sms"}).content.decode()
    assert columns(every) == ["en", "zh-hans", "ms"]
    assert admin_client.get(url, {"mode": "bogus"}, follow=True).status_code == 404


@pytest.mark.parametrize("mode", ["", "whatsapp", "telegram:conversation"])
def test_the_pane_reads_a_bounded_number_of_queries(
    seeded, client, malay_translator, mode, django_assert_max_num_queries
):
    """As the translation editor itself (40 queries at most): 40 for the web page, 28 for a
    chat channel when written."""
    client.get(pane_url(seeded, mode))  # warm caches (site, locale, user)
    with django_assert_max_num_queries(45):
        assert client.get(pane_url(seeded, mode)).status_code == 200
