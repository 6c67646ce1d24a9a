"""Conversation mode: the seed article as a menu of sections, read one section per turn.

A bot starts with the opening (title, standfirst, review date, menu), taps a row, then
"next" until there is none. That walk must reach every section, the references and the
aside included, with every payload within its platform's limits and no text lost
compared with the full mode.
"""

import uuid
from collections import Counter
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uniseg.graphemecluster import grapheme_cluster_boundaries
from uniseg.linebreak import line_break_boundaries

from content_pages.foundations.languages import content_languages
from content_pages.foundations.limits import (
    BUTTON_LABEL_MAX,
    INTERACTIVE_BODY_MAX,
    LIST_BUTTON_MAX,
    LIST_ROW_DESCRIPTION_MAX,
    LIST_ROW_TITLE_MAX,
    LIST_ROWS_MAX,
    MENU_LABEL_MAX,
    REPLY_BUTTONS_MAX,
    TELEGRAM_CALLBACK_DATA_MAX_BYTES,
    TEXT_MESSAGE_MAX,
)
from content_pages.models import ArticlePage
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.channels.conversation import ELLIPSIS, TRAILING_BEFORE_ELLIPSIS, conversation_turn, shorten
from content_pages.rendering.channels.telegram import visible_length

from ..api.conftest import body
from .helpers import squash, telegram_text, whatsapp_text
from .test_properties import articles

pytestmark = pytest.mark.django_db

LANGUAGES = content_languages()
CHATS = ["whatsapp", "telegram"]


# How a bot reads the buttons it is given.


def whatsapp_menu_rows(messages):
    return [
        row
        for message in messages
        if message["type"] == "interactive" and message["interactive"]["type"] == "list"
        for section in message["interactive"]["action"]["sections"]
        for row in section["rows"]
    ]


def whatsapp_replies(messages):
    return [
        button["reply"]
        for message in messages
        if message["type"] == "interactive" and message["interactive"]["type"] == "button"
        for button in message["interactive"]["action"]["buttons"]
    ]


def telegram_callbacks(messages):
    return [
        button
        for message in messages
        for row in message.get("reply_markup", {}).get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]


def menu_ids(channel, messages):
    if channel == "whatsapp":
        return [row["id"] for row in whatsapp_menu_rows(messages)]
    return [button["callback_data"] for button in telegram_callbacks(messages)]


def next_id(channel, messages):
    """The id of the "next" button ending a section: on its last message, every button
    but the menu's (an enquiry form's reply button earlier in the section is not one)."""
    last = messages[-1]
    ids = (
        [reply["id"] for reply in whatsapp_replies([last])]
        if channel == "whatsapp"
        else [button["callback_data"] for button in last["reply_markup"]["inline_keyboard"][-1]]
    )
    following = [value for value in ids if value != "menu"]
    assert "menu" in ids
    assert len(following) <= 1
    return following[0] if following else None


def all_menu_ids(channel, fetch):
    """Every section id the menu offers, following "More" rows to later menu pages."""
    ids, page = [], fetch("menu")["messages"]
    while True:
        rows = menu_ids(channel, page)
        more = [value for value in rows if value.startswith("menu:")]
        ids += [value for value in rows if not value.startswith("menu")]
        if not more:
            return ids
        page = fetch(more[0])["messages"]


def walk(channel, fetch):
    """Opening, then the first menu row, then "next" until the last section."""
    opening = fetch(None)
    turns = [opening]
    current = menu_ids(channel, opening["messages"])[0]
    visited = []
    while current is not None:
        assert current not in visited, f"{current} comes round again"
        visited.append(current)
        turn = fetch(current)
        assert turn["section"] == current
        turns.append(turn)
        current = next_id(channel, turn["messages"])
    return visited, turns


def stored_fetch(payload):
    def fetch(section):
        turn = conversation_turn(payload, section)
        assert turn is not None, section
        return turn

    return fetch


# Limits, message by message.


