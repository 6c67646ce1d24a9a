"""Settings → Webhooks: for webhook administrators only; the secret is shown once."""

import logging
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone

from content_pages.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.publishing.medical_review import MEDICAL_REVIEWERS
from content_pages.publishing.translators import ensure_translator_groups, group_name
from content_pages.publishing.webhooks.delivery import deliver_due, fan_out
from content_pages.publishing.webhooks.secrets import decrypt_secret
from content_pages.publishing.webhooks.subscriptions import add_subscription
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

INDEX = "webhooksubscription:index"
ADD = "webhooksubscription:add"


def user_in(group):
    user = User.objects.create_user(username=f"user-{group}", password="pw")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_an_admin_creates_a_subscription_and_sees_the_secret_once(admin_client, caplog):
    caplog.set_level(logging.DEBUG)
    form = admin_client.get(reverse(ADD)).content.decode()
    assert 'value="page.published"' in form
    assert 'value="whatsapp"' in form
    assert 'value="ms"' in form
    response = admin_client.post(
        reverse(ADD),
        {
            "name": "WhatsApp bot",
            "url": "https://bot.example.org/hook",
            "events": ["page.published", "page.unpublished"],
            "languages": ["ms"],
            "channels": ["whatsapp"],
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r"(whsec_[A-Za-z0-9+/=]+)", response.content.decode()).group(1)
    subscription = WebhookSubscription.objects.get()
    assert decrypt_secret(subscription.secret_encrypted) == secret
    assert (subscription.events, subscription.languages, subscription.channels) == (
        ["page.published", "page.unpublished"],
        ["ms"],
        ["whatsapp"],
    )
    assert secret not in caplog.text

    listing = admin_client.get(reverse(INDEX)).content.decode()
    assert "WhatsApp bot" in listing
    assert f"…{secret[-4:]}" in listing
    assert secret not in listing
    assert secret[6:-4] not in listing
    found = admin_client.get(reverse(INDEX), {"q": "WhatsApp"})
    assert found.status_code == 200
    assert "WhatsApp bot" in found.content.decode()
    edit = admin_client.get(reverse("webhooksubscription:edit", args=[subscription.pk])).content.decode()
    assert secret not in edit
    assert subscription.secret_encrypted not in edit


def test_the_form_names_bad_input(admin_client):
    response = admin_client.post(reverse(ADD), {"url": "http://bot.example.org/hook", "events": ["page.renamed"]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "must use https" in body
    assert "page.renamed" in body
    assert not WebhookSubscription.objects.exists()


def test_a_disabled_subscription_is_announced_and_enabling_it_clears_the_failure(admin_client):
    subscription, _ = add_subscription("https://bot.example.org/hook", [])
    now = timezone.now()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        active=False,
        disabled_at=now,
        failing_since=now,
        disabled_reason="Failing without a success; last error: HTTP 503",
    )
    listing = admin_client.get(reverse(INDEX)).content.decode()
    assert "was disabled" in listing
    assert "HTTP 503" in listing
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="disabled-webhooks-section"' in dashboard
    assert "HTTP 503" in dashboard

    response = admin_client.post(
        reverse("webhooksubscription:edit", args=[subscription.pk]),
        {"name": "", "url": "https://bot.example.org/hook", "active": "on"},
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.active
    assert subscription.disabled_at is None
    assert subscription.failing_since is None


def test_deliveries_view_and_replay_button(admin_client, receiver, make_event):
    server, url = receiver
    subscription, secret = add_subscription(url, [])
    server.expect_ordered_request("/hook").respond_with_data("", status=500)
    server.expect_ordered_request("/hook").respond_with_data("ok")
    event = make_event()
    fan_out(event)
    assert deliver_due(limit=1) == 1
    deliveries_url = reverse("webhooksubscription:deliveries", args=[subscription.pk])
    page = admin_client.get(deliveries_url).content.decode()
    assert str(event.id) in page
    assert "HTTP 500" in page
    assert "Replay" in page
    assert "csrfmiddlewaretoken" in page
    assert secret not in page
    delivery = WebhookDelivery.objects.get()
    response = admin_client.post(deliveries_url, {"delivery": delivery.pk})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.DELIVERED
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 2
    assert {request.headers["webhook-id"] for request, _ in server.log} == {str(event.id)}
    assert "HTTP 200" in admin_client.get(deliveries_url).content.decode()


def test_a_user_with_the_add_permission_may_manage_webhooks(client):
    user = User.objects.create_user(username="integrations", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.user_permissions.add(Permission.objects.get(codename="add_webhooksubscription"))
    client.force_login(user)
    assert client.get(reverse(INDEX)).status_code == 200
    assert client.post(reverse(ADD), {"url": "https://bot.example.org/hook"}).status_code == 200
    assert WebhookSubscription.objects.filter(url="https://bot.example.org/hook").exists()


@pytest.mark.parametrize("role", ["Editors", "Moderators", MEDICAL_REVIEWERS, "translator"])
def test_editors_reviewers_and_translators_may_not(client, role):
    if role == "translator":
        ensure_translator_groups()
        role = group_name("ms")
    client.force_login(user_in(role))
    subscription, _ = add_subscription("https://bot.example.org/hook", [])
    urls = [
        reverse(INDEX),
        reverse(ADD),
        reverse("webhooksubscription:edit", args=[subscription.pk]),
        reverse("webhooksubscription:delete", args=[subscription.pk]),
        reverse("webhooksubscription:deliveries", args=[subscription.pk]),
    ]
    for url in urls:
        assert_refused(client.get(url))
    assert_refused(client.post(reverse(ADD), {"url": "https://evil.example.org/hook"}))
    assert not WebhookSubscription.objects.filter(url="https://evil.example.org/hook").exists()
    assert reverse(INDEX) not in client.get(reverse("wagtailadmin_home")).content.decode()
