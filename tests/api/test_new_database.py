"""A plain Wagtail page, such as the welcome page Wagtail's migrations leave in every new
database, has no representation in the API. It is neither listed nor rendered: a 404,
never a 500 on the first request a frontend makes to a site without content yet."""

import pytest
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def welcome_page():
    """The page Wagtail's migrations make (the test database's set-up may have replaced it)."""
    root = Page.get_first_root_node()
    return root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="welcome", live=True))


def test_the_list_leaves_it_out_rather_than_failing(client, welcome_page):
    for query in ("", "?lang=ms", "?type=wagtailcore.Page", "?search=welcome", "?order=title"):
        listed = client.get(f"/api/v2/pages/{query}")
        assert listed.status_code == 200, (query, listed.content[:300])
        assert welcome_page.pk not in [item["id"] for item in listed.json()["items"]]
    assert client.get("/api/v2/pages/?child_of=1").json()["meta"]["total_count"] == 1  # the site's home page


@pytest.mark.parametrize(
    "path",
    ["", "channels/whatsapp/", "channels/telegram/", "channels/sms/?mode=summary", "channels/whatsapp/conversation/"],
)
def test_the_welcome_page_is_not_found_in_any_channel(client, welcome_page, path):
    answered = client.get(f"/api/v2/pages/{welcome_page.pk}/{path}")
    assert answered.status_code == 404, answered.content[:300]
    assert answered.json()["code"] == "not_found"