def check_whatsapp_message(message):
    if message["type"] == "text":
        assert len(message["text"]["body"]) <= TEXT_MESSAGE_MAX
        return
    interactive = message["interactive"]
    if interactive["type"] == "list":
        action = interactive["action"]
        assert len(action["button"]) <= LIST_BUTTON_MAX
        rows = [row for section in action["sections"] for row in section["rows"]]
        assert 1 <= len(rows) <= LIST_ROWS_MAX
        assert len({row["id"] for row in rows}) == len(rows)
        for row in rows:
            assert 1 <= len(row["title"]) <= LIST_ROW_TITLE_MAX
            assert len(row.get("description", "")) <= LIST_ROW_DESCRIPTION_MAX
        return
    assert 1 <= len(interactive["body"]["text"]) <= INTERACTIVE_BODY_MAX
    if interactive["type"] == "button":
        buttons = interactive["action"]["buttons"]
        assert 1 <= len(buttons) <= REPLY_BUTTONS_MAX
        titles = [button["reply"]["title"] for button in buttons]
        assert len(set(titles)) == len(titles)
        assert len({button["reply"]["id"] for button in buttons}) == len(buttons)
        assert all(1 <= len(title) <= BUTTON_LABEL_MAX for title in titles)
    else:
        assert len(interactive["action"]["parameters"]["display_text"]) <= BUTTON_LABEL_MAX


def check_telegram_message(message):
    assert visible_length(message) <= TEXT_MESSAGE_MAX
    for row in message.get("reply_markup", {}).get("inline_keyboard", []):
        for button in row:
            if "callback_data" in button:
                assert 1 <= len(button["callback_data"].encode("utf-8")) <= TELEGRAM_CALLBACK_DATA_MAX_BYTES
            else:
                assert button["url"].startswith("http")


CHECKS = {"whatsapp": check_whatsapp_message, "telegram": check_telegram_message}
READERS = {"whatsapp": whatsapp_text, "telegram": telegram_text}


def check_turn_limits(channel, turn):
    assert turn["meta"]["count"] == len(turn["messages"]) == len(turn["meta"]["characters"])
    for message in turn["messages"]:
        CHECKS[channel](message)


# No text lost: every block of every full-mode message is in the walk.


def full_mode_pieces(channel, payload):
    """The full mode's texts, block by block (packing differs between the modes), and
    its actions (CTA and form messages and buttons, which each mode sends as they are)."""
    blocks, actions = [], []
    for message in payload["messages"]:
        if channel == "whatsapp" and message["type"] == "text":
            blocks += message["text"]["body"].split("\n\n")
        elif channel == "whatsapp":
            actions.append(message)
        else:
            blocks += message["text"].split("\n\n")
            actions += [button for row in message.get("reply_markup", {}).get("inline_keyboard", []) for button in row]
    return blocks, actions


def check_nothing_lost(channel, full, turns, language):
    blocks, actions = full_mode_pieces(channel, full)
    messages = [message for turn in turns for message in turn["messages"]]
    if channel == "whatsapp":
        sent = squash(READERS[channel]({"messages": messages}), channel, language)
        missing = [block for block in blocks if squash(block, channel, language) not in sent]
        sent_actions = [message for message in messages if message["type"] == "interactive"]
        assert all(action in sent_actions for action in actions)
    else:
        sent = "\n\n".join(message["text"] for message in messages)
        missing = [block for block in blocks if block not in sent]
        buttons = [
            button
            for message in messages
            for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
        ]
        assert not Counter(map(repr, actions)) - Counter(map(repr, buttons))
    assert missing == []
    # And nothing sent twice: the walk holds as much text as the full mode, plus its
    # own words (the menu, "Section n of N", the buttons).
    assert len(sent) >= sum(len(squash(block, channel, language)) for block in blocks) * 0.99


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", CHATS)
def test_walking_next_reaches_every_section_within_limits_and_loses_no_text(seeded, channel, language):
    payload = CHANNELS[channel].render(seeded, language, "conversation").payload
    sections = [section["id"] for section in payload["sections"]]
    fetch = stored_fetch(payload)
    # The menu lists every section, in order, the references and the aside last.
    assert all_menu_ids(channel, fetch) == sections
    assert sections[-2:] == ["refs", "aside"]
    assert len([value for value in sections if value.startswith("s:")]) == 6  # the seed's h2 headings
    visited, turns = walk(channel, fetch)
    assert visited == sections
    for turn in [payload["opening"], *payload["turns"].values()]:
        check_turn_limits(channel, turn)
    full = CHANNELS[channel].render(seeded, language, "").payload
    check_nothing_lost(channel, full, turns, language)


