"""Readers answer as each of them would: on the website (the form, then a comment), through
the API (a Telegram bot relaying its readers) and with a WhatsApp reply button (the bot
posts what the button's id says). Every answer is stored with the phone number taken out,
and each channel shows in Reports → Reach and feedback, in its table and its chart."""

import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User

from content_pages.models import PageFeedback

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
NO_WITH_NUMBER = "Too hard to follow. Call me back on 012-345 6789"


def from_the_website(client, page_id, helpful, comment=""):
    answered = client.post(f"/en/feedback/{page_id}/", {"helpful": helpful}, **SAME_ORIGIN)
    assert answered.status_code == 303
    if comment:
        thanks = urlsplit(answered["Location"]).path
        assert client.post(thanks, {"comment": comment}, **SAME_ORIGIN).status_code == 303


def through_the_api(client, page_id, body):
    sent = client.post(f"/api/v2/pages/{page_id}/feedback/", json.dumps(body), content_type="application/json")
    assert sent.status_code == 201, sent.content


def whatsapp_buttons(client, page_id):
    """The reply buttons the last WhatsApp message carries, as a bot receives them."""
    messages = client.get(f"/api/v2/pages/{page_id}/channels/whatsapp/?lang=ms").json()["messages"]
    buttons = messages[-1]["interactive"]["action"]["buttons"]
    return [button["reply"]["id"] for button in buttons]


def a_bot_reports_the_tap(client, button_id, comment=""):
    """What a WhatsApp bot does with a tapped ``feedback:<page>:<answer>`` button."""
    kind, page_id, said = button_id.split(":")
    assert kind == "feedback"
    body = {"channel": "whatsapp", "lang": "ms", "helpful": said == "yes"}
    through_the_api(client, int(page_id), body | ({"comment": comment} if comment else {}))


def test_yes_and_no_from_web_api_and_whatsapp_are_stored_without_the_number_and_reported(seeded, client):
    from_the_website(client, seeded.pk, "yes")
    from_the_website(client, seeded.pk, "no", NO_WITH_NUMBER)
    through_the_api(client, seeded.pk, {"channel": "telegram", "lang": "en", "helpful": True})
    through_the_api(
        client, seeded.pk, {"channel": "telegram", "lang": "en", "helpful": False, "comment": NO_WITH_NUMBER}
    )
    yes, no = whatsapp_buttons(client, seeded.pk)
    a_bot_reports_the_tap(client, yes)
    a_bot_reports_the_tap(client, no, NO_WITH_NUMBER)

    stored = PageFeedback.objects.order_by("pk")
    assert [(answer.channel, answer.helpful) for answer in stored] == [
        ("web", True),
        ("web", False),
        ("telegram", True),
        ("telegram", False),
        ("whatsapp", True),
        ("whatsapp", False),
    ]
    comments = [answer.comment for answer in stored if answer.comment]
    assert comments == ["Too hard to follow. Call me back on […]"] * 3

    editor = User.objects.create_user(username="editor", password="pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    soup = BeautifulSoup(client.get("/admin/reports/reach/").content, "html.parser")
    per_channel = {
        row["data-channel"]: [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.reach-channel-table tbody tr")
    }
    assert per_channel == {
        channel: [label, "0", "1", "1", "50.0%"]
        for channel, label in (("telegram", "Telegram"), ("web", "Web"), ("whatsapp", "WhatsApp"))
    }
    # The chart: a bar per channel, each half full (50 % helpful of the 300-unit scale).
    drawn = {group["data-channel"]: group for group in soup.select("svg.reach-channels g[data-channel]")}
    assert set(drawn) == {"telegram", "web", "whatsapp"}
    for group in drawn.values():
        helpful_bar = group.find_all("rect")[-1]
        assert float(helpful_bar["width"]) == 150.0
        assert "50.0% helpful (1 yes, 1 no)" in helpful_bar.get_text()
