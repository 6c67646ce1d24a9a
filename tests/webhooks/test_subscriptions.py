"""Subscriptions: validation, matching, and the secret stored encrypted, shown once."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from standardwebhooks.webhooks import Webhook

from content_pages.models import WebhookSubscription
from content_pages.publishing.webhooks.secrets import SecretUnreadable, decrypt_secret
from content_pages.publishing.webhooks.subscriptions import add_subscription, matches, rotate_secret

pytestmark = pytest.mark.django_db


def _errors(**kwargs):
    arguments = {"url": "https://example.org/hook", "events": ["page.published"], **kwargs}
    with pytest.raises(ValidationError) as caught:
        add_subscription(**arguments)
    return caught.value.message_dict


def test_bad_input_is_refused_naming_the_bad_value_and_the_valid_ones():
    errors = _errors(events=["page.published", "page.renamed"])
    assert "'page.renamed'" in errors["events"][0]
    assert "page.unpublished" in errors["events"][0]
    assert "'fr'" in _errors(languages=["fr"])["languages"][0]
    channels = _errors(channels=["fax"])["channels"][0]
    assert "'fax'" in channels
    assert "whatsapp" in channels
    assert "https" in _errors(url="http://example.org/hook")["url"][0]
    assert "url" in _errors(url="ftp://example.org/hook")
    assert "url" in _errors(url="https://user:pw@example.org/hook")
    assert not WebhookSubscription.objects.exists()


def test_http_is_allowed_to_loopback_and_with_debug(settings):
    add_subscription("http://127.0.0.1:8080/hook", [])
    add_subscription("http://localhost/hook", [])
    settings.DEBUG = True
    add_subscription("http://receiver.internal/hook", [])
    assert WebhookSubscription.objects.count() == 3


def test_secret_is_standard_webhooks_and_encrypted_at_rest():
    subscription, secret = add_subscription("https://example.org/hook", ["page.published"])
    assert secret.startswith("whsec_")
    Webhook(secret)  # a valid Standard Webhooks secret
    assert subscription.secret_hint == secret[-4:]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM content_pages_webhooksubscription WHERE id = %s", [subscription.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row
    assert secret.removeprefix("whsec_") not in row
    assert decrypt_secret(subscription.secret_encrypted) == secret


def test_a_dedicated_key_still_reads_secrets_stored_before_it_was_set(settings):
    subscription, secret = add_subscription("https://example.org/hook", [])
    settings.CMS_WEBHOOK_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert decrypt_secret(subscription.secret_encrypted) == secret
    new_secret = rotate_secret(subscription.pk)
    subscription.refresh_from_db()
    assert decrypt_secret(subscription.secret_encrypted) == new_secret
    settings.SECRET_KEY = "rotated"  # the dedicated key alone now decrypts it
    assert decrypt_secret(subscription.secret_encrypted) == new_secret


def test_a_malformed_encryption_key_is_named(settings):
    subscription, _ = add_subscription("https://example.org/hook", [])
    settings.CMS_WEBHOOK_ENCRYPTION_KEY = "not-a-fernet-key"
    with pytest.raises(SecretUnreadable, match="CMS_WEBHOOK_ENCRYPTION_KEY must be Fernet keys"):
        decrypt_secret(subscription.secret_encrypted)
    with pytest.raises(ImproperlyConfigured, match="CMS_WEBHOOK_ENCRYPTION_KEY"):
        add_subscription("https://example.org/other", [])


@pytest.mark.parametrize(
    ("subscribed", "event", "expected"),
    [
        ({}, {}, True),
        ({"events": ["page.published"]}, {}, True),
        ({"events": ["page.unpublished"]}, {}, False),
        ({"languages": ["ms"]}, {"languages": ["ms", "en"]}, True),
        ({"languages": ["zh-hans"]}, {"languages": ["ms"]}, False),
        ({"languages": ["zh-hans"]}, {"languages": []}, True),  # an event for every language
        ({"channels": ["whatsapp"]}, {"channels": ["web", "whatsapp"]}, True),
        ({"channels": ["sms"]}, {"channels": ["web"]}, False),
        ({"events": ["page.published"], "languages": ["ms"], "channels": ["sms"]}, {"channels": ["web"]}, False),
    ],
)
def test_matching(make_event, subscribed, event, expected):
    subscription = WebhookSubscription(**{"events": [], "languages": [], "channels": [], **subscribed})
    defaults = {"languages": ["en", "ms"], "channels": ["web", "whatsapp"]}
    assert matches(subscription, make_event(**{**defaults, **event})) is expected


def _run(*args):
    out = io.StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


def test_command_add_prints_the_secret_once_and_list_never(make_event):
    output = _run(
        "add",
        "--url",
        "https://example.org/hook",
        "--events",
        "page.published,page.unpublished",
        "--languages",
        "ms",
        "--channels",
        "whatsapp",
        "--name",
        "Bot",
    )
    subscription = WebhookSubscription.objects.get()
    secret = decrypt_secret(subscription.secret_encrypted)
    assert output.count(secret) == 1
    assert f"Subscription {subscription.pk} created" in output
    assert (subscription.events, subscription.languages, subscription.channels, subscription.name) == (
        ["page.published", "page.unpublished"],
        ["ms"],
        ["whatsapp"],
        "Bot",
    )
    listing = _run("list")
    assert secret not in listing
    assert secret.removeprefix("whsec_")[:-4] not in listing
    assert f"…{secret[-4:]}" in listing
    assert "https://example.org/hook" in listing
    assert "active" in listing


def test_command_refuses_bad_input_naming_it():
    with pytest.raises(CommandError, match=r"'page\.renamed'"):
        _run("add", "--url", "https://example.org/hook", "--events", "page.renamed")
    with pytest.raises(CommandError, match="No webhook subscription with id 99"):
        _run("remove", "99")
    with pytest.raises(CommandError, match="not an event id"):
        _run("replay", "nonsense")
    with pytest.raises(CommandError, match="No event"):
        _run("replay", "00000000-0000-0000-0000-000000000000")


def test_command_remove_and_replay(receiver, make_event):
    server, url = receiver
    server.expect_request("/hook").respond_with_data("ok")
    subscription, _ = add_subscription(url, [])
    event = make_event()
    output = _run("replay", str(event.id))
    assert f"subscription {subscription.pk}: delivered HTTP 200" in output
    assert server.log[0][0].headers["webhook-id"] == str(event.id)
    assert f"Subscription {subscription.pk} removed" in _run("remove", str(subscription.pk))
    assert not WebhookSubscription.objects.exists()
