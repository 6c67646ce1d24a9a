"""Login throttling (django-axes): a username is locked out from one client after too many
wrong passwords, every other client can still log in, and an admin can lift the lockout."""

import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


def login(client, username, password, address):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


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
