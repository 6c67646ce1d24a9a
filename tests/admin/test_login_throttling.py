"""Login throttling (django-axes): a username is locked out from one client after too many
wrong passwords, a client after too many across usernames (a password spray), every other
client can still log in, and an admin can lift the lockout."""

import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def login(client, username, password, address, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/")


def fail_until_locked(client, username, address):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, username, "wrong password", address)
        assert not logged_in(response)


def test_the_limit_is_thirty_by_default():
    assert settings.AXES_FAILURE_LIMIT == 30
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_wrong_passwords_lock_the_username_out_from_that_client_only(client, editor, django_user_model):
    fail_until_locked(client, "editor", ATTACKER)

    locked = login(client, "editor", PASSWORD, ATTACKER)
    assert not logged_in(locked)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session

    # Another client logs in as the same editor.
    assert logged_in(login(client.__class__(), "editor", PASSWORD, OFFICE))

    # Another user from the locked-out client too.
    django_user_model.objects.create_superuser("reviewer", "reviewer@example.org", PASSWORD)
    assert logged_in(login(client.__class__(), "reviewer", PASSWORD, ATTACKER))


def test_an_admin_lifts_the_lockout(client, editor):
    fail_until_locked(client, "editor", ATTACKER)
    assert login(client, "editor", PASSWORD, ATTACKER).status_code == 429

    out = io.StringIO()
    call_command("axes_reset_username", "editor", stdout=out)
    assert "removed" in out.getvalue()

    assert logged_in(login(client, "editor", PASSWORD, ATTACKER))


def test_unknown_usernames_are_answered_like_known_ones(client, editor):
    """No enumeration: the same answers before and after the lockout, account or not."""
    known = login(client, "editor", "wrong password", ATTACKER)
    unknown = login(client, "nobody-here", "wrong password", ATTACKER)
    assert known.status_code == unknown.status_code == 200
    fail_until_locked(client, "editor", ATTACKER)
    fail_until_locked(client, "nobody-here", ATTACKER)
    known = login(client, "editor", "wrong password", ATTACKER)
    unknown = login(client, "nobody-here", "wrong password", ATTACKER)
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_the_forwarded_client_counts_only_behind_a_trusted_proxy(client, editor, settings):
    # One proxy (10.0.0.1) appends the address it saw; the left entry is the client's forgery.
    settings.CMS_TRUSTED_PROXY_COUNT = 1
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}",
    )
    assert AccessAttempt.objects.get(username="editor").ip_address == ATTACKER

    settings.CMS_TRUSTED_PROXY_COUNT = 0
    AccessAttempt.objects.all().delete()
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert AccessAttempt.objects.get(username="editor").ip_address == "10.0.0.1"


def test_the_deprecated_trust_setting_means_one_proxy(client, editor, settings):
    settings.CMS_TRUSTED_PROXY_COUNT = 0
    settings.CMS_TRUST_X_FORWARDED_FOR = True
    client.post(
        "/admin/login/",
        {"username": "editor", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}",
    )
    assert AccessAttempt.objects.get(username="editor").ip_address == ATTACKER


def test_fewer_failures_than_the_limit_do_not_lock(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "editor", "wrong password", ATTACKER)
    assert logged_in(login(client, "editor", PASSWORD, ATTACKER))


def spray(address, usernames, **extra):
    """One wrong guess at each username, each from a fresh client (no cookies carried)."""
    for username in usernames:
        response = login(Client(), username, "Summer2026!", address, **extra)
        assert not logged_in(response)


def test_the_client_limit_is_a_hundred_by_default():
    assert settings.CMS_LOGIN_CLIENT_FAILURE_LIMIT == 100
    assert settings.CMS_LOGIN_CLIENT_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_a_password_spray_from_one_client_is_locked_out_across_usernames(editor, settings):
    settings.CMS_LOGIN_CLIENT_FAILURE_LIMIT = 12
    usernames = [f"user{number}" for number in range(settings.CMS_LOGIN_CLIENT_FAILURE_LIMIT - 1)]
    spray(ATTACKER, usernames)
    # Eleven failures: not yet. Any username from that client may still try.
    assert logged_in(login(Client(), "editor", PASSWORD, ATTACKER))
    spray(ATTACKER, [*usernames, "one-more"])
    # Past the cap: locked out whatever the username, the right password included, though
    # no username has had more than two failures.
    assert max(AccessAttempt.objects.values_list("failures_since_start", flat=True)) <= 2
    locked = login(Client(), "editor", PASSWORD, ATTACKER)
    assert locked.status_code == 429
    assert not logged_in(locked)
    assert login(Client(), "never-tried", "anything", ATTACKER).status_code == 429
    # Another client is not affected.
    assert logged_in(login(Client(), "editor", PASSWORD, OFFICE))


def test_the_spray_cap_counts_the_address_the_trusted_proxy_saw(editor, settings):
    """Behind one proxy, forging the left of X-Forwarded-For does not start a fresh count."""
    settings.CMS_TRUSTED_PROXY_COUNT = 1
    settings.CMS_LOGIN_CLIENT_FAILURE_LIMIT = 5
    for number in range(5):
        response = login(
            Client(),
            f"user{number}",
            "wrong",
            "10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.18.0.{number}, {ATTACKER}",
        )
        assert not logged_in(response)
    forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.99, {ATTACKER}"}
    assert login(Client(), "editor", PASSWORD, "10.0.0.1", **forged).status_code == 429
    # The office behind the same proxy logs in.
    office = {"HTTP_X_FORWARDED_FOR": OFFICE}
    assert logged_in(login(Client(), "editor", PASSWORD, "10.0.0.1", **office))


def test_an_admin_lifts_a_client_lockout(editor, settings):
    settings.CMS_LOGIN_CLIENT_FAILURE_LIMIT = 3
    spray(ATTACKER, ["a", "b", "c"])
    assert login(Client(), "editor", PASSWORD, ATTACKER).status_code == 429
    call_command("axes_reset_ip", ATTACKER, stdout=io.StringIO())
    assert logged_in(login(Client(), "editor", PASSWORD, ATTACKER))