@pytest.mark.parametrize("channel", CHATS)
def test_ids_are_the_same_in_every_language_and_labels_fit(seeded, channel):
    ids = {}
    for language in LANGUAGES:
        payload = CHANNELS[channel].render(seeded, language, "conversation").payload
        ids[language] = [section["id"] for section in payload["sections"]]
        assert list(payload["turns"]) == ["menu", *ids[language]]
        for section in payload["sections"]:
            assert len(section["label"]) <= MENU_LABEL_MAX
    assert ids["en"] == ids["ms"] == ids["zh-hans"]
    headings = [block.id for block in seeded.body_en if block.block_type == "heading" and block.value["level"] == "h2"]
    assert ids["en"][:-2] == [f"s:{block_id}" for block_id in headings]


def test_the_opening_has_title_standfirst_review_date_and_the_menu(seeded):
    opening = CHANNELS["whatsapp"].render(seeded, "ms", "conversation").payload["opening"]
    first = opening["messages"][0]["text"]["body"]
    assert first.startswith("*Bagaimana Imunoterapi Menyasarkan Sel Kanser")
    assert "Kali terakhir disemak: 1 November 2026" in first
    menu = opening["messages"][-1]["interactive"]
    assert menu["type"] == "list"
    assert menu["action"]["button"] == "Bahagian"
    rows = menu["action"]["sections"][0]["rows"]
    # Long headings are shortened at a word boundary, with the heading in full below.
    assert rows[0] == {
        "id": rows[0]["id"],
        "title": "Apakah Masalah…",
        "description": "Apakah Masalah Tersembunyi: Mengapa Kanser Boleh Melepasi Sistem Imun?",
    }
    assert [row["title"] for row in rows[-2:]] == ["Rujukan", "Ketahui lebih lanjut"]


def test_a_section_ends_with_next_and_menu_in_the_readers_language(seeded):
    payload = CHANNELS["whatsapp"].render(seeded, "zh-hans", "conversation").payload
    refs = payload["turns"]["refs"]["messages"]
    assert refs[0]["text"]["body"].startswith("*参考文献*")
    assert refs[-1]["interactive"]["body"]["text"] == "第 7 节，共 8 节\n下一节：了解更多"
    assert whatsapp_replies(refs) == [{"id": "aside", "title": "下一节"}, {"id": "menu", "title": "目录"}]
    telegram = CHANNELS["telegram"].render(seeded, "ms", "conversation").payload
    last = telegram["turns"]["aside"]["messages"][-1]
    assert last["reply_markup"]["inline_keyboard"][-1] == [{"text": "Menu", "callback_data": "menu"}]


# The API: one stored row per (channel, mode, language), one turn per request.


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", CHATS)
def test_the_api_walks_the_conversation(seeded, api, channel, language):
    base = f"/api/v2/pages/{seeded.pk}/channels/{channel}/conversation/?lang={language}"

    def fetch(section):
        data = body(api(base + (f"&section={section}" if section else "")))
        assert (data["channel"], data["language"], data["mode"]) == (channel, language, "conversation")
        check_turn_limits(channel, data)
        return data

    visited, turns = walk(channel, fetch)
    assert visited == all_menu_ids(channel, fetch)
    full = body(api(f"/api/v2/pages/{seeded.pk}/channels/{channel}/?lang={language}"))
    check_nothing_lost(channel, full, turns, language)


def test_conversation_turns_are_cached_per_section(seeded, api):
    url = f"/api/v2/pages/{seeded.pk}/channels/telegram/conversation/?lang=en&section=refs"
    first = api(url)
    api(url, status=304, HTTP_IF_NONE_MATCH=first["ETag"])
    other = api(url.replace("refs", "aside"))
    assert other["ETag"] != first["ETag"]


