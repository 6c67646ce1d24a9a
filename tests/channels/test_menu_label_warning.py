"""Editors are warned, not stopped, when a chat menu will shorten a section heading."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage

from content_pages.interfaces.admin.menu_labels import shortened_headings, warn_about_shortened_headings

pytestmark = pytest.mark.django_db


def test_long_headings_without_a_label_are_listed_per_language(seeded):
    found = shortened_headings(seeded)
    english = [short for language, _heading, short in found if language == "en"]
    assert english == [
        "What Is the Hidden…",
        "How Does Immunotherapy…",
        "Why Doesn’t…",
        "Why Personalization…",
        "The Real Question in…",
    ]
    assert {language for language, _heading, _short in found} == {"en", "ms"}  # Chinese headings fit


def test_a_label_silences_the_warning_and_the_save_goes_through(seeded, rf):
    for child in seeded.body_en:
        if child.block_type == "heading":
            child.value["menu_label"] = "Short"
    for child in seeded.body_ms:
        if child.block_type == "heading":
            child.value["menu_label"] = "Pendek"
    assert shortened_headings(seeded) == []

    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_shortened_headings(request, seeded)
    assert list(get_messages(request)) == []


def test_the_warning_is_an_admin_message(seeded, rf):
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_shortened_headings(request, seeded)
    (message,) = list(get_messages(request))
    assert message.level_tag == "warning"
    assert "Chat menus will shorten 10 section headings" in str(message)
    assert "English: “What Is the Hidden…”" in str(message)


@pytest.mark.parametrize(("accept", "shown"), [("application/json", 0), ("text/html,application/xhtml+xml", 1)])
def test_an_autosave_queues_no_warning(seeded, rf, accept, shown):
    """Found in a browser: Wagtail's autosave (a request for JSON) queued the warning each
    time, and the next page load showed every copy."""
    request = rf.post("/", HTTP_ACCEPT=accept)
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_shortened_headings(request, seeded)
    assert len(list(get_messages(request))) == shown