def test_an_unknown_section_is_a_404_naming_the_ids(seeded, api):
    data = body(api(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/conversation/?section=s:nope", status=404))
    assert data["code"] == "unknown_section"
    assert data["accepted"][0] == "menu"
    assert data["accepted"][-2:] == ["refs", "aside"]
    assert "refs" in data["message"]


@pytest.mark.parametrize("query", ["", "&mode=full", "&mode=summary"])
def test_section_needs_conversation_mode(seeded, api, query):
    channel = "sms" if query else "whatsapp"
    data = body(api(f"/api/v2/pages/{seeded.pk}/channels/{channel}/?section=menu{query}", status=400))
    assert data["code"] == "section_without_conversation"


@pytest.mark.parametrize("channel", ["sms", "web", "signal"])
def test_a_channel_without_conversations_is_a_404_listing_the_ones_with(seeded, api, channel):
    data = body(api(f"/api/v2/pages/{seeded.pk}/channels/{channel}/conversation/", status=404))
    assert data["code"] == "unknown_channel"
    assert data["accepted"] == ["whatsapp", "telegram"]


def test_sms_has_no_conversation_mode_either(seeded, client):
    response = client.get(f"/api/v2/pages/{seeded.pk}/channels/sms/?mode=conversation")
    assert response.status_code == 404
    assert response.json()["code"] == "unknown_mode"


# Bots written before getConversationTurn ask getPageChannel for ``mode=conversation``:
# answered as before, outside the documented schema, marked deprecated.


@pytest.mark.parametrize("section", ["", "&section=menu", "&section=refs"])
@pytest.mark.parametrize("channel", CHATS)
def test_the_old_conversation_mode_answers_as_before_and_points_to_its_successor(seeded, client, channel, section):
    new = client.get(f"/api/v2/pages/{seeded.pk}/channels/{channel}/conversation/?lang=ms{section}")
    old = client.get(f"/api/v2/pages/{seeded.pk}/channels/{channel}/?lang=ms&mode=conversation{section}")
    assert old.status_code == 200
    assert old.content == new.content
    assert old["ETag"] == new["ETag"]
    assert old["Deprecation"].startswith("@")
    successor = f"/api/v2/pages/{seeded.pk}/channels/{channel}/conversation/?lang=ms{section}"
    assert old["Link"] == f'<{successor}>; rel="successor-version"'
    assert "Deprecation" not in new
    assert client.get(successor).content == new.content
    assert (
        client.get(
            old.request["PATH_INFO"] + "?lang=ms&mode=conversation" + section, HTTP_IF_NONE_MATCH=new["ETag"]
        ).status_code
        == 304
    )


def test_a_conversation_preview_renders_the_draft(seeded, api):
    from content_pages.interfaces.api.preview import make_token

    draft = seeded.get_latest_revision_as_object()
    draft.title_en = "Draft for chat"
    draft.save_revision()
    url = f"/api/v2/pages/{seeded.pk}/channels/whatsapp/conversation/?lang=en"
    assert "Draft for chat" not in api(url).content.decode()
    preview = body(api(f"{url}&preview_token={make_token(seeded.pk)}"))
    assert preview["messages"][0]["text"]["body"].startswith("*Draft for chat*")


# Menu labels: the editor's, else the heading shortened.


def article_with(headings, malay_headings=None):
    body = []
    for number, (text, label) in enumerate(headings):
        body.append(
            {
                "type": "heading",
                "id": f"00000000-0000-0000-0000-{number:012d}",
                "value": {"level": "h2", "text": text, "anchor": "", "menu_label": label},
            }
        )
        body.append({"type": "paragraph", "id": str(uuid.uuid4()), "value": f"<p>Text of {escape(text)}.</p>"})
    page = ArticlePage(title_en="Sections", slug_en="sections", standfirst_en="", body_en=body)
    if malay_headings is not None:
        texts = iter(malay_headings)
        page.body_ms = [
            {**block, "value": {**block["value"], "text": next(texts), "menu_label": ""}}
            if block["type"] == "heading"
            else {**block, "value": ""}
            for block in body
        ]
    return page


def test_an_editors_menu_label_is_used_and_not_carried_into_another_language(seeded):
    page = article_with(
        [("A long heading that no chat menu row can hold", "Short label")],
        malay_headings=["Tajuk panjang yang tidak muat dalam menu"],
    )
    english = CHANNELS["whatsapp"].render(page, "en", "conversation").payload
    assert english["sections"][0]["label"] == "Short label"
    rows = whatsapp_menu_rows(english["opening"]["messages"])
    assert rows[0]["description"] == "A long heading that no chat menu row can hold"
    # The Malay heading has no label of its own: it is shortened, not named in English,
    # and the English label is not reported as a fallback the reader sees.
    malay = CHANNELS["telegram"].render(page, "ms", "conversation").payload
    assert malay["sections"][0]["label"] == "Tajuk panjang yang…"
    assert not [item for item in malay["opening"]["meta"]["fallbacks"] if item["path"].endswith(".menu_label")]


def test_more_than_ten_sections_page_the_menu(seeded):
    page = article_with([(f"Heading number {number}", "") for number in range(1, 15)])
    for channel in CHATS:
        payload = CHANNELS[channel].render(page, "en", "conversation").payload
        assert list(payload["turns"])[:2] == ["menu", "menu:2"]
        first = menu_ids(channel, payload["turns"]["menu"]["messages"])
        assert len(first) == LIST_ROWS_MAX
        assert first[-1] == "menu:2"
        fetch = stored_fetch(payload)
        assert all_menu_ids(channel, fetch) == [section["id"] for section in payload["sections"]]
        assert len(payload["sections"]) == 14
        visited, _turns = walk(channel, fetch)
        assert len(visited) == 14
        for turn in [payload["opening"], *payload["turns"].values()]:
            check_turn_limits(channel, turn)


# Shortening: within the limit, at a word boundary, never inside a grapheme.


def test_shortening_examples():
    assert shorten("Looking Forward", 24) == "Looking Forward"
    assert shorten("What Is the Hidden Problem: Why Can Cancer Escape?", 24) == "What Is the Hidden…"
    assert shorten("Why Personalization Matters in Immunotherapy", 24) == "Why Personalization…"
    assert shorten("隐藏的问题是什么：癌症为何能逃避免疫系统？癌症为何能逃避免疫系统？", 24) == (
        "隐藏的问题是什么：癌症为何能逃避免疫系统？癌症…"
    )
    assert shorten("Supercalifragilisticexpialidocious-therapy", 24).endswith("…")
    assert len(shorten("👩🏽‍⚕️" * 10, 24)) <= 24


TEXT = st.lists(
    st.sampled_from([*"abcdefghij ABC,:—–-", *"免疫疗法癌症细胞", "👩🏽‍⚕️", "🎗️", "é", "e\u0301"]),
    min_size=1,
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, limit=st.integers(min_value=8, max_value=72))
def test_shortened_labels_fit_and_are_a_prefix_cut_at_a_boundary(text, limit):
    normal = " ".join(text.split())
    short = shorten(text, limit)
    assert len(short) <= max(limit, 0)
    if short == normal:
        return
    assert short.endswith(ELLIPSIS)
    kept = short[: -len(ELLIPSIS)]
    assert normal.startswith(kept)
    # Never inside a grapheme; at a word boundary whenever there is one that fits.
    assert len(kept) in set(grapheme_cluster_boundaries(normal))
    cuts = [
        normal[:offset].rstrip().rstrip(TRAILING_BEFORE_ELLIPSIS)
        for offset in line_break_boundaries(normal)
        if offset > 0
    ]
    fitting = [cut for cut in cuts if cut and len(cut) <= limit - len(ELLIPSIS)]
    if fitting:
        # The longest word-boundary cut that fits.
        assert kept == max(fitting, key=len)


# Random articles: every conversation stays within its limits and loses no text.


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(page=articles(), language=st.sampled_from(LANGUAGES))
def test_random_articles_in_conversation_mode_stay_within_limits_and_lose_no_text(seeded, page, language):
    for channel in CHATS:
        payload = CHANNELS[channel].render(page, language, "conversation").payload
        fetch = stored_fetch(payload)
        for turn in [payload["opening"], *payload["turns"].values()]:
            check_turn_limits(channel, turn)
        if not payload["sections"]:
            turns = [payload["opening"]]
        else:
            assert all_menu_ids(channel, fetch) == [section["id"] for section in payload["sections"]]
            visited, turns = walk(channel, fetch)
            assert visited == [section["id"] for section in payload["sections"]]
        full = CHANNELS[channel].render(page, language, "").payload
        check_nothing_lost(channel, full, turns, language)


# The admin preview can be walked: each bubble knows its turn, each button its target.


@pytest.mark.parametrize("channel", CHATS)
def test_the_conversation_preview_marks_turns_and_button_targets(seeded, rf, admin_user, channel):
    request = rf.get("/")
    request.user = admin_user
    response = seeded.serve_preview(request, f"{channel}:conversation")
    response.render()
    content = response.content.decode()
    assert "content_pages/chat_walk.js" in content
    assert "<script>" not in content
    assert content.count("data-conversation") == 3
    assert 'data-turn="start"' in content
    assert 'data-turn="refs"' in content
    assert 'data-target="refs"' in content
    assert 'data-target="menu"' in content
